"""Device extensions (getDeviceExtensions): the comma-separated annotation, every path stat-ed first, then the
build check (>= 20348), then per file ReadFile and json.Unmarshal into hcsschema.DeviceExtension; the result is a
re-encoding of what Go decoded. Runs for every isolation mode."""

from __future__ import annotations

import base64
import json
from typing import Any

from hcsdoc.conformance.cases._build import ANN_DEVICE_EXTENSIONS, CaseDef, argon, argon_v1, cdef, xenon

T = ("extensions",)
E1 = "C:\\ext\\gpu.json"
E2 = "C:\\ext\\second.json"

VALID_FULL: dict[str, Any] = {
    "device_category": {
        "name": "GPU",
        "interface_class": [
            {"type": "DeviceInterface", "identifier": "{5B45201D-F2F2-4F3B-85BB-30FF1F953599}", "recurse": True}
        ],
    },
    "namespace": {
        "ob": {
            "shadow": "\\Device",
            "symlink": [
                {
                    "name": "DxgKrnl",
                    "path": "\\Device\\DxgKrnl",
                    "scope": "Global",
                    "pathtoclone": "",
                    "access_mask": 2031616,
                }
            ],
            "objdir": [
                {
                    "name": "Dir",
                    "clonesd": "D:P",
                    "shadow": "s",
                    "symlink": [{"name": "n", "path": "p"}],
                    "objdir": [{"name": "nested"}],
                }
            ],
        },
        "device": {
            "requires_driverstore": True,
            "device_category": [{"name": "Display"}],
            "device_instance": [
                {
                    "id": "PCI\\VEN_1",
                    "location_path": "PCIROOT(0)",
                    "port_name": "p",
                    "interface_class": [{"type": "t", "identifier": "i"}],
                }
            ],
        },
    },
}
VALID_SMALL: dict[str, Any] = {"device_category": {"name": "small"}}


def _ext(annotation: str, files: dict[str, Any], *, build: int = 20348, mode: Any = argon) -> dict[str, Any]:
    case: dict[str, Any] = mode(
        {"annotations": {ANN_DEVICE_EXTENSIONS: annotation}}, host={"files": files, "osBuild": build}
    )
    return case


def _file(content: str) -> dict[str, Any]:
    return {"kind": "file", "content": content}


def _file_bytes(content: bytes) -> dict[str, Any]:
    return {"kind": "file", "contentBase64": base64.b64encode(content).decode("ascii")}


