"""The reference against every captured vector (conformance/vectors/*.json, results of the real Go hcsshim):
byte-exact documents, exact error texts, exact panic texts."""

from __future__ import annotations

from typing import Any

import pytest

from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.conformance.vectors.suite import SuiteError, Vector, load_suite
from hcsdoc.reference import run_case

try:
    _CASES: list[Vector] = load_suite().vectors
except SuiteError:  # no vector files in this checkout
    _CASES = []


def _result(expected: dict[str, Any]) -> dict[str, Any]:
    """The §2 result part of an expectation (without errorKind)."""
    return {k: v for k, v in expected.items() if k in ("documents", "bytes", "error", "panic")}


@pytest.mark.skipif(not _CASES, reason="no captured vectors in this checkout")
@pytest.mark.parametrize("vector", _CASES, ids=[v.id for v in _CASES])
def test_vector(vector: Vector) -> None:
    # canonical JSON: type-strict (Python's == takes 1 for 1.0 and True), and it handles documents as deep as Go's
    got = run_case(vector.case)
    assert got.get("bytes") == vector.expected.get("bytes")
    assert canonical_json(got) == canonical_json(_result(vector.expected))
