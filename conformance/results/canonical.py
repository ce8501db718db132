"""Canonical JSON: the type-strict equality the verdict rests on.

Python's ``==`` on parsed JSON treats ``1``, ``1.0`` and ``True`` as equal; their canonical texts differ, so the
runner always compares these strings, never the parsed objects.
"""

from __future__ import annotations

import json


def canonical(obj: object) -> str:
    """Sorted keys, compact separators, raw UTF-8 (``ensure_ascii=False``); NaN/Infinity are refused."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def strict_loads(text: str | bytes) -> object:
    """``json.loads`` that refuses the NaN/Infinity extensions Python accepts by default (Go never writes them)."""
    return json.loads(text, parse_constant=_refuse_constant)
