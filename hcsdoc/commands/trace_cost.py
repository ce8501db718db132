"""``hcsdoc trace-cost``: what the reference's trace sites (``hcsdoc explain``) add to a conversion when no
tracer is attached, against the same reference with the sites removed, in one run over the vectors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "measure what the explain trace sites cost a conversion when explain is off (one run, alternating passes)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--vectors", action="append", type=Path, metavar="PATH", help="vector file or folder (default: all)"
    )
    parser.add_argument("--repeat", type=int, default=7, metavar="N", help="timed passes (default 7; medians)")
    parser.add_argument("--warmup", type=int, default=1, metavar="N", help="untimed passes first (default 1)")
    parser.add_argument(
        "--max-overhead", type=float, default=20.0, metavar="PCT", help="exit 1 above this overhead (default 20)"
    )


def run(args: argparse.Namespace) -> int:
    from hcsdoc.conformance.vectors.files import VectorFileError, load_vector_file, vector_paths
    from hcsdoc.explain.fields import Recorder
    from hcsdoc.explain.tracecost import measure
    from hcsdoc.reference.api import CaseError, prepare_case

    try:
        cases = [c["case"] for p in vector_paths(args.vectors) for c in load_vector_file(p).data["cases"]]
        prepared = [prepare_case(c) for c in cases]
    except (VectorFileError, CaseError, KeyError, TypeError) as exc:
        print(f"hcsdoc trace-cost: {exc}", file=sys.stderr)
        return 2
    if not prepared or args.repeat < 1 or args.warmup < 0:
        print("hcsdoc trace-cost: no cases, or --repeat < 1", file=sys.stderr)
        return 2
    f = measure(prepared, Recorder, args.repeat, args.warmup)
    print(f"cases: {f.cases}; trace sites removed for the baseline: {f.sites_removed}; medians of {args.repeat} passes")
    print(f"  reference without trace sites    {f.untraced_ms:9.1f} ms/pass   1.000")
    print(f"  reference, explain off (shipped) {f.traced_off_ms:9.1f} ms/pass   {f.traced_off_ms / f.untraced_ms:.3f}")
    print(f"  reference, explain on (recorder) {f.traced_on_ms:9.1f} ms/pass   {f.traced_on_ms / f.untraced_ms:.3f}")
    pct = f.overhead * 100
    verdict = "OK" if pct < args.max_overhead else "TOO SLOW"
    print(f"{verdict}: explain off adds {pct:+.1f}% to a conversion (limit {args.max_overhead:g}%)")
    return 0 if pct < args.max_overhead else 1
