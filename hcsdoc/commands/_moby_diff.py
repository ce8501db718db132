"""``hcsdoc moby diff``: the differential run of Docker Engine against hcsshim v0.11.8, written as the record that
``hcsdoc moby report`` takes its differential section from (:mod:`hcsdoc.conformance.moby.differential`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def _err(msg: str) -> int:
    print(f"hcsdoc moby: error: {msg}", file=sys.stderr)
    return 2


def run_diff(args: argparse.Namespace) -> int:
    from hcsdoc.conformance.capture.build import BuildError
    from hcsdoc.conformance.capture.patches import PatchError
    from hcsdoc.conformance.capture.wine import SetupError
    from hcsdoc.conformance.differential import session as ses
    from hcsdoc.conformance.impl.resolve import AdapterSettings, ResolveError
    from hcsdoc.conformance.moby.build import VERSIONS
    from hcsdoc.conformance.moby.differential import RECORD, DiffRun, dumps_record, run_differential

    if args.version not in VERSIONS:
        return _err(f"--version must be one of {', '.join(VERSIONS)}")
    if args.examples < 1:
        return _err("--examples must be positive")
    opened: list[ses.Side] = []
    last = [time.monotonic()]

    def progress(r: DiffRun) -> None:
        if time.monotonic() - last[0] >= 5:
            last[0] = time.monotonic()
            print(f"  {r.generated} cases, {r.rate:.0f}/s, {r.compared} compared, {r.passed} pass", flush=True)

    try:
        try:
            moby = ses.open_side(f"moby@{args.version}", settings=ses.DIFF_SETTINGS)
            opened.append(moby)
            go = ses.open_side("go", settings=AdapterSettings(window=500))
            opened.append(go)
        except (ResolveError, ses.SideUnavailable, BuildError, SetupError, PatchError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return _err(f"cannot start both sides: {first}")
        print(
            f"moby diff: {moby.label} against {go.label}, {args.examples} cases, seed {args.seed}, region "
            f"{args.region}",
            flush=True,
        )
        result = run_differential(
            moby.runner,
            go.runner,
            version=args.version,
            examples=args.examples,
            seed=args.seed,
            region=args.region,
            progress=progress,
        )
    finally:
        for side in opened:
            side.close()
    gen_seconds = result.seconds - result.shrink_seconds
    print(
        f"moby diff: {result.generated} cases in {gen_seconds:.1f}s = {result.rate:.0f} cases/s ({result.drawn} drawn "
        f"by Hypothesis, {result.derived} derived, {result.dropped} malformed variants dropped); shrinking "
        f"{len(result.classes) + len(result.unclassified)} classes {result.shrink_seconds:.1f}s; wall "
        f"{result.seconds:.1f}s"
    )
    print(f"moby diff: case digest {result.digest} (seed {result.seed}, {result.stream})")
    print(
        f"moby diff: {result.compared} compared ({result.passed} pass), "
        f"{result.generated - result.compared - result.oracle_failed} not applicable to the engine, "
        f"{result.oracle_failed} not run by hcsshim"
    )
    for cid, g in result.classes.items():
        print(f"  {cid}: {g.cases} cases (first at {g.first_at}; shrunk in {g.shrink_tests} tests)")
    if result.unclassified:
        print(f"moby diff: {sum(g.cases for g in result.unclassified.values())} cases in no class:", file=sys.stderr)
        for sig, g in result.unclassified.items():
            print(f"  {sig}: {g.cases} cases (first at {g.first_at})", file=sys.stderr)
            print(f"    minimal case: {_line(g.minimal)}", file=sys.stderr)
            print(f"    hcsshim: {_line(g.hcsshim)}", file=sys.stderr)
            print(f"    moby:    {_line(g.moby)}", file=sys.stderr)
        print("moby diff: no record written: add a class for each (conformance/moby/classes.py)", file=sys.stderr)
        return 1
    out = Path(args.output) if args.output else RECORD
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps_record(result), encoding="utf-8")
    print(f"moby diff: wrote {out}", file=sys.stderr)
    return 0


def write_diff_expectations(args: argparse.Namespace) -> int:
    from hcsdoc.conformance.moby.build import VERSIONS
    from hcsdoc.conformance.moby.differential import diff_expectations, diff_expectations_path
    from hcsdoc.conformance.runner.expectations import dumps_expectations

    if args.version not in VERSIONS:
        return _err(f"--version must be one of {', '.join(VERSIONS)}")
    exp = diff_expectations(args.version)
    out = Path(args.output) if args.output else diff_expectations_path(args.version)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps_expectations(exp), encoding="utf-8")
    print(f"hcsdoc moby: wrote {out}", file=sys.stderr)
    return 0


def _line(value: object) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 1500 else text[:1500] + " ..."
