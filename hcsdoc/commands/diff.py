"""``hcsdoc diff``: differential testing of the reference against the real Go hcsshim, and the planted-bug check.

* ``hcsdoc diff --examples 20000``: generate cases, run each through the reference and the capture executable (one
  Wine process), shrink every mismatch, deduplicate by fingerprint and write each finding as a capture-ready case
  file (``findings/diff/<id>.jsonl``, one JSON line) plus a report (``<id>.json``). Prints cases per second.
* ``hcsdoc diff --planted-bugs --seeds 20``: the shrink-quality check; the oracle is the unmutated reference, so
  it needs no Wine (conformance/mutants.py).

Exit codes: 0 no mismatch (or every planted bug meets the targets), 1 mismatches (or a target missed), 2 usage.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HELP = "differential testing: reference vs the real Go hcsshim (shrunk, deduplicated findings); planted-bug check"

_TARGET: float = 0.95


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--examples", type=int, default=None, metavar="N", help="cases to generate (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="generation seed (default 0)")
    parser.add_argument(
        "--region", default="any", choices=("any", "document", "error", "wild"), help="strategy region (default any)"
    )
    parser.add_argument(
        "--derive",
        type=int,
        default=None,
        metavar="K",
        help="JSON-level variants per Hypothesis-drawn case (default 39 for a run, 0 for --planted-bugs)",
    )
    parser.add_argument("--batch", type=int, default=500, metavar="N", help="cases per batch sent to Go (500)")
    parser.add_argument("--no-shrink", action="store_true", help="report mismatches unshrunk")
    parser.add_argument("--max-shrinks", type=int, default=50, metavar="N", help="shrink at most N mismatches (50)")
    parser.add_argument(
        "--out", type=Path, default=Path("findings/diff"), metavar="DIR", help="where findings go (findings/diff)"
    )
    parser.add_argument("--hcsshim", default=None, metavar="VERSION", help="hcsshim version of the capture tool")
    parser.add_argument(
        "--against",
        default="go",
        choices=("go", "reference"),
        help="the oracle: the capture executable (default) or the reference itself (a smoke test of the loop)",
    )
    parser.add_argument(
        "--plant",
        default=None,
        metavar="MUTANT",
        help="plant this bug (conformance/mutants.py) in the reference for the run: an end-to-end check",
    )
    parser.add_argument("--planted-bugs", action="store_true", help="run the planted-bug (shrink quality) check")
    parser.add_argument("--seeds", type=int, default=20, metavar="N", help="--planted-bugs: seeds 0..N-1 (20)")
    parser.add_argument(
        "--mutant", action="append", default=None, metavar="NAME", help="--planted-bugs: only these (repeatable)"
    )


def run(args: argparse.Namespace) -> int:
    if args.planted_bugs:
        return _planted(args)
    return _diff(args)


def _diff(args: argparse.Namespace) -> int:
    from hcsdoc.conformance import differential as d

    examples = 2000 if args.examples is None else args.examples
    derive = 39 if args.derive is None else args.derive
    if examples < 1 or derive < 0 or args.batch < 1:
        print("hcsdoc diff: --examples and --batch must be positive, --derive not negative", file=sys.stderr)
        return 2
    stop = None
    go_errors: tuple[type[Exception], ...] = ()
    if args.against == "go":
        from hcsdoc.conformance.capture.build import BuildError
        from hcsdoc.conformance.capture.process import ProtocolError
        from hcsdoc.conformance.capture.wine import SetupError

        try:
            oracle, stop = d.go_runner(args.hcsshim)
        except (SetupError, BuildError, ProtocolError, OSError) as exc:
            print(f"hcsdoc diff: the capture executable is not available: {exc}", file=sys.stderr)
            print("  set it up with: hcsdoc capture --setup && hcsdoc capture --build", file=sys.stderr)
            return 2
        name = "go hcsshim " + (args.hcsshim or "v0.11.8")
        go_errors = (ProtocolError,)
    else:
        oracle, name = d.reference_runner(), "reference"
    subject = d.reference_runner()
    if args.plant is not None:
        from hcsdoc.conformance.differential.mutants import by_name

        try:
            subject = d.planted_runner(by_name(args.plant))
        except KeyError as exc:
            print(f"hcsdoc diff: {exc.args[0]}", file=sys.stderr)
            return 2
    from hcsdoc.conformance.differential.digest import DigestSource
    from hcsdoc.conformance.strategies.reproducible import stream_label

    gen = d.CaseGenerator(seed=args.seed, region=args.region, derive=derive)
    source = DigestSource(gen, examples)
    last = [time.monotonic()]

    def progress(s: d.RunStats) -> None:
        if time.monotonic() - last[0] >= 5:
            last[0] = time.monotonic()
            print(
                f"  {s.cases} cases, {s.rate:.0f}/s, {s.mismatches} mismatches, {len(s.findings)} findings", flush=True
            )

    try:
        stats = d.run_differential(
            examples,
            oracle,
            subject=subject,
            generator=source,
            batch_size=args.batch,
            do_shrink=not args.no_shrink,
            max_shrinks=args.max_shrinks,
            progress=progress,
        )
    except go_errors as exc:
        print(f"hcsdoc diff: the capture process failed: {exc}", file=sys.stderr)
        return 1
    finally:
        if stop is not None:
            stop()
    gen_rate = stats.cases / max(stats.seconds - stats.shrink_seconds, 1e-9)
    print(
        f"diff: reference vs {name}: {stats.cases} cases in {stats.seconds:.1f}s = {stats.rate:.0f} cases/s "
        f"({gen_rate:.0f}/s without shrinking; {gen.drawn} drawn by Hypothesis, {gen.derived} derived, "
        f"{gen.dropped} malformed variants dropped; seed {args.seed}, derive {derive})"
    )
    print(
        f"diff: case digest {source.digest} ({source.count} cases; seed {args.seed}, region {args.region}, "
        f"derive {derive}, batch {args.batch}, {stream_label()})"
    )
    print(f"diff: {stats.mismatches} mismatches, {len(stats.findings)} distinct findings (by fingerprint)")
    for f in sorted(stats.findings.values(), key=lambda f: f.found_at):
        case_path, report_path = d.write_finding(f, args.out)
        shrunk = f" shrunk in {f.shrink.tests} tests/{f.shrink.seconds:.1f}s" if f.shrink else ""
        print(f"  {f.id}: first at case {f.found_at}, {f.duplicates} more,{shrunk}; report {report_path}")
        for p in f.paths:
            print(f"      {p}")
        print(f"    capture its expected result: hcsdoc capture --cases {case_path}")
    return 1 if stats.mismatches else 0


def _planted(args: argparse.Namespace) -> int:
    from hcsdoc.conformance import differential as d
    from hcsdoc.conformance.differential.mutants import MUTANTS

    examples = 1000 if args.examples is None else args.examples
    derive = 0 if args.derive is None else args.derive
    known = {m.name for m in MUTANTS}
    for n in args.mutant or ():
        if n not in known:
            print(f"hcsdoc diff: no mutant {n!r}; known: {', '.join(sorted(known))}", file=sys.stderr)
            return 2
    started = time.monotonic()
    results = d.planted_check(
        range(args.seeds), examples=examples, names=args.mutant, derive=derive, region=args.region
    )
    ok = True
    print(f"planted bugs: {args.seeds} seeds, up to {examples} examples each (derive {derive}); oracle: the reference")
    for r in results:
        seeds = len(r.seeds)
        found = [s.found_at for s in r.seeds if s.found_at is not None]
        median = f"median {statistics.median(found):.0f}, max {max(found)}" if found else "-"
        tests = [s.shrink_tests for s in r.seeds if s.found_at is not None]
        secs = [s.shrink_seconds for s in r.seeds if s.found_at is not None]
        shrink = f"; shrink median {statistics.median(tests):.0f} tests {statistics.median(secs):.2f}s" if tests else ""
        if r.equivalent:
            verdict = "ok (equivalent, never found)" if not found else "FAIL (equivalent mutant reported)"
            ok &= not found
        else:
            good = r.found >= _TARGET * seeds and r.minimal >= _TARGET * seeds
            ok &= good
            verdict = "ok" if good else "below target"
        print(
            f"  {r.mutant}: found within {examples} examples in {r.found}/{seeds} seeds ({median}); "
            f"shrunk to the minimal case in {r.minimal}/{seeds} seeds ({100 * r.minimal / max(seeds, 1):.0f}%; "
            f"{r.minimal}/{r.found} of those found)"
            f"{shrink}: {verdict}"
        )
    print(f"planted bugs: {time.monotonic() - started:.1f}s")
    return 0 if ok else 1