def _valid() -> list[CaseDef]:
    ok = {E1: _file(json.dumps(VALID_FULL))}
    rows = [
        ("full", "a file using every field of the extension tree", E1, ok),
        ("small", "a file with only a category name", E1, {E1: _file(json.dumps(VALID_SMALL))}),
        (
            "two-files",
            "two files in annotation order",
            f"{E1},{E2}",
            {E1: _file(json.dumps(VALID_SMALL)), E2: _file(json.dumps(VALID_FULL))},
        ),
        ("same-file-twice", "the same file listed twice", f"{E1},{E1}", {E1: _file(json.dumps(VALID_SMALL))}),
        ("null", "a file containing null (decodes to an empty extension)", E1, {E1: _file("null")}),
        ("empty-object", "a file containing {}", E1, {E1: _file("{}")}),
        (
            "unknown-keys",
            "unknown keys are dropped",
            E1,
            {E1: _file('{"device_category":{"name":"x","extra":1},"other":[1,2]}')},
        ),
        (
            "key-case",
            "keys in other cases match case-insensitively",
            E1,
            {E1: _file('{"DEVICE_CATEGORY":{"Name":"x"},"Namespace":{"OB":{"Shadow":"s"}}}')},
        ),
        (
            "duplicate-keys",
            "duplicate keys merge into the same struct",
            E1,
            {E1: _file('{"device_category":{"name":"a"},"device_category":{"interface_class":[{"type":"t"}]}}')},
        ),
        (
            "zero-values",
            "zero values are dropped on re-encoding (omitempty)",
            E1,
            {
                E1: _file(
                    '{"device_category":{"name":"","interface_class":[]},"namespace":{"ob":{"symlink":[{"access_mask":0}]}}}'
                )
            },
        ),
        (
            "null-fields",
            "null fields",
            E1,
            {E1: _file('{"device_category":null,"namespace":{"ob":null,"device":null}}')},
        ),
        (
            "html",
            "values with <, > and & (HTML-escaped on re-encoding)",
            E1,
            {E1: _file('{"device_category":{"name":"<a&b>"}}')},
        ),
        (
            "whitespace",
            "pretty-printed with CRLF and tabs",
            E1,
            {E1: _file('{\r\n\t"device_category" : {\r\n\t\t"name" : "x"\r\n\t}\r\n}\r\n')},
        ),
        (
            "access-mask-max",
            "access_mask MaxInt32",
            E1,
            {E1: _file('{"namespace":{"ob":{"symlink":[{"access_mask":2147483647}]}}}')},
        ),
        (
            "access-mask-negative",
            "access_mask -1 (int32)",
            E1,
            {E1: _file('{"namespace":{"ob":{"symlink":[{"access_mask":-1}]}}}')},
        ),
        (
            "invalid-utf8-value",
            "a value with invalid UTF-8 bytes (decoded to U+FFFD)",
            E1,
            {E1: _file_bytes(b'{"device_category":{"name":"\x80\xff"}}')},
        ),
        (
            "surrogate-escape",
            "a value with a lone surrogate escape \\ud800",
            E1,
            {E1: _file('{"device_category":{"name":"\\ud800"}}')},
        ),
    ]
    out = [
        cdef(f"extensions.valid.{slug}", f"device extension: {desc}", T, _ext(ann, files))
        for slug, desc, ann, files in rows
    ]
    out += [
        cdef("extensions.valid.xenon", "device extension file in a V2 Xenon container", T, _ext(E1, ok, mode=xenon)),
        cdef(
            "extensions.valid.v1-argon",
            "device extension file in a V1 Argon container (read, used only in v2)",
            T,
            _ext(E1, ok, mode=argon_v1),
        ),
        cdef("extensions.none", "no device extension annotation", T, argon()),
        cdef("extensions.empty-annotation", 'device extension annotation "" (no paths)', T, _ext("", {})),
        cdef(
            "extensions.empty-annotation.low-build",
            'device extension annotation "" on build 17763 (no build check)',
            T,
            _ext("", {}, build=17763),
        ),
        cdef(
            "extensions.stat.leading-space",
            "extension path with a leading space (no trimming): ' C:\\ext\\gpu.json'",
            T,
            _ext(" " + E1, {E1: _file("{}")}),
            ("ext-stat",),
        ),
    ]
    return out


