"""Input-class reach (``hcsdoc reach --classes``): which *value classes* the case strategies draw for each spec field
and annotation the converter reads, a measure next to branch reach (a branch is often taken by other values).

Every drawn case's spec is looked at as the bytes Go's decoder reads (``specBase64`` decoded, ``specText`` as
UTF-8 with lone surrogates kept, else the ``spec`` object as JSON), walked by a tolerant tokenizer of our own that
records, for each value, its JSON path (keys folded to lower case as Go's decoder matches them, array items as
``*``) and its raw token bytes. A value is then classed by what its field is (``FIELDS`` of
:mod:`conformance.strategies.probes`, which also draws every class):

* every field: ``null``, ``wrong-type`` (a JSON type Go cannot decode into the field), ``empty``;
* integers (the Go width is in the field's kind): ``zero``, ``negative``, ``edge-N`` for N in 8/16/32/64 (within
  one of ``±2^(N-1)`` or ``2^N``), ``float-integral`` (``1.0``, ``1e2``), ``float-fraction``, ``exponent``,
  ``beyond-float64`` (overflows to infinity);
* strings: ``escape`` (any backslash escape), ``lone-surrogate-escape`` (``\\ud800`` not followed by a low
  surrogate escape, or a lone low one), and each class of invalid UTF-8 (:data:`UTF8_CLASSES`);
* compared strings (the converter compares them with constants): ``case-variant`` (equal to one ignoring case,
  but not exactly);
* paths: the shapes of :data:`PATH_SHAPES`;
* annotation values (JSON strings the converter parses as numbers): the integer classes of the text, plus
  ``sign``, ``leading-zero``, ``space``, ``non-digit``, ``beyond-uint64``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from hcsdoc.conformance.strategies.probes import CLASSES_OF_KIND, COMPARED, FIELDS

# ----------------------------------------------------------------------------------------------------------------
# a tolerant JSON walker over bytes


@dataclass(frozen=True)
class Token:
    path: str
    kind: str  # "string", "number", "true", "false", "null", "object", "array"; then "empty-object"/"-array"
    raw: bytes  # for strings: the bytes between the quotes, escapes as written; else the token text


_WS: Final = b" \t\r\n"
_NUM: Final = re.compile(rb"-?[0-9][0-9a-zA-Z.+\-]*|-")


class _Stop(Exception):
    pass


class _Walker:
    def __init__(self, data: bytes) -> None:
        self.d = data
        self.i = 0
        self.out: list[Token] = []

    def ws(self) -> None:
        while self.i < len(self.d) and self.d[self.i] in _WS:
            self.i += 1

    def string(self) -> bytes:
        start = self.i = self.i + 1
        while True:
            if self.i >= len(self.d):
                raise _Stop
            b = self.d[self.i]
            if b == 0x5C:
                self.i += 2
            elif b == 0x22:
                raw = self.d[start : self.i]
                self.i += 1
                return raw
            else:
                self.i += 1

    def value(self, path: str, depth: int = 0) -> None:
        if depth > 100:  # deep nesting is a decoder case of its own; no field of interest lies that deep
            raise _Stop
        self.ws()
        if self.i >= len(self.d):
            raise _Stop
        c = self.d[self.i : self.i + 1]
        if c == b"{":
            self.out.append(Token(path, "object", b""))
            self.i += 1
            self.ws()
            if self.d[self.i : self.i + 1] == b"}":
                self.out.append(Token(path, "empty-object", b""))
                self.i += 1
                return
            while True:
                self.ws()
                if self.d[self.i : self.i + 1] != b'"':
                    raise _Stop
                key = _decode_key(self.string())
                self.ws()
                if self.d[self.i : self.i + 1] != b":":
                    raise _Stop
                self.i += 1
                self.value(_join(path, key), depth + 1)
                self.ws()
                c = self.d[self.i : self.i + 1]
                self.i += 1
                if c == b"}":
                    return
                if c != b",":
                    raise _Stop
        elif c == b"[":
            self.out.append(Token(path, "array", b""))
            self.i += 1
            self.ws()
            if self.d[self.i : self.i + 1] == b"]":
                self.out.append(Token(path, "empty-array", b""))
                self.i += 1
                return
            while True:
                self.value(_join(path, "*"), depth + 1)
                self.ws()
                c = self.d[self.i : self.i + 1]
                self.i += 1
                if c == b"]":
                    return
                if c != b",":
                    raise _Stop
        elif c == b'"':
            self.out.append(Token(path, "string", self.string()))
        else:
            for word in (b"true", b"false", b"null"):
                if self.d.startswith(word, self.i):
                    self.out.append(Token(path, word.decode(), word))
                    self.i += len(word)
                    return
            m = _NUM.match(self.d, self.i)
            if m is None:
                raise _Stop
            self.out.append(Token(path, "number", m.group()))
            self.i = m.end()


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _decode_key(raw: bytes) -> str:
    try:
        key = json.loads(b'"' + raw + b'"')
    except (ValueError, UnicodeDecodeError):
        key = raw.decode("utf-8", "replace")
    return str(key)


def tokens(spec: bytes) -> list[Token]:
    """The values of a spec text with their paths, up to the first point the text stops being JSON. Keys of the
    spec's structs fold to lower case; the keys of ``annotations`` are kept as they are (a Go map)."""
    w = _Walker(spec)
    with contextlib.suppress(_Stop, IndexError):
        w.value("")
    out: list[Token] = []
    for t in w.out:
        head, _, rest = t.path.partition(".")
        if head.lower() == "annotations":
            out.append(Token(("annotations." + rest) if rest else "annotations", t.kind, t.raw))
        else:
            out.append(Token(t.path.lower(), t.kind, t.raw))
    return out


