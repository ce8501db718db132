"""The other side of the differential harness: an implementation (by default the real Go hcsshim) run in batches.

It is an :class:`hcsdoc.conformance.impl.base.Implementation` like every other one, resolved from the same names
as ``hcsdoc check --impl`` (``go``, ``go@VERSION`` or an adapter command line), so that the harness does not depend
on how the process is started (Wine prefix, executable cache, hcsshim version, restarts after a crash).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol


class GoOracle(Protocol):
    def run_batch(self, cases: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """One result per case, in order (documents+bytes | error | panic, or a failure: crash, timeout, ...)."""
        ...


class OracleUnavailable(RuntimeError):
    """The implementation cannot be started here (no Wine, not built, no such program, ...)."""


class _ImplOracle:
    def __init__(self, impl: Any) -> None:
        self.impl = impl

    def run_batch(self, cases: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        from hcsdoc.conformance.impl.base import run_batch

        return run_batch(self.impl, [dict(c) for c in cases])

    def close(self) -> None:
        self.impl.close()


def open_oracle(impl: str = "go", window: int = 256) -> GoOracle:
    """Start the implementation ``impl`` (building the capture executable if needed) and return a batched client."""
    from hcsdoc.conformance.impl.adapters import AdapterUnavailable
    from hcsdoc.conformance.impl.resolve import AdapterSettings, ResolveError, resolve

    try:
        adapter, _spec = resolve(impl, settings=AdapterSettings(window=window, max_restarts=1000))
        adapter.start()
    except (ResolveError, AdapterUnavailable) as exc:
        raise OracleUnavailable(f"cannot start {impl}: {exc}") from exc
    given_up = getattr(adapter, "given_up", "")
    if given_up:
        raise OracleUnavailable(f"{impl} does not start: {given_up}")
    return _ImplOracle(adapter)


def open_go_oracle() -> GoOracle:
    """The real hcsshim (the default version), batched."""
    return open_oracle("go")
