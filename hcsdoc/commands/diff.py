"""``hcsdoc diff``: differential testing of any implementation against an oracle, and the planted-bug check.

* ``hcsdoc diff --examples 20000``: the reference against the real Go hcsshim (the capture executable, one Wine
  process).
* ``hcsdoc diff --impl CMD``: the implementation CMD (a protocol adapter, ``go`` or ``go@VERSION``) against the
  reference (``--oracle reference``, the default, in-process) or the real hcsshim (``--oracle go``), at the levels
  of ``hcsdoc check`` (``--compare``, ``--errors``, ``--documents``). ``--impl moby[@VERSION]`` (Docker Engine)
  defaults to ``--oracle go``, the engine's levels (``--documents v1 --errors outcome``) and its expectations file
  (conformance/expectations/moby-VERSION-diff.json), and shrinks each difference within its class of
  ``hcsdoc.conformance.moby.classes`` (one finding per class). Each finding against the reference is run
  through hcsshim too when it is available (``--arbitrate``), so that a bug of the reference is never blamed on the
  implementation.

Generated cases, every mismatch shrunk, deduplicated by fingerprint and written as a case file
(``findings/diff/<id>.jsonl``, one JSON line) plus a report (``<id>.json``) with a one-line repro
(``hcsdoc diff ... --case FILE``). Known differences are accepted in an expectations file keyed by finding id.

* ``hcsdoc diff --planted-bugs --seeds 20``: the shrink-quality check (the oracle is the unmutated reference);
  with ``--through-protocol`` each planted bug is served by its own adapter process.

Exit codes: 0 no new difference (or every planted bug meets the targets), 1 new differences (or a target missed),
2 usage or environment error (an implementation that does not start).
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from hcsdoc.commands._common import add_level_options

HELP = "differential testing of any implementation against the reference or the real Go hcsshim; planted-bug check"

_TARGET: float = 0.95


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "exit codes: 0 no new difference; 1 new differences (or a planted-bug target missed); 2 usage or "
        "environment error"
    )
    g = parser.add_argument_group("implementations")
    g.add_argument(
        "--impl",
        default="reference",
        metavar="IMPL",
        help="the implementation under test: reference (default), go, go@VERSION or an adapter command line",
    )
    g.add_argument(
        "--oracle",
        "--against",
        dest="oracle",
        default=None,
        metavar="ORACLE",
        help="what it is compared with: reference (in-process; the default for --impl), go (the real hcsshim; "
        "the default for the reference itself and for moby) or go@VERSION (one hcsshim release against another: "
        "--impl go@v0.12.9 --oracle go@v0.12.8)",
    )
    g.add_argument("--hcsshim", default=None, metavar="VERSION", help="hcsshim version of the Go side (v0.11.8)")
    g.add_argument(
        "--arbitrate",
        default="auto",
        choices=("auto", "go", "none"),
        help="run each finding against the reference through hcsshim too and label it (auto: when Go is set up)",
    )
    g.add_argument("--plant", default=None, metavar="MUTANT", help="plant this bug in the reference subject")
    g.add_argument("--timeout", type=float, default=5.0, metavar="S", help="seconds per case for an adapter (5)")
    g.add_argument("--max-restarts", type=int, default=200, metavar="N", help="adapter restarts allowed (200)")
    g.add_argument("--window", type=int, default=256, metavar="N", help="run requests kept outstanding (256)")
    g = parser.add_argument_group("cases")
    g.add_argument("--examples", type=int, default=None, metavar="N", help="cases to generate (default 2000)")
    g.add_argument("--seed", type=int, default=0, help="generation seed (default 0)")
    g.add_argument(
        "--region", default="any", choices=("any", "document", "error", "wild"), help="strategy region (default any)"
    )
    g.add_argument(
        "--derive",
        type=int,
        default=None,
        metavar="K",
        help="JSON-level variants per Hypothesis-drawn case (default 39 for a run, 0 for --planted-bugs)",
    )
    g.add_argument("--batch", type=int, default=500, metavar="N", help="cases per batch (500)")
    g.add_argument(
        "--case",
        type=Path,
        action="append",
        default=None,
        metavar="FILE",
        help="instead of generating: run these finding/case files through both sides and compare (repeatable)",
    )
    g = parser.add_argument_group("comparison (as hcsdoc check)")
    add_level_options(g, outcome=True, per_impl=True)
    g.add_argument("--expectations", default=None, metavar="FILE", help="accepted differences, keyed by finding id")
    g.add_argument(
        "--update-expectations", action="store_true", help="add the findings of this run to --expectations FILE"
    )
    g = parser.add_argument_group("findings")
    g.add_argument("--no-shrink", action="store_true", help="report mismatches unshrunk")
    g.add_argument("--max-shrinks", type=int, default=50, metavar="N", help="shrink at most N mismatches (50)")
    g.add_argument("--stop-at-first", action="store_true", help="stop at the first mismatch (after shrinking it)")
    g.add_argument(
        "--out", type=Path, default=Path("findings/diff"), metavar="DIR", help="where findings go (findings/diff)"
    )
    g.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write a JSON summary here")
    g = parser.add_argument_group("planted bugs")
    g.add_argument("--planted-bugs", action="store_true", help="run the planted-bug (shrink quality) check")
    g.add_argument(
        "--through-protocol",
        action="store_true",
        help="--planted-bugs: serve each planted bug from its own adapter process, generated cases as in a run",
    )
    g.add_argument("--seeds", type=int, default=20, metavar="N", help="--planted-bugs: seeds 0..N-1 (20)")
    g.add_argument(
        "--mutant", action="append", default=None, metavar="NAME", help="--planted-bugs: only these (repeatable)"
    )


def _err(msg: str) -> int:
    print(f"hcsdoc diff: {msg}", file=sys.stderr)
    return 2


def _unknown_mutant(names: list[str] | None) -> str | None:
    """What is wrong with the first ``--mutant`` name that no planted bug has (None: every name is known)."""
    from hcsdoc.conformance.differential.mutants import by_name

    for name in names or ():
        try:
            by_name(name)
        except KeyError as exc:
            return str(exc.args[0])
    return None


def run(args: argparse.Namespace) -> int:
    if args.planted_bugs:
        if args.through_protocol:
            return _planted_protocol(args)
        return _planted(args)
    return _diff(args)


def _diff(args: argparse.Namespace) -> int:
    from hcsdoc.conformance import differential as d
    from hcsdoc.conformance.differential import arbitrate as arb
    from hcsdoc.conformance.differential import session as ses
    from hcsdoc.conformance.differential.levels import Levels
    from hcsdoc.conformance.differential.run import Grouping
    from hcsdoc.conformance.impl.resolve import AdapterSettings, ResolveError
    from hcsdoc.conformance.results.compare import CompareLevels
    from hcsdoc.conformance.results.pretty import indented_json
    from hcsdoc.conformance.runner.expectations import (
        ExpectationsError,
        dumps_expectations,
        load_expectations,
    )

    examples = 2000 if args.examples is None else args.examples
    derive = 39 if args.derive is None else args.derive
    if examples < 1 or derive < 0 or args.batch < 1:
        return _err("--examples and --batch must be positive, --derive not negative")
    if args.timeout <= 0 or args.window < 1 or args.max_restarts < 0:
        return _err("--timeout must be positive, --window >= 1, --max-restarts >= 0")
    if args.update_expectations and not args.expectations:
        return _err("--update-expectations needs --expectations FILE")
    moby = args.impl.strip() == "moby" or args.impl.strip().startswith("moby@")
    # Docker Engine is compared with the real hcsshim by default: its adapter runs in the same Wine prefix.
    oracle_name = (args.oracle or ("go" if args.impl.strip() == "reference" or moby else "reference")).strip()
    if oracle_name not in ("go", "reference") and not oracle_name.startswith("go@"):
        return _err(f"--oracle must be reference, go or go@VERSION, not {args.oracle!r}")
    subject_go = args.impl.strip() == "go" or args.impl.strip().startswith("go@")
    if args.hcsshim and oracle_name != "go" and not subject_go:
        return _err("--hcsshim applies to a Go side: --impl go, --impl go@VERSION or --oracle go")
    if moby and not args.expectations and not args.case:
        from hcsdoc.conformance.impl.resolve import parse_impl
        from hcsdoc.conformance.moby.differential import diff_expectations_path

        try:
            args.expectations = str(diff_expectations_path(parse_impl(args.impl).moby))
        except ResolveError as exc:
            return _err(str(exc))
    levels = CompareLevels(
        args.compare, args.errors or ("outcome" if moby else "text"), args.documents or ("v1" if moby else "both")
    )
    lv = Levels.of(levels)
    try:
        exp = load_expectations(Path(args.expectations) if args.expectations else None)
    except ExpectationsError as exc:
        return _err(str(exc))
    settings = AdapterSettings(timeout=args.timeout, max_restarts=args.max_restarts, window=args.window)
    cases = None
    if args.case:
        try:
            cases = ses.load_case_files(args.case)
        except ses.CaseFileError as exc:
            return _err(str(exc))
    opened: list[ses.Side] = []
    try:
        try:
            subject = ses.open_side(args.impl, hcsshim=args.hcsshim, settings=settings, plant=args.plant)
            opened.append(subject)
            oracle = ses.open_side(
                oracle_name,
                hcsshim=args.hcsshim if oracle_name == "go" else None,
                settings=AdapterSettings(window=500),
            )
            opened.append(oracle)
        except (ResolveError, ses.SideUnavailable) as exc:
            if "capture" in str(exc) or oracle_name.startswith("go"):
                print("  set the Go side up with: hcsdoc capture --setup && hcsdoc capture --build", file=sys.stderr)
            return _err(str(exc))
        base = ses.diff_argv(subject.spec, oracle.spec, levels, args.expectations)
        if args.plant:
            base[4:4] = ["--plant", args.plant]
        print(f"diff: {subject.label} (subject) vs {oracle.label} (oracle), levels {levels.to_json()}", flush=True)
        if cases is not None:
            return _replay(cases, subject, oracle, lv)
        from hcsdoc.conformance.differential.digest import DigestSource
        from hcsdoc.conformance.strategies.reproducible import stream_label

        gen = d.CaseGenerator(seed=args.seed, region=args.region, derive=derive)
        source = DigestSource(gen, examples)
        last = [time.monotonic()]

        def progress(s: d.RunStats) -> None:
            if time.monotonic() - last[0] >= 5:
                last[0] = time.monotonic()
                print(
                    f"  {s.cases} cases, {s.rate:.0f}/s, {s.mismatches} mismatches, {len(s.findings)} findings",
                    flush=True,
                )

        # A mismatch where one side panics is shrunk while it stays one (the panic is the headline of a report).
        group: Grouping | None = d.one_sided_panic
        if subject.spec.kind == "moby":
            # Shrinking alone would take every difference of the engine to the same smallest one (a null spec):
            # each difference is shrunk within its class of hcsdoc.conformance.moby.classes instead.
            from hcsdoc.conformance.moby.differential import diff_group

            group = diff_group
        stats = d.run_differential(
            examples,
            oracle.runner,
            subject=subject.runner,
            generator=source,
            batch_size=args.batch,
            do_shrink=not args.no_shrink,
            stop_at_first=args.stop_at_first,
            max_shrinks=args.max_shrinks,
            levels=lv,
            progress=progress,
            group=group,
        )
        try:
            arbitration = ses.arbitrate_findings(list(stats.findings.values()), subject, oracle, lv, args.arbitrate)
        except ses.SideUnavailable as exc:
            return _err(str(exc))
    finally:
        for side in opened:
            side.close()
    gen_rate = stats.cases / max(stats.seconds - stats.shrink_seconds, 1e-9)
    print(
        f"diff: {subject.label} vs {oracle.label}: {stats.cases} cases in {stats.seconds:.1f}s = {stats.rate:.0f} "
        f"cases/s ({gen_rate:.0f}/s without shrinking; {gen.drawn} drawn by Hypothesis, {gen.derived} derived, "
        f"{gen.dropped} malformed variants dropped; seed {args.seed}, derive {derive})"
    )
    print(
        f"diff: case digest {source.digest} ({source.count} cases; seed {args.seed}, region {args.region}, "
        f"derive {derive}, batch {args.batch}, {stream_label()})"
    )
    if stats.skipped:
        print(f"diff: {stats.skipped} cases not compared (declined by the subject, or not run by the oracle)")
    counts = {ses.NEW: 0, ses.ACCEPTED: 0, ses.REFERENCE_BUG: 0}
    summary: list[dict[str, Any]] = []
    for f in sorted(stats.findings.values(), key=lambda f: f.found_at):
        case_path = args.out / f"{f.id}.jsonl"
        line = ses.repro(base, case_path)
        case_path, report_path = d.write_finding(f, args.out, repro=line, names=(subject.label, oracle.label))
        status, entry = ses.judge(f, exp)
        counts[status] += 1
        shrunk = f", shrunk in {f.shrink.tests} tests/{f.shrink.seconds:.1f}s" if f.shrink else ""
        note = f" ({entry.reason})" if status == ses.ACCEPTED and entry is not None else ""
        if status == ses.NEW and entry is not None:
            note = f" (the expectations file lists it as {entry.outcome})"
        print(f"  {f.id} [{f.outcome}] {status.upper()}{note}: first at case {f.found_at}, {f.duplicates} more{shrunk}")
        named = group(f.case, f.reference, f.other) if group is not None else None
        if named is not None:  # a finding shrunk within its class (run_differential keeps the case in it)
            print(f"      class: {named}")
        if f.verdict:
            print(f"      arbitration: {f.verdict}")
            if f.verdict == arb.REFERENCE_DIFFERS:
                print(f"      {arb.REPORT_HINT}")
        for p in f.paths[:12]:
            print(f"      {p}")
        if len(f.paths) > 12:
            print(f"      ... {len(f.paths) - 12} more paths (report {report_path})")
        print(f"    repro: {line}")
        print(
            f"    report: {report_path}; as a vector (runs it through hcsshim): hcsdoc capture --add-case {case_path}"
        )
        summary.append(
            {
                "id": f.id,
                "status": status,
                "outcome": f.outcome,
                "verdict": f.verdict,
                "paths": f.paths,
                "cases": f.duplicates + 1,
                "caseFile": str(case_path),
                "minimalCase": f.case,
                "subjectResult": f.reference,
                "oracleResult": f.other,
            }
        )
    for cid in ses.unseen(exp, stats.findings.values()):
        print(f"  {cid}: accepted in {exp.path} but not seen in this run (random cases: not an error)")
    if arbitration:
        print(f"diff: arbitration: {arbitration}")
    print(
        f"diff: {stats.mismatches} mismatches, {len(stats.findings)} distinct findings: {counts[ses.NEW]} new, "
        f"{counts[ses.ACCEPTED]} accepted, {counts[ses.REFERENCE_BUG]} blamed on the reference"
    )
    if args.update_expectations:
        assert exp.path is not None
        changed = ses.record(exp, stats.findings.values(), datetime.date.today().isoformat())
        if not exp.implementation:
            exp.implementation = subject.label
        exp.path.parent.mkdir(parents=True, exist_ok=True)
        exp.path.write_text(dumps_expectations(exp), encoding="utf-8")
        print(f"diff: {exp.path}: {len(changed)} entries added or changed (fill in their reasons)")
        counts[ses.NEW] = 0
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            indented_json(  # findings hold documents as deep as Go's
                {
                    "subject": subject.label,
                    "oracle": oracle.label,
                    "levels": levels.to_json(),
                    "cases": stats.cases,
                    "seed": args.seed,
                    "digest": source.digest,
                    "seconds": round(stats.seconds, 3),
                    "casesPerSecond": round(stats.rate, 1),
                    "mismatches": stats.mismatches,
                    "skipped": stats.skipped,
                    "stopped": stats.stopped,
                    "findings": summary,
                },
                ensure_ascii=True,
            )
            + "\n",
            encoding="utf-8",
        )
    if stats.stopped:
        print(f"diff: stopped early: {stats.stopped}", file=sys.stderr)
        return 2
    return 1 if counts[ses.NEW] else 0


def _replay(cases: list[tuple[str, Any]], subject: Any, oracle: Any, lv: Any) -> int:
    from hcsdoc.conformance.differential.run import run_both

    a, b = run_both(subject.runner, oracle.runner, [c for _, c in cases])
    bad = 0
    for (name, _case), x, y in zip(cases, a, b, strict=True):
        if lv.skipped(x, y):
            print(f"  {name}: not compared ({next(iter(x))} / {next(iter(y))})")
        elif lv.differ(x, y):
            bad += 1
            print(f"  {name}: DIFFERS [{lv.outcome(x, y)}]")
            for p in lv.paths(x, y):
                print(f"      {p}")
            print(f"    subject: {_excerpt(x)}")
            print(f"    oracle:  {_excerpt(y)}")
        else:
            print(f"  {name}: same")
    print(f"diff: {len(cases)} cases, {bad} differ")
    return 1 if bad else 0


def _excerpt(result: object) -> str:
    """The start of a result's JSON for a terminal (documents may nest as deep as Go's; text may hold a lone
    surrogate; a number may be one no float64 holds)."""
    from hcsdoc.conformance.results import safejson
    from hcsdoc.reference.gojson.room import with_room_if_deep

    text = with_room_if_deep(lambda: safejson.encode_numbers(result, ensure_ascii=False))
    return safejson.printable(text[:600])


def _planted(args: argparse.Namespace) -> int:
    from hcsdoc.conformance import differential as d

    examples = 1000 if args.examples is None else args.examples
    derive = 0 if args.derive is None else args.derive
    if (unknown := _unknown_mutant(args.mutant)) is not None:
        return _err(unknown)
    started = time.monotonic()
    results = d.planted_check(
        range(args.seeds), examples=examples, names=args.mutant, derive=derive, region=args.region
    )
    print(f"planted bugs: {args.seeds} seeds, up to {examples} examples each (derive {derive}); oracle: the reference")
    ok = _print_planted(results, args.seeds, examples)
    print(f"planted bugs: {time.monotonic() - started:.1f}s")
    return 0 if ok else 1


def _print_planted(results: Any, seeds: int, examples: int) -> bool:
    ok = True
    for r in results:
        found = [s.found_at for s in r.seeds if s.found_at is not None]
        median = f"median {statistics.median(found):.0f}, max {max(found)}" if found else "-"
        tests = [s.shrink_tests for s in r.seeds if s.found_at is not None]
        secs = [s.shrink_seconds for s in r.seeds if s.found_at is not None]
        shrink = f"; shrink median {statistics.median(tests):.0f} tests {statistics.median(secs):.2f}s" if tests else ""
        n = len(r.seeds)
        if r.equivalent:
            verdict = "ok (equivalent, never found)" if not found else "FAIL (equivalent mutant reported)"
            ok &= not found
        else:
            good = r.found >= _TARGET * n and r.minimal >= _TARGET * n
            ok &= good
            verdict = "ok" if good else "below target"
        print(
            f"  {r.mutant}: found within {examples} examples in {r.found}/{n} seeds ({median}); "
            f"shrunk to the minimal case in {r.minimal}/{n} seeds ({100 * r.minimal / max(n, 1):.0f}%; "
            f"{r.minimal}/{r.found} of those found)"
            f"{shrink}: {verdict}"
        )
    return ok


def _planted_protocol(args: argparse.Namespace) -> int:
    from hcsdoc.conformance.differential.planted import planted_protocol_check

    examples = 20000 if args.examples is None else args.examples
    derive = 39 if args.derive is None else args.derive
    if (unknown := _unknown_mutant(args.mutant)) is not None:
        return _err(unknown)
    started = time.monotonic()
    results = planted_protocol_check(
        range(args.seeds),
        examples=examples,
        names=args.mutant,
        derive=derive,
        region=args.region,
        batch_size=args.batch,
        progress=lambda line: print("  " + line, flush=True),
    )
    print(
        f"planted bugs through the protocol: {args.seeds} seeds, up to {examples} generated cases each "
        f"(derive {derive}); each bug its own adapter process; oracle: the reference in-process"
    )
    print("| bug | found | median cases to first hit | shrunk to minimal |")
    print("|---|---|---|---|")
    for r in results:
        found = [s.found_at for s in r.seeds if s.found_at is not None]
        med = f"{statistics.median(found):.0f}" if found else "-"
        print(
            f"| {r.mutant}{' (equivalent)' if r.equivalent else ''} | {r.found}/{len(r.seeds)} | {med} | {r.minimal}/{len(r.seeds)} |"
        )
    ok = _print_planted(results, args.seeds, examples)
    print(f"planted bugs: {time.monotonic() - started:.1f}s")
    return 0 if ok else 1
