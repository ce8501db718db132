"""The benchmark behind ``hcsdoc bench``: how fast the reference is, next to the real Go hcsshim, in one run on the
full vector set. Every figure comes from a library call and its structured result (no command is run and no
printed text is read); :func:`measure` gathers them into one report (a JSON-ready dict) and :func:`format_table`
renders it.

Figures (all measured in the same run, because the machine is shared and noisy: compare ratios, not absolutes):

* the reference: ``convert_prepared`` per case, the whole path a user pays for and the same stages Go times
  (decode the spec JSON, build the options and the UVM, convert, encode the exact bytes of both documents), on
  cases prepared once (spec text and host read: what Go's capture executable has after decoding a case message);
  and, for information, ``run_case`` on the raw case (reading the case and parsing the documents back included);
  medians over ``--repeat`` timed passes after ``--warmup`` untimed ones; peak memory in a separate
  ``tracemalloc`` pass (tracing slows the code down, so it never overlaps the timing);
* Go: the same cases converted in a loop inside the capture executable (its ``bench`` command), timed inside
  the process so that Wine's start-up and the pipe are not counted (hcsdocConvert: the spec text decoded, the
  options and UVM built, the converter called, both documents marshalled); its passes alternate with the
  reference's (:func:`time_interleaved`), so that a change in the shared machine's load weighs on both sides;
* the ratio reference / Go per case;
* the wall time of a conformance check over the same vectors (:func:`hcsdoc.conformance.runner.engine.run_check`,
  what ``hcsdoc check`` runs), against the reference (in-process) and Go (protocol): loading the vectors and, for
  Go, Wine's start-up included, the interpreter's start-up not;
* the differential run's throughput end to end (generated cases per second): the generator alone, against the
  in-process reference oracle, and the example protocol adapter against it (``--diff-examples``);
* the fuzz harnesses' executions per second in short sessions (:func:`hcsdoc.fuzz.session.run_session`,
  libFuzzer's own average);
* optionally (``--profile N``) the reference's N most expensive functions by own time (pyinstrument).

The command prints the table and writes everything, per-case medians included, to a JSON file (default
``reports/bench.json`` in the current folder) so that figures can be compared across commits.
"""

from __future__ import annotations

import math
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from hcsdoc.fuzz.session import TARGETS as FUZZ_TARGETS

# The folder the package was loaded from: a git checkout for a development install, site-packages otherwise.
_SOURCE_ROOT: Final = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------------------------------------------------
# cases


@dataclass(frozen=True)
class BenchCase:
    id: str
    case: Mapping[str, Any]


def load_cases(paths: Sequence[Path] | None = None) -> list[BenchCase]:
    """Every vector's case, in file order then id order (the order both sides run them in)."""
    from hcsdoc.conformance.vectors.files import load_vector_file, vector_paths

    out: list[BenchCase] = []
    for path in vector_paths(list(paths) if paths else None):
        out.extend(BenchCase(v["id"], v["case"]) for v in load_vector_file(path).data["cases"])
    return out


# ------------------------------------------------------------------------------------------------------------
# timing


@dataclass(frozen=True)
class Timings:
    """``ns[i][r]``: case ``i`` in timed pass ``r``; ``total_ns[r]``: the whole pass ``r``."""

    ns: list[list[int]]
    total_ns: list[int]
    outcomes: list[str]

    def medians(self) -> list[float]:
        return [statistics.median(row) for row in self.ns]

    def cases_per_second(self) -> float:
        return len(self.ns) / (statistics.median(self.total_ns) / 1e9)


def outcome_of(result: Mapping[str, Any]) -> str:
    """What a result is: ``documents``, ``error``, ``panic`` (or ``errored``/``skipped`` from an adapter). A
    result of ``convert_prepared`` has the documents' bytes only."""
    if "bytes" in result:
        return "documents"
    for kind in ("documents", "error", "panic", "skipped"):
        if kind in result:
            return kind
    return "errored"


def _time(fn: Callable[[Any], Mapping[str, Any]], inputs: Sequence[Any], repeat: int, warmup: int) -> Timings:
    """``fn`` on every input: ``warmup`` untimed passes, then ``repeat`` timed ones."""
    clock = time.perf_counter_ns
    outcomes = [""] * len(inputs)
    for _ in range(warmup):
        for x in inputs:
            fn(x)
    ns = [[0] * repeat for _ in inputs]
    totals: list[int] = []
    for r in range(repeat):
        pass_start = clock()
        for i, x in enumerate(inputs):
            t0 = clock()
            result = fn(x)
            ns[i][r] = clock() - t0
            outcomes[i] = outcome_of(result)
        totals.append(clock() - pass_start)
    return Timings(ns, totals, outcomes)


