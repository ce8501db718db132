"""Issue 12: the runner and every command under hostile replies, bad files and signals.

Each test names the item of the issue it covers. Adapters are tests/fake_adapters/scripted.py; every timeout is
small, no test waits on a default one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fake_adapters.helpers import DOCS, ERROR, fake_cmd, vector, write_vectors

from hcsdoc.cli import main
from hcsdoc.conformance.impl import reaper
from hcsdoc.conformance.results import safejson
from hcsdoc.conformance.results.canonical import canonical_json, strict_loads
from hcsdoc.conformance.results.compare import compare_result

ROOT = Path(__file__).resolve().parent.parent
FAST = ["--timeout", "2", "--start-timeout", "5", "--max-restarts", "2", "--no-progress"]


def check(tmp_path: Path, vectors: list[dict[str, Any]], *extra: str, adapter: tuple[str, ...] = ()) -> int:
    path = write_vectors(tmp_path / "v.json", vectors)
    return main(["check", "--impl", fake_cmd(*adapter), "--vectors", str(path), *FAST, *extra])


def events(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    assert len(lines) == 1, err
    return lines[0]


# -- 1, 2: replies parsed with bounded depth and exact numbers ---------------------------------------------------


def test_item1_a_reply_nested_a_million_deep_is_a_harness_error_of_its_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ev = tmp_path / "e.jsonl"
    code = check(tmp_path, [vector("a"), vector("b", do="deep", depth=1_000_000), vector("c")], "--events", str(ev))
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    outcomes = {e["id"]: (e["outcome"], e.get("message", "")) for e in events(ev) if e["type"] == "case"}
    assert outcomes["a"][0] == outcomes["c"][0] == "pass"
    assert outcomes["b"][0] == "harness-error"
    assert f"nested 1000002 levels deep (the limit is {safejson.MAX_REPLY_DEPTH})" in outcomes["b"][1]


def test_item1_a_reply_as_deep_as_go_documents_can_be_is_compared_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Documents hold a device extension Go decoded up to 10000 levels deep: a reply that deep is read, compared
    and explained (the report stays readable); one level deeper is a harness error."""
    n = safejson.MAX_REPLY_DEPTH - 3  # the reply object and its "documents" enclose v1
    at_limit = '{"a":' * n + "{}" + "}" * n
    ev = tmp_path / "e.jsonl"
    cases = [vector("ok", do="raw-docs", v1text=at_limit), vector("over", do="raw-docs", v1text="[" + at_limit + "]")]
    code = check(tmp_path, cases, "--events", str(ev))
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    outcomes = {e["id"]: e for e in events(ev) if e["type"] == "case"}
    assert outcomes["ok"]["outcome"] == "fail"
    assert outcomes["over"]["outcome"] == "harness-error"
    assert f"the limit is {safejson.MAX_REPLY_DEPTH}" in outcomes["over"]["message"]
    assert main(["report", "junit", str(ev)]) == 0  # every event line stays within the readers' depth


@pytest.mark.parametrize(
    "number",
    ["1e400", "-1e400", "1e-400", "9" * 5000, "1E+99999999999999999999"],
)
def test_item2_numbers_no_float_holds_are_a_fail_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], number: str
) -> None:
    ev = tmp_path / "e.jsonl"
    expected = {"documents": {"v1": {"a": 1}, "v2": {}}, "bytes": {"v1": '{"a":1}', "v2": "{}"}}
    vec = vector("n", do="raw-docs", v1text=f'{{"a":{number}}}', expected=expected)
    code = check(tmp_path, [vec], "--events", str(ev), "--compare", "structural")
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    case = next(e for e in events(ev) if e["type"] == "case")
    assert case["outcome"] == "fail"
    assert case["mismatches"][0]["path"] == "/v1/a"
    assert case["mismatches"][0]["change"] == "type_changes"


def test_exact_numbers_stay_type_strict() -> None:
    """1e400 equals no float and no int; 1E+400 and 10e399 are one number; an int literal is never a float one."""
    big = strict_loads("[1e400, 1E+400, 10e399, 1e-400, 0.0e-5, 2.0, 2]")
    assert isinstance(big, list)
    assert big[0] == big[1] == big[2] == safejson.BigNumber("1e400")
    assert big[3] == safejson.BigNumber("1e-400")
    assert canonical_json(big) == "[1e400,1e400,1e400,1e-400,0.0,2.0,2]"
    assert canonical_json(strict_loads("9" * 5000)) == "9" * 5000
    exp = {"documents": {"v1": {"a": 2}, "v2": {}}}
    for text in ("2.0", "1e400", "9" * 5000, "true"):
        act = {"documents": {"v1": {"a": strict_loads(text)}, "v2": {}}}
        assert compare_result(exp, act).outcome == "fail", text
    with pytest.raises(ValueError, match="NaN is not JSON"):
        strict_loads("[NaN]")
    with pytest.raises(ValueError, match="exponent has more than 100 digits"):
        strict_loads("1e" + "9" * 101)


