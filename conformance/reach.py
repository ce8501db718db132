"""``hcsdoc reach``: how much of the reference the case strategies reach.

Draws N cases from :func:`conformance.strategies.cases` (deterministically, see :func:`draw_cases`), runs each
through the reference under coverage.py in branch mode (measuring only ``reference/``), and prints the share of
branches reached, per file and in total, and every branch never taken (``file:line->line``; a negative target is
an exit from the function). Exit status 0 when every branch was reached, 1 otherwise.

:func:`draw_cases` is also the deterministic case source for the capture tool's generated vectors and for the
fuzzers' seed corpora.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from typing import Any

from conformance.case import canonical_json

HELP = "measure which reference branches N generated cases reach (coverage.py, branch mode)"

__all__ = ["HELP", "add_arguments", "draw_cases", "measure", "run"]


def draw_cases(n: int, seed: int, region: str = "any", *, isolation: str | None = None) -> list[dict[str, Any]]:
    """``n`` distinct complete cases drawn from ``cases(region=..., isolation=...)``, in draw order.

    Deterministic for a given ``seed`` and Hypothesis version: a ``@given`` test with ``@seed``, no example
    database and only the generate phase collects the examples; duplicates (by canonical JSON) are dropped and the
    run repeats with the next seed until ``n`` distinct cases are collected.
    """
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    from conformance.strategies import cases

    strategy = cases(region=region, isolation=isolation)  # type: ignore[arg-type]
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    attempt = 0
    while len(out) < n:
        want = n - len(out)

        @hseed(seed + attempt)
        @settings(
            max_examples=want + 10,  # the first example of every run is the same minimal one
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
            derandomize=False,
        )
        @given(strategy)
        def collect(case: dict[str, Any]) -> None:
            key = canonical_json(case)
            if key not in seen and len(out) < n:
                seen.add(key)
                out.append(case)

        collect()
        attempt += 1
        if attempt > 50:
            raise RuntimeError(f"could not draw {n} distinct cases (got {len(out)})")
    return out


def measure(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Run ``cases`` through ``reference.run_case`` under branch coverage of ``reference/``; coverage.py's JSON
    report plus an ``outcomes`` tally (documents / error / panic / exception)."""
    import coverage

    ref_dir = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "reference")
    cov = coverage.Coverage(branch=True, source=[ref_dir], data_file=None, config_file=False)
    outcomes: Counter[str] = Counter()
    # Import the reference only while measuring so its module-level lines count as reached.
    for name in [m for m in sys.modules if m == "reference" or m.startswith("reference.")]:
        del sys.modules[name]
    cov.start()
    try:
        from reference import run_case

        for case in cases:
            try:
                result = run_case(case)
            except Exception as exc:  # an unmodelled failure of the reference: count it, keep measuring
                outcomes[f"exception:{type(exc).__name__}"] += 1
                continue
            outcomes[next(iter(k for k in ("documents", "error", "panic") if k in result), "other")] += 1
    finally:
        cov.stop()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "cov.json")
        cov.json_report(outfile=path, show_contexts=False)
        with open(path, encoding="utf-8") as f:
            report: dict[str, Any] = json.load(f)
    report["outcomes"] = dict(outcomes)
    return report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--examples", "-n", type=int, default=2000, help="number of distinct cases (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="draw seed (default 0)")
    parser.add_argument("--region", choices=("any", "document", "error", "wild", "decoder"), default="any")
    parser.add_argument(
        "--isolation", default=None, help="pin the isolation branch (see conformance.strategies.ISOLATIONS)"
    )
    parser.add_argument("--json", dest="json_out", default=None, help="also write the coverage report (JSON) here")


def run(args: argparse.Namespace) -> int:
    cases = draw_cases(args.examples, args.seed, args.region, isolation=args.isolation)
    report = measure(cases)
    files = report["files"]
    total_b = covered_b = 0
    missing_lines: list[str] = []
    print(f"{'file':<42} {'branches':>8} {'reached':>8} {'share':>7}")
    for name in sorted(files):
        s = files[name]["summary"]
        nb, cb = s["num_branches"], s["covered_branches"]
        total_b += nb
        covered_b += cb
        rel = os.path.relpath(name)
        share = 100.0 * cb / nb if nb else 100.0
        print(f"{rel:<42} {nb:>8} {cb:>8} {share:>6.1f}%")
        for src, dst in files[name].get("missing_branches", []):
            missing_lines.append(f"{rel}:{src}->{dst}")
    share = 100.0 * covered_b / total_b if total_b else 100.0
    outcomes = ", ".join(f"{k}={v}" for k, v in sorted(report["outcomes"].items()))
    print(f"TOTAL {covered_b}/{total_b} branches reached ({share:.1f}%) by {len(cases)} cases [{outcomes}]")
    if missing_lines:
        print("missing branches:")
        for line in missing_lines:
            print("  " + line)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1, sort_keys=True)
    return 0 if covered_b == total_b else 1
