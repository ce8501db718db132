"""Generating cases for a differential run: Hypothesis draws followed by cheap JSON-level derived variants."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Final, Protocol

from hcsdoc.conformance.differential.casetree import MISSING, deletable, leaf_paths, valid_case, value_at
from hcsdoc.conformance.differential.model import Case, JsonPath
from hcsdoc.conformance.results.canonical import json_copy

# ----------------------------------------------------------------------------------------------------------------
# generation


_EDGE_STRINGS: Final = (
    "",
    "0",
    "1",
    "-1",
    "+1",
    " 1",
    "1 ",
    "01",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "4294967297",
    "18446744073709551615",
    "18446744073709551616",
    "true",
    "TRUE",
    "t",
    "mini",
    "full",
    "{container_id}",
    "{CONTAINER_ID}",
    "{Container_Id}",
    "C:\\",
    "C:",
    "\\\\?\\Volume{00000000-0000-0000-0000-000000000000}\\",
    "sandbox://",
    "\\\\.\\pipe\\p",
    "a,b",
    ",",
)
_EDGE_INTS: Final = (0, 1, -1, 2, 7, 255, 65535, 65536, 2147483647, -2147483648, 4294967295, 17763, 16299, 20348)
_TWEAK_SUFFIXES: Final = ("\n", "\\", "/", " ", "\x00", ".", ",", "..", "\\..")


@dataclass(frozen=True)
class _Shape:
    """The paths of one drawn case, computed once and reused by all of its variants and as a donor."""

    case: Case
    paths: list[JsonPath]  # depth >= 2
    leaves: list[tuple[JsonPath, Any]]
    spec_leaves: list[tuple[JsonPath, Any]]
    deletable: list[JsonPath]
    strings: list[str]

    @staticmethod
    def of(case: Case) -> _Shape:
        everything = list(leaf_paths(case))
        return _Shape(
            case,
            [p for p, _ in everything if len(p) >= 2],
            [(p, v) for p, v in everything if p and not isinstance(v, (dict, list))],
            [(p, v) for p, v in everything if p[:1] == ("spec",) and not isinstance(v, (dict, list))],
            [p for p, _ in everything if deletable(p)],
            [v for _, v in everything if isinstance(v, str)],
        )


def _top(path: JsonPath) -> str | int:
    """The top-level key under which ``path`` changes something (``"*"``: a top-level value itself)."""
    return path[0] if len(path) > 1 else "*"


class CaseSource(Protocol):
    """Anything that hands out batches of complete cases (a :class:`CaseGenerator`, or a fixed list in tests)."""

    def batch(self, n: int) -> list[Case]: ...


class CaseGenerator:
    """Cases from the Hypothesis strategies plus ``derive`` JSON-level variants per drawn case (module docstring).

    Deterministic for a given ``seed`` (Hypothesis draws are seeded per batch, see
    :mod:`conformance.strategies.reproducible`; variants use a seeded RNG): the same seed gives the same stream
    whatever else is loaded, wherever the package is installed and whatever the current folder.
    """

    def __init__(self, *, seed: int = 0, region: str = "any", derive: int = 39, pool_size: int = 200) -> None:
        from hcsdoc.conformance.strategies import cases

        self.strategy = cases(region=region)  # type: ignore[arg-type]
        self.seed = seed
        self.derive = derive
        self.rng = random.Random(seed)
        self.pool: list[_Shape] = []
        self.pool_size = pool_size
        self.batches = 0
        self.drawn = 0
        self.derived = 0
        self.dropped = 0

    def draw(self, n: int) -> list[Case]:
        """``n`` cases drawn by Hypothesis (generate phase only, no database, seeded)."""
        from hypothesis import given
        from hypothesis import seed as hseed

        from hcsdoc.conformance.strategies.reproducible import reproducible_draws, seeded_settings

        out: list[Case] = []

        @seeded_settings(n)
        @given(self.strategy)
        def collect(case: Case) -> None:
            out.append(case)

        with reproducible_draws():
            hseed(self.seed * 1_000_003 + self.batches)(collect)()
        self.batches += 1
        self.drawn += len(out)
        return out

    def batch(self, n: int) -> list[Case]:
        """About ``n`` complete cases: drawn ones, each followed by its derived variants."""
        drawn = [valid_case(c) or c for c in self.draw(max(1, -(-n // (1 + self.derive))))]
        shapes = [_Shape.of(c) for c in drawn]
        self.pool.extend(shapes)
        del self.pool[: max(0, len(self.pool) - self.pool_size)]
        out: list[Case] = []
        for shape in shapes:
            out.append(shape.case)
            for _ in range(self.derive):
                v = self.variant(shape)
                if v is not None:
                    out.append(v)
        return out

    def variant(self, base: _Shape) -> Case | None:
        """One derived case of ``base`` (1 to 3 operations), or None when it came out malformed."""
        rng = self.rng
        out = json_copy(base.case)
        touched: set[str | int] = set()  # the top-level keys changed
        for _ in range(rng.choice((1, 1, 2, 3))):
            op = rng.random()
            if op < 0.45:
                touched.add(self._splice(out))
            elif op < 0.85:
                touched.add(self._tweak(out, base))
            elif base.deletable:
                path = rng.choice(base.deletable)
                self._set(out, path, MISSING)
                touched.add(_top(path))
        # A change *inside* the spec of a well-formed case leaves it well-formed (the new values come from other
        # drawn cases or are plain strings, integers and booleans): only other changes need the full check (a new
        # top-level value, the spec itself included: it may not be set next to specText).
        valid = out if touched <= {"spec", ""} else valid_case(out)
        if valid is None:
            self.dropped += 1
            return None
        self.derived += 1
        return valid

    @staticmethod
    def _set(case: Case, path: JsonPath, value: Any) -> None:
        parent = value_at(case, path[:-1])
        key = path[-1]
        if isinstance(parent, dict) and isinstance(key, str):
            if value is MISSING:
                parent.pop(key, None)
            else:
                parent[key] = value
        elif isinstance(parent, list) and isinstance(key, int):
            if value is MISSING:
                if key < len(parent):
                    del parent[key]
            elif key < len(parent):
                parent[key] = value
            else:
                parent.append(value)

    def _splice(self, case: Case) -> str | int:
        """Splice a subtree of another drawn case in; returns the top-level key changed (``""``: none)."""
        donor = self.rng.choice(self.pool)
        if not donor.paths:
            return ""
        path = self.rng.choice(donor.paths)
        self._set(case, path, json_copy(value_at(donor.case, path)))
        return _top(path)

    def _tweak(self, case: Case, base: _Shape) -> str | int:
        """Tweak one leaf; returns the top-level key changed (``""``: none)."""
        rng = self.rng
        # Most of the behaviour is in the spec: its leaves get most of the tweaks.
        leaves = base.spec_leaves if base.spec_leaves and rng.random() < 0.7 else base.leaves
        if not leaves:
            return ""
        path, v = rng.choice(leaves)
        if isinstance(v, bool):
            new: Any = not v
        elif isinstance(v, int):
            new = rng.choice((*_EDGE_INTS, v + 1, v - 1, v * 2))
        elif isinstance(v, str):
            r = rng.random()
            if r < 0.35:
                new = v + rng.choice(_TWEAK_SUFFIXES)
            elif r < 0.5:
                new = v.swapcase()
            elif r < 0.6:
                new = v[:-1]
            elif r < 0.8:
                new = rng.choice(_EDGE_STRINGS)
            else:
                strings = rng.choice(self.pool).strings
                new = rng.choice(strings) if strings else ""
        else:
            new = rng.choice(("", 0, False))
        self._set(case, path, new)
        return _top(path)
