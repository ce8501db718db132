"""One check: run the selected vectors through an implementation and turn each reply into an event.

The event stream (JSON lines) is the canonical record of a check; every report is rendered from it:

* ``{"type": "header", ...}``: the tool, the implementation (and its handshake), the suite files with provenance,
  the levels, the selection, the expectations file;
* ``{"type": "case", "id", "outcome", "observed", "expected", "unexpected", ...}`` per case;
* ``{"type": "footer", "counts", "unexpected", "xpass", "stale", "notRun", "stopped", "exitCode", ...}``.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import platform
import shlex
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hcsdoc.conformance.impl.adapters import Implementation
from hcsdoc.conformance.results import safejson
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.conformance.results.compare import STRICTEST, Classifier, CompareLevels, compare_result
from hcsdoc.conformance.results.outcomes import Reply
from hcsdoc.conformance.runner.expectations import Expectations
from hcsdoc.conformance.runner.selection import Selection
from hcsdoc.conformance.vectors.suite import Suite, Vector
from hcsdoc.reference.gojson.room import with_room_if_deep

EVENTS_FORMAT = 1


@dataclass
class CheckConfig:
    levels: CompareLevels = STRICTEST
    expectations: Expectations = field(default_factory=lambda: Expectations(None))
    selection: Selection = field(default_factory=Selection)
    max_fail: int | None = None
    classify: Classifier | None = None
    # How to rerun one case: the argv of the check without selection options; --vectors/--id are appended.
    rerun_argv: Sequence[str] = ("hcsdoc", "check")
    repro_dir: Path | None = None
    argv: Sequence[str] = ()


@dataclass
class CheckRun:
    header: dict[str, Any]
    cases: list[dict[str, Any]]
    footer: dict[str, Any]

    @property
    def exit_code(self) -> int:
        return int(self.footer["exitCode"])


class CheckInterrupted(KeyboardInterrupt):
    """The run was stopped by a signal (SIGINT, SIGTERM, SIGHUP) or a closed stdout. ``run`` holds what was done,
    its footer marked ``incomplete`` (already emitted); ``exit_code`` is 128 + the signal number."""

    def __init__(self, run: CheckRun, signum: int, why: str) -> None:
        super().__init__(why)
        self.run = run
        self.signum = signum
        self.why = why

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _interruption(exc: BaseException) -> tuple[int, str]:
    if isinstance(exc, BrokenPipeError):
        return int(signal.SIGPIPE), "stdout was closed"
    signum = int(getattr(exc, "signum", signal.SIGINT))
    return signum, f"interrupted by {signal.Signals(signum).name}"


@functools.cache
def _tool_version() -> str:
    try:
        from importlib.metadata import version

        return version("hcsdoc")
    except Exception:
        return "unknown"


def make_header(
    suite: Suite, selected: Sequence[Vector], impl_info: dict[str, Any], config: CheckConfig
) -> dict[str, Any]:
    exp = config.expectations
    return {
        "type": "header",
        "format": EVENTS_FORMAT,
        "tool": {"name": "hcsdoc", "version": _tool_version()},
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "implementation": impl_info,
        "suite": {"files": [f.to_json() for f in suite.files], "cases": len(suite.vectors), "selected": len(selected)},
        "levels": config.levels.to_json(),
        "selection": config.selection.to_json(),
        "maxFail": config.max_fail,
        "expectations": {"path": str(exp.path) if exp.path else None, "entries": len(exp.entries)},
        "argv": list(config.argv),
        "host": {"python": platform.python_version(), "platform": sys.platform},
    }


def rerun_command(config: CheckConfig, vector: Vector) -> str:
    return shlex.join([*config.rerun_argv, "--vectors", str(vector.file), "--id", vector.id])


def _observed(vector: Vector, reply: Reply, config: CheckConfig) -> tuple[str, dict[str, Any]]:
    """The observed outcome and the event fields explaining it."""
    detail: dict[str, Any] = {}
    if reply.kind == "result":
        assert reply.result is not None
        cmp = compare_result(vector.expected, reply.result, config.levels, config.classify)
        if cmp.outcome != "pass":
            detail["message"] = cmp.message
            if cmp.mismatches:
                detail["mismatches"] = cmp.mismatches
        return cmp.outcome, detail
    if reply.kind == "errored":
        # The adapter caught its own failure: a crash all the same, but one it reported (Bowtie's "caught").
        detail["message"] = f"the adapter reported an internal failure: {reply.message}"
        detail["caught"] = True
        return "crash", detail
    detail["message"] = reply.message
    return reply.kind, detail


def _write_repro(config: CheckConfig, vector: Vector, reply: Reply | None) -> str | None:
    if config.repro_dir is None:
        return None
    config.repro_dir.mkdir(parents=True, exist_ok=True)
    path = config.repro_dir / f"{vector.id}.json"
    body = {"id": vector.id, "file": str(vector.file), "case": vector.case, "expected": vector.expected}
    if reply is not None and reply.result is not None:
        body["actual"] = reply.result
    path.write_text(repro_text(body), encoding="utf-8")
    return str(path)


def repro_text(body: dict[str, Any]) -> str:
    """The canonical JSON of a repro file; a value holding a lone surrogate is written with ``\\uXXXX`` escapes."""
    text = canonical_json(body)
    if safejson.printable(text) != text:
        text = with_room_if_deep(  # an implementation's documents may nest as deep as Go's
            lambda: safejson.encode_numbers(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        )
    return text + "\n"


def stale_ids(suite: Suite, exp: Expectations) -> list[str]:
    """Entries that can never apply: ids of retired cases, and (when the whole default suite was loaded) ids that
    are in no vector file. With explicit ``--vectors`` an unknown id may belong to a file not loaded."""
    out = []
    for cid in exp.entries:
        if cid in suite.by_id:
            continue
        if suite.default_location or cid in suite.retired:
            out.append(cid)
    return sorted(out)


def run_check(
    suite: Suite,
    selected: Sequence[Vector],
    impl: Implementation,
    impl_info: dict[str, Any],
    config: CheckConfig,
    emit: Callable[[dict[str, Any]], None] = lambda e: None,
) -> CheckRun:
    """Run ``selected`` through ``impl`` (already started; ``impl_info`` is what its start returned)."""
    t_start = time.perf_counter()
    header = make_header(suite, selected, impl_info, config)
    emit(header)
    exp = config.expectations
    cases: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    unexpected = 0
    stopped: str | None = None
    done: set[int] = set()

    def emit_case(vector: Vector, reply: Reply | None, observed: str, detail: dict[str, Any]) -> None:
        nonlocal unexpected
        entry = exp.get(vector.id)
        expected = entry.outcome if entry else "pass"
        if expected == "skip":
            outcome, bad = "skipped", False
        elif expected == "pass":
            outcome, bad = observed, observed != "pass"
        elif observed == "pass":
            outcome, bad = "xpass", True
        elif observed == expected:
            outcome, bad = "xfail", False
        else:
            outcome, bad = observed, True
        ev: dict[str, Any] = {
            "type": "case",
            "id": vector.id,
            "file": str(vector.file),
            "outcome": outcome,
            "observed": observed,
            "expected": expected,
            "unexpected": bad,
            "durationMs": round(reply.duration * 1000, 3) if reply else 0.0,
        }
        if entry is not None:
            ev["expectation"] = entry.to_json()
        ev.update(detail)
        if reply is not None and reply.stderr and observed != "pass":
            ev["stderr"] = reply.stderr
        if outcome not in ("pass", "skipped") or bad:
            repro: dict[str, Any] = {"file": str(vector.file), "command": rerun_command(config, vector)}
            case_file = _write_repro(config, vector, reply) if bad else None
            if case_file:
                repro["caseFile"] = case_file
            ev["repro"] = repro
        counts[outcome] += 1
        unexpected += bad
        cases.append(ev)
        emit(ev)

    to_run: list[tuple[int, dict[str, Any]]] = []
    for i, v in enumerate(selected):
        entry = exp.get(v.id)
        if entry is not None and entry.outcome == "skip":
            continue
        to_run.append((i, v.case))
    for i, v in enumerate(selected):
        entry = exp.get(v.id)
        if entry is not None and entry.outcome == "skip":
            done.add(i)
            emit_case(v, None, "skipped", {"message": f"not run: expectations say skip ({entry.reason})"})

    replies: Iterator[tuple[int, Reply]] = impl.run(iter(to_run))
    interrupted: tuple[int, str] | None = None
    try:
        for index, reply in replies:
            vector = selected[index]
            observed, detail = _observed(vector, reply, config)
            done.add(index)
            emit_case(vector, reply, observed, detail)
            if config.max_fail is not None and unexpected >= config.max_fail and len(done) < len(selected):
                stopped = f"max-fail ({config.max_fail})"
                break
    except (KeyboardInterrupt, BrokenPipeError) as exc:
        # The footer still gets written, saying the run is incomplete, and the caller gets what was done.
        interrupted = _interruption(exc)
        stopped = interrupted[1]
    finally:
        close = getattr(replies, "close", None)
        if close is not None:
            close()
    given_up = str(getattr(impl, "given_up", "") or "")
    if given_up and stopped is None:
        stopped = f"adapter unavailable: {given_up}"
    stale = stale_ids(suite, exp)
    xpass = sorted(c["id"] for c in cases if c["outcome"] == "xpass")
    not_run = len(selected) - len(done)
    footer = {
        "type": "footer",
        "counts": {k: counts[k] for k in sorted(counts)},
        "selected": len(selected),
        "run": len(cases),
        "unexpected": unexpected,
        "xpass": xpass,
        "stale": stale,
        "notRun": not_run,
        "stopped": stopped,
        "durationS": round(time.perf_counter() - t_start, 3),
        "restarts": int(getattr(impl, "restarts", 0)),
        # protocol deviations the adapter client tolerated (stdout noise, duplicate replies, unknown keys)
        "adapterNotes": [str(n) for n in getattr(impl, "notes", [])],
        "exitCode": 1 if (unexpected or stale or stopped) else 0,
    }
    if interrupted is None:
        emit(footer)
        return CheckRun(header, cases, footer)
    footer["incomplete"] = True
    footer["exitCode"] = 128 + interrupted[0]
    run = CheckRun(header, cases, footer)
    # A closed stdout may fail this again (the terminal view), after the event file got its line.
    with contextlib.suppress(OSError, ValueError):
        emit(footer)
    raise CheckInterrupted(run, *interrupted)
