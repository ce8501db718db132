"""The case model's raw-form relation (docs/case-format.md §1): ``run_case(raw) == run_case(normalize_case(raw))``.

A lone surrogate of a raw case is U+FFFD in its complete form (Go's decoding of the case file), and ``run_case``
reads a raw case with the same rule. Pinned on the vectors' raw forms (conformance/mutation/rawforms.py: each
must give its vector's captured result) and on a hand-made case holding U+FFFD in host tables, where no vector has
one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from hcsdoc.conformance.mutation.rawforms import RawForm, raw_forms, raw_variants
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.conformance.results.compare import compare_result
from hcsdoc.conformance.vectors.suite import load_suite
from hcsdoc.reference import make_case, normalize_case, run_case

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
GUID = "0b8e3c8e-1c8b-4f1e-9a0e-2f3c4d5e6f70"


@pytest.fixture(scope="module")
def forms() -> list[RawForm]:
    return raw_forms(load_suite().vectors)


def _realizable(case: Any) -> bool:
    """What ``json.loads`` reads from a case file (escaped surrogates that pair would be read as one character)."""
    return bool(json.loads(json.dumps(case)) == case)


def test_the_vectors_have_raw_forms_in_each_kind_of_place(forms: list[RawForm]) -> None:
    assert len(forms) >= 100
    places = {f.where.split(".")[0] for f in forms}
    assert {"spec", "specText", "options"} <= places
    assert {f.surrogate for f in forms} == {chr(0xD800), chr(0xDFFF)}  # both ends of the range


def test_each_raw_form_normalizes_back_to_its_vector(forms: list[RawForm]) -> None:
    vectors = {v.id: v for v in load_suite().vectors}
    for f in forms:
        case = vectors[f.id].case
        assert LONE_SURROGATE.search(canonical_json(f.case)), f.label
        assert canonical_json(f.case) != canonical_json(case)
        assert _realizable(f.case), f.label
        assert canonical_json(normalize_case(f.case)) == canonical_json(case), f.label
        assert f.expected == vectors[f.id].expected


def test_each_raw_form_gives_its_vectors_expected_result(forms: list[RawForm]) -> None:
    failing = [f.label for f in forms if compare_result(f.expected, run_case(f.case)).outcome != "pass"]
    assert failing == []


def test_a_raw_case_with_surrogates_in_host_tables_converts_as_its_complete_form() -> None:
    spec = {
        "ociVersion": "1.0.2",
        "hostname": "h\ufffd",
        "root": {"path": f"\\\\?\\Volume{{{GUID}}}\\"},
        "windows": {"layerFolders": ["C:\\l\\base\ufffd", "C:\\s"]},
        "mounts": [{"destination": "C:\\d\ufffd", "source": "C:\\data\ufffd", "options": []}],
    }
    case = make_case(
        spec,
        id="c\ufffd",
        layerIds={"base\ufffd": GUID},
        resolvedPaths={"C:\\data\ufffd": "C:\\real\ufffd"},
        files={"C:\\real\ufffd": {"kind": "dir"}},
    )
    expected = run_case(case)
    assert "documents" in expected  # the layer name, the resolved path and the id all reach the documents
    v2 = expected["documents"]["v2"]
    assert v2["MappedDirectories"][0]["HostPath"] == "C:\\real\ufffd"
    assert v2["Storage"]["Layers"][0]["Id"] == GUID
    variants = raw_variants(case)
    wheres = {w for w, _, _ in variants}
    assert {"host.layerIds key 'base\ufffd'", "host.resolvedPaths key 'C:\\\\data\ufffd'"} <= wheres
    assert "host.resolvedPaths.C:\\data\ufffd" in wheres and "options.id" in wheres
    for where, _, raw in variants:
        assert _realizable(raw), where
        assert canonical_json(normalize_case(raw)) == canonical_json(case), where
        assert canonical_json(run_case(raw)) == canonical_json(expected), where


def test_only_raw_forms_that_normalize_back_to_their_vector_are_kept() -> None:
    @dataclass(frozen=True)
    class V:
        id: str
        case: dict[str, Any]
        expected: dict[str, Any]

    case = make_case({"hostname": "h\ufffd"})
    assert [(f.where, f.surrogate) for f in raw_forms([V("v", case, {})])] == [
        ("spec.hostname", "\ud800"),
        ("spec.hostname", "\udfff"),
    ]
    # the same spec in a case that is not complete: its raw variants normalize to the complete case, not to it
    partial = {"spec": {"hostname": "h\ufffd"}}
    assert len(raw_variants(partial)) == 2
    assert raw_forms([V("w", partial, {})]) == []
