"""Value-class probes: a document case whose spec text carries, in chosen fields the converter reads, a value
of a chosen *input class* (a boundary integer of some Go width, a float or exponent spelling, a number beyond
float64, a wrong JSON type, null, an empty string, a case variant of a compared string, a path shape, a class of
invalid UTF-8, a lone surrogate escape, ...). Part of the ``decoder`` region of :func:`cases`.

:data:`FIELDS` and :data:`CLASSES_OF_KIND` are the taxonomy that ``hcsdoc reach --classes``
(conformance/differential/classes.py) measures; :data:`TOKENS` has, for each class, the raw JSON tokens drawn
for it. A probe either sets one field (so that most probes still reach the converter, or fail in exactly one
place) or every field at once (so that each class is drawn within a few hundred cases).
"""

from __future__ import annotations

import base64
import json
from typing import Any, Final

from hcsdoc.conformance.strategies._util import Chooser, Pool, note_event, pool
from hcsdoc.conformance.strategies.gojson import SPEC_TYPE, Raw, render

# ----------------------------------------------------------------------------------------------------------------
# the fields and their classes

_P: Final = "windows.resources."
_A: Final = "annotations.io.microsoft."

# path -> kind. Kinds: "uint16", "uint64" (spec integers), "string", "path", "compared", "bool", "any",
# "ann-uint64", "ann-int" (annotation text parsed by ParseUint / Atoi), "ann-compared", "ann-path", "ann-paths".
FIELDS: Final[dict[str, str]] = {
    "hostname": "string",
    "root.path": "path",
    "mounts.*.destination": "path",
    "mounts.*.source": "path",
    "mounts.*.type": "string",
    "mounts.*.options.*": "compared",
    "windows.layerfolders.*": "path",
    "windows.hyperv.utilityvmpath": "path",
    "windows.devices.*.id": "string",
    "windows.devices.*.idtype": "compared",
    "windows.credentialspec": "any",
    "windows.ignoreflushesduringboot": "bool",
    "windows.network.networksharedcontainername": "string",
    "windows.network.networknamespace": "string",
    "windows.network.endpointlist.*": "string",
    "windows.network.dnssearchlist.*": "string",
    "windows.network.allowunqualifieddnsquery": "bool",
    _P + "memory.limit": "uint64",
    _P + "cpu.count": "uint64",
    _P + "cpu.shares": "uint16",
    _P + "cpu.maximum": "uint16",
    _P + "storage.iops": "uint64",
    _P + "storage.bps": "uint64",
    _P + "storage.sandboxsize": "uint64",
    _A + "container.memory.sizeinmb": "ann-uint64",
    _A + "container.processor.count": "ann-uint64",
    _A + "container.processor.limit": "ann-uint64",
    _A + "container.processor.weight": "ann-uint64",
    _A + "container.storage.qos.bandwidthmaximum": "ann-uint64",
    _A + "container.storage.qos.iopsmaximum": "ann-uint64",
    _A + "wcow.processdumpcount": "ann-int",
    _A + "wcow.processdumptype": "ann-compared",
    _A + "container.processdumplocation": "ann-path",
    _A + "container.wcow.deviceextensions": "ann-paths",
}

# What a compared field is compared with (case-variant class).
COMPARED: Final[dict[str, tuple[str, ...]]] = {
    "mounts.*.options.*": ("ro",),
    "windows.devices.*.idtype": ("vpci-location-path", "class", "vpci-class-guid"),
    _A + "wcow.processdumptype": ("mini", "full"),
}

UTF8_CLASSES: Final = (
    "utf8-lone-continuation",
    "utf8-truncated-2",
    "utf8-truncated-3",
    "utf8-truncated-4",
    "utf8-overlong",
    "utf8-surrogate",
    "utf8-beyond-10ffff",
    "utf8-invalid-byte",
)
INT_CLASSES: Final = (
    "zero",
    "negative",
    "edge-8",
    "edge-16",
    "edge-32",
    "edge-64",
    "float-integral",
    "float-fraction",
    "exponent",
    "beyond-float64",
)
TEXT_INT_CLASSES: Final = (
    "zero",
    "negative",
    "edge-8",
    "edge-16",
    "edge-32",
    "edge-64",
    "sign",
    "leading-zero",
    "space",
    "non-digit",
    "beyond-uint64",
)
STRING_CLASSES: Final = ("escape", "lone-surrogate-escape", *UTF8_CLASSES)
PATH_SHAPES: Final = (
    "drive-absolute",
    "drive-relative",
    "rooted",
    "relative",
    "unc",
    "device",
    "volume-guid",
    "forward-slash",
    "trailing-separator",
)
_COMMON: Final = ("null", "wrong-type")