def time_reference(cases: Sequence[BenchCase], repeat: int, warmup: int) -> Timings:
    """``reference.api.convert_prepared`` on every case, prepared once beforehand (the stages Go times)."""
    from hcsdoc.reference.api import convert_prepared, prepare_case

    return _time(convert_prepared, [prepare_case(c.case) for c in cases], repeat, warmup)


def time_run_case(cases: Sequence[BenchCase], repeat: int, warmup: int) -> Timings:
    """``reference.run_case`` on every raw case: reading the case and parsing the documents back included."""
    from hcsdoc.reference import run_case

    return _time(run_case, [c.case for c in cases], repeat, warmup)


@dataclass(frozen=True)
class GoTimings:
    timings: Timings
    clock: str
    start_seconds: float
    """Starting the capture process (Wine) and its handshake: paid once per ``hcsdoc check --impl go``."""


def time_interleaved(
    cases: Sequence[BenchCase], repeat: int, warmup: int, version: str | None = None
) -> tuple[Timings, GoTimings]:
    """The reference (as :func:`time_reference`) and Go (the capture executable's ``bench`` command, timed inside
    the Go process) in alternating passes: reference, Go, reference, Go, ... A shared machine's load changes
    during a run; alternating makes a change weigh on both sides alike instead of on whichever side ran while it
    lasted. Each Go pass is one ``bench`` request with ``warmup`` untimed passes of its own (the Go process decodes
    the cases anew for each request)."""
    from hcsdoc.conformance.capture.build import DEFAULT_VERSION
    from hcsdoc.conformance.capture.process import GoProcess
    from hcsdoc.reference.api import convert_prepared, prepare_case

    prepared = [prepare_case(c.case) for c in cases]
    raw = [c.case for c in cases]
    refs: list[Timings] = []
    gos: list[Timings] = []
    started = time.perf_counter()
    with GoProcess(version=version or DEFAULT_VERSION) as go:
        start_seconds = time.perf_counter() - started
        clock = ""
        for r in range(repeat):
            refs.append(_time(convert_prepared, prepared, 1, warmup if r == 0 else 0))
            t = go.bench(raw, repeat=1, warmup=warmup)
            gos.append(Timings(t.ns, t.total_ns, t.outcomes))
            clock = t.clock
    return _joined(refs), GoTimings(_joined(gos), clock, start_seconds)


def _joined(passes: Sequence[Timings]) -> Timings:
    """Single-pass timings as one multi-pass :class:`Timings` (outcomes from the last pass)."""
    return Timings(
        [[t.ns[i][0] for t in passes] for i in range(len(passes[0].ns))],
        [t.total_ns[0] for t in passes],
        passes[-1].outcomes,
    )


@dataclass(frozen=True)
class MemoryFigures:
    peak_bytes: int
    """Highest traced allocation during one pass over all cases (the vectors themselves were loaded before)."""
    max_case_peak_bytes: int
    max_case_id: str
    median_case_peak_bytes: float


def peak_memory(cases: Sequence[BenchCase]) -> MemoryFigures:
    """One pass under ``tracemalloc``, never timed (tracing makes every allocation several times slower)."""
    from hcsdoc.reference.api import convert_prepared, prepare_case

    prepared = [prepare_case(c.case) for c in cases]
    peaks: list[int] = []
    tracemalloc.start()
    try:
        overall = 0
        for p in prepared:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            convert_prepared(p)
            peak = tracemalloc.get_traced_memory()[1]
            peaks.append(peak - base)
            overall = max(overall, peak)
    finally:
        tracemalloc.stop()
    worst = max(range(len(peaks)), key=peaks.__getitem__)
    return MemoryFigures(overall, peaks[worst], cases[worst].id, statistics.median(peaks))


# ------------------------------------------------------------------------------------------------------------
# ratios


@dataclass(frozen=True)
class Ratio:
    total: float
    """Sum of the reference's per-case medians over the sum of Go's: the ratio for the whole set."""
    median: float
    geomean: float
    p10: float
    p90: float
    at_most_one: int
    """Cases where the reference is at least as fast as Go."""
    slowest: list[tuple[str, float, float, float]]
    """The cases with the highest ratio: (id, ratio, reference µs, Go µs)."""


