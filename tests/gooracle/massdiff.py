"""Mass differential test: reference.gojson against Go 1.26 encoding/json, on mutated and corrupted inputs.

    python tests/gooracle/massdiff.py --n 200000 --seed S [--out DIR] [--batch 500]

Inputs start from the spec text of every committed vector case (``reference.api.case_spec_bytes``) and from
the extension files in their hosts, and are changed by the structural mutator fuzz/jsonmut.py and by byte-level
corruptions (truncation, byte flips, invalid UTF-8, duplicate keys in other letter cases, deep nesting, huge
numbers, exotic ``\\u`` escapes). Each input is decoded by Go and by :func:`reference.gojson.unmarshal` into one
of two targets:

* ``spec``: ``*specs.Spec`` (the runtime-spec module), answered by tests/gooracle/oracle (which also returns its
  canonical dump of the decoded value, compared too);
* ``ext``: ``hcsschema.DeviceExtension``, answered by a small Go program generated here from the Go type
  descriptors of :mod:`reference.hcsschema` (same type names, field names, tags and package name, so that error
  texts name the same types; the descriptors were checked by hand against hcsshim's ``internal/hcs/schema2``).

The error text must be identical and so must the ``json.Marshal`` bytes of the decoded value. Each distinct
mismatch is shrunk by byte-deletion delta debugging and saved as JSON under ``--out``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import client  # noqa: E402  (tests/gooracle/client.py)

from hcsdoc.fuzz import jsonmut  # noqa: E402
from hcsdoc.reference import hcsschema  # noqa: E402
from hcsdoc.reference.gojson import marshal, unmarshal  # noqa: E402
from hcsdoc.reference.gojson.types import struct_type_name  # noqa: E402
from hcsdoc.reference.gotypes import Basic, GoType, Interface, Map, Ptr, Slice, Struct, struct_fields  # noqa: E402
from hcsdoc.reference.specs import Spec  # noqa: E402

SPEC: GoType = Ptr(Struct(Spec))
EXT: GoType = Struct(hcsschema.DeviceExtension)
TARGETS: dict[str, GoType] = {"spec": SPEC, "ext": EXT}

# ---------------------------------------------------------------------------------------------------------------
# The DeviceExtension oracle: Go source generated from the Python type descriptors.


def _go_type(go: GoType, structs: dict[str, type[Any]], named: dict[str, str]) -> str:
    if isinstance(go, Basic):
        if go.name:
            named[go.name] = go.kind
            return go.name
        return go.kind
    if isinstance(go, Ptr):
        return "*" + _go_type(go.elem, structs, named)
    if isinstance(go, Slice):
        return "[]" + _go_type(go.elem, structs, named)
    if isinstance(go, Map):
        return "map[string]" + _go_type(go.elem, structs, named)
    if isinstance(go, Interface):
        return "any"
    name = go.cls.__name__
    if name not in structs:
        structs[name] = go.cls
        for f in struct_fields(go.cls):
            _go_type(f.go, structs, named)
    return name


def go_package_source(root: GoType) -> tuple[str, str]:
    """(package name, Go source declaring every type reachable from ``root``)."""
    structs: dict[str, type[Any]] = {}
    named: dict[str, str] = {}
    _go_type(root, structs, named)
    package = struct_type_name(next(iter(structs.values()))).split(".")[0]
    lines = [f"package {package}", ""]
    for name, kind in sorted(named.items()):
        lines.append(f"type {name} {kind}")
    for name, cls in structs.items():
        lines.append(f"type {name} struct {{")
        for f in struct_fields(cls):
            tag = f.json + (",omitempty" if f.omitempty else "")
            go_name = f.attr.rstrip("_")  # Type_ in Python is Type in Go
            lines.append(f'\t{go_name} {_go_type(f.go, structs, named)} `json:"{tag}"`')
        lines.append("}")
        lines.append("")
    return package, "\n".join(lines)


_EXT_MAIN = """package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"os"

	pkg "massdiff.test/ext/%(package)s"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 256<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for in.Scan() {
		data, err := base64.StdEncoding.DecodeString(in.Text())
		if err != nil {
			panic(err)
		}
		var v pkg.%(root)s
		res := map[string]any{"error": nil}
		if err := json.Unmarshal(data, &v); err != nil {
			res["error"] = err.Error()
		}
		b, merr := json.Marshal(v)
		if merr != nil {
			res["marshalError"] = merr.Error()
		} else {
			res["marshal"] = base64.StdEncoding.EncodeToString(b)
		}
		if err := enc.Encode(res); err != nil {
			panic(err)
		}
		out.Flush()
	}
}
"""


def build_ext_oracle(work: Path) -> Path:
    assert isinstance(EXT, Struct)
    package, source = go_package_source(EXT)
    src = work / "extoracle"
    shutil.rmtree(src, ignore_errors=True)
    (src / package).mkdir(parents=True)
    (src / "go.mod").write_text("module massdiff.test/ext\n\ngo 1.26\n")
    (src / package / "types.go").write_text(source)
    (src / "main.go").write_text(_EXT_MAIN % {"package": package, "root": EXT.cls.__name__})
    exe = work / "extoracle.bin"
    env = dict(os.environ, CGO_ENABLED="0", GOFLAGS="-mod=mod")
    res = subprocess.run(["go", "build", "-o", str(exe), "."], cwd=src, env=env, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit("go build of the extension oracle failed:\n" + res.stderr)
    return exe


class Pipe:
    """A Go oracle process answering one JSON line per request line, fed by a writer thread (pipelined)."""

    def __init__(self, exe: Path, line: Callable[[bytes], str]) -> None:
        self.proc = subprocess.Popen([str(exe)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.line = line

    def ask_many(self, inputs: list[bytes]) -> list[dict[str, Any]]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        stdin = self.proc.stdin

        def write() -> None:
            for data in inputs:
                stdin.write(self.line(data).encode() + b"\n")
            stdin.flush()

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 100000))  # the dumps of 10000-deep values
        try:
            answers = [json.loads(self.proc.stdout.readline()) for _ in inputs]
        finally:
            sys.setrecursionlimit(limit)
        writer.join()
        for a in answers:
            assert "fatal" not in a, a
        return answers

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _spec_line(data: bytes) -> str:
    return json.dumps({"op": "decode", "target": "spec", "data": base64.b64encode(data).decode()})


def _ext_line(data: bytes) -> str:
    return base64.b64encode(data).decode()


# ---------------------------------------------------------------------------------------------------------------
# Comparison


def python_result(data: bytes, target: str) -> dict[str, Any]:
    go = TARGETS[target]
    try:
        value, err = unmarshal(data, go)
    except RecursionError:
        return {"crash": "RecursionError"}
    except Exception as exc:  # a crash is a mismatch too
        return {"crash": f"{type(exc).__name__}: {exc}"[:300]}
    res: dict[str, Any] = {"error": err}
    try:
        res["marshal"] = base64.b64encode(marshal(value, go)).decode()
    except Exception as exc:
        res["marshalError"] = f"{type(exc).__name__}: {exc}"[:300]
    if target == "spec":
        # The dump (test code) recurses per level; the decoder and encoder run under the default limit, as in use.
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 100000))
        try:
            res["dump"] = client.dump(value, go)
        finally:
            sys.setrecursionlimit(limit)
    return res


_NORM = re.compile(r'"(?:[^"\\]|\\.)*"|\b\d+\b|[^\x00-\x7f]|\bvalue of type \w+')


def _norm(text: Any) -> str:
    return _NORM.sub("_", str(text))[:200]


def signature(target: str, go: dict[str, Any], py: dict[str, Any]) -> tuple[str, ...] | None:
    """None when both agree; else a coarse class of the mismatch (the same class = the same bug, probably)."""
    if "crash" in py:
        return (target, "crash", _norm(py["crash"]).split(":")[0])
    if go.get("error") != py.get("error"):
        return (target, "error", _norm(go.get("error")), _norm(py.get("error")))
    if go.get("marshal") != py.get("marshal") or go.get("marshalError") != py.get("marshalError"):
        return (target, "marshal", _norm(go.get("error")))
    if target == "spec":
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 100000))  # comparing the dumps of 10000-deep values
        try:
            same = go.get("dump") == py.get("dump")
        finally:
            sys.setrecursionlimit(limit)
        if not same:
            return (target, "dump", _norm(go.get("error")))
    return None


# ---------------------------------------------------------------------------------------------------------------
# Inputs


def seed_corpus() -> dict[str, list[bytes]]:
    from hcsdoc.reference import CaseError
    from hcsdoc.reference.api import case_spec_bytes

    specs: list[bytes] = []
    exts: list[bytes] = []
    for path in sorted((ROOT / "conformance" / "vectors").glob("*.json")):
        for entry in json.loads(path.read_text())["cases"]:
            case = entry["case"]
            with contextlib.suppress(CaseError):  # a case without a spec text
                specs.append(case_spec_bytes(case))
            files = (case.get("host") or {}).get("files") or {}
            for f in files.values():
                if not isinstance(f, dict):
                    continue
                if isinstance(f.get("content"), str):
                    exts.append(f["content"].encode("utf-8", "surrogatepass"))
                elif isinstance(f.get("contentBase64"), str):
                    exts.append(base64.b64decode(f["contentBase64"]))
    exts.append(
        b'{"device_category":{"name":"gpu","interface_class":[{"type":"DeviceInstance","identifier":"x",'
        b'"recurse":true}]},"namespace":{"ob":{"shadow":"s","symlink":[{"name":"a","path":"p","scope":"Global",'
        b'"pathtoclone":"c","access_mask":2147483647}],"objdir":[{"name":"d","clonesd":"c","shadow":"s",'
        b'"symlink":[],"objdir":[{"name":"e","objdir":[{"name":"f"}]}]}]},"device":{"requires_driverstore":true,'
        b'"device_category":[{"name":"n"}],"device_instance":[{"id":"i","location_path":"l","port_name":"p",'
        b'"interface_class":[{"type":"t"}]}]}}}'
    )
    return {"spec": sorted(set(specs)), "ext": sorted(set(exts))}


_BAD_UTF8 = [
    b"\xff", b"\xfe", b"\x80", b"\xbf", b"\xc0\xaf", b"\xc1\xbf", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80",
    b"\xed\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf0\x9f\x98", b"\xf8\x88\x80\x80\x80", b"\xe0\x80\xaf",
    b"\xef\xbf\xbe", b"\xef\xbb\xbf", b"\xc2\xa0", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xf0\x90\x80\x80",
]  # fmt: skip
_ESCAPES = [
    b"\\ud800", b"\\udc00", b"\\udbff\\udfff", b"\\ud83d\\ude00", b"\\ud800\\ud800", b"\\udc00\\ud800",
    b"\\ud800\\u0041", b"\\uD800\\uDC00", b"\\u0000", b"\\u001f", b"\\u007f", b"\\u00e9", b"\\u00E9",
    b"\\u2028", b"\\u2029", b"\\u212a", b"\\u212A", b"\\u017f", b"\\u017F", b"\\ufffd", b"\\ufeff", b"\\uffff",
    b"\\/", b"\\b", b"\\f", b"\\n", b"\\r", b"\\t", b'\\"', b"\\\\", b"\\u", b"\\u12", b"\\u12g4", b"\\x41",
    b"\\U0041", b"\\", b"\\ud800\\", b"\\ud800\\u", b"\\ud800\\ud8", b"<", b">", b"&", b"\x7f", b"\x1f", b"\t",
]  # fmt: skip
_NUMBERS = [
    b"1e400", b"-1e400", b"1e-400", b"18446744073709551615", b"18446744073709551616", b"-9223372036854775808",
    b"-9223372036854775809", b"9223372036854775807", b"9223372036854775808", b"4294967295", b"4294967296",
    b"2147483647", b"2147483648", b"-2147483649", b"65535", b"65536", b"-1", b"-0", b"-0.0", b"0.0", b"1.0",
    b"1e2", b"1E+2", b"1e-2", b"1.5", b"0.1e1", b"100e-2", b"00", b"01", b"-01", b"1.", b".5", b"+1", b"1e",
    b"1e+", b"0x10", b"1_0", b"123456789012345678901234567890", b"1" + b"0" * 400, b"0." + b"0" * 400 + b"1",
    b"1.7976931348623157e308", b"1.7976931348623159e308", b"4.9e-324", b"2.4e-324", b"-", b"--1", b"1e999999999",
    b"NaN", b"Infinity", b"-Infinity", b"nan", b"inf", b"true", b"false", b"null", b"nul", b"t", b'""', b"[]",
    b"{}", b'"1"', b"[1]", b'{"a":1}',
]  # fmt: skip
_TOKENS = [
    b"{", b"}", b"[", b"]", b":", b",", b'"', b" ", b"\t", b"\n", b"\r", b"\x00", b"\x0b", b"\x0c", b"\xa0",
    b"null", b"true", b"false", b"0", b"-", b".", b"e", b"E", b"+", b"\\", b"/", b"'", b"//", b"/*",
    b'"":', b'"a":1', b",,", b"[,", b"{,", b",]", b",}", b"::",
]  # fmt: skip
_KEY = re.compile(rb'"([A-Za-z_][A-Za-z_]*)"\s*:')
_NUMBER = re.compile(rb"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_QUOTE_LETTER = re.compile(rb'"(?=[A-Za-z])')


def _at(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def _in_string(rng: random.Random, data: bytes) -> int:
    """A position just inside a string's (or key's) opening quote, else anywhere."""
    spots = [m.end() for m in _QUOTE_LETTER.finditer(data)]
    return rng.choice(spots) if spots else _at(rng, data)


def _case_variant(rng: random.Random, key: str) -> str:
    r = rng.random()
    if r < 0.6:
        return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in key)
    if r < 0.7:
        return key.replace("s", "\u017f").replace("k", "\u212a").replace("K", "\u212a")
    if r < 0.8:
        return key.upper()
    if r < 0.9:
        return key + rng.choice(["\u00e9", " ", "\x00", "_", "s"])
    return key[:-1] if len(key) > 1 else key


def _dup_key(rng: random.Random, data: bytes) -> bytes:
    """``"key":`` -> ``"KeY":<value>,"key":`` (a duplicate, maybe in another case, before the original)."""
    keys = list(_KEY.finditer(data))
    if not keys:
        return data
    m = rng.choice(keys)
    key = _case_variant(rng, m.group(1).decode())
    enc = json.dumps(key).encode() if rng.random() < 0.5 else b'"' + key.encode("utf-8") + b'"'
    value = rng.choice([*_NUMBERS, b'"x"', b'"\\u00e9"', b"null", b"[]", b"{}", b"[null]", b'{"":null}'])
    return data[: m.start()] + enc + b":" + value + b"," + data[m.start() :]


def _escape_key(rng: random.Random, data: bytes) -> bytes:
    """A letter of a key written as a \\u escape (Go unescapes keys before matching fields)."""
    keys = list(_KEY.finditer(data))
    if not keys:
        return data
    m = rng.choice(keys)
    i = rng.randrange(m.start(1), m.end(1))
    ch = data[i]
    esc = b"\\u%04x" % ch if rng.random() < 0.5 else b"\\u%04X" % ch
    if rng.random() < 0.2:
        esc = {ord("s"): b"\\u017f", ord("k"): b"\\u212a", ord("K"): b"\\u212a"}.get(ch, esc)
    return data[:i] + esc + data[i + 1 :]


def deep_valid(rng: random.Random, target: str) -> bytes:
    """Valid text nested a few hundred to ten thousand levels through recursive types (a chain of
    ``ObjectDirectory.objdir``, an ``interface{}`` field), ending in a value of the right or wrong type."""
    n = rng.choice([rng.randrange(100, 1000), rng.randrange(1000, 5000), 4997, 4998, 4999])
    leaf = rng.choice([b'{"name":"x"}', b"{}", b'{"name":1}', b"1", b"null", b'{"symlink":[{"access_mask":1e10}]}'])
    if target == "ext":
        return b'{"namespace":{"ob":{"objdir":[' + b'{"objdir":[' * n + leaf + b"]}" * n + b"]}}}"
    open_, close = rng.choice([(b'{"a":[', b"]}"), (b"[[", b"]]"), (b'{"a":{"b":', b"}}")])
    field = rng.choice([b'{"windows":{"credentialSpec":', b'{"unknown":', b'{"Windows":{"CredentialSpec":'])
    tail = rng.choice([b"}}", b'},"hostname":1}', b'},"hostname":"h"}}'])
    return field + open_ * n + rng.choice([b"1", b"1e400", b'"\\ud800"', b"[]"]) + close * n + tail


def _deep(rng: random.Random, data: bytes) -> bytes:
    n = rng.choice([9998, 9999, 10000, 10001, rng.randrange(10, 10100)])
    open_, close = rng.choice([(b"[", b"]"), (b'{"a":', b"}"), (b'{"":[', b"]}")])
    if open_ == b'{"":[':
        n //= 2
    inner = rng.choice([b"", b"1", b"null", b'"x"', b"{}"]) if open_ == b"[" else b"1"
    value = open_ * n + inner + close * n
    if rng.random() < 0.2:  # unbalanced
        value = value[: -rng.randrange(1, 3)] if rng.random() < 0.5 else value + close
    r = rng.random()
    if r < 0.3:
        return value
    field = rng.choice([b"windows", b"credentialSpec", b"unknown", b"annotations", b"process", b"namespace", b"ob"])
    if r < 0.6:
        return b'{"' + field + b'":' + value + b"}"
    keys = list(_KEY.finditer(data))
    if not keys:
        return value
    m = rng.choice(keys)
    return data[: m.end()] + value + b"," + data[m.end() :]


def corrupt(rng: random.Random, data: bytes) -> bytes:
    """One byte-level corruption."""
    r = rng.random()
    if r < 0.12:
        return data[: _at(rng, data)]
    if r < 0.22 and data:
        i = rng.randrange(len(data))
        b = data[i] ^ (1 << rng.randrange(8)) if rng.random() < 0.7 else rng.randrange(256)
        return data[:i] + bytes([b]) + data[i + 1 :]
    if r < 0.34:
        i = _in_string(rng, data) if rng.random() < 0.7 else _at(rng, data)
        return data[:i] + rng.choice(_BAD_UTF8) + data[i:]
    if r < 0.48:
        return _dup_key(rng, data)
    if r < 0.49:
        return _deep(rng, data)
    if r < 0.62:
        spots = list(_NUMBER.finditer(data))
        if spots:
            m = rng.choice(spots)
            return data[: m.start()] + rng.choice(_NUMBERS) + data[m.end() :]
        return data
    if r < 0.76:
        i = _in_string(rng, data)
        return data[:i] + rng.choice(_ESCAPES) + data[i:]
    if r < 0.82:
        return _escape_key(rng, data)
    if r < 0.9:
        i = _at(rng, data)
        return data[:i] + rng.choice(_TOKENS) + data[i:]
    if r < 0.95 and data:
        i = rng.randrange(len(data))
        j = min(len(data), i + rng.randrange(1, 40))
        return data[:i] + data[j:] if rng.random() < 0.5 else data[:j] + data[i:j] + data[j:]
    if rng.random() < 0.5:
        return rng.choice([b"\xef\xbb\xbf", b" ", b"\n", b"\x00", b"x", b"1", b"{}", b"]"]) + data
    return data + rng.choice([b" ", b"\n", b"\x00", b"x", b"1", b"{}", b"]", b"\xff", b" null"])


_STRINGS = [
    b'""', b'"x"', b'"C:\\\\a"', b'"\\u00e9"', b'"\\ud800"', b'"\\udc00\\ud800"', b'"\xff"', b'"\xc3"',
    b'"\xed\xa0\x80"', b'"<&>"', b'"\\u2028\xe2\x80\xa9"', b'"\\u0000"', b'"\x7f"', b'"\xef\xbf\xbd"',
    b'"\\ud83d\\ude00"', b'"\\/\\b\\f"', b'"\xf0\x9f\x98\x80"', b'"1"', b'"true"', b'"null"',
]  # fmt: skip
_INTS: dict[str, list[bytes]] = {
    "int32": [b"2147483647", b"-2147483648", b"2147483648", b"-2147483649"],
    "int64": [b"9223372036854775807", b"-9223372036854775808", b"9223372036854775808", b"-9223372036854775809"],
    "uint16": [b"65535", b"65536", b"-1"],
    "uint32": [b"4294967295", b"4294967296", b"-1"],
    "uint64": [b"18446744073709551615", b"18446744073709551616", b"-1", b"-0"],
    "uint8": [b"255", b"256", b"-1"],
    "int": [b"9223372036854775807", b"9223372036854775808"],
    "uint": [b"18446744073709551615", b"18446744073709551616"],
    "int16": [b"32767", b"32768", b"-32769"],
    "int8": [b"127", b"128", b"-129"],
}


def _gen_any(rng: random.Random, depth: int) -> bytes:
    r = rng.random()
    if depth > 3 or r < 0.5:
        return rng.choice(_NUMBERS[:40] + _STRINGS + [b"true", b"false", b"null"])
    if r < 0.75:
        return b"[" + b",".join(_gen_any(rng, depth + 1) for _ in range(rng.randrange(4))) + b"]"
    pairs = [rng.choice(_STRINGS) + b":" + _gen_any(rng, depth + 1) for _ in range(rng.randrange(4))]
    return b"{" + b",".join(pairs) + b"}"


def _wrong(rng: random.Random) -> bytes:
    return rng.choice([b"null", b"true", b"0", b"1.5", b"-1", b'"s"', b"[]", b"{}", b"[1]", b'{"a":1}', b"1e400"])


def gen_value(rng: random.Random, go: GoType, depth: int = 0) -> bytes:
    """A JSON value shaped like ``go``: right types mostly, with boundary values, key case variants,
    duplicate and unknown keys, and now and then a value of the wrong type."""
    if rng.random() < 0.06:
        return _wrong(rng)
    if isinstance(go, Basic):
        if go.kind == "string":
            return rng.choice(_STRINGS)
        if go.kind == "bool":
            return rng.choice([b"true", b"false"])
        if go.kind in ("float32", "float64"):
            return rng.choice(_NUMBERS[:30])
        r = rng.random()
        if r < 0.4:
            return str(rng.randrange(0, 1000)).encode()
        if r < 0.8:
            return rng.choice(_INTS.get(go.kind, [b"0"]))
        return rng.choice([b"1.0", b"1e2", b"1E0", b"-0", b"0.5", b"01", b"1e-1", b"-0.0", b"1e400"])
    if isinstance(go, Ptr):
        return b"null" if rng.random() < 0.1 else gen_value(rng, go.elem, depth)
    if isinstance(go, Interface):
        return _gen_any(rng, depth)
    if depth > 6:
        return rng.choice([b"null", b"[]", b"{}"])
    if isinstance(go, Slice):
        if rng.random() < 0.1:
            return rng.choice([b"null", b"[]"])
        return b"[" + b",".join(gen_value(rng, go.elem, depth + 1) for _ in range(rng.randrange(1, 4))) + b"]"
    if isinstance(go, Map):
        if rng.random() < 0.1:
            return rng.choice([b"null", b"{}"])
        keys = [rng.choice(_STRINGS) for _ in range(rng.randrange(1, 4))]
        return b"{" + b",".join(k + b":" + gen_value(rng, go.elem, depth + 1) for k in keys) + b"}"
    fields = struct_fields(go.cls)
    pairs: list[bytes] = []
    for f in rng.sample(fields, min(len(fields), rng.randrange(1, 6))):
        if f.json == "-":
            continue
        for _ in range(1 + (rng.random() < 0.15)):
            key = f.json if rng.random() < 0.7 else _case_variant(rng, f.json)
            enc = json.dumps(key, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
            pairs.append(enc + b":" + gen_value(rng, f.go, depth + 1))
    if rng.random() < 0.1:
        pairs.insert(rng.randrange(len(pairs) + 1), rng.choice(_STRINGS) + b":" + _gen_any(rng, depth + 1))
    return b"{" + b",".join(pairs) + b"}"


def make_input(rng: random.Random, corpus: dict[str, list[bytes]]) -> tuple[str, bytes]:
    target = "spec" if rng.random() < 0.75 else "ext"
    if rng.random() < 0.003:
        data = deep_valid(rng, target)
        if rng.random() < 0.7:
            return target, data
    elif rng.random() < 0.35:
        data = gen_value(rng, TARGETS[target])
        if rng.random() < 0.5:
            return target, data
    else:
        data = rng.choice(corpus[target])
    steps = rng.choice([1, 1, 1, 2, 2, 3])
    for _ in range(steps):
        if rng.random() < 0.5:
            out = jsonmut.mutate(b"\x00" + data, 1 << 16, rng.getrandbits(32), lambda b, _n: corrupt(rng, b))
            data = out[1:]
        else:
            data = corrupt(rng, data)
    return target, data


# ---------------------------------------------------------------------------------------------------------------
# Shrinking and saving


def shrink(data: bytes, still: Callable[[bytes], bool], budget: int = 4000) -> bytes:
    """Byte-deletion delta debugging: drop chunks (halving the chunk size) while the mismatch persists."""
    n = max(1, len(data) // 2)
    tries = 0
    while n >= 1 and tries < budget:
        i = 0
        progressed = False
        while i < len(data) and tries < budget:
            candidate = data[:i] + data[i + n :]
            tries += 1
            if candidate != data and still(candidate):
                data = candidate
                progressed = True
            else:
                i += n
        if not progressed:
            n //= 2
    return data


def _describe(res: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in res.items() if k != "dump"}
    if "marshal" in out:
        out["marshal"] = base64.b64decode(out["marshal"]).decode("utf-8", "backslashreplace")
    return out


class Runner:
    def __init__(self, work: Path) -> None:
        spec_exe = client.build(work)
        if isinstance(spec_exe, str):
            raise SystemExit(spec_exe)
        self.pipes = {"spec": Pipe(spec_exe, _spec_line), "ext": Pipe(build_ext_oracle(work), _ext_line)}
        self.out = work
        self.seen: set[tuple[str, ...]] = set()
        self.mismatches = 0

    def go(self, target: str, inputs: list[bytes]) -> list[dict[str, Any]]:
        return self.pipes[target].ask_many(inputs) if inputs else []

    def check(self, target: str, data: bytes) -> tuple[str, ...] | None:
        return signature(target, self.go(target, [data])[0], python_result(data, target))

    def found(self, target: str, data: bytes, sig: tuple[str, ...]) -> None:
        self.mismatches += 1
        if sig in self.seen:
            return
        self.seen.add(sig)
        small = shrink(data, lambda d: self.check(target, d) == sig)
        go, py = self.go(target, [small])[0], python_result(small, target)
        name = hashlib.sha256(target.encode() + small).hexdigest()[:16]
        record = {
            "target": target,
            "signature": list(sig),
            "data": small.decode("utf-8", "backslashreplace"),
            "dataBase64": base64.b64encode(small).decode(),
            "go": _describe(go),
            "python": _describe(py),
            "originalBase64": base64.b64encode(data).decode(),
        }
        (self.out / f"{name}.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
        print(f"MISMATCH {sig} -> {self.out / name}.json\n  input {small[:200]!r}", flush=True)
        print(f"  go     {record['go']}\n  python {record['python']}", flush=True)

    def run_batch(self, batch: Iterable[tuple[str, bytes]]) -> None:
        by_target: dict[str, list[bytes]] = {"spec": [], "ext": []}
        for target, data in batch:
            by_target[target].append(data)
        for target, inputs in by_target.items():
            for data, go in zip(inputs, self.go(target, inputs), strict=True):
                sig = signature(target, go, python_result(data, target))
                if sig is not None:
                    self.found(target, data, sig)

    def close(self) -> None:
        for p in self.pipes.values():
            p.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000, help="inputs to run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--out", type=Path, help="folder for the mismatches (default: a new temporary folder)")
    args = ap.parse_args(argv)
    if args.out is None:
        args.out = Path(tempfile.mkdtemp(prefix="massdiff-"))
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"mismatches go to {args.out}", flush=True)
    runner = Runner(args.out)
    corpus = seed_corpus()
    print(f"seeds: {len(corpus['spec'])} spec texts, {len(corpus['ext'])} extension files", flush=True)
    rng = random.Random(args.seed)
    start = time.monotonic()
    done = 0
    try:
        while done < args.n:
            size = min(args.batch, args.n - done)
            runner.run_batch([make_input(rng, corpus) for _ in range(size)])
            done += size
            if done % (args.batch * 20) == 0 or done == args.n:
                rate = done / (time.monotonic() - start)
                print(
                    f"{done} inputs, {rate:.0f} inputs/s, {runner.mismatches} mismatches, {len(runner.seen)} distinct",
                    flush=True,
                )
    finally:
        runner.close()
    return 1 if runner.mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
