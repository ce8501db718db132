"""Self-tests of reference.case and conformance.strategies: the strategies produce complete, well-typed cases,
the document region's specs have the runtime-spec shape, every region and error kind is reachable, and optional
keys shrink away."""

from __future__ import annotations

import base64
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.conformance.strategies import (
    ERROR_KINDS,
    ISOLATIONS,
    NUMERIC_EDGE_VALUES,
    cases,
    create_options,
    hosts,
    mounts,
    spec_texts,
    specs,
    uvms,
    windows_sections,
)
from hcsdoc.conformance.strategies import annotations as annotation_maps  # not the __future__ feature name
from hcsdoc.conformance.strategies.values import dir_paths, file_paths
from hcsdoc.conformance.vectors.files import generated_case_id
from hcsdoc.reference import CaseError, make_case, normalize_case
from hcsdoc.reference.api import case_spec_bytes

# ---------------------------------------------------------------------------------------------------------------
# reference.case


def test_normalize_fills_every_default() -> None:
    assert normalize_case({}) == {
        "spec": None,
        "specText": None,
        "options": {
            "id": "",
            "actualId": "",
            "owner": "",
            "schemaVersion": {"Major": 2, "Minor": 1},
            "scaleCpuLimitsToSandbox": False,
            "networkNamespace": "",
            "ccgState": None,
            "windowsAdditionalMounts": None,
        },
        "uvm": None,
        "host": {"processorCount": 8, "osBuild": 20348, "layerIds": {}, "resolvedPaths": {}, "files": {}},
    }


def test_schema_default_follows_build_and_uvm_but_null_is_kept() -> None:
    assert normalize_case({"host": {"osBuild": 17134}})["options"]["schemaVersion"] == {"Major": 1, "Minor": 0}
    assert normalize_case({"host": {"osBuild": 17763}})["options"]["schemaVersion"] == {"Major": 2, "Minor": 1}
    assert normalize_case({"host": {"osBuild": 14393}, "uvm": {}})["options"]["schemaVersion"] == {
        "Major": 2,
        "Minor": 1,
    }
    assert normalize_case({"options": {"schemaVersion": None}})["options"]["schemaVersion"] is None


def test_make_case_shortcuts() -> None:
    c = make_case({"windows": {}}, id="c1", osBuild=16299, uvm={"vsmbShares": [{"hostPath": "C:\\d"}]})
    assert c["options"]["id"] == "c1" and c["options"]["actualId"] == "c1"
    assert c["host"]["osBuild"] == 16299
    assert c["uvm"] == {
        "os": "windows",
        "processorCount": 2,
        "processDumpLocation": "",
        "vsmbShares": [
            {
                "hostPath": "C:\\d",
                "readOnly": False,
                "kind": "dir",
                "guestPath": "\\\\?\\VMSMB\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\s1",
            }
        ],
    }
    with pytest.raises(CaseError, match="unknown keyword 'bogus'"):
        make_case({}, bogus=1)
    with pytest.raises(CaseError, match=r"options\.id given twice"):
        make_case({}, options={"id": "a"}, id="b")
    with pytest.raises(CaseError, match=r"host\.osBuild given twice"):
        make_case({}, host={"osBuild": 1}, osBuild=2)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ({"options": {"id": b"x"}}, "case.options.id: expected string, got bytes"),
        ({"host": {"files": {"a": {"errno": 2, "kind": "dir"}}}}, "case.host.files['a']: an errno answer has no other key"),
        (
            {"host": {"files": {"a": {"kind": "file", "content": "x", "contentBase64": "eA=="}}}},
            "case.host.files['a']: at most one of content and contentBase64",
        ),
    ],
)
def test_more_malformed_cases(case: Any, message: str) -> None:
    with pytest.raises(CaseError) as info:
        normalize_case(case)
    assert str(info.value) == message


def test_file_content_as_base64_is_kept() -> None:
    c = normalize_case({"host": {"files": {"a": {"kind": "file", "contentBase64": "eA=="}}}})
    assert c["host"]["files"]["a"] == {"kind": "file", "contentBase64": "eA=="}


def test_trace_struct_marker_reads_as_an_object() -> None:
    from hcsdoc.reference.trace import STRUCT

    assert repr(STRUCT) == "{...}"


def test_spec_too_deep_to_copy_is_a_case_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from hcsdoc.reference import case as case_module

    def too_deep(text: str) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(case_module, "_loads", too_deep)
    with pytest.raises(CaseError, match=r"^case\.spec: nested too deeply"):
        case_module.normalize_case({"spec": [[[]]]})


