"""The fuzz invariant, the rich host and the bytes/diff harnesses, without libFuzzer."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import hcsdoc.fuzz.bytes_fuzzer as bf
import hcsdoc.fuzz.diff_fuzzer as df
from hcsdoc.fuzz import findings, richhost
from hcsdoc.fuzz.corpus import byte_seeds, case_for_artifact
from hcsdoc.fuzz.findings import Finding, check_result
from hcsdoc.fuzz.instrument import plain_run_case

GOOD = {"documents": {"v1": {"A": 1}, "v2": {}}, "bytes": {"v1": '{"A":1}', "v2": "{}"}}


def test_check_result_accepts_the_three_kinds() -> None:
    check_result(GOOD)
    check_result({"error": "invalid spec - not enough layer folders supplied", "errorKind": "x"})
    check_result({"panic": "runtime error: integer divide by zero"})


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (None, "result is NoneType, not an object"),
        ({"error": "e", "panic": "p"}, "result has keys ['error', 'panic']; expected documents+bytes, error or panic"),
        ({"panic": ""}, "panic is '', not a non-empty string"),
        ({"error": 5}, "error is int, not a string"),
        (
            {"documents": {"v1": {}}, "bytes": {"v1": "{}", "v2": "{}"}},
            "documents must be an object with exactly v1 and v2",
        ),
        ({"documents": {"v1": {}, "v2": {}}, "bytes": {"v1": "{", "v2": "{}"}}, "bytes.v1 is not JSON: "),
        # 1 == True in Python; the canonical comparison tells them apart.
        (
            {"documents": {"v1": {"A": True}, "v2": {}}, "bytes": {"v1": '{"A":1}', "v2": "{}"}},
            "documents.v1 is not the parsed form of bytes.v1",
        ),
    ],
)
def test_check_result_rejects(result: Any, message: str) -> None:
    with pytest.raises(Finding) as info:
        check_result(result)
    assert str(info.value).startswith(message)


def test_rich_host_variants_normalise_and_choose_by_first_byte() -> None:
    assert len(richhost.bases()) == len(richhost.VARIANTS)
    case = richhost.case_from_input(b"\x02{}")
    assert richhost.variant_name(b"\x02{}") == "xenon-v2"
    assert case["specText"] == "{}" and case["uvm"]["os"] == "windows"
    bad = richhost.case_from_input(b"\x00{\xff}")
    assert bad["specText"] is None and bad["specBase64"] == "e/99"
    assert richhost.variant_name(bytes([len(richhost.VARIANTS)])) == "argon-v2"


def test_seeds_reach_documents_on_every_shape() -> None:
    run_case = plain_run_case()
    kinds = {}
    for seed in byte_seeds(include_vectors=False):
        result = run_case(richhost.case_from_input(seed))
        check_result(result)
        kinds[richhost.variant_name(seed)] = next(iter(result))
    assert kinds == {"argon-v2": "documents", "xenon-v2": "documents", "xenon-v1": "documents", "argon-v1": "documents"}


def test_converter_does_not_mutate_the_shared_rich_host() -> None:
    # The harness shares one options/uvm/host dict between all cases for speed; that is only sound if the
    # converter never writes into its input.
    run_case = plain_run_case()
    before = copy.deepcopy(richhost.bases())
    for seed in byte_seeds(include_vectors=False):
        for variant in range(len(richhost.VARIANTS)):
            run_case(richhost.case_from_input(bytes([variant]) + seed[1:]))
    assert richhost.bases() == before


def test_bytes_harness_passes_seeds_and_records_a_planted_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HCSDOC_FUZZ_FINDINGS", str(tmp_path))
    bf.use(plain_run_case(), record=True)
    for seed in byte_seeds(include_vectors=False):
        bf.test_one_input(seed)

    def broken(case: Any) -> Any:
        raise KeyError("planted")

    bf.use(broken, record=True)
    with pytest.raises(KeyError):
        bf.test_one_input(b"\x01{}")
    written = sorted(p.name for p in (tmp_path / "bytes").iterdir())
    assert len(written) == 2 and written[0].startswith("crash-") and written[0].endswith(".case.json")
    case = json.loads((tmp_path / "bytes" / written[0]).read_text(encoding="utf-8"))
    assert case["specText"] == "{}" and case["options"]["schemaVersion"] == {"Major": 1, "Minor": 0}
    sidecar = json.loads((tmp_path / "bytes" / written[1]).read_text(encoding="utf-8"))
    assert sidecar["exception"] == "KeyError: 'planted'" and sidecar["variant"] == "argon-v1"


def test_prepared_path_gives_run_cases_result_for_every_variant() -> None:
    # The fuzzer feeds the input's bytes straight to convert_prepared on shared hosts; that must be the same
    # conversion as running the case file a finding would be written as.
    from hcsdoc import reference as api

    variants = [api.prepare_case(base) for base in richhost.bases()]
    seen = set()
    for seed in byte_seeds(include_vectors=False):
        for variant in range(len(richhost.VARIANTS)):
            data = bytes([variant]) + seed[1:] + (b"\xff" if variant == 2 else b"")
            v = richhost.variant_index(data)
            converted = api.convert_prepared(api.PreparedCase(data[1:], variants[v].host, variants[v].options))
            whole = plain_run_case()(richhost.case_from_input(data))
            assert api.with_documents(converted) == whole
            seen.add(next(iter(whole)))
    assert seen >= {"documents", "error"}


def test_prepared_harness_checks_and_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hcsdoc.reference.api as api
    from hcsdoc import reference

    monkeypatch.setenv("HCSDOC_FUZZ_FINDINGS", str(tmp_path))
    bf.use_prepared(reference, record=True)
    for seed in byte_seeds(include_vectors=False):
        bf.test_one_input(seed)
    monkeypatch.setattr(api, "marshal_text", lambda v, go: "[1]")  # documents that are not JSON objects
    bf.use_prepared(reference, record=True)
    with pytest.raises(Finding, match="not a JSON object"):
        bf.test_one_input(byte_seeds(include_vectors=False)[0])
    assert any(p.name.startswith("invariant-") for p in (tmp_path / "bytes").iterdir())
    bf.use(plain_run_case())


def test_artifact_to_case_is_the_complete_case() -> None:
    case = case_for_artifact("bytes", b"\x04{}")
    assert set(case) == {"spec", "specText", "options", "uvm", "host"}
    assert case["specText"] == "{}" and case["uvm"]["vsmbShares"][0]["guestPath"].startswith("\\\\?\\VMSMB")
    assert findings.case_digest(case) == findings.case_digest(case_for_artifact("bytes", b"\x04{}"))


class _FakeGo:
    """A Go oracle that agrees with the reference except on error texts containing 'layer folders'."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def run_batch(self, cases: Any) -> list[dict[str, Any]]:
        self.batches.append(len(cases))
        out = []
        for c in cases:
            r = plain_run_case()(c)
            if "layer folders" in r.get("error", ""):
                r = {"error": "something else"}
            out.append(r)
        return out


