"""Small helpers shared by the strategy modules: pools drawn in one choice, optional keys in one draw each,
whole-list pools, guarded event()/target()."""

from __future__ import annotations

import contextlib
import enum
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Generic, TypeVar, overload

from hypothesis import event, target
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.errors import InvalidArgument
from hypothesis.internal.conjecture.data import ConjectureData

from hcsdoc.conformance.results.canonical import json_copy

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

__all__ = [
    "ABSENT",
    "BOOL",
    "MORE",
    "Absent",
    "Chooser",
    "Pool",
    "fragments",
    "json_copy",
    "list_pool",
    "note_event",
    "note_target",
    "optional",
    "pool",
    "put",
]

BOOL: Final = st.booleans()

# Tests switch the fast path off to check that it draws exactly what the strategies draw.
FAST_PATH = True


# Hypothesis's own generator (not the fuzzer's bytes) draws a pool index about uniformly only for pools of a few
# hundred values: beyond, amid the other choices of a case, it prefers low indexes (measured with Hypothesis 6.170
# and 50 choices before: a pool of 480 comes up in its lower half 59% of the time, one of 1,024 75%), and an
# optional() pool's lower half means "absent". So no pool is larger; larger products are split into choices.
MAX_POOL: Final = 300


@dataclass(frozen=True, eq=False)
class Pool(Generic[T_co]):
    """A fixed tuple of values, drawn as ``st.sampled_from(values)`` draws it (one integer choice, the index).

    When the values hold dicts or lists, every draw gives a fresh copy (see :func:`json_copy`): a case can then be
    changed in place (the error mutations do, and so may any test) without changing the pool.
    """

    values: tuple[T_co, ...]
    strategy: st.SearchStrategy[T_co] = field(init=False)
    fresh: bool = field(init=False)  # the values hold dicts or lists: copy them when drawn
    last: int = field(init=False)  # the highest index

    def __post_init__(self) -> None:
        if not self.values:
            raise ValueError("a pool needs at least one value")
        if len(self.values) > MAX_POOL:
            raise ValueError(f"a pool of {len(self.values)} values: at most {MAX_POOL} (see MAX_POOL)")
        fresh = any(isinstance(x, (dict, list)) for x in self.values)
        strategy = st.sampled_from(self.values)
        object.__setattr__(self, "fresh", fresh)
        object.__setattr__(self, "strategy", strategy.map(json_copy) if fresh else strategy)
        object.__setattr__(self, "last", len(self.values) - 1)


def pool(values: Iterable[T]) -> Pool[T]:
    return Pool(tuple(values))


MORE: Final = pool((False, True, True))  # Chooser.many's "one more element?"


class Chooser:
    """A composite's ``draw`` that also draws :class:`Pool` values and ``BOOL`` cheaply.

    ``chooser(strategy)`` is ``draw(strategy)``. ``chooser(pool)`` and ``chooser(BOOL)`` make the very choice that
    ``draw(pool.strategy)`` and ``draw(st.booleans())`` make (one ``draw_integer(0, n - 1)``, one
    ``draw_boolean()``) straight on the ConjectureData behind ``draw``, without the strategy machinery around it
    (validation, labels, a span per draw): ~4 us instead of ~10 us a draw, and the fuzz bridge draws one case per
    execution. Same choice sequence, so the same bytes make the same case either way (tests/test_strategies.py
    checks this with the fast path off); without a ConjectureData behind ``draw`` (another Hypothesis version),
    everything goes through ``draw``.
    """

    __slots__ = ("_data", "draw")
    draw: st.DrawFn
    _data: ConjectureData | None

    def __init__(self, draw: st.DrawFn | Chooser) -> None:
        if isinstance(draw, Chooser):
            draw = draw.draw
        self.draw = draw
        data = getattr(draw, "__self__", None)
        self._data = data if FAST_PATH and isinstance(data, ConjectureData) else None

    @overload
    def __call__(self, what: Pool[T]) -> T: ...

    @overload
    def __call__(self, what: st.SearchStrategy[T]) -> T: ...

    def __call__(self, what: Pool[T] | st.SearchStrategy[T]) -> T:
        data = self._data
        if data is None:
            return self.draw(what.strategy if isinstance(what, Pool) else what)
        if isinstance(what, Pool):
            # sampled_from of one value is just(value): no choice
            value = what.values[data.draw_integer(0, what.last)] if what.last else what.values[0]
            return json_copy(value) if what.fresh else value
        if what is BOOL:
            flip: Any = data.draw_boolean()
            return flip  # type: ignore[no-any-return]
        return self.draw(what)

    def many(self, element: Pool[T], *, min_size: int = 0, max_size: int) -> list[T]:
        """A list of ``min_size`` to ``max_size`` elements: after the first ``min_size`` ones, a "one more?" choice
        (:data:`MORE`: yes two times in three) before each element. For elements that are one pool choice each:
        ``st.lists`` would make the same kind of choices but draw each element as a strategy (~10 us each). The
        shrinker still deletes any element (its choice and the one before it: two adjacent choices) or cuts the
        list short (one choice to "no")."""
        out = [self(element) for _ in range(min_size)]
        while len(out) < max_size and self(MORE):
            out.append(self(element))
        return out

    def sample(self, values: Sequence[T]) -> T:
        """``draw(st.sampled_from(values))`` for values known only while drawing (no strategy built when fast)."""
        if self._data is None or len(values) <= 1:
            return self.draw(st.sampled_from(values))
        return values[self._data.draw_integer(0, len(values) - 1)]


