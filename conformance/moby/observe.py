"""Run the vectors through Docker Engine's conversion and turn every answer into an :class:`Observation`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hcsdoc.conformance.impl.adapters import Adapter, environment_with
from hcsdoc.conformance.moby.classes import Observation
from hcsdoc.conformance.results.compare import CompareLevels, compare_result
from hcsdoc.conformance.vectors.suite import Vector

LEVELS = CompareLevels("bytes", "outcome", "v1")
"""The applicable comparison: the schema-1 document and its bytes, errors and panics by outcome only."""

Command = Callable[[str], tuple[list[str], Mapping[str, str] | None]]


def observe(vector: Vector, actual: dict[str, Any]) -> Observation:
    """Compare one answer (a result, or ``{"skipped": why}``) with the vector at :data:`LEVELS`."""
    return observation(vector.id, vector.case, vector.expected, actual)


def observation(cid: str, case: dict[str, Any], expected: dict[str, Any], actual: dict[str, Any]) -> Observation:
    """Compare the engine's answer ``actual`` with hcsshim's result ``expected`` on ``case`` at :data:`LEVELS`."""
    if "skipped" in actual:
        return Observation(cid, case, expected, actual, "skipped", frozenset())
    if "errored" in actual:
        return Observation(cid, case, expected, actual, "crash", frozenset())
    cmp = compare_result(expected, actual, LEVELS)
    paths = frozenset("/" + "/".join(m["path"].split("/")[1:3]) for m in cmp.mismatches if m["path"].startswith("/v1"))
    return Observation(cid, case, expected, actual, cmp.outcome, paths)


def run_vectors(vectors: Sequence[Vector], version: str, command: Command | None = None) -> list[Observation]:
    """Every vector through the engine ``version`` (one adapter process); the adapter's own failures
    (crash, timeout, errored) become results ``{"errored": message}``."""
    if command is None:
        from hcsdoc.conformance.moby.process import adapter_command

        command = adapter_command
    argv, env = command(version)
    adapter = Adapter(argv, environment_with(env), kind="moby", labels={"moby": version})
    adapter.start()
    answers: dict[int, dict[str, Any]] = {}
    try:
        for index, reply in adapter.run(enumerate(v.case for v in vectors)):
            if reply.kind == "result" and reply.result is not None:
                answers[index] = reply.result
            elif reply.kind == "skipped":
                answers[index] = {"skipped": reply.message}
            else:
                answers[index] = {"errored": f"{reply.kind}: {reply.message}"}
    finally:
        adapter.close()
    return [observe(v, answers.get(i, {"errored": "no answer"})) for i, v in enumerate(vectors)]