def test_lone_surrogates_are_read_as_go_reads_them() -> None:
    """docs/case-format.md §1: every case string is read as Go's decoder reads it, a lone surrogate as U+FFFD."""
    c = normalize_case({"spec": {"h\udc80": "\ud800"}, "options": {"id": "a\udfff"}, "host": {"files": {"\ud800": {"kind": "dir"}}}})
    assert c["spec"] == {"h\ufffd": "\ufffd"}
    assert c["options"]["id"] == c["options"]["actualId"] == "a\ufffd"
    assert c["host"]["files"] == {"\ufffd": {"kind": "dir"}}
    assert normalize_case({"specText": '{"h":"\ud800"}'})["specText"] == '{"h":"\ufffd"}'


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ({"host": {"osBuild": True}}, "case.host.osBuild: expected uint16 (an integer in [0, 65535]), got boolean"),
        ({"host": {"osBuild": 17763.0}}, "case.host.osBuild: expected uint16 (an integer in [0, 65535]), got number"),
        ({"host": {"osBuild": 65536}}, "case.host.osBuild: expected uint16 (an integer in [0, 65535]), got 65536"),
        (
            {"host": {"processorCount": 2**31}},
            "case.host.processorCount: expected int32 (an integer in [-2147483648, 2147483647]), got 2147483648",
        ),
        (
            {"options": {"scaleCpuLimitsToSandbox": 1}},
            "case.options.scaleCpuLimitsToSandbox: expected boolean, got integer",
        ),
        ({"options": {"id": None}}, "case.options.id: expected string, got null"),
        ({"options": {"ID": "x"}}, "case.options: unknown key(s) ID"),
        (
            {"spec": {}, "specText": "{}"},
            "case: at most one of spec, specText, specBase64 may be non-null (got spec, specText)",
        ),
        ({"specBase64": "!!"}, "case.specBase64: not valid base64"),
        ({"spec": {"h": float("nan")}}, "case.spec: not a JSON value (Out of range float values are not JSON compliant"),
        ({"host": {"layerIds": {"a": "not-a-guid"}}}, "case.host.layerIds['a']: invalid GUID \"not-a-guid\""),
        ({"host": {"layerIds": {"a": {"errno": -1}}}}, "case.host.layerIds['a'].errno: expected uint32 (an integer in [0, 4294967295]), got -1"),
        (
            {"host": {"files": {"C:\\x": {"kind": "link"}}}},
            'case.host.files[\'C:\\\\x\'].kind: expected "dir" or "file"',
        ),
        ({"uvm": {"vsmbShares": [{"readOnly": True}]}}, r"case.uvm.vsmbShares[0].hostPath: required"),
        ({"uvm": {"vsmbShares": [{"hostPath": "C:\\", "kind": "disk"}]}}, "case.uvm.vsmbShares[0].kind"),
        ({"options": {"ccgState": {"Cookie": 1}}}, "case.options.ccgState.Cookie: expected string, got integer"),
        ([], "case: expected object, got array"),
    ],
)
def test_malformed_cases_name_the_key(case: Any, message: str) -> None:
    with pytest.raises(CaseError) as info:
        normalize_case(case)
    assert str(info.value).startswith(message), str(info.value)


def test_spec_bytes_per_form() -> None:
    assert case_spec_bytes(normalize_case({})) == b"null"
    assert (
        case_spec_bytes({"spec": {"hostname": "é<", "n": [1, 1.0, True]}})
        == '{"hostname":"é<","n":[1,1.0,true]}'.encode()
    )
    assert case_spec_bytes({"spec": None, "specText": '{"a":1,"A":2}'}) == b'{"a":1,"A":2}'
    raw = b'{"hostname":"\xff"}'
    assert case_spec_bytes(normalize_case({"specBase64": base64.b64encode(raw).decode()})) == raw


def test_canonical_json_is_type_strict() -> None:
    assert len({canonical_json([1]), canonical_json([1.0]), canonical_json([True])}) == 3
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'
    with pytest.raises(ValueError):
        canonical_json(float("inf"))


def test_generated_id_is_stable_and_ignores_omitted_defaults() -> None:
    a = generated_case_id({"spec": {"windows": {}}})
    assert a == generated_case_id(make_case({"windows": {}}))
    assert a.startswith("gen.") and len(a) == 16
    assert a != generated_case_id({"spec": {"windows": {"x": 1}}})


# ---------------------------------------------------------------------------------------------------------------
# strategies: well-formed cases


@given(cases(region="any"))
def test_every_case_is_complete_and_normal(case: dict[str, Any]) -> None:
    assert canonical_json(normalize_case(case)) == canonical_json(case)
    case_spec_bytes(case)


@given(cases(region="document", texts=False))
def test_document_spec_bytes_round_trip(case: dict[str, Any]) -> None:
    assert json.loads(case_spec_bytes(case)) == case["spec"]


