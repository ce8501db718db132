"""The vectors' raw forms in ``hcsdoc mutate`` (conformance/mutation/rawforms.py, the raw step of execute.py's
vectors stage): they kill a mutant of the case model's string rule that no complete case can reach, and never kill
the pristine reference."""

from __future__ import annotations

import pytest

pytest.importorskip("cosmic_ray")

from hcsdoc.conformance.mutation import execute as ex
from hcsdoc.conformance.mutation.points import all_mutants, mutated_source
from hcsdoc.conformance.mutation.rawforms import RawForm, raw_forms
from hcsdoc.conformance.vectors.suite import load_suite

# `if s.isascii():` -> `if not s.isascii():` in caseinput.gostr (found by its text, as in tests/test_mutation.py)
GOSTR_NOT = next(
    m
    for m in all_mutants()
    if m.module == "caseinput.py"
    and m.operator.endswith("AddNot")
    and "    if not s.isascii():\n        return s\n" in (mutated_source(m) or "")
)


def _with_forms(n: int = 3) -> tuple[list[ex.Vec], list[RawForm]]:
    """The first ``n`` vectors that have raw forms, and their raw forms."""
    vectors = [ex.Vec(v.id, v.case, v.expected) for v in load_suite().vectors]
    forms = raw_forms(vectors)
    ids = list(dict.fromkeys(f.id for f in forms))[:n]
    return [v for v in vectors if v.id in ids], [f for f in forms if f.id in ids]


def _work(vectors: list[ex.Vec], forms: list[RawForm]) -> ex.Workload:
    _, reached, at_import = ex.traced_results([*(v.case for v in vectors), *(f.case for f in forms)])
    n = len(vectors)
    return ex.Workload(
        vectors, [], [], [], at_import, 60, 0, vector_reached=reached[:n], raw=forms, raw_reached=reached[n:]
    )


def test_the_mutant_is_the_gostr_ascii_test() -> None:
    assert GOSTR_NOT.key == "caseinput.py:AddNot:0"
    assert "if s.isascii():" in GOSTR_NOT.path.read_text(encoding="utf-8")  # the checkout is untouched


def test_the_raw_forms_kill_the_gostr_mutant_that_the_vectors_miss() -> None:
    vectors, forms = _with_forms()
    assert len(vectors) == 3 and forms
    work = _work(vectors, forms)
    assert work.vector_selection(GOSTR_NOT) and work.raw_selection(GOSTR_NOT)
    without = ex.run_mutant(GOSTR_NOT, ex.Workload(vectors, [], [], [], work.at_import, 60, 0, work.vector_reached))
    assert without["outcome"] == ex.SURVIVED and without["vectorsRan"] == len(vectors)
    rec = ex.run_mutant(GOSTR_NOT, work)
    assert rec["outcome"] == ex.KILLED_VECTORS and rec["rawForm"] is True
    assert rec["by"] in {f.label for f in forms} and " raw form: " in rec["by"]


def test_the_raw_forms_pass_on_the_pristine_reference() -> None:
    from hcsdoc.reference import run_case

    vectors = [ex.Vec(v.id, v.case, v.expected) for v in load_suite().vectors]
    forms = raw_forms(vectors)
    assert len(forms) >= 100
    assert ex.first_failure(forms, run_case) is None
    # and the check can fail: a result that is not the vector's
    assert ex.first_failure(forms[:1], lambda c: {"error": "not the vector's"}) is forms[0]


def test_a_mutant_runs_the_raw_forms_that_execute_its_statement() -> None:
    _, forms = _with_forms(2)
    start = ex.statement_start(GOSTR_NOT.module, GOSTR_NOT.line)
    mutated = frozenset({(GOSTR_NOT.module, start)})
    assert len(forms) >= 3
    reached = [mutated if i % 2 == 0 else frozenset() for i in range(len(forms))]
    # the selection reads each raw form's own lines (a vector that does not run the statement says nothing)
    work = ex.Workload([], [], [], [], frozenset(), 60, 0, vector_reached=[], raw=forms, raw_reached=reached)
    assert work.raw_selection(GOSTR_NOT) == forms[::2]
    work = ex.Workload([], [], [], [], mutated, 60, 0, vector_reached=[], raw=forms, raw_reached=reached)
    assert work.raw_selection(GOSTR_NOT) == forms  # a statement the import runs concerns every raw form
