"""Docker Engine adapter: the parts that need neither Wine nor Go (patches, versions, classes, comparison levels,
expectations, command line)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.conformance.capture.patches import Patch, PatchError
from hcsdoc.conformance.moby.build import VersionError, engine_line, pinned_version
from hcsdoc.conformance.moby.classes import BY_ID, CLASSES, Observation, classify
from hcsdoc.conformance.moby.observe import LEVELS
from hcsdoc.conformance.moby.patches import ENGINE_PATCHES, SEAM_IMPORT, apply_patches
from hcsdoc.conformance.moby.report import Unclassified, expectations_for
from hcsdoc.conformance.results.compare import CompareLevels, compare_result
from hcsdoc.conformance.runner.expectations import load_expectations

V1 = {"SystemType": "Container", "Name": "c1", "HvPartition": False}
V1_BYTES = '{"SystemType":"Container","Name":"c1","HvPartition":false}'
HCSSHIM_DOCS = {"documents": {"v1": V1, "v2": {"Storage": {}}}, "bytes": {"v1": V1_BYTES, "v2": '{"Storage":{}}'}}
MOBY_DOCS = {"documents": {"v1": V1, "v2": {}}, "bytes": {"v1": V1_BYTES, "v2": "{}"}}


# -- comparison levels ----------------------------------------------------------------------------------------


def test_v1_selection_ignores_the_v2_document_but_not_v1_bytes() -> None:
    assert compare_result(HCSSHIM_DOCS, MOBY_DOCS, LEVELS).outcome == "pass"
    assert compare_result(HCSSHIM_DOCS, MOBY_DOCS, CompareLevels("bytes", "outcome", "both")).outcome == "fail"
    spaced = {**MOBY_DOCS, "bytes": {"v1": V1_BYTES.replace(",", ", "), "v2": "{}"}}
    cmp = compare_result(HCSSHIM_DOCS, spaced, LEVELS)
    assert cmp.outcome == "fail"
    assert [m["path"] for m in cmp.mismatches] == ["/bytes/v1"]


def test_v1_selection_still_compares_v1_structure() -> None:
    other = {"documents": {"v1": {**V1, "Owner": "docker"}, "v2": {}}, "bytes": {"v1": "x", "v2": "{}"}}
    cmp = compare_result(HCSSHIM_DOCS, other, LEVELS)
    assert cmp.outcome == "fail"
    assert cmp.mismatches[0]["path"] == "/v1/Owner"


def test_outcome_level_compares_kinds_not_texts() -> None:
    assert compare_result({"error": "a"}, {"error": "b"}, LEVELS).outcome == "pass"
    assert compare_result({"panic": "x"}, {"panic": "y"}, LEVELS).outcome == "pass"
    assert compare_result({"error": "a"}, {"panic": "a"}, LEVELS).outcome == "error-mismatch"
    assert compare_result({"error": "a"}, MOBY_DOCS, LEVELS).outcome == "unexpected-documents"
    assert compare_result(HCSSHIM_DOCS, {"error": "a"}, LEVELS).outcome == "unexpected-error"
    assert compare_result({"error": "a"}, {"error": "b"}, CompareLevels()).outcome == "error-mismatch"


def test_levels_json_is_unchanged_for_both_documents() -> None:
    assert CompareLevels().to_json() == {"compare": "bytes", "errors": "text"}
    assert LEVELS.to_json() == {"compare": "bytes", "errors": "outcome", "documents": "v1"}


# -- versions and vendor.mod ----------------------------------------------------------------------------------


def test_engine_lines() -> None:
    assert engine_line("v28.5.2") == "v28"
    assert engine_line("v24.0.9") == "v28"
    assert engine_line("v23.0.5") == "v23"
    for bad in ("v20.10.27", "v29.0.0", "28.5.2", "v28.5"):
        with pytest.raises(VersionError):
            engine_line(bad)


def test_pinned_version_reads_the_require_block() -> None:
    mod = "module github.com/docker/docker\n\nrequire (\n\tgithub.com/Microsoft/hcsshim v0.13.0\n\tgithub.com/x/y v1.0.0 // indirect\n)\n"
    assert pinned_version(mod, "github.com/Microsoft/hcsshim") == "v0.13.0"
    assert pinned_version("require github.com/Microsoft/hcsshim v0.9.7\n", "github.com/Microsoft/hcsshim") == "v0.9.7"
    from hcsdoc.conformance.capture.build import BuildError

    with pytest.raises(BuildError):
        pinned_version(mod, "github.com/nope/nope")
    with pytest.raises(BuildError):
        pinned_version(mod + "replace github.com/Microsoft/hcsshim => ../h\n", "github.com/Microsoft/hcsshim")


# -- patches ----------------------------------------------------------------------------------------------------

LOCAL_GO = """package local

