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
from types import ModuleType
from typing import Any

from hcsdoc.fuzz import instrument

if __name__ == "__main__":
    # Before anything imports the converter: its modules must be imported inside atheris's instrumentation hook.
    instrument.instrumented_reference(exclude=instrument.focus_exclude())

from hcsdoc.fuzz import status
from hcsdoc.fuzz.findings import check_converted, check_result, report_exception
from hcsdoc.fuzz.jsonmut import mutate
from hcsdoc.fuzz.richhost import bases, case_from_input, variant_index, variant_name

TARGET = "bytes"

RunCase = Callable[[Mapping[str, Any]], Any]
_run_case: RunCase | None = None
# True while fuzzing: findings are written to the findings folder (not while a test calls the harness).
_record = False
# With use_prepared: the reference's convert_prepared, its PreparedCase class, and each rich-host variant prepared
# once (host, options, UVM). The input's bytes go to the converter as they are: no case is built, no spec text is
# re-encoded, no document is parsed back (run_case's extras, none of them the converter's work). Reading the rich
# host costs more than many a conversion, and the converter only reads it (tests/test_fuzz_harness.py checks that
# it does not mutate its input).
_prepared: tuple[Callable[[Any], Any], Callable[..., Any], list[Any]] | None = None


def use(run_case: RunCase, *, record: bool = False) -> None:
    """Point the harness at a converter taking whole cases (tests, replay, stand-ins)."""
    global _run_case, _record, _prepared
    _run_case = run_case
    _record = record
    _prepared = None


def use_prepared(api: ModuleType, *, record: bool = False) -> None:
    """Point the harness at a reference package (possibly an instrumented import): each input runs as
    ``convert_prepared(PreparedCase(spec, host, variant))``, checked by :func:`fuzz.findings.check_converted`."""
    global _run_case, _record, _prepared
    _run_case = api.run_case
    _record = record
    _prepared = (api.convert_prepared, api.PreparedCase, [api.prepare_case(base) for base in bases()])


def test_one_input(data: bytes) -> None:
    """libFuzzer's TestOneInput: one input, one converter run, the invariant checked."""
    status.COUNT[0] += 1
    assert _run_case is not None, "call use() first"
    try:
        if _prepared is not None:
            convert, prepared_case, variants = _prepared
            base = variants[variant_index(data)]
            # The same spec bytes case_from_input's case gives (specText for UTF-8, else specBase64).
            check_converted(convert(prepared_case(data[1:], base.host, base.options)))
        else:
            check_result(_run_case(case_from_input(data)))
    except Exception as exc:
        status.FINDINGS[0] += 1
        if _record:
            report_exception(
                TARGET, case_from_input(data), exc, {"input_hex": data.hex(), "variant": variant_name(data)}
            )
        raise


def _custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    import atheris

    return mutate(data, max_size, seed, atheris.Mutate)


def main(argv: Sequence[str] | None = None) -> None:
    from hcsdoc.fuzz.instrument import focus_exclude, instrumented_reference, run_case_of

    reference = instrumented_reference(exclude=focus_exclude())
    import atheris

    if hasattr(reference, "convert_prepared"):
        use_prepared(reference, record=True)
    else:  # a converter with run_case only (a stand-in)
        use(run_case_of(reference), record=True)
    atheris.Setup(list(sys.argv if argv is None else argv), test_one_input, custom_mutator=_custom_mutator)
    status.start(TARGET)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
