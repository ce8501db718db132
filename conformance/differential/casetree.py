"""The case as a JSON tree: paths to its leaves, reading and replacing at a path, which keys the case format
lets go, and the simplicity order that shrinking minimises."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, Final

from hcsdoc.conformance.differential.model import Case, JsonPath
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.reference import CaseError, normalize_case

# ----------------------------------------------------------------------------------------------------------------
# JSON tree helpers


def leaf_paths(obj: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Every (path, value) of ``obj``, parents before children (pre-order)."""
    yield path, obj
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from leaf_paths(v, (*path, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from leaf_paths(v, (*path, i))


MISSING: Final = object()


def value_at(obj: Any, path: JsonPath) -> Any:
    for p in path:
        if isinstance(obj, dict) and isinstance(p, str):
            if p not in obj:
                return MISSING
            obj = obj[p]
        elif isinstance(obj, list) and isinstance(p, int):
            if not 0 <= p < len(obj):
                return MISSING
            obj = obj[p]
        else:
            return MISSING
    return obj


def replaced(case: Case, path: JsonPath, value: Any) -> Case:
    """A copy of ``case`` with the value at ``path`` replaced (``MISSING`` deletes it)."""
    out = copy.deepcopy(case)
    parent = value_at(out, path[:-1])
    key = path[-1]
    if value is MISSING:
        del parent[key]
    else:
        parent[key] = value
    return out


# Where keys and items may be deleted without making the case malformed (docs/case-format.md §1).
_FREE_DICTS: Final = (("host", "layerIds"), ("host", "resolvedPaths"), ("host", "files"))
_FREE_LISTS: Final = (("uvm", "vsmbShares"), ("options", "windowsAdditionalMounts"))


def deletable(path: JsonPath) -> bool:
    if len(path) >= 2 and path[0] == "spec":
        return True
    if len(path) >= 3 and path[:2] in _FREE_DICTS:
        return len(path) == 3 or path[3:4] in (("content",), ("contentBase64",), ("readErrno",))
    return len(path) == 3 and path[:2] in _FREE_LISTS


def cost(v: Any) -> int:
    """How complex a JSON value is: null and false are free, a container costs 1 plus its members (and keys)."""
    if v is None or v is False:
        return 0
    if v is True:
        return 1
    if isinstance(v, int):
        return len(str(v))
    if isinstance(v, str):
        return 1 + len(v)
    if isinstance(v, list):
        return 1 + sum(cost(x) for x in v)
    if isinstance(v, dict):
        return 1 + sum(2 + len(k) + cost(x) for k, x in v.items())
    return 1 + len(repr(v))


def simplicity(case: Any) -> tuple[int, int, str]:
    """The order the shrinker minimizes: :func:`cost`, then length and text of the canonical JSON (so the result
    is deterministic). ``null`` < ``false`` < ``true``, ``null`` < ``[]``, shorter strings and numbers first."""
    text = canonical_json(case)
    return cost(case), len(text), text


def valid_case(case: Case) -> Case | None:
    try:
        return normalize_case(case)
    except CaseError:
        return None
