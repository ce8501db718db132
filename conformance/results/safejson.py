"""Reading JSON nobody vouches for (adapter replies, vector, expectations and event files) with bounds.

``json.loads`` alone has three ways to fail that are not "this is not JSON":

* nesting: a few hundred thousand ``[`` end in ``RecursionError`` (and a few hundred levels that do parse can still
  break every recursive consumer after it: deepdiff, jsonschema, the canonical encoder);
* numbers: ``1e400`` becomes ``inf``, which the canonical encoder refuses, ``1e-400`` silently becomes ``0.0``, and
  an integer of more than 4300 digits is a ``ValueError`` from int();
* size: a reply is bounded by the line limit of the adapter client, a file by :data:`MAX_FILE_BYTES`.

:func:`loads` checks the depth before parsing (so nothing recursive ever sees a deep value), keeps every number
exact (a number no float64 holds exactly, or an integer too long for int(), becomes a :class:`BigNumber` that
compares and encodes as its own text: it equals nothing a float64 could be, so the type-strict verdict is kept),
and raises :class:`JsonLimitError` (a ``ValueError``) with a one-line reason otherwise.

:func:`dumps_line` and :func:`printable` are the writing side: text from a reply may hold lone surrogates
(``"\\ud800"`` is valid JSON), which UTF-8 cannot encode.
"""

from __future__ import annotations

import json
import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Final

from hcsdoc.reference.gojson.room import with_room
from hcsdoc.reference.gojson.scanner import MAX_NESTING_DEPTH

MAX_DEPTH: Final = 100  # cases, files and most HCS documents nest about 10 deep
# Documents hold a device extension file as Go decoded it, which may nest up to Go's decoder limit: a reply (or
# an expected result parsed from its bytes) may be that deep, plus the levels of the document and reply around it.
MAX_REPLY_DEPTH: Final = MAX_NESTING_DEPTH + 16
MAX_FILE_BYTES: Final = 512 << 20
MAX_INT_DIGITS: Final = 4000  # below Python's int() limit (4300)


class JsonLimitError(ValueError):
    """Valid JSON, perhaps, but beyond what the runner accepts (too deep, too large)."""


@dataclass(frozen=True, slots=True)
class BigNumber:
    """A JSON number kept as text because no float64 holds it (``1e400``, ``1e-400``) or it is an integer longer
    than :data:`MAX_INT_DIGITS` digits. ``text`` is normalised (``1E+400`` and ``10e399`` are one number), and
    integers and non-integers stay apart (a literal with ``.``/``e`` is never equal to an integer literal)."""

    text: str

    def __str__(self) -> str:
        return self.text


_NUMBER: Final = re.compile(r"(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?")
MAX_EXPONENT_DIGITS: Final = 100


def _big_float(text: str) -> BigNumber:
    m = _NUMBER.fullmatch(text)
    assert m is not None, text  # json only calls parse_float with a JSON number
    sign, whole, frac, exp = m.groups()
    if exp is not None and len(exp.lstrip("+-")) > MAX_EXPONENT_DIGITS:
        raise JsonLimitError(f"a number's exponent has more than {MAX_EXPONENT_DIGITS} digits")
    digits = (whole + (frac or "")).lstrip("0")
    if not digits:
        return BigNumber(f"{sign}0e0")
    exponent = int(exp or 0) - len(frac or "")
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    return BigNumber(f"{sign}{stripped}e{exponent}")


_NONZERO_MANTISSA: Final = re.compile(r"^-?[0.]*[1-9]")


def _parse_float(text: str) -> float | BigNumber:
    value = float(text)
    if math.isinf(value) or (value == 0.0 and _NONZERO_MANTISSA.match(text)):
        return _big_float(text)
    return value


def _parse_int(text: str) -> int | BigNumber:
    if len(text) > MAX_INT_DIGITS:
        return BigNumber(text)  # JSON integers have no leading zeros: the text is already the one form
    return int(text)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


# Strings are removed before brackets are counted (an unterminated string is left in: it can only over-count, and
# the text is then not JSON anyway).
_STRING_B: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_STRING_S: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKETS_B: Final = bytes(b for b in range(256) if b not in b"[]{}")
_DELTA: Final = [0] * 256
for _c in b"[{":
    _DELTA[_c] = 1
