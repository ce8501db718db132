"""The ``hcsdoc check`` command line that reruns a check (or one case of it), for reports and repro lines."""

from __future__ import annotations

from hcsdoc.conformance.impl.resolve import ImplSpec
from hcsdoc.conformance.results.compare import CompareLevels


def check_argv(spec: ImplSpec, levels: CompareLevels, expectations: str | None = None) -> list[str]:
    """``hcsdoc check`` with the implementation, the levels and the expectations file of a run (no selection)."""
    out = ["hcsdoc", "check"]
    if spec.kind != "reference":
        out += spec.cli_words()
    out += levels.cli_words()
    if expectations:
        out += ["--expectations", expectations]
    return out