def ratio(cases: Sequence[BenchCase], ref: Sequence[float], go: Sequence[float], worst: int = 5) -> Ratio:
    # A Go time below one clock tick reads as 0; count it as one 100 ns tick rather than divide by zero.
    per = [r / max(g, 100.0) for r, g in zip(ref, go, strict=True)]
    q = statistics.quantiles(per, n=10) if len(per) > 1 else per * 9
    order = sorted(range(len(per)), key=lambda i: -per[i])[:worst]
    return Ratio(
        total=sum(ref) / max(sum(go), 1.0),
        median=statistics.median(per),
        geomean=math.exp(statistics.fmean(math.log(x) for x in per)),
        p10=q[0],
        p90=q[-1],
        at_most_one=sum(1 for x in per if x <= 1.0),
        slowest=[(cases[i].id, per[i], ref[i] / 1e3, go[i] / 1e3) for i in order],
    )


# ------------------------------------------------------------------------------------------------------------
# the check runs and the fuzzers (subprocesses)


@dataclass(frozen=True)
class CheckFigures:
    impl: str
    seconds: float
    """Loading the vectors, starting the implementation, running every case, stopping it."""
    exit_code: int
    verdict: str
    """The outcome counts of the run, as ``hcsdoc check`` would sum them up."""
    run_seconds: float | None
    """The runner's own time (the run's ``durationS``): without loading the vectors or starting the implementation."""


def _implementation(impl: str, version: str | None) -> Any:
    """The reference in-process, or the real hcsshim through the capture executable (built on demand)."""
    from hcsdoc.conformance.impl.adapters import Adapter, InProcess, environment_with

    if impl == "reference":
        from hcsdoc.conformance.runner.engine import _tool_version
        from hcsdoc.reference import run_case

        return InProcess(run_case=run_case, name="reference", version=_tool_version(), timeout=10.0)
    from hcsdoc.conformance.capture.build import DEFAULT_VERSION
    from hcsdoc.conformance.capture.process import command

    argv, env = command(version or DEFAULT_VERSION)
    return Adapter(argv, environment_with(env), kind="go", labels={"hcsshim": version or DEFAULT_VERSION})


def time_check(impl: str, vectors: Sequence[Path] | None, version: str | None = None) -> CheckFigures:
    """A conformance check of ``impl`` (``reference`` or ``go``) over ``vectors`` (default: all) with its
    default expectations, timed: what ``hcsdoc check --impl IMPL`` does, as library calls."""
    from hcsdoc.conformance.capture.build import DEFAULT_VERSION
    from hcsdoc.conformance.runner.engine import CheckConfig, run_check
    from hcsdoc.conformance.runner.expectations import default_path, load_expectations
    from hcsdoc.conformance.vectors.suite import load_suite

    t0 = time.perf_counter()
    suite = load_suite(list(vectors) if vectors else None)
    config = CheckConfig(expectations=load_expectations(default_path(impl, version or DEFAULT_VERSION)))
    implementation = _implementation(impl, version)
    try:
        info = implementation.start()
        result = run_check(suite, suite.vectors, implementation, info, config)
    finally:
        implementation.close()
    seconds = time.perf_counter() - t0
    footer = result.footer
    counts = ", ".join(f"{n} {outcome}" for outcome, n in footer["counts"].items())
    verdict = f"{'OK' if result.exit_code == 0 else 'FAILED'}: {footer['run']} cases ({counts})"
    return CheckFigures(impl, seconds, result.exit_code, verdict, float(footer["durationS"]))


@dataclass(frozen=True)
class FuzzFigures:
    target: str
    exec_per_second: int | None
    """libFuzzer's average over the session; None when the session did not run."""
    execs: int | None
    seconds: float
    exit_code: int
    note: str


def fuzz_rate(target: str, seconds: int) -> FuzzFigures:
    """A short fuzzing session on a fresh seed corpus in a temporary folder (no corpus or findings of the current
    folder are touched); libFuzzer's exec/s."""
    from hcsdoc.fuzz.corpus import write_corpus
    from hcsdoc.fuzz.session import FuzzUnavailable, SessionOptions, run_session

    tmp = Path(tempfile.mkdtemp(prefix="hcsdoc-bench-fuzz-"))
    try:
        corpus, _ = write_corpus(target, tmp / "corpus")
        opts = SessionOptions(target, corpus, tmp / "findings", seconds=seconds, status=0)
        stats = run_session(opts)
    except FuzzUnavailable as exc:
        return FuzzFigures(target, None, None, 0.0, -1, str(exc))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if stats.execs == 0:
        return FuzzFigures(target, None, None, stats.seconds, stats.exit_code, "the harness ran no input")
    note = "findings (see a longer run)" if stats.found else ""
    return FuzzFigures(target, stats.exec_per_second, stats.execs, stats.seconds, stats.exit_code, note)


