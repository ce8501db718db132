"""``python -m conformance.strategies.bench``: how fast the case strategies draw, the way the fuzz bridge draws.

The structured fuzzer (fuzz/structured_fuzzer.py) hands libFuzzer's bytes to a ``@given`` test's
``fuzz_one_input``, so one execution is one draw of :func:`conformance.strategies.cases` from a byte string. This
script does exactly that with pseudo-random byte strings (seeded, so runs are comparable) and prints draws per
second for ``cases()`` and for each region, and the share of byte strings that made a case (the rest ran out of
bytes or were rejected). ``--run`` also runs each case through the reference, as the harness does per execution.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

from hypothesis import HealthCheck, given, settings

from hcsdoc.conformance.strategies.cases import Region, cases

__all__ = ["REGIONS", "bench", "main"]

REGIONS: Final[tuple[Region, ...]] = ("any", "document", "error", "wild", "decoder")


def bench(
    region: Region, *, seconds: float = 2.0, size: int = 4096, seed: int = 0, run: bool = False
) -> tuple[float, float]:
    """``(executions per second, share of inputs that made a case)`` for ``cases(region=region)`` driven by
    ``fuzz_one_input`` with ``size``-byte pseudo-random inputs for about ``seconds``."""
    run_case: Callable[[dict[str, Any]], Any] | None = None
    if run:
        from hcsdoc.reference import run_case as ref_run_case

        run_case = ref_run_case
    made = [0]

    @settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=cases(region=region))
    def one(case: dict[str, Any]) -> None:
        made[0] += 1
        if run_case is not None:
            run_case(case)

    fuzz_one = one.hypothesis.fuzz_one_input  # type: ignore[attr-defined]
    rng = random.Random(seed)
    fuzz_one(rng.randbytes(size))  # warm-up: first-use caches of Hypothesis and of the strategies
    made[0] = 0
    n = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        fuzz_one(rng.randbytes(size))
        n += 1
        if n % 16 == 0 and time.perf_counter() >= deadline:
            break
    elapsed = time.perf_counter() - start
    return n / elapsed, made[0] / n


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.strategies.bench", description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="time per region (default 2)")
    parser.add_argument("--size", type=int, default=4096, help="input size in bytes (default 4096, libFuzzer's)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--run", action="store_true", help="also run every case through the reference")
    parser.add_argument("--region", choices=REGIONS, action="append", help="only these regions (repeatable)")
    args = parser.parse_args(argv)
    print(f"{'strategy':<26} {'execs/s':>9} {'made a case':>12}")
    for region in args.region or REGIONS:
        rate, share = bench(region, seconds=args.seconds, size=args.size, seed=args.seed, run=args.run)
        name = "cases()" if region == "any" else f"cases(region={region!r})"
        print(f"{name:<26} {rate:>9.0f} {100 * share:>11.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
