"""reference.gojson.unmarshal/marshal, table-driven. Every expected error and byte string below was printed by
Go 1.26 (tests/gooracle/oracle decoding into *specs.Spec and re-marshalling), not written by hand."""

# ruff: noqa: RUF009  (gofield() is dataclasses.field with Go metadata)
from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from hcsdoc.reference.gojson import UnsupportedValueError, marshal, unmarshal
from hcsdoc.reference.gojson.decode import zero
from hcsdoc.reference.gojson.encode import encode_string, format_float
from hcsdoc.reference.gojson.scanner import check_valid
from hcsdoc.reference.gojson.types import fold_name, type_name
from hcsdoc.reference.gotypes import BOOL, INT32, STRING, UINT16, Basic, Interface, Map, Ptr, Slice, Struct, gofield
from hcsdoc.reference.specs import Spec, Windows, WindowsCPUResources, WindowsResources

SPEC = Ptr(Struct(Spec))
FLOAT64 = Basic("float64")
ANY = Interface()

GO_SPEC_TABLE: list[tuple[bytes, str | None, bytes]] = [
    (b"", "unexpected end of JSON input", b"null"),
    (b"-", "invalid character ' ' in numeric literal", b"null"),
    (b"tru", "invalid character ' ' in literal true (expecting 'e')", b"null"),
    (b'{"a" 1}', "invalid character '1' after object key", b"null"),
    (b"\xef\xbb\xbf{}", "invalid character 'ï' looking for beginning of value", b"null"),
    (b"[1,]", "invalid character ']' looking for beginning of value", b"null"),
    (b"1 x", "invalid character 'x' after top-level value", b"null"),
    (b'"\\x"', "invalid character 'x' in string escape code", b"null"),
    (b'"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape", b"null"),
    (b'"\x01"', "invalid character '\\x01' in string literal", b"null"),
    (b"01", "invalid character '1' after top-level value", b"null"),
    (b"1.x", "invalid character 'x' after decimal point in numeric literal", b"null"),
    (b"1e+", "invalid character ' ' in exponent of numeric literal", b"null"),
    (b"nulx", "invalid character 'x' in literal null (expecting 'l')", b"null"),
    (b"fals", "invalid character ' ' in literal false (expecting 'e')", b"null"),
    (b"{1:2}", "invalid character '1' looking for beginning of object key string", b"null"),
    (b'{"a":1}}', "invalid character '}' after top-level value", b"null"),
    (b"[" * 10001 + b"]" * 10001, "invalid character '[' exceeded max depth", b"null"),
    (b"null", None, b"null"),
    (b'{"OCIversion":"x","hO\xe2\x84\xaaTNAME":"k","\xc5\xbfOLARIS":null}', None, b'{"ociVersion":"x"}'),
    (b"[]", "json: cannot unmarshal array into Go value of type specs.Spec", b'{"ociVersion":""}'),
    (
        b'{"windows":{"resources":{"cpu":{"count":1.5}}}}',
        "json: cannot unmarshal number 1.5 into Go struct field WindowsCPUResources.windows.resources.cpu.count of type uint64",
        b'{"ociVersion":"","windows":{"layerFolders":null,"resources":{"cpu":{"count":0}}}}',
    ),
    (
        b'{"linux":{"resources":{"blockIO":{"weightDevice":[{"major":"x"}]}}}}',
        "json: cannot unmarshal string into Go struct field LinuxWeightDevice.linux.resources.blockIO.weightDevice.linuxBlockIODevice.major of type int64",
        b'{"ociVersion":"","linux":{"resources":{"blockIO":{"weightDevice":[{"major":0,"minor":0}]}}}}',
    ),
    (
        b'{"linux":{"devices":[{"fileMode":"x"}]}}',
        "json: cannot unmarshal string into Go struct field LinuxDevice.linux.devices.fileMode of type fs.FileMode",
        b'{"ociVersion":"","linux":{"devices":[{"path":"","type":"","major":0,"minor":0,"fileMode":0}]}}',
    ),
    (
        b'{"linux":{"seccomp":{"architectures":[1]}}}',
        "json: cannot unmarshal number into Go struct field LinuxSeccomp.linux.seccomp.architectures of type specs.Arch",
        b'{"ociVersion":"","linux":{"seccomp":{"defaultAction":"","architectures":[""]}}}',
    ),
    (
        b'{"process":[]}',
        "json: cannot unmarshal array into Go struct field Spec.process of type specs.Process",
        b'{"ociVersion":"","process":{"user":{"uid":0,"gid":0},"cwd":""}}',
    ),
    (
        b'{"hostname":1,"windows":{"credentialSpec":1e400}}',
        "json: cannot unmarshal number into Go struct field Spec.hostname of type string",
        b'{"ociVersion":"","windows":{"layerFolders":null}}',
    ),
    (
        b'{"windows":{"credentialSpec":[1e400]}}',
        "json: cannot unmarshal number 1e400 into Go struct field Windows.windows.credentialSpec of type float64",
        b'{"ociVersion":"","windows":{"layerFolders":null,"credentialSpec":[null]}}',
    ),
    (
        b'{"annotations":{"a":1}}',
        "json: cannot unmarshal number into Go struct field Spec.annotations of type string",
        b'{"ociVersion":"","annotations":{"a":""}}',
    ),
    (
        b'{"mounts":[{"destination":"a"},{"destination":"b","type":"t"}],"mounts":[{"source":"c"}],"mounts":[{"source":"d"},{"source":"e"}]}',
        None,
        b'{"ociVersion":"","mounts":[{"destination":"a","source":"d"},{"destination":"b","type":"t","source":"e"}]}',
    ),
    (
        b'{"process":{"cwd":"a","user":{"uid":4294967296}},"process":{"args":["b"],"consoleSize":{"height":-0}}}',
        "json: cannot unmarshal number 4294967296 into Go struct field User.process.user.uid of type uint32",
        b'{"ociVersion":"","process":{"consoleSize":{"height":0,"width":0},"user":{"uid":0,"gid":0},"args":["b"],"cwd":"a"}}',
    ),
    (
        b'{"hostname":"\xff\\ud800\\u0000<&>\\u2028\x7f\\b\\f"}',
        None,
        b'{"ociVersion":"","hostname":"\xef\xbf\xbd\xef\xbf\xbd\\u0000\\u003c\\u0026\\u003e\\u2028\x7f\\b\\f"}',
    ),
    (b'{"windows":{"layerFolders":[]},"annotations":{}}', None, b'{"ociVersion":"","windows":{"layerFolders":[]}}'),
    (
        b'{"windows":{"credentialSpec":{"b":[1.5,-0,1e21,1e-7,true,null],"a":"\xe2\x82A"}}}',
        None,
        b'{"ociVersion":"","windows":{"layerFolders":null,"credentialSpec":{"a":"\xef\xbf\xbd\xef\xbf\xbdA","b":[1.5,-0,1e+21,1e-7,true,null]}}}',
    ),
]


@pytest.mark.parametrize(("data", "error", "remarshalled"), GO_SPEC_TABLE)
def test_unmarshal_spec_like_go(data: bytes, error: str | None, remarshalled: bytes) -> None:
    value, err = unmarshal(data, SPEC)
    assert err == error
    assert marshal(value, SPEC) == remarshalled
    if err is not None and not err.startswith("json:"):
        assert value is None  # a syntax error decodes nothing
        assert check_valid(data) == err  # the exact scanner agrees on its own


def test_deep_valid_nesting_beyond_python_recursion_limit() -> None:
    data = b'{"windows":{"credentialSpec":' + b"[" * 5000 + b"]" * 5000 + b"}}"
    limit = sys.getrecursionlimit()
    value, err = unmarshal(data, SPEC)
    assert err is None and sys.getrecursionlimit() == limit
    depth, cs = 0, value.Windows.CredentialSpec
    while cs:
        depth, cs = depth + 1, cs[0]
    assert depth == 4999


def test_deep_invalid_nesting_below_go_limit() -> None:
    assert unmarshal(b"[" * 2000 + b"]" * 1999, ANY) == (None, "unexpected end of JSON input")


def test_interface_values() -> None:
    value, err = unmarshal(b'{"a":[1,"x",true,null,{"b":-0}],"a":{"c":1e-400}}', ANY)
    assert err is None
    assert value == {"a": {"c": 0.0}}
    assert unmarshal(b"1e400", ANY) == (None, "json: cannot unmarshal number 1e400 into Go value of type float64")


def test_basic_targets() -> None:
    assert unmarshal(b"70000", UINT16) == (0, "json: cannot unmarshal number 70000 into Go value of type uint16")
    assert unmarshal(b"-5", INT32) == (-5, None)
    assert unmarshal(b'"x"', BOOL) == (False, "json: cannot unmarshal string into Go value of type bool")
    assert unmarshal(b"null", BOOL) == (False, None)
    assert unmarshal(b"[true]", BOOL) == (False, "json: cannot unmarshal array into Go value of type bool")
    assert unmarshal(b"2.5", Basic("float64")) == (2.5, None)
    assert (
        unmarshal(b"1e999", Basic("float64"))[1] == "json: cannot unmarshal number 1e999 into Go value of type float64"
    )
    assert unmarshal(b"null", FLOAT64) == (0.0, None)
    assert unmarshal(b"true", Basic("float64")) == (0.0, "json: cannot unmarshal bool into Go value of type float64")
    assert unmarshal(b'{"a":"b"}', Map(STRING)) == ({"a": "b"}, None)
    assert unmarshal(b"null", Map(STRING)) == (None, None)
    assert unmarshal(b"[]", Map(STRING)) == (
        None,
        "json: cannot unmarshal array into Go value of type map[string]string",
    )
    assert unmarshal(b'{"a":1}', Slice(STRING)) == (
        None,
        "json: cannot unmarshal object into Go value of type []string",
    )
    assert unmarshal(b"null", Slice(STRING)) == (None, None)
    with pytest.raises(NotImplementedError):
        unmarshal(b"1", Basic("float32"))


def test_type_names() -> None:
    assert type_name(Ptr(Slice(Map(Struct(Spec))))) == "*[]map[string]specs.Spec"
    assert type_name(ANY) == "interface {}"
    assert type_name(Basic("string", name="specs.Arch")) == "specs.Arch"


def test_fold_name() -> None:
    assert fold_name("hyperV") == "HYPERV"
    assert fold_name("\u017fervicing") == "SERVICING"
    assert fold_name("\u212aey") == "KEY"
    assert fold_name("caf\u00e9") is None


def test_zero_values() -> None:
    assert zero(STRING) == "" and zero(BOOL) is False and zero(INT32) == 0 and zero(Basic("float64")) == 0.0
    assert zero(Struct(Windows)) == Windows() and zero(SPEC) is None and zero(ANY) is None


def test_marshal_constructed_values() -> None:
    w = Windows(
        LayerFolders=[],
        Resources=WindowsResources(CPU=WindowsCPUResources(Count=2)),
        CredentialSpec={"z": 1, "a": [0.5]},
    )
    assert (
        marshal(Spec(Version="1", Windows=w, Annotations={"b": "<", "a": ""}), Struct(Spec))
        == b'{"ociVersion":"1","annotations":{"a":"","b":"\\u003c"},"windows":{"layerFolders":[],"resources":{"cpu":'
        b'{"count":2}},"credentialSpec":{"a":[0.5],"z":1}}}'
    )
    assert marshal(WindowsResources(), Ptr(Struct(WindowsResources))) == b"{}"
    assert marshal(None, Ptr(Struct(WindowsResources))) == b"null"
    assert marshal({"\u00e9": 1.0, "z": None, "\udcff": False}, ANY) == b'{"z":null,"\xc3\xa9":1,"\\ufffd":false}'
    with pytest.raises(TypeError):
        marshal(object(), ANY)
    with pytest.raises(NotImplementedError):
        marshal(1.0, Basic("float32"))


@pytest.mark.parametrize(
    ("s", "want"),
    [
        ("plain", '"plain"'),
        ("\x00\x01\x08\x0c\n\r\t\x1f\x7f", '"\\u0000\\u0001\\b\\f\\n\\r\\t\\u001f\x7f"'),
        ('<a href="x">&amp;</a>\\', '"\\u003ca href=\\"x\\"\\u003e\\u0026amp;\\u003c/a\\u003e\\\\"'),
        ("\u2028\u2029\ufffd\U0001f600", '"\\u2028\\u2029\ufffd\U0001f600"'),
        ("\udc80\ud800", '"\\ufffd\\ufffd\\ufffd\\ufffd"'),
    ],
)
def test_encode_string(s: str, want: str) -> None:
    assert encode_string(s) == want


def test_format_float_errors() -> None:
    for f, text in [(float("nan"), "NaN"), (float("inf"), "+Inf"), (float("-inf"), "-Inf")]:
        with pytest.raises(UnsupportedValueError) as info:
            format_float(f)
        assert str(info.value) == "json: unsupported value: " + text


@dataclass
class _Odd:
    """Field shapes the runtime-spec tree does not have but hcsschema-style trees may."""

    Ratio: float = gofield("ratio", FLOAT64, omitempty=True)
    Plain: float = gofield("plain", FLOAT64)
    Labels: dict[str, str] | None = gofield("labels", Map(STRING))
    Cafe: str = gofield("caf\u00e9", STRING, omitempty=True)
    Upper: str = gofield("Name", STRING, omitempty=True)
    Lower: str = gofield("name", STRING, omitempty=True)
    Hidden: str = gofield("-", STRING)


def test_odd_struct_shapes() -> None:
    go = Struct(_Odd)
    assert marshal(_Odd(), go) == b'{"plain":0,"labels":null}'
    assert marshal(_Odd(Ratio=-0.0, Plain=1e-7, Labels={}), go) == b'{"ratio":-0,"plain":1e-7,"labels":{}}'
    value, err = unmarshal(b'{"RATIO":2,"plain":null,"NAME":"first wins","caf\xc3\xa9":"x","-":"h","Hidden":"h"}', go)
    assert err is None
    assert value == _Odd(Ratio=2.0, Cafe="x", Upper="first wins")
    assert (
        unmarshal(b'{"ratio":"x"}', go)[1]
        == "json: cannot unmarshal string into Go struct field _Odd.ratio of type float64"
    )


@pytest.mark.parametrize("data", [b"0", b"-0", b"-12", b"1.50e+3", b"1.5E3", b"[1.5e-3]", b'{"a":[true,false,null]}'])
def test_check_valid_accepts(data: bytes) -> None:
    assert check_valid(data) is None
    assert check_valid(b" " + data + b" ") is None


def test_many_brackets_inside_a_string_are_not_nesting() -> None:
    text = "[" * 10001
    assert unmarshal(b'{"hostname":"' + text.encode() + b'"}', SPEC)[0].Hostname == text
