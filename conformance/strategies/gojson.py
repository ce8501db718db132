"""Spec *texts* for Go's ``encoding/json``: the same spec written in the many ways Go decodes alike, and near
misses that Go decodes differently or rejects.

Go's decoder (unlike Python's ``json``) matches struct keys case-insensitively with Unicode simple folding
(``ſ`` matches ``s``, the Kelvin sign ``K`` matches ``k``), lets the *last* duplicate key win but merges a
duplicate object or array into the earlier one, treats ``null`` as a no-op for strings and bools, ignores unknown
keys, turns invalid UTF-8 and lone surrogate escapes into U+FFFD, and accepts only integer literals in range for
integer fields. To write such texts the writer needs the Go types of the spec, so this module carries a small
type tree of the runtime-spec fields hcsshim reads (runtime-spec v1.0.3-0.20210326190908-1c3f411f0417).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Final

from hypothesis import strategies as st

from hcsdoc.conformance.strategies._util import BOOL, Chooser, note_event, pool

__all__ = [
    "SPEC_TYPE",
    "MapT",
    "Raw",
    "SliceT",
    "StructT",
    "go_equivalent_text",
    "near_miss_bytes",
    "near_miss_spec_bytes",
    "render",
    "spec_payload",
    "spec_payloads",
]


@dataclass(frozen=True)
class StructT:
    fields: dict[str, Any]


@dataclass(frozen=True)
class SliceT:
    elem: Any


@dataclass(frozen=True)
class MapT:
    elem: Any


# Leaf kinds: "string", "bool", "uint64", "uint16", "iface" (interface{}), "any" (not a Go-typed place).
_MOUNT_T: Final = StructT({"destination": "string", "type": "string", "source": "string", "options": SliceT("string")})
_WINDOWS_T: Final = StructT(
    {
        "layerFolders": SliceT("string"),
        "devices": SliceT(StructT({"id": "string", "idType": "string"})),
        "resources": StructT(
            {
                "memory": StructT({"limit": "uint64"}),
                "cpu": StructT({"count": "uint64", "shares": "uint16", "maximum": "uint16"}),
                "storage": StructT({"iops": "uint64", "bps": "uint64", "sandboxSize": "uint64"}),
            }
        ),
        "credentialSpec": "iface",
        "servicing": "bool",
        "ignoreFlushesDuringBoot": "bool",
        "hyperv": StructT({"utilityVMPath": "string"}),
        "network": StructT(
            {
                "endpointList": SliceT("string"),
                "allowUnqualifiedDNSQuery": "bool",
                "DNSSearchList": SliceT("string"),
                "networkSharedContainerName": "string",
                "networkNamespace": "string",
            }
        ),
    }
)
SPEC_TYPE: Final = StructT(
    {
        "ociVersion": "string",
        "process": StructT({"terminal": "bool", "cwd": "string", "args": SliceT("string")}),
        "root": StructT({"path": "string", "readonly": "bool"}),
        "hostname": "string",
        "mounts": SliceT(_MOUNT_T),
        "annotations": MapT("string"),
        "windows": _WINDOWS_T,
    }
)


@dataclass(frozen=True)
class Raw:
    """Bytes the writer emits verbatim (a deliberately odd token)."""

    data: bytes


_WS: Final = ("", " ", "\n", "\t", "\r\n  ")
_SHORT_ESC: Final = {
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    '"': '\\"',
    "\\": "\\\\",
    "/": "\\/",
}
_FOLD_VARIANTS: Final = {"s": "\u017f", "S": "\u017f", "k": "\u212a", "K": "\u212a"}


# With ``vary`` every text choice costs few draws (the fuzz bridge draws one case per execution): one ``_ESCAPES``
# integer per string, one ``_FLAVOR`` and (struct members) one ``_EXTRA`` integer per object member, one ``_PAD``
# per array element. Each is 0 for the plain form, so the shrinker still reaches plain text one choice at a time.
_ESCAPES: Final = pool(range(256))  # bit i % 8 set: escape character i (bit 7 also picks \/ for '/')
_FLAVOR: Final = pool(range(128))  # bits 0-2: whitespace, bit 3: whitespace on both sides, bits 4-6: key case
_EXTRA: Final = pool(range(24))  # 13-16: duplicate before, 17-19: unknown key before, 20-23: null after
_PAD: Final = pool(range(len(_WS) ** 2))  # whitespace (before, after) an array element
_KEY_HOWS: Final = ("exact", "upper", "lower", "swap", "fold", "mixed", "exact", "exact")
_UNKNOWN_KEYS: Final = pool(("x-unknown", "$ref", "a b"))
_JUNK_STRINGS: Final = pool(("", "junk"))
_JUNK_INTS: Final = pool(range(10))
_JUNK_SLICES: Final[tuple[list[Any] | None, ...]] = ([], None)
_JUNK_MAPS: Final[tuple[dict[str, Any] | None, ...]] = ({}, None)


def _string(draw: Chooser, s: str, vary: bool) -> bytes:
    mask = draw(_ESCAPES) if vary and s else 0
    if not mask:
        # Nothing escaped by choice: Python's encoder writes exactly the escapes the loop below would (\", \\,
        # \b \f \n \r \t, \u00xx for other control characters, everything else as it is).
        return json.dumps(s, ensure_ascii=False).encode("utf-8")
    out = ['"']
    for i, ch in enumerate(s):
        esc = bool(mask >> (i % 8) & 1)
        if ch in '"\\' or ord(ch) < 0x20:
            out.append(_u_escape(ch) if esc or ch not in _SHORT_ESC else _SHORT_ESC[ch])
        elif esc:
            out.append(_SHORT_ESC[ch] if ch == "/" and mask & 0x80 else _u_escape(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out).encode("utf-8")


def _u_escape(ch: str) -> str:
    cp = ord(ch)
    if cp > 0xFFFF:
        cp -= 0x10000
        return f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04X}"
    return f"\\u{cp:04x}"


def _key_variant(flavor: int, key: str) -> str:
    """A spelling of a struct key that Go's folded match still maps to the same field (chosen by ``flavor``)."""
    how = _KEY_HOWS[flavor >> 4 & 7]
    if how != "exact":
        note_event(f"json.key={how}")
    if how == "upper":
        return key.upper()
    if how == "lower":
        return key.lower()
    if how == "swap":
        return key.swapcase()
    if how == "fold":
        return "".join(_FOLD_VARIANTS.get(c, c) for c in key)
    if how == "mixed":
        return "".join(c.upper() if flavor >> (i % 4) & 1 else c.lower() for i, c in enumerate(key))
    return key


