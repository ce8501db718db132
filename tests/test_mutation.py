"""Mutation testing of the reference (conformance/mutation/): mutants are enumerated in a stable order, applied in
a forked child without touching the checkout, killed by the vectors or by the differential stream, and reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("cosmic_ray")

from hcsdoc.conformance.mutation import execute as ex
from hcsdoc.conformance.mutation.points import all_mutants, mutated_source
from hcsdoc.conformance.mutation.report import render
from hcsdoc.conformance.vectors.suite import load_suite

# `is not None` -> `is None` on the DNSSearchList test of hcsdoc_wcow.py (found by its text: occurrence numbers
# shift whenever another `is not` is added to the file)
WCOW_DNS = next(
    m.key
    for m in all_mutants()
    if m.key.startswith("hcsoci/hcsdoc_wcow.py:ReplaceComparisonOperator_IsNot_Is:")
    and "if network.DNSSearchList is None:" in (mutated_source(m) or "")
)


def _mutant(key: str) -> ex.Mutant:
    return next(m for m in all_mutants() if m.key == key)


def _work(vectors: list[ex.Vec], cases: list[dict[str, object]]) -> ex.Workload:
    pristine, reached, at_import = ex.traced_results(cases)
    return ex.Workload(vectors, cases, pristine, reached, at_import, timeout=60, import_cap=len(cases))


def _dns_vectors() -> list[ex.Vec]:
    return [
        ex.Vec(v.id, v.case, v.expected)
        for v in load_suite().vectors
        if "documents" in v.expected and "DNSSearchList" in json.dumps(v.case)
    ][:3]


def test_mutants_are_enumerated_in_a_stable_order_with_unique_keys() -> None:
    ms = all_mutants()
    assert [m.index for m in ms] == list(range(len(ms)))
    assert len({m.key for m in ms}) == len(ms)
    m = _mutant(WCOW_DNS)
    source = mutated_source(m)
    assert source is not None and "if network.DNSSearchList is None:" in source
    assert "is not None" in m.path.read_text(encoding="utf-8")  # the checkout is untouched


def test_a_mutant_is_killed_by_the_vectors_in_a_child() -> None:
    vectors = _dns_vectors()
    assert vectors
    rec = ex.run_mutant(_mutant(WCOW_DNS), _work(vectors, []))
    assert rec["outcome"] == ex.KILLED_VECTORS and rec["by"] in {v.id for v in vectors}


def test_a_survivor_of_the_vectors_is_killed_by_the_differential_cases() -> None:
    cases = [v.case for v in _dns_vectors()]
    rec = ex.run_mutant(_mutant(WCOW_DNS), _work([], cases))
    assert rec["outcome"] == ex.KILLED_DIFF and rec["ran"] >= 1


def test_selection_runs_the_cases_that_execute_the_line() -> None:
    work = _work([], [v.case for v in _dns_vectors()])
    assert work.selection(_mutant(WCOW_DNS)) == list(range(len(work.cases)))  # every DNS case executes it
    # A line that neither a case nor the import executes runs no case; one run only at import runs them all.
    lines = [(x, {(x.module, x.line), (x.module, ex.statement_start(x.module, x.line))}) for x in all_mutants()]
    never = [x for x, w in lines if not w & work.at_import and not any(w & r for r in work.reached)]
    at_import = [x for x, w in lines if w & work.at_import and not any(w & r for r in work.reached)]
    assert never and at_import
    assert all(work.selection(x) == [] for x in never[:20])
    assert all(len(work.selection(x)) == len(work.cases) for x in at_import[:20])


def test_report_counts_and_scores(tmp_path: Path) -> None:
    header = {"reference": "r", "digest": "d", "examples": 10, "seed": 0, "importCap": 10, "prepareSeconds": 1.0}
    records = [
        {"outcome": ex.KILLED_VECTORS, "key": "a", "index": 0},
        {"outcome": ex.KILLED_DIFF, "key": "b", "index": 1, "ran": 3},
        {"outcome": ex.SURVIVED, "key": "c", "index": 2, "ran": 0},
        {"outcome": ex.TIMEOUT, "key": "d", "index": 3},
    ]
    text, unjudged = render([{**header, "shard": "1/1"}], records, [5.0])
    assert unjudged == 1
    assert "killed by the vectors | 2 | 50.0%" in text
    assert "killed only by the differential run | 1 | 25.0%" in text
    assert "vectors alone: 50.0%; vectors + 10-case differential run: 75.0%" in text


def test_report_counts_a_kill_after_a_fix() -> None:
    header = {"reference": "r", "digest": "d", "examples": 10, "seed": 0, "importCap": 10, "prepareSeconds": 1.0}
    records = [
        {"outcome": ex.KILLED_VECTORS, "key": "a", "index": 0},
        {"outcome": ex.SURVIVED, "key": "b", "index": 1, "ran": 3},
        {"outcome": ex.SURVIVED, "key": "c", "index": 2, "ran": 3},
    ]
    rerun_header = {**header, "digest": "d2", "vectors": 5, "shard": "1/1"}
    rerun = (
        [rerun_header, rerun_header],
        [
            {"outcome": ex.KILLED_VECTORS, "key": "b", "index": 1, "by": "new.vector"},
            {"outcome": ex.SURVIVED, "key": "c", "index": 2, "ran": 3},
            {"outcome": ex.SURVIVED, "key": "b", "index": 1, "ran": 3},  # a later rerun does not undo a kill
        ],
        [1.0, 1.0],
    )
    text, unjudged = render([{**header, "shard": "1/1"}], records, [5.0], rerun)
    assert unjudged == 1
    assert "killed when run again after fixes | 1 |" in text
    assert "- `b`: killed-vectors (by new.vector)" in text
    assert "After the fixes below: 66.7% killed" in text


def test_statement_start_of_a_continuation_line() -> None:
    m = _mutant(WCOW_DNS)
    assert ex.statement_start(m.module, m.line) == m.line
    table = next(x for x in all_mutants() if x.module == "gofmt.py" and x.operator == "core/NumberReplacer")
    assert ex.statement_start("gofmt.py", table.line) < table.line  # a row of the multi-line table
