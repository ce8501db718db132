"""One fuzzing session: a harness run by libFuzzer in a child process, for a bounded time or number of inputs,
and what it did as a :class:`SessionStats` (what ``hcsdoc fuzz`` prints and ``hcsdoc bench`` records).

The harness runs in a child process (``python -m hcsdoc.fuzz.<target>_fuzzer``) because libFuzzer owns its
process and exits it when done. :func:`run_session` passes libFuzzer its flags, streams the child's output to
``out`` (the harness prints its own live rate there), and reads the final statistics
(``-print_final_stats=1``) and the artifacts it wrote.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TextIO

TARGETS: Final = ("bytes", "structured", "diff", "reply")
_STAT_RE: Final = re.compile(r"^stat::(\w+):\s*(\d+)")
_ARTIFACT_RE: Final = re.compile(r"Test unit written to (\S+)")


@dataclass(frozen=True)
class SessionOptions:
    target: str
    corpus: Path
    findings: Path
    """Artifacts go to ``findings/<target>/``."""
    seconds: int = 60
    runs: int | None = None
    """Stop after this many inputs instead of after ``seconds``."""
    seed: int | None = None
    status: float = 5.0
    """The harness's live rate every ``status`` seconds (0: off)."""
    max_len: int = 8192
    focus_converter: bool = False
    libfuzzer_args: Sequence[str] = ()

    @property
    def artifacts(self) -> Path:
        return self.findings / self.target


@dataclass(frozen=True)
class SessionStats:
    target: str
    exit_code: int
    seconds: float
    execs: int
    exec_per_second: int
    """libFuzzer's own average (``stat::average_exec_per_sec``)."""
    new_units: int
    peak_rss_mb: int
    new_files: list[Path] = field(default_factory=list)
    """Files that appeared in the artifacts folder during the run."""
    reported: list[str] = field(default_factory=list)
    """Artifacts libFuzzer said it wrote."""

    @property
    def found(self) -> bool:
        return bool(self.new_files or self.reported)


class FuzzUnavailable(Exception):
    """atheris is not installed."""


def atheris_missing() -> str | None:
    """Why no session can run here, or None."""
    if importlib.util.find_spec("atheris") is None:
        return "atheris is not installed: pip install 'hcsdoc[fuzz]' (atheris==3.0.0)"
    return None


def libfuzzer_argv(opts: SessionOptions) -> list[str]:
    """The child's command line: the harness module, the corpus folder, then libFuzzer flags."""
    argv = [sys.executable, "-m", f"hcsdoc.fuzz.{opts.target}_fuzzer", str(opts.corpus)]
    argv += [
        f"-artifact_prefix={opts.artifacts}{os.sep}",
        "-print_final_stats=1",
        f"-max_len={opts.max_len}",
        "-timeout=10",
        "-rss_limit_mb=2048",
    ]
    argv.append(f"-runs={opts.runs}" if opts.runs is not None else f"-max_total_time={opts.seconds}")
    if opts.seed is not None:
        argv.append(f"-seed={opts.seed}")
    if opts.target == "reply":
        from hcsdoc.fuzz.corpus import REPLY_DICTIONARY

        argv.append(f"-dict={REPLY_DICTIONARY}")
    elif opts.target != "structured":
        # The structured harness's bytes are Hypothesis choices, not JSON: JSON tokens would only add noise.
        from hcsdoc.fuzz.corpus import DICTIONARY

        argv.append(f"-dict={DICTIONARY}")
    return argv + list(opts.libfuzzer_args)


def run_session(opts: SessionOptions, out: TextIO | None = None) -> SessionStats:
    """Fuzz ``opts.target`` once; the child's output goes to ``out`` (None: discarded)."""
    why = atheris_missing()
    if why is not None:
        raise FuzzUnavailable(why)
    artifacts = opts.artifacts
    artifacts.mkdir(parents=True, exist_ok=True)
    before = {p.name for p in artifacts.iterdir()}
    env = {
        **os.environ,
        "HCSDOC_FUZZ_STATUS": str(opts.status),
        "HCSDOC_FUZZ_FINDINGS": str(opts.findings),
        "HCSDOC_FUZZ_FOCUS_CONVERTER": "1" if opts.focus_converter else "0",
    }
    argv = libfuzzer_argv(opts)
    if out is not None:
        print("hcsdoc fuzz: " + " ".join(argv[1:]), file=out, flush=True)
    t0 = time.monotonic()
    stats: dict[str, int] = {}
    reported: list[str] = []
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
    )
    from hcsdoc.conformance.impl import reaper

    reaper.track(proc, own_session=False)  # killed by a command's signal handler with everything else
    assert proc.stdout is not None
    for line in proc.stdout:
        if out is not None:
            out.write(line)
        m = _STAT_RE.match(line)
        if m:
            stats[m.group(1)] = int(m.group(2))
        a = _ARTIFACT_RE.search(line)
        if a:
            reported.append(a.group(1))
    rc = proc.wait()
    reaper.untrack(proc)
    elapsed = time.monotonic() - t0
    new = sorted(p for p in artifacts.iterdir() if p.name not in before) if artifacts.is_dir() else []
    return SessionStats(
        target=opts.target,
        exit_code=rc,
        seconds=elapsed,
        execs=stats.get("number_of_executed_units", 0),
        exec_per_second=stats.get("average_exec_per_sec", 0),
        new_units=stats.get("new_units_added", 0),
        peak_rss_mb=stats.get("peak_rss_mb", 0),
        new_files=new,
        reported=reported,
    )
