"""Reading a case (docs/case-format.md §1): the one :class:`CaseError`, the typed readers every part of a case goes
through, and the one string rule.

Both ways a case is taken in use these readers, so that a malformed case gets the same message whichever way it
arrives: the reference reads a complete case (:func:`hcsdoc.reference.api.prepare_case`), and
:func:`hcsdoc.reference.case.normalize_case` fills the defaults of a hand-written one and then validates it by
reading it the same way. Messages name the key path, then the problem: ``case.host.osBuild: expected uint16 (an
integer in [0, 65535]), got -1``.

The string rule: the Go capture tool decodes the whole case with ``encoding/json``, which turns an escaped lone
surrogate (``"\\ud800"``) into U+FFFD; Python's ``json`` keeps it as a lone surrogate code point. :func:`gostr` makes
the two agree, so every string of a case is read as Go reads it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")
# What counts as a JSON object: any Mapping. dict is listed first because a case read by json is made of dicts,
# and isinstance answers for dict directly, without the (several times slower) Mapping ABC check.
MAPPING: Final = (dict, Mapping)

INT32: Final = (-(1 << 31), (1 << 31) - 1)
UINT16: Final = (0, (1 << 16) - 1)
UINT32: Final = (0, (1 << 32) - 1)
_GO_NAMES: Final = {INT32: "int32", UINT16: "uint16", UINT32: "uint32"}


class CaseError(ValueError):
    """The input is not a case (a key is missing, unknown, or has the wrong JSON type or range); never a converter
    result. The message starts with the key path of the first problem found."""


def gostr(s: str) -> str:
    """``s`` as Go holds it after decoding: lone surrogates become U+FFFD (valid pairs were already combined by
    Python's ``json``)."""
    if s.isascii():
        return s
    return _LONE_SURROGATE.sub("\ufffd", s)


def type_name(v: Any) -> str:
    """The JSON type of ``v``, as messages name it (Python's bool is an int and 1.0 == 1: JSON's types differ)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, MAPPING):
        return "object"
    return type(v).__name__


# ---------------------------------------------------------------------------------------------------------------
# values: check one value found at ``path``


def as_obj(v: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(v, MAPPING):
        raise CaseError(f"{path}: expected object, got {type_name(v)}")
    return v


def as_opt_obj(v: Any, path: str) -> Mapping[str, Any] | None:
    if v is None:
        return None
    if not isinstance(v, MAPPING):
        raise CaseError(f"{path}: expected object or null, got {type_name(v)}")
    return v


def as_opt_list(v: Any, path: str) -> list[Any] | None:
    if v is None:
        return None
    if not isinstance(v, list):
        raise CaseError(f"{path}: expected array or null, got {type_name(v)}")
    return v


def as_str(v: Any, path: str) -> str:
    if not isinstance(v, str):
        raise CaseError(f"{path}: expected string, got {type_name(v)}")
    return gostr(v)


def as_bool(v: Any, path: str) -> bool:
    if not isinstance(v, bool):
        raise CaseError(f"{path}: expected boolean, got {type_name(v)}")
    return v


def as_int(v: Any, path: str, bounds: tuple[int, int]) -> int:
    lo, hi = bounds
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        got = str(v) if isinstance(v, int) and not isinstance(v, bool) else type_name(v)
        raise CaseError(f"{path}: expected {_GO_NAMES.get(bounds, 'integer')} (an integer in [{lo}, {hi}]), got {got}")
    return v


def errno_of(v: Any, path: str) -> int | None:
    """``N`` when ``v`` is an ``{"errno": N}`` answer (N a uint32), else None."""
    if isinstance(v, MAPPING) and "errno" in v:
        if len(v) != 1:
            raise CaseError(f"{path}: an errno answer has no other key")
        return as_int(v["errno"], f"{path}.errno", UINT32)
    return None


# ---------------------------------------------------------------------------------------------------------------
# members: read ``parent[key]``, where ``where`` is the parent's path


def _get(parent: Mapping[str, Any], key: str, where: str) -> Any:
    try:
        return parent[key]
    except KeyError:
        raise CaseError(f"{where}.{key}: required") from None


def obj(parent: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    return as_obj(_get(parent, key, where), f"{where}.{key}")


def opt_obj(parent: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any] | None:
    return as_opt_obj(_get(parent, key, where), f"{where}.{key}")


def opt_list(parent: Mapping[str, Any], key: str, where: str) -> list[Any] | None:
    return as_opt_list(_get(parent, key, where), f"{where}.{key}")


def string(parent: Mapping[str, Any], key: str, where: str) -> str:
    return as_str(_get(parent, key, where), f"{where}.{key}")


def boolean(parent: Mapping[str, Any], key: str, where: str) -> bool:
    return as_bool(_get(parent, key, where), f"{where}.{key}")


def integer(parent: Mapping[str, Any], key: str, where: str, bounds: tuple[int, int]) -> int:
    return as_int(_get(parent, key, where), f"{where}.{key}", bounds)


def member_path(where: str, key: str) -> str:
    """The path of a member whose key is data (a host path, a layer name), e.g. ``case.host.layerIds['base']``."""
    return f"{where}[{key!r}]"
