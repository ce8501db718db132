"""``json.Marshal(v)`` of Go 1.26 for values described by :mod:`reference.gotypes`.

Struct fields in declaration order, ``omitempty`` as Go's ``isEmptyValue`` (structs are never empty), nil
slices and maps as ``null``, map keys sorted, strings HTML-safe escaped, float64 in ES6 style.
One encoder closure is compiled per Go type; encoders append ``str`` pieces that are joined once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from reference.gojson.types import struct_plan
from reference.gotypes import FLOAT_KINDS, Basic, GoType, Interface, Map, Ptr, Slice, Struct


class UnsupportedValueError(ValueError):
    """Go's ``*json.UnsupportedValueError`` (``json: unsupported value: NaN``)."""


# What appendString escapes with escapeHTML: control characters, '"', '\\', '<', '>', '&', U+2028, U+2029, and
# (Python only) lone surrogates, which stand for bytes that are not UTF-8.
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\<>&\u2028\u2029\ud800-\udfff]')
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group()
    esc = _SHORT_ESCAPES.get(ch)
    if esc is not None:
        return esc
    r = ord(ch)
    if 0xD800 <= r <= 0xDFFF:
        # A byte that is not UTF-8 is written as \ufffd, once per byte: a \udc80-\udcff surrogate is one byte
        # (surrogateescape), any other surrogate the three bytes of its WTF-8 encoding.
        return "\\ufffd" if 0xDC80 <= r <= 0xDCFF else "\\ufffd\\ufffd\\ufffd"
    return f"\\u{r:04x}"  # other controls, <, >, &, U+2028, U+2029 (Go's hex digits are lowercase)


def encode_string(s: str) -> str:
    """Go's ``appendString(dst, s, escapeHTML=true)``."""
    if _NEEDS_ESCAPE.search(s) is None:
        return '"' + s + '"'
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, s) + '"'


