"""Room on Python's stack for values nested as deep as Go's JSON decoder allows.

Go accepts 10000 nesting levels and its decoder and encoder take no Go stack limit at that depth; the Python
decoders and encoders take a few frames per level. Both run first within the default recursion limit and, only on
a ``RecursionError``, again through :func:`with_room`.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Final, TypeVar

# Room for Go's 10000 nesting levels at a few Python frames per level.
DEEP_RECURSION_LIMIT: Final = 60000

_T = TypeVar("_T")


class _Room:
    """The recursion limit is one per interpreter: threads in room share the raised limit, and the last one out
    puts the caller's limit back (one thread restoring it while another is still deep would fail the other)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inside = 0
        self.saved = 0

    def enter(self) -> None:
        with self.lock:
            if self.inside == 0:
                self.saved = sys.getrecursionlimit()
                sys.setrecursionlimit(max(self.saved, DEEP_RECURSION_LIMIT))
            self.inside += 1

    def leave(self) -> None:
        with self.lock:
            self.inside -= 1
            if self.inside == 0:
                sys.setrecursionlimit(self.saved)


_ROOM: Final = _Room()


def with_room(run: Callable[[], _T]) -> _T:
    """``run()`` with the recursion limit raised to :data:`DEEP_RECURSION_LIMIT` (and put back after)."""
    _ROOM.enter()
    try:
        return run()
    finally:
        _ROOM.leave()


def with_room_if_deep(run: Callable[[], _T]) -> _T:
    """``run()``; when it runs out of Python's stack (a value nested deeper than the default recursion limit
    allows), ``run()`` again with room. ``run`` must have no effect before the error that it would repeat."""
    try:
        return run()
    except RecursionError:
        return with_room(run)
