"""Properties of the reference (``reference.run_case``) that hold for the real Go code too.

Each property states a fact about hcsshim v0.11.8 + Go's encoding/json (docs/case-format.md, the behaviour map);
none compares against a hand-written expected document. They run on cases from conformance.strategies.
"""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.conformance.strategies import ERROR_KINDS, cases
from hcsdoc.conformance.strategies.gojson import go_equivalent_text

run_case = pytest.importorskip("hcsdoc.reference").run_case

Case = dict[str, Any]
_WAIT_TO_KILL = {
    "Key": {"Hive": "System", "Name": "ControlSet001\\Control"},
    "Name": "WaitToKillServiceTimeout",
    "Type": "String",
    "StringValue": "2147483647",
}
_UINT64_ANNOTATIONS = (
    "io.microsoft.container.processor.count",
    "io.microsoft.container.processor.limit",
    "io.microsoft.container.processor.weight",
    "io.microsoft.container.memory.sizeinmb",
    "io.microsoft.container.storage.qos.bandwidthmaximum",
    "io.microsoft.container.storage.qos.iopsmaximum",
)
# strconv.ParseUint(v, 10, 64) rejects all of these (syntax or range), and hcsshim then falls back to the default,
# exactly as if the annotation were absent.
_UNPARSABLE_UINT64 = (
    "+5",
    " 5",
    "5 ",
    "5_000",
    "0x10",
    "\u0663",
    "",
    "abc",
    "-1",
    "-0",
    "1e3",
    "5\n",
    "18446744073709551616",
)


def _kind(result: dict[str, Any]) -> str:
    kinds = [k for k in ("documents", "error", "panic") if k in result]
    assert len(kinds) == 1, result
    return kinds[0]


