"""How fast a differential run goes end to end, for ``hcsdoc bench``: the case generator alone, a run against the
in-process reference oracle (the reference as its own subject: the generator should be the limit), and a run of the
example protocol adapter against it (the protocol must not be the limit)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

from hcsdoc.conformance.differential.generate import CaseGenerator
from hcsdoc.conformance.differential.run import ImplRunner, reference_runner, run_differential
from hcsdoc.conformance.impl.protocol import PROTOCOL_DIR

EXAMPLE_ADAPTER = PROTOCOL_DIR / "examples" / "minimal_adapter.py"


@dataclass(frozen=True)
class DiffRate:
    name: str
    cases: int
    seconds: float
    mismatches: int

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def generator_rate(examples: int, seed: int = 0) -> DiffRate:
    gen = CaseGenerator(seed=seed)
    t0 = time.perf_counter()
    n = 0
    while n < examples:
        n += len(gen.batch(min(500, examples - n))[: examples - n])
    return DiffRate("generator alone", n, time.perf_counter() - t0, 0)


def run_rate(examples: int, subject: str = "reference", seed: int = 0) -> DiffRate:
    """A whole run (no finding expected) of ``subject`` (``reference`` or ``example-adapter``) against the
    in-process reference."""
    from hcsdoc.conformance.impl.resolve import AdapterSettings, adapter

    oracle = reference_runner()
    if subject == "reference":
        stats = run_differential(examples, oracle, subject=reference_runner(), generator=CaseGenerator(seed=seed))
        return DiffRate("reference vs reference (in-process oracle)", stats.cases, stats.seconds, stats.mismatches)
    impl = adapter([sys.executable, str(EXAMPLE_ADAPTER)], AdapterSettings(window=256))
    impl.start()
    try:
        stats = run_differential(examples, oracle, subject=ImplRunner(impl), generator=CaseGenerator(seed=seed))
    finally:
        impl.close()
    return DiffRate("example adapter vs reference", stats.cases, stats.seconds, stats.mismatches)
