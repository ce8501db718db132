"""Mutation testing of the reference (conformance/mutation/): mutants are enumerated in a stable order, applied in
a forked child without touching the checkout, killed by the vectors or by the differential stream, and reported."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

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


def test_vectors_that_never_execute_the_line_are_not_run() -> None:
    dns = _dns_vectors()
    other = [
        ex.Vec(v.id, v.case, v.expected)
        for v in load_suite().vectors
        if "documents" in v.expected and "DNSSearchList" not in json.dumps(v.case)
    ][:2]
    vectors = [*dns, *other]
    _, reached, at_import = ex.traced_results([v.case for v in vectors])
    work = ex.Workload(vectors, [], [], [], at_import, timeout=60, import_cap=0, vector_reached=reached)
    assert [v.id for v in work.vector_selection(_mutant(WCOW_DNS))] == [v.id for v in dns]
    table = next(x for x in all_mutants() if x.module == "gofmt.py" and x.operator == "core/NumberReplacer")
    assert work.vector_selection(table) == vectors  # a line the import runs concerns every vector


def test_a_line_run_at_import_and_by_some_cases_selects_both() -> None:
    cases = [v.case for v in _dns_vectors()]
    work = _work([], cases)
    work = ex.Workload([], cases, work.pristine, [frozenset()] * len(cases), work.at_import, 60, import_cap=1)
    table = next(x for x in all_mutants() if x.module == "gofmt.py" and x.operator == "core/NumberReplacer")
    assert work.selection(table) == [0]
    start = ex.statement_start(table.module, table.line)
    reached = [frozenset()] * (len(cases) - 1) + [frozenset({(table.module, start)})]
    work = ex.Workload([], cases, work.pristine, reached, work.at_import, 60, import_cap=1)
    assert work.selection(table) == [0, len(cases) - 1]


def test_each_case_is_traced_with_the_memo_tables_empty() -> None:
    case = _dns_vectors()[0].case
    _, reached, _ = ex.traced_results([case, case])
    # The second run records the lines that built the tables too. Only the type descriptors' memoised hash (one per
    # instance, made at the first lookup) is not made again; how a hash is computed changes no result.
    import inspect

    from hcsdoc.reference import gotypes

    hash_fn = gotypes.Basic.__hash__
    src, first = inspect.getsourcelines(hash_fn)
    hash_lines = {("gotypes.py", first + i) for i in range(len(src))}
    assert reached[0] - reached[1] <= hash_lines
    assert reached[1] <= reached[0]
    assert {line for mod, line in reached[1] if mod == "gojson/types.py"}  # the struct plans were built again


def _tables() -> dict[str, int]:
    """The size of every module-level dict and functools cache of the loaded reference."""
    import sys

    sizes: dict[str, int] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith(ex.PACKAGE + "."):
            continue
        for attr, value in vars(module).items():
            if isinstance(value, dict):
                sizes[f"{name}.{attr}"] = len(value)
            elif hasattr(value, "cache_info") and getattr(value, "__module__", None) == name:
                sizes[f"{name}.{attr}"] = value.cache_info().currsize
    return sizes


def test_every_memo_table_of_the_reference_is_emptied_before_a_traced_case() -> None:
    from hcsdoc.reference import run_case

    ex.empty_caches()
    before = _tables()
    for v in load_suite().vectors[:300]:
        ex.run_one(v.case, run_case)
    grown = {k for k, n in _tables().items() if n > before.get(k, 0)}
    listed = {f"{ex.PACKAGE}.{module}.{attr}" for module, attr in ex.CACHES}
    assert grown, "the vectors filled no table: the check would pass vacuously"
    assert grown <= listed, f"memo tables missing from execute.CACHES: {sorted(grown - listed)}"


def _source_line(m: ex.Mutant) -> str:
    return m.path.read_text(encoding="utf-8").splitlines()[m.line - 1]


def test_rules_match_their_syntactic_position_only() -> None:
    from hcsdoc.conformance.mutation.judge import EQUIVALENT, OUTSIDE, judge

    ms = all_mutants()
    annotated = [m for m in ms if m.operator.endswith("BitOr_BitAnd") and "def " in _source_line(m)]
    assert annotated and all(judge(m, {}) is not None and judge(m, {})[0].name == "annotation" for m in annotated)
    # `a | b` in an expression of a function body is no annotation
    flags = [m for m in ms if m.operator.endswith("BitOr_BitAnd") and "def " not in _source_line(m)]
    assert any(judge(m, {}) is None for m in flags)
    omit = [m for m in ms if m.module == "specs.py" and "omitempty=True" in _source_line(m)]
    assert omit and all(judge(m, {})[0].name == "decoded-only-omitempty" for m in omit)  # type: ignore[index]
    document_omit = [m for m in ms if m.module == "hcsschema.py" and "omitempty=True" in _source_line(m)]
    assert document_omit and all(judge(m, {}) is None for m in document_omit)  # encoded: omitempty matters
    outside = {"case.py", "trace.py", "hcsoci/trace_wcow.py"}
    assert all(judge(m, {}, OUTSIDE) is not None for m in ms if m.module in outside)
    assert all(judge(m, {}, OUTSIDE) is None for m in ms if m.module not in outside)
    assert judge(_mutant(WCOW_DNS), {}, EQUIVALENT) is None


def _imported_reference_modules(start: str) -> set[str]:
    """The reference modules ``start`` imports, transitively (from the source; ``__init__`` re-exports left out)."""
    import ast

    from hcsdoc.conformance.mutation.points import REFERENCE_DIR

    def files_of(name: str) -> list[str]:
        rel = name.removeprefix(ex.PACKAGE).strip(".").replace(".", "/")
        return [p for p in (f"{rel}.py", f"{rel}/__init__.py") if (REFERENCE_DIR / p).is_file()]

    seen: set[str] = set()
    todo = [start]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        for node in ast.walk(ast.parse((REFERENCE_DIR / module).read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(ex.PACKAGE):
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.startswith(ex.PACKAGE)]
            for name in names:
                todo += [f for f in files_of(name) if f != "__init__.py"]
    return seen


def test_no_tracer_is_installed_while_run_case_converts() -> None:
    from hcsdoc.reference import run_case, trace

    seen: list[object] = []
    vector = _dns_vectors()[0]
    original = trace.__dict__.get("active")
    run_case(vector.case)
    seen.append(trace.active)
    assert seen == [None] and original is None


def test_the_converter_never_imports_the_case_model() -> None:
    reached = _imported_reference_modules("api.py")
    assert {"hcsoci/hcsdoc_wcow.py", "caseinput.py", "specs.py"} <= reached  # the walk follows imports
    assert "case.py" not in reached


def test_no_spec_type_is_part_of_an_encoded_document_type() -> None:
    from hcsdoc.reference import api, specs
    from hcsdoc.reference.gotypes import Map, Ptr, Slice, Struct, struct_fields

    seen: set[type[object]] = set()
    todo = [api._V1_GO, api._V2_GO]
    while todo:
        go = todo.pop()
        if isinstance(go, Ptr | Slice | Map):
            todo.append(go.elem)
        elif isinstance(go, Struct) and go.cls not in seen:
            seen.add(go.cls)
            todo += [f.go for f in struct_fields(go.cls)]
    assert len(seen) > 20
    assert not [c for c in seen if c.__module__ == specs.__name__]


def test_a_bare_if_paren_line_is_found_through_its_condition_lines() -> None:
    """``if (`` with the condition on the next lines has no line event of its own (Python 3.11): the mutant of the
    ``if`` must select the vectors that run the condition's lines."""
    bare = next(m for m in all_mutants() if m.module == "oci.py" and _source_line(m).strip() == "if (")
    lines = ex.statement_lines(bare.module, bare.line)
    assert len(lines) > 1 and lines[0] == bare.line
    vectors = [ex.Vec(v.id, v.case, v.expected) for v in load_suite().vectors[:400]]
    _, reached, at_import = ex.traced_results([v.case for v in vectors])
    assert not any((bare.module, bare.line) in r for r in reached)  # the line itself never has an event
    work = ex.Workload(vectors, [], [], [], at_import, timeout=60, import_cap=0, vector_reached=reached)
    assert work.vector_selection(bare)


def test_a_run_that_leaves_the_recursion_limit_changed_is_a_crash() -> None:
    """The reference raises the recursion limit for deep values and must put it back: a mutant that does not (room's
    counting) gives the same documents but leaves the interpreter able to overflow the C stack later."""
    before = sys.getrecursionlimit()

    def leaky(case: dict[str, Any]) -> dict[str, Any]:
        sys.setrecursionlimit(before + 1)
        return {"error": "x"}

    result = ex.run_one({}, leaky)
    assert result == {"crash": f"run_case left the recursion limit at {before + 1}, not {before}"}
    assert sys.getrecursionlimit() == before
    assert ex.run_one({}, lambda case: {"error": "x"}) == {"error": "x"}


def test_a_case_that_switches_the_tracer_off_counts_as_executing_every_line() -> None:
    """A device extension nested thousands of levels exhausts the stack inside the tracer, and Python unsets a
    trace function that raises: the lines of such a vector past that point are unknown, so it runs for every
    mutant (its except RecursionError in room.py, for one, would otherwise select no vector)."""
    by_id = {v.id: v for v in load_suite().vectors}
    deep, plain = by_id["mutation.json.ext-objdir-deep-2000"], by_id["extensions.valid.small"]
    _, reached, _ = ex.traced_results([deep.case, plain.case])
    handler = next(m for m in all_mutants() if m.key == "gojson/room.py:ExceptionReplacer:0")
    assert (handler.module, handler.line) in reached[0]
    assert (handler.module, handler.line) not in reached[1]
    assert reached[1] < reached[0]


def test_a_mutant_cosmic_ray_cannot_build_is_no_mutation() -> None:
    """cosmic-ray counts a dotted exception name in an except tuple as a position but fails to mutate it: no mutant
    (it once counted as a module that no longer imports, i.e. killed)."""
    for key in ("api.py:ExceptionReplacer:0", "host.py:ExceptionReplacer:1"):
        m = _mutant(key)
        assert "binascii.Error" in m.path.read_text(encoding="utf-8").splitlines()[m.line - 1]
        assert mutated_source(m) is None
    assert mutated_source(_mutant("api.py:ExceptionReplacer:1")) is not None
