"""Room on Python's stack for values nested as deep as Go's JSON decoder allows.

Go accepts 10000 nesting levels and its decoder and encoder take no Go stack limit at that depth; the Python
decoders and encoders take a few frames per level. Both run first within the default recursion limit and, only on
a ``RecursionError``, again through :func:`with_room`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Final, TypeVar

# Room for Go's 10000 nesting levels at a few Python frames per level.
DEEP_RECURSION_LIMIT: Final = 60000

_T = TypeVar("_T")


def with_room(run: Callable[[], _T]) -> _T:
    """``run()`` with the recursion limit raised to :data:`DEEP_RECURSION_LIMIT` (and put back after)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, DEEP_RECURSION_LIMIT))
    try:
        return run()
    finally:
        sys.setrecursionlimit(limit)
