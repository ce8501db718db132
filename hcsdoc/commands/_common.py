"""What every command does the same way: signals, a closed stdout, output paths checked before any work,
option values that must be a sane number of seconds, and the comparison-level options.

Signals: :func:`signals_handled` (``hcsdoc.cli.main`` wraps every command in it) makes SIGTERM and SIGHUP behave
like SIGINT: the handler first kills every child process the command started (``conformance.impl.reaper``: the
process, its group and its session), then raises :class:`Terminated` (a ``KeyboardInterrupt``) so that the
command unwinds, flushes what it has and marks its reports incomplete. The exit code is 128 + the signal number
(130 SIGINT, 129 SIGHUP, 143 SIGTERM); a closed stdout (``| head``) is handled like SIGPIPE (141).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

MAX_SECONDS = 1e6  # beyond this, thread and queue timeouts overflow; no case needs 11 days


class OutputPathError(ValueError):
    """An output option that cannot be written; the message names the option, the path and the problem."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, SIGHUP or SIGINT arrived; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def exit_code_for(exc: BaseException) -> int:
    """128 + the signal number: 130 for a plain KeyboardInterrupt, 141 for a closed stdout."""
    if isinstance(exc, BrokenPipeError):
        return 128 + signal.SIGPIPE
    return 128 + int(getattr(exc, "signum", signal.SIGINT))


def signal_name(exc: BaseException) -> str:
    if isinstance(exc, BrokenPipeError):
        return "a closed stdout"
    return signal.Signals(int(getattr(exc, "signum", signal.SIGINT))).name


_HANDLED = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT) if hasattr(signal, "SIGHUP") else (signal.SIGTERM,)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    from hcsdoc.conformance.impl import reaper

    # Children first: whatever the unwinding does (or fails to do), nothing the command started survives.
    reaper.kill_all()
    # Later signals only kill again: the first one is already unwinding the command.
    for s in _HANDLED:
        signal.signal(s, _on_later_signal)
    raise Terminated(signum)


def _on_later_signal(signum: int, frame: FrameType | None) -> None:
    from hcsdoc.conformance.impl import reaper

    reaper.kill_all()


@contextlib.contextmanager
def signals_handled() -> Iterator[None]:
    """Install the handlers for the duration of a command (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in _HANDLED}
    for s in _HANDLED:
        signal.signal(s, _on_signal)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def silence_stdout() -> None:
    """After a BrokenPipeError: point stdout at /dev/null, so that the interpreter's final flush does not print
    another error (the reader is gone; nothing more can reach it)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def seconds(text: str) -> float:
    """argparse type: a finite number of seconds, > 0 and <= 1e6 (``nan``, ``inf`` and ``-1`` are usage errors)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not (math.isfinite(value) and 0 < value <= MAX_SECONDS):
        raise argparse.ArgumentTypeError(f"must be a number of seconds > 0 and <= {MAX_SECONDS:g}, not {text!r}")
    return value


def add_level_options(
    group: argparse._ActionsContainer, *, outcome: bool = False, per_impl: bool = False, applies: str = ""
) -> None:
    """``--compare``, ``--errors`` and ``--documents``: the comparison levels of ``hcsdoc check``, which ``diff``
    and ``fuzz --impl`` take as well. ``outcome`` offers ``--errors outcome``; ``per_impl`` leaves ``--errors`` and
    ``--documents`` at None, for the command to choose by implementation (``outcome`` and ``v1`` for moby);
    ``applies`` starts each help text (``"diff --impl: "``)."""
    moby = "; outcome for moby" if per_impl else ""
    group.add_argument(
        "--compare",
        choices=("bytes", "structural"),
        default="bytes",
        help=f"{applies}bytes (default): canonical JSON and exact json.Marshal bytes; structural: canonical JSON only",
    )
    group.add_argument(
        "--errors",
        choices=("text", "kind", "outcome") if outcome else ("text", "kind"),
        default=None if per_impl else "text",
        help=f"{applies}text (default{moby}): exact error text; kind: the stable error-site id"
        + ("; outcome: any error where an error is expected, any panic where a panic is" if outcome else ""),
    )
    group.add_argument(
        "--documents",
        choices=("both", "v1", "v2"),
        default=None if per_impl else "both",
        help=f"{applies}both (default{'; v1 for moby' if per_impl else ''}), or only the schema-1 (v1) or "
        "schema-2 (v2) document",
    )


def check_output_file(option: str, path: str | None) -> None:
    """``path`` can be written as a file: not a folder, in an existing, writable folder. ``-`` (stdout) and
    ``None`` pass. Nothing is created: a missing folder is the user's typo, not a request to make one."""
    if path is None or path == "-":
        return
    p = Path(path)
    if p.is_dir():
        raise OutputPathError(f"{option} {path}: is a folder, not a file")
    parent = p.parent
    if not parent.is_dir():
        raise OutputPathError(f"{option} {path}: no such folder: {parent}")
    if p.exists() and not os.access(p, os.W_OK):
        raise OutputPathError(f"{option} {path}: not writable")
    if not p.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise OutputPathError(f"{option} {path}: cannot create a file in {parent}")


def check_output_dir(option: str, path: str | None) -> None:
    """``path`` is a writable folder, or can be created as one in an existing folder."""
    if path is None:
        return
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OutputPathError(f"{option} {path}: is a file, not a folder")
    if p.is_dir():
        if not os.access(p, os.W_OK | os.X_OK):
            raise OutputPathError(f"{option} {path}: not writable")
        return
    if not p.parent.is_dir():
        raise OutputPathError(f"{option} {path}: no such folder: {p.parent}")
    if not os.access(p.parent, os.W_OK | os.X_OK):
        raise OutputPathError(f"{option} {path}: cannot create a folder in {p.parent}")