def _same_type_junk(draw: Chooser, typ: Any) -> Any:
    """An earlier duplicate value that the later one fully overrides in Go (same Go type, nothing left over)."""
    if typ == "string":
        return draw(_JUNK_STRINGS)
    if typ == "bool":
        return draw(BOOL)
    if typ in ("uint64", "uint16", "int32"):
        return draw(_JUNK_INTS)
    if isinstance(typ, StructT):
        return {}
    if isinstance(typ, SliceT):
        # Go decodes a later array element-wise into the earlier one; only an empty or null one leaves no trace.
        return draw.sample(_JUNK_SLICES)
    if isinstance(typ, MapT):
        return draw.sample(_JUNK_MAPS)
    return None


def render(draw: st.DrawFn | Chooser, value: Any, typ: Any, *, vary: bool) -> bytes:
    """JSON text of ``value`` (a Python JSON value, possibly containing :class:`Raw`) for Go type ``typ``.

    With ``vary`` the text varies in every way Go's decoder ignores: whitespace, string escapes, struct key case
    and Unicode folding, unknown keys, same-typed earlier duplicates, ``null`` after a string or bool field.
    """
    if not vary:
        return _plain(value)
    return _render(draw if isinstance(draw, Chooser) else Chooser(draw), value, typ)


_RAW_MARK: Final = "\ue000hcsdoc-raw-{}\ue001"  # a private-use placeholder no spec value holds


