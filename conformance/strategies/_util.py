"""Small helpers shared by the strategy modules: independent optional keys, guarded event()/target()."""

from __future__ import annotations

import contextlib
from typing import Any, TypeVar

from hypothesis import event, target
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.errors import InvalidArgument

T = TypeVar("T")

__all__ = ["maybe", "note_event", "note_target", "put_maybe"]


def maybe(draw: st.DrawFn, strategy: st.SearchStrategy[T]) -> T | None:
    """Draw from ``strategy`` behind its own ``booleans()`` gate; ``None`` when the gate is off.

    Every optional key gets its own gate (not ``fixed_dictionaries(optional=...)``): the shrinker then removes
    one key by flipping one boolean, without renumbering the other keys' choices, so minimal cases are reached.
    """
    if draw(st.booleans()):
        return draw(strategy)
    return None


def put_maybe(draw: st.DrawFn, d: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]) -> None:
    """``d[key] = draw(strategy)`` behind its own gate (absent when the gate is off; ``None`` values are kept)."""
    if draw(st.booleans()):
        d[key] = draw(strategy)


def note_event(name: str) -> None:
    """``hypothesis.event(name)`` when drawing inside a test (strategies are also drawn by ``find`` etc.)."""
    if currently_in_test_context():
        event(name)


def note_target(observation: float, label: str) -> None:
    """``hypothesis.target`` that tolerates a second draw of the same strategy in one test case.

    ``target()`` may be called once per label per test case; a test that draws two cases keeps the first value.
    """
    if not currently_in_test_context():
        return
    with contextlib.suppress(InvalidArgument):
        target(observation, label=label)
