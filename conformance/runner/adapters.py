"""Implementations the runner can check: the reference in-process, or any adapter process (JSON lines).

Both expose ``run(items)``: a generator that takes ``(index, case)`` pairs and yields ``(index, Reply)`` pairs in
the same order. Nothing an implementation does can end the generator early: a crash, a hang or a broken reply
becomes the :class:`~conformance.runner.outcomes.Reply` of the one case it happened on.

The adapter client pipelines: it keeps up to ``window`` run requests outstanding, so a slow-to-answer process
(the Go capture executable under Wine) is not bound by round-trip latency. Replies must come in request order;
each must echo its request's ``seq``.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from conformance.runner.canonical import strict_loads
from conformance.runner.outcomes import Reply
from conformance.runner.protocol import reply_problem, result_problem, schema_problem, start_problem, start_request

Item = tuple[int, dict[str, Any]]


class AdapterUnavailable(Exception):
    """The implementation cannot be started at all (no such program, not executable): a usage error."""


class Implementation(Protocol):
    """What the engine needs from an implementation."""

    def start(self) -> dict[str, Any]:
        """Start it; return its description for the report header (``name``, ``version``, ``kind`` ...)."""
        ...

    def run(self, items: Iterable[Item]) -> Iterator[tuple[int, Reply]]: ...

    def close(self) -> None: ...


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
            )
        except OSError as exc:
            raise AdapterUnavailable(f"cannot start {list(argv)!r}: {exc.strerror or exc}") from None
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
        buf = bytearray()
        discarding = False
        while True:
            try:
                chunk = stream.read(1 << 16)
            except (OSError, ValueError):
                chunk = b""
            if not chunk:
                break
            start = 0
            while True:
                nl = chunk.find(b"\n", start)
                if nl < 0:
                    if not discarding:
                        buf += chunk[start:]
                        if len(buf) > self.max_line:
                            self.events.put(("toolong", len(buf), self.stderr_mark()))
                            buf.clear()
                            discarding = True
                    break
                if discarding:
                    discarding = False
                else:
                    buf += chunk[start:nl]
                    if len(buf) > self.max_line:
                        self.events.put(("toolong", len(buf), self.stderr_mark()))
                    else:
                        self.events.put(("line", bytes(buf), self.stderr_mark()))
                    buf.clear()
                start = nl + 1
            self.partial = len(buf)
        self.events.put(("eof", bytes(buf), self.stderr_mark()))

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

    def exit_code(self, wait: float = 2.0) -> int | None:
        try:
            return self.proc.wait(wait)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
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


class _StartFailed(Exception):
    pass


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

    # life cycle ------------------------------------------------------------------------------------------------
    def start(self) -> dict[str, Any]:
        """Start the process and do the handshake. A program that cannot be executed raises
        :class:`AdapterUnavailable`; a handshake that fails is retried within the restart budget, and if it never
        succeeds every case is reported as ``crash`` with the reason."""
        try:
            self._spawn()
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
            while time.monotonic() < deadline:
                try:
                    kind, _, _ = proc.events.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
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
        try:
            kind, payload, _ = proc.events.get(timeout=self.start_timeout)
        except queue.Empty:
            proc.kill()
            raise _StartFailed(
                f"no handshake reply within {self.start_timeout:g} s" + self._stderr_note(proc, mark)
            ) from None
        if kind == "eof":
            code = proc.exit_code()
            proc.kill()
            raise _StartFailed(f"exited during the handshake (exit code {code})" + self._stderr_note(proc, mark))
        if kind == "toolong":
            proc.kill()
            raise _StartFailed(f"handshake reply longer than {self.max_reply_bytes} bytes")
        try:
            msg = strict_loads(payload)
        except ValueError:
            proc.kill()
            raise _StartFailed(
                f"handshake reply is not JSON: {payload[:200]!r}" + self._stderr_note(proc, mark)
            ) from None
        problem = start_problem(msg) or self._schema("start.response", msg)
        if problem:
            proc.kill()
            raise _StartFailed(problem + self._stderr_note(proc, mark))
        assert isinstance(msg, dict)
        self._last_mark = self._spawn_mark = proc.stderr_mark()
        self.info = {"name": msg["implementation"]["name"], "version": msg["implementation"]["version"]}
        for extra in ("language", "homepage", "issues"):
            if isinstance(msg["implementation"].get(extra), str):
                self.info[extra] = msg["implementation"][extra]

    def _recover(self, why: str) -> bool:
        """Restart after a failure, within the budget. False (and every later case gets ``crash``) when spent."""
        if self._proc is not None:
            self._proc.kill()
            self._proc = None
        while not self._given_up:
            if self.restarts >= self.max_restarts:
                self._given_up = f"restart budget ({self.max_restarts}) spent; last failure: {why}"
                return False
            self.restarts += 1
            try:
                self._spawn()
                return True
            except _StartFailed as exc:
                why = str(exc)
        return False

    # helpers ---------------------------------------------------------------------------------------------------
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
        todo = iter(items)
        pending: deque[_Pending] = deque()
        exhausted = False
        perf = time.perf_counter

        def resend() -> None:
            # After a restart the new process has seen none of the outstanding requests: resend them, re-numbered
            # (a late reply from the old process can then never be mistaken for a new one).
            again = [self._request(p.index, p.case) for p in pending]
            pending.clear()
            pending.extend(again)
            if self._proc is not None:
                for p in pending:
                    self._proc.send(p.line)
            if pending:
                self._head_started(pending[0])

        while True:
            if self._given_up:
                # No process any more: every remaining case is a crash with the reason, so the report is complete.
                for p in pending:
                    yield p.index, Reply("crash", message=f"not run: adapter unavailable ({self._given_up})")
                pending.clear()
                for index, _case in todo:
                    yield index, Reply("crash", message=f"not run: adapter unavailable ({self._given_up})")
                return
            proc = self._proc
            assert proc is not None
            while not exhausted and len(pending) < self.window:
                nxt = next(todo, None)
                if nxt is None:
                    exhausted = True
                    break
                p = self._request(*nxt)
                pending.append(p)
                proc.send(p.line)
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
                        message=f"partial reply line ({len(payload)} bytes, no newline), then the adapter exited (exit code {code})",
                    )
                else:
                    reply = Reply("crash", message=f"the adapter exited (exit code {code})")
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
                        Reply("harness-error", message=f"reply is not a JSON object: {payload[:200]!r}"), head, proc
                    ),
                )
                self._next_head(pending)
                continue
            seq = msg.get("seq")
            if not isinstance(seq, int) or isinstance(seq, bool) or seq > head.seq:
                # A seq of a later request means the adapter never answered the head: give the head up and try the
                # reply against the next request. Any other seq (unknown, not a number) is the head's harness error.
                pending.popleft()
                later = isinstance(seq, int) and not isinstance(seq, bool) and any(p.seq == seq for p in pending)
                why = (
                    f"no reply (the adapter answered seq {seq} first)"
                    if later
                    else f"wrong seq: expected {head.seq}, got {seq!r}"
                )
                yield head.index, self._finish(Reply("harness-error", message=why), head, proc)
                if later:
                    while pending and pending[0].seq != seq:
                        skipped = pending.popleft()
                        yield skipped.index, self._finish(Reply("harness-error", message=why), skipped, proc)
                    if pending:
                        self._head_started(pending[0])
                        yield from self._accept(pending, msg, proc, perf)
                else:
                    self._next_head(pending)
                continue
            if seq < head.seq:
                continue  # a late reply to a request already given up (after a garbage line): ignore it
            yield from self._accept(pending, msg, proc, perf)

    def _accept(
        self, pending: deque[_Pending], msg: dict[str, Any], proc: _Process, perf: Callable[[], float]
    ) -> Iterator[tuple[int, Reply]]:
        head = pending.popleft()
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
            reply = Reply("result", result=msg)
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