def _plain(value: Any) -> bytes:
    """``render(..., vary=False)``: compact JSON with no choices, which Python's encoder writes byte for byte as
    the writer would (separators, string escapes, number forms), with :class:`Raw` tokens put back verbatim."""
    raws: list[bytes] = []

    def raw_mark(o: object) -> str:
        if not isinstance(o, Raw):
            raise TypeError(f"not a JSON value: {o!r}")
        raws.append(o.data)
        return _RAW_MARK.format(len(raws) - 1)

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=raw_mark).encode("utf-8")
    for i, data in enumerate(raws):
        text = text.replace(json.dumps(_RAW_MARK.format(i), ensure_ascii=False).encode("utf-8"), data, 1)
    return text


def _render(draw: Chooser, value: Any, typ: Any) -> bytes:
    """``render(..., vary=True)``."""
    if isinstance(value, Raw):
        return value.data
    if value is None:
        return b"null"
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return str(value).encode()
    if isinstance(value, float):
        return json.dumps(value).encode()
    if isinstance(value, str):
        return _string(draw, value, True)
    if isinstance(value, list):
        elem = typ.elem if isinstance(typ, SliceT) else "any"
        parts = []
        for v in value:
            before, after = divmod(draw(_PAD), len(_WS))
            parts.append(_WS_BYTES[before] + _render(draw, v, elem) + _WS_BYTES[after])
        return b"[" + b",".join(parts) + b"]"
    if isinstance(value, dict):
        members: list[bytes] = []
        for k, v in value.items():
            ftyp: Any = "any"
            struct_key = False
            if isinstance(typ, StructT) and k in typ.fields:
                ftyp, struct_key = typ.fields[k], True
            elif isinstance(typ, MapT):
                ftyp = typ.elem
            extra = draw(_EXTRA) if isinstance(typ, StructT) else 0
            flavor = draw(_FLAVOR)
            if struct_key and 13 <= extra <= 16:
                note_event("json.duplicate-key")
                members.append(_member(draw, k, _same_type_junk(draw, ftyp), ftyp))
            if 17 <= extra <= 19:
                note_event("json.unknown-key")
                members.append(_member(draw, draw(_UNKNOWN_KEYS), draw(_UNKNOWN_VALUES), "any"))
            key = _key_variant(flavor, k) if struct_key else k
            members.append(_member(draw, key, v, ftyp, flavor))
            if struct_key and ftyp in ("string", "bool") and extra >= 20:
                note_event("json.null-noop")
                members.append(_member(draw, key, None, ftyp))
        return b"{" + b",".join(members) + b"}"
    raise TypeError(f"not a JSON value: {value!r}")


_WS_BYTES: Final = tuple(w.encode() for w in _WS)
_ODD_TOKENS: Final = tuple(
    Raw(t)
    for t in (
        b"-0.5e-3",
        b"1E+2",
        b"0.0",
        b"-12",
        b"1e400",
        b'"\\u00e9\\n\\/\\t"',
        b"[ ]",
        b"{ }",
        b"123456789012345678901234567890",
    )
)
# Values of unknown keys (ignored by Go whatever they are): a fixed pool, simplest first, one draw.
_UNKNOWN_VALUES: Final = pool(
    (
        None,
        True,
        False,
        0,
        -5,
        5,
        "",
        "v",
        "\u00e9",
        *_ODD_TOKENS,
        [],
        {},
        [None, 1],
        {"a": "v"},
        {"B": [True, _ODD_TOKENS[1]]},
        [[{"a": None}], {"B": {}}],
        {"a": {"B": [_ODD_TOKENS[4], "\u00e9"]}},
    )
)


def _member(draw: Chooser, key: str, value: Any, typ: Any, flavor: int | None = None) -> bytes:
    """One varied object member; ``flavor`` (drawn when not given) picks its whitespace."""
    if flavor is None:
        flavor = draw(_FLAVOR)
    ws = _WS_BYTES[(flavor & 7) % len(_WS)]
    outer = ws if flavor & 8 else b""
    return outer + _string(draw, key, True) + ws + b":" + ws + _render(draw, value, typ) + outer


@st.composite
def go_equivalent_text(draw: st.DrawFn, spec: Any) -> str:
    """A text of ``spec`` that Go decodes into exactly the ``specs.Spec`` that ``json.dumps(spec)`` gives.

    Valid only for specs whose struct keys are spelled exactly as the runtime-spec tags (as the strategies write
    them) and that hold no key twice under folding.
    """
    return render(draw, spec, SPEC_TYPE, vary=True).decode("utf-8")