def test_diff_harness_batches_and_reports_differences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HCSDOC_FUZZ_FINDINGS", str(tmp_path))
    go = _FakeGo()
    df.use(plain_run_case(), go, record=True)
    for seed in byte_seeds(include_vectors=False):
        df.test_one_input(seed)
    df.flush()
    assert sum(go.batches) == len(byte_seeds(include_vectors=False))
    df.test_one_input(b'\x00{"windows":{"layerFolders":[]}}')
    with pytest.raises(Finding) as info:
        df.flush()
    assert "reference and Go differ" in str(info.value)
    assert info.value.case_file is not None and info.value.case_file.name.startswith("diff-")
    sidecar = json.loads(
        info.value.case_file.with_name(info.value.case_file.name.replace(".case.json", ".finding.json")).read_text(
            encoding="utf-8"
        )
    )
    assert sidecar["reference"] == {"error": "invalid spec - not enough layer folders supplied"}
    assert sidecar["go"] == {"error": "something else"}


def test_focus_converter_excludes_only_existing_reference_modules() -> None:
    """``--focus-converter`` names modules to leave uninstrumented; a renamed module would silently be instrumented
    again, so each name must still be a module of the reference package (and never the converter proper)."""
    import importlib

    from hcsdoc.fuzz.instrument import FOCUS_EXCLUDE

    for name in FOCUS_EXCLUDE:
        assert name.startswith("hcsdoc.reference.gojson.")
        assert importlib.import_module(name).__name__ == name
