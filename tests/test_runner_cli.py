"""``hcsdoc check`` and ``hcsdoc report`` end to end: exit codes, expectations, reports, repro commands."""

from __future__ import annotations

import json
import shlex
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from fake_adapters.helpers import DOCS, ERROR, FAKE, fake_cmd, vector, write_vectors

from hcsdoc.cli import main

MINIMAL = Path(__file__).resolve().parent.parent / "conformance" / "protocol" / "examples" / "minimal_adapter.py"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def mixed(tmp_path: Path) -> Path:
    """Three passing cases, one documents mismatch, one error text mismatch, one crash."""
    return write_vectors(
        tmp_path / "v.json",
        [
            vector("ok.a", tags=("good",)),
            vector("ok.b", tags=("good",)),
            vector("ok.err", expected=ERROR, tags=("good",)),
            vector(
                "bad.docs", reply={**DOCS, "documents": {**DOCS["documents"], "v2": {"Owner": "other"}}}, tags=("bad",)
            ),
            vector("bad.err", expected=ERROR, reply={"error": "fake: spec is invalid!"}, tags=("bad",)),
            vector("bad.crash", "crash", tags=("bad",)),
        ],
    )


def check(*args: str) -> int:
    return main(["check", "--no-progress", *args])


def read_events(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_exit_0_when_everything_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v = mixed(tmp_path)
    assert check("--impl", fake_cmd(), "--vectors", str(v), "--tag", "good") == 0
    out = capsys.readouterr().out
    assert "scripted-fake 0: 3 case(s) of 6" in out
    assert "OK: 0 unexpected outcome(s)" in out


def test_exit_1_with_events_and_repro(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v = mixed(tmp_path)
    ev_path = tmp_path / "events.jsonl"
    rc = check(
        "--impl", fake_cmd(), "--vectors", str(v), "--events", str(ev_path), "--repro-dir", str(tmp_path / "repro")
    )
    assert rc == 1
    events = read_events(ev_path)
    header, cases, footer = events[0], events[1:-1], events[-1]
    assert header["type"] == "header" and footer["type"] == "footer"
    assert header["implementation"]["name"] == "scripted-fake"
    assert header["suite"]["files"][0]["provenance"]["hcsshim"]["version"] == "v0.11.8"
    outcomes = {c["id"]: c["outcome"] for c in cases}
    assert outcomes == {
        "ok.a": "pass",
        "ok.b": "pass",
        "ok.err": "pass",
        "bad.docs": "fail",
        "bad.err": "error-mismatch",
        "bad.crash": "crash",
    }
    assert footer["counts"] == {"crash": 1, "error-mismatch": 1, "fail": 1, "pass": 3}
    assert footer["unexpected"] == 3 and footer["exitCode"] == 1 and footer["restarts"] == 1
    docs = next(c for c in cases if c["id"] == "bad.docs")
    assert {"path": "/v2/Owner", "change": "values_changed", "expected": "test", "actual": "other"} in docs[
        "mismatches"
    ]
    cmd = shlex.split(docs["repro"]["command"])
    assert cmd[:2] == ["hcsdoc", "check"] and cmd[-4:] == ["--vectors", str(v), "--id", "bad.docs"]
    saved = json.loads(Path(docs["repro"]["caseFile"]).read_text())
    assert saved["id"] == "bad.docs" and saved["actual"]["documents"]["v2"] == {"Owner": "other"}
    out = capsys.readouterr().out
    assert "FAIL bad.docs: documents differ" in out
    assert "CRASH bad.crash: the adapter exited (exit code 3)" in out
    assert "FAILED: 3 unexpected outcome(s)" in out
    # the repro command reruns just that case
    assert main([*cmd[1:], "--no-progress"]) == 1
    assert "1 case(s) of 6" in capsys.readouterr().out


def test_expectations_xfail_xpass_stale_and_update(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v = mixed(tmp_path)
    exp = tmp_path / "exp.json"
    exp.write_text(
        json.dumps(
            {
                "format": 1,
                "implementation": "fake",
                "expectations": {
                    "bad.docs": {"outcome": "fail", "reason": "known", "link": "https://example.invalid/1"},
                    "bad.err": {"outcome": "error-mismatch", "reason": "known"},
                    "bad.crash": {"outcome": "skip", "reason": "takes the adapter down"},
                },
            }
        )
    )
    assert check("--impl", fake_cmd(), "--vectors", str(v), "--expectations", str(exp)) == 0
    assert "xfail                        2" in capsys.readouterr().out

    # a listed case that passes is an xpass; a case failing differently than listed is unexpected
    data = json.loads(exp.read_text())
    data["expectations"]["ok.a"] = {"outcome": "fail", "reason": "fixed since"}
    data["expectations"]["bad.err"]["outcome"] = "crash"
    exp.write_text(json.dumps(data))
    ev = tmp_path / "e.jsonl"
    assert check("--impl", fake_cmd(), "--vectors", str(v), "--expectations", str(exp), "--events", str(ev)) == 1
    out = capsys.readouterr().out
    assert "XPASS ok.a: passed, but the expectations file says 'fail'" in out
    assert "expected outcome 'crash', observed 'error-mismatch'" in out
    footer = read_events(ev)[-1]
    assert footer["xpass"] == ["ok.a"]

    # an entry for a retired id is stale
    data["expectations"]["gone.case"] = {"outcome": "fail", "reason": "old"}
    exp.write_text(json.dumps(data))
    v2 = write_vectors(
        tmp_path / "v.json", [vector("ok.a"), vector("bad.docs", reply={"error": "x"})], retired=["gone.case"]
    )
    assert check("--impl", fake_cmd(), "--vectors", str(v2), "--expectations", str(exp)) == 1
    assert "STALE expectation gone.case" in capsys.readouterr().out

    # --update-expectations rewrites what it observed and keeps the rest (reasons, links, skips)
    assert check("--impl", fake_cmd(), "--vectors", str(v2), "--expectations", str(exp), "--update-expectations") == 0
    new = json.loads(exp.read_text())["expectations"]
    assert "ok.a" not in new and "gone.case" not in new
    assert new["bad.docs"] == {"outcome": "unexpected-error", "reason": "known", "link": "https://example.invalid/1"}
    assert new["bad.crash"]["outcome"] == "skip" and new["bad.err"]["outcome"] == "crash"
    assert check("--impl", fake_cmd(), "--vectors", str(v2), "--expectations", str(exp)) == 0


def test_unlisted_adapter_skip_is_unexpected(tmp_path: Path) -> None:
    v = write_vectors(tmp_path / "v.json", [vector("s.one", "skip")])
    assert check("--impl", fake_cmd(), "--vectors", str(v)) == 1


def test_max_fail_stops_early(tmp_path: Path) -> None:
    v = write_vectors(tmp_path / "v.json", [vector(f"f.{i}", reply={"error": "x"}) for i in range(10)])
    ev = tmp_path / "e.jsonl"
    assert check("--impl", fake_cmd(), "--vectors", str(v), "--max-fail", "2", "--events", str(ev)) == 1
    footer = read_events(ev)[-1]
    assert footer["run"] == 2 and footer["notRun"] == 8 and footer["stopped"] == "max-fail (2)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vectors", "{tmp}/missing.json"], "missing.json: no such vector file"),
        (["--vectors", "{tmp}/broken.json"], "broken.json:1:2: not JSON"),
        (["--vectors", "{v}", "--tag", "nope"], "no case matches the selection"),
        (["--vectors", "{v}", "--shard", "0/2"], "shards are numbered from 1"),
        (["--vectors", "{v}", "--expectations", "{tmp}/none.json"], "none.json: no such expectations file"),
        (["--vectors", "{v}", "--expectations", "{tmp}/broken.json"], "broken.json: not JSON"),
        (["--vectors", "{v}", "--impl", "/nonexistent/adapter"], "cannot start ['/nonexistent/adapter']"),
        (["--vectors", "{v}", "--impl", "x", "--update-expectations"], "needs --expectations FILE"),
        (["--vectors", "{v}", "--hcsshim", "v0.12.9"], "--hcsshim only applies to --impl go"),
    ],
)
def test_exit_2_on_usage_and_input_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    v = write_vectors(tmp_path / "v.json", [vector("a.one")])
    (tmp_path / "broken.json").write_text("{oops")
    argv = [a.format(tmp=tmp_path, v=v) for a in args]
    assert check(*argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("hcsdoc check: error: ")
    assert message in err


def test_reports_render_from_the_event_stream(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v = mixed(tmp_path)
    ev, junit, md = tmp_path / "e.jsonl", tmp_path / "j.xml", tmp_path / "s.md"
    check("--impl", fake_cmd(), "--vectors", str(v), "--events", str(ev), "--junit", str(junit), "--markdown", str(md))
    import xml.etree.ElementTree as ET

    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("6", "2", "1")
    failure = suite.find("testcase[@name='bad.docs']/failure")
    assert failure is not None and failure.get("type") == "fail"
    assert "/v2/Owner (values_changed)" in (failure.text or "")
    text = md.read_text()
    assert "## hcsdoc check: scripted-fake 0 ❌ unexpected outcomes" in text
    assert "| fail | 1 |" in text and "| `bad.crash` | crash | pass |" in text
    # the report subcommand renders the same from the stream
    capsys.readouterr()
    assert main(["report", "junit", str(ev)]) == 0
    assert capsys.readouterr().out == junit.read_text()
    assert main(["report", "markdown", str(ev)]) == 0
    assert capsys.readouterr().out == text


def test_report_diff_lists_transitions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write_vectors(
        tmp_path / "a.json",
        [vector("t.fixed", reply={"error": "x"}), vector("t.broke"), vector("t.same"), vector("t.gone")],
    )
    b = write_vectors(
        tmp_path / "b.json",
        [vector("t.fixed"), vector("t.broke", reply={"error": "x"}), vector("t.same"), vector("t.new")],
    )
    ea, eb = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    check("--impl", fake_cmd(), "--vectors", str(a), "--events", str(ea))
    check("--impl", fake_cmd(), "--vectors", str(b), "--events", str(eb))
    capsys.readouterr()
    assert main(["report", "diff", str(ea), str(eb)]) == 1
    out = capsys.readouterr().out
    lines = [line.split() for line in out.splitlines()[3:]]
    assert lines == [
        ["gone", "t.gone"],
        ["new", "t.new"],
        ["pass->unexpected-error", "t.broke"],
        ["unexpected-error->pass", "t.fixed"],
    ]
    assert "transitions: gone 1, new 1, pass->unexpected-error 1, unexpected-error->pass 1" in out
    assert main(["report", "diff", str(ea), str(ea)]) == 0
    (tmp_path / "junk.jsonl").write_text("not json\n")
    assert main(["report", "diff", str(ea), str(tmp_path / "junk.jsonl")]) == 2
    assert "junk.jsonl:1: not JSON" in capsys.readouterr().err


def test_go_resolves_through_the_capture_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[str] = []

    def adapter_command(version: str) -> tuple[list[str], dict[str, str]]:
        seen.append(version)
        return [sys.executable, str(FAKE), "--name", "hcsshim-go"], {"FAKE_ENV": "1"}

    module = types.ModuleType("hcsdoc.conformance.capture.process")
    module.adapter_command = adapter_command  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "hcsdoc.conformance.capture.process", module)
    v = write_vectors(tmp_path / "v.json", [vector("g.one"), vector("g.two", reply={"error": "x"})])
    ev = tmp_path / "e.jsonl"
    exp_dir = tmp_path / "exp"
    monkeypatch.setattr("hcsdoc.conformance.runner.expectations.EXPECTATIONS_DIR", exp_dir)
    assert (
        check("--impl", "go", "--hcsshim", "v0.12.9", "--vectors", str(v), "--events", str(ev), "--update-expectations")
        == 0
    )
    assert seen == ["v0.12.9"]
    header = read_events(ev)[0]
    assert header["implementation"]["kind"] == "go" and header["implementation"]["hcsshim"] == "v0.12.9"
    assert header["implementation"]["name"] == "hcsshim-go"
    written = json.loads((exp_dir / "go-v0.12.9.json").read_text())
    assert written["implementation"] == "go v0.12.9"
    assert written["expectations"]["g.two"]["outcome"] == "unexpected-error"


def test_reference_is_always_checked_at_the_strictest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hcsdoc import reference

    # Stand-in reference that gets the bytes wrong: structural would pass it, the forced bytes level must not.
    def run_case(case: Any) -> Any:
        return {**DOCS, "bytes": {"v1": "{}", "v2": "{}"}}

    monkeypatch.setattr(reference, "run_case", run_case, raising=False)
    v = write_vectors(tmp_path / "v.json", [vector("r.one")])
    assert (
        check(
            "--vectors",
            str(v),
            "--compare",
            "structural",
            "--expectations",
            str(tmp_path / "e.json"),
            "--update-expectations",
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "the reference is always checked at the strictest levels" in err
    assert json.loads((tmp_path / "e.json").read_text())["expectations"]["r.one"]["outcome"] == "fail"


def test_minimal_adapter_example_agrees_with_the_in_process_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hcsdoc.conformance.cases import cpu
    from hcsdoc.reference.api import run_case

    # Expected results from the in-process reference: this checks the example's plumbing, not hcsshim.
    vecs = []
    for d in cpu.cases()[:25]:
        r = run_case(d.case)
        if "error" in r:
            r["errorKind"] = "unknown"
        vecs.append({"id": d.id, "description": d.description, "tags": list(d.tags), "case": d.case, "expected": r})
    v = write_vectors(tmp_path / "v.json", vecs)
    ev = tmp_path / "e.jsonl"
    assert (
        check(
            "--impl",
            shlex.join([sys.executable, str(MINIMAL)]),
            "--vectors",
            str(v),
            "--events",
            str(ev),
            "--validate-protocol",
        )
        == 0
    )
    header = read_events(ev)[0]
    assert header["implementation"]["name"] == "minimal-adapter"
    assert read_events(ev)[-1]["counts"] == {"pass": 25}
