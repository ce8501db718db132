"""``hcsdoc matrix``: the vectors through every distinct hcsshim behaviour from v0.8.7 to v0.14.1, side by side."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hcsdoc.conformance.capture.versions import Table

HELP = "run the vectors through every distinct hcsshim release behaviour (v0.8.7..v0.14.1) and report the changes"

_DOCS = Path("docs")  # the current folder's docs/ (run from the checkout to refresh the committed report)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--table", action="store_true", help="print the tag -> build table and exit")
    parser.add_argument(
        "--regroup",
        action="store_true",
        help="recompute the release table from a git repository of hcsshim (--git) and write it",
    )
    parser.add_argument(
        "--git", default=os.environ.get("HCSDOC_HCSSHIM_GIT"), metavar="DIR", help="hcsshim git dir (for --regroup)"
    )
    parser.add_argument("--build-only", action="store_true", help="build every behaviour (sequentially) and exit")
    parser.add_argument(
        "--only", action="append", default=[], metavar="TAG", help="only this behaviour (a tag of it; repeatable)"
    )
    parser.add_argument("--vectors", action="append", default=[], metavar="PATH", help="vector file or folder")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG", help="cases with this tag")
    parser.add_argument("--id", action="append", default=[], dest="ids", metavar="GLOB", help="cases whose id matches")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds per case (default 10)")
    parser.add_argument(
        "--out-dir",
        default=str(_DOCS),
        metavar="DIR",
        help="where hcsshim-versions.{md,html,json} and badges/ go (default: ./docs, the committed report when run from the checkout)",
    )
    parser.add_argument("--no-report", action="store_true", help="print the counts only, write no report")
    parser.add_argument(
        "--check-grouping",
        action="store_true",
        help="also build the first tag of each multi-tag behaviour and check that it answers every case alike",
    )
    parser.add_argument(
        "--release-diffs",
        action="store_true",
        help="instead of the vectors: hcsdoc diff between each consecutive pair of the last --last behaviours the "
        "report in --out-dir ran (newer as the implementation, older as the oracle), --examples cases each, every "
        "class shrunk; writes hcsshim-release-diffs.json there and renders the report again with it",
    )
    parser.add_argument("--last", type=int, default=4, metavar="K", help="--release-diffs: the last K behaviours (4)")
    parser.add_argument(
        "--examples", type=int, default=20000, metavar="N", help="--release-diffs: cases per pair (20000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="--release-diffs: seed of the case stream (0)")
    parser.add_argument(
        "--update-expectations",
        action="store_true",
        help="rewrite conformance/expectations/go-VERSION.json of each version run, reasons from "
        "conformance/expectations/hcsshim-reasons.json",
    )


def _err(msg: str) -> int:
    print(f"hcsdoc matrix: error: {msg}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from hcsdoc.conformance.capture.build import BuildError
    from hcsdoc.conformance.capture.fingerprint import FingerprintError
    from hcsdoc.conformance.capture.versions import load_table, regroup, table_lines, write_table
    from hcsdoc.conformance.matrix.run import VersionRun, build_behaviour, run_matrix, select_behaviours

    if args.regroup:
        if not args.git or not Path(args.git).exists():
            return _err(
                "--regroup needs --git DIR (or HCSDOC_HCSSHIM_GIT): a clone of https://github.com/microsoft/hcsshim"
            )
        try:
            write_table(regroup(Path(args.git)))
        except FingerprintError as exc:
            return _err(str(exc))
    table = load_table()
    if args.table or args.regroup:
        print("\n".join(table_lines(table)))
        print(f"{len(table.tags)} tags, {len(table.behaviours)} behaviours")
        return 0
    if args.release_diffs:
        return _release_diffs(args, table)
    try:
        behaviours = select_behaviours(table, args.only)
    except KeyError as exc:
        return _err(str(exc.args[0]))
    if args.build_only:
        failed = 0
        for b in behaviours:
            t0 = time.monotonic()
            try:
                build_behaviour(b)
                print(f"{b.id}: built or cached ({time.monotonic() - t0:.1f}s)")
            except BuildError as exc:
                failed += not b.era_def().unsupported
                print(f"{b.id}: not built: {' '.join(str(exc).split())[:300]}")
        return 1 if failed else 0
    if args.timeout <= 0:
        return _err("--timeout must be positive")

    from hcsdoc.conformance.matrix.expectations import ReasonsError, load_reasons, update_version_expectations
    from hcsdoc.conformance.matrix.report import summary, write_all
    from hcsdoc.conformance.runner.selection import Selection, select
    from hcsdoc.conformance.vectors.suite import SuiteError, load_suite

    try:
        suite = load_suite(args.vectors or None)
        reasons = load_reasons() if args.update_expectations else None
    except (SuiteError, ReasonsError) as exc:
        return _err(str(exc))
    selection = Selection(tuple(args.tag), (), tuple(args.ids), None)
    selected = select(suite.vectors, selection)
    if selection.filters and not selected:
        return _err("no case matches the selection (--tag/--id)")

    if args.check_grouping:
        from hcsdoc.conformance.matrix.run import check_grouping

        checks = check_grouping(
            behaviours, suite, selected, progress=lambda m: print(f"hcsdoc matrix: {m}", file=sys.stderr, flush=True)
        )
        for c in checks:
            detail = f"{len(c.differing)} case(s) differ" + (f", e.g. {c.differing[0]}" if c.differing else "")
            failure = f"{c.status}: {c.reason[:300]}"
            print(f"grouping {c.tag} = {c.behaviour}: {detail if c.status == 'ran' else failure}")
        return 1 if any(c.differing or c.status != "ran" for c in checks) else 0

    started = time.monotonic()
    todo = 0

    def after_run(run: VersionRun) -> None:
        nonlocal todo
        if reasons is not None:
            todo += update_version_expectations(run, suite, reasons)

    runs, pairs = run_matrix(
        behaviours,
        suite,
        selected,
        progress=lambda m: print(f"hcsdoc matrix: {m}", file=sys.stderr, flush=True),
        timeout=args.timeout,
        after_run=after_run,
    )
    wall = time.monotonic() - started
    for r in runs:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(r.counts.items())) if r.status == "ran" else r.status
        print(f"{r.behaviour.id:<9} {r.behaviour.label:<18} {counts}; unexpected {r.unexpected}")
    for before, after, changes in pairs:
        for ch in changes:
            if ch.panic:
                print(f"PANIC {before} -> {after}: {len(ch.cases)} case(s), {ch.cause[:160]}; minimal {ch.example}")
    print(f"{sum(len(ch.cases) for _, _, c in pairs for ch in c)} changes across {len(pairs)} pairs; wall {wall:.1f}s")

    if not args.no_report:
        from hcsdoc.conformance.matrix.releases import RESULTS_NAME, ReleaseDiffError, load_results, mark_vectors

        out = Path(args.out_dir)
        meta = {"selection": selection.to_json(), "wallSeconds": round(wall, 1)}
        data = summary(table, runs, pairs, len(selected), meta)
        try:  # the differential runs between releases recorded in --out-dir stay in the report
            release_diffs = load_results(out / RESULTS_NAME)
        except (OSError, ValueError, ReleaseDiffError) as exc:
            return _err(str(exc))
        if release_diffs is not None:
            mark_vectors(release_diffs, [v.case for v in suite.vectors])
            data["releaseDiffs"] = release_diffs
        write_all(
            data,
            out / "hcsshim-versions.md",
            out / "hcsshim-versions.html",
            out / "hcsshim-versions.json",
            out / "badges",
        )
        print(f"wrote {out / 'hcsshim-versions.md'}, .html, .json and {len(runs)} badges in {out / 'badges'}")
    if todo:
        print(f"hcsdoc matrix: {todo} expectation(s) without a reason (add a rule to hcsshim-reasons.json)")
        return 1
    bad = any(r.status == "build failed" or (r.status == "ran" and r.exit_code) for r in runs)
    return 1 if bad and not args.update_expectations else 0


def _release_diffs(args: argparse.Namespace, table: Table) -> int:
    import json

    from hcsdoc.conformance.differential.session import SideUnavailable
    from hcsdoc.conformance.impl.resolve import ResolveError
    from hcsdoc.conformance.matrix import releases
    from hcsdoc.conformance.matrix.report import write_all
    from hcsdoc.conformance.matrix.run import select_behaviours
    from hcsdoc.conformance.vectors.suite import SuiteError, load_suite

    if args.examples < 1 or args.last < 2:
        return _err("--examples must be positive and --last at least 2")
    out = Path(args.out_dir)
    summary_path = out / "hcsshim-versions.json"
    try:
        data = json.loads(summary_path.read_text(encoding="utf-8"))
        suite = load_suite(args.vectors or None)
    except (OSError, ValueError, SuiteError) as exc:
        return _err(f"{exc} (--release-diffs runs after hcsdoc matrix has written its report in --out-dir)")
    built = releases.built_behaviours(data)
    if args.only:  # tags, as for the matrix itself: a tag selects the behaviour it belongs to
        try:
            wanted = {b.id for b in select_behaviours(table, args.only)}
        except KeyError as exc:
            return _err(str(exc.args[0]))
        built = [b for b in built if b in wanted]
    pairs = releases.last_pairs(built, args.last)
    if not pairs:
        return _err(f"fewer than two built behaviours in {summary_path}")
    started = time.monotonic()
    try:
        results = releases.run_pairs(
            pairs,
            args.examples,
            args.seed,
            Path("findings") / "release-diffs",
            progress=lambda m: print(f"hcsdoc matrix: {m}", file=sys.stderr, flush=True),
        )
    except releases.ReleaseDiffError as exc:
        return _err(str(exc))
    releases.mark_vectors(results, [v.case for v in suite.vectors])
    try:
        with_findings = [(p["older"], p["newer"]) for p in results["pairs"] if p["findings"]]
        shown = releases.vector_classes(with_findings, [v.case for v in suite.vectors])
    except (SideUnavailable, ResolveError) as exc:
        return _err(f"running the vectors through both releases: {exc}")
    releases.mark_shown(results, shown)
    releases.write_results(results, out / releases.RESULTS_NAME)
    data["releaseDiffs"] = results
    write_all(data, out / "hcsshim-versions.md", out / "hcsshim-versions.html", summary_path, out / "badges")
    for p in results["pairs"]:
        new = len(releases.new_classes({"pairs": [p]}))
        print(
            f"{p['older']} -> {p['newer']}: {p['cases']} cases, {p['mismatches']} mismatches, "
            f"{len(p['findings'])} classes ({new} that no vector shows), {len(releases.panics({'pairs': [p]}))} panic(s)"
        )
    print(f"wrote {out / releases.RESULTS_NAME} and the report; wall {time.monotonic() - started:.0f}s")
    return 0
