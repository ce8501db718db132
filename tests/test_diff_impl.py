"""``hcsdoc diff --impl``: any implementation against an oracle, at check's levels, with expectations, arbitration,
crashes as findings, repro lines, and the pytest plugin's differential items."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.conformance import differential as d
from hcsdoc.conformance.differential import arbitrate as arb
from hcsdoc.conformance.differential.levels import Levels
from hcsdoc.conformance.differential.mutants import by_name
from hcsdoc.conformance.differential.run import ImplRunner
from hcsdoc.conformance.impl.resolve import AdapterSettings, adapter
from hcsdoc.conformance.results.compare import CompareLevels
from hcsdoc.reference import make_case, run_case

HERE = Path(__file__).resolve().parent
CRASHY = HERE / "fake_adapters" / "crashy.py"
PLANTED = [sys.executable, "-m", "hcsdoc.conformance.differential.planted_adapter"]

DOCS: dict[str, Any] = {
    "documents": {"v1": {"a": 1}, "v2": {"b": [1]}},
    "bytes": {"v1": '{"a":1}', "v2": '{"b":[1]}'},
}


class _Fixed:
    def __init__(self, cases: list[dict[str, Any]]) -> None:
        self.cases = cases

    def batch(self, n: int) -> list[dict[str, Any]]:
        out, self.cases = self.cases[:n], self.cases[n:]
        return out


# ------------------------------------------------------------------------------------------------------------------
# levels


def test_levels_project_what_check_compares() -> None:
    strict = Levels()
    no_bytes = {"documents": DOCS["documents"]}
    assert strict.differ(no_bytes, DOCS) and strict.outcome(no_bytes, DOCS) == "fail"
    structural = Levels.of(CompareLevels(compare="structural"))
    assert not structural.differ(no_bytes, DOCS)
    v2_wrong = {"documents": {"v1": {"a": 1}, "v2": {"b": [1.0]}}, "bytes": {"v1": '{"a":1}', "v2": '{"b":[1.0]}'}}
    assert strict.paths(v2_wrong, DOCS) == ["/documents/v2/b/0"]
    assert not Levels.of(CompareLevels(documents="v1")).differ(v2_wrong, DOCS)
    assert Levels.of(CompareLevels(documents="v2")).differ(v2_wrong, DOCS)
    # errorKind is not compared at the text level; the kind level compares kinds, and keeps unknown texts.
    assert not strict.differ({"error": "x", "errorKind": "k"}, {"error": "x"})
    kind = Levels.of(CompareLevels(errors="kind"))
    a = {"error": "invalid spec - not enough layer folders supplied"}
    assert kind.project(a) == {"errorKind": kind.project(a)["errorKind"]} and kind.project(a)["errorKind"] != "unknown"
    assert kind.differ({"error": "my own words"}, a)
    assert kind.differ({"error": "unknown one"}, {"error": "unknown two"})
    assert not kind.differ({"error": "same"}, {"error": "same"})
    assert kind.outcome({"error": "my own words"}, a) == "error-mismatch"
    # failures of the subject are differences (named as check names them); a declined case is not compared
    assert strict.outcome({"crash": "exit 3"}, DOCS) == "crash" and strict.outcome({"errored": "x"}, DOCS) == "crash"
    assert strict.outcome({"error": "e"}, DOCS) == "unexpected-error"
    assert not strict.differ({"skipped": "not mine"}, DOCS) and strict.skipped({"skipped": "no"}, DOCS)


def test_arbitration_verdicts() -> None:
    f = d.Finding("/error", ["/error"], {}, {}, {"error": "impl"}, {"error": "ref"}, 1)
    assert arb.verdict(f, {"error": "ref"}, Levels()) == arb.DIFFERS_FROM_GO
    assert arb.verdict(f, {"error": "impl"}, Levels()) == arb.REFERENCE_DIFFERS
    assert arb.verdict(f, {"error": "go"}, Levels()) == arb.BOTH_DIFFER
    assert arb.verdict(f, {"crash": "x"}, Levels()) == arb.GO_FAILED
    arb.arbitrate([f], lambda cases: [{"error": "impl"} for _ in cases], Levels())
    assert f.go == {"error": "impl"} and not arb.blames_subject(f)


# ------------------------------------------------------------------------------------------------------------------
# through the protocol


def _argon() -> dict[str, Any]:
    return make_case({"root": {"path": "C:\\r"}, "windows": {"layerFolders": ["C:\\l\\base", "C:\\s"]}})


def test_planted_bug_in_an_adapter_is_found_and_shrunk_to_minimal() -> None:
    m = by_name("sandbox-join-ntpath")
    trigger = m.minimal_cases()[0]
    trigger["spec"]["mounts"] = [{"destination": "C:\\d", "source": "sandbox://q/r"}]
    impl = adapter([*PLANTED, "--plant", m.name], AdapterSettings(window=8))
    impl.start()
    try:
        stats = d.run_differential(
            5, d.reference_runner(), subject=ImplRunner(impl), generator=_Fixed([_argon(), trigger])
        )
    finally:
        impl.close()
    (f,) = stats.findings.values()
    assert stats.cases == 2 and f.found_at == 2 and f.outcome == "fail"
    assert f.case == m.minimal_cases()[0]
    assert f.reference["documents"]["v2"]["MappedDirectories"] == [{"HostPath": "C:\\SandboxMounts\\"}]


def test_a_crash_is_a_finding_shrunk_like_any_other() -> None:
    impl = adapter([sys.executable, str(CRASHY)], AdapterSettings(window=4, timeout=1.0))
    impl.start()
    crash = _argon()
    crash["host"]["osBuild"] = 16299
    try:
        stats = d.run_differential(
            5, d.reference_runner(), subject=ImplRunner(impl), generator=_Fixed([_argon(), crash, _argon()])
        )
        restarts = impl.restarts
    finally:
        impl.close()
    (f,) = stats.findings.values()
    assert f.outcome == "crash" and f.reference == {"crash": "the adapter exited (exit code 3)"}
    assert f.case["host"]["osBuild"] == 16299 and f.case["spec"] is None  # nothing else is needed to crash it
    assert stats.mismatches == 1 and restarts >= 2  # one restart per crash: the shrinker's too


def test_a_hang_is_a_finding_with_a_bounded_shrink() -> None:
    impl = adapter([sys.executable, str(CRASHY)], AdapterSettings(window=4, timeout=0.5))
    impl.start()
    hang = _argon()
    hang["host"]["osBuild"] = 4242
    try:
        stats = d.run_differential(
            3, d.reference_runner(), subject=ImplRunner(impl), generator=_Fixed([_argon(), hang])
        )
    finally:
        impl.close()
    (f,) = stats.findings.values()
    assert f.outcome == "timeout" and f.case["host"]["osBuild"] == 4242 and f.found_at == 2
    assert f.shrink is not None and 0 < f.shrink.tests <= 60  # a hard budget: each hanging candidate costs a timeout


def hcsdoc(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "hcsdoc", "diff", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_cli_finding_repro_and_accepting_it(tmp_path: Path) -> None:
    impl = " ".join([*PLANTED, "--plant", "dump-suffix-fold"])
    common = ["--impl", impl, "--examples", "1500", "--seed", "1", "--arbitrate", "none", "--out", "f"]
    r = hcsdoc(*common, cwd=tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "vs reference (oracle)" in r.stdout and "NEW" in r.stdout
    repro = [line.split("repro: ", 1)[1] for line in r.stdout.splitlines() if "repro: " in line]
    assert repro and all("--case f/" in line for line in repro)
    case_file = Path(tmp_path / repro[0].rsplit(" ", 1)[1])
    case = json.loads(case_file.read_text(encoding="utf-8"))
    assert run_case(case) != {}  # a complete, runnable case
    report = json.loads(case_file.with_suffix(".json").read_text(encoding="utf-8"))
    assert report["repro"] == repro[0] and report["subject"]["name"].startswith("reference+dump-suffix-fold")
    # the repro line reproduces it
    replay = hcsdoc("--impl", impl, "--oracle", "reference", "--case", str(case_file), cwd=tmp_path)
    assert replay.returncode == 1 and "DIFFERS [fail]" in replay.stdout, replay.stdout + replay.stderr
    # accepted with a reason, the run is green until something new appears
    exp = tmp_path / "accepted.json"
    r = hcsdoc(*common, "--expectations", str(exp), "--update-expectations", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    entries = json.loads(exp.read_text(encoding="utf-8"))["expectations"]
    assert entries and all(e["reason"].startswith("TODO: explain") for e in entries.values())
    r = hcsdoc(*common, "--expectations", str(exp), cwd=tmp_path)
    assert r.returncode == 0 and "ACCEPTED" in r.stdout and "NEW" not in r.stdout, r.stdout + r.stderr
    # the unplanted adapter agrees with the reference on the case
    same = hcsdoc("--impl", " ".join(PLANTED), "--case", str(case_file), cwd=tmp_path)
    assert same.returncode == 0 and ": same" in same.stdout, same.stdout + same.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--impl", "/nonexistent/adapter"], "cannot start"),
        (["--impl", "reference", "--oracle", "reference", "--update-expectations"], "needs --expectations FILE"),
        (["--impl", "python3 'x", "--oracle", "reference"], "No closing quotation"),
        (["--impl", "reference", "--oracle", "reference", "--case", "missing.jsonl"], "cannot read"),
        (["--impl", "./x", "--hcsshim", "v0.12.9"], "--hcsshim applies to a Go side"),
        (["--impl", "reference", "--oracle", "moby"], "--oracle must be reference, go or go@VERSION"),
        (["--impl", "go@v0.12.9", "--oracle", "go@v0.12.8", "--hcsshim", "v0.11.8"], "name two versions"),
    ],
)
def test_cli_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    r = hcsdoc(*args, cwd=tmp_path)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr, r.stdout + r.stderr
    assert len(r.stderr.strip().splitlines()) <= 2


def test_pytest_plugin_one_item_per_finding_class(tmp_path: Path) -> None:
    impl = " ".join([*PLANTED, "--plant", "sandbox-join-ntpath"])
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONDONTWRITEBYTECODE": "1"}
    args = ["--hcsdoc-impl", impl, "--hcsdoc-tag", "no-such-tag", "--hcsdoc-arbitrate", "none", "-k", "hcsdoc-diff"]
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-rA",
            "--rootdir",
            str(tmp_path),
            *args,
            "--hcsdoc-diff",
            "600",
            "--hcsdoc-diff-seed",
            "1",  # a seed whose first 600 cases hold the planted bug's trigger
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 1, r.stdout + r.stderr
    assert "FAILED hcsdoc-diff::" in r.stdout and "/documents/v2/MappedDirectories/" in r.stdout
    assert "repro: hcsdoc diff --impl" in r.stdout
    assert list((tmp_path / "findings" / "diff").glob("*.jsonl"))


@pytest.mark.parametrize("region", ["any", "wild"])
def test_every_generated_variant_is_well_formed(region: str) -> None:
    """Variants changed only inside the spec skip the full case check: they must be well-formed all the same."""
    from hcsdoc.reference import normalize_case

    gen = d.CaseGenerator(seed=7, derive=19, region=region)
    cases = gen.batch(400)
    assert gen.derived > 200
    for c in cases:
        assert normalize_case(c) == c


def test_two_releases_are_named_again_as_go_at_version() -> None:
    from hcsdoc.conformance.differential.session import diff_argv
    from hcsdoc.conformance.impl.resolve import parse_impl
    from hcsdoc.conformance.results.compare import CompareLevels

    argv = diff_argv(parse_impl("go@v0.12.9"), parse_impl("go@v0.12.8"), CompareLevels("bytes", "text", "both"))
    assert argv == ["hcsdoc", "diff", "--impl", "go@v0.12.9", "--oracle", "go@v0.12.8"]
    same = diff_argv(parse_impl("go@v0.12.9"), parse_impl("go@v0.12.9"), CompareLevels("bytes", "text", "both"))
    assert "go@v0.12.8" not in same and same[:4] == ["hcsdoc", "diff", "--impl", "go"]
