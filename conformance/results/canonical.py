"""JSON values as this project handles them: canonical text (the type-strict equality every verdict rests on and
the form that is hashed), strict parsing, cheap copies.

Python's ``==`` on parsed JSON treats ``1``, ``1.0`` and ``True`` as equal; their canonical texts differ, so results
are always compared as these strings, never as the parsed objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TypeVar

from hcsdoc.conformance.results.safejson import MAX_REPLY_DEPTH, encode_numbers, loads
from hcsdoc.reference.gojson.room import with_room_if_deep

T = TypeVar("T")


def canonical_json(obj: object) -> str:
    """Sorted keys, compact separators, raw UTF-8 (``ensure_ascii=False``); NaN/Infinity are refused. A
    :class:`~hcsdoc.conformance.results.safejson.BigNumber` (a number no float64 holds) is written as its own text.
    Documents may nest as deep as Go's decoder lets a device extension nest (10000 levels): such a value is
    encoded again with room on Python's stack."""
    return with_room_if_deep(lambda: _canonical(obj))


def _canonical(obj: object) -> str:
    try:
        return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except TypeError:
        return encode_numbers(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def pointer(parts: Iterable[object]) -> str:
    """RFC 6901 JSON pointer for a path given as keys and indices (``""`` is the whole value)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def json_copy(value: T) -> T:
    """A copy of the dicts and lists in a JSON value (everything else is immutable and shared): a deep copy of a
    case, much faster than ``copy.deepcopy`` for plain dicts, lists and scalars."""
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [json_copy(v) for v in value]  # type: ignore[return-value]
    return value


def strict_loads(text: str | bytes, max_bytes: int = 1 << 62) -> object:
    """Parse one reply: refuses NaN/Infinity (Go never writes them), exact numbers, depth bounded by the deepest
    documents Go can make (:data:`~hcsdoc.conformance.results.safejson.MAX_REPLY_DEPTH`;
    :func:`hcsdoc.conformance.results.safejson.loads`). The line length is bounded by the adapter client already."""
    return loads(text, max_depth=MAX_REPLY_DEPTH, max_bytes=max_bytes)