def format_float(f: float) -> str:
    """Go's ``floatEncoder`` for float64: shortest round-trip digits, ``%f`` style unless the magnitude is
    below 1e-6 or at least 1e21, then ``%e`` style with the exponent's leading zero dropped (``1e-7``)."""
    if math.isinf(f) or math.isnan(f):
        raise UnsupportedValueError(
            "json: unsupported value: " + ("NaN" if math.isnan(f) else "+Inf" if f > 0 else "-Inf")
        )
    if f == 0:
        return "-0" if math.copysign(1.0, f) < 0 else "0"
    sign = "-" if f < 0 else ""
    # repr() gives the shortest digits that round-trip, as strconv's shortest formatting ('f'/'e', -1) does.
    mantissa, _, exp = repr(abs(f)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    point = len(whole) + (int(exp) if exp else 0)  # value = 0.<digits> * 10**point
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    a = abs(f)
    if a < 1e-6 or a >= 1e21:
        e = point - 1
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        # Go writes at least two exponent digits, then turns "e-07" into "e-7"; positive exponents here are >= 21.
        return f"{sign}{body}e-{-e}" if e < 0 else f"{sign}{body}e+{e:02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


_Encoder = Callable[[Any, list[str]], None]
_ENCODERS: dict[GoType, _Encoder] = {}


def encoder(go: GoType) -> _Encoder:
    enc = _ENCODERS.get(go)
    if enc is None:
        enc = _compile(go)
        _ENCODERS[go] = enc
    return enc


def _is_empty(go: GoType) -> Callable[[Any], bool]:
    """Go's ``isEmptyValue`` for ``omitempty``."""
    if isinstance(go, Basic):
        if go.kind in FLOAT_KINDS:
            # reflect's IsZero compares bits: -0.0 is not empty.
            return lambda v: v == 0 and math.copysign(1.0, v) > 0
        return lambda v: not v  # "", false, 0
    if isinstance(go, Ptr | Interface):
        return lambda v: v is None
    if isinstance(go, Slice | Map):
        return lambda v: not v  # nil or length 0
    return lambda v: False  # a struct value is never empty for omitempty


def _compile(go: GoType) -> _Encoder:
    if isinstance(go, Basic):
        if go.kind == "string":
            return lambda v, out: out.append(encode_string(v))
        if go.kind == "bool":
            return lambda v, out: out.append("true" if v else "false")
        if go.kind == "float64":
            return lambda v, out: out.append(format_float(v))
        if go.kind in FLOAT_KINDS:
            raise NotImplementedError("encoding float32 is not modelled")
        return lambda v, out: out.append(str(v))
    if isinstance(go, Ptr):
        return _compile_ptr(go)
    if isinstance(go, Slice):
        return _compile_slice(go)
    if isinstance(go, Map):
        return _compile_map(go)
    if isinstance(go, Struct):
        return _compile_struct(go)
    return _encode_interface


def _compile_ptr(go: Ptr) -> _Encoder:
    elem: _Encoder | None = None

    def enc_ptr(v: Any, out: list[str]) -> None:
        nonlocal elem
        if v is None:
            out.append("null")
            return
        if elem is None:
            elem = encoder(go.elem)
        elem(v, out)

    return enc_ptr


def _compile_slice(go: Slice) -> _Encoder:
    elem: _Encoder | None = None

    def enc_slice(v: Any, out: list[str]) -> None:
        nonlocal elem
        if v is None:
            out.append("null")
            return
        if elem is None:
            elem = encoder(go.elem)
        out.append("[")
        for i, item in enumerate(v):
            if i:
                out.append(",")
            elem(item, out)
        out.append("]")

    return enc_slice


def _sorted_keys(m: dict[str, Any]) -> list[str]:
    # Go sorts keys by their bytes; code point order is UTF-8 byte order except for lone surrogates.
    keys = list(m)
    if all(k.isascii() for k in keys):
        return sorted(keys)
    return sorted(keys, key=lambda k: k.encode("utf-8", "surrogatepass"))


def _compile_map(go: Map) -> _Encoder:
    elem: _Encoder | None = None

    def enc_map(v: Any, out: list[str]) -> None:
        nonlocal elem
        if v is None:
            out.append("null")
            return
        if elem is None:
            elem = encoder(go.elem)
        out.append("{")
        for i, key in enumerate(_sorted_keys(v)):
            out.append(("," if i else "") + encode_string(key) + ":")
            elem(v[key], out)
        out.append("}")

    return enc_map


def _compile_struct(go: Struct) -> _Encoder:
    plan = struct_plan(go.cls)
    compiled: list[tuple[str, str, Callable[[Any], bool] | None, GoType]] = [
        (f.attr, encode_string(f.json) + ":", _is_empty(f.go) if f.omitempty else None, f.go) for f in plan.fields
    ]
    fields: list[tuple[str, str, Callable[[Any], bool] | None, _Encoder]] | None = None

    def enc_struct(v: Any, out: list[str]) -> None:
        nonlocal fields
        if fields is None:
            fields = [(attr, key, empty, encoder(fgo)) for attr, key, empty, fgo in compiled]
        sep = "{"
        for attr, key, empty, enc in fields:
            value = getattr(v, attr)
            if empty is not None and empty(value):
                continue
            out.append(sep + key)
            sep = ","
            enc(value, out)
        out.append("}" if sep == "," else "{}")

    return enc_struct


def _encode_interface(v: Any, out: list[str]) -> None:
    """``interface{}``: encoded by its dynamic type (what the decoder puts there, plus Go ints)."""
    if v is None:
        out.append("null")
    elif v is True:
        out.append("true")
    elif v is False:
        out.append("false")
    elif isinstance(v, str):
        out.append(encode_string(v))
    elif isinstance(v, float):
        out.append(format_float(v))
    elif isinstance(v, int):
        out.append(str(v))
    elif isinstance(v, dict):
        out.append("{")
        for i, key in enumerate(_sorted_keys(v)):
            out.append(("," if i else "") + encode_string(key) + ":")
            _encode_interface(v[key], out)
        out.append("}")
    elif isinstance(v, list):
        out.append("[")
        for i, item in enumerate(v):
            if i:
                out.append(",")
            _encode_interface(item, out)
        out.append("]")
    else:
        raise TypeError(f"no Go JSON encoding for {type(v).__name__} in an interface{{}}")


def marshal(value: Any, go: GoType) -> bytes:
    """``json.Marshal(value)`` for a value of Go type ``go``. Raises :class:`UnsupportedValueError` for
    NaN and infinities (Go's error)."""
    out: list[str] = []
    encoder(go)(value, out)
    return "".join(out).encode("utf-8")
