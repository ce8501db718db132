"""Documents as deep as Go makes them: a device extension file nested up to Go's decoder limit (10000 levels) is
copied into the v2 document, so every tool that reads, stores, compares or prints documents handles that depth
(the vectors ``mutation.json.ext-objdir-deep-*`` are real captures of such cases)."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.cli import main
from hcsdoc.conformance.capture.process import _loads_line
from hcsdoc.conformance.results import safejson
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.conformance.results.compare import MAX_VALUE_DEPTH, compare_result
from hcsdoc.conformance.vectors.files import INLINE_DOCUMENTS_DEPTH, loaded_expected, stored_expected
from hcsdoc.conformance.vectors.suite import load_suite
from hcsdoc.reference import make_case, normalize_case, run_case
from hcsdoc.reference.gojson.room import DEEP_RECURSION_LIMIT, with_room, with_room_if_deep

ROOT = Path(__file__).resolve().parent.parent
DEEP_IDS = ("mutation.json.ext-objdir-deep-400", "mutation.json.ext-objdir-deep-2000")


@pytest.fixture(scope="module")
def deep_vectors() -> dict[str, Any]:
    return {v.id: v for v in load_suite().vectors if v.id in DEEP_IDS}


def _depth(text: str) -> int:
    return safejson.nesting_depth(text, 0)


def test_the_deep_vectors_are_stored_as_bytes_only_and_loaded_with_their_documents(deep_vectors: Any) -> None:
    raw = {c["id"]: c for c in json.loads((ROOT / "conformance/vectors/mutation-json.json").read_text())["cases"]}
    for cid in DEEP_IDS:
        assert set(raw[cid]["expected"]) == {"bytes"}
        assert _depth(raw[cid]["expected"]["bytes"]["v2"]) > INLINE_DOCUMENTS_DEPTH
        expected = deep_vectors[cid].expected
        assert canonical_json(expected["documents"]["v2"]) == canonical_json(
            with_room_if_deep(lambda e=expected: json.loads(e["bytes"]["v2"]))
        )


def test_stored_and_loaded_forms_round_trip() -> None:
    shallow = {"documents": {"v1": {}, "v2": {"a": [1]}}, "bytes": {"v1": "{}", "v2": '{"a":[1]}'}}
    assert stored_expected(shallow) == shallow
    n = INLINE_DOCUMENTS_DEPTH  # v2 below nests n + 1 levels
    deep_text = '{"a":' * n + "{}" + "}" * n
    deep = {"bytes": {"v1": "{}", "v2": deep_text}}
    assert stored_expected(loaded_expected(deep)) == deep
    assert canonical_json(loaded_expected(deep)["documents"]["v2"]) == deep_text
    at_limit = '{"a":' * (n - 1) + "{}" + "}" * (n - 1)
    assert "documents" in stored_expected(loaded_expected({"bytes": {"v1": "{}", "v2": at_limit}}))
    assert stored_expected({"error": "e", "errorKind": "k"}) == {"error": "e", "errorKind": "k"}


@pytest.mark.parametrize("depth", [INLINE_DOCUMENTS_DEPTH + 1, INLINE_DOCUMENTS_DEPTH])
def test_the_lint_wants_the_one_stored_form(tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int) -> None:
    data = json.loads((ROOT / "conformance/vectors/mutation-json.json").read_text())
    data["cases"] = [c for c in data["cases"] if c["id"] == DEEP_IDS[0]]
    data["retired"] = []
    n = depth - 1
    wrong = loaded_expected({"bytes": {"v1": "{}", "v2": '{"a":' * n + "{}" + "}" * n}})
    if depth <= INLINE_DOCUMENTS_DEPTH:
        del wrong["documents"]  # shallow documents stored as bytes only
    data["cases"][0]["expected"] = wrong
    path = tmp_path / "v.json"
    path.write_text(json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
    assert main(["vectors", "check", str(path)]) != 0
    out = capsys.readouterr().out
    assert f"nested more than {INLINE_DOCUMENTS_DEPTH} levels are stored as bytes only" in out
    data["cases"][0]["expected"] = stored_expected(wrong if "documents" in wrong else loaded_expected(wrong))
    path.write_text(json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
    assert main(["vectors", "check", str(path)]) == 0, capsys.readouterr().out


def test_run_case_gives_the_captured_result(deep_vectors: Any) -> None:
    for v in deep_vectors.values():
        got = run_case(v.case)
        assert got["bytes"] == v.expected["bytes"]
        assert canonical_json(got["documents"]) == canonical_json(v.expected["documents"])


def test_a_difference_deep_inside_is_found_and_reported_shallow(deep_vectors: Any) -> None:
    v = deep_vectors["mutation.json.ext-objdir-deep-2000"]
    text = v.expected["bytes"]["v2"]
    changed = text.replace('"name":"leaf"', '"name":"leaf2"')
    assert changed != text
    actual = {"documents": {"v1": v.expected["documents"]["v1"]}, "bytes": {"v1": v.expected["bytes"]["v1"]}}
    actual["documents"]["v2"] = with_room_if_deep(lambda: json.loads(changed))
    actual["bytes"]["v2"] = changed
    result = compare_result(v.expected, actual)
    assert result.outcome == "fail"
    [mismatch] = result.mismatches
    assert mismatch["path"].endswith("/name") and mismatch["path"].count("/objdir/0") == 2001
    assert (mismatch["expected"], mismatch["actual"]) == ("leaf", "leaf2")
    # A whole deep subtree in a mismatch is clipped, so that a report line stays readable.
    del actual["documents"]["v2"]["AdditionalDeviceNamespace"]
    [removed] = compare_result(v.expected, actual).mismatches
    assert safejson.nesting_depth(canonical_json(removed), 0) <= MAX_VALUE_DEPTH + 1
    assert "$truncated" in removed["expected"]


def test_the_capture_reader_takes_a_line_as_deep_as_go_writes() -> None:
    n = safejson.MAX_REPLY_DEPTH
    assert _depth(canonical_json(_loads_line(b"[" * n + b"]" * n))) == n


def _case_file(tmp_path: Path, case: dict[str, Any]) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


def test_convert_and_explain_print_deep_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], deep_vectors: Any
) -> None:
    v = deep_vectors["mutation.json.ext-objdir-deep-2000"]
    path = _case_file(tmp_path, v.case)
    assert main(["convert", "--bytes", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [v.expected["bytes"]["v1"], v.expected["bytes"]["v2"]]
    assert main(["convert", str(path)]) == 0
    printed = capsys.readouterr().out
    assert _depth(printed) == _depth(v.expected["bytes"]["v2"]) + 2  # the result and "documents" around v2
    assert main(["explain", str(path)]) == 0
    assert "AdditionalDeviceNamespace.device_extension[0]" in capsys.readouterr().out


def test_a_plain_spec_nested_as_deep_as_go_decodes_is_converted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    n = 5000  # an unknown key Go decodes and drops
    path = tmp_path / "config.json"
    path.write_text('{"ociVersion":"1.0.2","x":' + "[" * n + "]" * n + "}", encoding="utf-8")
    assert main(["convert", "--bytes", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err and out.startswith("error: cannot create HCS container document")
    path.with_name("shallow.json").write_text('{"ociVersion":"1.0.2"}', encoding="utf-8")
    assert main(["convert", "--bytes", str(path.with_name("shallow.json"))]) == 0
    assert capsys.readouterr().out == out
    assert main(["explain", str(path)]) == 0
    assert "spec.x[0][0]" in capsys.readouterr().out


def test_the_documented_bounds_are_the_code_s() -> None:
    adapter = (ROOT / "conformance/protocol/adapter.md").read_text(encoding="utf-8")
    assert f"JSON nested more than {safejson.MAX_REPLY_DEPTH} levels deep" in adapter
    vectors = (ROOT / "docs/vectors.md").read_text(encoding="utf-8")
    assert f"when a document nests more than {INLINE_DOCUMENTS_DEPTH} levels" in vectors
    assert f"the\n  {safejson.MAX_DEPTH} levels a vector file may nest" in vectors


def test_room_is_shared_by_threads_until_the_last_one_leaves() -> None:
    """The recursion limit is one per interpreter: a thread leaving room must not take it from another still deep."""
    before = sys.getrecursionlimit()
    inside, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def first_in() -> None:
        with_room(lambda: (inside.set(), release.wait(30)))

    t = threading.Thread(target=first_in)
    t.start()
    assert inside.wait(30)

    def second_in() -> None:
        release.set()
        t.join(30)  # the first thread has left room; this one is still inside
        seen.append(sys.getrecursionlimit())

    with_room(second_in)
    assert seen == [DEEP_RECURSION_LIMIT]
    assert sys.getrecursionlimit() == before


def test_hcsdoc_diff_takes_an_implementation_s_deep_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adapter = f"{sys.executable} {ROOT / 'tests' / 'fake_adapters' / 'deep_hostile.py'} v2 3000"
    code = main(["diff", "--impl", adapter, "--examples", "40", "--seed", "1", "--arbitrate", "none",
                 "--out", str(tmp_path)])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    [finding] = tmp_path.glob("*.json")
    report = with_room_if_deep(lambda: json.loads(finding.read_text(encoding="utf-8")))
    assert report["paths"] == ["/documents/v2/Deep"]
    assert _depth(canonical_json(report["subject"]["result"]["documents"]["v2"]["Deep"])) == 3000


def test_a_case_whose_spec_object_nests_as_deep_as_go_decodes_is_a_case() -> None:
    """Go decodes a spec nested up to 10000 levels (an unknown key is decoded and dropped): written as a spec
    object or as specText, it is one case with one result."""
    n = 3000
    text = '{"ociVersion":"1.0.2","x":' + "[" * n + "]" * n + ',"root":{"path":"C:\\\\r"}}'
    as_object = make_case(with_room_if_deep(lambda: json.loads(text)))
    as_text = {**as_object, "spec": None, "specText": text}
    assert _depth(canonical_json(normalize_case(as_object)["spec"])) == n + 1
    assert run_case(as_object) == run_case(as_text)
    assert run_case(as_text)["error"].startswith("cannot create HCS container document")
