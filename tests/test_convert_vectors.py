"""The reference against every captured vector (conformance/vectors/*.json, results of the real Go hcsshim):
byte-exact documents, exact error texts, exact panic texts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.reference import run_case

_VECTORS = sorted((Path(__file__).parent.parent / "conformance" / "vectors").glob("*.json"))
_CASES: list[dict[str, Any]] = [c for f in _VECTORS for c in json.loads(f.read_text("utf-8"))["cases"]]


def _result(expected: dict[str, Any]) -> dict[str, Any]:
    """The §2 result part of an expectation (without errorKind)."""
    return {k: v for k, v in expected.items() if k in ("documents", "bytes", "error", "panic")}


@pytest.mark.skipif(not _CASES, reason="no captured vectors in this checkout")
@pytest.mark.parametrize("vector", _CASES, ids=[c["id"] for c in _CASES])
def test_vector(vector: dict[str, Any]) -> None:
    assert run_case(vector["case"]) == _result(vector["expected"])