# A subset of the runtime-spec schema (config-schema.json, config-windows.json, defs*.json at the vendored
# runtime-spec version), written from those documents for the parts hcsshim reads. Deliberate relaxations, each
# because hcsshim accepts more than the runtime-spec schema: credentialSpec may be any JSON value (Go type
# interface{}; hcsshim uses strings), idType any string (hcsshim takes vpci-* types), ociVersion and
# mount.destination optional (Go zero values), root may be readonly-less.
_STR = {"type": "string"}
_ARR_STR = {"type": "array", "items": _STR}
_U64 = {"type": "integer", "minimum": 0, "maximum": 18446744073709551615}
_U16 = {"type": "integer", "minimum": 0, "maximum": 65535}
_BOOL = {"type": "boolean"}
OCI_WINDOWS_SUBSET_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "required": ["root", "windows"],
    "properties": {
        "ociVersion": _STR,
        "hostname": _STR,
        "process": {"type": "object", "properties": {"cwd": _STR, "args": _ARR_STR, "terminal": _BOOL}},
        "root": {"type": "object", "required": ["path"], "properties": {"path": _STR, "readonly": _BOOL}},
        "mounts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"source": _STR, "destination": _STR, "options": _ARR_STR, "type": _STR},
            },
        },
        "annotations": {"type": "object", "patternProperties": {".{1,}": _STR}, "additionalProperties": False},
        "windows": {
            "type": "object",
            "required": ["layerFolders"],
            "properties": {
                "layerFolders": {"type": "array", "items": _STR, "minItems": 1},
                "devices": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "idType"],
                        "properties": {"id": _STR, "idType": _STR},
                    },
                },
                "resources": {
                    "type": "object",
                    "properties": {
                        "memory": {"type": "object", "properties": {"limit": _U64}},
                        "cpu": {"type": "object", "properties": {"count": _U64, "shares": _U16, "maximum": _U16}},
                        "storage": {"type": "object", "properties": {"iops": _U64, "bps": _U64, "sandboxSize": _U64}},
                    },
                },
                "network": {
                    "type": "object",
                    "properties": {
                        "endpointList": _ARR_STR,
                        "allowUnqualifiedDNSQuery": _BOOL,
                        "DNSSearchList": {"type": ["array", "null"], "items": _STR},
                        "networkSharedContainerName": _STR,
                        "networkNamespace": _STR,
                    },
                },
                "servicing": _BOOL,
                "ignoreFlushesDuringBoot": _BOOL,
                "hyperv": {"type": ["object", "null"], "properties": {"utilityVMPath": _STR}},
            },
        },
    },
}
_VALIDATOR = jsonschema.Draft4Validator(OCI_WINDOWS_SUBSET_SCHEMA)


@given(specs())
def test_document_specs_have_the_runtime_spec_shape(spec: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _VALIDATOR.iter_errors(spec)]
    assert not errors, errors


def test_schema_rejects_a_wrong_type() -> None:
    assert not _VALIDATOR.is_valid(
        {"root": {"path": "x"}, "windows": {"layerFolders": ["a"], "resources": {"cpu": {"shares": 70000}}}}
    )


@given(windows_sections(), annotation_maps(), mounts(), create_options(), uvms(), hosts())
def test_section_strategies(w: Any, a: Any, m: Any, o: Any, u: Any, h: Any) -> None:
    assert isinstance(w["layerFolders"], list) and len(w["layerFolders"]) >= 2
    assert all(isinstance(k, str) and isinstance(x, str) for k, x in a.items())
    assert all(isinstance(x, dict) for x in m)
    assert set(o) >= {"id", "actualId", "schemaVersion"}
    assert isinstance(u["vsmbShares"], list)
    assert set(h) == {"processorCount", "osBuild", "layerIds", "resolvedPaths", "files"}


@given(spec_texts())
def test_spec_texts_are_strings(text: str) -> None:
    text.encode("utf-8")


@given(spec_texts(equivalent=True))
def test_equivalent_texts_are_json(text: str) -> None:
    json.loads(text)  # Python keeps the last duplicate; Go merges: only syntax is checked here


def test_numeric_edges_cover_the_go_parser_cases() -> None:
    wanted = [
        "0",
        "1",
        "2",
        "2147483647",
        "2147483648",
        "4294967295",
        "4294967296",
        "4294967297",
        "18446744073709551615",
        "18446744073709551616",
        "-1",
        "+5",
        " 5",
        "5_000",
        "0x10",
        "\u0663",
        "",
        "abc",
        "007",
    ]
    assert set(wanted) <= set(NUMERIC_EDGE_VALUES)


@given(st.one_of(dir_paths(), file_paths()))
def test_paths_clean_form(p: Any) -> None:
    # The clean form is what the raw form reduces to: no '/', no '.', no '..', no doubled separators.
    assert "/" not in p.clean and "\\\\" not in p.clean[2:] and not p.clean.endswith("\\")
    assert all(seg not in (".", "..") for seg in p.clean.split("\\"))
    assert p.parent_clean == p.clean or p.clean.startswith(p.parent_clean + "\\")