# ------------------------------------------------------------------------------------------------------------
# profile


def profile_reference(cases: Sequence[BenchCase], top: int, passes: int = 3) -> list[dict[str, Any]]:
    """The ``top`` functions by own time over ``passes`` passes of ``convert_prepared`` under pyinstrument
    (sampling)."""
    from pyinstrument import Profiler

    from hcsdoc.reference.api import convert_prepared, prepare_case

    inputs = [prepare_case(c.case) for c in cases]
    for p in inputs:
        convert_prepared(p)
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(passes):
        for p in inputs:
            convert_prepared(p)
    session = profiler.stop()
    own: dict[tuple[str, str], float] = {}

    def walk(frame: Any) -> None:
        # Own time is a frame's time minus its real children's; recursive functions add up under one key.
        key = (frame.function, _short(frame.file_path, frame.line_no))
        own[key] = own.get(key, 0.0) + frame.total_self_time
        for child in frame.children:
            if not child.is_synthetic:
                walk(child)

    root = session.root_frame()
    if root is not None:
        walk(root)
    total = sum(own.values())
    ranked = sorted(own.items(), key=lambda kv: -kv[1])[:top]
    return [
        {"function": f, "where": w, "seconds": round(s, 4), "percent": round(100 * s / total, 1) if total else 0.0}
        for (f, w), s in ranked
    ]


def _short(path: str | None, line: int | None) -> str:
    p = str(path or "?")
    for marker in ("/reference/", "/json/", "/conformance/"):
        if marker in p:
            p = marker.strip("/") + "/" + p.split(marker, 1)[1]
            break
    return f"{p}:{line or 0}"


# ------------------------------------------------------------------------------------------------------------
# report


def source_commit() -> str:
    """The git commit of the code being measured (``+dirty`` with uncommitted changes) when it runs from a git
    checkout; for an installed package, its version (no git is run in site-packages)."""
    if not (_SOURCE_ROOT / ".git").exists():
        from hcsdoc.conformance.runner.engine import _tool_version

        return f"installed hcsdoc {_tool_version()}"
    git = ["git", "-C", str(_SOURCE_ROOT)]
    try:
        head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def _us(ns: float) -> str:
    return f"{ns / 1e3:,.1f}"


