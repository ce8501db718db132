"""Go encoding/json decoding of the spec text into *specs.Spec (runtime-spec v1.0.3-0.20210326190908): key case
folding, duplicate keys merging into what is already there, null into non-pointer fields, integer-only numbers,
type errors that do not stop the decode (the first is returned), trailing data, invalid UTF-8 and surrogates.
These cases carry the spec as raw text (specText) or raw bytes (specBase64)."""

from __future__ import annotations

import json
from typing import Any

from hcsdoc.conformance.cases._build import (
    ANN_CPU_COUNT,
    LAYER_BASE,
    LAYER_SCRATCH,
    VOLUME_PATH,
    CaseDef,
    cdef,
    make_case,
)

T = ("decoding",)
ROOT = '"root":{"path":' + json.dumps(VOLUME_PATH) + "}"
FOLDERS = "[" + json.dumps(LAYER_BASE) + "," + json.dumps(LAYER_SCRATCH) + "]"
WIN = '"windows":{"layerFolders":' + FOLDERS + "}"
# The base layer's GUID, and one for the base name "" (a null layer folder decodes to "").
HOST = {"layerIds": {"base": "8d3c9a5e-3f2b-4c1d-9e8f-0a1b2c3d4e5f", "": "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9"}}


def _obj(*members: str) -> str:
    return "{" + ",".join(members) + "}"


def _win(*members: str) -> str:
    return '"windows":' + _obj('"layerFolders":' + FOLDERS, *members)


def _text(text: str, **kw: Any) -> dict[str, Any]:
    return make_case(spec_text=text, host=HOST, **kw)


def _bytes(data: bytes) -> dict[str, Any]:
    return make_case(spec_bytes=data, host=HOST)


def _key_case() -> list[CaseDef]:
    rows = [
        ("windows-upper", "key WINDOWS", _obj(ROOT, WIN.replace('"windows"', '"WINDOWS"'))),
        ("layerfolders-pascal", "key LayerFolders", _obj(ROOT, '"windows":{"LayerFolders":' + FOLDERS + "}")),
        ("root-path-upper", "keys ROOT and PATH", _obj('"ROOT":{"PATH":' + json.dumps(VOLUME_PATH) + "}", WIN)),
        ("hostname-long-s", "key hoſtname (U+017F folds to s)", _obj(ROOT, WIN, '"hoſtname":"folded"')),
        (
            "network-kelvin",
            "key networ\u212a (Kelvin sign folds to k)",
            _obj(ROOT, _win('"networ\u212a":{"endpointList":["ep"]}')),
        ),
        (
            "dnssearchlist-lower",
            "key dnssearchlist for the DNSSearchList tag",
            _obj(ROOT, _win('"network":{"dnssearchlist":["a"]}')),
        ),
        ("annotations-mixed", "key AnNoTaTiOnS", _obj(ROOT, WIN, '"AnNoTaTiOnS":{"' + ANN_CPU_COUNT + '":"2"}')),
        (
            "annotation-key-case-kept",
            "annotation map keys are case-sensitive (IO.MICROSOFT... is not the count key)",
            _obj(ROOT, WIN, '"annotations":{"' + ANN_CPU_COUNT.upper() + '":"2"}'),
        ),
        (
            "hostname-exact-then-upper",
            "hostname then HOSTNAME: the last one wins",
            _obj(ROOT, WIN, '"hostname":"exact"', '"HOSTNAME":"upper"'),
        ),
        (
            "hostname-upper-then-exact",
            "HOSTNAME then hostname: the last one wins",
            _obj(ROOT, WIN, '"HOSTNAME":"upper"', '"hostname":"exact"'),
        ),
        (
            "unknown-keys",
            "unknown keys at every level are ignored",
            _obj(ROOT, '"bogus":1', _win('"nope":{"x":[1,2,3]}'), '"process":{"zzz":true}'),
        ),
        (
            "underscore-key",
            "key layer_folders (not a match: no underscore folding)",
            _obj(ROOT, '"windows":{"layer_folders":' + FOLDERS + "}"),
        ),
    ]
    return [
        cdef(
            f"decoding.key.{slug}",
            f"spec text with {desc}",
            (*T, "key-case"),
            _text(text),
            ("layer-folders",) if slug == "underscore-key" else (),
        )
        for slug, desc, text in rows
    ]


