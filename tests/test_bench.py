"""``hcsdoc bench``: the figures it computes, the report it writes, and the Go ``bench`` command it relies on."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import pytest

from hcsdoc import bench
from hcsdoc.bench import BenchCase, Timings, ratio
from hcsdoc.commands import bench as cmd_bench
from hcsdoc.conformance.vectors.files import VECTORS_DIR

needs_go = pytest.mark.wine

# Three outcomes the reference and Go must agree on: documents, a decode error, a runtime panic.
IDS = ("decoding.text.empty", "mounts.xenon.bind-type", "errors.panic.rescale-divide-by-zero")


def _vectors(ids: tuple[str, ...] = IDS) -> list[dict[str, Any]]:
    data = json.loads((VECTORS_DIR / "hand.json").read_text(encoding="utf-8"))
    by_id = {v["id"]: v for v in data["cases"]}
    return [by_id[i] for i in ids]


def _cases(ids: tuple[str, ...] = IDS) -> list[BenchCase]:
    return [BenchCase(v["id"], v["case"]) for v in _vectors(ids)]


def _expected_outcome(v: dict[str, Any]) -> str:
    return bench.outcome_of(v["expected"])


def test_ratio_figures() -> None:
    cases = [BenchCase(f"c{i}", {}) for i in range(4)]
    r = ratio(cases, ref=[200.0, 100.0, 400.0, 1000.0], go=[100.0, 200.0, 100.0, 0.0], worst=2)
    assert r.total == pytest.approx(1700.0 / 400.0)
    # per case: 2.0, 0.5, 4.0, and 10.0 (a Go time of 0 reads as one 100 ns tick)
    assert r.median == pytest.approx(3.0)
    assert r.geomean == pytest.approx((2.0 * 0.5 * 4.0 * 10.0) ** 0.25)
    assert r.at_most_one == 1
    assert [(cid, x) for cid, x, _, _ in r.slowest] == [("c3", 10.0), ("c2", 4.0)]


def test_timings_medians_and_rate() -> None:
    t = Timings(ns=[[3, 1, 2], [10, 30, 20]], total_ns=[2_000_000_000, 1_000_000_000, 4_000_000_000], outcomes=[])
    assert t.medians() == [2, 20]
    assert t.cases_per_second() == 1.0  # 2 cases in the median pass of 2 s


def test_time_reference_runs_every_case_and_reports_its_outcome() -> None:
    vectors = _vectors()
    t = bench.time_reference(_cases(), repeat=2, warmup=0)
    assert len(t.ns) == 3 and all(len(row) == 2 and min(row) > 0 for row in t.ns)
    assert len(t.total_ns) == 2 and t.total_ns[0] >= sum(row[0] for row in t.ns)
    assert t.outcomes == [_expected_outcome(v) for v in vectors] == ["error", "documents", "panic"]


def test_peak_memory_names_the_hungriest_case() -> None:
    mem = bench.peak_memory(_cases(("decoding.text.empty", "decoding.text.deep-nesting-ok")))
    assert mem.max_case_id == "decoding.text.deep-nesting-ok"
    assert mem.max_case_peak_bytes > 100_000  # 10,000 nested arrays
    assert mem.peak_bytes >= mem.max_case_peak_bytes


@pytest.mark.timeout(180)
def test_fuzz_rate_reads_the_session_statistics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("atheris")
    monkeypatch.chdir(tmp_path)
    fz = bench.fuzz_rate("bytes", 1)
    assert fz.exit_code == 0 and fz.note == ""
    assert fz.execs is not None and fz.execs > 0 and fz.exec_per_second is not None and fz.exec_per_second > 0
    assert not list(tmp_path.iterdir())  # corpus and findings lived in a temporary folder


def test_fuzz_rate_without_atheris_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    from hcsdoc.fuzz import session

    monkeypatch.setattr(session, "atheris_missing", lambda: "atheris is not installed")
    fz = bench.fuzz_rate("bytes", 1)
    assert (fz.exec_per_second, fz.execs, fz.note) == (None, None, "atheris is not installed")


def test_source_commit_of_a_checkout() -> None:
    commit = bench.source_commit()
    assert re.fullmatch(r"[0-9a-f]{40}(\+dirty)?", commit), commit


def _args(tmp_path: Path, vectors: Path, **kw: Any) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cmd_bench.add_arguments(parser)
    argv = ["--vectors", str(vectors), "--repeat", "2", "--json", str(tmp_path / "bench.json"), "--no-fuzz"]
    argv += ["--diff-examples", "120"]
    argv += kw.pop("extra", ["--no-go", "--no-check"])
    return parser.parse_args(argv)


def _vector_file(tmp_path: Path) -> Path:
    data = json.loads((VECTORS_DIR / "hand.json").read_text(encoding="utf-8"))
    data["cases"] = _vectors()
    path = tmp_path / "v.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_run_writes_table_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_bench.run(_args(tmp_path, _vector_file(tmp_path))) == 0
    out = capsys.readouterr().out
    assert (
        "hcsdoc bench: 3 cases" in out
        and "reference (convert)" in out
        and "reference (run_case, raw case)" in out
        and "peak memory" in out
    )
    report = json.loads((tmp_path / "bench.json").read_text())
    assert report["cases"] == 3 and report["repeat"] == 2
    assert set(report["per_case_ns"]) == set(IDS)
    assert report["reference"]["cases_per_second"] > 0 and "go" not in report
    # the differential throughput: the generator, the in-process oracle, the example adapter; no mismatch
    names = [d["name"] for d in report["diff"]]
    assert names == ["generator alone", "reference vs reference (in-process oracle)", "example adapter vs reference"]
    assert all(d["cases"] == 120 and d["mismatches"] == 0 and d["cases_per_second"] > 0 for d in report["diff"])
    assert "diff example adapter vs reference:" in out


def test_run_refuses_a_zero_repeat(tmp_path: Path) -> None:
    args = _args(tmp_path, _vector_file(tmp_path))
    args.repeat = 0
    assert cmd_bench.run(args) == 2


@needs_go
def test_go_bench_command_times_each_case_and_agrees_on_outcomes() -> None:
    from hcsdoc.conformance.capture.process import GoProcess, ProtocolError

    vectors = _vectors()
    with GoProcess() as go:
        t = go.bench([v["case"] for v in vectors], repeat=3, warmup=1)
        assert t.outcomes == [_expected_outcome(v) for v in vectors]
        assert len(t.ns) == 3 and all(len(row) == 3 and min(row) > 0 for row in t.ns)
        assert len(t.total_ns) == 3 and t.total_ns[0] >= sum(row[0] for row in t.ns)
        assert t.clock.startswith("QueryPerformanceCounter")
        with pytest.raises(ProtocolError, match="repeat must be >= 1"):
            go.bench([vectors[0]["case"]], repeat=0)
        with pytest.raises(ProtocolError, match="bad case"):
            go.bench([{"spec": None, "bogus": 1}], repeat=1)
        # the adapter protocol still works on the same process after bench requests
        assert go.run(vectors[1]["case"])["bytes"] == vectors[1]["expected"]["bytes"]


@needs_go
def test_run_with_go_reports_the_ratio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_bench.run(_args(tmp_path, _vector_file(tmp_path), extra=["--no-check", "--no-memory"])) == 0
    out = capsys.readouterr().out
    assert "go hcsshim (in-process)" in out and "ratio reference/go" in out
    report = json.loads((tmp_path / "bench.json").read_text())
    assert report["outcome_mismatches"] == []
    assert report["ratio"]["total"] > 0 and all("go" in v for v in report["per_case_ns"].values())


def test_time_check_reads_the_run_of_the_runner(tmp_path: Path) -> None:
    figures = bench.time_check("reference", [_vector_file(tmp_path)])
    assert figures.exit_code == 0 and figures.verdict == "OK: 3 cases (3 pass)"
    assert figures.run_seconds is not None and 0 <= figures.run_seconds <= figures.seconds


def test_time_check_counts_what_fails(tmp_path: Path) -> None:
    vectors = _vector_file(tmp_path)
    data = json.loads(vectors.read_text(encoding="utf-8"))
    data["cases"][0]["expected"]["error"] = "not what Go says"  # decoding.text.empty ends in an error
    vectors.write_text(json.dumps(data), encoding="utf-8")
    figures = bench.time_check("reference", [vectors])
    assert figures.exit_code == 1 and figures.verdict == "FAILED: 3 cases (1 error-mismatch, 2 pass)"


def test_run_without_go_still_reports_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hcsdoc.conformance.capture.wine import SetupError

    def no_wine(*_: object) -> None:
        raise SetupError("wine64 is not installed")

    monkeypatch.setattr(bench, "time_interleaved", no_wine)
    assert cmd_bench.run(_args(tmp_path, _vector_file(tmp_path), extra=["--no-check", "--no-memory"])) == 0
    captured = capsys.readouterr()
    assert "Go figures skipped: wine64 is not installed" in captured.err
    assert "reference (convert)" in captured.out and "ratio" not in captured.out


def test_run_reports_a_missing_vector_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_bench.run(_args(tmp_path, tmp_path / "absent.json")) == 2
    assert "absent.json: cannot read" in capsys.readouterr().err


def test_baseline_names_each_change_and_its_direction(tmp_path: Path) -> None:
    then = {
        "commit": "abc",
        "date": "d",
        "cases": 3,
        "reference": {"median_ns": 40_000.0, "pass_ms": 120.0},
        "ratio": {"total": 2.0, "median": 2.0},
        "fuzz": [{"target": "bytes", "exec_per_second": 4000}],
    }
    now = {
        "reference": {"median_ns": 30_000.0, "pass_ms": 120.2},
        "ratio": {"total": 2.5, "median": 2.0},
        "fuzz": [{"target": "bytes", "exec_per_second": 5000}],
    }
    text = bench.format_baseline(now, then)
    lines = {line.split("  ")[1].strip(): line for line in text.splitlines()[1:]}
    assert "-25.0% better" in lines["reference µs/case (median)"]
    assert lines["reference ms/pass"].endswith("+0.2%")  # under 0.5%: no verdict
    assert "+25.0% worse" in lines["ratio whole set"]
    assert "+25.0% better" in lines["fuzz bytes exec/s"]
    assert "go µs/case (median)" not in lines  # absent on either side: not printed


def test_bad_baseline_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("[1]", encoding="utf-8")
    args = _args(tmp_path, _vector_file(tmp_path))
    args.baseline = bad
    assert cmd_bench.run(args) == 2
    assert "not a report of hcsdoc bench" in capsys.readouterr().err


def test_second_run_compares_with_the_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vectors = _vector_file(tmp_path)
    assert cmd_bench.run(_args(tmp_path, vectors)) == 0
    first = tmp_path / "first.json"
    first.write_text((tmp_path / "bench.json").read_text(encoding="utf-8"), encoding="utf-8")
    capsys.readouterr()
    args = _args(tmp_path, vectors)
    args.baseline = first
    assert cmd_bench.run(args) == 0
    out = capsys.readouterr().out
    assert "against baseline" in out and "reference µs/case (median)" in out and "run_case µs/case" in out


@needs_go
def test_interleaved_timing_alternates_passes_and_keeps_every_case() -> None:
    ref, go = bench.time_interleaved(_cases(), repeat=3, warmup=0)
    for t in (ref, go.timings):
        assert len(t.ns) == 3 and all(len(row) == 3 for row in t.ns) and len(t.total_ns) == 3
    assert ref.outcomes == go.timings.outcomes == ["error", "documents", "panic"]
    assert go.clock.startswith("QueryPerformanceCounter")


def test_joined_passes_keep_case_rows() -> None:
    a = Timings(ns=[[1], [2]], total_ns=[3], outcomes=["x", "y"])
    b = Timings(ns=[[4], [5]], total_ns=[9], outcomes=["x", "z"])
    j = bench._joined([a, b])
    assert j.ns == [[1, 4], [2, 5]] and j.total_ns == [3, 9] and j.outcomes == ["x", "z"]