for _c in b"]}":
    _DELTA[_c] = -1


def nesting_depth(data: str | bytes, limit: int = MAX_DEPTH) -> int:
    """The deepest nesting of arrays and objects in ``data`` (strings skipped), or a cheap value ``<= limit`` when
    there are not even ``limit`` openers. Linear, no recursion."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return 0
    stripped = _STRING_B.sub(b"", raw)
    brackets = stripped.translate(None, _NOT_BRACKETS_B)
    if brackets.count(b"[") + brackets.count(b"{") <= limit:
        return 0
    return max(accumulate(map(_DELTA.__getitem__, brackets)), default=0)


def nests_deeper_than(data: str | bytes, limit: int) -> bool:
    """Whether ``data`` nests arrays and objects more than ``limit`` levels deep (linear, no recursion)."""
    return nesting_depth(data, limit) > limit


def loads(data: str | bytes, *, max_depth: int = MAX_DEPTH, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """``json.loads`` with bounded depth and size and exact numbers; NaN/Infinity refused (Go never writes them).

    Raises ``ValueError`` (``json.JSONDecodeError`` for syntax, :class:`JsonLimitError` for the bounds) or
    ``UnicodeDecodeError`` (bytes that are not text)."""
    if len(data) > max_bytes:
        raise JsonLimitError(f"larger than {max_bytes} bytes")
    depth = nesting_depth(data, min(max_depth, MAX_DEPTH))  # exact once past MAX_DEPTH
    if depth > max_depth:
        raise JsonLimitError(f"nested {depth} levels deep (the limit is {max_depth})")
    try:
        # Deeper than MAX_DEPTH only when the caller allows it (documents): parse with room on the stack.
        return _parse(data) if depth <= MAX_DEPTH else with_room(lambda: _parse(data))
    except RecursionError:  # not reachable after the depth check; kept so that no input can escape as one
        raise JsonLimitError("nested too deeply") from None


def _parse(data: str | bytes) -> Any:
    try:
        return json.loads(data, parse_constant=_refuse_constant, parse_float=_parse_float)
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            raise
    return json.loads(data, parse_constant=_refuse_constant, parse_float=_parse_float, parse_int=_parse_int)


# ----------------------------------------------------------------------------------------------------------------
# writing


def encode_numbers(obj: Any, fallback: Callable[[Any], Any] | None = None, **kw: Any) -> str:
    """``json.dumps(obj, **kw)`` that writes each :class:`BigNumber` as its own text (a JSON number), and any other
    value JSON has no form for as ``fallback(value)`` (``json.dumps``'s ``default``) when given."""
    nonce = "\x00" + secrets.token_hex(8)
    found: dict[str, str] = {}

    def default(o: object) -> object:
        if isinstance(o, BigNumber):
            token = f"{nonce}:{len(found)}"
            found[json.dumps(token)] = o.text
            return token
        if fallback is not None:
            return fallback(o)
        raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")

    text = json.dumps(obj, default=default, **kw)
    for token, number in found.items():
        text = text.replace(token, number)
    return text


def jsonable(obj: Any) -> Any:
    """``obj`` with each :class:`BigNumber` replaced by ``{"$number": text}`` (for reports, which are plain JSON)."""
    if isinstance(obj, BigNumber):
        return {"$number": obj.text}
    if isinstance(obj, dict):
        return {k: jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [jsonable(v) for v in obj]
    return obj


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` safe to encode as UTF-8: each lone surrogate becomes U+FFFD (for terminals, Markdown, XML)."""
    return _SURROGATE.sub("\ufffd", text)


def dumps_line(obj: Any) -> str:
    """One JSON line for a report file, raw UTF-8 where possible. A value holding a lone surrogate is written with
    ``\\uXXXX`` escapes instead (still exact JSON), and a :class:`BigNumber` as its number."""
    try:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    except TypeError:
        text = encode_numbers(obj, ensure_ascii=False, separators=(",", ":"))
    if _SURROGATE.search(text):
        text = encode_numbers(obj, ensure_ascii=True, separators=(",", ":"))
    return text