def _duplicates() -> list[CaseDef]:
    rows = [
        (
            "windows-merge",
            "windows twice: the second adds resources to the first (layerFolders survive)",
            _obj(ROOT, WIN, '"windows":{"resources":{"cpu":{"count":2}}}'),
        ),
        (
            "windows-second-replaces-folders",
            "windows twice, the second with one layer folder (slice is reset)",
            _obj(ROOT, WIN, '"windows":{"layerFolders":["C:\\\\only"]}'),
        ),
        ("root-merge", "root twice: path then readonly false", _obj(ROOT, WIN, '"root":{"readonly":false}')),
        ("root-merge-readonly", "root twice: path then readonly true", _obj(ROOT, WIN, '"root":{"readonly":true}')),
        (
            "annotations-merge",
            "annotations twice: the maps merge",
            _obj(
                ROOT,
                WIN,
                '"annotations":{"' + ANN_CPU_COUNT + '":"2"}',
                '"annotations":{"io.microsoft.container.memory.sizeinmb":"64"}',
            ),
        ),
        (
            "annotations-same-key",
            "the same annotation key twice in one object: the last wins",
            _obj(ROOT, WIN, '"annotations":{"' + ANN_CPU_COUNT + '":"2","' + ANN_CPU_COUNT + '":"3"}'),
        ),
        (
            "mounts-element-merge",
            "mounts twice: the second array decodes into the existing elements",
            _obj(
                ROOT,
                WIN,
                '"mounts":[{"destination":"C:\\\\a","source":"\\\\\\\\.\\\\pipe\\\\p"}]',
                '"mounts":[{"destination":"C:\\\\c"}]',
            ),
        ),
        (
            "mounts-shorter",
            "mounts twice, the second shorter: the slice is cut to the second's length",
            _obj(
                ROOT,
                WIN,
                '"mounts":[{"source":"\\\\\\\\.\\\\pipe\\\\a"},{"source":"\\\\\\\\.\\\\pipe\\\\b"}]',
                '"mounts":[{"destination":"d"}]',
            ),
        ),
        (
            "devices-element-merge",
            "devices twice: idType from the first survives in the element",
            _obj(ROOT, _win('"devices":[{"id":"a","idType":"class"}]', '"devices":[{"id":"b"}]')),
        ),
        (
            "network-merge",
            "windows.network twice: fields merge",
            _obj(ROOT, _win('"network":{"endpointList":["e"]}', '"network":{"allowUnqualifiedDNSQuery":true}')),
        ),
        (
            "cpu-count-twice",
            "windows.resources.cpu.count twice: the last wins",
            _obj(ROOT, _win('"resources":{"cpu":{"count":2,"count":5}}')),
        ),
        (
            "credential-string-then-object",
            "credentialSpec string then object: the interface gets the object",
            _obj(ROOT, _win('"credentialSpec":"s"', '"credentialSpec":{"a":1}')),
        ),
        (
            "credential-object-then-string",
            "credentialSpec object then string",
            _obj(ROOT, _win('"credentialSpec":{"a":1}', '"credentialSpec":"s"')),
        ),
        ("root-null-after", "root then root null: the pointer becomes nil", _obj(ROOT, WIN, '"root":null')),
        ("windows-null-after", "windows then windows null", _obj(ROOT, WIN, '"windows":null')),
    ]
    targets = {
        "windows-second-replaces-folders": "layer-folders",
        "root-merge-readonly": "root-readonly",
        "root-null-after": "root-missing",
        "windows-null-after": "windows-missing",
    }
    return [
        cdef(
            f"decoding.duplicate.{slug}",
            f"spec text with {desc}",
            (*T, "duplicate-keys"),
            _text(text),
            (targets[slug],) if slug in targets else (),
        )
        for slug, desc, text in rows
    ]


