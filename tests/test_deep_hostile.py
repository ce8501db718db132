"""Deep values from a hostile implementation, where a correct one would never put them or next to other oddities:
every path ends in a verdict or a one-line message, never a traceback (``tests/test_deep_documents.py`` covers the
deep documents a correct implementation returns)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from hcsdoc.cli import main
from hcsdoc.conformance.results import safejson
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.conformance.results.pretty import INDENTED_LEVELS, indented_json
from hcsdoc.reference import run_case
from hcsdoc.reference.gojson.room import with_room_if_deep

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "conformance" / "vectors" / "mutation-json.json"
ADAPTER = ROOT / "tests" / "fake_adapters" / "deep_hostile.py"


def _check(where: str, n: int, *extra: str) -> list[str]:
    return ["check", "--impl", f"{sys.executable} {ADAPTER} {where} {n}", "--vectors", str(VECTORS),
            "--id", "mutation.json.int-*", "--no-progress", *extra]  # fmt: skip


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("seq", "wrong seq: expected 1, got [[[[[...]]]]]"),
        ("start-error", "the adapter refused to start: [[[[[...]]]]]"),
        ("start-protocol", "the adapter speaks protocol [[[[[...]]]]], the runner speaks 1"),
    ],
)
def test_a_deep_value_in_a_message_is_cut_short(where: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(_check(where, 3000, "--max-restarts", "0"))
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert message in out + err


def test_a_repro_file_with_deep_documents_and_a_lone_surrogate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(_check("surrogate", 3000, "--repro-dir", str(tmp_path)))
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    [repro] = tmp_path.glob("*.json")
    text = repro.read_text(encoding="ascii")  # escaped, so that the lone surrogate is still exact JSON
    body = with_room_if_deep(lambda: json.loads(text))
    assert body["actual"]["documents"]["v2"]["S"] == "\ud800"
    assert safejson.nesting_depth(text, 0) == 3000 + 4  # the body, "actual", "documents", "v2" around "Deep"


def _deep_2000_case(tmp_path: Path) -> Path:
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    [case] = [c["case"] for c in data["cases"] if c["id"] == "mutation.json.ext-objdir-deep-2000"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


def test_indented_output_of_deep_documents_grows_linearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Indenting every level of a 4000-level document would print 16 MB (each line's depth in spaces)."""
    path = _deep_2000_case(tmp_path)
    assert main(["convert", "--bytes", str(path)]) == 0
    exact = capsys.readouterr().out
    assert main(["convert", str(path)]) == 0
    pretty = capsys.readouterr().out
    assert len(pretty) < 3 * len(exact)
    printed = with_room_if_deep(lambda: json.loads(pretty))
    assert canonical_json(printed) == canonical_json(run_case(json.loads(path.read_text(encoding="utf-8"))))
    assert pretty.startswith('{\n "documents": {\n  "v1": {\n')
    assert main(["explain", "--json", str(path)]) == 0
    explained = capsys.readouterr().out
    assert len(explained) < 6 * len(exact)
    assert canonical_json(with_room_if_deep(lambda: json.loads(explained))["result"]) == canonical_json(printed)


def test_indented_json_is_json_dumps_indent_1_down_to_its_levels() -> None:
    shallow = {"b": [1, {"c": "\x00é"}], "a": None}
    for sort_keys in (False, True):
        assert indented_json(shallow, sort_keys=sort_keys) == json.dumps(
            shallow, indent=1, sort_keys=sort_keys, ensure_ascii=False
        )
    deep: list[object] = []
    value: object = {"x": deep, "y": "\x00"}
    for _ in range(3 * INDENTED_LEVELS):
        deep.append({"k": [], "z": 1})
        deep = deep[0]["k"]  # type: ignore[index]
    text = indented_json(value)
    assert json.loads(text) == value
    assert indented_json({"a": safejson.BigNumber("1e400")}) == '{\n "a": 1e400\n}'
    assert max(len(line) - len(line.lstrip(" ")) for line in text.splitlines()) == INDENTED_LEVELS


