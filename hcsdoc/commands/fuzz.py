"""``hcsdoc fuzz``: run a harness for a bounded time, replay a corpus, or turn an artifact into a case file.

The fuzzer runs in a child process (``python -m fuzz.<target>_fuzzer``): libFuzzer owns its process and exits it
when done. This command passes libFuzzer its flags, streams its output with a live execution rate, reads the
final statistics (``-print_final_stats=1``) and decides the exit code: 0 no finding, 1 findings, 2 usage or
environment error (atheris missing, Go oracle unavailable).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from hcsdoc.commands._common import add_level_options
from hcsdoc.fuzz.session import TARGETS, FuzzUnavailable, SessionOptions, run_session

HELP = (
    "Fuzz the reference converter (atheris/libFuzzer): bytes, structured (Hypothesis) or diff (vs Go) harness; "
    "or the runner's reply path (reply)"
)



def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", choices=TARGETS, default="bytes", help="harness (default: bytes)")
    parser.add_argument("--time", type=int, default=60, metavar="S", help="fuzz for S seconds (default 60)")
    parser.add_argument("--runs", type=int, metavar="N", help="stop after N inputs instead (libFuzzer -runs)")
    parser.add_argument("--seed", type=int, metavar="N", help="libFuzzer -seed, for a reproducible run")
    parser.add_argument("--corpus", type=Path, metavar="DIR", help="corpus folder (default .cache/fuzz/corpus/T)")
    parser.add_argument("--findings", type=Path, default=Path("findings"), metavar="DIR", help="default: findings")
    parser.add_argument("--status", type=float, default=5.0, metavar="S", help="live rate every S s (0: off)")
    parser.add_argument("--max-len", type=int, default=8192, metavar="N", help="largest input (default 8192)")
    parser.add_argument(
        "--focus-converter",
        action="store_true",
        help="bytes/diff: do not instrument Go's JSON syntax scanner, so coverage guidance goes to the converter",
    )
    parser.add_argument(
        "--impl",
        default=None,
        metavar="IMPL",
        help="diff: the implementation under test (go, go@VERSION or an adapter command line) against the "
        "reference, instead of the reference against Go",
    )
    add_level_options(parser, applies="diff --impl: ")
    parser.add_argument("--make-corpus", action="store_true", help="(re)write the seed corpus of T and exit")
    parser.add_argument(
        "--replay", nargs="+", type=Path, metavar="PATH", help="run these files/folders once (no libFuzzer)"
    )
    parser.add_argument("--to-case", type=Path, metavar="ARTIFACT", help="write the case file of an artifact")
    parser.add_argument(
        "--capture", action="store_true", help="with --to-case: also run 'hcsdoc capture --add-case' on it"
    )
    parser.add_argument("libfuzzer_args", nargs="*", metavar="-FLAG=V", help="extra libFuzzer flags, after --")


def run(args: argparse.Namespace) -> int:
    target: str = args.target
    if args.impl is not None:
        if target != "diff":
            print("hcsdoc fuzz: --impl applies to --target diff", file=sys.stderr)
            return 2
        from hcsdoc.conformance.impl.resolve import ResolveError, parse_impl

        try:
            parse_impl(args.impl)
        except ResolveError as exc:
            print(f"hcsdoc fuzz: {exc}", file=sys.stderr)
            return 2
        os.environ["HCSDOC_FUZZ_DIFF_IMPL"] = args.impl
        os.environ["HCSDOC_FUZZ_DIFF_LEVELS"] = f"{args.compare},{args.errors},{args.documents}"
    if args.to_case is not None:
        return _to_case(target, args.to_case, args.findings / target, capture=args.capture)
    if args.replay:
        return _replay(target, args.replay, args.findings)
    corpus_dir: Path = args.corpus if args.corpus is not None else _corpus_root() / target
    if args.make_corpus or not _has_files(corpus_dir):
        from hcsdoc.fuzz.corpus import write_corpus

        d, n = write_corpus(target, corpus_dir)
        print(f"hcsdoc fuzz: seed corpus for {target}: {n} inputs in {d}", file=sys.stderr)
        if args.make_corpus:
            return 0
    return _fuzz(args, target, corpus_dir)


def _corpus_root() -> Path:
    from hcsdoc.fuzz.corpus import CORPUS_ROOT

    return CORPUS_ROOT


def _has_files(d: Path) -> bool:
    return d.is_dir() and any(p.is_file() for p in d.iterdir())


def session_options(args: argparse.Namespace, target: str, corpus_dir: Path) -> SessionOptions:
    return SessionOptions(
        target=target,
        corpus=corpus_dir,
        findings=args.findings,
        seconds=args.time,
        runs=args.runs,
        seed=args.seed,
        status=args.status,
        max_len=args.max_len,
        focus_converter=args.focus_converter,
        libfuzzer_args=tuple(args.libfuzzer_args),
    )


def _fuzz(args: argparse.Namespace, target: str, corpus_dir: Path) -> int:
    try:
        s = run_session(session_options(args, target, corpus_dir), out=sys.stderr)
    except FuzzUnavailable as exc:
        print(f"hcsdoc fuzz: {exc}", file=sys.stderr)
        return 2
    print(
        f"hcsdoc fuzz: {target}: {s.execs:,} execs in {s.seconds:.0f} s, {s.exec_per_second:,} exec/s "
        f"(libFuzzer average), {s.new_units} new corpus units, peak RSS {s.peak_rss_mb} MB, exit {s.exit_code}",
        file=sys.stderr,
    )
    artifacts = args.findings / target
    new = s.new_files
    if s.found or s.exit_code != 0:
        if not s.found and s.execs == 0:
            print(f"hcsdoc fuzz: {target}: the harness did not start (exit {s.exit_code})", file=sys.stderr)
            return 2
        print(f"hcsdoc fuzz: {target}: FINDINGS ({len(new)} new files in {artifacts}):", file=sys.stderr)
        for p in new:
            print(f"  {p}", file=sys.stderr)
        for p in new:
            if p.name.endswith(".case.json"):
                print(f"  regression vector: hcsdoc capture --add-case {p}", file=sys.stderr)
        if args.impl is not None:
            _shrink_findings(args, [p for p in new if p.name.endswith(".case.json")], artifacts)
        crash = [p for p in new if not p.name.endswith(".json")]
        if crash:
            print(
                f"  case file from an artifact: hcsdoc fuzz --target {target} --to-case {crash[0]}",
                file=sys.stderr,
            )
        return 1
    print(f"hcsdoc fuzz: {target}: no findings", file=sys.stderr)
    return 0


def _shrink_findings(args: argparse.Namespace, case_files: list[Path], out: Path) -> None:
    """Each difference the harness found, shrunk through the implementation under test (uninstrumented, outside
    libFuzzer) and written as ``hcsdoc diff`` writes a finding, with its one-line repro."""
    from hcsdoc.conformance.differential import session as ses
    from hcsdoc.conformance.differential.levels import Levels
    from hcsdoc.conformance.differential.run import write_finding
    from hcsdoc.conformance.impl.resolve import ResolveError
    from hcsdoc.conformance.results.compare import CompareLevels

    if not case_files:
        return
    levels = CompareLevels(args.compare, args.errors, args.documents)
    try:
        cases = ses.load_case_files(case_files)
        subject = ses.open_side(args.impl)
    except (ses.CaseFileError, ResolveError, ses.SideUnavailable) as exc:
        print(f"hcsdoc fuzz: cannot shrink the findings: {exc}", file=sys.stderr)
        return
    oracle = ses.open_side("reference")
    try:
        for name, case in cases:
            f = ses.shrink_to_finding(case, subject, oracle, Levels.of(levels))
            if f is None:
                print(f"  {name}: the two sides agree on it when run again (flaky implementation?)", file=sys.stderr)
                continue
            argv = ses.diff_argv(subject.spec, oracle.spec, levels)
            line = ses.repro(argv, out / f"{f.id}.jsonl")
            case_path, report_path = write_finding(f, out, repro=line, names=(subject.label, oracle.label))
            shrunk = f.shrink.tests if f.shrink else 0
            print(f"  shrunk ({shrunk} tests) [{f.outcome}] {case_path}; report {report_path}", file=sys.stderr)
            for p in f.paths[:8]:
                print(f"      {p}", file=sys.stderr)
            print(f"    repro: {line}", file=sys.stderr)
    finally:
        subject.close()


def _replay(target: str, paths: list[Path], findings: Path) -> int:
    """Run every file once in this process with the plain reference; report the ones that break the invariant."""
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(q for q in p.iterdir() if q.is_file()) if p.is_dir() else [p])
    os.environ["HCSDOC_FUZZ_FINDINGS"] = str(findings)
    check = _replayer(target)
    bad = 0
    t0 = time.monotonic()
    for f in files:
        try:
            check(f.read_bytes())
        except Exception as exc:
            bad += 1
            print(f"hcsdoc fuzz: {f}: {type(exc).__name__}: {exc}", file=sys.stderr)
    dt = time.monotonic() - t0
    print(f"hcsdoc fuzz: replayed {len(files)} inputs in {dt:.1f} s: {bad} findings", file=sys.stderr)
    return 1 if bad else 0


def _replayer(target: str):  # type: ignore[no-untyped-def]
    from hcsdoc.fuzz.instrument import plain_run_case

    run_case = plain_run_case()
    if target == "structured":
        import hcsdoc.fuzz.structured_fuzzer as sf

        sf._record = True
        fuzz_one = sf.test_structured_case.hypothesis.fuzz_one_input
        return fuzz_one
    if target == "reply":
        import hcsdoc.fuzz.reply_fuzzer as rf

        return rf.test_one_input
    if target == "diff":
        import hcsdoc.fuzz.diff_fuzzer as df

        df.use_from_environment(run_case)

        def one(data: bytes) -> None:
            df.test_one_input(data)
            df.flush()

        return one
    import hcsdoc.fuzz.bytes_fuzzer as bf

    bf.use(run_case, record=True)
    return bf.test_one_input


def _to_case(target: str, artifact: Path, out_dir: Path, *, capture: bool) -> int:
    from hcsdoc.fuzz.corpus import write_case_file

    try:
        path = write_case_file(target, artifact, out_dir)
    except (OSError, ValueError) as exc:
        print(f"hcsdoc fuzz: {artifact}: {exc}", file=sys.stderr)
        return 2
    cmd = ["hcsdoc", "capture", "--add-case", str(path)]
    print(f"hcsdoc fuzz: case written to {path}", file=sys.stderr)
    print(f"hcsdoc fuzz: regression vector: {' '.join(cmd)}", file=sys.stderr)
    if capture:
        from hcsdoc.cli import main as hcsdoc_main

        return hcsdoc_main(cmd[1:])
    return 0
