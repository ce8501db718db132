"""The one implementation interface: start, run a batch of cases, stop.

Three kinds implement it (:mod:`.adapters`): the reference in this process (:class:`~.adapters.InProcess`), the
real Go hcsshim through the capture executable and any other program speaking the adapter protocol (both
:class:`~.adapters.Adapter`); :mod:`.resolve` turns a name (``reference``, ``go``, ``go@VERSION``, a command line)
into one of them. The conformance runner, the differential tester, the diff fuzzer and the benchmark all use it.

``run`` is streaming and keeps the order: ``(index, case)`` pairs in, ``(index, Reply)`` pairs out. Nothing an
implementation does ends it early: a crash, a hang or a broken reply is the :class:`Reply` of the one case it
happened on. :func:`run_batch` is the shape the differential tester wants: a list of cases in, one result each out
(docs/case-format.md §2), a failure written as a result of its own kind (``{"crash": message}``, ...).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from hcsdoc.conformance.results.outcomes import Reply

Item = tuple[int, dict[str, Any]]
Result = dict[str, Any]

# The result keys of a reply that is not a result of the converter: the implementation failed on the case.
FAILURE_KINDS = ("crash", "timeout", "harness-error", "errored", "skipped")


class Implementation(Protocol):
    """What every user of an implementation needs from it."""

    def start(self) -> dict[str, Any]:
        """Start it; return its description for report headers (``kind``, ``name``, ``version`` ...)."""
        ...

    def run(self, items: Iterable[Item]) -> Iterator[tuple[int, Reply]]:
        """Run the cases (pipelined where the kind allows it); one reply per case, in the order given."""
        ...

    def close(self) -> None:
        """Stop it (an adapter gets ``stop``, then is killed if it does not exit)."""
        ...


def reply_result(reply: Reply) -> Result:
    """A reply as a result: the converter's result itself, or ``{kind: message}`` for a failure (``crash``,
    ``timeout``, ``harness-error``, and the adapter's own ``errored`` and ``skipped``)."""
    if reply.kind == "result" and reply.result is not None:
        return reply.result
    return {reply.kind: reply.message}


def run_batch(impl: Implementation, cases: Sequence[dict[str, Any]]) -> list[Result]:
    """One result per case, in order (:func:`reply_result`)."""
    out: list[Result] = [{} for _ in cases]
    for index, reply in impl.run(enumerate(cases)):
        out[index] = reply_result(reply)
    return out


def is_failure(result: Result) -> bool:
    """The implementation failed on the case (no documents, error or panic came back)."""
    return not ("documents" in result or "error" in result or "panic" in result)
