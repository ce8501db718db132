"""What the reference's trace sites (:mod:`reference.trace`) cost when no tracer is attached, measured against the
same reference with every trace site removed, in one run.

The untraced twin is made from the reference's own source: the modules that hold trace sites are parsed, every
``t = trace.active`` and every ``if t is not None:`` block is dropped from the syntax tree, and the result is
compiled into separate module objects. The twin's results are checked to be the reference's before anything is
timed, so a twin that drifted cannot produce a figure.
"""

from __future__ import annotations

import ast
import importlib.util
import statistics
import sys
import time
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from hcsdoc.reference import api, trace

# The modules with trace sites, in dependency order (a later one is given the earlier twins by name).
TRACED_MODULES: Final = ("hcsdoc.reference.oci", "hcsdoc.reference.hcsoci.hcsdoc_wcow")


class _StripTrace(ast.NodeTransformer):
    """Drops ``t = trace.active`` and ``if t is not None: ...`` (no ``else`` is allowed: it would not be a pure
    trace site)."""

    removed = 0

    def _keep(self, body: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for stmt in body:
            if _is_trace_load(stmt) or _is_trace_if(stmt):
                self.removed += 1
                continue
            out.append(self.visit(stmt))
        return out or [ast.Pass()]

    def generic_visit(self, node: ast.AST) -> ast.AST:
        for name in ("body", "orelse", "finalbody"):
            body = getattr(node, name, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                setattr(node, name, self._keep(body))
        for h in getattr(node, "handlers", ()):
            h.body = self._keep(h.body)
        return node


def _is_trace_load(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Assign)
        and isinstance(stmt.value, ast.Attribute)
        and stmt.value.attr == "active"
        and isinstance(stmt.value.value, ast.Name)
        and stmt.value.value.id == "trace"
    )


def _is_trace_if(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare):
        return False
    c = stmt.test
    traced = (
        isinstance(c.left, ast.Name)
        and c.left.id == "t"
        and len(c.ops) == 1
        and isinstance(c.ops[0], ast.IsNot)
        and isinstance(c.comparators[0], ast.Constant)
        and c.comparators[0].value is None
    )
    if traced and stmt.orelse:
        raise ValueError(f"line {stmt.lineno}: a trace site with an else branch")
    return traced


def untraced_module(name: str, replace: Mapping[str, object]) -> tuple[types.ModuleType, int]:
    """A twin of module ``name`` without trace sites (and how many it removed); ``replace`` rebinds the twin's
    globals that name other traced modules (or their functions) to their twins."""
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None
    with open(spec.origin, encoding="utf-8") as f:
        tree = ast.parse(f.read(), spec.origin)
    stripper = _StripTrace()
    tree = ast.fix_missing_locations(stripper.visit(tree))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "t":
            raise ValueError(f"{name}: line {node.lineno}: the name t left after stripping the trace sites")
    twin_name = name + "__untraced"
    mod = types.ModuleType(twin_name)
    mod.__file__ = spec.origin
    sys.modules[twin_name] = mod  # dataclasses look their module up while the classes are made
    exec(compile(tree, spec.origin, "exec"), mod.__dict__)
    for attr, other in replace.items():
        setattr(mod, attr, other)
    return mod, stripper.removed


def untraced_converter() -> tuple[Callable[[api.PreparedCase], dict[str, Any]], int]:
    """``api.convert_prepared`` built on the twins (of a twin of :mod:`reference.api`, which has no trace site),
    and the number of trace sites removed."""
    twins: dict[str, types.ModuleType] = {}
    removed = 0
    for name in TRACED_MODULES:
        mod, n = untraced_module(name, {k.rsplit(".", 1)[1]: v for k, v in twins.items()})
        twins[name] = mod
        removed += n
    create = twins["hcsdoc.reference.hcsoci.hcsdoc_wcow"].createWindowsContainerDocument
    api_twin, n = untraced_module(api.__name__, {"createWindowsContainerDocument": create})
    if n:
        raise ValueError(f"{api.__name__} has {n} trace sites: add it to TRACED_MODULES")
    convert: Callable[[api.PreparedCase], dict[str, Any]] = api_twin.convert_prepared
    return convert, removed


@dataclass(frozen=True, slots=True)
class Figures:
    cases: int
    sites_removed: int
    traced_off_ms: float  # median pass over all cases: the reference as it is, no tracer attached
    untraced_ms: float  # the same with the trace sites removed
    traced_on_ms: float  # with a recorder attached (what `explain` pays, result and recording only)

    @property
    def overhead(self) -> float:
        """What the trace sites add when off, as a fraction of a conversion without them."""
        return self.traced_off_ms / self.untraced_ms - 1


def measure(
    prepared: Sequence[api.PreparedCase],
    recorder: Callable[[], trace.Tracer],
    repeat: int = 7,
    warmup: int = 1,
) -> Figures:
    """Alternating passes (off, untraced, on) over ``prepared``; medians of the pass times."""
    untraced, removed = untraced_converter()
    for p in prepared:
        if untraced(p) != api.convert_prepared(p):
            raise AssertionError("the untraced twin's result differs from the reference's")
    if trace.active is not None:
        raise AssertionError("a tracer is attached")
    convert = api.convert_prepared

    def off() -> None:
        for p in prepared:
            convert(p)

    def plain() -> None:
        for p in prepared:
            untraced(p)

    def on() -> None:
        for p in prepared:
            trace.active = recorder()
            try:
                convert(p)
            finally:
                trace.active = None

    times: dict[str, list[float]] = {"off": [], "plain": [], "on": []}
    for i in range(warmup + repeat):
        for name, fn in (
            (("off", off), ("plain", plain), ("on", on))
            if i % 2 == 0
            else (
                ("plain", plain),
                ("off", off),
                ("on", on),
            )
        ):
            t0 = time.perf_counter()
            fn()
            if i >= warmup:
                times[name].append((time.perf_counter() - t0) * 1000)
    med = {k: statistics.median(v) for k, v in times.items()}
    return Figures(len(prepared), removed, med["off"], med["plain"], med["on"])