import (
\t"os"
\t"runtime"
)

func (c *client) createWindows(id string) error {
\tconfiguration := &hcsshim.ContainerConfig{
\t\tOwner:                   defaultOwner,
\t}
\t_, err := os.Stat(fullPath)
\tif !os.IsNotExist(err) {
\t\treturn err
\t}
}

func (c *client) extractResourcesFromSpec() {
\thostCPUCount := uint64(runtime.NumCPU())
}
"""


def test_engine_patches_apply_and_keep_line_numbers(tmp_path: Path) -> None:
    f = tmp_path / "libcontainerd" / "local" / "local_windows.go"
    f.parent.mkdir(parents=True)
    f.write_text(LOCAL_GO)
    log = apply_patches(tmp_path, ENGINE_PATCHES["v28"])
    assert len(log) == 4
    out = f.read_text()
    assert out.count("\n") == LOCAL_GO.count("\n")
    assert f'import ("{SEAM_IMPORT}";' in out
    assert "hcsdocseam.Owner()" in out and "hcsdocseam.Stat(fullPath)" in out
    assert "hcsdocseam.IsNotExist(err)" in out and "hcsdocseam.NumCPU()" in out
    assert '\t"runtime"\n' not in out  # no other use left: dropped (an empty line) so that Go accepts the file
    assert '\t"os"\n' not in out


def test_a_missing_patch_target_fails_loudly(tmp_path: Path) -> None:
    f = tmp_path / "libcontainerd" / "local" / "local_windows.go"
    f.parent.mkdir(parents=True)
    f.write_text(LOCAL_GO.replace("runtime.NumCPU()", "sysinfo.NumCPU()"))
    with pytest.raises(PatchError, match=r"runtime\.NumCPU"):
        apply_patches(tmp_path, ENGINE_PATCHES["v28"])
    with pytest.raises(PatchError, match="file not found"):
        apply_patches(tmp_path, (Patch("nope.go", "func x(", "a", "b", why=""),))


# -- classes ------------------------------------------------------------------------------------------------------


def _obs(expected: dict[str, Any], actual: dict[str, Any], spec: Any = None, **kw: Any) -> Observation:
    case = {"spec": spec, "specText": None, "options": {"schemaVersion": {"Major": 1, "Minor": 0}}, "uvm": None}
    case.update(kw.pop("case", {}))
    outcome = kw.pop("outcome", None) or (
        "skipped" if "skipped" in actual else compare_result(expected, actual, LEVELS).outcome
    )
    return Observation("x", case, expected, actual, outcome, frozenset(kw.pop("paths", ())))


def test_panics_are_classified_by_what_is_nil() -> None:
    nil = {"panic": "runtime error: invalid memory address or nil pointer dereference"}
    assert (c := classify(_obs({"error": "e"}, nil))) is not None and c.id == "crash.nil-spec"
    assert (c := classify(_obs({"error": "e"}, nil, spec={"Root": {}}))) is not None and c.id == "crash.nil-windows"
    got = classify(_obs({"error": "e"}, nil, spec={"WINDOWS": {"layerFolders": []}}))
    assert got is not None and got.id == "crash.nil-root"
    sliced = {"panic": "runtime error: slice bounds out of range [:-1]"}
    assert (c := classify(_obs({"error": "e"}, sliced, spec={}))) is not None and c.id == "crash.empty-root-path"


def test_spec_text_is_read_for_classification() -> None:
    nil = {"panic": "runtime error: invalid memory address or nil pointer dereference"}
    o = _obs({"error": "e"}, nil, case={"specText": '{"root":{"path":""}}'})
    assert (c := classify(o)) is not None and c.id == "crash.nil-windows"


def test_accepts_rejects_and_differ_rules() -> None:
    o = _obs({"error": "invaid dump count specified: 0"}, MOBY_DOCS)
    assert (c := classify(o)) is not None and c.id == "accepts.process-dump-ignored"
    o = _obs(HCSSHIM_DOCS, {"error": "OCI spec is invalid - Mount.Type 'bind' must not be set"})
    assert (c := classify(o)) is not None and c.id == "rejects.mount-type"
    ann = {"annotations": {"io.microsoft.container.processor.count": "2"}, "windows": {}}
    o = _obs(HCSSHIM_DOCS, MOBY_DOCS, spec=ann, outcome="fail", paths=["/v1/ProcessorCount"])
    assert (c := classify(o)) is not None and c.id == "differ.resource-annotations-ignored"
    o = _obs(HCSSHIM_DOCS, MOBY_DOCS, spec={"windows": {}}, outcome="fail", paths=["/v1/ProcessorCount"])
    assert (c := classify(o)) is not None and c.id == "differ.resource-spec-values"
    hv = {"windows": {"hyperv": {}}}
    o = _obs(HCSSHIM_DOCS, {"error": "utility VM image could not be found"}, spec=hv)
    assert (c := classify(o)) is not None and c.id == "rejects.hyperv-v1"


def test_passes_and_unknown_differences_have_no_class() -> None:
    assert classify(_obs(HCSSHIM_DOCS, MOBY_DOCS)) is None
    assert classify(_obs({"error": "something new"}, MOBY_DOCS)) is None


def test_every_class_has_links_to_pinned_tags() -> None:
    assert len(BY_ID) == len(CLASSES)
    for c in CLASSES:
        assert c.links and c.cause and c.meaning and c.title
        for url in c.links:
            assert "/blob/v28.5.2/" in url or "/blob/v0.11.8/" in url, url


def test_expectations_have_one_reason_per_class_and_refuse_unclassified(tmp_path: Path) -> None:
    skipped = _obs({"error": "e"}, {"skipped": "hosted in a utility VM (schema 2 Hyper-V): ..."})
    dump1 = _obs({"error": "invaid dump count specified: 0"}, MOBY_DOCS)
    dump2 = _obs({"error": "invaid dump count specified: -1"}, MOBY_DOCS)
    obs = [
        Observation("a", skipped.case, skipped.expected, skipped.actual, "skipped", frozenset()),
        Observation("b", dump1.case, dump1.expected, dump1.actual, dump1.outcome, frozenset()),
        Observation("c", dump2.case, dump2.expected, dump2.actual, dump2.outcome, frozenset()),
        Observation("d", dump2.case, HCSSHIM_DOCS, MOBY_DOCS, "pass", frozenset()),
    ]
    exp = expectations_for(obs, "v28.5.2")
    assert sorted(exp.entries) == ["a", "b", "c"]
    assert exp.entries["a"].outcome == "skipped"
    assert exp.entries["b"].outcome == "unexpected-documents"
    assert exp.entries["b"].reason == exp.entries["c"].reason
    assert exp.entries["b"].reason.startswith("[accepts.process-dump-ignored]")
    with pytest.raises(Unclassified, match="e1"):
        expectations_for([Observation("e1", dump1.case, {"error": "new"}, MOBY_DOCS, "fail", frozenset())], "v")


def test_committed_expectations_file_is_per_class() -> None:
    from hcsdoc.conformance.runner.expectations import EXPECTATIONS_DIR

    exp = load_expectations(EXPECTATIONS_DIR / "moby-v28.5.2.json", must_exist=True)
    reasons = {e.reason for e in exp.entries.values()}
    ids = {r.split("]")[0].lstrip("[") for r in reasons}
    assert ids <= set(BY_ID)
    assert len(reasons) == len(ids)  # one reason per class, never one per case
    assert all(e.link for e in exp.entries.values())


# -- command line ---------------------------------------------------------------------------------------------


def test_check_refuses_an_unsupported_engine_version_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from hcsdoc.cli import main

    code = main(["check", "--impl", "moby@v20.10.27", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "v20.10" in err and "Traceback" not in err


def test_check_moby_uses_the_applicable_levels_and_its_expectations(tmp_path: Path) -> None:
    """--impl moby resolves through the adapter command (replaced here by a fake adapter that answers like the
    engine would for one vector) with --documents v1 --errors outcome and moby-VERSION.json."""
    import argparse

    from hcsdoc.commands import check as cli

    adapter = tmp_path / "a.py"
    adapter.write_text(
        "import json, sys\n"
        "for line in sys.stdin:\n"
        "    m = json.loads(line)\n"
        "    if m['cmd'] == 'start': print(json.dumps({'ok': True, 'protocol': 1, 'implementation': {'name': 'moby', 'version': 'v28.5.2'}}), flush=True)\n"
        "    elif m['cmd'] == 'stop': print(json.dumps({'ok': True}), flush=True); break\n"
        "    else: print(json.dumps({'seq': m['seq'], 'error': 'worded differently'}), flush=True)\n"
    )
    vectors = tmp_path / "v.json"
    from hcsdoc.conformance.vectors.suite import load_suite

    suite = load_suite()
    v = next(x for x in suite.vectors if x.id == "errors.site.root-missing")
    data = json.loads(v.file.read_text())
    data["cases"] = [c for c in data["cases"] if c["id"] == v.id]
    vectors.write_text(json.dumps(data))
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    events = tmp_path / "e.jsonl"
    args = parser.parse_args(
        [
            "--impl",
            "moby",
            "--vectors",
            str(vectors),
            "--expectations",
            str(tmp_path / "none.json"),
            "--events",
            str(events),
            "-q",
            "--no-progress",
        ]
    )
    args.expectations = None  # the default moby-v28.5.2.json is used, which lists this case as a crash
    seen: list[str] = []

    def fake(version: str) -> tuple[list[str], dict[str, str] | None]:
        seen.append(version)
        import sys

        return [sys.executable, str(adapter)], None

    code = cli._run(args, fake)
    header = json.loads(events.read_text().splitlines()[0])
    assert seen == ["v28.5.2"]
    assert header["levels"] == {"compare": "bytes", "errors": "outcome", "documents": "v1"}
    case = json.loads(events.read_text().splitlines()[1])
    # hcsshim errors, the engine (really) panics: the expectations say error-mismatch; this fake errors, so the
    # outcome-level comparison passes and the run reports an xpass (exit 1): the expectations file was used.
    assert case["observed"] == "pass" and case["expected"] == "error-mismatch"
    assert code == 1


def test_the_v23_line_also_patches_hcsshim_v09_error_codes(tmp_path: Path) -> None:
    from hcsdoc.conformance.moby.patches import HCSSHIM_V09_PATCHES

    assert all(p in ENGINE_PATCHES["v23"] for p in HCSSHIM_V09_PATCHES)
    assert not any(p in ENGINE_PATCHES["v28"] for p in HCSSHIM_V09_PATCHES)
    f = tmp_path / HCSSHIM_V09_PATCHES[0].file
    f.parent.mkdir(parents=True)
    f.write_text(
        'package hcserror\n\nimport (\n\t"syscall"\n)\n\nfunc Win32FromError(err error) uint32 {\n'
        "\tif code, ok := err.(syscall.Errno); ok {\n\t\treturn uint32(code)\n\t}\n\treturn 31\n}\n"
    )
    apply_patches(tmp_path, HCSSHIM_V09_PATCHES)
    assert "if code, ok := hcsdocseam.AsErrno(err); ok {" in f.read_text()


def test_report_code_spans_survive_backticks() -> None:
    from hcsdoc.conformance.moby.report import _code

    assert _code("a") == "`a`"
    assert _code("a`b") == "`` a`b ``"
    assert _code("``") == "``` `` ```"


def test_report_command_refuses_bad_input_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hcsdoc.cli import main

    assert main(["moby", "expectations", "--version", "v1.0.0", "--output", str(tmp_path / "x.json")]) == 2
    assert main(["moby", "report", "--vectors", str(tmp_path / "missing.json"), "--output", str(tmp_path / "r.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err
    assert not list(tmp_path.iterdir())