def spec_bytes(case: dict[str, Any]) -> bytes | None:
    """The bytes Go's decoder reads for the case's spec."""
    if isinstance(case.get("specBase64"), str):
        try:
            return base64.b64decode(case["specBase64"])
        except ValueError:
            return None
    if isinstance(case.get("specText"), str):
        return str(case["specText"]).encode("utf-8", "surrogatepass")
    if case.get("spec") is not None:
        return json.dumps(case["spec"], ensure_ascii=False).encode("utf-8", "surrogatepass")
    return None


# ----------------------------------------------------------------------------------------------------------------
# classing


def _int_edges(v: int) -> Iterator[str]:
    for bits in (8, 16, 32, 64):
        for edge in (1 << (bits - 1), 1 << bits):
            if abs(abs(v) - edge) <= 1:
                yield f"edge-{bits}"
                break


def number_classes(raw: bytes) -> set[str]:
    text = raw.decode("ascii", "replace")
    out: set[str] = set()
    try:
        f = float(text)
    except ValueError:
        return out
    if "e" in text.lower():
        out.add("exponent")
    if math.isinf(f):
        out.add("beyond-float64")
        return out
    if text.startswith("-"):
        out.add("negative")
    if f == 0:
        out.add("zero")
    is_float = any(ch in text for ch in ".eE")
    if is_float:
        out.add("float-integral" if f.is_integer() else "float-fraction")
    if not is_float:
        out.update(_int_edges(int(text)))
    elif f.is_integer():
        out.update(_int_edges(int(f)))
    return out


def text_int_classes(s: str) -> set[str]:
    out: set[str] = set()
    t = s.strip()
    if t != s:
        out.add("space")
    if t[:1] in ("+", "-"):
        out.add("sign")
    digits = t[1:] if t[:1] in ("+", "-") else t
    if not digits.isdigit() or not digits.isascii():
        if s:
            out.add("non-digit")
        return out
    if len(digits) > 1 and digits.startswith("0"):
        out.add("leading-zero")
    v = int(t)
    if v == 0:
        out.add("zero")
    if v < 0:
        out.add("negative")
    if v >= 1 << 64:
        out.add("beyond-uint64")
    out.update(_int_edges(v))
    return out


