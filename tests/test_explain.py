"""``hcsdoc explain``: the reference's own trace against the documents over every vector, plain-spec input, and
the explain/convert commands."""

from __future__ import annotations

import json
import operator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.cli import main
from hcsdoc.explain.fields import explain_case, json_value, leaves, lookup, run_traced
from hcsdoc.explain.specinput import Machine, spec_case
from hcsdoc.reference import run_case, trace
from hcsdoc.reference.gojson.room import with_room_if_deep
from hcsdoc.reference.trace import STRUCT

_ROOT = Path(__file__).parent.parent
_VECTORS = sorted((_ROOT / "conformance" / "vectors").glob("*.json"))
_CASES: list[dict[str, Any]] = [c for f in _VECTORS for c in json.loads(f.read_text("utf-8"))["cases"]]
_EXAMPLES = sorted((_ROOT / "docs" / "examples").glob("*/config.json"))
_ZERO: tuple[object, ...] = (None, 0, "", False, [], {})


def _check(case: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """What is wrong with the trace of ``case`` (empty: nothing)."""
    result, rec = run_traced(case)
    assert trace.active is None
    problems: list[str] = []
    want = {k: v for k, v in expected.items() if k in ("bytes", "error", "panic")}
    if {k: v for k, v in result.items() if k != "documents"} != want:
        problems.append("the traced run's result differs from the vector's")
    docs = result.get("documents")
    if docs is None:
        return problems
    for (doc, path), f in rec.fields.items():
        present, actual = lookup(docs[doc], path)
        value = json_value(f.value)
        if value is STRUCT:
            if not (present and isinstance(actual, dict)):
                problems.append(f"{doc} {path}: traced as an object, document has {actual!r}")
        elif present and with_room_if_deep(partial(operator.ne, value, actual)):  # deep device extension subtrees
            problems.append(f"{doc} {path}: traced {value!r}, document has {actual!r}")
        elif present and type(value) is not type(actual) and not isinstance(actual, (dict, list)):
            problems.append(f"{doc} {path}: traced {type(value).__name__}, document has {type(actual).__name__}")
        elif not present and value not in _ZERO:
            problems.append(f"{doc} {path}: traced {value!r}, not in the document")
    for doc in ("v1", "v2"):
        for path, _ in leaves(docs[doc]):
            parts = [path]
            p = path
            while "." in p or "[" in p:
                p = p[: max(p.rfind("."), p.rfind("["))]
                parts.append(p)
            if not any((doc, q) in rec.fields for q in parts):
                problems.append(f"{doc} {path}: not explained")
    return problems


@pytest.mark.skipif(not _CASES, reason="no captured vectors in this checkout")
def test_every_field_of_every_vector_is_explained_with_its_value() -> None:
    """Over ALL vectors: each document leaf has a trace entry (itself or an enclosing object), each trace entry's
    value is the document's value there (or a zero value the document omits), and tracing changes no result."""
    failures = {}
    for v in _CASES:
        problems = _check(v["case"], v["expected"])
        if problems:
            failures[v["id"]] = problems[:3]
    assert not failures, dict(list(failures.items())[:5])
    assert len(_CASES) > 2000


def test_the_check_can_fail() -> None:
    """A wrong traced value is caught: the same check with one document value changed."""
    v = next(c for c in _CASES if "documents" in c["expected"] and c["expected"]["documents"]["v1"].get("Name"))
    expected = dict(v["expected"])
    v1 = json.loads(expected["bytes"]["v1"])
    v1["Name"] = v1["Name"] + "x"
    expected["bytes"] = {"v1": json.dumps(v1, separators=(",", ":")), "v2": expected["bytes"]["v2"]}
    assert _check(v["case"], expected)


def _spec(**windows: object) -> dict[str, Any]:
    return {
        "ociVersion": "1.1.0",
        "process": {"args": ["cmd"], "cwd": "C:\\"},
        "root": {"path": ""},
        "annotations": {},
        "windows": {"layerFolders": ["C:\\layers\\base", "C:\\layers\\scratch"], **windows},
    }


def test_plain_spec_needs_no_options() -> None:
    built = spec_case(json.dumps(_spec()).encode(), Machine())
    r = run_case(built.case)
    assert "documents" in r, r
    assert r["documents"]["v2"]["Storage"]["Path"].startswith("\\\\?\\Volume{")
    assert any(d.startswith("isolation: process") for d in built.defaults)
    assert any("layer GUIDs" in d for d in built.defaults)


def test_hyperv_spec_gets_a_uvm_and_shares() -> None:
    spec = _spec(hyperv={}, resources={"cpu": {"maximum": 1250}})
    spec["mounts"] = [{"destination": "C:\\data", "source": "C:\\host\\data", "options": ["ro"]}]
    built = spec_case(json.dumps(spec).encode(), Machine(host_cpus=4, scale_cpu_limits=True))
    assert built.isolation == "hyperv" and built.case["uvm"]["processorCount"] == 2
    e = explain_case(built.case, spec)
    assert e.error is None, e.error
    line = next(ln for ln in e.lines if (ln.doc, ln.path) == ("v2", "Processor.Maximum"))
    assert line.value == 2500  # 1250 x 4 host CPUs / 2 UVM CPUs
    assert line.inputs[0] == "spec.windows.resources.cpu.maximum (1250)"
    assert any("scaled to the sandbox: 1250 x 4 host CPUs / 2 UVM CPUs = 2500" in n for n in line.notes)
    mapped = next(ln for ln in e.lines if (ln.doc, ln.path) == ("v2", "MappedDirectories[0].HostPath"))
    assert mapped.value.startswith("\\\\?\\VMSMB\\VSMB-")


def test_unscaled_limit_says_why() -> None:
    spec = _spec(resources={"cpu": {"maximum": 5000}})
    e = explain_case(spec_case(json.dumps(spec).encode(), Machine()).case, spec)
    line = next(ln for ln in e.lines if (ln.doc, ln.path) == ("v2", "Processor.Maximum"))
    assert (line.value, line.notes) == (5000, ["not scaled (process isolation: no sandbox)"])
    built = spec_case(json.dumps(spec).encode(), Machine(isolation="hyperv"))
    line = next(ln for ln in explain_case(built.case, spec).lines if ln.path == "Processor.Maximum")
    assert line.notes == ["not scaled (--scale-cpu-limits off)"]


def test_unknown_annotations_and_lost_inputs() -> None:
    spec = _spec(resources={"cpu": {"count": 2}})
    spec["annotations"] = {
        "io.microsoft.container.processor.limt": "5000",
        "io.microsoft.container.processor.count": "16",
        "io.microsoft.virtualmachine.computetopology.processor.count": "4",
        "io.microsoft.container.processdumpcontainersubdirectory": "x",
        "io.microsoft.container.memory.sizeinmb": "lots",
    }
    e = explain_case(spec_case(json.dumps(spec).encode(), Machine()).case, spec)
    text = "\n".join(e.ignored)
    assert (
        "io.microsoft.container.processor.limt: not a key hcsshim knows, silently ignored; did you mean "
        "io.microsoft.container.processor.limit?" in text
    )
    assert "computetopology.processor.count: known to hcsshim but not read by the container document" in text
    assert 'io.microsoft.container.memory.sizeinmb="lots": not an unsigned integer' in text
    assert "spec.process: hcsshim reads it when it starts" in text
    assert (
        'spec.windows.resources.cpu.count (2) lost to annotation io.microsoft.container.processor.count="16"' in e.lost
    )
    assert "processor count 16 lost to the host's 8" in e.lost


def test_error_says_which_check_and_what_passes() -> None:
    spec = _spec(resources={"cpu": {"count": 2, "shares": 5, "maximum": 5000}})
    e = explain_case(spec_case(json.dumps(spec).encode(), Machine()).case, spec)
    assert e.error is not None and e.error["kind"] == "cpu-exclusive"
    assert "Count: '2', Limit: '5000', and Weight: '5'" in e.error["text"]
    assert e.error["wouldPass"].startswith("at most one of processor count, limit and weight")
    assert e.lines == []


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize("command", ["convert", "explain"])
def test_commands_on_a_plain_config_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    bundle = tmp_path / "c0ffee"
    bundle.mkdir()
    (bundle / "config.json").write_text(json.dumps(_spec(resources={"cpu": {"maximum": 5000}})), "utf-8")
    rc, out, err = _cli(capsys, command, str(bundle / "config.json"))
    assert rc == 0, err
    if command == "convert":
        assert json.loads(out)["documents"]["v1"]["Name"] == "c0ffee"
        assert "default: container id: 'c0ffee' (the bundle folder name; --id)" in err
    else:
        assert "Processor.Maximum = 5000  <- spec.windows.resources.cpu.maximum (5000)" in out
        assert "not scaled (process isolation: no sandbox)" in out
        assert "defaults used" in out


def test_explain_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "s.json").write_text(json.dumps(_spec()), "utf-8")
    rc, out, _ = _cli(capsys, "explain", "--json", str(tmp_path / "s.json"))
    doc = json.loads(out)
    assert rc == 0 and doc["error"] is None and doc["defaults"]
    name = next(f for f in doc["fields"] if (f["document"], f["path"]) == ("v1", "Name"))
    assert name["value"] == "container" and name["rule"] == "createWindowsContainerDocument/name"


