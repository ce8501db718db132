"""``hcsdoc reach``: how much of the converter the case strategies reach (branches, or value classes)."""

from __future__ import annotations

import argparse
import json

HELP = "measure which reference branches N generated cases reach (coverage.py, branch mode), or --classes"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--examples", "-n", type=int, default=2000, help="number of distinct cases (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="draw seed (default 0)")
    parser.add_argument("--region", choices=("any", "document", "error", "wild", "decoder"), default="any")
    parser.add_argument(
        "--isolation", default=None, help="pin the isolation branch (see conformance.strategies.ISOLATIONS)"
    )
    parser.add_argument(
        "--classes",
        action="store_true",
        help="input-class reach instead: which value classes each field draws (conformance/differential/classes.py)",
    )
    parser.add_argument("--json", dest="json_out", default=None, help="also write the coverage report (JSON) here")


def _share(reached: int, branches: int) -> str:
    return f"{reached}/{branches} ({100.0 * reached / branches if branches else 100.0:.1f}%)"


def run(args: argparse.Namespace) -> int:
    from hcsdoc.conformance.differential.reach import PARTS, draw_cases, measure, tally

    cases = draw_cases(args.examples, args.seed, args.region, isolation=args.isolation)
    if args.classes:
        from hcsdoc.conformance.differential.classes import measure_classes, render_classes

        reach = measure_classes(cases)
        print(render_classes(reach))
        return 1 if reach.missing() else 0
    report = measure(cases)
    parts, stale = tally(report)
    print(f"{'part':<10} {'module':<30} {'branches':>8} {'reached':>8} {'share':>7}")
    for part in PARTS:
        for module, (nb, cb) in sorted(parts[part].modules.items()):
            share = 100.0 * cb / nb if nb else 100.0
            print(f"{part:<10} {module:<30} {nb:>8} {cb:>8} {share:>6.1f}%")
    outcomes = ", ".join(f"{k}={v}" for k, v in sorted(report["outcomes"].items()))
    print(f"{len(cases)} cases (seed {args.seed}, region {args.region}) [{outcomes}]")
    conv = parts["converter"]
    n_unreachable = len(conv.unreachable) + len(conv.unreachable_reached)
    reachable = conv.branches - n_unreachable
    reached_reachable = conv.reached - len(conv.unreachable_reached)
    print(
        f"CONVERTER {_share(conv.reached, conv.branches)} of all branches; "
        f"{_share(reached_reachable, reachable)} of the {reachable} reachable ones "
        f"({n_unreachable} argued unreachable, see conformance/differential/reach.py)"
    )
    for part in PARTS[1:]:
        print(f"{part} (reported, not in the target): {_share(parts[part].reached, parts[part].branches)}")
    for part in PARTS:
        if parts[part].missing:
            print(f"{part}: branches not reached:")
            for line in parts[part].missing:
                print("  " + line)
    for line in conv.unreachable_reached:
        print(f"ERROR: branch argued unreachable was reached: {line}")
    for line in stale:
        print(f"ERROR: UNREACHABLE entry matches no branch (stale): {line}")
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1, sort_keys=True)
    ok = not conv.missing and not conv.unreachable_reached and not stale
    return 0 if ok else 1
