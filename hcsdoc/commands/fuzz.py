"""``hcsdoc fuzz``: run a harness for a bounded time, replay a corpus, or turn an artifact into a case file.

The fuzzer runs in a child process (``python -m fuzz.<target>_fuzzer``): libFuzzer owns its process and exits it
when done. This command passes libFuzzer its flags, streams its output with a live execution rate, reads the
final statistics (``-print_final_stats=1``) and decides the exit code: 0 no finding, 1 findings, 2 usage or
environment error (atheris missing, Go oracle unavailable).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Final

HELP = "Fuzz the reference converter (atheris/libFuzzer): bytes, structured (Hypothesis) or diff (vs Go) harness"

TARGETS: Final = ("bytes", "structured", "diff")
_STAT_RE: Final = re.compile(r"^stat::(\w+):\s*(\d+)")
_ARTIFACT_RE: Final = re.compile(r"Test unit written to (\S+)")


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


def libfuzzer_argv(args: argparse.Namespace, target: str, corpus_dir: Path) -> list[str]:
    """The child's command line: the harness module, the corpus folder, then libFuzzer flags."""
    artifacts = args.findings / target
    argv = [sys.executable, "-m", f"hcsdoc.fuzz.{target}_fuzzer", str(corpus_dir)]
    argv += [
        f"-artifact_prefix={artifacts}{os.sep}",
        "-print_final_stats=1",
        f"-max_len={args.max_len}",
        "-timeout=10",
        "-rss_limit_mb=2048",
    ]
    argv.append(f"-runs={args.runs}" if args.runs is not None else f"-max_total_time={args.time}")
    if args.seed is not None:
        argv.append(f"-seed={args.seed}")
    if target != "structured":
        # The structured harness's bytes are Hypothesis choices, not JSON: JSON tokens would only add noise.
        from hcsdoc.fuzz.corpus import DICTIONARY

        argv.append(f"-dict={DICTIONARY}")
    return argv + list(args.libfuzzer_args)


def _fuzz(args: argparse.Namespace, target: str, corpus_dir: Path) -> int:
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("hcsdoc fuzz: atheris is not installed: pip install 'hcsdoc[fuzz]' (atheris==3.0.0)", file=sys.stderr)
        return 2
    artifacts = args.findings / target
    artifacts.mkdir(parents=True, exist_ok=True)
    before = {p.name for p in artifacts.iterdir()}
    env = {
        **os.environ,
        "HCSDOC_FUZZ_STATUS": str(args.status),
        "HCSDOC_FUZZ_FINDINGS": str(args.findings),
        "HCSDOC_FUZZ_FOCUS_CONVERTER": "1" if args.focus_converter else "0",
    }
    argv = libfuzzer_argv(args, target, corpus_dir)
    print("hcsdoc fuzz: " + " ".join(argv[1:]), file=sys.stderr, flush=True)
    t0 = time.monotonic()
    stats: dict[str, int] = {}
    reported: list[str] = []
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        sys.stderr.write(line)
        m = _STAT_RE.match(line)
        if m:
            stats[m.group(1)] = int(m.group(2))
        a = _ARTIFACT_RE.search(line)
        if a:
            reported.append(a.group(1))
    rc = proc.wait()
    elapsed = time.monotonic() - t0
    new = sorted(p for p in artifacts.iterdir() if p.name not in before) if artifacts.is_dir() else []
    execs = stats.get("number_of_executed_units", 0)
    rate = stats.get("average_exec_per_sec", 0)
    print(
        f"hcsdoc fuzz: {target}: {execs:,} execs in {elapsed:.0f} s, {rate:,} exec/s "
        f"(libFuzzer average), {stats.get('new_units_added', 0)} new corpus units, "
        f"peak RSS {stats.get('peak_rss_mb', 0)} MB, exit {rc}",
        file=sys.stderr,
    )
    if new or reported or rc != 0:
        if not (new or reported) and execs == 0:
            print(f"hcsdoc fuzz: {target}: the harness did not start (exit {rc})", file=sys.stderr)
            return 2
        print(f"hcsdoc fuzz: {target}: FINDINGS ({len(new)} new files in {artifacts}):", file=sys.stderr)
        for p in new:
            print(f"  {p}", file=sys.stderr)
        for p in new:
            if p.name.endswith(".case.json"):
                print(f"  regression vector: hcsdoc capture --add-case {p}", file=sys.stderr)
        crash = [p for p in new if not p.name.endswith(".json")]
        if crash:
            print(
                f"  case file from an artifact: hcsdoc fuzz --target {target} --to-case {crash[0]}",
                file=sys.stderr,
            )
        return 1
    print(f"hcsdoc fuzz: {target}: no findings", file=sys.stderr)
    return 0


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
    if target == "diff":
        import hcsdoc.fuzz.diff_fuzzer as df
        from hcsdoc.fuzz.oracle import open_go_oracle

        df.use(run_case, open_go_oracle(), record=True)

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