@pytest.mark.parametrize(
    "content,args,err",
    [
        ("{nope", (), "not JSON"),
        ("[]", (), "not a case"),
        ('{"spec": {"windows": {}}}', ("--host-cpus", "4"), "the machine options apply to a plain OCI spec"),
        (json.dumps(_spec()), ("--host", "missing.json"), "No such file"),
    ],
)
@pytest.mark.parametrize("command", ["convert", "explain"])
def test_bad_input_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, content: str, args: tuple[str, ...], err: str
) -> None:
    (tmp_path / "in.json").write_text(content, "utf-8")
    fixed = tuple(str(tmp_path / a) if a.endswith(".json") else a for a in args)
    rc, out, stderr = _cli(capsys, command, str(tmp_path / "in.json"), *fixed)
    assert (rc, out) == (2, "")
    assert stderr.count("\n") == 1 and err in stderr and stderr.startswith(f"hcsdoc {command}: ")


@pytest.mark.parametrize("path", _EXAMPLES, ids=[p.parent.name for p in _EXAMPLES])
def test_docs_examples_explain_without_flags(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = _cli(capsys, "explain", str(path))
    assert rc == 0 and err == "" and "defaults used" in out


def test_untraced_twin_has_no_trace_sites_and_agrees() -> None:
    """The baseline of ``hcsdoc trace-cost``: every site removed, the same results (no timing asserted)."""
    from hcsdoc.explain.tracecost import untraced_converter
    from hcsdoc.reference.api import convert_prepared, prepare_case

    convert, removed = untraced_converter()
    assert removed > 40
    for v in _CASES[::50]:
        p = prepare_case(v["case"])
        assert convert(p) == convert_prepared(p)

    class Count:
        calls = 0

        def field(self, *args: object) -> None:
            Count.calls += 1

        def value(self, *args: object) -> None:
            Count.calls += 1

    p = prepare_case(next(v["case"] for v in _CASES if "documents" in v["expected"]))
    trace.active = Count()
    try:
        convert(p)
        untraced_calls = Count.calls
        convert_prepared(p)
    finally:
        trace.active = None
    assert untraced_calls == 0 < Count.calls


def test_trace_site_with_else_is_refused() -> None:
    import ast

    from hcsdoc.explain.tracecost import _StripTrace

    tree = ast.parse("def f(t):\n    if t is not None:\n        x = 1\n    else:\n        x = 2\n")
    with pytest.raises(ValueError, match="else branch"):
        _StripTrace().visit(tree)


def test_host_file_answers_the_machine_questions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = _spec()
    spec["root"] = {"path": "\\\\?\\Volume{01234567-89ab-cdef-0123-456789abcdef}\\"}
    (tmp_path / "s.json").write_text(json.dumps(spec), "utf-8")
    host = {
        "host": {"processorCount": 3, "osBuild": 17763, "layerIds": {"base": "11111111-2222-3333-4444-555555555555"}}
    }
    (tmp_path / "h.json").write_text(json.dumps(host), "utf-8")
    rc, out, err = _cli(capsys, "convert", str(tmp_path / "s.json"), "--host", str(tmp_path / "h.json"))
    assert rc == 0, err
    docs = json.loads(out)["documents"]
    assert docs["v1"]["Layers"] == [{"ID": "11111111-2222-3333-4444-555555555555", "Path": "C:\\layers\\base"}]
    assert "layer GUIDs" not in err  # answered by the file, not invented


def test_colour_marks_keys_strings_and_numbers() -> None:
    from hcsdoc.commands._colour import json_text

    text = json.dumps({"a": "x", "n": -5, "b": True}, indent=1)
    assert json_text(text, False) == text
    coloured = json_text(text, True)
    assert '\x1b[34m"a"\x1b[0m:' in coloured and '\x1b[32m"x"\x1b[0m' in coloured
    assert "\x1b[36m-5\x1b[0m" in coloured and "\x1b[35mtrue\x1b[0m" in coloured


def test_explain_accepts_a_vector_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v = next(c for c in _CASES if "error" in c["expected"])
    (tmp_path / "v.json").write_text(json.dumps(v), "utf-8")
    rc, out, _ = _cli(capsys, "explain", str(tmp_path / "v.json"))
    assert rc == 0 and v["expected"]["error"] in out and "check:" in out


@pytest.mark.parametrize("windows", [None, [], {"layerFolders": None}])
def test_odd_specs_still_make_a_case(windows: object) -> None:
    """Found by running every vector's spec through spec_case: a null or odd windows section is the converter's
    business (its error), not the input reader's."""
    spec = {"ociVersion": "1.0.0", "Windows": windows}
    built = spec_case(json.dumps(spec).encode(), Machine(isolation="hyperv", schema=1, scale_cpu_limits=True))
    assert "error" in run_case(built.case)