@pytest.mark.parametrize("where", ["v2", "big-number"])
def test_hcsdoc_diff_json_summary_and_findings_with_deep_documents(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    n = 3000
    code = main(["diff", "--impl", f"{sys.executable} {ADAPTER} {where} {n}", "--examples", "5", "--seed", "1",
                 "--arbitrate", "none", "--no-shrink", "--out", str(tmp_path / "out"),
                 "--json", str(tmp_path / "summary.json")])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    text = (tmp_path / "summary.json").read_text(encoding="utf-8")
    [finding] = with_room_if_deep(lambda: json.loads(text))["findings"]
    assert sorted(finding["paths"]) == (["/documents/v2/Big"] if where == "big-number" else []) + ["/documents/v2/Deep"]
    assert safejson.nesting_depth(canonical_json(finding["subjectResult"]["documents"]["v2"]["Deep"]), 0) == n
    for path in [tmp_path / "summary.json", *(tmp_path / "out").glob("*.json")]:
        assert len(path.read_bytes()) < 40 * n  # linear in the depth: not each line's depth written in spaces


def test_hcsdoc_diff_replays_its_own_deep_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A finding report (both sides' deep documents) is a case file for ``--case``; the differing results are
    printed cut short, the lone surrogate in them replaced."""
    impl = f"{sys.executable} {ADAPTER} surrogate 3000"
    common = ["--impl", impl, "--arbitrate", "none", "--out", str(tmp_path / "out")]
    assert main(["diff", *common, "--examples", "3", "--seed", "1", "--no-shrink"]) == 1
    capsys.readouterr()
    [report] = (tmp_path / "out").glob("*.json")
    [line] = (tmp_path / "out").glob("*.jsonl")
    assert main(["diff", *common, "--case", str(report), "--case", str(line)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "diff: 2 cases, 2 differ" in out
    subject = [ln for ln in out.splitlines() if ln.startswith("    subject: ")]
    assert len(subject) == 2 and all(len(ln) <= 13 + 600 for ln in subject)


@pytest.mark.parametrize(
    ("v2", "problem"),
    [
        ("[" * 100 + "]" * 100, "v2 is a JSON array, not an object"),
        ('{"a":' + "[" * 10020 + "]" * 10020 + "}", "nested 10021 levels deep"),
        ('{"a":', "Expecting value"),
    ],
)
def test_a_bytes_only_expected_that_is_no_document_is_bad_input(
    v2: str, problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    data["cases"] = [c for c in data["cases"] if c["id"] == "mutation.json.ext-objdir-deep-400"]
    data["retired"] = []
    data["cases"][0]["expected"] = {"bytes": {"v1": "{}", "v2": v2}}
    path = tmp_path / "v.json"
    path.write_text(json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["vectors", "check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert f"expected.bytes is not a pair of documents: {problem}" in out + err
    assert main(["check", "--vectors", str(path), "--no-progress"]) == 2
    out, err = capsys.readouterr()
    [line] = err.splitlines()
    assert f"expected.bytes cannot be read as documents: {problem}" in line and not out


def test_the_fuzzers_take_documents_as_deep_as_go_makes_them(tmp_path: Path) -> None:
    """The harnesses' invariant check passes the reference's deep result (a RecursionError there would be a false
    finding); a finding with an implementation's deep documents, a lone surrogate and a big number is written and
    reads back; the message of a deep difference is made."""
    from hcsdoc.fuzz.diff_fuzzer import _differ_message
    from hcsdoc.fuzz.findings import check_converted, check_result, write_finding

    case = json.loads(_deep_2000_case(tmp_path).read_text(encoding="utf-8"))
    result = run_case(case)
    check_result(result)
    check_converted({"bytes": result["bytes"]})
    deep = with_room_if_deep(lambda: json.loads("[" * 10010 + "]" * 10010))
    other = {"documents": {"v1": {}, "v2": {"Deep": deep, "S": "\ud800", "Big": safejson.BigNumber("1e400")}}}
    write_finding("diff", case, "diff", {"reference": result, "impl": other}, tmp_path / "findings")
    [sidecar] = (tmp_path / "findings").glob("*.finding.json")
    text = sidecar.read_text(encoding="utf-8")
    assert len(text) < 30 * 10010
    written = with_room_if_deep(lambda: json.loads(text))["impl"]["documents"]["v2"]
    assert (written["S"], written["Big"]) == ("\ud800", float("inf"))
    assert canonical_json(written["Deep"]) == "[" * 10010 + "]" * 10010
    assert _differ_message("impl", result, other).startswith("reference and impl differ: reference {'bytes'")


@pytest.mark.parametrize("opener", ["[", '{"k":'])
def test_a_plain_spec_far_deeper_than_go_decodes_gets_go_s_error(
    opener: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Past Go's 10000 levels a spec is Go's decoding error, however deep: not "not JSON" (exit 2) once Python's
    parser runs out of room (70000 levels)."""
    closer = "]" if opener == "[" else "}"
    printed = []
    for n in (10001, 70000):
        path = tmp_path / f"config-{n}.json"
        path.write_text('{"ociVersion":"1.0.2","x":' + opener * n + "0" + closer * n + "}", encoding="utf-8")
        assert main(["convert", "--bytes", str(path)]) == 0
        printed.append(capsys.readouterr())
        assert main(["explain", str(path)]) == 0
        assert "exceeded max depth" in capsys.readouterr().out
    assert printed[0] == printed[1]
    assert printed[1].out == f"error: invalid character '{opener[0]}' exceeded max depth\n"


def test_hcsdoc_diff_case_file_far_deeper_than_go_decodes_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 70000 + "]" * 70000 + "\n", encoding="utf-8")
    assert main(["diff", "--case", str(path), "--arbitrate", "none", "--out", str(tmp_path / "out")]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith("neither JSON nor JSON lines: nested far deeper than Go decodes")


def test_the_explainer_s_cap_on_deepdiff_prints_nothing(caplog: pytest.LogCaptureFixture) -> None:
    """deepdiff's work is capped on purpose (max_diffs); its warning about the cap used to reach the terminal."""
    from hcsdoc.conformance.results.compare import compare_result

    n = 300
    expected = {"documents": {"v1": {}, "v2": {"Deep": json.loads("[" * n + "]" * n)}}}
    actual = {"documents": {"v1": {}, "v2": {"Deep": json.loads("[" * n + "1" + "]" * n)}}}
    [mismatch] = compare_result(expected, actual).mismatches
    assert mismatch["path"] == "/v2/Deep" + "/0" * n
    assert not [r for r in caplog.records if "DeepDiff" in r.getMessage()]
