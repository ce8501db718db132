"""Planted bugs as subjects (:mod:`.mutants`): measuring how well a differential run finds and shrinks a known bug."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hcsdoc.conformance.differential.explain import results_differ
from hcsdoc.conformance.differential.generate import CaseGenerator
from hcsdoc.conformance.differential.model import BatchPredicate, BatchRunner, Case, Result
from hcsdoc.conformance.differential.run import reference_runner
from hcsdoc.conformance.differential.shrink import shrink


def planted_runner(mutant: Any) -> BatchRunner:
    """The reference with ``mutant`` (a :class:`conformance.differential.mutants.Mutant`) planted while it runs a batch."""
    from hcsdoc.conformance.differential.mutants import applied

    ref = reference_runner()

    def run(cases: Sequence[Case]) -> list[Result]:
        with applied(mutant):
            return ref(cases)

    return run


def mutant_predicate(name: str) -> BatchPredicate:
    """The planted mutant ``name`` (conformance/differential/mutants.py) against the unmutated reference as the oracle."""
    from hcsdoc.conformance.differential.mutants import applied, by_name

    m = by_name(name)
    ref = reference_runner()

    def pred(cases: Sequence[Case]) -> list[bool]:
        oracle = ref(cases)
        with applied(m):
            got = ref(cases)
        return [results_differ(a, b) for a, b in zip(got, oracle, strict=True)]

    return pred


@dataclass
class PlantedSeed:
    seed: int
    found_at: int | None = None  # 1-based example index, None when not found within the budget
    shrunk: Case | None = None
    minimal: bool = False
    shrink_tests: int = 0
    shrink_seconds: float = 0.0


@dataclass
class PlantedResult:
    mutant: str
    equivalent: bool
    seeds: list[PlantedSeed] = field(default_factory=list)

    @property
    def found(self) -> int:
        return sum(s.found_at is not None for s in self.seeds)

    @property
    def minimal(self) -> int:
        return sum(s.minimal for s in self.seeds)


def planted_check(
    seeds: Sequence[int],
    *,
    examples: int = 1000,
    names: Sequence[str] | None = None,
    derive: int = 39,
    region: str = "any",
    batch_size: int = 200,
    progress: Callable[[str], None] | None = None,
) -> list[PlantedResult]:
    """For each seed, one generated stream of up to ``examples`` cases is run through every mutant (stopping when
    all non-equivalent ones are found); each first mismatch is shrunk and judged by :func:`mutants.is_minimal`."""
    from hcsdoc.conformance.differential.mutants import MUTANTS, applied, is_minimal

    chosen = [m for m in MUTANTS if names is None or m.name in names]
    results = {m.name: PlantedResult(m.name, m.equivalent) for m in chosen}
    ref = reference_runner()
    for seed in seeds:
        gen = CaseGenerator(seed=seed, derive=derive, region=region)
        per = {m.name: PlantedSeed(seed) for m in chosen}
        first: dict[str, Case] = {}
        done = 0
        while done < examples and any(n not in first for n in per if not _is_equivalent(chosen, n)):
            batch = gen.batch(min(batch_size, examples - done))[: examples - done]
            oracle = ref(batch)
            for m in chosen:
                if m.name in first:
                    continue
                with applied(m):
                    got = ref(batch)
                for i, (a, b) in enumerate(zip(got, oracle, strict=True)):
                    if results_differ(a, b):
                        per[m.name].found_at = done + i + 1
                        first[m.name] = batch[i]
                        break
            done += len(batch)
        for m in chosen:
            ps = per[m.name]
            if m.name in first:
                small, st = shrink(first[m.name], mutant_predicate(m.name))
                ps.shrunk, ps.shrink_tests, ps.shrink_seconds = small, st.tests, st.seconds
                ps.minimal = is_minimal(m, small)
            results[m.name].seeds.append(ps)
            if progress is not None:
                progress(
                    f"seed {seed} {m.name}: found at {ps.found_at}, minimal {ps.minimal}, "
                    f"shrink {ps.shrink_tests} tests {ps.shrink_seconds:.1f}s"
                )
    return list(results.values())


def _is_equivalent(mutants: Sequence[Any], name: str) -> bool:
    return any(m.name == name and m.equivalent for m in mutants)


def planted_protocol_check(
    seeds: Sequence[int],
    *,
    examples: int = 20_000,
    names: Sequence[str] | None = None,
    derive: int = 39,
    region: str = "any",
    batch_size: int = 500,
    progress: Callable[[str], None] | None = None,
) -> list[PlantedResult]:
    """Each planted bug served by its own adapter process (:mod:`.planted_adapter`), run as ``hcsdoc diff --impl``
    runs any implementation: per seed a generated stream of up to ``examples`` cases against the in-process
    reference, stopping at the first mismatch, which is shrunk through the protocol and judged by
    :func:`mutants.is_minimal`."""
    import sys

    from hcsdoc.conformance.differential.mutants import MUTANTS, is_minimal
    from hcsdoc.conformance.differential.run import ImplRunner, run_differential
    from hcsdoc.conformance.impl.resolve import AdapterSettings, adapter

    chosen = [m for m in MUTANTS if names is None or m.name in names]
    out = []
    oracle = reference_runner()
    for m in chosen:
        result = PlantedResult(m.name, m.equivalent)
        impl = adapter(
            [sys.executable, "-m", "hcsdoc.conformance.differential.planted_adapter", "--plant", m.name],
            AdapterSettings(timeout=5.0, max_restarts=200, window=256),
        )
        impl.start()
        try:
            for seed in seeds:
                gen = CaseGenerator(seed=seed, derive=derive, region=region)
                stats = run_differential(
                    examples,
                    oracle,
                    subject=ImplRunner(impl),
                    generator=gen,
                    batch_size=batch_size,
                    stop_at_first=True,
                )
                ps = PlantedSeed(seed)
                if stats.findings:
                    (f,) = stats.findings.values()
                    ps.found_at, ps.shrunk = f.found_at, f.case
                    if f.shrink is not None:
                        ps.shrink_tests, ps.shrink_seconds = f.shrink.tests, f.shrink.seconds
                    ps.minimal = is_minimal(m, f.case)
                result.seeds.append(ps)
                if progress is not None:
                    progress(
                        f"{m.name} seed {seed}: found at {ps.found_at}, minimal {ps.minimal}, "
                        f"shrink {ps.shrink_tests} tests {ps.shrink_seconds:.1f}s ({stats.rate:.0f} cases/s)"
                    )
        finally:
            impl.close()
        out.append(result)
    return out
