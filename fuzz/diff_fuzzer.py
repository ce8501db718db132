"""Harness (c), differential: the bytes harness's inputs through both the reference and another implementation: the
real Go hcsshim (default), or any implementation under test (``hcsdoc fuzz --target diff --impl CMD``, the reference
then being the oracle, compared at the levels given in ``HCSDOC_FUZZ_DIFF_LEVELS``: ``compare,errors,documents``).

Same input format and mutator as fuzz/bytes_fuzzer.py. Each input runs through the (instrumented) reference at
once, which checks the invariant; the case is then queued for the Go capture executable (running under Wine),
which gets the queue in batches (one process, JSON lines), because one round trip to Wine costs far more than
one conversion. Any difference between the two results (kind, error text, panic text, document bytes) is a
finding. Because a difference is only seen when its batch returns, libFuzzer's crash artifact is the input that
completed the batch, not necessarily the one that differs: the authoritative record is the case file this
harness writes (findings/diff/diff-<digest>.case.json with both results in the .finding.json sidecar). Against an
implementation under test, ``hcsdoc fuzz`` then shrinks each such case through it (outside libFuzzer, so that
shrinking never counts as a slow input) and writes it as ``hcsdoc diff`` writes its findings.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hcsdoc.fuzz import instrument

if __name__ == "__main__":
    # Before anything imports the converter: its modules must be imported inside atheris's instrumentation hook.
    instrument.instrumented_reference(exclude=instrument.focus_exclude())

from hcsdoc.fuzz import status
from hcsdoc.fuzz.findings import Finding, check_result, report_exception, write_finding
from hcsdoc.fuzz.jsonmut import mutate
from hcsdoc.fuzz.oracle import GoOracle, open_go_oracle, open_oracle
from hcsdoc.fuzz.richhost import case_from_input, variant_name
from hcsdoc.reference.gojson.room import with_room_if_deep

TARGET = "diff"
BATCH = int(os.environ.get("HCSDOC_FUZZ_DIFF_BATCH", "64"))
# Flush a partial batch after this many seconds, so a slow stretch still gets compared.
MAX_WAIT_S = 2.0

RunCase = Callable[[Mapping[str, Any]], Any]
_run_case: RunCase | None = None
_oracle: GoOracle | None = None
_pending: list[tuple[bytes, dict[str, Any], Mapping[str, Any]]] = []
_last_flush = [time.monotonic()]
_record = False
# Set for an implementation under test (not Go): its name, and the levels it is compared at.
_impl: str = ""
_levels: Any = None


def use(run_case: RunCase, oracle: GoOracle, *, record: bool = False, impl: str = "", levels: Any = None) -> None:
    """``oracle`` is the other side (Go by default); ``impl`` names it when it is an implementation under test,
    compared at ``levels`` (a :class:`hcsdoc.conformance.differential.levels.Levels`)."""
    global _run_case, _oracle, _record, _impl, _levels
    _run_case, _oracle, _record, _impl, _levels = run_case, oracle, record, impl, levels


def comparable(result: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a result that must be equal: kind and exact text (error, panic, or both documents' bytes)."""
    if "bytes" in result:
        return {"bytes": {"v1": result["bytes"]["v1"], "v2": result["bytes"]["v2"]}}
    if "error" in result:
        return {"error": result["error"]}
    if "panic" in result:
        return {"panic": result["panic"]}
    return {k: v for k, v in result.items() if k != "seq"}


def _differ_message(other: str, ref: Mapping[str, Any], go: Mapping[str, Any]) -> str:
    # An implementation's documents may nest as deep as Go's (a device extension, up to 10000 levels).
    return with_room_if_deep(
        lambda: f"reference and {other} differ: reference {comparable(ref)!r} vs {other} {comparable(go)!r}"
    )


def differs(ref: Mapping[str, Any], go: Mapping[str, Any]) -> bool:
    if _levels is not None:
        return bool(_levels.differ(dict(go), dict(ref)))
    return comparable(ref) != comparable(go)


def test_one_input(data: bytes) -> None:
    status.COUNT[0] += 1
    case = case_from_input(data)
    assert _run_case is not None, "call use() first"
    try:
        ref = _run_case(case)
        check_result(ref)
    except Exception as exc:
        status.FINDINGS[0] += 1
        if _record:
            report_exception(TARGET, case, exc, {"input_hex": data.hex(), "variant": variant_name(data)})
        raise
    _pending.append((data, case, ref))
    if len(_pending) >= BATCH or time.monotonic() - _last_flush[0] > MAX_WAIT_S:
        flush()


def flush() -> None:
    """Run the queued cases through Go and compare; raise :class:`Finding` on the first difference."""
    batch = list(_pending)
    _pending.clear()
    _last_flush[0] = time.monotonic()
    if not batch:
        return
    assert _oracle is not None
    go_results = _oracle.run_batch([case for _data, case, _ref in batch])
    first: Finding | None = None
    other = _impl or "Go"
    for (data, case, ref), go in zip(batch, go_results, strict=True):
        if "skipped" in go or not differs(ref, go):
            continue
        status.FINDINGS[0] += 1
        detail = {
            "reference": ref,
            "go" if not _impl else "impl": go,
            "input_hex": data.hex(),
            "variant": variant_name(data),
        }
        path = write_finding(TARGET, case, "diff", detail) if _record else None
        if first is None:
            first = Finding(_differ_message(other, ref, go))
            first.case_file = path
            if path is not None:
                print(f"\nhcsdoc fuzz: FINDING (diff) case written to {path}", file=sys.stderr, flush=True)
    if first is not None:
        raise first


def use_from_environment(run_case: RunCase) -> None:
    """:func:`use` with the other side ``hcsdoc fuzz`` names in the environment: ``HCSDOC_FUZZ_DIFF_IMPL`` (an
    implementation under test, compared at ``HCSDOC_FUZZ_DIFF_LEVELS``), else the real Go hcsshim."""
    impl = os.environ.get("HCSDOC_FUZZ_DIFF_IMPL", "")
    if not impl:
        use(run_case, open_go_oracle(), record=True)
        return
    from hcsdoc.conformance.differential.levels import Levels
    from hcsdoc.conformance.results.compare import CompareLevels

    compare, errors, documents = (os.environ.get("HCSDOC_FUZZ_DIFF_LEVELS") or "bytes,text,both").split(",")
    levels = Levels.of(CompareLevels(compare, errors, documents))  # type: ignore[arg-type]
    use(run_case, open_oracle(impl), record=True, impl=impl, levels=levels)


def _custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    import atheris

    return mutate(data, max_size, seed, atheris.Mutate)


def main(argv: Sequence[str] | None = None) -> None:
    from hcsdoc.fuzz.instrument import focus_exclude, instrumented_reference, run_case_of

    reference = instrumented_reference(exclude=focus_exclude())
    import atheris

    use_from_environment(run_case_of(reference))
    atheris.Setup(list(sys.argv if argv is None else argv), test_one_input, custom_mutator=_custom_mutator)
    status.start(TARGET)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
