"""The mutants of ``reference/``: cosmic-ray's mutation operators (a chosen subset, below) at every position they
apply to, in a stable order (module path, operator, occurrence).

The subset keeps one replacement per operator where cosmic-ray offers every pair (``+`` becomes ``-``, not also
``*``, ``/``, ``%``, ...): the boundary and negation mutants of comparisons, the inverse of each arithmetic and
bitwise operator, and all of cosmic-ray's other operators (``not`` added or removed, ``True``/``False``,
``and``/``or``, ``break``/``continue``, numbers off by one, zero-iteration loops, exceptions replaced, decorators
removed). The replacements a reader would "fix" first are the ones kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

REFERENCE_DIR: Final = Path(__file__).resolve().parent.parent.parent / "reference"

_B = "core/ReplaceBinaryOperator_"
_C = "core/ReplaceComparisonOperator_"
_U = "core/ReplaceUnaryOperator_"

OPERATORS: Final[tuple[str, ...]] = (
    *(
        _B + p
        for p in (
            "Add_Sub",
            "Sub_Add",
            "Mul_Div",
            "Div_Mul",
            "FloorDiv_Div",
            "Mod_FloorDiv",
            "Pow_Mul",
            "LShift_RShift",
            "RShift_LShift",
            "BitOr_BitAnd",
            "BitAnd_BitOr",
            "BitXor_BitOr",
        )
    ),
    *(
        _C + p
        for p in (
            "Eq_NotEq",
            "NotEq_Eq",
            "Lt_LtE",
            "Lt_GtE",
            "LtE_Lt",
            "LtE_Gt",
            "Gt_GtE",
            "Gt_LtE",
            "GtE_Gt",
            "GtE_Lt",
            "Is_IsNot",
            "IsNot_Is",
        )
    ),
    *(_U + p for p in ("USub_UAdd", "Delete_USub", "Delete_Not", "Delete_Invert")),
    "core/AddNot",
    "core/ReplaceTrueWithFalse",
    "core/ReplaceFalseWithTrue",
    "core/ReplaceAndWithOr",
    "core/ReplaceOrWithAnd",
    "core/ReplaceBreakWithContinue",
    "core/ReplaceContinueWithBreak",
    "core/NumberReplacer",
    "core/ZeroIterationForLoop",
    "core/ExceptionReplacer",
    "core/RemoveDecorator",
)


@dataclass(frozen=True)
class Mutant:
    """One mutation: ``occurrence`` counts the positions of ``operator`` in ``module`` (cosmic-ray's numbering)."""

    index: int
    module: str  # path under reference/, with "/"
    operator: str
    occurrence: int
    line: int
    column: int

    @property
    def key(self) -> str:
        """Stable while the module's text is unchanged: ``module:operator:occurrence``."""
        return f"{self.module}:{self.operator.removeprefix('core/')}:{self.occurrence}"

    @property
    def import_name(self) -> str:
        parts = self.module.removesuffix(".py").split("/")
        if parts[-1] == "__init__":
            parts.pop()
        return ".".join(("hcsdoc", "reference", *parts))

    @property
    def path(self) -> Path:
        return REFERENCE_DIR / self.module


def operator(name: str) -> Any:
    """A cosmic-ray operator instance."""
    import cosmic_ray.plugins

    return cosmic_ray.plugins.get_operator(name)()


@cache
def all_mutants() -> tuple[Mutant, ...]:
    """Every mutant of reference/ (needs cosmic-ray: the dev extra)."""
    from cosmic_ray.ast import ast_nodes, get_ast_from_path

    out: list[Mutant] = []
    ops = [(name, operator(name)) for name in OPERATORS]
    for path in sorted(REFERENCE_DIR.rglob("*.py")):
        module = path.relative_to(REFERENCE_DIR).as_posix()
        nodes = list(ast_nodes(get_ast_from_path(path)))
        for name, op in ops:
            positions = [start for node in nodes for start, _ in op.mutation_positions(node)]
            for occurrence, (line, column) in enumerate(positions):
                out.append(Mutant(len(out), module, name, occurrence, line, column))
    return tuple(out)


def mutated_source(m: Mutant) -> str | None:
    """The module's text with the mutation applied, or None when cosmic-ray applies nothing or cannot build it."""
    from cosmic_ray.mutating import mutate_code

    try:
        code: str | None = mutate_code(m.path.read_text(encoding="utf-8"), operator(m.operator), m.occurrence)
    except AttributeError:
        # cosmic-ray's ExceptionReplacer counts a dotted name in an except tuple (binascii.Error) as a position
        # but fails on it: there is no mutant to run
        return None
    return code


def mutated_line(m: Mutant) -> tuple[str, str]:
    """The first changed line, before and after (for the report)."""
    before = m.path.read_text(encoding="utf-8").splitlines()
    after = (mutated_source(m) or "").splitlines()
    for a, b in zip(before, after, strict=False):
        if a != b:
            return a.strip(), b.strip()
    i = min(len(before), len(after))
    return (before[i].strip() if i < len(before) else ""), (after[i].strip() if i < len(after) else "")
