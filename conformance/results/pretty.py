"""Indented JSON for people (``hcsdoc convert``, ``explain --json``, finding files) at any depth, in linear size.

``json.dumps(indent=1)`` writes each line's depth as spaces: a document as deep as Go's decoder allows (a device
extension file, 10000 levels) becomes a hundred megabytes. :func:`indented_json` indents the first
:data:`INDENTED_LEVELS` levels and writes each array or object below them compactly, on its line.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from typing import Any, Final

from hcsdoc.conformance.results.safejson import BigNumber, encode_numbers, printable
from hcsdoc.reference.gojson.room import with_room_if_deep

INDENTED_LEVELS: Final = 32


def indented_json(
    value: Any, *, sort_keys: bool = False, ensure_ascii: bool = False, default: Callable[[Any], Any] | None = None
) -> str:
    """``json.dumps(value, indent=1, ...)``, except that arrays and objects nested more than
    :data:`INDENTED_LEVELS` levels down are written compactly (the same JSON value). A
    :class:`~hcsdoc.conformance.results.safejson.BigNumber` is written as its number, any other value JSON has no
    form for as ``default(value)`` when given (as ``json.dumps``)."""
    nonce = secrets.token_hex(8)
    flat: list[str] = []

    def cut(v: Any, depth: int) -> Any:
        if isinstance(v, dict):
            if depth >= INDENTED_LEVELS:
                return keep(v)
            return {k: cut(x, depth + 1) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            if depth >= INDENTED_LEVELS:
                return keep(v)
            return [cut(x, depth + 1) for x in v]
        if isinstance(v, BigNumber):
            flat.append(v.text)
            return f"\x00{nonce}:{len(flat) - 1}"
        return v

    def keep(v: Any) -> str:
        flat.append(
            with_room_if_deep(
                lambda: encode_numbers(
                    v, default, sort_keys=sort_keys, ensure_ascii=ensure_ascii, separators=(",", ":")
                )
            )
        )
        return f"\x00{nonce}:{len(flat) - 1}"

    text = json.dumps(cut(value, 0), indent=1, sort_keys=sort_keys, ensure_ascii=ensure_ascii, default=default)
    if not flat:
        return text
    token: Final = re.compile(r'"\\u0000' + nonce + r':(\d+)"')
    return token.sub(lambda m: flat[int(m.group(1))], text)


def finding_json(value: Any, *, default: Callable[[Any], Any] | None = None) -> str:
    """:func:`indented_json` with sorted keys for a finding file: raw UTF-8, or ``\\uXXXX`` escapes when the value
    holds a lone surrogate from an implementation (UTF-8 cannot encode it; the text is still exact JSON)."""
    text = indented_json(value, sort_keys=True, default=default)
    if printable(text) != text:
        text = indented_json(value, sort_keys=True, ensure_ascii=True, default=default)
    return text
