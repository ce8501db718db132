"""Harness (a), bytes: raw spec bytes -> Go-compatible decoder -> converter, on the rich host.

Input: byte 0 picks the host variant (fuzz/richhost.py), the rest is the spec's JSON text exactly as Go's
``json.Unmarshal`` would receive it. Mutations come from the JSON-aware mutator (fuzz/jsonmut.py) and, for a
share of them, from libFuzzer's byte mutator with the dictionary fuzz/dictionary/hcsdoc.dict. The invariant is
:func:`fuzz.findings.check_result`; any exception escaping the reference is a finding.

Run: ``hcsdoc fuzz --target bytes --time 60`` or ``python -m fuzz.bytes_fuzzer [libFuzzer flags] [corpus dirs]``.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from fuzz import status
from fuzz.findings import check_result, report_exception
from fuzz.jsonmut import mutate
from fuzz.richhost import bases, case_from_input, variant_index, variant_name

TARGET = "bytes"

RunCase = Callable[[Mapping[str, Any]], Any]
_run_case: RunCase | None = None
# True while fuzzing: findings are written to the findings folder (not while a test calls the harness).
_record = False
# With share_hosts: reference.api.run_case(case, host) and one RecordedHost per rich-host variant, made once.
# Reading the rich host into a RecordedHost costs more than many a conversion, and the converter only reads it
# (tests/test_fuzz_harness.py checks that it does not mutate its input).
_run_case_on: Callable[[Mapping[str, Any], Any], Any] | None = None
_hosts: list[Any] = []


def use(run_case: RunCase, *, record: bool = False, share_hosts: bool = False) -> None:
    """Point the harness at a converter (tests use the plain reference, the fuzzer the instrumented one).

    ``share_hosts``: when ``run_case`` is ``reference.api.run_case`` (or the same function from an instrumented
    import), which takes a prepared ``host``, the variants' hosts are read once and passed to every run.
    """
    global _run_case, _record, _run_case_on, _hosts
    _run_case = run_case
    _record = record
    _run_case_on = None
    if share_hosts and "host" in inspect.signature(run_case).parameters:
        # The RecordedHost class of the same (possibly instrumented) reference package as run_case; a converter
        # without one (a stand-in in tests) is simply run on the case alone.
        try:
            host_module = importlib.import_module(run_case.__module__.rsplit(".", 1)[0] + ".host")
        except ImportError:
            return
        _hosts = [host_module.RecordedHost(base["host"]) for base in bases()]
        _run_case_on = cast(Callable[[Mapping[str, Any], Any], Any], run_case)


def test_one_input(data: bytes) -> None:
    """libFuzzer's TestOneInput: one input, one converter run, the invariant checked."""
    status.COUNT[0] += 1
    case = case_from_input(data)
    assert _run_case is not None, "call use() first"
    try:
        if _run_case_on is not None:
            check_result(_run_case_on(case, _hosts[variant_index(data)]))
        else:
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
    from fuzz.instrument import FOCUS_EXCLUDE, instrumented_reference, run_case_of

    focus = os.environ.get("HCSDOC_FUZZ_FOCUS_CONVERTER") == "1"
    reference = instrumented_reference(exclude=FOCUS_EXCLUDE if focus else ())
    import atheris

    use(run_case_of(reference), record=True, share_hosts=True)
    atheris.Setup(list(sys.argv if argv is None else argv), test_one_input, custom_mutator=_custom_mutator)
    status.start(TARGET)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