def _nulls() -> list[CaseDef]:
    rows = [
        (
            "hostname",
            "hostname null after a value (no-op for a string)",
            _obj(ROOT, WIN, '"hostname":"a"', '"hostname":null'),
        ),
        (
            "readonly",
            "root.readonly null",
            _obj('"root":{"path":' + json.dumps(VOLUME_PATH) + ',"readonly":null}', WIN),
        ),
        ("root", "root null", _obj('"root":null', WIN)),
        ("windows", "windows null", _obj(ROOT, '"windows":null')),
        ("layerfolders", "layerFolders null", _obj(ROOT, '"windows":{"layerFolders":null}')),
        ("annotations", "annotations null", _obj(ROOT, WIN, '"annotations":null')),
        (
            "annotation-value",
            'an annotation value null (becomes "")',
            _obj(ROOT, WIN, '"annotations":{"' + ANN_CPU_COUNT + '":null}'),
        ),
        ("mounts", "mounts null", _obj(ROOT, WIN, '"mounts":null')),
        ("mount-element", "a mounts element null", _obj(ROOT, WIN, '"mounts":[null]')),
        ("cpu-count", "windows.resources.cpu.count null", _obj(ROOT, _win('"resources":{"cpu":{"count":null}}'))),
        (
            "layer-folder-item",
            'a layerFolders item null (becomes "")',
            _obj(ROOT, '"windows":{"layerFolders":[null,' + json.dumps(LAYER_SCRATCH) + "]}"),
        ),
        ("ignore-flushes", "ignoreFlushesDuringBoot null", _obj(ROOT, _win('"ignoreFlushesDuringBoot":null'))),
    ]
    targets = {
        "root": "root-missing",
        "windows": "windows-missing",
        "layerfolders": "layer-folders",
        "mount-element": "mount-resolve",
    }
    return [
        cdef(
            f"decoding.null.{slug}",
            f"spec text with {desc}",
            (*T, "null"),
            _text(text),
            (targets[slug],) if slug in targets else (),
        )
        for slug, desc, text in rows
    ]


def _numbers() -> list[CaseDef]:
    def cpu(member: str) -> str:
        return _obj(ROOT, _win('"resources":{"cpu":{' + member + "}}"))

    rows: list[tuple[str, str, str, str | None]] = [
        ("count-1.0", "cpu.count 1.0", cpu('"count":1.0'), "decode-type"),
        ("count-1e2", "cpu.count 1e2", cpu('"count":1e2'), "decode-type"),
        ("count-1e2-upper-e", "cpu.count 1E2", cpu('"count":1E2'), "decode-type"),
        ("count-neg1", "cpu.count -1 (uint64)", cpu('"count":-1'), "decode-type"),
        ("count-neg0", "cpu.count -0 (ParseUint rejects the sign)", cpu('"count":-0'), "decode-type"),
        ("count-2pow64", "cpu.count 2^64 (out of uint64)", cpu('"count":18446744073709551616'), "decode-type"),
        ("count-2pow64m1", "cpu.count 2^64-1", cpu('"count":18446744073709551615'), None),
        ("count-string", 'cpu.count "3" (a string)', cpu('"count":"3"'), "decode-type"),
        ("count-bool", "cpu.count true", cpu('"count":true'), "decode-type"),
        ("count-leading-zero", "cpu.count 01 (invalid JSON number)", cpu('"count":01'), "decode-syntax"),
        ("count-plus", "cpu.count +1 (invalid JSON number)", cpu('"count":+1'), "decode-syntax"),
        ("maximum-70000", "cpu.maximum 70000 (uint16)", cpu('"maximum":70000'), "decode-type"),
        ("maximum-65536", "cpu.maximum 65536 (uint16)", cpu('"maximum":65536'), "decode-type"),
        ("maximum-65535", "cpu.maximum 65535", cpu('"maximum":65535'), None),
        ("shares-1.5", "cpu.shares 1.5", cpu('"shares":1.5'), "decode-type"),
        ("shares-neg", "cpu.shares -1 (uint16)", cpu('"shares":-1'), "decode-type"),
        (
            "memory-limit-2pow64",
            "memory.limit 2^64",
            _obj(ROOT, _win('"resources":{"memory":{"limit":18446744073709551616}}')),
            "decode-type",
        ),
        (
            "memory-limit-float",
            "memory.limit 1048576.5",
            _obj(ROOT, _win('"resources":{"memory":{"limit":1048576.5}}')),
            "decode-type",
        ),
        ("iops-neg", "storage.iops -1", _obj(ROOT, _win('"resources":{"storage":{"iops":-1}}')), "decode-type"),
        (
            "sandboxsize-float",
            "storage.sandboxSize 1.5 (a field the converter does not read)",
            _obj(ROOT, _win('"resources":{"storage":{"sandboxSize":1.5}}')),
            "decode-type",
        ),
        (
            "annotation-number",
            "an annotation value that is a number (map[string]string)",
            _obj(ROOT, WIN, '"annotations":{"' + ANN_CPU_COUNT + '":2}'),
            "decode-type",
        ),
        ("hostname-number", "hostname 5", _obj(ROOT, WIN, '"hostname":5'), "decode-type"),
        (
            "readonly-string",
            'root.readonly "true"',
            _obj('"root":{"path":' + json.dumps(VOLUME_PATH) + ',"readonly":"true"}', WIN),
            "decode-type",
        ),
        (
            "layerfolders-string",
            "layerFolders a string",
            _obj(ROOT, '"windows":{"layerFolders":"C:\\\\a"}'),
            "decode-type",
        ),
        ("layerfolders-numbers", "layerFolders [1,2]", _obj(ROOT, '"windows":{"layerFolders":[1,2]}'), "decode-type"),
        ("mounts-object", "mounts an object", _obj(ROOT, WIN, '"mounts":{}'), "decode-type"),
        (
            "options-string",
            "mount options a string",
            _obj(ROOT, WIN, '"mounts":[{"source":"\\\\\\\\.\\\\pipe\\\\p","options":"ro"}]'),
            "decode-type",
        ),
        ("count-huge-exponent", "cpu.count 1e400 (a float out of float64 range)", cpu('"count":1e400'), "decode-type"),
        ("big-number-ignored", "a 400-digit number in an unknown field", _obj(ROOT, WIN, '"x":' + "9" * 400), None),
        (
            "credential-big-number",
            "credentialSpec 1e400 (into interface{})",
            _obj(ROOT, _win('"credentialSpec":1e400')),
            "decode-type",
        ),
    ]
    return [
        cdef(f"decoding.number.{slug}", f"spec text with {desc}", (*T, "numbers"), _text(text), (k,) if k else ())
        for slug, desc, text, k in rows
    ]


