"""The kinds of :class:`~.base.Implementation`: the reference in-process, or any adapter process (JSON lines).

Both expose ``run(items)``: a generator that takes ``(index, case)`` pairs and yields ``(index, Reply)`` pairs in
the same order. Nothing an implementation does can end the generator early: a crash, a hang or a broken reply
becomes the :class:`~conformance.results.outcomes.Reply` of the one case it happened on.

The adapter client pipelines: it keeps up to ``window`` run requests outstanding, so a slow-to-answer process
(the Go capture executable under Wine) is not bound by round-trip latency. Each reply echoes its request's ``seq``;
replies may come in any order (they are matched by ``seq`` and delivered in request order).
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hcsdoc.conformance.impl import reaper
from hcsdoc.conformance.impl.base import Implementation, Item
from hcsdoc.conformance.impl.protocol import (
    brief,
    reply_problem,
    result_problem,
    schema_problem,
    start_problem,
    start_refused,
    start_request,
    unknown_keys,
)
from hcsdoc.conformance.results.canonical import strict_loads
from hcsdoc.conformance.results.outcomes import Reply

__all__ = ["Adapter", "AdapterUnavailable", "Implementation", "InProcess", "Item", "environment_with"]


class AdapterUnavailable(Exception):
    """The implementation cannot be started at all (no such program, not executable): a usage error."""


# --------------------------------------------------------------------------------------------------------------
# In-process


class _CaseTimeout(BaseException):
    """Raised by the interval timer inside a case that runs too long (BaseException: the code under test may
    catch Exception)."""


@dataclass
class InProcess:
    """A Python callable ``run_case(case) -> result`` run in this process (the reference, by default).

    An exception from ``run_case`` is the ``crash`` of that case (with its traceback). When a timeout is given and
    this is the main thread of a platform with ``setitimer``, a case running longer than it is interrupted
    (``timeout``); otherwise there is no per-case timeout in-process.
    """

    run_case: Callable[[Mapping[str, Any]], Any]
    name: str = "reference"
    version: str = ""
    timeout: float | None = None

    def start(self) -> dict[str, Any]:
        return {"kind": "in-process", "name": self.name, "version": self.version}

    def close(self) -> None:
        return None

    def run(self, items: Iterable[Item]) -> Iterator[tuple[int, Reply]]:
        use_timer = (
            self.timeout is not None
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        old_handler: Any = None
        if use_timer:
            old_handler = signal.signal(signal.SIGALRM, _raise_case_timeout)
        try:
            perf = time.perf_counter
            for index, case in items:
                t0 = perf()
                try:
                    if use_timer:
                        signal.setitimer(signal.ITIMER_REAL, self.timeout or 0.0)
                    try:
                        result = self.run_case(case)
                    finally:
                        if use_timer:
                            signal.setitimer(signal.ITIMER_REAL, 0.0)
                except _CaseTimeout:
                    yield index, Reply("timeout", message=f"no result within {self.timeout:g} s", duration=perf() - t0)
                    continue
                except Exception as exc:  # the reference raising is a bug in it: a crash of this case only
                    tb = traceback.format_exc(limit=-8)
                    yield index, Reply("crash", message=f"{type(exc).__name__}: {exc}", stderr=tb, duration=perf() - t0)
                    continue
                problem = result_problem(result)
                if problem is not None:
                    yield index, Reply("harness-error", message=f"malformed result: {problem}", duration=perf() - t0)
                    continue
                yield index, Reply("result", result=result, duration=perf() - t0)
        finally:
            if use_timer:
                signal.setitimer(signal.ITIMER_REAL, 0.0)
                signal.signal(signal.SIGALRM, old_handler)


def _raise_case_timeout(signum: int, frame: object) -> None:
    raise _CaseTimeout


# --------------------------------------------------------------------------------------------------------------
# Adapter process


_STDERR_KEEP = 1 << 20  # bytes of stderr kept in memory per process
_MAX_NOTES = 20  # protocol notes kept per adapter (a count is kept beyond that)
_MAX_NOISE_LINES = 1000  # non-protocol lines tolerated before the handshake reply


class LineSplitter:
    """The framing of an adapter's stdout: bytes in, ``("line", bytes)`` and ``("toolong", size)`` out.

    A line longer than ``max_line`` bytes is reported once as ``toolong`` and the rest of it is discarded; the
    bytes of an unfinished line are kept (``partial`` counts them, :meth:`rest` returns them at end of input).
    """

    def __init__(self, max_line: int) -> None:
        self.max_line = max_line
        self._buf = bytearray()
        self._discarding = False

    @property
    def partial(self) -> int:
        return len(self._buf)

    def rest(self) -> bytes:
        return bytes(self._buf)

    def feed(self, chunk: bytes) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        buf = self._buf
        start = 0
        while True:
            nl = chunk.find(b"\n", start)
            if nl < 0:
                if not self._discarding:
                    buf += chunk[start:]
                    if len(buf) > self.max_line:
                        out.append(("toolong", len(buf)))
                        buf.clear()
                        self._discarding = True
                break
            if self._discarding:
                self._discarding = False
            else:
                buf += chunk[start:nl]
                if len(buf) > self.max_line:
                    out.append(("toolong", len(buf)))
                else:
                    out.append(("line", bytes(buf)))
                buf.clear()
            start = nl + 1
        return out


class _Process:
    """One adapter process: pipes, a reader thread per output stream, a writer thread for stdin.

    The stdout reader splits lines and posts ``("line", bytes)``, ``("toolong", size)`` (a line that exceeded the
    limit; the rest of that line is discarded) and finally ``("eof", partial_bytes)`` to ``self.events``. Writing
    happens on its own thread so that an adapter that stops reading can never block the runner.
    """

    def __init__(self, argv: Sequence[str], env: Mapping[str, str] | None, cwd: str | None, max_line: int) -> None:
        self.max_line = max_line
        # (kind, payload, stderr mark when read): the mark lets stderr be attributed to the case that followed
        self.events: queue.Queue[tuple[str, Any, int]] = queue.Queue()
        self._writes: queue.Queue[bytes | None] = queue.Queue()
        self._stderr = bytearray()
        self._stderr_base = 0  # absolute offset of self._stderr[0]
        self._lock = threading.Lock()
        self.partial = 0  # bytes of an unfinished line currently buffered
        try:
            self.proc = subprocess.Popen(
                list(argv),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                bufsize=0,
                env=dict(env) if env is not None else None,
                cwd=cwd,
                # Its own process group, so that killing it also kills what it started (a wrapper script's
                # child, a forked helper still holding the pipes): nothing outlives a restart.
                start_new_session=os.name == "posix",
            )
        except OSError as exc:
            raise AdapterUnavailable(f"cannot start {list(argv)!r}: {exc.strerror or exc}") from None
        reaper.track(self.proc, own_session=os.name == "posix")
        self._threads = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
            threading.Thread(target=self._write_stdin, daemon=True),
        ]
        for t in self._threads:
            t.start()

    # threads ---------------------------------------------------------------------------------------------------
    def _read_stdout(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        splitter = LineSplitter(self.max_line)
        while True:
            try:
                chunk = stream.read(1 << 16)
            except (OSError, ValueError):
                chunk = b""
            if not chunk:
                break
            for kind, payload in splitter.feed(chunk):
                self.events.put((kind, payload, self.stderr_mark()))
            self.partial = splitter.partial
        self.events.put(("eof", splitter.rest(), self.stderr_mark()))

    def _read_stderr(self) -> None:
        stream = self.proc.stderr
        assert stream is not None
        while True:
            try:
                chunk = stream.read(1 << 16)
            except (OSError, ValueError):
                return
            if not chunk:
                return
            with self._lock:
                self._stderr += chunk
                if len(self._stderr) > _STDERR_KEEP:
                    cut = len(self._stderr) - _STDERR_KEEP
                    del self._stderr[:cut]
                    self._stderr_base += cut

    def _write_stdin(self) -> None:
        stream = self.proc.stdin
        assert stream is not None
        while True:
            data = self._writes.get()
            if data is None:
                break
            try:
                stream.write(data)
            except (OSError, ValueError):
                break  # the process is gone; the stdout reader reports it
        with contextlib.suppress(OSError, ValueError):
            stream.close()

    # API -------------------------------------------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        self._writes.put(data)

    def close_stdin(self) -> None:
        self._writes.put(None)

    def stderr_mark(self) -> int:
        with self._lock:
            return self._stderr_base + len(self._stderr)

    def stderr_since(self, mark: int, limit: int = 8000) -> str:
        with self._lock:
            data = bytes(self._stderr[max(0, mark - self._stderr_base) :])
        text = data.decode("utf-8", "replace")
        return text if len(text) <= limit else "...\n" + text[-limit:]

    def drain_stderr(self, wait: float = 1.0) -> None:
        self._threads[1].join(wait)

    def catch_up_stderr(self, wait: float = 0.2) -> None:
        """Wait (briefly) until the stderr reader has taken what is already in the pipe: an adapter that logs
        before it replies has its log in the pipe when the reply is read, but perhaps not yet in the buffer."""
        stream = self.proc.stderr
        if stream is None or os.name != "posix":
            return
        try:
            import fcntl
            import termios

            pending = bytearray(4)
            fcntl.ioctl(stream.fileno(), termios.FIONREAD, pending)
        except (OSError, ValueError):
            return
        waiting = int.from_bytes(pending, sys.byteorder)
        if not waiting:
            return
        target = self.stderr_mark() + waiting
        deadline = time.monotonic() + wait
        while self.stderr_mark() < target and time.monotonic() < deadline and self._threads[1].is_alive():
            time.sleep(0.001)

    def exit_code(self, wait: float = 2.0) -> int | None:
        try:
            return self.proc.wait(wait)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        # The process, its group and its session: a wrapper script's child, a forked helper still holding the
        # pipes, a helper that moved to a process group of its own.
        reaper.kill_tree(self.proc, own_session=os.name == "posix")
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        reaper.untrack(self.proc)
        self.close_stdin()
        for stream in (self.proc.stdout, self.proc.stderr):
            with contextlib.suppress(OSError, ValueError):
                if stream is not None:
                    stream.close()


@dataclass
class _Pending:
    seq: int
    index: int
    case: dict[str, Any]
    line: bytes
    started: float = 0.0  # when this request reached the head of the queue (the adapter works on it)
    stderr_mark: int = 0
    answer: dict[str, Any] | None = None  # a reply that came before an earlier request's (out of order)
    stray: list[int] = field(default_factory=list)  # seqs never sent that arrived while this was the oldest


class _StartFailed(Exception):
    pass


class _StartRefused(_StartFailed):
    """The adapter said no (``ok: false``, another protocol version): retrying cannot help."""


class _HandshakeTimeout(_StartFailed):
    """No handshake reply in time. Once may be a slow first start; twice in a row is an adapter that never answers
    (retrying it up to the whole restart budget would cost max_restarts x start_timeout)."""


_MAX_HANDSHAKE_TIMEOUTS_IN_A_ROW = 2


@dataclass
class Adapter:
    """An adapter process speaking protocol 1 (``argv``, optional ``env``/``cwd``).

    * ``timeout``: seconds a case may take once it is the oldest outstanding request;
    * ``start_timeout``: seconds the handshake may take (a slow start is not a case timeout);
    * ``max_restarts``: how many times a crashed, hung or unstartable process is restarted (the handshake is
      replayed each time) before the remaining cases are given up as ``crash``;
    * ``window``: outstanding run requests;
    * ``max_reply_bytes``: a longer reply line is a ``harness-error`` for its case;
    * ``validate_protocol``: also validate every message against the JSON Schemas.
    """

    argv: Sequence[str]
    env: Mapping[str, str] | None = None
    cwd: str | None = None
    timeout: float = 10.0
    start_timeout: float = 60.0
    max_restarts: int = 20
    window: int = 32
    max_reply_bytes: int = 64 << 20
    validate_protocol: bool = False
    kind: str = "adapter"
    labels: dict[str, Any] = field(default_factory=dict)  # extra header fields (e.g. the hcsshim version)
    restarts: int = 0
    info: dict[str, Any] = field(default_factory=dict)
    _proc: _Process | None = None
    _seq: int = 0
    _given_up: str = ""
    _spawn_mark: int = 0  # stderr offset right after the handshake
    _last_mark: int = 0  # stderr offset when the latest reply was read: where the next case's stderr begins
    notes: list[str] = field(default_factory=list)  # protocol deviations the runner tolerated (for the report)
    _note_count: int = 0
    _warned_keys: set[str] = field(default_factory=set)
    # Systematic seq errors: each integer seq compared with the seq of the request sent in the same position
    # (the k-th reply of a process against its k-th request); see _note_systematic.
    _sent: deque[int] = field(default_factory=deque)
    _offsets: Counter[int] = field(default_factory=Counter)

    # life cycle ------------------------------------------------------------------------------------------------
    def start(self) -> dict[str, Any]:
        """Start the process and do the handshake. A program that cannot be executed raises
        :class:`AdapterUnavailable`; a handshake that fails is retried within the restart budget, and if it never
        succeeds every case is reported as ``crash`` with the reason."""
        try:
            self._spawn()
        except _StartRefused as exc:
            self._given_up = str(exc)
        except _HandshakeTimeout as exc:
            self._recover(str(exc), handshake_timeouts=1)  # the first start counts: two silent starts in all
        except _StartFailed as exc:
            self._recover(str(exc))
        return self.describe()

    @property
    def given_up(self) -> str:
        """Why the adapter was given up (restart budget spent), or ``""``."""
        return self._given_up

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "command": list(self.argv), **self.labels}
        out.update(self.info)
        if self._given_up:
            out["unavailable"] = self._given_up
        return out

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.proc.poll() is None:
            proc.send(b'{"cmd":"stop"}\n')
            proc.close_stdin()
            deadline = time.monotonic() + 5.0
            # Until it exits or closes stdout: a child it forked may keep stdout open after it exited.
            while time.monotonic() < deadline and proc.proc.poll() is None:
                try:
                    kind, _, _ = proc.events.get(timeout=min(0.1, max(0.0, deadline - time.monotonic())))
                except queue.Empty:
                    continue
                if kind == "eof":
                    break
            if proc.exit_code(wait=max(0.0, deadline - time.monotonic())) is None:
                proc.kill()
        proc.kill()

    def _spawn(self) -> None:
        proc = _Process(self.argv, self.env, self.cwd, self.max_reply_bytes)
        self._proc = proc
        mark = proc.stderr_mark()
        request = start_request()
        self._check_schema("start.request", request)
        proc.send(_encode(request))
        deadline = time.monotonic() + self.start_timeout
        noise: list[bytes] = []
        while True:
            try:
                kind, payload, _ = proc.events.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                proc.kill()
                raise _HandshakeTimeout(
                    f"no handshake reply within {self.start_timeout:g} s"
                    + self._noise_note(noise)
                    + self._stderr_note(proc, mark)
                ) from None
            if kind == "eof":
                code = proc.exit_code()
                proc.kill()
                raise _StartFailed(
                    (
                        f"{_exit_phrase(code)} during the handshake"
                        if code is not None and code < 0
                        else f"exited during the handshake (exit code {code})"
                    )
                    + self._noise_note(noise)
                    + self._stderr_note(proc, mark)
                )
            if kind == "toolong":
                proc.kill()
                raise _StartFailed(f"handshake reply longer than {self.max_reply_bytes} bytes")
            try:
                msg = strict_loads(payload) if payload.strip() else None
            except (ValueError, UnicodeDecodeError):
                msg = None
            if isinstance(msg, dict):
                break
            # Banners and log lines a program prints on stdout before it is ready belong to no case: skip them
            # (and say so in the report) rather than fail the start. Once the handshake is done, such a line
            # costs the case it arrives on.
            noise.append(payload)
            if len(noise) > _MAX_NOISE_LINES:
                proc.kill()
                raise _StartFailed(f"no handshake reply among the first {_MAX_NOISE_LINES} lines on stdout")
        problem = start_problem(msg) or self._schema("start.response", msg)
        if problem:
            proc.kill()
            error = _StartRefused if start_refused(msg) else _StartFailed
            raise error(problem + self._noise_note(noise) + self._stderr_note(proc, mark))
        if any(line.strip() for line in noise):
            self._note(
                f"ignored {len(noise)} line(s) on stdout before the handshake reply (stdout is for protocol "
                f"messages only; log to stderr): first {noise[0][:120]!r}"
            )
        assert isinstance(msg, dict)
        self._last_mark = self._spawn_mark = proc.stderr_mark()
        self.info = {"name": msg["implementation"]["name"], "version": msg["implementation"]["version"]}
        for extra in ("language", "homepage", "issues"):
            if isinstance(msg["implementation"].get(extra), str):
                self.info[extra] = msg["implementation"][extra]

    def _recover(self, why: str, handshake_timeouts: int = 0) -> bool:
        """Restart after a failure, within the budget. False (and every later case gets ``crash``) when spent.
        ``handshake_timeouts``: silent handshakes in a row so far (a failed first start counts)."""
        if self._proc is not None:
            self._proc.kill()
            self._proc = None
        if handshake_timeouts >= _MAX_HANDSHAKE_TIMEOUTS_IN_A_ROW:
            self._given_up = f"{why} ({handshake_timeouts} starts in a row): giving up"
        while not self._given_up:
            if self.restarts >= self.max_restarts:
                self._given_up = f"restart budget ({self.max_restarts}) spent; last failure: {why}"
                return False
            self.restarts += 1
            try:
                self._spawn()
                return True
            except _StartRefused as exc:
                self._given_up = str(exc)
            except _HandshakeTimeout as exc:
                why = str(exc)
                handshake_timeouts += 1
                if handshake_timeouts >= _MAX_HANDSHAKE_TIMEOUTS_IN_A_ROW:
                    self._given_up = f"{why} ({handshake_timeouts} starts in a row): giving up"
            except _StartFailed as exc:
                why = str(exc)
                handshake_timeouts = 0
        return False

    # helpers ---------------------------------------------------------------------------------------------------
    def _note(self, text: str) -> None:
        self._note_count += 1
        if len(self.notes) < _MAX_NOTES:
            self.notes.append(text)
        elif len(self.notes) == _MAX_NOTES:
            self.notes.append("... more notes not kept")

    @staticmethod
    def _noise_note(noise: list[bytes]) -> str:
        lines = [n for n in noise if n.strip()]
        if not lines:
            return ""
        return f"; before that it printed {len(lines)} non-protocol line(s) on stdout, first {lines[0][:200]!r}"

    def _stderr_note(self, proc: _Process, mark: int) -> str:
        proc.drain_stderr(0.5)
        text = proc.stderr_since(mark, 2000).strip()
        return f"; stderr: {text}" if text else ""

    def _schema(self, name: str, msg: object) -> str | None:
        return schema_problem(name, msg) if self.validate_protocol else None

    def _check_schema(self, name: str, msg: object) -> None:
        problem = self._schema(name, msg)
        if problem:
            raise AssertionError(f"the runner built an invalid {name}: {problem}")

    def _request(self, index: int, case: dict[str, Any]) -> _Pending:
        self._seq += 1
        msg = {"cmd": "run", "seq": self._seq, "case": case}
        self._check_schema("run.request", msg)
        return _Pending(self._seq, index, case, _encode(msg))

    # the run loop ----------------------------------------------------------------------------------------------
    def run(self, items: Iterable[Item]) -> Iterator[tuple[int, Reply]]:
        try:
            yield from self._run(items)
        finally:
            self._note_systematic()

    def _note_systematic(self) -> None:
        """One note for a fault that shows in most replies (a seq off by one), instead of a failure per case
        with no common cause in sight."""
        total = sum(self._offsets.values())
        if total < 3:
            return
        offset, count = max(((d, n) for d, n in self._offsets.items() if d != 0), key=lambda x: x[1], default=(0, 0))
        if count * 2 > total:
            self._note(
                f"systematic seq error: {count} of {total} replies carried the seq of the request sent "
                f"{abs(offset)} {'after' if offset > 0 else 'before'} the one they answered (seq {offset:+d}); "
                "the adapter must copy each request's seq into its reply. Results were matched to other cases, "
                "so most failures of this run are this one fault"
            )
        self._offsets.clear()

    def _send(self, proc: _Process, p: _Pending) -> None:
        self._sent.append(p.seq)
        proc.send(p.line)

    def _run(self, items: Iterable[Item]) -> Iterator[tuple[int, Reply]]:
        todo = iter(items)
        pending: deque[_Pending] = deque()
        exhausted = False
        perf = time.perf_counter

        def resend() -> None:
            # After a restart the new process has seen none of the outstanding requests: resend the unanswered
            # ones, re-numbered (a late reply from the old process can then never be mistaken for a new one).
            # Requests the old process already answered (out of order) keep their answers.
            again = [p if p.answer is not None else self._request(p.index, p.case) for p in pending]
            pending.clear()
            pending.extend(again)
            self._sent.clear()
            if self._proc is not None:
                for p in pending:
                    if p.answer is None:
                        self._send(self._proc, p)
            if pending:
                self._head_started(pending[0])

        while True:
            proc = self._proc
            # Requests answered ahead of time (out of order) are delivered as soon as they reach the head.
            while pending and pending[0].answer is not None and proc is not None:
                early = pending[0].answer
                assert early is not None
                pending[0].answer = None
                yield from self._accept(pending, early, proc, perf)
            if self._given_up:
                # No process any more: every remaining case is a crash with the reason, so the report is complete.
                for p in pending:
                    yield p.index, Reply("crash", message=f"not run: adapter unavailable ({self._given_up})")
                pending.clear()
                for index, _case in todo:
                    yield index, Reply("crash", message=f"not run: adapter unavailable ({self._given_up})")
                return
            assert proc is not None
            while not exhausted and len(pending) < self.window:
                nxt = next(todo, None)
                if nxt is None:
                    exhausted = True
                    break
                p = self._request(*nxt)
                pending.append(p)
                self._send(proc, p)
                if len(pending) == 1:
                    self._last_mark = proc.stderr_mark()
                    self._head_started(p)
            if not pending:
                return
            head = pending[0]
            wait = head.started + self.timeout - perf()
            try:
                kind, payload, self._last_mark = proc.events.get(timeout=max(0.0, wait))
            except queue.Empty:
                pending.popleft()
                answered_later = [p.seq for p in pending if p.answer is not None]
                if answered_later or head.stray:
                    # The adapter is alive and answering, it just never answered this one: no restart.
                    if answered_later:
                        why = f"no reply (the adapter answered seq {answered_later[0]} first)"
                    else:
                        why = (
                            f"no reply within {self.timeout:g} s; meanwhile the adapter sent a reply for seq "
                            f"{head.stray[0]}, which was never sent"
                        )
                    reply = Reply("harness-error", message=why)
                    yield head.index, self._finish(reply, head, proc)
                    self._next_head(pending)
                    continue
                if proc.partial:
                    reply = Reply(
                        "harness-error",
                        message=f"partial reply line ({proc.partial} bytes, no newline) and nothing more within {self.timeout:g} s",
                    )
                else:
                    reply = Reply("timeout", message=f"no reply within {self.timeout:g} s")
                yield head.index, self._finish(reply, head, proc)
                self._recover(f"case timed out ({reply.message})")
                resend()
                continue
            if kind == "eof":
                pending.popleft()
                code = proc.exit_code()
                if payload:
                    reply = Reply(
                        "harness-error",
                        message=f"partial reply line ({len(payload)} bytes, no newline), then the adapter {_exit_phrase(code)}",
                    )
                elif code is None:
                    reply = Reply("crash", message="the adapter closed its stdout but did not exit")
                else:
                    reply = Reply("crash", message=f"the adapter {_exit_phrase(code)}")
                proc.drain_stderr()
                yield head.index, self._finish(reply, head, proc)
                self._recover(reply.message)
                resend()
                continue
            if kind == "toolong":
                pending.popleft()
                yield (
                    head.index,
                    self._finish(
                        Reply(
                            "harness-error",
                            message=f"reply line longer than {self.max_reply_bytes} bytes ({payload}+ bytes)",
                        ),
                        head,
                        proc,
                    ),
                )
                self._next_head(pending)
                continue
            # a complete line
            if not payload.strip():
                continue  # a blank line (or a lone CR) carries nothing: ignore it
            try:
                msg = strict_loads(payload)
            except (ValueError, UnicodeDecodeError) as exc:
                pending.popleft()
                yield (
                    head.index,
                    self._finish(
                        Reply("harness-error", message=f"reply is not JSON ({exc}): {payload[:200]!r}"), head, proc
                    ),
                )
                self._next_head(pending)
                continue
            if not isinstance(msg, dict):
                pending.popleft()
                yield (
                    head.index,
                    self._finish(
                        Reply(
                            "harness-error",
                            message=f"reply is a JSON {_json_type(msg)}, not an object: {payload[:200]!r}",
                        ),
                        head,
                        proc,
                    ),
                )
                self._next_head(pending)
                continue
            seq = msg.get("seq")
            if isinstance(seq, int) and not isinstance(seq, bool):
                if self._sent:
                    self._offsets[seq - self._sent.popleft()] += 1
                if not 1 <= seq <= self._seq:
                    # A seq the runner never sent belongs to no case: blaming the oldest one would fail a case
                    # that may still get its own reply. Noted; if that reply never comes, the timeout says why.
                    self._note(f"ignored a reply for seq {seq}, which was never sent")
                    head.stray.append(seq)
                    continue
            else:
                # Not an integer: the reply cannot be matched, and the head is what it most likely belonged to
                # (the adapter works on the oldest request first).
                why = f"wrong seq: expected {head.seq}, got {brief(seq)}"
                if isinstance(seq, str):
                    why += " (seq must be the JSON integer of the request, not a string)"
                elif seq is None:
                    why = f"the reply has no seq (expected {head.seq})"
                pending.popleft()
                yield head.index, self._finish(Reply("harness-error", message=why), head, proc)
                self._next_head(pending)
                continue
            target = next((p for p in pending if p.seq == seq), None)
            if target is None:
                # A request answered already, or given up (timed out, or sent to a process since restarted).
                self._note(
                    f"ignored a reply for seq {seq}: that request was already answered (a duplicate) or given up"
                )
                continue
            if target is not head:
                if target.answer is not None:
                    self._note(f"ignored a second reply for seq {seq}")
                else:
                    target.answer = msg  # out of order: kept until the requests before it are answered
                continue
            yield from self._accept(pending, msg, proc, perf)

    def _accept(
        self, pending: deque[_Pending], msg: dict[str, Any], proc: _Process, perf: Callable[[], float]
    ) -> Iterator[tuple[int, Reply]]:
        head = pending.popleft()
        extra = [] if self.validate_protocol else unknown_keys(msg)
        if extra:
            # Tolerated (a newer adapter, diagnostics); said once in the report, then dropped from the result.
            if not self._warned_keys.issuperset(extra):
                self._warned_keys.update(extra)
                self._note(f"ignored unknown key(s) in run replies: {', '.join(extra)}")
            for k in extra:
                del msg[k]
        problem = reply_problem(msg) or self._schema("run.response", msg)
        if problem:
            reply = Reply("harness-error", message=f"malformed reply: {problem}")
        elif "skipped" in msg:
            reply = Reply("skipped", message=str(msg["skipped"]))
        elif "errored" in msg:
            reply = Reply("errored", message=str(msg["errored"]))
            if isinstance(msg.get("traceback"), str):
                reply.stderr = msg["traceback"]
        else:
            del msg["seq"]
            # What it wrote to stderr meanwhile: shown only if the case does not pass (adapter.md, rule 1).
            proc.catch_up_stderr()
            reply = Reply("result", result=msg, stderr=proc.stderr_since(head.stderr_mark))
        reply.duration = perf() - head.started
        if reply.kind != "result":
            reply = self._finish(reply, head, proc)
        yield head.index, reply
        self._next_head(pending)

    def _head_started(self, p: _Pending) -> None:
        p.started = time.perf_counter()
        p.stderr_mark = self._last_mark

    def _next_head(self, pending: deque[_Pending]) -> None:
        if pending:
            self._head_started(pending[0])

    def _finish(self, reply: Reply, head: _Pending, proc: _Process) -> Reply:
        if not reply.duration:
            reply.duration = time.perf_counter() - head.started
        # stdout and stderr are separate pipes, so which case a stderr line belongs to is only approximate. When
        # the process dies or hangs, all its stderr since the handshake (the tail) is the useful context.
        mark = (
            self._spawn_mark if reply.kind in ("crash", "timeout") or proc.proc.poll() is not None else head.stderr_mark
        )
        err = proc.stderr_since(mark)
        if err:
            reply.stderr = (reply.stderr + "\n" + err).strip("\n") if reply.stderr else err
        return reply


def _exit_phrase(code: int | None) -> str:
    """How a process ended, as a person reads it: ``exited (exit code 3)``, or ``was killed by SIGKILL`` for the
    negative code Popen gives a process a signal ended."""
    if code is None:
        return "stopped answering (still running)"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited (exit code {code})"


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool) or value is None:
        return "literal"
    return "number"


def _encode(msg: dict[str, Any]) -> bytes:
    import json

    return (json.dumps(msg, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def environment_with(extra: Mapping[str, str] | None) -> dict[str, str] | None:
    """The runner's environment plus ``extra`` (``None`` when there is nothing to add)."""
    if not extra:
        return None
    env = dict(os.environ)
    env.update(extra)
    return env


def program_problem(argv: Sequence[str], cwd: str | None = None) -> str | None:
    """Why ``argv`` cannot be started at all (no such program, not executable), or ``None``: checked before any
    work, so that a typo is one usage error and not a crash of every case."""
    import shutil

    if not argv:
        return "empty command"
    prog = argv[0]
    if os.sep in prog or (os.altsep is not None and os.altsep in prog):
        path = os.path.join(cwd or ".", prog)
        if not os.path.exists(path):
            return f"cannot start {list(argv)!r}: No such file or directory"
        if os.path.isdir(path) or not os.access(path, os.X_OK):
            return f"cannot start {list(argv)!r}: Permission denied (not an executable file)"
        return None
    if shutil.which(prog) is None:
        return f"cannot start {list(argv)!r}: {prog!r} is not a program on PATH"
    return None
