"""``hcsdoc mutate``: mutation testing of the reference (conformance/mutation/).

* ``hcsdoc mutate --shard 1/2 --examples 20000``: run every second mutant against the vectors and, for the
  survivors, a differential run of 20,000 generated cases against the pristine reference; results go to
  ``reports/mutation/shard-1-of-2.jsonl``. Run the shards one after another or side by side (one core each).
* ``hcsdoc mutate --report``: merge the shard files and ``conformance/mutation/equivalent.json`` into
  ``docs/mutation.md`` (exit 1 while a survivor is neither killed nor argued equivalent).

Needs cosmic-ray (the dev extra). Exit codes: 0 done, 1 unjudged survivors (``--report``), 2 usage.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

HELP = "mutation testing of the reference: vectors, then a differential run for survivors; sharded; report"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--shard", default="1/1", metavar="K/N", help="run the K-th of N shards (default 1/1)")
    parser.add_argument("--examples", type=int, default=20000, metavar="N", help="differential cases (20000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the differential stream (default 0)")
    parser.add_argument("--timeout", type=int, default=120, metavar="S", help="seconds per mutant (120)")
    parser.add_argument(
        "--import-cap",
        type=int,
        default=2000,
        metavar="N",
        help="differential cases for a mutant of a line run only at import (2000)",
    )
    parser.add_argument("--module", default=None, metavar="TEXT", help="only mutants of modules containing TEXT")
    parser.add_argument(
        "--sample",
        type=int,
        default=1,
        metavar="K",
        help="run every K-th mutant only (a deterministic sample; default 1: all)",
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N mutants")
    parser.add_argument(
        "--out", type=Path, default=Path("reports/mutation"), metavar="DIR", help="results (reports/mutation)"
    )
    parser.add_argument(
        "--rerun-survivors",
        action="store_true",
        help="run the survivors of the shard files in --out again (after a fix: a new vector or a generator "
        "improvement), with the current vectors and generator, and the mutants new since those files (changed "
        "sources); writes rerun-K-of-N.jsonl",
    )
    parser.add_argument("--report", action="store_true", help="write docs/mutation.md from the shard files")
    parser.add_argument("--doc", type=Path, default=Path("docs/mutation.md"), metavar="FILE", help="--report: target")
    parser.add_argument("--list", action="store_true", help="print the number of mutants per operator and exit")


def run(args: argparse.Namespace) -> int:
    try:
        import cosmic_ray  # noqa: F401
    except ImportError:
        print("hcsdoc mutate: needs cosmic-ray: pip install -e '.[dev]'", file=sys.stderr)
        return 2
    if args.report:
        from hcsdoc.conformance.mutation.report import write_report

        try:
            return write_report(args.out, args.doc)
        except (OSError, ValueError) as exc:
            print(f"hcsdoc mutate: {exc}", file=sys.stderr)
            return 2
    m = re.fullmatch(r"(\d+)/(\d+)", args.shard)
    if m is None or not 1 <= int(m.group(1)) <= int(m.group(2)):
        print(f"hcsdoc mutate: --shard must be K/N with 1 <= K <= N, not {args.shard!r}", file=sys.stderr)
        return 2
    if args.examples < 0 or args.timeout < 1:
        print("hcsdoc mutate: --examples must not be negative, --timeout must be positive", file=sys.stderr)
        return 2
    from hcsdoc.conformance.mutation import execute
    from hcsdoc.conformance.mutation.points import all_mutants

    mutants = [x for x in all_mutants() if args.module is None or args.module in x.module]
    prefix = "shard"
    if args.rerun_survivors:
        from hcsdoc.conformance.mutation.report import load_shards

        try:
            _, records, _ = load_shards(args.out)
        except (OSError, ValueError) as exc:
            print(f"hcsdoc mutate: {exc}", file=sys.stderr)
            return 2
        survivors = {r["key"] for r in records if r["outcome"] == execute.SURVIVED}
        known = {r["key"] for r in records}
        # and the mutants the shard files do not know: the reference's sources changed since the full run
        mutants = [x for x in mutants if x.key in survivors or x.key not in known]
        # one file set per rerun: a rerun of one module's survivors does not replace an earlier rerun's file
        label = re.sub(r"[^A-Za-z0-9]+", "_", args.module).strip("_") if args.module else ""
        prefix, args.sample = ("rerun-" + label) if label else "rerun", 1
    if args.sample < 1:
        print("hcsdoc mutate: --sample must be positive", file=sys.stderr)
        return 2
    mutants = [x for x in mutants if x.index % args.sample == 0]
    if args.limit is not None:
        mutants = mutants[: args.limit]
    if args.list:
        counts: dict[str, int] = {}
        for x in mutants:
            counts[x.operator] = counts.get(x.operator, 0) + 1
        for op, c in sorted(counts.items()):
            print(f"{c:6d}  {op}")
        print(f"{len(mutants):6d}  mutants")
        return 0
    k, n = int(m.group(1)), int(m.group(2))
    t0 = time.monotonic()
    work, header = execute.prepare(args.out, args.examples, args.seed, args.timeout, args.import_cap)
    header = {**header, "sample": args.sample, "population": len(all_mutants())}
    print(
        f"mutate: {len(work.vectors)} vectors, {len(work.cases)} differential cases "
        f"(seed {args.seed}, digest {header['digest']}) ready in {time.monotonic() - t0:.1f}s",
        flush=True,
    )
    last = [time.monotonic()]

    def progress(i: int, total: int, c: dict[str, int]) -> None:
        if time.monotonic() - last[0] >= 30 or i == total:
            last[0] = time.monotonic()
            print(f"  {i}/{total}: " + ", ".join(f"{v} {o}" for o, v in sorted(c.items())), flush=True)

    started = time.monotonic()
    counts = execute.run_shard(args.out, k, n, work, header, mutants, progress, prefix)
    print(f"mutate: shard {k}/{n}: {sum(counts.values())} mutants in {time.monotonic() - started:.0f}s; " + str(counts))
    print(
        f"mutate: results in {execute.shard_path(args.out, k, n, prefix)}; then: hcsdoc mutate --report --out {args.out}"
    )
    return 0