def _unread_type_errors() -> list[CaseDef]:
    rows: list[tuple[str, str, str, str | None]] = [
        (
            "process-uid-neg",
            "process.user.uid -1 (a field the converter never reads)",
            _obj(ROOT, WIN, '"process":{"user":{"uid":-1}}'),
            "decode-type",
        ),
        (
            "process-uid-string",
            'process.user.uid "0"',
            _obj(ROOT, WIN, '"process":{"user":{"uid":"0"}}'),
            "decode-type",
        ),
        (
            "linux-memory-string",
            'linux.resources.memory.limit "x"',
            _obj(ROOT, WIN, '"linux":{"resources":{"memory":{"limit":"x"}}}'),
            "decode-type",
        ),
        ("linux-array", "linux is an array", _obj(ROOT, WIN, '"linux":[]'), "decode-type"),
        ("ociversion-number", "ociVersion 1", _obj('"ociVersion":1', ROOT, WIN), "decode-type"),
        ("hooks-string", "hooks a string", _obj(ROOT, WIN, '"hooks":"x"'), "decode-type"),
        (
            "two-errors-first-wins",
            "two type errors: process.user.uid -1 then hostname 5",
            _obj(ROOT, WIN, '"process":{"user":{"uid":-1}}', '"hostname":5'),
            "decode-type",
        ),
        (
            "two-errors-order-swapped",
            "two type errors: hostname 5 then process.user.uid -1",
            _obj(ROOT, WIN, '"hostname":5', '"process":{"user":{"uid":-1}}'),
            "decode-type",
        ),
        (
            "error-then-valid-fields",
            "a type error first, then fields that would convert fine",
            _obj('"process":{"user":{"uid":-1}}', ROOT, WIN, '"hostname":"h"'),
            "decode-type",
        ),
        (
            "error-then-missing-windows",
            "a type error and no windows section (the decode error wins)",
            _obj(ROOT, '"process":{"user":{"uid":-1}}'),
            "decode-type",
        ),
        (
            "error-then-syntax",
            "a type error then a syntax error (the syntax error is reported)",
            '{"process":{"user":{"uid":-1}},' + ROOT + "," + WIN + ",}",
            "decode-syntax",
        ),
        ("vm-kernel-number", "vm.kernel.path 5", _obj(ROOT, WIN, '"vm":{"kernel":{"path":5}}'), "decode-type"),
        ("solaris-anet-object", "solaris.anet an object", _obj(ROOT, WIN, '"solaris":{"anet":{}}'), "decode-type"),
    ]
    return [
        cdef(f"decoding.unread.{slug}", f"spec text with {desc}", (*T, "type-error"), _text(text), (k,) if k else ())
        for slug, desc, text, k in rows
    ]


