"""Reading the parts of a case (docs/case-format.md §1) that are not the spec: typed getters that reject a malformed
case with one clear :class:`CaseError`, and the one string rule Go applies to every case string.

The Go capture tool decodes the whole case with ``encoding/json``, which turns an escaped lone surrogate
(``"\\ud800"``) into U+FFFD; Python's ``json`` keeps it as a lone surrogate code point. :func:`gostr` makes the
two agree, so every string taken from ``options``, ``uvm`` and ``host`` goes through it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")
# What counts as a JSON object: any Mapping. dict is listed first because a case read by json is made of dicts,
# and isinstance answers for dict directly, without the (several times slower) Mapping ABC check.
MAPPING: Final = (dict, Mapping)


class CaseError(ValueError):
    """The input is not a case (a key is missing or has the wrong JSON type); never a converter result."""


def gostr(s: str) -> str:
    """``s`` as Go holds it after decoding: lone surrogates become U+FFFD (valid pairs were already combined by
    Python's ``json``)."""
    if s.isascii():
        return s
    return _LONE_SURROGATE.sub("\ufffd", s)


def obj(parent: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    v = _get(parent, key, where)
    if not isinstance(v, MAPPING):
        raise CaseError(f"{where}.{key} must be an object")
    return v


def opt_obj(parent: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any] | None:
    v = _get(parent, key, where)
    if v is None:
        return None
    if not isinstance(v, MAPPING):
        raise CaseError(f"{where}.{key} must be an object or null")
    return v


def opt_list(parent: Mapping[str, Any], key: str, where: str) -> list[Any] | None:
    v = _get(parent, key, where)
    if v is None:
        return None
    if not isinstance(v, list):
        raise CaseError(f"{where}.{key} must be an array or null")
    return v


def string(parent: Mapping[str, Any], key: str, where: str) -> str:
    v = _get(parent, key, where)
    if not isinstance(v, str):
        raise CaseError(f"{where}.{key} must be a string")
    return gostr(v)


def boolean(parent: Mapping[str, Any], key: str, where: str) -> bool:
    v = _get(parent, key, where)
    if not isinstance(v, bool):
        raise CaseError(f"{where}.{key} must be a boolean")
    return v


def integer(parent: Mapping[str, Any], key: str, where: str, lo: int, hi: int) -> int:
    v = _get(parent, key, where)
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise CaseError(f"{where}.{key} must be an integer in [{lo}, {hi}]")
    return v


def _get(parent: Mapping[str, Any], key: str, where: str) -> Any:
    try:
        return parent[key]
    except KeyError:
        raise CaseError(f"{where}.{key} is missing") from None