# ---------------------------------------------------------------------------------------------------------------
# reachability and shrinking


@pytest.mark.parametrize("isolation", ISOLATIONS)
@settings(max_examples=10)
@given(data=st.data())
def test_every_isolation_is_drawable(isolation: str, data: st.DataObject) -> None:
    c = data.draw(cases(region="document", isolation=isolation))
    assert (c["uvm"] is not None) == (isolation in ("v2xenon", "v1xenon", "v1argon-uvm")) or isolation == "schema-other"


@pytest.mark.parametrize("kind", sorted(ERROR_KINDS))
@settings(max_examples=5)
@given(data=st.data())
def test_every_error_kind_is_drawable(kind: str, data: st.DataObject) -> None:
    normalize_case(data.draw(cases(region="error", error_kinds=(kind,))))


_FIND = settings(database=None, max_examples=500, suppress_health_check=list(HealthCheck))


def test_shrinks_to_a_minimal_pipe_case() -> None:
    def has_pipe(c: dict[str, Any]) -> bool:
        return any(m.get("source", "").startswith("\\\\.\\pipe\\") for m in (c["spec"] or {}).get("mounts", []))

    c = find(cases(region="document", isolation="v2argon", texts=False), has_pipe, settings=_FIND)
    # Each optional key has its own gate, so the shrinker removes all of them.
    assert set(c["spec"]) == {"root", "windows", "mounts"}
    assert c["spec"]["mounts"] == [{"source": "\\\\.\\pipe\\p"}]
    assert set(c["spec"]["windows"]) == {"layerFolders"}
    assert c["host"]["osBuild"] >= 16299


def test_shrinks_to_a_minimal_dump_case() -> None:
    c = find(
        cases(region="document", texts=False),
        lambda c: (
            {"io.microsoft.wcow.processdumpcount", "io.microsoft.container.processdumplocation"}
            <= set(c["spec"].get("annotations") or {})
        ),
        settings=_FIND,
    )
    assert set(c["spec"]["annotations"]) == {
        "io.microsoft.container.processdumplocation",
        "io.microsoft.wcow.processdumpcount",
    }


# ---------------------------------------------------------------------------------------------------------------
# drawing machinery (conformance.strategies._util)


def _cases_for(inputs: list[bytes], region: Any = "any") -> list[dict[str, Any] | None]:
    """The case each input makes through ``fuzz_one_input`` (as the structured fuzzer draws), None if none."""
    out: list[dict[str, Any] | None] = []

    @settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(cases(region=region))
    def collect(case: dict[str, Any]) -> None:
        out.append(case)

    for data in inputs:
        before = len(out)
        collect.hypothesis.fuzz_one_input(data)  # type: ignore[attr-defined]
        if len(out) == before:
            out.append(None)
    return out


def _inputs(n: int, seed: int) -> list[bytes]:
    import random

    rng = random.Random(seed)
    return [rng.randbytes(rng.choice((64, 512, 4096))) for _ in range(n)]


def test_fast_path_draws_what_the_strategies_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    # The Chooser draws pools and booleans straight on the ConjectureData; with that off, every draw goes through
    # the strategies. The same bytes must make the same case (and fail to make one) either way.
    import hcsdoc.conformance.strategies._util as util

    inputs = _inputs(300, 1)
    fast = _cases_for(inputs)
    monkeypatch.setattr(util, "FAST_PATH", False)
    slow = _cases_for(inputs)
    assert sum(c is not None for c in fast) > 200
    assert [None if c is None else canonical_json(c) for c in fast] == [
        None if c is None else canonical_json(c) for c in slow
    ]


def _containers(x: Any) -> list[Any]:
    out: list[Any] = []
    if isinstance(x, dict):
        out.append(x)
        for v in x.values():
            out += _containers(v)
    elif isinstance(x, list):
        out.append(x)
        for v in x:
            out += _containers(v)
    return out


def test_cases_share_no_dict_or_list_and_can_be_changed_in_place() -> None:
    # Pools hand out copies (no whole-case copy is made): no dict or list is shared within a case or between
    # cases, and changing drawn cases in place changes nothing that later draws make.
    inputs = _inputs(300, 2)
    drawn = [c for c in _cases_for(inputs) if c is not None]
    every = [x for c in drawn for x in _containers(c)]
    assert len({id(x) for x in every}) == len(every)
    before = [canonical_json(c) for c in _cases_for(inputs) if c is not None]
    for x in every:
        if isinstance(x, dict):
            x["x-changed"] = 1
        else:
            x.append("x-changed")
    assert [canonical_json(c) for c in _cases_for(inputs) if c is not None] == before
