"""The Go oracle for the differential harness: a batched client of the real hcsshim capture executable.

The client itself belongs to the capture tool (``conformance.capture.process``); this module only adapts it to
the one call the harness needs, so that the harness does not depend on how the process is started (Wine prefix,
executable cache, hcsshim version).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol


class GoOracle(Protocol):
    def run_batch(self, cases: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """One protocol result per case, in order (documents+bytes | error | panic | skipped | errored)."""
        ...


class OracleUnavailable(RuntimeError):
    """The Go capture executable cannot be started here (no Wine, not built, ...)."""


class _GoProcessOracle:
    """``conformance.capture.process.GoProcess`` (one long-lived capture process, pipelined ``run_many``)."""

    def __init__(self, proc: Any) -> None:
        self._proc = proc

    def run_batch(self, cases: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return list(self._proc.run_many(cases))


def open_go_oracle() -> GoOracle:
    """Start the Go capture executable (building it if needed) and return a batched client."""
    try:
        from hcsdoc.conformance.capture.process import GoProcess
    except ImportError as exc:
        raise OracleUnavailable(f"the Go capture client (conformance.capture.process) is not available: {exc}") from exc
    try:
        proc = GoProcess()
        proc.start()
    except Exception as exc:
        raise OracleUnavailable(f"cannot start the Go capture executable: {exc}") from exc
    return _GoProcessOracle(proc)