def _syntax_and_encoding() -> list[CaseDef]:
    base = _obj(ROOT, WIN)
    rows: list[tuple[str, str, str, str | None]] = [
        ("empty", "empty text", "", "decode-syntax"),
        ("whitespace", "only whitespace", " \n\t", "decode-syntax"),
        ("null", "the text null (spec missing)", "null", "spec-missing"),
        ("null-padded", "null with surrounding whitespace", "  null\n", "spec-missing"),
        ("empty-object", "{} (no windows section)", "{}", "windows-missing"),
        ("array", "a top-level array", "[]", "decode-type"),
        ("number", "a top-level number", "5", "decode-type"),
        ("string", "a top-level string", '"spec"', "decode-type"),
        ("bool", "a top-level true", "true", "decode-type"),
        ("trailing-data", "trailing data after the spec", base + " x", "decode-syntax"),
        ("two-objects", "two objects", base + "{}", "decode-syntax"),
        ("trailing-whitespace", "trailing whitespace and newline (allowed)", base + " \r\n", None),
        ("trailing-comma", "a trailing comma in the object", base[:-1] + ",}", "decode-syntax"),
        ("missing-comma", "a missing comma between members", "{" + ROOT + " " + WIN + "}", "decode-syntax"),
        ("unterminated-string", "an unterminated string", '{"hostname":"abc', "decode-syntax"),
        ("truncated", "text cut in the middle", base[: len(base) // 2], "decode-syntax"),
        ("single-quotes", "single-quoted keys", "{'windows':{}}", "decode-syntax"),
        ("comment", "a // comment", "// c\n" + base, "decode-syntax"),
        ("nan", "NaN as a value", _obj(ROOT, WIN, '"x":NaN'), "decode-syntax"),
        (
            "control-in-string",
            "a raw control character in a string",
            _obj(ROOT, WIN, '"hostname":"a\tb"'),
            "decode-syntax",
        ),
        ("bad-escape", "an invalid escape \\x", _obj(ROOT, WIN, '"hostname":"a\\xb"'), "decode-syntax"),
        ("short-unicode-escape", "a short \\u escape", _obj(ROOT, WIN, '"hostname":"\\u12"'), "decode-syntax"),
        ("bom", "a UTF-8 BOM before the spec", "\ufeff" + base, "decode-syntax"),
        (
            "lone-surrogate",
            "hostname with a lone high surrogate escape \\ud800",
            _obj(ROOT, WIN, '"hostname":"a\\ud800b"'),
            None,
        ),
        (
            "lone-low-surrogate",
            "hostname with a lone low surrogate escape \\udc00",
            _obj(ROOT, WIN, '"hostname":"\\udc00"'),
            None,
        ),
        (
            "surrogate-pair",
            "hostname with a surrogate pair escape (one emoji)",
            _obj(ROOT, WIN, '"hostname":"\\ud83d\\ude00"'),
            None,
        ),
        (
            "reversed-pair",
            "hostname with a reversed surrogate pair",
            _obj(ROOT, WIN, '"hostname":"\\ude00\\ud83d"'),
            None,
        ),
        ("nul-escape", "hostname with \\u0000", _obj(ROOT, WIN, '"hostname":"a\\u0000b"'), None),
        ("escaped-slash", "hostname with \\/ and \\b \\f escapes", _obj(ROOT, WIN, '"hostname":"a\\/b\\bc\\fd"'), None),
        ("escaped-key", "key written with escapes: \\u0068ostname", _obj(ROOT, WIN, '"\\u0068ostname":"esc"'), None),
        (
            "deep-nesting-ok",
            "9990 nested arrays in an unknown field",
            _obj(ROOT, WIN, '"x":' + "[" * 9990 + "]" * 9990),
            None,
        ),
        (
            "deep-nesting-too-deep",
            "10001 nested arrays in an unknown field",
            _obj(ROOT, WIN, '"x":' + "[" * 10001 + "]" * 10001),
            "decode-syntax",
        ),
    ]
    out = [
        cdef(f"decoding.text.{slug}", f"spec text: {desc}", (*T, "syntax"), _text(text), (k,) if k else ())
        for slug, desc, text, k in rows
    ]
    byte_rows: list[tuple[str, str, bytes, str | None]] = [
        (
            "invalid-utf8-hostname",
            "hostname with bytes 0x80 0xff (decoded to U+FFFD)",
            ("{" + ROOT + "," + WIN + ',"hostname":"a').encode() + b"\x80\xff" + b'b"}',
            None,
        ),
        (
            "invalid-utf8-key",
            "an unknown key with an invalid byte",
            ("{" + ROOT + "," + WIN + ',"').encode() + b"\xc3" + b'":1}',
            None,
        ),
        (
            "invalid-utf8-outside-string",
            "an invalid byte between members",
            ("{" + ROOT + ",").encode() + b"\xff" + (WIN + "}").encode(),
            "decode-syntax",
        ),
        (
            "overlong-utf8",
            "hostname with an overlong encoding of / (C0 AF)",
            ("{" + ROOT + "," + WIN + ',"hostname":"').encode() + b'\xc0\xaf"}',
            None,
        ),
        (
            "encoded-surrogate",
            "hostname with a UTF-8-encoded surrogate (ED A0 80)",
            ("{" + ROOT + "," + WIN + ',"hostname":"').encode() + b'\xed\xa0\x80"}',
            None,
        ),
        (
            "truncated-utf8",
            "hostname ending in a truncated 3-byte sequence",
            ("{" + ROOT + "," + WIN + ',"hostname":"').encode() + b'\xe6\x9d"}',
            None,
        ),
        ("utf16le", "the spec encoded as UTF-16LE", base.encode("utf-16-le"), "decode-syntax"),
        (
            "invalid-utf8-mount-source",
            "a mount source with an invalid byte that fails to resolve (quoted with %q)",
            ("{" + ROOT + "," + WIN + ',"mounts":[{"destination":"d","source":"C:\\\\').encode() + b"\xfe" + b'"}]}',
            "mount-resolve",
        ),
        (
            "invalid-utf8-root-path",
            "Root.Path with an invalid byte (printed in the regexp error)",
            ('{"root":{"path":"' + json.dumps(VOLUME_PATH)[1:-1]).encode() + b"\xff" + ('"},' + WIN + "}").encode(),
            "root-path-volume",
        ),
    ]
    out += [
        cdef(f"decoding.bytes.{slug}", f"spec bytes: {desc}", (*T, "utf8"), _bytes(data), (k,) if k else ())
        for slug, desc, data, k in byte_rows
    ]
    return out


def _structure() -> list[CaseDef]:
    rows: list[tuple[str, str, str, str | None]] = [
        ("no-windows", "a spec without windows (message has a trailing space)", _obj(ROOT), "windows-missing"),
        ("windows-empty", "windows {} (layerFolders nil)", _obj(ROOT, '"windows":{}'), "layer-folders"),
        ("layerfolders-empty", "layerFolders []", _obj(ROOT, '"windows":{"layerFolders":[]}'), "layer-folders"),
        (
            "layerfolders-one",
            "layerFolders with one item",
            _obj(ROOT, '"windows":{"layerFolders":["C:\\\\a"]}'),
            "layer-folders",
        ),
        ("layerfolders-two", "layerFolders with two items", _obj(ROOT, WIN), None),
        ("windows-string", "windows a string", _obj(ROOT, '"windows":"x"'), "decode-type"),
        ("root-string", "root a string", _obj('"root":"x"', WIN), "decode-type"),
        (
            "spec-value-null-field-order",
            "windows before root, ociVersion last",
            _obj(WIN, ROOT, '"ociVersion":"1.0.2"'),
            None,
        ),
    ]
    out = [
        cdef(f"decoding.structure.{slug}", f"spec text: {desc}", (*T, "structure"), _text(text), (k,) if k else ())
        for slug, desc, text, k in rows
    ]
    # A structured spec that is not an object: json.dumps gives the same text Go sees.
    out += [
        cdef(
            "decoding.structure.spec-value-number",
            "spec given as the JSON number 5",
            (*T, "structure"),
            make_case(5),
            ("decode-type",),
        ),
        cdef(
            "decoding.structure.spec-value-list",
            "spec given as the JSON list [1]",
            (*T, "structure"),
            make_case([1]),
            ("decode-type",),
        ),
        cdef(
            "decoding.structure.spec-null",
            "spec null and specText null: the text null (spec missing)",
            (*T, "structure"),
            make_case(None),
            ("spec-missing",),
        ),
    ]
    return out


def cases() -> list[CaseDef]:
    return (
        _key_case()
        + _duplicates()
        + _nulls()
        + _numbers()
        + _unread_type_errors()
        + _syntax_and_encoding()
        + _structure()
    )
