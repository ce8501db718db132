"""``json.Marshal(v)`` of Go 1.26 for values described by :mod:`reference.gotypes`.

Struct fields in declaration order, ``omitempty`` as Go's ``isEmptyValue`` (structs are never empty), nil
slices and maps as ``null``, map keys sorted, strings HTML-safe escaped, float64 in ES6 style.
One encoder closure is compiled per Go type; encoders append ``str`` pieces that are joined once.
"""

from __future__ import annotations

import json.encoder as _json_encoder
import math
import re
from collections.abc import Callable
from typing import Any, Final

from hcsdoc.reference.gojson.room import with_room
from hcsdoc.reference.gojson.types import struct_plan
from hcsdoc.reference.gotypes import FLOAT_KINDS, INT_KINDS, Basic, GoType, Interface, Map, Ptr, Slice, Struct


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


_needs_escape: Final = _NEEDS_ESCAPE.search
# What Python's json escapes differently from Go (or not at all): HTML characters, U+2028/U+2029, surrogates.
_not_like_python: Final = re.compile("[<>&\u2028\u2029\ud800-\udfff]").search
# json's C string encoder (ensure_ascii=False): '"' and '\\' backslashed, \b \f \n \r \t, other controls as
# \u00xx with lowercase hex digits, everything else as is, quotes around: exactly appendString's output for a
# string without the characters above.
_encode_like_python: Final[Callable[[str], str]] = getattr(_json_encoder, "c_encode_basestring", None) or (
    _json_encoder.py_encode_basestring
)


def encode_string(s: str) -> str:
    """Go's ``appendString(dst, s, escapeHTML=true)``."""
    if _needs_escape(s) is None:
        return '"' + s + '"'  # the common case: nothing to escape
    if _not_like_python(s) is None:
        return _encode_like_python(s)  # backslashes in Windows paths, controls: one C call
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


# How ``omitempty`` tests a field: Go's ``isEmptyValue`` by kind. Kept as small codes so that enc_struct tests
# them inline instead of calling a function per field.
_KEEP = 0  # no omitempty, or a struct value (a struct is never empty)
_OMIT_FALSY = 1  # "", false, 0; a nil or empty slice or map
_OMIT_NIL = 2  # a nil pointer or interface (a pointer to a zero value is not empty)
_OMIT_ZERO_FLOAT = 3  # reflect's IsZero compares bits: -0.0 is not empty


def _omit_code(go: GoType, omitempty: bool) -> int:
    if not omitempty:
        return _KEEP
    if isinstance(go, Basic):
        return _OMIT_ZERO_FLOAT if go.kind in FLOAT_KINDS else _OMIT_FALSY
    if isinstance(go, Ptr | Interface):
        return _OMIT_NIL
    if isinstance(go, Slice | Map):
        return _OMIT_FALSY
    return _KEEP


# How enc_struct writes a field's value: strings, bools and integers inline, everything else through the
# field type's encoder.
_BY_ENCODER = 0
_STRING = 1
_BOOL = 2
_INTEGER = 3


def _value_code(go: GoType) -> int:
    if isinstance(go, Basic):
        if go.kind == "string":
            return _STRING
        if go.kind == "bool":
            return _BOOL
        if go.kind in INT_KINDS:
            return _INTEGER
    return _BY_ENCODER


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
    """The encoder of a struct type, generated as Python source with one straight-line block per field.

    A struct document has many fields, most of them omitted (``omitempty`` and empty); a generic loop over a
    field table pays for unpacking and dispatch on every one. The generated function only loads the attribute
    and tests it, with the field's ``omitempty`` test and value encoding chosen once here. For
    ``Layer{ID string `json:"Id"`; Path string `json:",omitempty"`}`` it reads::

        def enc_Layer(v, out):
            append = out.append
            sep = "{"
            x = v.Id
            append(sep + '"Id":' + ('"' + x + '"' if needs_escape(x) is None else encode_string(x)))
            sep = ","
            x = v.Path
            if x:
                append(sep + '"Path":' + ('"' + x + '"' if needs_escape(x) is None else encode_string(x)))
                sep = ","
            append("}" if sep == "," else "{}")

    Field encoders are looked up now: a struct cannot hold itself by value, and pointer, slice and map encoders
    resolve their element type on first use, so a self-referencing type does not recurse here.
    """
    plan = struct_plan(go.cls)
    namespace: dict[str, Any] = {
        "needs_escape": _needs_escape,
        "encode_string": encode_string,
        "copysign": math.copysign,
    }
    lines = [f"def enc_{go.cls.__name__}(v, out):", "    append = out.append", '    sep = "{"']
    for i, f in enumerate(plan.fields):
        key = repr(encode_string(f.json) + ":")
        lines.append(f"    x = v.{f.attr}")
        omit = _omit_code(f.go, f.omitempty)
        if omit == _KEEP:
            body = "    "
        else:
            body = "        "
            lines.append(
                "    if x:"
                if omit == _OMIT_FALSY
                else "    if x is not None:"
                if omit == _OMIT_NIL
                else "    if x != 0 or copysign(1.0, x) < 0:"  # _OMIT_ZERO_FLOAT
            )
        code = _value_code(f.go)
        if code == _STRING:
            lines.append(
                f"""{body}append(sep + {key} + ('"' + x + '"' if needs_escape(x) is None else encode_string(x)))"""
            )
        elif code == _BOOL:
            lines.append(f'{body}append(sep + {key} + ("true" if x else "false"))')
        elif code == _INTEGER:
            lines.append(f"{body}append(sep + {key} + str(x))")
        else:
            namespace[f"enc{i}"] = encoder(f.go)
            lines.append(f"{body}append(sep + {key})")
            lines.append(f"{body}enc{i}(x, out)")
        lines.append(f'{body}sep = ","')
    lines.append('    append("}" if sep == "," else "{}")')
    exec("\n".join(lines), namespace)  # the source is made above from the struct's own field table
    enc: _Encoder = namespace[f"enc_{go.cls.__name__}"]
    return enc


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
    return marshal_text(value, go).encode("utf-8")


def marshal_text(value: Any, go: GoType) -> str:
    """:func:`marshal` as text (the bytes are always valid UTF-8: lone surrogates are written escaped)."""
    out: list[str] = []
    try:
        encoder(go)(value, out)
    except RecursionError:
        # Go's encoder has no depth limit (past 1000 pointer levels it only looks for cycles, and decoded values
        # have none), so a value decoded from a text nested up to Go's 10000 levels always encodes. The
        # encoders take Python frames per level: encode again with room for that depth.
        out.clear()
        with_room(lambda: encoder(go)(value, out))
    return "".join(out)