# --------------------------------------------------------------------------------------------------------------
# near misses


def _leaves(value: Any, typ: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    out: list[tuple[tuple[Any, ...], Any]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            ft = typ.fields.get(k, "any") if isinstance(typ, StructT) else typ.elem if isinstance(typ, MapT) else "any"
            out.append(((*path, k), ft))
            out.extend(_leaves(v, ft, (*path, k)))
    elif isinstance(value, list):
        et = typ.elem if isinstance(typ, SliceT) else "any"
        for i, v in enumerate(value):
            out.append(((*path, i), et))
            out.extend(_leaves(v, et, (*path, i)))
    return out


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: (_replace(v, rest, new) if k == head else v) for k, v in value.items()}
    return [(_replace(v, rest, new) if i == head else v) for i, v in enumerate(value)]


_SYNTAX_MISSES: Final = (
    b"-",
    b"-a",
    b"01",
    b"1.",
    b"1.e",
    b"1e",
    b"1e+",
    b"tru",
    b"nul",
    b"fals",
    b'"\\x"',
    b'"\\u12g4"',
    b'"a\x01"',
    b"[1,]",
    b"{,}",
    b'{"a"}',
    b'{"a":}',
    b'{"a" 1}',
    b"[1 2]",
    b"}",
    b"]",
    b":",
    b",",
    b"'s'",
    b"+1",
    b".5",
    b"NaN",
)
# Each pool: (misses Go rejects whatever the field, misses Go decodes to something else without an error).
_NUMBER_MISSES: Final = (
    (b"1.0", b"1e2", b"-1", b"18446744073709551616", b'"3"', b"true", b"-0", b"1E0", b"[]", b"{}"),
    (b"65536", b"null"),
)
_STRING_MISSES: Final = (
    (b"5", b"true", b"{}", b"[]", b"-1.5e3"),
    (
        b'"\\ud800"',
        b'"\\udc00x"',
        b'"\\ud800\\u0041"',
        b'"\\udbff\\udfff"',
        b'"a\xffb"',
        b'"\xc3"',
        b'"\xed\xa0\x80"',
        b"null",
    ),
)
_BOOL_MISSES: Final = ((b"1", b'"true"', b"0", b"{}", b"[]"), (b"null",))
_COMPOSITE_MISSES: Final = ((b"5", b"true", b'"s"', b"1.5"), (b"null", b"{}", b"[]"))
_TEXT_MISSES: Final = (
    "trailing",
    "truncate",
    "bom",
    "top-level",
    "deep",
    "struct-dup-merge",
    "wrong-type-dup",
    "null-field",
)
_ERRORING_TEXT_MISSES: Final = ("leaf", "syntax", "trailing", "truncate", "bom", "top-level", "deep", "wrong-type-dup")
_MISS_KINDS: Final = pool(("leaf", "syntax", *_TEXT_MISSES))
_ERRORING_MISS_KINDS: Final = pool(_ERRORING_TEXT_MISSES)
_ERRORING_TRAILERS: Final = pool((b" x", b"{}", b" 1", b"]", b" null"))
_TRAILERS: Final = pool((*_ERRORING_TRAILERS.values, b"\n\n"))
_TOP_LEVELS: Final = pool((b"[]", b"1", b'"s"', b"true", b"", b" ", b"null", b"{}", b"[{}]", b"nul"))


def _miss_pool(typ: Any, errors_only: bool) -> tuple[bytes, ...]:
    pools: tuple[tuple[bytes, ...], tuple[bytes, ...]]
    if typ in ("uint64", "uint16", "int32"):
        pools = _NUMBER_MISSES
    elif typ == "string":
        pools = _STRING_MISSES
    elif typ == "bool":
        pools = _BOOL_MISSES
    else:
        pools = _COMPOSITE_MISSES
    return pools[0] if errors_only else pools[0] + pools[1]


@st.composite
def near_miss_spec_bytes(
    draw: st.DrawFn, spec: Any, *, allow_invalid_utf8: bool = True, errors_only: bool = False
) -> bytes:
    """Bytes close to a text of ``spec`` that Go decodes differently or rejects (one deliberate flaw).

    With ``errors_only`` every flaw is one Go's decoder (or the converter right after it) rejects.
    """
    return near_miss_bytes(Chooser(draw), spec, allow_invalid_utf8=allow_invalid_utf8, errors_only=errors_only)


def near_miss_bytes(draw: Chooser, spec: Any, *, allow_invalid_utf8: bool = True, errors_only: bool = False) -> bytes:
    """:func:`near_miss_spec_bytes` drawn inline (no strategy of its own)."""
    kind = draw(_ERRORING_MISS_KINDS if errors_only else _MISS_KINDS)
    note_event(f"json.miss={kind}")
    value = spec
    if kind in ("leaf", "syntax") and isinstance(spec, dict):
        leaves = [(p, t) for p, t in _leaves(spec, SPEC_TYPE) if t not in ("iface", "any")]
        if leaves:
            path, typ = draw.sample(leaves)
            misses = _SYNTAX_MISSES if kind == "syntax" else _miss_pool(typ, errors_only)
            if not allow_invalid_utf8:
                misses = tuple(p for p in misses if _is_utf8(p))
            value = _replace(spec, path, Raw(draw.sample(misses)))
        else:
            kind = "trailing"
    elif kind == "struct-dup-merge" and isinstance(spec, dict):
        # A second "mounts"/"root"/"windows" member merges into the first in Go (Python keeps only the last).
        extra = {"mounts": [{"destination": "c"}], "root": {"readonly": False}, "windows": {"layerFolders": ["C:\\o"]}}
        k = draw.sample(sorted(extra))
        text = render(draw, spec, SPEC_TYPE, vary=False)
        return (
            text[:-1]
            + (b"," if len(text) > 2 else b"")
            + json.dumps(k).encode()
            + b":"
            + json.dumps(extra[k]).encode()
            + b"}"
        )
    elif kind == "wrong-type-dup" and isinstance(spec, dict) and spec:
        k = draw.sample(sorted(spec))
        # An earlier duplicate of the wrong type is a decode error even though the later value is fine.
        return b"{" + json.dumps(k).encode() + b":12.5," + render(draw, spec, SPEC_TYPE, vary=False)[1:]
    elif kind == "null-field" and isinstance(spec, dict) and spec:
        k = draw.sample(sorted(spec))
        value = {**spec, k: None}
    text = render(draw, value, SPEC_TYPE, vary=False)
    if kind == "trailing":
        text += draw(_ERRORING_TRAILERS if errors_only else _TRAILERS)
    elif kind == "truncate" and len(text) > 1:
        cut = draw(st.integers(0, len(text) - 1))
        while not allow_invalid_utf8 and cut > 0 and 0x80 <= text[cut] < 0xC0:
            cut -= 1  # not inside a multi-byte character
        text = text[:cut]
    elif kind == "deep":
        # Go's scanner gives up beyond 10000 nested arrays/objects.
        text = b'{"x-deep":' + b"[" * 10001 + b"]" * 10001 + b"," + text[1:]
    elif kind == "bom":
        text = b"\xef\xbb\xbf" + text
    elif kind == "top-level":
        text = draw(_TOP_LEVELS)
    return text


def _is_utf8(b: bytes) -> bool:
    try:
        b.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@st.composite
def spec_payloads(draw: st.DrawFn, spec: Any, *, equivalent: bool, errors_only: bool = False) -> dict[str, str]:
    """``{"specText": ...}`` or ``{"specBase64": ...}`` (when the bytes are not UTF-8) for ``spec``."""
    return spec_payload(Chooser(draw), spec, equivalent=equivalent, errors_only=errors_only)


def spec_payload(draw: Chooser, spec: Any, *, equivalent: bool, errors_only: bool = False) -> dict[str, str]:
    """:func:`spec_payloads` drawn inline (no strategy of its own)."""
    if equivalent:
        data = render(draw, spec, SPEC_TYPE, vary=True)
    else:
        data = near_miss_bytes(draw, spec, errors_only=errors_only)
    if _is_utf8(data) and "\ud800" not in data.decode("utf-8", "surrogatepass"):
        return {"specText": data.decode("utf-8")}
    note_event("json.invalid-utf8")
    return {"specBase64": base64.b64encode(data).decode("ascii")}