def _errors() -> list[CaseDef]:
    good = _file(json.dumps(VALID_SMALL))
    rows: list[tuple[str, str, str, dict[str, Any], int, str]] = [
        ("stat.missing", "the file does not exist", E1, {}, 20348, "ext-stat"),
        ("stat.errno5", "stat answers errno 5", E1, {E1: {"errno": 5}}, 20348, "ext-stat"),
        ("stat.errno3", "stat answers errno 3", E1, {E1: {"errno": 3}}, 20348, "ext-stat"),
        ("stat.nul", "NUL in the path", "C:\\e\u0000xt", {}, 20348, "ext-stat"),
        ("stat.trailing-comma", 'annotation "a," gives a second, empty path', f"{E1},", {E1: good}, 20348, "ext-stat"),
        ("stat.leading-comma", 'annotation ",a" gives an empty first path', f",{E1}", {E1: good}, 20348, "ext-stat"),
        ("stat.only-comma", 'annotation "," gives two empty paths', ",", {}, 20348, "ext-stat"),
        ("stat.second-missing", "first file fine, second missing", f"{E1},{E2}", {E1: good}, 20348, "ext-stat"),
        (
            "stat.before-build",
            "a missing file on build 17763: every stat comes before the build check",
            f"{E1},{E2}",
            {E1: good},
            17763,
            "ext-stat",
        ),
        (
            "stat.before-read",
            "first file unreadable, second missing: every stat comes before any read",
            f"{E1},{E2}",
            {E1: {"kind": "file", "readErrno": 5}},
            20348,
            "ext-stat",
        ),
        ("build.20347", "build 20347, one below LTSC2022", E1, {E1: good}, 20347, "ext-build"),
        ("build.17763", "build 17763 (RS5)", E1, {E1: good}, 17763, "ext-build"),
        ("build.0", "build 0", E1, {E1: good}, 0, "ext-build"),
        (
            "build.before-read",
            "build 20347 and an unreadable file: the build check comes first",
            E1,
            {E1: {"kind": "file", "readErrno": 5}},
            20347,
            "ext-build",
        ),
        ("read.dir", "the path is a directory (ReadFile fails)", E1, {E1: {"kind": "dir"}}, 20348, "ext-read"),
        ("read.errno5", "ReadFile fails with errno 5", E1, {E1: {"kind": "file", "readErrno": 5}}, 20348, "ext-read"),
        (
            "read.errno32",
            "ReadFile fails with errno 32 (sharing violation)",
            E1,
            {E1: {"kind": "file", "readErrno": 32}},
            20348,
            "ext-read",
        ),
        (
            "read.second",
            "first file fine, second unreadable",
            f"{E1},{E2}",
            {E1: good, E2: {"kind": "file", "readErrno": 5}},
            20348,
            "ext-read",
        ),
        (
            "read.after-bad-first",
            "first file does not parse, second unreadable: files are read and parsed in turn",
            f"{E1},{E2}",
            {E1: _file("{"), E2: {"kind": "file", "readErrno": 5}},
            20348,
            "ext-unmarshal",
        ),
    ]
    unmarshal = [
        ("empty", "an empty file", ""),
        ("whitespace", "only whitespace", " \n"),
        ("bom", "a UTF-8 BOM before the JSON", "\ufeff{}"),
        ("truncated", "truncated JSON", '{"device_category":{"name":"x"'),
        ("trailing-data", "trailing data after the object", "{}x"),
        ("two-objects", "two objects", "{}{}"),
        ("array", "a JSON array", "[]"),
        ("number", "a number", "5"),
        ("string", "a string", '"x"'),
        ("category-string", "device_category is a string", '{"device_category":"x"}'),
        ("name-number", "name is a number", '{"device_category":{"name":5}}'),
        ("recurse-string", "recurse is a string", '{"device_category":{"interface_class":[{"recurse":"true"}]}}'),
        ("access-mask-string", "access_mask is a string", '{"namespace":{"ob":{"symlink":[{"access_mask":"1"}]}}}'),
        (
            "access-mask-overflow",
            "access_mask 2^31 (overflows int32)",
            '{"namespace":{"ob":{"symlink":[{"access_mask":2147483648}]}}}',
        ),
        ("access-mask-float", "access_mask 1.0", '{"namespace":{"ob":{"symlink":[{"access_mask":1.0}]}}}'),
        (
            "two-type-errors",
            "two type errors: the first is reported",
            '{"device_category":{"name":1},"namespace":{"ob":{"shadow":2}}}',
        ),
        ("type-error-then-syntax", "a type error then a syntax error", '{"device_category":{"name":1},'),
        ("single-quotes", "single-quoted keys", "{'device_category':{}}"),
        ("comment", "a // comment", "{} // c"),
        ("nan", "NaN as a value", '{"namespace":{"ob":{"symlink":[{"access_mask":NaN}]}}}'),
    ]
    out = []
    for slug, desc, ann, files, build, kind in rows:
        out.append(cdef(f"extensions.{slug}", f"device extension: {desc}", T, _ext(ann, files, build=build), (kind,)))
    for slug, desc, content in unmarshal:
        out.append(
            cdef(
                f"extensions.unmarshal.{slug}",
                f"device extension file: {desc}",
                T,
                _ext(E1, {E1: _file(content)}),
                ("ext-unmarshal",),
            )
        )
    out.append(
        cdef(
            "extensions.unmarshal.invalid-utf8-key",
            "device extension file with invalid UTF-8 outside a string",
            T,
            _ext(E1, {E1: _file_bytes(b"\xff{}")}),
            ("ext-unmarshal",),
        )
    )
    return out


def cases() -> list[CaseDef]:
    return _valid() + _errors()
