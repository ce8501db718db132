"""Shrinking a failing case: hierarchical delta debugging over the case's JSON tree, candidates sent in batches
(see :mod:`hcsdoc.conformance.differential.run` for the method), and the simplicity order it minimises."""

from __future__ import annotations

import copy
import json
import time
from dataclasses import dataclass
from typing import Any

from hcsdoc.conformance.differential.casetree import (
    MISSING,
    deletable,
    leaf_paths,
    replaced,
    simplicity,
    valid_case,
    value_at,
)
from hcsdoc.conformance.differential.model import BatchPredicate, Case, JsonPath

# ----------------------------------------------------------------------------------------------------------------
# shrinking


def _simplest(v: Any) -> list[Any]:
    if isinstance(v, dict):
        return [{}] if v else []
    if isinstance(v, list):
        return [[]] if v else []
    if isinstance(v, bool):
        return [False] if v else []
    if isinstance(v, int):
        cands = [0, 1, -1, v // 2, v - 1 if v > 0 else v + 1, -v if v < 0 else v]
        return [c for c in dict.fromkeys(cands) if c != v]
    if isinstance(v, str):
        return [""] if v else []
    return []


def _string_candidates(s: str) -> list[str]:
    out: list[str] = []
    n = len(s)
    size = n // 2
    while size >= 1:
        for start in range(0, n, size):
            out.append(s[:start] + s[start + size :])
        if size == 1 or len(out) > 200:
            break
        size //= 2
    if n <= 64:
        out.extend(s[:k] for k in range(n))
        out.extend(s[k:] for k in range(1, n))
    for ch in sorted(set(s)):
        if ch != "0":
            out.append(s.replace(ch, "0"))
    return [c for c in dict.fromkeys(out) if c != s]


def _list_candidates(v: list[Any]) -> list[list[Any]]:
    out: list[list[Any]] = []
    n = len(v)
    size = n // 2
    while size >= 2:
        for start in range(0, n, size):
            out.append(v[:start] + v[start + size :])
        size //= 2
    return out


@dataclass(frozen=True)
class _Whole:
    """A candidate that replaces the whole case (not just the value at the path)."""

    case: Case


def _as_spec(case: Case, text: str) -> list[_Whole]:
    """The spec text as a JSON ``spec`` value instead, when Python can parse it (whether Go decodes it the same
    way, duplicate keys or key case for instance, is for the predicate to say)."""
    try:
        spec = json.loads(text)
    except ValueError:
        return []
    return [_Whole({**case, "spec": spec, "specText": None})]


def _candidates(case: Case, path: JsonPath) -> list[Case]:
    v = value_at(case, path)
    if v is MISSING:
        return []
    values: list[Any] = []
    if path and deletable(path):
        values.append(MISSING)
    if path and v is not None:
        values.append(None)  # kept only where the case format allows null (checked below)
    if path == ("specText",) and isinstance(v, str):
        values.extend(_as_spec(case, v))
    if path:
        values.extend(_simplest(v))
        if isinstance(v, list):
            values.extend(_list_candidates(v))
        elif isinstance(v, str):
            values.extend(_string_candidates(v))
    out = []
    for value in values:
        if isinstance(value, _Whole):
            valid = valid_case(value.case)
            if valid is not None:
                out.append(valid)
            continue
        cand = replaced(case, path, copy.deepcopy(value) if value is not MISSING else value)
        valid = valid_case(cand)
        if valid is not None:
            out.append(valid)
    return out


@dataclass
class ShrinkStats:
    tests: int = 0
    accepted: int = 0
    sweeps: int = 0
    seconds: float = 0.0


def shrink(case: Case, still_fails: BatchPredicate, *, max_tests: int = 20_000) -> tuple[Case, ShrinkStats]:
    """The smallest case this delta debugging reaches from ``case`` while ``still_fails`` holds (see the module
    docstring). Each path's candidates are one batch; the first (simplest) candidate that still fails wins."""
    stats = ShrinkStats()
    started = time.monotonic()
    current = case
    key = simplicity(current)
    changed = True
    while changed and stats.tests < max_tests:
        changed = False
        stats.sweeps += 1
        queue: list[JsonPath] = [p for p, _ in leaf_paths(current)]
        seen: set[JsonPath] = set()
        while queue and stats.tests < max_tests:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            cands = [(k, c) for c in _candidates(current, path) if (k := simplicity(c)) < key]
            if not cands:
                continue
            cands.sort(key=lambda kc: kc[0])
            del cands[max_tests - stats.tests :]  # the budget is a hard bound (a hang costs a timeout per test)
            verdicts = still_fails([c for _, c in cands])
            stats.tests += len(cands)
            for (k, c), ok in zip(cands, verdicts, strict=True):
                if ok:
                    current, key = c, k
                    stats.accepted += 1
                    changed = True
                    # The subtree changed: visit it again (and its new children) in this sweep.
                    seen = {p for p in seen if p[: len(path)] != path}
                    queue = [p for p, _ in leaf_paths(current) if p not in seen]
                    break
    stats.seconds = time.monotonic() - started
    return current, stats
