"""Survivors judged by a rule checked on the source, not one by one by hand.

A rule names a class of mutants that no run of the converter can tell apart from the reference, says why once,
and decides from the module's syntax tree (and the mutant's record) whether a mutant belongs to it; the report
prints the rule's argument once and one generated line per mutant. A rule is kept narrow on purpose: it matches a
syntactic position whose meaning is fixed (an annotation under ``from __future__ import annotations``, a
``dataclass`` option, ``omitempty`` of a type that is only decoded), never "whatever survived in module X".

Two kinds: *equivalent* (the mutant computes the same result for every input) and *outside* (the mutated code is
not part of the converter: ``run_case`` never executes or imports it, so no vector or generated case can reach it;
its own unit tests guard it). The report keeps the two apart and leaves *outside* mutants out of the score.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from hcsdoc.conformance.mutation.points import REFERENCE_DIR, Mutant

EQUIVALENT: Final = "equivalent"
OUTSIDE: Final = "outside"


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str  # EQUIVALENT or OUTSIDE
    why: str
    match: Callable[[Mutant, dict[str, Any]], str | None]
    """The one line for this mutant, or None when the rule does not apply."""


@cache
def _tree(module: str) -> ast.Module:
    return ast.parse((REFERENCE_DIR / module).read_text(encoding="utf-8"))


@cache
def _lines(module: str) -> tuple[str, ...]:
    return tuple((REFERENCE_DIR / module).read_text(encoding="utf-8").splitlines())


def _line(module: str, line: int) -> str:
    return _lines(module)[line - 1].strip()


def _where(m: Mutant) -> str:
    """The one line a rule gives a mutant: where it is, and the source line."""
    return f"line {m.line}: `{_line(m.module, m.line)[:80]}`"


def _inside(m: Mutant, node: ast.AST) -> bool:
    start = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
    end = (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)
    return start <= (m.line, m.column) < end


def _annotations(tree: ast.Module) -> Iterator[ast.expr]:
    for node in ast.walk(tree):
        found: ast.expr | None = None
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found = node.returns
        elif isinstance(node, ast.arg | ast.AnnAssign):
            found = node.annotation
        if found is not None:
            yield found


def _postponed(tree: ast.Module) -> bool:
    return any(
        isinstance(n, ast.ImportFrom) and n.module == "__future__" and any(a.name == "annotations" for a in n.names)
        for n in tree.body
    )


def _annotation(m: Mutant, record: dict[str, Any]) -> str | None:
    tree = _tree(m.module)
    if _postponed(tree) and any(_inside(m, a) for a in _annotations(tree)):
        return _where(m)
    return None


def _keyword_value(m: Mutant, call_name: str, keywords: frozenset[str]) -> str | None:
    """The keyword whose value the mutant changes, in a call of ``call_name`` (a decorator or a field)."""
    for node in ast.walk(_tree(m.module)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name != call_name:
            continue
        for kw in node.keywords:
            if kw.arg in keywords and _inside(m, kw.value):
                return kw.arg
    return None


def _dataclass_option(m: Mutant, record: dict[str, Any]) -> str | None:
    kw = _keyword_value(m, "dataclass", frozenset({"slots", "frozen"}))
    return None if kw is None else f"line {m.line}: `{kw}=` of `{_line(m.module, m.line)[:60]}`"


def _decoded_only_omitempty(m: Mutant, record: dict[str, Any]) -> str | None:
    if m.module != "specs.py" or _keyword_value(m, "gofield", frozenset({"omitempty"})) is None:
        return None
    return _where(m)


def _case_model(m: Mutant, record: dict[str, Any]) -> str | None:
    return _where(m) if m.module == "case.py" else None


TRACE_MODULES: Final = frozenset({"trace.py", "hcsoci/trace_wcow.py"})


def _explain_hook(m: Mutant, record: dict[str, Any]) -> str | None:
    return _where(m) if m.module in TRACE_MODULES else None


RULES: Final = (
    Rule(
        "case-model",
        OUTSIDE,
        "Outside the converter: reference/case.py is the case-file model of the tools (`normalize_case`, "
        "`make_case`: reading case files for `hcsdoc vectors check`, the strategies, `hcsdoc convert`). No module "
        "that `run_case` uses imports it (tests/test_mutation.py checks), so no vector or generated case can "
        "reach it. The unit tests guard it (tests/test_strategies.py, test_reliability.py, test_cases_catalog.py, ...; 100% of its branches run under `pytest --cov=hcsdoc.reference`); their mutation score is not measured here.",
        _case_model,
    ),
    Rule(
        "explain-hook",
        OUTSIDE,
        "Outside the converter: reference/trace.py and hcsoci/trace_wcow.py record where each document value comes "
        "from for `hcsdoc explain`. The converter calls into them only when a tracer is installed "
        "(`trace.active` is None under `run_case`; each site is one guarded line of hcsdoc_wcow.py, whose own "
        "mutants are counted), so no vector or generated case executes their bodies; tests/test_explain.py "
        "guards what they record. Their mutation score is not measured here.",
        _explain_hook,
    ),
    Rule(
        "annotation",
        EQUIVALENT,
        "Type annotations: the module starts with `from __future__ import annotations`, so an annotation is a "
        "string that is never evaluated (the reference reads no annotation at run time: dataclasses only look "
        "for `ClassVar`/`InitVar` in the text).",
        _annotation,
    ),
    Rule(
        "dataclass-option",
        EQUIVALENT,
        "Dataclass options `slots` and `frozen`: they only forbid assigning attributes (and `frozen=False` makes an "
        "instance unhashable unless the class sets `__hash__`); the reference never assigns an attribute it may "
        "not and never hashes an unhashable one (either would raise in every run that does it, and no run of the "
        "vectors or of the 20,000 cases raises), so every result is the same.",
        _dataclass_option,
    ),
    Rule(
        "decoded-only-omitempty",
        EQUIVALENT,
        "`omitempty` of an OCI spec field (reference/specs.py): the spec is only decoded, and Go's decoder ignores "
        "omitempty; no spec type is part of a document type that is encoded (tests/test_mutation.py walks the "
        "document types to check it).",
        _decoded_only_omitempty,
    ),
)


def judge(m: Mutant, record: dict[str, Any], kind: str = EQUIVALENT) -> tuple[Rule, str] | None:
    """The first rule of ``kind`` that matches a mutant, with its line. ``OUTSIDE`` rules apply to every mutant
    (whatever its outcome: the mutant is not counted), ``EQUIVALENT`` rules to survivors."""
    for rule in RULES:
        if rule.kind != kind:
            continue
        line = rule.match(m, record)
        if line is not None:
            return rule, line
    return None