class Absent(enum.Enum):
    """The "key left out" outcome of an :func:`optional` draw."""

    ABSENT = "absent"


ABSENT: Final = Absent.ABSENT


def optional(values: Iterable[T]) -> Pool[T | Absent]:
    """An optional key's gate and value in *one* choice: :data:`ABSENT` or one of ``values``, each half the time.

    The pool is ``(ABSENT,) * n + values``: every index in its lower half means "absent" (index 0 is where the
    shrinker goes), the upper half picks a value, simplest first. Each optional key still gets its own choice, so
    the shrinker removes one key by lowering one integer, without renumbering the other keys' choices (and unlike
    a ``booleans()`` gate before a value, turning a key off leaves every later choice where it was), so minimal
    cases are reached; but a gate and a value cost one draw instead of two.
    """
    values = tuple(values)
    if not values:
        raise ValueError("optional() needs at least one value")
    return Pool((ABSENT,) * len(values) + values)


def fragments(fields: Sequence[tuple[str, Sequence[Any]]]) -> Pool[dict[str, Any]]:
    """Several optional keys in one choice, for keys that the converter copies or ignores (not worth shrinking one
    by one): every combination as a dict of the keys present, each key present half the time (with its values
    as in :func:`optional`), fewest keys first (the empty dict is where the shrinker goes, and a dict with one key
    comes before any with two)."""
    choices = [(key, (ABSENT,) * len(values) + tuple(values)) for key, values in fields]
    out: list[dict[str, Any]] = []
    for combo in itertools.product(*(values for _, values in choices)):
        out.append({key: value for (key, _), value in zip(choices, combo, strict=True) if value is not ABSENT})
    out.sort(key=len)
    return Pool(tuple(out))


def put(c: Chooser, d: dict[str, Any], key: str, p: Pool[Any]) -> None:
    """``d[key] = value`` for one draw from an :func:`optional` pool, unless it drew :data:`ABSENT`."""
    value = c(p)
    if value is not ABSENT:
        d[key] = value


def list_pool(elements: Sequence[T], max_size: int, *, min_size: int = 0, balanced: bool = True) -> tuple[list[T], ...]:
    """Every list of ``min_size`` to ``max_size`` of ``elements``, as whole values for one ``sampled_from`` draw.

    For short lists of a few interchangeable elements (their elements are not worth shrinking one by one): one
    draw instead of one per element and one per "another one?" decision. Shortest first, then in element order,
    so the shrinker still goes to fewer and earlier elements. ``balanced``: each length is equally likely (a list
    of length ``k`` is repeated ``len(elements) ** (max_size - k)`` times), close to what ``st.lists`` gives at
    these sizes; otherwise each list is there once (a smaller pool, longer lists more likely). Put it in a
    :class:`Pool` (it copies the lists as they are drawn).
    """
    n = len(elements)
    out: list[list[T]] = []
    for size in range(min_size, max_size + 1):
        repeat = n ** (max_size - size) if balanced else 1
        for combo in itertools.product(elements, repeat=size):
            out.extend([list(combo)] * repeat)
    return tuple(out)


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