CLASSES_OF_KIND: Final[dict[str, tuple[str, ...]]] = {
    "uint16": (*_COMMON, *INT_CLASSES),
    "uint64": (*_COMMON, *INT_CLASSES),
    "string": (*_COMMON, "empty", *STRING_CLASSES),
    "path": (*_COMMON, "empty", *STRING_CLASSES, *PATH_SHAPES),
    "compared": (*_COMMON, "empty", *STRING_CLASSES, "case-variant"),
    "bool": (*_COMMON,),
    # interface{}: any JSON decodes, but a number anywhere in it is a float64 (1e400 is an error).
    "any": ("null", "empty", "beyond-float64"),
    "ann-uint64": ("wrong-type", "empty", *TEXT_INT_CLASSES, *STRING_CLASSES),
    "ann-int": ("wrong-type", "empty", *TEXT_INT_CLASSES, *STRING_CLASSES),
    "ann-compared": ("wrong-type", "empty", "case-variant", *STRING_CLASSES),
    "ann-path": ("wrong-type", "empty", *STRING_CLASSES, *PATH_SHAPES),
    "ann-paths": ("wrong-type", "empty", *STRING_CLASSES, *PATH_SHAPES),
}


# ----------------------------------------------------------------------------------------------------------------
# the tokens of each class


def _s(text: str) -> bytes:
    return json.dumps(text).encode()


_BASE: Final[dict[str, str]] = {
    "string": "x",
    "path": "C:\\a",
    "compared": "ro",
    "ann-uint64": "1",
    "ann-int": "1",
    "ann-compared": "mini",
    "ann-path": "C:\\d",
    "ann-paths": "C:\\e",
}
_EDGES: Final = {
    bits: tuple(v for e in (1 << (bits - 1), 1 << bits) for v in (e - 1, e, e + 1)) for bits in (8, 16, 32, 64)
}


def _raw_string(base: str, tail: bytes) -> bytes:
    return b'"' + json.dumps(base)[1:-1].encode() + tail + b'"'


