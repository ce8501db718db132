"""Harness (a), bytes: raw spec bytes -> Go-compatible decoder -> converter, on the rich host.

Input: byte 0 picks the host variant (fuzz/richhost.py), the rest is the spec's JSON text exactly as Go's
``json.Unmarshal`` would receive it. Mutations come from the JSON-aware mutator (fuzz/jsonmut.py) and, for a
share of them, from libFuzzer's byte mutator with the dictionary fuzz/dictionary/hcsdoc.dict. The invariant is
:func:`fuzz.findings.check_result`; any exception escaping the reference is a finding.

Run: ``hcsdoc fuzz --target bytes --time 60`` or ``python -m fuzz.bytes_fuzzer [libFuzzer flags] [corpus dirs]``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fuzz import status
from fuzz.findings import check_result, report_exception
from fuzz.jsonmut import mutate
from fuzz.richhost import case_from_input, variant_name

TARGET = "bytes"

RunCase = Callable[[Mapping[str, Any]], Any]
_run_case: RunCase | None = None
# True while fuzzing: findings are written to the findings folder (not while a test calls the harness).
_record = False


def use(run_case: RunCase, *, record: bool = False) -> None:
    """Point the harness at a converter (tests use the plain reference, the fuzzer the instrumented one)."""
    global _run_case, _record
    _run_case = run_case
    _record = record


def test_one_input(data: bytes) -> None:
    """libFuzzer's TestOneInput: one input, one converter run, the invariant checked."""
    status.COUNT[0] += 1
    case = case_from_input(data)
    assert _run_case is not None, "call use() first"
    try:
        check_result(_run_case(case))
    except Exception as exc:
        status.FINDINGS[0] += 1
        if _record:
            report_exception(TARGET, case, exc, {"input_hex": data.hex(), "variant": variant_name(data)})
        raise


def _custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    import atheris

    return mutate(data, max_size, seed, atheris.Mutate)


def main(argv: Sequence[str] | None = None) -> None:
    from fuzz.instrument import instrumented_reference, run_case_of

    reference = instrumented_reference()
    import atheris

    use(run_case_of(reference), record=True)
    atheris.Setup(list(sys.argv if argv is None else argv), test_one_input, custom_mutator=_custom_mutator)
    status.start(TARGET)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