_HI: Final = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}")
_LO: Final = re.compile(rb"\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def string_classes(raw: bytes) -> set[str]:
    out: set[str] = set()
    if b"\\" in raw:
        out.add("escape")
        i = 0
        while i < len(raw):
            if raw[i] == 0x5C and raw[i + 1 : i + 2] == b"u":
                if _HI.match(raw, i):
                    if not _LO.match(raw, i + 6):
                        out.add("lone-surrogate-escape")
                    i += 12 if _LO.match(raw, i + 6) else 6
                    continue
                if _LO.match(raw, i):
                    out.add("lone-surrogate-escape")
                i += 6
            elif raw[i] == 0x5C:
                i += 2
            else:
                i += 1
    out.update(utf8_classes(raw))
    return out


def utf8_classes(raw: bytes) -> set[str]:
    """The classes of invalid UTF-8 in ``raw`` (by the first byte of each bad sequence)."""
    out: set[str] = set()
    i, n = 0, len(raw)
    while i < n:
        b = raw[i]
        if b < 0x80:
            i += 1
            continue
        if 0x80 <= b <= 0xBF:
            out.add("utf8-lone-continuation")
            i += 1
            continue
        overlong = (
            b in (0xC0, 0xC1)
            or (b == 0xE0 and i + 1 < n and 0x80 <= raw[i + 1] < 0xA0)
            or (b == 0xF0 and i + 1 < n and 0x80 <= raw[i + 1] < 0x90)
        )
        if overlong:
            out.add("utf8-overlong")
            need = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            i += 1
            while need > 1 and i < n and 0x80 <= raw[i] <= 0xBF:
                i += 1
                need -= 1
            continue
        if b >= 0xF5:
            out.add("utf8-beyond-10ffff" if b <= 0xF7 else "utf8-invalid-byte")
            i += 1
            continue
        need = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
        cont = 1
        while cont < need and i + cont < n and 0x80 <= raw[i + cont] <= 0xBF:
            cont += 1
        if cont < need:
            out.add(f"utf8-truncated-{need}")
            i += cont
            continue
        if b == 0xED and raw[i + 1] >= 0xA0:
            out.add("utf8-surrogate")
        elif b == 0xF4 and raw[i + 1] >= 0x90:
            out.add("utf8-beyond-10ffff")
        i += need
    return out


def _decoded(raw: bytes) -> str | None:
    try:
        return str(json.loads(b'"' + raw + b'"'))
    except (ValueError, UnicodeDecodeError):
        return None


def path_shapes(s: str) -> set[str]:
    out: set[str] = set()
    if s.startswith(("\\\\?\\", "\\\\.\\", "\\??\\", "//?/", "//./")):
        out.add("device")
        if "volume{" in s.lower():
            out.add("volume-guid")
    elif s.startswith(("\\\\", "//")):
        out.add("unc")
    elif re.match(r"[A-Za-z]:[\\/]", s):
        out.add("drive-absolute")
    elif re.match(r"[A-Za-z]:", s):
        out.add("drive-relative")
    elif s.startswith(("\\", "/")):
        out.add("rooted")
    elif s:
        out.add("relative")
    if "/" in s:
        out.add("forward-slash")
    if s.endswith(("\\", "/")) and len(s) > 1:
        out.add("trailing-separator")
    return out


_EXPECTED_TYPE: Final[dict[str, tuple[str, ...]]] = {
    "uint16": ("number",),
    "uint64": ("number",),
    "string": ("string",),
    "path": ("string",),
    "compared": ("string",),
    "bool": ("true", "false"),
}


def classify(path: str, kind: str, tok: Token) -> set[str]:
    out: set[str] = set()
    if tok.kind == "null":
        return {"null"}
    if kind == "any":
        if tok.kind == "number":
            return number_classes(tok.raw) & {"beyond-float64"}
        return (
            {"empty"}
            if tok.kind in ("empty-array", "empty-object") or (tok.raw == b"" and tok.kind == "string")
            else set()
        )
    if kind.startswith("ann-"):
        if tok.kind != "string":
            return {"wrong-type"}
    elif tok.kind not in _EXPECTED_TYPE[kind]:
        return {"wrong-type"} if tok.kind not in ("empty-array", "empty-object") else set()
    if tok.kind == "number":
        return number_classes(tok.raw)
    if tok.kind != "string":
        return out
    out |= string_classes(tok.raw)
    s = _decoded(tok.raw)
    if tok.raw == b"":
        out.add("empty")
    if s is None:
        return out
    if kind in ("ann-uint64", "ann-int") and s:
        out |= text_int_classes(s)
    if kind in ("path", "ann-path"):
        out |= path_shapes(s)
    if kind == "ann-paths":
        for part in s.split(","):
            out |= path_shapes(part)
    for const in COMPARED.get(path, ()):
        if s != const and s.lower() == const:
            out.add("case-variant")
    return out


@dataclass
class ClassReach:
    """Per field: how many cases drew each class (a case counts once per class and field)."""

    cases: int
    counts: dict[str, Counter[str]]

    def missing(self) -> dict[str, list[str]]:
        return {
            f: [c for c in CLASSES_OF_KIND[k] if not self.counts[f][c]]
            for f, k in FIELDS.items()
            if any(not self.counts[f][c] for c in CLASSES_OF_KIND[k])
        }


_ANY_FIELDS: Final = tuple(f for f, k in FIELDS.items() if k == "any")


def measure_classes(cases: Sequence[dict[str, Any]]) -> ClassReach:
    counts: dict[str, Counter[str]] = {f: Counter() for f in FIELDS}
    for case in cases:
        data = spec_bytes(case)
        if data is None:
            continue
        seen: dict[str, set[str]] = {}
        for tok in tokens(data):
            kind = FIELDS.get(tok.path)
            if kind is not None:
                seen.setdefault(tok.path, set()).update(classify(tok.path, kind, tok))
            elif tok.kind == "number":  # a number anywhere inside an interface{} field is decoded as a float64
                holder = next((f for f in _ANY_FIELDS if tok.path.startswith(f + ".")), None)
                if holder is not None and "beyond-float64" in number_classes(tok.raw):
                    seen.setdefault(holder, set()).add("beyond-float64")
        for f, classes in seen.items():
            counts[f].update(classes)
    return ClassReach(len(cases), counts)


def render_classes(reach: ClassReach) -> str:
    lines = [f"input classes drawn by {reach.cases} cases (per field: class=cases; MISSING = not drawn)"]
    for f, kind in FIELDS.items():
        c = reach.counts[f]
        cells = [f"{k}={c[k]}" if c[k] else f"{k}=MISSING" for k in CLASSES_OF_KIND[kind]]
        lines.append(f"{f} [{kind}]")
        lines.append("    " + "  ".join(cells))
    missing = reach.missing()
    total = sum(len(CLASSES_OF_KIND[k]) for k in FIELDS.values())
    n_missing = sum(len(v) for v in missing.values())
    lines.append(f"classes: {total - n_missing}/{total} reached; {n_missing} missing in {len(missing)} fields")
    lines.append(
        "note: wrong-type, beyond-float64, float-fraction and, for the unsigned fields, negative and too large "
        "values are decode errors in Go (they reach the decoder, never a document); invalid UTF-8 and lone "
        "surrogates reach the converter as U+FFFD; every class of an annotation value reaches its parser, and an "
        "unparsable uint64 annotation counts as absent (a document), a bad dump count is an error."
    )
    return "\n".join(lines)
