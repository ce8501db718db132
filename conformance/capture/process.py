"""Talk to the capture executable: one long-lived Wine process speaking the adapter protocol (docs/case-format.md §3).

Starting a Wine process costs about half a second; a case inside it costs well under a millisecond, so a
:class:`GoProcess` runs every case of a session, and :meth:`GoProcess.run_many` pipelines them (writes run lines
ahead of reading replies, from a writer thread so neither pipe can fill up and stall both sides).

The spec travels as the raw JSON text of the ``spec`` value inside the run line (the Go side keeps it as a
``json.RawMessage``). Messages are written with ``ensure_ascii=False`` and compact separators, so that text is
byte for byte ``json.dumps(spec, ensure_ascii=False, separators=(",", ":"))``, the bytes §1.1 says Go decodes.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

from hcsdoc.conformance.capture.build import DEFAULT_VERSION, Build, build
from hcsdoc.conformance.capture.wine import WineEnv, setup, to_windows_path
from hcsdoc.conformance.impl import reaper
from hcsdoc.reference.gojson.room import with_room_if_deep

PROTOCOL: Final = 1


class ProtocolError(Exception):
    """The capture process answered something other than the protocol allows (or died)."""


@dataclass(frozen=True)
class BenchTimes:
    """What the capture executable's ``bench`` command measured (timed inside the Go process, so Wine's start-up
    and the pipe are not counted): ``ns[i][r]`` is case ``i`` in timed pass ``r``, ``total_ns[r]`` pass ``r``,
    ``outcomes[i]`` what case ``i`` produced (``documents``, ``error``, ``panic`` or ``errored``)."""

    ns: list[list[int]]
    total_ns: list[int]
    outcomes: list[str]
    clock: str


def encode_message(msg: Mapping[str, Any]) -> bytes:
    """One protocol line (see the module docstring for why these options)."""
    return json.dumps(msg, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8") + b"\n"


def command(version: str = DEFAULT_VERSION, cover: bool = False) -> tuple[list[str], dict[str, str]]:
    """argv and the extra environment that start the capture executable for ``version`` (set up and built on
    demand). The runner uses this to check the real hcsshim as an external implementation."""
    wine = setup()
    b = build(version, cover=cover)
    return wine.argv(b.exe), wine.env()


class GoProcess:
    """One capture process. Use as a context manager, or call :meth:`start` and :meth:`stop`."""

    def __init__(
        self,
        exe: Build | None = None,
        wine: WineEnv | None = None,
        *,
        version: str = DEFAULT_VERSION,
        cover_dir: Path | None = None,
        stderr: IO[bytes] | int | None = None,
    ) -> None:
        self.wine = wine or setup()
        self.build = exe or build(version, cover=cover_dir is not None)
        self.cover_dir = cover_dir
        self._stderr = stderr
        self._proc: subprocess.Popen[bytes] | None = None
        self._seq = 0
        self.implementation: dict[str, Any] = {}

    # -- lifecycle -------------------------------------------------------------------------------------------

    def argv(self) -> list[str]:
        return self.wine.argv(self.build.exe)

    def env(self) -> dict[str, str]:
        env = {**os.environ, **self.wine.env()}
        if self.cover_dir is not None:
            self.cover_dir.mkdir(parents=True, exist_ok=True)
            env["GOCOVERDIR"] = to_windows_path(self.cover_dir)
        return env

    def start(self) -> dict[str, Any]:
        if self._proc is not None:
            raise ProtocolError("already started")
        self._proc = subprocess.Popen(
            self.argv(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, env=self.env()
        )
        reaper.track(self._proc, own_session=False)  # killed by a command's signal handler
        self._send({"cmd": "start", "protocol": PROTOCOL})
        reply = self._read()
        if reply.get("ok") is not True or reply.get("protocol") != PROTOCOL:
            raise ProtocolError(f"bad start reply: {reply}")
        self.implementation = dict(reply.get("implementation") or {})
        return reply

    def stop(self, timeout: float = 30.0) -> int:
        """Send ``stop``, wait for the process to exit (a -cover build writes its counters then); its exit code."""
        proc = self._proc
        if proc is None:
            return 0
        self._proc = None
        try:
            return self._stop(proc, timeout)
        finally:
            reaper.untrack(proc)

    def _stop(self, proc: subprocess.Popen[bytes], timeout: float) -> int:
        try:
            assert proc.stdin is not None
            proc.stdin.write(encode_message({"cmd": "stop"}))
            proc.stdin.close()
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if line and _loads_line(line) != {"ok": True}:
                raise ProtocolError(f"bad stop reply: {line!r}")
            return proc.wait(timeout)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
            return -9

    def __enter__(self) -> GoProcess:
        self.start()
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # -- running cases ---------------------------------------------------------------------------------------

    def run(self, case: Mapping[str, Any]) -> dict[str, Any]:
        """The result (§2, or ``skipped``/``errored``) for one complete case."""
        return self.run_many([case])[0]

    def run_many(self, cases: Sequence[Mapping[str, Any]] | Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Results for ``cases`` in order; all run lines are written ahead of reading (pipelining)."""
        proc = self._require()
        lines: list[bytes] = []
        first = self._seq + 1
        for case in cases:
            self._seq += 1
            lines.append(encode_message({"cmd": "run", "seq": self._seq, "case": case}))
        assert proc.stdin is not None
        stdin = proc.stdin
        failure: list[BaseException] = []

        def write() -> None:
            try:
                for line in lines:
                    stdin.write(line)
                stdin.flush()
            except BaseException as exc:  # reported by the reader below
                failure.append(exc)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        results: list[dict[str, Any]] = []
        try:
            for i in range(len(lines)):
                reply = self._read()
                seq = reply.pop("seq", None)
                if seq != first + i:
                    raise ProtocolError(f"reply for seq {seq}, expected {first + i}: {reply}")
                results.append(reply)
        finally:
            writer.join()
        if failure:
            raise ProtocolError(f"writing to the capture process failed: {failure[0]}")
        return results

    def bench(self, cases: Sequence[Mapping[str, Any]], repeat: int, warmup: int = 1) -> BenchTimes:
        """Time the conversion of ``cases`` inside the Go process: ``warmup`` untimed passes, then ``repeat``
        timed passes over all of them (the ``bench`` command of ``go/hcsoci_capture.go``, outside the adapter
        protocol). Each case is decoded once, untimed; what is timed per case is the work the reference's
        ``run_case`` does: decode the spec text, build options, UVM and host seams, convert, marshal both
        documents."""
        self._send({"cmd": "bench", "cases": list(cases), "repeat": repeat, "warmup": warmup})
        reply = self._read()
        if reply.get("ok") is not True:
            raise ProtocolError(f"bench failed: {reply.get('errored', reply)}")
        ns, total, outcomes = reply.get("ns"), reply.get("totalNs"), reply.get("outcomes")
        if not (
            isinstance(ns, list)
            and len(ns) == len(cases)
            and all(isinstance(row, list) and len(row) == repeat for row in ns)
            and isinstance(total, list)
            and len(total) == repeat
            and isinstance(outcomes, list)
            and len(outcomes) == len(cases)
        ):
            raise ProtocolError(f"bench reply does not fit {len(cases)} cases x {repeat} repeats")
        return BenchTimes(ns, total, outcomes, str(reply.get("clock", "")))

    # -- plumbing --------------------------------------------------------------------------------------------

    def _require(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            raise ProtocolError("not started")
        return self._proc

    def _send(self, msg: Mapping[str, Any]) -> None:
        proc = self._require()
        assert proc.stdin is not None
        proc.stdin.write(encode_message(msg))
        proc.stdin.flush()

    def _read(self) -> dict[str, Any]:
        proc = self._require()
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            code = proc.poll()
            raise ProtocolError(f"the capture process closed its output (exit code {code})")
        try:
            reply = _loads_line(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ProtocolError(f"not a JSON line: {line[:200]!r}") from exc
        if not isinstance(reply, dict):
            raise ProtocolError(f"not a JSON object: {line[:200]!r}")
        return reply


def _loads_line(line: bytes) -> Any:
    """One reply line of the Go process. Its documents nest as deep as the case's device extension, up to Go's
    decoder limit (10000 levels): such a line is parsed again with room on Python's stack."""
    return with_room_if_deep(lambda: json.loads(line))
