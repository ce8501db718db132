"""Differential tests: reference.gojson against Go 1.26 encoding/json itself (tests/gooracle/oracle).

Hundreds of tricky texts (key case and Unicode folding, duplicate keys, nulls, number spellings, bad UTF-8,
escapes, truncations, stray bytes) are decoded into ``*specs.Spec`` and ``interface{}`` by both; the error
text, a canonical dump of the decoded value (nil vs empty, pointer allocation, partial results after a type
error) and the ``json.Marshal`` bytes of that value must be identical. Skipped without a Go toolchain.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import random
import struct
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.reference.gojson import marshal, unmarshal
from hcsdoc.reference.gojson.types import fold_name
from hcsdoc.reference.gotypes import Interface, Ptr, Struct
from hcsdoc.reference.specs import Spec

_spec = importlib.util.spec_from_file_location("gooracle_client", Path(__file__).parent / "gooracle" / "client.py")
assert _spec is not None and _spec.loader is not None
client = importlib.util.module_from_spec(_spec)
sys.modules["gooracle_client"] = client
_spec.loader.exec_module(client)

SPEC = Ptr(Struct(Spec))
ANY = Interface()

WINDOWS_SPEC: dict[str, Any] = {
    "ociVersion": "1.0.2-dev",
    "process": {
        "user": {"uid": 0, "gid": 0, "username": "ContainerUser"},
        "args": ["cmd", "/S", "/C", "echo hello & exit 0"],
        "env": ["PATH=C:\\Windows\\system32;C:\\Windows", "FOO=<bar>"],
        "cwd": "C:\\",
        "consoleSize": {"height": 30, "width": 120},
        "terminal": True,
    },
    "root": {"path": "\\\\?\\Volume{3e7c5b5a-0000-0000-0000-100000000000}\\", "readonly": False},
    "hostname": "web-1",
    "mounts": [
        {"destination": "C:\\data", "type": "", "source": "C:\\host\\data", "options": ["ro"]},
        {"destination": "\\\\.\\pipe\\docker_engine", "source": "\\\\.\\pipe\\docker_engine"},
    ],
    "annotations": {"io.microsoft.container.processordumplocation": "C:\\dumps", "a": "b"},
    "windows": {
        "layerFolders": ["C:\\layers\\base", "C:\\layers\\app", "C:\\layers\\scratch"],
        "resources": {
            "memory": {"limit": 2147483648},
            "cpu": {"count": 2, "shares": 512, "maximum": 5000},
            "storage": {"iops": 1000, "bps": 1048576, "sandboxSize": 21474836480},
        },
        "network": {
            "endpointList": ["7a6f1b2c-0000-4000-8000-000000000001"],
            "allowUnqualifiedDNSQuery": True,
            "DNSSearchList": ["corp.example.com"],
            "networkSharedContainerName": "",
        },
        "devices": [{"id": "5B45201D-F2F2-4F3B-85BB-30FF1F953599", "idType": "class"}],
        "credentialSpec": {"CmsVersion": 1, "DomainJoinConfig": {"DnsName": "corp.example.com", "Sid": None}},
        "hyperv": {"utilityVMPath": ""},
        "servicing": False,
    },
}

HAND_CASES: list[bytes] = [
    b"",
    b" ",
    b"null",
    b" null ",
    b"{}",
    b"[]",
    b"1",
    b'"x"',
    b"true",
    b"nul",
    b"nulx",
    b"-",
    b"-x",
    b"01",
    b"1.",
    b"1.x",
    b"1e",
    b"1e+",
    b"1E5",
    b"tru",
    b"fals",
    b"{",
    b"[",
    b'{"a"',
    b'{"a":',
    b'{"a":1',
    b'{"a":1,',
    b'{"a":1,}',
    b"[1,]",
    b"[1 2]",
    b'{"a" 1}',
    b"{1:2}",
    b'{"a":1}}',
    b"[1]]",
    b"1 2",
    b"1 x",
    b"\xef\xbb\xbf{}",
    b'"\x01"',
    b'"\\x"',
    b'"\\u12"',
    b'"\\u12g4"',
    b'"abc',
    b"\x00",
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"[NaN]",
    b"'a'",
    b"[" * 10001 + b"]" * 10001,
    b"[" * 10000 + b"]" * 10000,
    b'{"a":' * 3000 + b"1" + b"}" * 3000,
    b'{"windows":{"credentialSpec":' + b"[" * 2000 + b"]" * 2000 + b"}}",
    b'{"ociversion":"x","OCIVERSION":"y"}',
    b'{"\xc5\xbfociVer\xc5\xbfion":"long s"}',
    b'{"ociVer\xc5\xbfion":1}',
    b'{"HO\xe2\x84\xaatname":"kelvin"}',
    b'{"hostname":"a","hostname":null}',
    b'{"hostname":"\\u0000\\ud800x"}',
    b'{"hostname":"\\ud83d\\ude00\\ud83d"}',
    b'{"hostname":"\\udc00\\ud800\\udc00"}',
    b'{"hostname":"\xff\xfe\xc3"}',
    b'{"hostname":"\xed\xa0\x80\xf4\x90\x80\x80\xc0\xaf"}',
    b'{"hostname":"\xe2\x82A"}',
    b'{"hostname":"\\u2028<&>"}',
    b'{"hostname":"\xef\xbf\xbd"}',
    b'{"annotations":{"\xff":"\\ud800","a":"1","a":"2"}}',
    b'{"annotations":null}',
    b'{"annotations":{"a":1,"b":"x"},"annotations":{"c":"y"}}',
    b'{"annotations":[]}',
    b'{"annotations":"x"}',
    b'{"process":null}',
    b'{"process":{},"process":null}',
    b'{"process":{"cwd":"a"},"process":{"args":["b"]}}',
    b'{"process":"x"}',
    b'{"process":1}',
    b'{"process":true}',
    b'{"process":{"consoleSize":{"height":-1}}}',
    b'{"process":{"consoleSize":{"height":1.0}}}',
    b'{"process":{"consoleSize":{"height":1e2}}}',
    b'{"process":{"consoleSize":{"height":18446744073709551615}}}',
    b'{"process":{"consoleSize":{"height":18446744073709551616}}}',
    b'{"process":{"consoleSize":{"height":-0}}}',
    b'{"process":{"user":{"uid":4294967296}}}',
    b'{"process":{"user":{"uid":"0"}}}',
    b'{"process":{"user":null}}',
    b'{"process":{"user":[]}}',
    b'{"process":{"oomScoreAdj":-2147483648}}',
    b'{"process":{"oomScoreAdj":2147483648}}',
    b'{"hooks":{"prestart":[{"path":"p","timeout":-9223372036854775808}]}}',
    b'{"hooks":{"prestart":[{"path":"p","timeout":9223372036854775808}]}}',
    b'{"hooks":{"prestart":[{"timeout":' + b"9" * 5000 + b"}]}}",
    b'{"mounts":[{"destination":"a","source":"b"}],"mounts":[{"destination":"c"}]}',
    b'{"mounts":[{"destination":"a"},{"destination":"b","type":"t"}],"mounts":[{"source":"c"}],'
    b'"mounts":[{"source":"d"},{"source":"e"},{"source":"f"}]}',
    b'{"mounts":[{"destination":"a"},{"destination":"b"}],"mounts":[],"mounts":[{"source":"c"},{"source":"d"}]}',
    b'{"mounts":[{"destination":"a"},{"destination":"b"}],"mounts":null,"mounts":[{"source":"c"},{"source":"d"}]}',
    b'{"mounts":[1,{"destination":"a"}]}',
    b'{"mounts":[null]}',
    b'{"mounts":{}}',
    b'{"mounts":"x"}',
    b'{"mounts":[]}',
    b'{"windows":{"layerFolders":[]}}',
    b'{"windows":{"layerFolders":null}}',
    b'{"windows":{}}',
    b'{"windows":{"layerFolders":["a",null,1,"b"]}}',
    b'{"windows":{"layerFolders":["a","b"],"layerFolders":["c"]}}',
    b'{"windows":{"layerFolders":["a","b"],"layerFolders":["c"],"layerFolders":[null,null]}}',
    b'{"windows":{"credentialSpec":"s"}}',
    b'{"windows":{"credentialSpec":""}}',
    b'{"windows":{"credentialSpec":null}}',
    b'{"windows":{"credentialSpec":1e400}}',
    b'{"windows":{"credentialSpec":"a","credentialSpec":1e400}}',
    b'{"windows":{"credentialSpec":{"a":[1,2.5,-0,1e-400,true,null,{"b":"\xff"}],"a":{}}}}',
    b'{"windows":{"credentialSpec":{"x":1},"credentialSpec":{"y":2}}}',
    b'{"windows":{"credentialSpec":[1e400,2e400]},"hostname":1}',
    b'{"hostname":1,"windows":{"credentialSpec":1e400}}',
    b'{"windows":{"resources":{"cpu":{"count":1.5}}}}',
    b'{"windows":{"resources":{"cpu":{"count":"1"}}}}',
    b'{"windows":{"resources":{"cpu":{"count":null}}}}',
    b'{"windows":{"resources":{"cpu":{"shares":65536}}}}',
    b'{"windows":{"resources":{"cpu":{"count":-1,"shares":"x"}}}}',
    b'{"windows":{"network":{"dnssearchlist":["a"]}}}',
    b'{"windows":{"devices":[{"id":"a"},{"id":"b"}],"devices":[{"idType":"c"}]}}',
    b'{"linux":{"resources":{"blockIO":{"weightDevice":[{"major":"x"}]}}}}',
    b'{"linux":{"devices":[{"fileMode":"x"}]}}',
    b'{"linux":{"seccomp":{"architectures":[1]}}}',
    b'{"linux":{"resources":{"rdma":{"a":{"hcaHandles":1.5}}}}}',
    b'{"linux":{"sysctl":{"a":"1"}},"linux":{"sysctl":{"b":"2"}}}',
    b'{"linux":{"resources":{"unified":{"a":null}}}}',
    b'{"vm":{"hypervisor":{"path":1}}}',
    b'{"solaris":{"anet":[{"linkname":true}]}}',
    b'{"unknown":[1,{"a":"\xff"}]}',
    b'{"unknown":1e400}',
    b'{"ociVersion":"\\/\\b\\f\\n\\r\\t\\"\\\\\x7f"}',
    b'{"ociVersion":"\\u00e9\\u00E9"}',
    b'{"OciVersion":"x","ociVersion":"y","OCIVERSION":"z"}',
    b'{"":1,"ociVersion\\u0000":"x"}',
    b'{"hostname":"a"} ',
    b'\t\n\r{"hostname":"a"}\t\n\r',
    b'{"hostname":"a"}\x00',
]


def _mutations(rng: random.Random) -> Iterator[bytes]:
    base = WINDOWS_SPEC
    texts = [json.dumps(base, ensure_ascii=False, separators=(",", ":")).encode()]
    for _ in range(150):
        text = json.dumps(_mutate_value(rng, json.loads(json.dumps(base))), ensure_ascii=False).encode()
        yield _mutate_text(rng, text) if rng.random() < 0.3 else text
    yield from texts


def _mutate_key(rng: random.Random, key: str) -> str:
    r = rng.random()
    if r < 0.3:
        return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in key)
    if r < 0.4:
        return key.replace("s", "\u017f").replace("k", "\u212a").replace("S", "\u017f")
    if r < 0.45:
        return key + "\u00e9"
    return key


_WEIRD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    1e300,
    "",
    "x",
    [],
    {},
    [None],
    {"a": None},
    2**63,
    2**64,
    -(2**63) - 1,
    65536,
    "\u2028",
]


def _mutate_value(rng: random.Random, v: Any) -> Any:
    if isinstance(v, dict):
        items = []
        for k, x in v.items():
            items.append((_mutate_key(rng, k), _mutate_value(rng, x)))
            if rng.random() < 0.1:  # a duplicate key
                items.append((_mutate_key(rng, k), _mutate_value(rng, x)))
        if rng.random() < 0.1:
            items.append(("extra", rng.choice(_WEIRD_VALUES)))
        return _Pairs(items)
    if isinstance(v, list):
        return [_mutate_value(rng, x) for x in v if rng.random() < 0.9]
    if rng.random() < 0.15:
        return rng.choice(_WEIRD_VALUES)
    return v


class _Pairs(dict[str, Any]):
    """A dict that json.dumps writes with duplicate keys."""

    def __init__(self, items: list[tuple[str, Any]]) -> None:
        super().__init__(items)
        self._items = items

    def items(self) -> Any:
        return self._items

    def __bool__(self) -> bool:
        return bool(self._items)


def _mutate_text(rng: random.Random, text: bytes) -> bytes:
    r = rng.random()
    pos = rng.randrange(len(text))
    if r < 0.3:
        return text[:pos]
    if r < 0.6:
        return text[:pos] + bytes([rng.choice(b'"\\{}[]:,-0.eE \x00\xff\xc3\xbf\xe2\x80\xa8tfn1')]) + text[pos:]
    return text[:pos] + text[pos + 1 :]


def _cases() -> list[bytes]:
    rng = random.Random(20240611)
    return HAND_CASES + list(_mutations(rng))


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    exe = client.build(tmp_path_factory.mktemp("gooracle"))
    if isinstance(exe, str):
        pytest.skip(exe)
    o = client.Oracle(exe)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 100000))  # the dumps of 10000-deep inputs are parsed and built recursively
    yield o
    sys.setrecursionlimit(limit)
    o.close()


def _check(oracle: Any, data: bytes, target: str) -> None:
    go = SPEC if target == "spec" else ANY
    want = oracle.decode(data, target)
    value, err = unmarshal(data, go)
    assert err == want["error"], data[:300]
    assert client.dump(value, go) == want["dump"], data[:300]
    assert marshal(value, go) == base64.b64decode(want["marshal"]), data[:300]


def test_cases_differ_from_each_other() -> None:
    cases = _cases()
    assert len(set(cases)) > 250


@pytest.mark.go
@pytest.mark.parametrize("target", ["spec", "any"])
def test_decode_and_remarshal_match_go(oracle: Any, target: str) -> None:
    mismatches = []
    for data in _cases():
        try:
            _check(oracle, data, target)
        except AssertionError as exc:
            mismatches.append(str(exc)[:600])
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches[:10])


@pytest.mark.go
def test_key_folding_table_matches_go(oracle: Any) -> None:
    tables = oracle.ask({"op": "tables"})
    for rune, folded in tables["foldascii"]:
        assert fold_name(chr(rune)) == chr(folded)
    assert len(tables["foldascii"]) == 2


@pytest.mark.go
def test_float_formatting_matches_go(oracle: Any) -> None:
    rng = random.Random(7)
    values = [0.0, -0.0, 1e21, 1e-6, 1e-7, 999999999999999999999.0, 1e20, 5e-324, 1.7976931348623157e308, 0.1, 1 / 3]
    values += [rng.uniform(-1e6, 1e6) for _ in range(200)]
    values += [10.0 ** rng.randint(-30, 30) * rng.random() for _ in range(200)]
    bits = [int(client.float_bits(v)) for v in values] + [rng.getrandbits(64) for _ in range(300)]
    bits += [0x7FF8000000000001, 0x7FF0000000000000, 0xFFF0000000000000]  # NaN, +Inf, -Inf
    for b in bits:
        want = oracle.ask({"op": "float", "bits": str(b)})
        f = struct.unpack("<d", b.to_bytes(8, "little"))[0]
        if "error" in want:
            with pytest.raises(ValueError) as info:
                marshal(f, ANY)
            assert str(info.value) == want["error"]
        else:
            assert marshal(f, ANY).decode() == want["marshal"], (b, f)
