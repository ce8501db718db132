"""``hcsdoc bench``: the benchmark of :mod:`hcsdoc.bench` (what each figure means is said there): a table on
stdout and every figure in a JSON file, by default ``reports/bench.json`` in the current folder."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Final

from hcsdoc.fuzz.session import TARGETS as FUZZ_TARGETS

HELP = "benchmark the reference against the real Go hcsshim, a conformance check and the fuzzers (table + JSON)"

DEFAULT_JSON: Final = Path("reports") / "bench.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--vectors", action="append", type=Path, metavar="PATH", help="vector file or folder (default: all)"
    )
    parser.add_argument("--repeat", type=int, default=7, metavar="N", help="timed passes (default 7; medians)")
    parser.add_argument("--warmup", type=int, default=1, metavar="N", help="untimed passes first (default 1)")
    parser.add_argument("--hcsshim", default=None, metavar="VERSION", help="hcsshim version (default v0.11.8)")
    parser.add_argument("--no-go", action="store_true", help="skip the Go timing (and the ratio)")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument("--no-check", action="store_true", help="skip timing the conformance check")
    parser.add_argument("--no-fuzz", action="store_true", help="skip the fuzz rates")
    parser.add_argument("--no-diff", action="store_true", help="skip the differential-run throughput")
    parser.add_argument(
        "--diff-examples", type=int, default=5000, metavar="N", help="generated cases per differential run (5000)"
    )
    parser.add_argument(
        "--fuzz-target",
        action="append",
        choices=FUZZ_TARGETS,
        metavar="T",
        help=f"fuzz harness to time (repeatable; default: {', '.join(FUZZ_TARGETS)})",
    )
    parser.add_argument("--fuzz-time", type=int, default=10, metavar="S", help="seconds per fuzz run (default 10)")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="also print the reference's top N functions (pyinstrument)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        metavar="PATH",
        help="an earlier run's JSON (e.g. a copy of reports/bench.json from another commit): print each headline "
        "figure next to it, with the change",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        metavar="PATH",
        help=f"write the figures here (default {DEFAULT_JSON}, in the current folder)",
    )


def _err(msg: str) -> int:
    print(f"hcsdoc bench: {msg}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from hcsdoc.bench import BenchOptions, format_baseline, format_table, load_cases, measure
    from hcsdoc.conformance.results import safejson
    from hcsdoc.conformance.vectors.files import VectorFileError

    if args.repeat < 1 or args.warmup < 0:
        return _err("--repeat must be >= 1 and --warmup >= 0")
    baseline: dict[str, Any] | None = None
    if args.baseline is not None:
        try:
            baseline = safejson.loads(args.baseline.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return _err(f"--baseline {args.baseline}: {exc}")
        if not isinstance(baseline, dict) or not isinstance(baseline.get("reference"), dict):
            return _err(f"--baseline {args.baseline}: not a report of hcsdoc bench")
    try:
        cases = load_cases(args.vectors)
    except VectorFileError as exc:
        return _err(str(exc))
    if not cases:
        return _err("no cases")
    opts = BenchOptions(
        vectors=args.vectors,
        repeat=args.repeat,
        warmup=args.warmup,
        hcsshim=args.hcsshim,
        go=not args.no_go,
        memory=not args.no_memory,
        check=not args.no_check,
        fuzz_targets=() if args.no_fuzz else tuple(args.fuzz_target or FUZZ_TARGETS),
        fuzz_seconds=args.fuzz_time,
        diff_examples=0 if args.no_diff else args.diff_examples,
        profile=args.profile,
    )
    report = measure(cases, opts, warn=lambda msg: print(f"hcsdoc bench: {msg}", file=sys.stderr))
    print(format_table(report))
    if baseline is not None:
        print(format_baseline(report, baseline))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")
    return 0
