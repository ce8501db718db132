"""The reference/ paths no other test module reaches: missing case keys, a prepared case run twice, '{' past Go's
nesting limit, *bool encoding, and the gotypes/decoder fallbacks. Every JSON error and byte string below was
printed by Go 1.26 (tests/gooracle/oracle decoding into *specs.Spec and re-marshalling), not written by hand."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import pytest

from hcsdoc.reference import CaseError, convert_prepared, prepare_case, run_case
from hcsdoc.reference.gojson import marshal, unmarshal
from hcsdoc.reference.gojson.decode import _struct_maker, zero
from hcsdoc.reference.gojson.scanner import check_valid
from hcsdoc.reference.gotypes import INT32, STRING, FieldInfo, Ptr, Struct, gofield, struct_fields
from hcsdoc.reference.specs import Spec
from tests.convert_case import case
from tests.test_convert_documents import DOCS

SPEC = Ptr(Struct(Spec))


@pytest.mark.parametrize(
    ("section", "key", "msg"),
    [
        ("options", "schemaVersion", "case.options.schemaVersion: required"),  # caseinput.opt_obj
        ("options", "windowsAdditionalMounts", "case.options.windowsAdditionalMounts: required"),  # caseinput.opt_list
        ("options", "scaleCpuLimitsToSandbox", "case.options.scaleCpuLimitsToSandbox: required"),  # caseinput.boolean
    ],
)
def test_missing_case_key(section: str, key: str, msg: str) -> None:
    c = case()
    del c[section][key]
    with pytest.raises(CaseError) as exc:
        run_case(c)
    assert str(exc.value) == msg


def test_a_prepared_case_serves_several_runs_with_the_same_documents() -> None:
    name, c, v1, v2 = DOCS[0]
    assert name == "argon-v2-minimal"
    prepared = prepare_case(c)
    for _ in range(2):  # the host, options and UVM are only read: one preparation serves several runs
        got = convert_prepared(prepared)
        assert got["bytes"] == {"v1": v1, "v2": v2}


@pytest.mark.parametrize(
    ("data", "error", "remarshalled"),
    [
        # '{' pushes past Go's maxNestingDepth (10000): in a run of objects, and after 9999 '[' taken in one go.
        (b'{"":' * 10001 + b"1" + b"}" * 10001, "invalid character '{' exceeded max depth", b"null"),
        (b"[" * 9999 + b'{"a":{', "invalid character '{' exceeded max depth", b"null"),
        # A *bool field: encoded through the pointer's element encoder, not inline as a struct's bool field.
        (
            b'{"linux":{"resources":{"memory":{"disableOOMKiller":true,"useHierarchy":false}}}}',
            None,
            b'{"ociVersion":"","linux":{"resources":{"memory":{"disableOOMKiller":true,"useHierarchy":false}}}}',
        ),
    ],
)
def test_unmarshal_spec_like_go(data: bytes, error: str | None, remarshalled: bytes) -> None:
    value, err = unmarshal(data, SPEC)
    assert err == error
    assert marshal(value, SPEC) == remarshalled
    if err is not None:
        assert value is None
        assert check_valid(data) == err


@dataclass
class _Explicit:
    Name: str = gofield("name", STRING, default="x")
    Count: int = gofield("count", INT32, omitempty=True)
    Other: int = dataclasses.field(default=0)  # no Go metadata: not a Go field


def test_gofield_explicit_default_and_struct_fields_cache() -> None:
    assert _Explicit() == _Explicit("x", 0, 0)
    assert marshal(_Explicit(), Struct(_Explicit)) == b'{"name":"x"}'
    want = (FieldInfo("Name", "name", STRING, False), FieldInfo("Count", "count", INT32, True))
    first = struct_fields(_Explicit)
    assert first == want
    assert struct_fields(_Explicit) is first  # the second call is answered from the cache


@dataclass
class _NoDefault:
    Name: str


def test_zero_of_struct_without_defaults_is_left_to_the_class() -> None:
    # Every Go struct dataclass defaults all its fields (gofield); one that does not is not sped up, and making
    # its "zero" fails as calling the class does.
    maker: Any = _struct_maker(_NoDefault)
    assert maker is _NoDefault
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'Name'"):
        zero(Struct(_NoDefault))
