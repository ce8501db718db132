"""``hcsdoc moby``: Docker Engine's converter against the vectors: the report and the expectations files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "Docker Engine (moby libcontainerd/local) on the vectors: write docs/implementations/moby.md or its expectations"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from hcsdoc.conformance.moby.build import DEFAULT_VERSION

    p.add_argument("what", choices=("report", "expectations"), help="the report (every version) or one expectations file")
    p.add_argument("--output", default=None, metavar="FILE", help="where to write (default: the committed file)")
    p.add_argument("--vectors", action="append", default=[], metavar="PATH", help="vector file or folder")
    p.add_argument(
        "--version", default=DEFAULT_VERSION, metavar="V", help=f"expectations: engine version ({DEFAULT_VERSION})"
    )


def run(args: argparse.Namespace) -> int:
    from hcsdoc.conformance.capture.build import BuildError
    from hcsdoc.conformance.capture.patches import PatchError
    from hcsdoc.conformance.capture.wine import SetupError
    from hcsdoc.conformance.impl.adapters import AdapterUnavailable
    from hcsdoc.conformance.moby.build import DEFAULT_VERSION, VERSIONS
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
    try:
        runs = {v: run_vectors(suite.vectors, v) for v in versions}
        if args.what == "report":
            text = render(runs, DEFAULT_VERSION)
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
