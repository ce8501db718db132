"""Canonical JSON: the type-strict equality the verdict rests on.

Python's ``==`` on parsed JSON treats ``1``, ``1.0`` and ``True`` as equal; their canonical texts differ, so the
runner always compares these strings, never the parsed objects.
"""

from __future__ import annotations

import json

from hcsdoc.conformance.results.safejson import MAX_DEPTH, encode_numbers, loads


def canonical(obj: object) -> str:
    """Sorted keys, compact separators, raw UTF-8 (``ensure_ascii=False``); NaN/Infinity are refused. A
    :class:`~conformance.results.safejson.BigNumber` (a number no float64 holds) is written as its own text."""
    try:
        return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except TypeError:
        return encode_numbers(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def strict_loads(text: str | bytes, max_bytes: int = 1 << 62) -> object:
    """Parse one reply: refuses NaN/Infinity (Go never writes them), bounded depth, exact numbers
    (:func:`conformance.results.safejson.loads`). The line length is bounded by the adapter client already."""
    return loads(text, max_depth=MAX_DEPTH, max_bytes=max_bytes)
