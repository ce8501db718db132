"""Comparison levels and the mismatch explanations (conformance/results/compare.py)."""

from __future__ import annotations

import json
from typing import Any

from hcsdoc.conformance.results.canonical import canonical_json, strict_loads
from hcsdoc.conformance.results.compare import CompareLevels, compare_result, explain_documents


def docs(v1: Any, v2: Any, b1: str | None = None, b2: str | None = None) -> dict[str, Any]:
    return {
        "documents": {"v1": v1, "v2": v2},
        "bytes": {"v1": b1 if b1 is not None else json.dumps(v1), "v2": b2 if b2 is not None else json.dumps(v2)},
    }


STRUCT = CompareLevels("structural", "text")


def test_canonical_tells_int_float_bool_apart() -> None:
    assert canonical_json({"a": 1}) == '{"a":1}'
    assert canonical_json({"a": 1.0}) == '{"a":1.0}'
    assert canonical_json({"a": True}) == '{"a":true}'
    assert canonical_json({"b": "é", "a": [1, 2]}) == '{"a":[1,2],"b":"é"}'


def test_strict_loads_refuses_nan() -> None:
    for text in ("NaN", '{"a": Infinity}', "[-Infinity]"):
        try:
            strict_loads(text)
        except ValueError as exc:
            assert "is not JSON" in str(exc)
        else:
            raise AssertionError(text)


def test_numeric_type_changes_fail_even_inside_lists() -> None:
    # Python's == says these are equal; the verdict must not.
    for exp, act in (
        ({"n": 1}, {"n": 1.0}),
        ({"n": [2]}, {"n": [2.0]}),
        ({"n": [True]}, {"n": [1]}),
        ({"n": 0}, {"n": False}),
    ):
        assert exp == act
        cmp = compare_result(docs(exp, {}), docs(act, {}), STRUCT)
        assert cmp.outcome == "fail"
        assert cmp.mismatches[0]["change"] == "type_changes"
        assert cmp.mismatches[0]["path"].startswith("/v1/n")


def test_list_item_type_change_is_explained_at_its_index() -> None:
    # deepdiff's default difflib pairing reports nothing here (research/testing-anchors.md 3.3); zip does.
    out = explain_documents({"l": [1, 2, 3]}, {"l": [1, 2.0, 3]})
    assert out == [{"path": "/l/1", "change": "type_changes", "expected": 2, "actual": 2.0}]


def test_dunder_keys_are_compared() -> None:
    out = explain_documents({"__x": 1}, {"__x": 2})
    assert out == [{"path": "/__x", "change": "values_changed", "expected": 1, "actual": 2}]


def test_mostly_changed_dict_is_reported_per_key() -> None:
    out = explain_documents({"a": 1, "b": 2, "c": 3}, {"x": 1, "y": 2, "c": 4})
    assert [m["path"] for m in out] == ["/a", "/b", "/c", "/x", "/y"]
    assert {m["path"]: m["change"] for m in out}["/c"] == "values_changed"


def test_pointer_escapes_slash_and_tilde() -> None:
    out = explain_documents({"a/b": {"c~d": 1}}, {"a/b": {"c~d": 2}})
    assert out[0]["path"] == "/a~1b/c~0d"


def test_missing_versus_null_are_distinct() -> None:
    out = explain_documents({"a": None}, {})
    assert out == [{"path": "/a", "change": "dictionary_item_removed", "expected": None}]
    out = explain_documents({}, {"a": None})
    assert out == [{"path": "/a", "change": "dictionary_item_added", "actual": None}]


def test_document_paths_name_the_document() -> None:
    cmp = compare_result(docs({"Name": "a"}, {"Owner": "o"}), docs({"Name": "a"}, {"Owner": "p"}), STRUCT)
    assert cmp.outcome == "fail"
    assert cmp.mismatches == [{"path": "/v2/Owner", "change": "values_changed", "expected": "o", "actual": "p"}]


def test_bytes_level() -> None:
    exp = docs({"A": "<"}, {}, b1='{"A":"\\u003c"}', b2="{}")
    same_bytes = docs({"A": "<"}, {}, b1='{"A":"\\u003c"}', b2="{}")
    other_bytes = docs({"A": "<"}, {}, b1='{"A":"<"}', b2="{}")
    assert compare_result(exp, same_bytes).outcome == "pass"
    assert compare_result(exp, other_bytes, STRUCT).outcome == "pass"
    cmp = compare_result(exp, other_bytes)
    assert cmp.outcome == "fail"
    assert cmp.mismatches[0]["path"] == "/bytes/v1"
    assert cmp.mismatches[0]["offset"] == 6
    no_bytes = {"documents": exp["documents"]}
    cmp = compare_result(exp, no_bytes)
    assert cmp.outcome == "fail" and cmp.mismatches[0]["change"] == "missing"
    assert compare_result(exp, no_bytes, STRUCT).outcome == "pass"


def test_errors_by_text_and_by_kind() -> None:
    exp = {"error": "cpu count 3 and limit 5 are mutually exclusive", "errorKind": "cpu-exclusive"}
    other_numbers = {"error": "cpu count 4 and limit 5 are mutually exclusive"}
    cmp = compare_result(exp, other_numbers)
    assert cmp.outcome == "error-mismatch"
    assert cmp.mismatches[0]["expected"] == exp["error"]

    def classify(text: str) -> str:
        return "cpu-exclusive" if "mutually exclusive" in text else "unknown"

    kind = CompareLevels("structural", "kind")
    assert compare_result(exp, other_numbers, kind, classify).outcome == "pass"
    assert compare_result(exp, {"error": "something else"}, kind, classify).outcome == "error-mismatch"
    # the adapter's own errorKind is used when it sends one
    assert compare_result(exp, {"error": "x", "errorKind": "cpu-exclusive"}, kind, None).outcome == "pass"
    # "unknown" names no site: two unknown errors are not the same kind
    unknown = {"error": "a", "errorKind": "unknown"}
    assert compare_result(unknown, {"error": "b"}, kind, classify).outcome == "error-mismatch"


def test_result_kind_mismatches() -> None:
    d = docs({}, {})
    err = {"error": "boom", "errorKind": "k"}
    panic = {"panic": "runtime error: integer divide by zero"}
    assert compare_result(d, err).outcome == "unexpected-error"
    assert compare_result(d, panic).outcome == "unexpected-error"
    assert compare_result(err, d).outcome == "unexpected-documents"
    assert compare_result(panic, d).outcome == "unexpected-documents"
    cmp = compare_result(err, {"panic": "boom"})
    assert cmp.outcome == "error-mismatch"
    assert cmp.message == "expected error 'boom', got panic 'boom'"
    assert compare_result(panic, {"panic": "runtime error: integer divide by zero"}).outcome == "pass"