def test_depth_bound_is_checked_before_parsing_and_strings_do_not_count() -> None:
    assert strict_loads('["' + "[" * 10_000 + '"]') == ["[" * 10_000]
    assert safejson.nesting_depth(b"[" * 101 + b"]" * 101) == 101
    with pytest.raises(safejson.JsonLimitError):
        safejson.loads("[" * 101 + "]" * 101)
    safejson.loads("[" * 100 + "]" * 100)
    limit = safejson.MAX_REPLY_DEPTH  # replies: as deep as Go's documents can be
    with pytest.raises(safejson.JsonLimitError):
        strict_loads("[" * (limit + 1) + "]" * (limit + 1))
    strict_loads("[" * limit + "]" * limit)


# -- 3: lone surrogates never crash a report writer ---------------------------------------------------------------


def test_item3_a_lone_surrogate_reaches_every_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ev, junit, md, repro = tmp_path / "e.jsonl", tmp_path / "j.xml", tmp_path / "s.md", tmp_path / "repro"
    vec = vector("s", do="raw", text='{"seq":SEQ,"error":"\\ud800 lone"}', expected=ERROR)
    extra = ["--events", str(ev), "--junit", str(junit), "--markdown", str(md), "--repro-dir", str(repro)]
    code = check(tmp_path, [vec], *extra)
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    case = next(e for e in events(ev) if e["type"] == "case")
    assert case["outcome"] == "error-mismatch"
    assert case["mismatches"][0]["actual"] == "\ud800 lone"  # exact: written as \ud800, read back the same
    assert "\ufffd lone" in md.read_text(encoding="utf-8")
    assert "error-mismatch" in junit.read_text(encoding="utf-8")
    body = safejson.loads((repro / "s.json").read_text(encoding="utf-8"))
    assert body["actual"]["error"] == "\ud800 lone"


# -- 4: stderr next to every failing case ------------------------------------------------------------------------


def test_item4_stderr_comes_with_a_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ev = tmp_path / "e.jsonl"
    vec = vector("f", do="stderr", text="adapter: I lost the layers", reply=ERROR)  # expected DOCS: a fail
    code = check(tmp_path, [vec, vector("ok", do="stderr", text="noise on a pass")], "--events", str(ev))
    out, _ = capsys.readouterr()
    assert code == 1
    cases = {e["id"]: e for e in events(ev) if e["type"] == "case"}
    assert cases["f"]["outcome"] == "unexpected-error"
    assert "adapter: I lost the layers" in cases["f"]["stderr"]
    assert "stderr" not in cases["ok"]
    assert "    stderr| adapter: I lost the layers" in out


