"""Harness (b), structured: the Hypothesis case strategies driven by libFuzzer through ``fuzz_one_input``.

One function, two uses (a "polyglot" harness):

* as a fuzzer (``hcsdoc fuzz --target structured`` or ``python -m fuzz.structured_fuzzer [flags]``), libFuzzer's
  bytes are Hypothesis's choice sequence; a failing input is saved to the example database (``findings/hypothesis``
  unless ``HCSDOC_FUZZ_HYPOTHESIS_DB`` says otherwise, ``none`` to disable) and written as a case file;
* as a pytest test (tests/test_fuzz_structured.py collects :func:`test_structured_case`), it replays the saved
  failures from that database first (read-only, and only if the folder exists) and shrinks them to a minimal case,
  then tries a few new examples.

The invariant is :func:`fuzz.findings.check_result`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from hcsdoc.fuzz import instrument

if __name__ == "__main__":
    # Before anything imports the converter: its modules must be imported inside atheris's instrumentation hook.
    instrument.instrumented_reference()

from hypothesis import HealthCheck, given, settings
from hypothesis.database import DirectoryBasedExampleDatabase, ExampleDatabase, ReadOnlyDatabase

from hcsdoc.conformance.strategies import cases
from hcsdoc.fuzz import status
from hcsdoc.fuzz.findings import check_result, findings_dir, report_exception
from hcsdoc.fuzz.instrument import plain_run_case

run_case = plain_run_case()

TARGET = "structured"

# While fuzzing, findings are written as case files; under pytest, Hypothesis reports (and shrinks) them itself.
_record = False
# When a list, the test body only records the drawn case (artifact -> case file), it does not run it.
_capture: list[dict[str, Any]] | None = None


def _database(*, fuzzing: bool) -> ExampleDatabase | None:
    """Where failing inputs are saved while fuzzing. Under pytest the same folder is only read, when it exists:
    the tests replay what fuzzing saved and write nothing (no folder is created at import)."""
    where = os.environ.get("HCSDOC_FUZZ_HYPOTHESIS_DB") or str(findings_dir("hypothesis"))
    if where == "none" or getattr(sys, "frozen", False):
        # Bundled by PyInstaller (ClusterFuzzLite/OSS-Fuzz): findings are libFuzzer artifacts there.
        return None
    if fuzzing:
        return DirectoryBasedExampleDatabase(where)
    return ReadOnlyDatabase(DirectoryBasedExampleDatabase(where)) if os.path.isdir(where) else None


def _harness(database: ExampleDatabase | None) -> Any:
    @settings(
        database=database,
        derandomize=False,
        deadline=None,
        max_examples=int(os.environ.get("HCSDOC_FUZZ_PYTEST_EXAMPLES", "25")),
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(case=cases())
    def test_structured_case(case: dict[str, Any]) -> None:
        """The invariant, for one generated case."""
        if _capture is not None:
            _capture.append(case)
            return
        status.COUNT[0] += 1
        try:
            check_result(run_case(case))
        except Exception as exc:
            status.FINDINGS[0] += 1
            if _record:
                report_exception(TARGET, case, exc, {})
            raise

    return test_structured_case


# The test pytest collects (tests/test_fuzz_structured.py) and the replayer uses; main() makes its own, which saves.
test_structured_case = _harness(_database(fuzzing=False))


def case_for_input(data: bytes) -> Mapping[str, Any] | None:
    """The case an artifact (libFuzzer input bytes) stands for, or None if the bytes do not make a case."""
    global _capture
    _capture = []
    try:
        test_structured_case.hypothesis.fuzz_one_input(data)
        return _capture[0] if _capture else None
    finally:
        _capture = None


def main(argv: Sequence[str] | None = None) -> None:
    import atheris

    global _record
    _record = True
    fuzz_one = _harness(_database(fuzzing=True)).hypothesis.fuzz_one_input

    def one_input(data: bytes) -> None:
        fuzz_one(data)

    atheris.Setup(list(sys.argv if argv is None else argv), one_input)
    status.start(TARGET)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
