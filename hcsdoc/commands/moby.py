"""``hcsdoc moby``: Docker Engine's converter against the vectors and generated cases: the report, the expectations
files, and the differential record the report takes its differential section from."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = (
    "Docker Engine (moby libcontainerd/local) on the vectors and generated cases: write docs/implementations/moby.md, "
    "its expectations, or its differential record"
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    from hcsdoc.conformance.moby.build import DEFAULT_VERSION
    from hcsdoc.conformance.moby.differential import DEFAULT_EXAMPLES, DEFAULT_REGION, DEFAULT_SEED, REGIONS

    p.add_argument(
        "what",
        choices=("report", "expectations", "diff", "diff-expectations"),
        help="the report (every version), one expectations file, the differential record (diff: generated "
        "cases against the real hcsshim v0.11.8, every case classed, one shrunk case per class), or the "
        "expectations file of hcsdoc diff --impl moby (diff-expectations: one entry per class)",
    )
    p.add_argument("--output", default=None, metavar="FILE", help="where to write (default: the committed file)")
    p.add_argument(
        "--differential",
        default=None,
        metavar="FILE",
        help="report: the differential record to include (default: docs/implementations/moby-differential.json)",
    )
    p.add_argument(
        "--examples", type=int, default=DEFAULT_EXAMPLES, metavar="N", help=f"diff: cases ({DEFAULT_EXAMPLES})"
    )
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help=f"diff: seed ({DEFAULT_SEED})")
    p.add_argument(
        "--region", default=DEFAULT_REGION, choices=REGIONS, help=f"diff: strategy region ({DEFAULT_REGION})"
    )
    p.add_argument("--vectors", action="append", default=[], metavar="PATH", help="vector file or folder")
    p.add_argument(
        "--version", default=DEFAULT_VERSION, metavar="V", help=f"expectations: engine version ({DEFAULT_VERSION})"
    )


def run(args: argparse.Namespace) -> int:
    if args.what == "diff":
        from hcsdoc.commands._moby_diff import run_diff

        return run_diff(args)
    if args.what == "diff-expectations":
        from hcsdoc.commands._moby_diff import write_diff_expectations

        return write_diff_expectations(args)
    from hcsdoc.conformance.capture.build import BuildError
    from hcsdoc.conformance.capture.patches import PatchError
    from hcsdoc.conformance.capture.wine import SetupError
    from hcsdoc.conformance.impl.adapters import AdapterUnavailable
    from hcsdoc.conformance.moby.build import DEFAULT_VERSION, VERSIONS
    from hcsdoc.conformance.moby.differential import RECORD, RecordError, load_record
    from hcsdoc.conformance.moby.observe import run_vectors
    from hcsdoc.conformance.moby.report import REPORT, Unclassified, expectations_for, render
    from hcsdoc.conformance.runner.expectations import default_path, dumps_expectations
    from hcsdoc.conformance.vectors.suite import SuiteError, load_suite

    try:
        suite = load_suite(args.vectors or None)
    except SuiteError as exc:
        print(f"hcsdoc moby: error: {exc}", file=sys.stderr)
        return 2
    if args.version not in VERSIONS:
        print(f"hcsdoc moby: error: --version must be one of {', '.join(VERSIONS)}", file=sys.stderr)
        return 2
    versions = VERSIONS if args.what == "report" else (args.version,)
    record = None
    if args.what == "report":
        try:
            record = load_record(Path(args.differential) if args.differential else RECORD)
        except RecordError as exc:
            print(f"hcsdoc moby: error: {exc}", file=sys.stderr)
            return 2
    try:
        runs = {v: run_vectors(suite.vectors, v) for v in versions}
        if args.what == "report":
            text = render(runs, DEFAULT_VERSION, record)
            out = Path(args.output) if args.output else REPORT
        else:
            text = dumps_expectations(expectations_for(runs[args.version], args.version))
            out = Path(args.output) if args.output else default_path("moby", args.version) or Path()
    except Unclassified as exc:
        print(f"hcsdoc moby: error: {exc}", file=sys.stderr)
        return 1
    except (BuildError, SetupError, PatchError, AdapterUnavailable) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"hcsdoc moby: error: cannot run Docker Engine: {first}", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"hcsdoc moby: wrote {out}", file=sys.stderr)
    return 0