# -- 7: timeouts must be finite seconds -----------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--timeout", "--start-timeout"])
@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "1e300", "x"])
def test_item7_timeouts_must_be_finite_positive_seconds(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", option, value])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}:" in err and "Traceback" not in err


# -- 8: deep vector, expectations and event files ---------------------------------------------------------------


def _deep_file(path: Path, depth: int = 200_000) -> Path:
    path.write_text('{"format": 1, "cases": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    return path


def test_item8_deep_vector_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = _deep_file(tmp_path / "deep.json")
    assert main(["check", "--vectors", str(deep)]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert str(deep) in line and "nested 200001 levels deep" in line
    assert main(["vectors", "check", str(deep)]) != 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and f"{deep}: not a usable JSON file" in out + err


def test_item8_deep_expectations_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = _deep_file(tmp_path / "exp.json")
    vec = write_vectors(tmp_path / "v.json", [vector("a")])
    assert main(["check", "--vectors", str(vec), "--expectations", str(deep)]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert str(deep) in line and "nested" in line


def test_item8_deep_event_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "e.jsonl"
    deep.write_text("[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    assert main(["report", "junit", str(deep)]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert f"{deep}:1: not JSON" in line


# -- 9: output paths checked before the run ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "target", "problem"),
    [
        ("--events", "folder", "is a folder, not a file"),
        ("--junit", "folder", "is a folder, not a file"),
        ("--markdown", "folder", "is a folder, not a file"),
        ("--repro-dir", "file", "is a file, not a folder"),
        ("--events", "missing/x.jsonl", "no such folder"),
        ("--junit", "missing/x.xml", "no such folder"),
        ("--repro-dir", "missing/deeper", "no such folder"),
    ],
)
def test_item9_output_paths_are_usage_errors_before_the_adapter_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, target: str, problem: str
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x")
    starts = tmp_path / "starts"
    path = str(tmp_path / target)
    code = check(tmp_path, [vector("a")], option, path, adapter=("--count", str(starts)))
    assert code == 2
    line = one_line_error(capsys.readouterr().err)
    assert f"{option} {path}: {problem}" in line
    assert not starts.exists(), "the adapter was started before the output paths were checked"
    assert not (tmp_path / "missing").exists(), "a folder was created silently"


def test_item9_report_output_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ev = tmp_path / "e.jsonl"
    assert check(tmp_path, [vector("a")], "--events", str(ev)) == 0
    capsys.readouterr()
    assert main(["report", "markdown", str(ev), "-o", str(tmp_path / "nope" / "x.md")]) == 2
    assert "no such folder" in one_line_error(capsys.readouterr().err)


# -- 5, 6 and the runner invariant: signals, a closed stdout, the time bound, no process left -----------------------


def _this_checkout() -> dict[str, str]:
    """The environment of a child pytest that must import this checkout's hcsdoc (it runs in tmp_path)."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def _hcsdoc(*args: str, **kw: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "hcsdoc", *args],
        cwd=ROOT,
        text=True,
        stdout=kw.pop("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        **kw,
    )


def _wait_for(path: Path, seconds: float = 60.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _group_members(pgid: int) -> list[int]:
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                out.append(int(name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_item5_a_signal_mid_run_leaves_no_process_and_an_incomplete_report(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    pidfile = tmp_path / "pids"
    ev, junit = tmp_path / "e.jsonl", tmp_path / "j.xml"
    vec = write_vectors(tmp_path / "v.json", [vector("a"), vector("b", do="hang-group", pidfile=str(pidfile))])
    runner = _hcsdoc(
        "check", "--impl", fake_cmd(), "--vectors", str(vec), "--timeout", "600", "--no-progress",
        "--events", str(ev), "--junit", str(junit),
    )  # fmt: skip
    try:
        adapter, grandchild = map(int, _wait_for(pidfile).split())
        assert reaper.session_members(adapter), "the adapter runs in a session of its own"
        deadline = time.monotonic() + 30
        while _group_members(grandchild) != [grandchild] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _group_members(grandchild) == [grandchild], "the grandchild left the adapter's process group"
        runner.send_signal(sig)
        _, err = runner.communicate(timeout=60)
    finally:
        runner.kill()
    assert runner.returncode == code, err
    assert "Traceback" not in err
    assert f"interrupted by {sig.name}: 1 of 2 case(s) done" in err
    assert not _alive(adapter) and not _alive(grandchild)
    assert reaper.session_members(adapter) == [] and _group_members(adapter) == []
    footer = events(ev)[-1]
    assert footer["type"] == "footer" and footer["incomplete"] is True
    assert footer["stopped"] == f"interrupted by {sig.name}" and footer["exitCode"] == code
    assert f'name="hcsdoc.incomplete" value="interrupted by {sig.name}"' in junit.read_text()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_item6_a_closed_stdout_ends_the_run_like_a_signal(tmp_path: Path) -> None:
    pidfile = tmp_path / "pids"
    ev = tmp_path / "e.jsonl"
    # The adapter leaves a grandchild in a process group of its own, then keeps failing cases slowly: the runner
    # keeps printing after the reader is gone.
    failing = [vector(f"f{i:03}", do="slow", seconds=0.05, reply=ERROR) for i in range(400)]
    vec = write_vectors(tmp_path / "v.json", [vector("a", do="spawn-group", pidfile=str(pidfile)), *failing])
    runner = _hcsdoc(
        "check", "--impl", fake_cmd(), "--vectors", str(vec), "--timeout", "600", "--window", "1",
        "--events", str(ev),
    )  # fmt: skip
    try:
        assert runner.stdout is not None
        runner.stdout.readline()
        adapter, grandchild = map(int, _wait_for(pidfile).split())
        runner.stdout.close()  # `| head -1`
        _, err = runner.communicate(timeout=60)
    finally:
        runner.kill()
    assert runner.returncode == 141, err
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert not _alive(adapter) and not _alive(grandchild)
    footer = events(ev)[-1]
    assert footer["incomplete"] is True and footer["stopped"] == "stdout was closed"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_invariant_an_adapter_that_hangs_on_every_case_ends_within_its_bound(tmp_path: Path) -> None:
    """adapter.md: the run ends within cases x timeout + restarts x start timeout (plus the runner's own start-up)
    and every case gets exactly one outcome."""
    cases, timeout, restarts, start_timeout = 5, 0.3, 3, 2.0
    ev = tmp_path / "e.jsonl"
    vec = write_vectors(tmp_path / "v.json", [vector(f"h{i}", do="hang") for i in range(cases)])
    bound = cases * timeout + (restarts + 1) * start_timeout + 15  # 15 s: interpreter start-up and kills
    proc = subprocess.run(
        [sys.executable, "-m", "hcsdoc", "check", "--impl", fake_cmd(), "--vectors", str(vec),
         "--timeout", str(timeout), "--start-timeout", str(start_timeout), "--max-restarts", str(restarts),
         "--no-progress", "--events", str(ev)],
        cwd=ROOT, capture_output=True, text=True, timeout=bound, check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    outcomes = [e["outcome"] for e in events(ev) if e["type"] == "case"]
    assert sorted(e["id"] for e in events(ev) if e["type"] == "case") == [f"h{i}" for i in range(cases)]
    assert outcomes.count("timeout") == restarts + 1 and outcomes.count("crash") == cases - restarts - 1


# -- also seen ------------------------------------------------------------------------------------------------------


def test_also_a_missing_adapter_program_is_one_usage_error_in_the_pytest_plugin(tmp_path: Path) -> None:
    vec = write_vectors(tmp_path / "v.json", [vector("a"), vector("b")])
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         "--hcsdoc-impl", str(tmp_path / "no-such-adapter"), "--hcsdoc-vectors", str(vec), str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False, env=_this_checkout(),
    )  # fmt: skip
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "--hcsdoc-impl: cannot start" in proc.stderr and "No such file or directory" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_also_ccgstate_needs_all_four_keys() -> None:
    from hcsdoc.reference import CaseError, normalize_case

    # The one case model reads ccgState like the converter does: the first missing key is named.
    with pytest.raises(CaseError, match=r"^case\.options\.ccgState\.RpcEndpoint: required$"):
        normalize_case({"spec": {}, "options": {"ccgState": {"Cookie": "c"}}})


def test_docs_result_passes_through_safe_writers() -> None:
    assert safejson.dumps_line(DOCS) == json.dumps(DOCS, ensure_ascii=False, separators=(",", ":"))
    assert safejson.printable("a\udc80b") == "a\ufffdb"


@pytest.mark.parametrize(
    "argv",
    [
        ["capture", "--cases", "{bad}"],
        ["capture", "--coverage", "--cases", "{bad}"],
        ["capture", "--add-case", "{deep}"],
        ["bench", "--baseline", "{deep}", "--no-go"],
    ],
)
def test_item8_every_command_reads_bad_input_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    deep = _deep_file(tmp_path / "deep.json")
    bad = tmp_path / "cases.jsonl"
    bad.write_text('{"spec": {}}\n' + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    args = [a.format(bad=bad, deep=deep) for a in argv]
    assert main(args) == 2
    line = one_line_error(capsys.readouterr().err)
    assert str(bad if "{bad}" in argv else deep) in line
    assert "nested" in line


def test_item1_through_the_pytest_plugin_a_deep_reply_fails_only_its_item(tmp_path: Path) -> None:
    vec = write_vectors(tmp_path / "v.json", [vector("a"), vector("b", do="deep", depth=1_000_000), vector("c")])
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         "--hcsdoc-impl", fake_cmd(), "--hcsdoc-vectors", str(vec), "--hcsdoc-timeout", "5", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False, env=_this_checkout(),
    )  # fmt: skip
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "1 failed, 2 passed" in out
    assert f"HARNESS-ERROR b: reply is not JSON (nested 1000002 levels deep (the limit is {safejson.MAX_REPLY_DEPTH}))" in out
    assert "RecursionError" not in out
