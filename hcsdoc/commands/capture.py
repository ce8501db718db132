"""``hcsdoc capture``: build and run the real Go hcsshim under Wine; (re)capture, generate and verify vectors."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HELP = "capture conformance vectors from the real Go hcsshim (built for Windows, run under Wine)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--setup", action="store_true", help="install Wine and mingw, build the ProcessPrng DLL, make the Wine prefix"
    )
    parser.add_argument(
        "--build", action="store_true", help="build the capture executable (cached) and print its provenance"
    )
    parser.add_argument("--hcsshim", default=None, metavar="VERSION", help="hcsshim version (default v0.11.8)")
    parser.add_argument("--coverage", action="store_true", help="statement coverage of the Go code over the cases")
    parser.add_argument(
        "--verify",
        type=int,
        default=None,
        metavar="N",
        help="re-capture N random committed vectors; exit 1 on a difference",
    )
    parser.add_argument(
        "--generate",
        type=int,
        default=None,
        metavar="N",
        help="draw N new cases from the strategies into generated.json",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for --generate and --verify (default 0)")
    parser.add_argument(
        "--cases",
        type=Path,
        default=None,
        metavar="FILE",
        help="JSON lines of cases in, JSON lines of results out ('-' for stdin)",
    )
    parser.add_argument("--uncovered", action="store_true", help="with --coverage: list the uncovered line ranges")
    parser.add_argument(
        "--add-case",
        type=Path,
        nargs="+",
        default=None,
        metavar="FILE",
        help="capture complete case files (e.g. fuzz or diff findings) into a vector suite (default regressions.json)",
    )
    parser.add_argument("--id", dest="case_id", default=None, help="with --add-case: the new vector's id")
    parser.add_argument("--description", default=None, help="with --add-case: the new vector's description")
    parser.add_argument("--tags", default="", help="with --add-case: comma-separated topic tags")
    parser.add_argument("--suite", default="regressions", help="with --add-case: the suite file (default regressions)")


def _version(args: argparse.Namespace) -> str:
    from hcsdoc.conformance.capture.build import DEFAULT_VERSION

    return str(args.hcsshim or DEFAULT_VERSION)


def run(args: argparse.Namespace) -> int:
    from hcsdoc.conformance.capture.build import BuildError
    from hcsdoc.conformance.capture.patches import PatchError
    from hcsdoc.conformance.capture.process import ProtocolError
    from hcsdoc.conformance.capture.vectors_io import CaptureError, CaseInputError
    from hcsdoc.conformance.capture.wine import SetupError

    try:
        return _run(args)
    except (CaseInputError, OSError) as exc:  # bad input: one line, exit 2
        print(f"hcsdoc capture: error: {exc}", file=sys.stderr)
        return 2
    except (SetupError, BuildError, PatchError, ProtocolError, CaptureError) as exc:
        print(f"hcsdoc capture: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from hcsdoc.conformance.capture import vectors_io
    from hcsdoc.conformance.capture.build import DEFAULT_VERSION, build
    from hcsdoc.conformance.capture.wine import setup
    from hcsdoc.reference.gojson.room import with_room_if_deep

    version = _version(args)
    if args.setup:
        env = setup()
        print(f"wine: {env.wine}; prefix: {env.prefix}; env: {' '.join(f'{k}={v}' for k, v in env.env().items())}")
        if not (args.build or args.coverage or args.cases or args.verify is not None or args.generate is not None):
            return 0
    if args.build:
        b = build(version)
        print(
            json.dumps(
                {**b.provenance, "exe": str(b.exe), "buildSeconds": round(b.seconds, 1)}, indent=1, sort_keys=True
            )
        )
        return 0
    if args.coverage:
        return _coverage(args, version)
    if args.cases is not None:
        stream = sys.stdin if str(args.cases) == "-" else args.cases.open(encoding="utf-8")
        with stream:
            results = vectors_io.run_case_lines(stream, version, str(args.cases))
        # Go's documents nest as deep as the case's device extension (up to 10000 levels).
        if results:
            print(with_room_if_deep(lambda: "\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in results)))
        return 0
    if args.verify is not None:
        diffs = vectors_io.verify(args.verify, args.seed, version)
        for d in diffs:
            print(d)
        print(f"verify: {args.verify} sampled (seed {args.seed}), {len(diffs)} differ")
        return 1 if diffs else 0
    if args.add_case is not None:
        tags = [t for t in args.tags.split(",") if t]
        w = vectors_io.add_cases(
            args.add_case,
            case_id=args.case_id,
            description=args.description,
            tags=tags,
            suite=args.suite,
            version=version,
        )
        print(f"{w.path}: {w.cases} cases, {len(w.changed)} new or changed: {', '.join(w.changed)}")
        return 0
    if args.generate is not None:
        w = vectors_io.generate(args.generate, args.seed, version)
        print(f"{w.path}: {w.cases} cases, {len(w.changed)} new or changed")
        return 0
    started = time.monotonic()
    written = vectors_io.capture(version)
    for w in written:
        print(f"{w.path}: {w.cases} cases, {len(w.changed)} changed, {len(w.retired)} retired")
    print(f"captured in {time.monotonic() - started:.1f}s")
    if version != DEFAULT_VERSION:
        changes = vectors_io.compare_with_pinned(vectors_io.vectors_dir(version))
        print(f"{len(changes)} cases change result vs v0.11.8")
        for cid, diff in changes:
            print(f"  {cid}: {diff}")
    return 0


def _coverage(args: argparse.Namespace, version: str) -> int:
    from hcsdoc.conformance.capture import vectors_io
    from hcsdoc.conformance.capture.coverage import run_coverage

    if args.cases is not None:
        cases = vectors_io.parse_case_lines(args.cases.read_text(encoding="utf-8").splitlines(), str(args.cases))
    else:
        cases = [v["case"] for v in vectors_io.all_vectors()]
        if not cases:
            cases = [e.case for e in vectors_io.hand_entries()]
    report = run_coverage(cases, version)
    print(report.table())
    if args.uncovered:
        print("uncovered:")
        for line in report.uncovered_lines():
            print(f"  {line}")
    return 0