def format_table(report: Mapping[str, Any]) -> str:
    """The human-readable summary of a bench report (the dict of :func:`measure`)."""
    lines = [
        f"hcsdoc bench: {report['cases']} cases from {', '.join(report['vectors'])}; "
        f"{report['repeat']} timed passes after {report['warmup']} warm-up; commit {report['commit']}"
    ]
    rows: list[tuple[str, str, str, str]] = [("", "cases/s", "median µs/case", "total ms/pass")]
    ref = report["reference"]
    rows.append(
        ("reference (convert)", f"{ref['cases_per_second']:,.0f}", _us(ref["median_ns"]), f"{ref['pass_ms']:,.1f}")
    )
    whole = report.get("reference_run_case")
    if whole:
        rows.append(
            (
                "reference (run_case, raw case)",
                f"{whole['cases_per_second']:,.0f}",
                _us(whole["median_ns"]),
                f"{whole['pass_ms']:,.1f}",
            )
        )
    go = report.get("go")
    if go:
        rows.append(
            ("go hcsshim (in-process)", f"{go['cases_per_second']:,.0f}", _us(go["median_ns"]), f"{go['pass_ms']:,.1f}")
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        lines.append("  " + r[0].ljust(widths[0]) + "  " + "  ".join(r[i].rjust(widths[i]) for i in (1, 2, 3)))
    if go:
        rt = report["ratio"]
        passes = ref["pass_ms"] / go["pass_ms"]
        lines.append(
            f"ratio reference/go: whole set {rt['total']:.2f} (sum of per-case medians; {passes:.2f} by median pass "
            f"time, which also counts what per-case medians leave out, such as garbage collection), per case median {rt['median']:.2f} (geomean {rt['geomean']:.2f}, "
            f"p10 {rt['p10']:.2f}, p90 {rt['p90']:.2f}); {rt['at_most_one']}/{report['cases']} cases at <= 1.0; "
            "target <= 1.0: " + ("met" if rt["total"] <= 1.0 else "NOT met")
        )
        for cid, x, r_us, g_us in rt["slowest"]:
            lines.append(f"  highest ratio: {cid}  {x:.1f}x  ({r_us:,.1f} µs vs {g_us:,.1f} µs)")
        lines.append(f"  go clock: {go['clock']}; capture process start-up {go['start_seconds']:.2f} s (not counted)")
        if report["outcome_mismatches"]:
            lines.append(
                f"  WARNING: {len(report['outcome_mismatches'])} cases end differently: "
                + ", ".join(report["outcome_mismatches"][:5])
            )
    mem = report.get("memory")
    if mem:
        lines.append(
            f"reference peak memory (tracemalloc): {mem['peak_bytes'] / 1024:,.0f} KiB over a pass; per case median "
            f"{mem['median_case_peak_bytes'] / 1024:,.1f} KiB, max {mem['max_case_peak_bytes'] / 1024:,.0f} KiB "
            f"({mem['max_case_id']})"
        )
    for chk in report.get("check", []):
        if chk.get("seconds") is None:
            lines.append(f"check --impl {chk['impl']}: n/a ({chk.get('note', '')})")
        else:
            per_case = chk["seconds"] / report["cases"]
            lines.append(
                f"check --impl {chk['impl']}: {chk['seconds']:.2f} s wall, "
                f"<= {per_case * 2500:.1f} s projected linearly for 2,500 cases (exit {chk['exit_code']}: {chk['verdict'][:90]})"
            )
    for fz in report.get("fuzz", []):
        rate = "n/a" if fz["exec_per_second"] is None else f"{fz['exec_per_second']:,} exec/s"
        extra = f" ({fz['note']})" if fz["note"] else ""
        lines.append(f"fuzz {fz['target']}: {rate} over {fz['seconds']:.0f} s{extra}")
    for dr in report.get("diff", []):
        lines.append(
            f"diff {dr['name']}: {dr['cases_per_second']:,.0f} cases/s ({dr['cases']} cases in {dr['seconds']:.1f} s"
            f"{', ' + str(dr['mismatches']) + ' MISMATCHES' if dr['mismatches'] else ''})"
        )
    for p in report.get("profile", []):
        lines.append(f"  {p['percent']:5.1f}%  {p['function']}  {p['where']}")
    return "\n".join(lines)


# The headline figures --baseline compares: (label, path into the report, True when higher is better).
_HEADLINES: Final = (
    ("reference µs/case (median)", ("reference", "median_ns"), False),
    ("reference ms/pass", ("reference", "pass_ms"), False),
    ("run_case µs/case (median)", ("reference_run_case", "median_ns"), False),
    ("go µs/case (median)", ("go", "median_ns"), False),
    ("ratio whole set", ("ratio", "total"), False),
    ("ratio per case median", ("ratio", "median"), False),
    ("peak memory KiB", ("memory", "peak_bytes"), False),
)


def _figure(report: Mapping[str, Any], path: tuple[str, str]) -> float | None:
    section = report.get(path[0])
    value = section.get(path[1]) if isinstance(section, Mapping) else None
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    if path[1] == "median_ns":
        return value / 1e3
    if path[1] == "peak_bytes":
        return value / 1024
    return float(value)


def format_baseline(report: Mapping[str, Any], baseline: Mapping[str, Any]) -> str:
    """Each headline figure of ``report`` next to ``baseline``'s (an earlier run's JSON), with the change in per
    cent. The machine is shared: compare ratios (reference/Go, measured in one run) before absolute times."""
    lines = [
        f"against baseline {baseline.get('commit', '?')} ({baseline.get('date', '?')}, {baseline.get('cases', '?')} cases):"
    ]
    fuzz_now = {f["target"]: f.get("exec_per_second") for f in report.get("fuzz", [])}
    fuzz_then = {f["target"]: f.get("exec_per_second") for f in baseline.get("fuzz", [])}
    rows = [(label, _figure(baseline, path), _figure(report, path), higher) for label, path, higher in _HEADLINES]
    rows += [(f"fuzz {t} exec/s", fuzz_then.get(t), fuzz_now.get(t), True) for t in fuzz_now]
    for label, then, now, higher in rows:
        if then is None or now is None:
            continue
        change = (now - then) / then * 100 if then else 0.0
        better = change > 0 if higher else change < 0
        verdict = "" if abs(change) < 0.5 else (" better" if better else " worse")
        lines.append(f"  {label:<28} {then:>10,.2f} -> {now:>10,.2f}  {change:+6.1f}%{verdict}")
    return "\n".join(lines)


def _summary(t: Timings) -> dict[str, float]:
    return {
        "cases_per_second": t.cases_per_second(),
        "median_ns": statistics.median(t.medians()),
        "pass_ms": statistics.median(t.total_ns) / 1e6,
    }


@dataclass(frozen=True)
class BenchOptions:
    vectors: Sequence[Path] | None = None
    repeat: int = 7
    warmup: int = 1
    hcsshim: str | None = None
    go: bool = True
    memory: bool = True
    check: bool = True
    fuzz_targets: Sequence[str] = FUZZ_TARGETS
    """Empty: no fuzz rates."""
    fuzz_seconds: int = 10
    diff_examples: int = 5000
    """0: no differential-run throughput."""
    profile: int = 0


def _time_both(
    cases: Sequence[BenchCase], opts: BenchOptions, warn: Callable[[str], None]
) -> tuple[Timings, GoTimings | None]:
    """:func:`time_interleaved`; the reference alone (and why, to ``warn``) when the capture executable cannot be
    built or run here."""
    from hcsdoc.conformance.capture.build import BuildError
    from hcsdoc.conformance.capture.process import ProtocolError
    from hcsdoc.conformance.capture.wine import SetupError

    try:
        return time_interleaved(cases, opts.repeat, opts.warmup, opts.hcsshim)
    except (SetupError, BuildError, ProtocolError, OSError) as exc:
        warn(f"Go figures skipped: {exc}")
        return time_reference(cases, opts.repeat, opts.warmup), None


def measure(
    cases: Sequence[BenchCase], opts: BenchOptions, warn: Callable[[str], None] = lambda _: None
) -> dict[str, Any]:
    """Every figure of ``opts`` over ``cases``, as the JSON-ready report :func:`format_table` renders."""
    report: dict[str, Any] = {
        "commit": source_commit(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}",
        "vectors": [str(p) for p in opts.vectors] if opts.vectors else ["conformance/vectors/"],
        "cases": len(cases),
        "repeat": opts.repeat,
        "warmup": opts.warmup,
    }
    if opts.go:
        ref, g = _time_both(cases, opts, warn)
    else:
        ref, g = time_reference(cases, opts.repeat, opts.warmup), None
    ref_med = ref.medians()
    report["reference"] = _summary(ref)
    report["reference_run_case"] = _summary(time_run_case(cases, opts.repeat, opts.warmup))
    per_case: dict[str, dict[str, float]] = {c.id: {"reference": m} for c, m in zip(cases, ref_med, strict=True)}
    if g is not None:
        go_med = g.timings.medians()
        report["go"] = {
            **_summary(g.timings),
            "clock": g.clock,
            "start_seconds": g.start_seconds,
        }
        report["ratio"] = asdict(ratio(cases, ref_med, go_med))
        report["outcome_mismatches"] = [
            f"{c.id} (reference {a}, go {b})"
            for c, a, b in zip(cases, ref.outcomes, g.timings.outcomes, strict=True)
            if a != b
        ]
        for c, m in zip(cases, go_med, strict=True):
            per_case[c.id]["go"] = m
    if opts.memory:
        report["memory"] = asdict(peak_memory(cases))
    if opts.check:
        report["check"] = [
            asdict(time_check(impl, opts.vectors, opts.hcsshim))
            for impl in (("reference", "go") if g is not None else ("reference",))
        ]
    if opts.fuzz_targets:
        report["fuzz"] = [asdict(fuzz_rate(t, opts.fuzz_seconds)) for t in opts.fuzz_targets]
    if opts.diff_examples > 0:
        from hcsdoc.conformance.differential.throughput import generator_rate, run_rate

        rates = [generator_rate(opts.diff_examples), run_rate(opts.diff_examples, "reference")]
        rates.append(run_rate(opts.diff_examples, "example-adapter"))
        report["diff"] = [{**asdict(r), "cases_per_second": r.cases_per_second} for r in rates]
    if opts.profile > 0:
        report["profile"] = profile_reference(cases, opts.profile)
    report["per_case_ns"] = per_case
    return report
