"""No process the runner started outlives it.

Every child process a command starts (adapter processes, the capture executable, a fuzzer child) is registered
here while it runs. :func:`kill_tree` kills one child with everything it started that is still in its process
group or its session (an adapter runs in a session of its own, so a helper that moved itself to another process
group is still found by its session). :func:`kill_all` does that for every registered child: the signal handlers
of the commands (``hcsdoc.commands._common``) call it before unwinding, and it runs once more at exit.

A process that left the session as well (``setsid`` in a grandchild) cannot be found this way; nothing short of
a cgroup can.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

_LIVE: dict[int, tuple[subprocess.Popen[Any], bool]] = {}  # pid -> (process, leads its own session)


def track(proc: subprocess.Popen[Any], *, own_session: bool) -> None:
    """Register a started child (``own_session``: started with ``start_new_session=True``)."""
    _LIVE[proc.pid] = (proc, own_session)


def untrack(proc: subprocess.Popen[Any]) -> None:
    _LIVE.pop(proc.pid, None)


def session_members(sid: int) -> list[int]:
    """Live processes whose session id is ``sid`` (Linux ``/proc``; empty elsewhere)."""
    out: list[int] = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return out
    for name in entries:
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_bytes()
        except OSError:
            continue
        # "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 3 and fields[3] == str(sid).encode() and fields[0] != b"Z":  # a zombie is dead already
            out.append(int(name))
    return out


def kill_tree(proc: subprocess.Popen[Any], *, own_session: bool) -> None:
    """SIGKILL the process, its process group and (when it leads one) its session. Does not wait."""
    if os.name == "posix" and own_session:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
        for pid in session_members(proc.pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    if proc.poll() is None:
        with contextlib.suppress(OSError):
            proc.kill()


def kill_all() -> int:
    """Kill every registered child and what it started; the number of children. Safe in a signal handler: no
    locks, no waiting (the registry is only ever changed by single dict operations)."""
    children = list(_LIVE.values())
    for proc, own_session in children:
        kill_tree(proc, own_session=own_session)
    return len(children)


atexit.register(kill_all)