def _same(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert canonical_json(a) == canonical_json(b)


def _is_v1_xenon(case: Case) -> bool:
    sv = case["options"]["schemaVersion"]
    w = (case["spec"] or {}).get("windows") or {}
    return sv == {"Major": 1, "Minor": 0} and case["uvm"] is not None and w.get("hyperv") is not None


def _is_argon(case: Case) -> bool:
    sv = case["options"]["schemaVersion"]
    w = (case["spec"] or {}).get("windows") or {}
    v2argon = sv == {"Major": 2, "Minor": 1} and case["uvm"] is None
    v1argon = sv == {"Major": 1, "Minor": 0} and w.get("hyperv") is None
    return v2argon or v1argon


# ---------------------------------------------------------------------------------------------------------------
# result shape


@given(cases(region="any"))
def test_deterministic_and_exactly_one_outcome(case: Case) -> None:
    first = run_case(copy.deepcopy(case))
    _same(first, run_case(copy.deepcopy(case)))
    kind = _kind(first)
    if kind == "documents":
        assert set(first) == {"documents", "bytes"}
        for v in ("v1", "v2"):
            text = first["bytes"][v]
            assert canonical_json(json.loads(text)) == canonical_json(first["documents"][v])
            # json.Marshal's HTML-safe escaping and U+2028/9 escaping: these never appear raw.
            assert not any(ch in text for ch in "<>&\u2028\u2029")
    else:
        assert set(first) == {kind} and isinstance(first[kind], str)


# ---------------------------------------------------------------------------------------------------------------
# Go invariants of the documents


@given(cases(region="document", texts=False))
def test_document_region_reaches_documents(case: Case) -> None:
    result = run_case(case)
    assert _kind(result) == "documents", result


@given(cases(region="any", texts=False))
def test_document_invariants(case: Case) -> None:
    result = run_case(case)
    if "documents" not in result:
        return
    v1, v2 = result["documents"]["v1"], result["documents"]["v2"]
    opts = case["options"]
    assert v1["SystemType"] == "Container"
    assert v1["Name"] == opts["actualId"]
    assert v1.get("Owner", "") == opts["owner"]
    # The first registry value is always WaitToKillServiceTimeout; the dump adds exactly three more.
    adds = v2["RegistryChanges"]["AddValues"]
    assert adds[0] == _WAIT_TO_KILL and len(adds) in (1, 4)
    # Processor and Storage are always present in v2 (non-nil pointers, even when empty).
    assert "Processor" in v2 and "Storage" in v2
    # ConvertCPULimits: at most one of count, limit and weight is positive.
    assert sum(1 for k in ("Count", "Maximum", "Weight") if v2["Processor"].get(k, 0) > 0) <= 1
    if isinstance(case["spec"], dict):  # (spec texts may spell keys differently: skip the spec-reading checks)
        # HvPartition is set only in the V1 Xenon branch; v1 Layers is non-null only in the Argon branch.
        assert v1["HvPartition"] is _is_v1_xenon(case)
        assert (v1["Layers"] is not None) is _is_argon(case)
        # The scratch folder is the last layer folder.
        assert v1.get("LayerFolderPath", "") == case["spec"]["windows"]["layerFolders"][-1]
    # Named pipes never succeed below RS3 (16299); device extensions never below 20348.
    if case["host"]["osBuild"] < 16299:
        assert "MappedPipes" not in v1 and "MappedPipes" not in v2
    if case["host"]["osBuild"] < 20348:
        assert "AdditionalDeviceNamespace" not in v2
    # Additional mounts go to v2 only, after the spec's mounts.
    extra = opts["windowsAdditionalMounts"] or []
    assert len(v2.get("MappedDirectories", [])) == len(v1.get("MappedDirectories", [])) + len(extra)
    # Memory: v1 is int64(v2's uint64), both present or both absent.
    if "Memory" in v2:
        size = v2["Memory"]["SizeInMB"]
        assert v1["MemoryMaximumInMB"] == (size - (1 << 64) if size >= 1 << 63 else size)
    else:
        assert "MemoryMaximumInMB" not in v1
    # Assigned devices only exist for schema 2.1.
    if opts["schemaVersion"] != {"Major": 2, "Minor": 1}:
        assert "AssignedDevices" not in v2


# ---------------------------------------------------------------------------------------------------------------
# decoder invariants (Go's encoding/json)


@settings(max_examples=60)
@given(case=cases(region="document", texts=False), data=st.data())
def test_equivalent_spec_texts_give_the_same_result(case: Case, data: st.DataObject) -> None:
    """Key case and Unicode folding, escapes, whitespace, unknown keys, same-typed earlier duplicates and a null
    after a string or bool field do not change what Go decodes."""
    text = data.draw(go_equivalent_text(case["spec"]))
    _same(run_case(case), run_case({**case, "spec": None, "specText": text}))


@settings(max_examples=40)
@given(case=cases(region="document", texts=False), how=st.sampled_from(("surrogate", "invalid-utf8")))
def test_bad_unicode_decodes_to_replacement_character(case: Case, how: str) -> None:
    """A lone surrogate escape and an invalid UTF-8 byte both decode to U+FFFD."""
    marker = "MARKER-5f3a"
    with_marker = {**case["spec"], "hostname": marker}
    text = json.dumps(with_marker, ensure_ascii=False, separators=(",", ":"))
    plain = {**case, "spec": {**case["spec"], "hostname": "a\ufffdb"}}
    if how == "surrogate":
        variant = {**case, "spec": None, "specText": text.replace(marker, "a\\ud800b")}
    else:
        raw = text.encode("utf-8").replace(marker.encode(), b"a\xffb")
        variant = {**case, "spec": None, "specBase64": base64.b64encode(raw).decode()}
    _same(run_case(plain), run_case(variant))


@settings(max_examples=60)
@given(
    case=cases(region="any", texts=False),
    key=st.sampled_from(_UINT64_ANNOTATIONS),
    value=st.sampled_from(_UNPARSABLE_UINT64),
)
def test_unparsable_uint64_annotation_is_like_no_annotation(case: Case, key: str, value: str) -> None:
    if not isinstance(case["spec"], dict):
        return
    absent = copy.deepcopy(case)
    (absent["spec"].get("annotations") or {}).pop(key, None)
    present = copy.deepcopy(absent)
    present["spec"].setdefault("annotations", {})[key] = value
    _same(run_case(absent), run_case(present))


@settings(max_examples=40)
@given(
    case=cases(region="any", texts=False),
    key=st.sampled_from(("x.unknown", "IO.MICROSOFT.CONTAINER.MEMORY.SIZEINMB", "")),
)
def test_unread_annotation_changes_nothing(case: Case, key: str) -> None:
    """Annotation keys are matched exactly; a key hcsshim does not read has no effect."""
    if not isinstance(case["spec"], dict):
        return
    more = copy.deepcopy(case)
    more["spec"].setdefault("annotations", {})[key] = "12"
    _same(run_case(case), run_case(more))


@settings(max_examples=40)
@given(case=cases(region="any", texts=False))
def test_null_annotations_value_is_empty_string(case: Case) -> None:
    """``"annotations":{"k":null}`` decodes to ``k:""`` in Go."""
    if not isinstance(case["spec"], dict) or not case["spec"].get("annotations"):
        return
    key = sorted(case["spec"]["annotations"])[0]
    empty = copy.deepcopy(case)
    empty["spec"]["annotations"][key] = ""
    nulled = copy.deepcopy(case)
    nulled["spec"]["annotations"][key] = None
    _same(run_case(empty), run_case(nulled))


# ---------------------------------------------------------------------------------------------------------------
# the error region hits errors (and the panic kinds panic)


@pytest.mark.parametrize("kind", sorted(ERROR_KINDS))
@settings(max_examples=15)
@given(data=st.data())
def test_error_kind_fails(kind: str, data: st.DataObject) -> None:
    case = data.draw(cases(region="error", error_kinds=(kind,)))
    result = run_case(case)
    assert _kind(result) == ("panic" if kind.startswith("panic-") else "error"), result