def tokens_for(kind: str, cls: str, path: str) -> tuple[bytes, ...]:
    """The raw JSON tokens drawn for class ``cls`` of a field of ``kind`` at ``path``."""
    base = _BASE.get(kind, "x")
    text_int = kind in ("ann-uint64", "ann-int")
    if cls == "null":
        return (b"null",)
    if cls == "wrong-type":
        if kind in ("uint16", "uint64"):
            return (b'"1"', b"true", b"{}", b"[1]")
        if kind == "bool":
            return (b'"true"', b"1", b"[]")
        return (b"1", b"true", b"{}", b"[]")
    if cls == "empty":
        return (b'""',) if kind != "any" else (b'""', b"{}")
    if cls in ("zero", "negative") or cls.startswith("edge-"):
        values = {"zero": (0,), "negative": (-1, -(1 << 31))}.get(cls) or _EDGES[int(cls[5:])]
        out = tuple(str(v).encode() for v in values)
        if cls.startswith("edge-"):
            out += tuple(("-" + str(v)).encode() for v in _EDGES[int(cls[5:])][:3])
        return tuple(_s(t.decode()) for t in out) if text_int else out
    numbers = {
        "float-integral": (b"1.0", b"100.00", b"1e2", b"2.0E1"),
        "float-fraction": (b"1.5", b"0.25", b"-0.5"),
        "exponent": (b"1e3", b"1E0", b"5e-1", b"1e+2"),
        "beyond-float64": (b"1e400", b"-1e309", b"2" + b"0" * 310),
    }
    if cls in numbers:
        if kind == "any":
            return (b"1e400", b'{"a":1e400}', b'[{"b":[-1e309]}]')
        return numbers[cls]
    texts = {
        "sign": ("+1", "-0", "+18446744073709551615"),
        "leading-zero": ("007", "00", "0000000000000000000001"),
        "space": (" 1", "1 ", "\t2"),
        "non-digit": ("1a", "0x10", "1_000", "one", "1.5"),
        "beyond-uint64": ("18446744073709551616", "99999999999999999999999"),
    }
    if cls in texts:
        return tuple(_s(t) for t in texts[cls])
    utf8 = {
        "escape": (b"\\u0041", b"\\/", b"\\t"),
        "lone-surrogate-escape": (b"\\ud800", b"\\udfff", b"\\ud83d\\u0041"),
        "utf8-lone-continuation": (b"\x80", b"\xbf"),
        "utf8-truncated-2": (b"\xc3", b"\xdf"),
        "utf8-truncated-3": (b"\xe2\x82", b"\xe2"),
        "utf8-truncated-4": (b"\xf0\x9f\x98", b"\xf0\x9f", b"\xf0"),
        "utf8-overlong": (b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf0\x80\x80\xaf"),
        "utf8-surrogate": (b"\xed\xa0\x80", b"\xed\xbf\xbf"),
        "utf8-beyond-10ffff": (b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80"),
        "utf8-invalid-byte": (b"\xff", b"\xfe"),
    }
    if cls in utf8:
        return tuple(_raw_string(base, t) for t in utf8[cls])
    if cls == "case-variant":
        consts = COMPARED.get(path, ("ro",))
        return tuple(_s(v) for c in consts for v in (c.upper(), c[:1].upper() + c[1:]) if v != c)
    shapes = {
        "drive-absolute": "C:\\x",
        "drive-relative": "C:x",
        "rooted": "\\x",
        "relative": "x\\y",
        "unc": "\\\\srv\\share\\x",
        "device": "\\\\?\\C:\\x",
        "volume-guid": "\\\\?\\Volume{00000000-0000-0000-0000-000000000000}\\x",
        "forward-slash": "C:/x/y",
        "trailing-separator": "C:\\x\\",
    }
    if cls in shapes:
        shape = shapes[cls]
        return (_s(shape + ",C:\\e") if kind == "ann-paths" else _s(shape),)
    raise ValueError(f"no tokens for class {cls!r} of kind {kind!r}")


TOKENS: Final[dict[str, dict[str, Pool[bytes]]]] = {
    path: {cls: pool(tokens_for(kind, cls, path)) for cls in CLASSES_OF_KIND[kind]} for path, kind in FIELDS.items()
}
_CLASS_POOLS: Final[dict[str, Pool[str]]] = {path: pool(CLASSES_OF_KIND[kind]) for path, kind in FIELDS.items()}
_FIELD_POOL: Final = pool(FIELDS)
_ALL_FIELDS: Final = pool((False, True, True, True))

# ----------------------------------------------------------------------------------------------------------------
# placing a token


def _place(spec: dict[str, Any], path: str, token: bytes) -> None:
    """Put ``Raw(token)`` at ``path`` (lower-case keys as in FIELDS, ``*`` = the first item), creating what is
    missing; an existing key that differs only in case is replaced (Go would merge the two)."""
    if path.startswith("annotations."):
        ann = spec.get("annotations")
        if not isinstance(ann, dict):
            ann = spec["annotations"] = {}
        ann[path.removeprefix("annotations.")] = Raw(token)
        return
    parts = path.split(".")
    node: Any = spec
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "*":
            if not node:
                node.append(None)
            if last:
                node[0] = Raw(token)
                return
            if not isinstance(node[0], (dict, list)):
                node[0] = [] if parts[i + 1] == "*" else {}
            node = node[0]
            continue
        key = next((k for k in node if k.lower() == part), None)
        if key is None:
            key = _SPELLING.get(part, part)
        if last:
            for k in [k for k in node if k.lower() == part]:
                del node[k]
            node[key] = Raw(token)
            return
        child = node.get(key)
        if not isinstance(child, (dict, list)):
            child = node[key] = [] if parts[i + 1] == "*" else {}
        node = child


_SPELLING: Final = {
    "layerfolders": "layerFolders",
    "utilityvmpath": "utilityVMPath",
    "idtype": "idType",
    "credentialspec": "credentialSpec",
    "ignoreflushesduringboot": "ignoreFlushesDuringBoot",
    "networksharedcontainername": "networkSharedContainerName",
    "networknamespace": "networkNamespace",
    "endpointlist": "endpointList",
    "dnssearchlist": "DNSSearchList",
    "allowunqualifieddnsquery": "allowUnqualifiedDNSQuery",
    "sandboxsize": "sandboxSize",
}


def probe(draw: Chooser, c: dict[str, Any]) -> dict[str, Any]:
    """Turn document case ``c`` into a probe: its spec as ``specText``/``specBase64`` with class tokens placed."""
    spec = c["spec"]
    fields = list(FIELDS) if draw(_ALL_FIELDS) else [draw(_FIELD_POOL)]
    for path in fields:
        cls = draw(_CLASS_POOLS[path])
        _place(spec, path, draw(TOKENS[path][cls]))
        if len(fields) == 1:
            note_event(f"probe={FIELDS[path]}:{cls}")
    data = render(draw, spec, SPEC_TYPE, vary=False)
    c["spec"] = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        c["specBase64"] = base64.b64encode(data).decode("ascii")
    else:
        c["specText"] = text
    return c
