"""Arbitration: each finding of a run against the reference is also run through the real hcsshim and labelled.

The reference is an oracle only because it mirrors hcsshim; when the two disagree on a finding's case, the finding
is ours, not the implementation's. So a finding is never blamed on the implementation without asking Go when Go is
available: :data:`DIFFERS_FROM_GO` (the implementation disagrees with hcsshim: its bug, or a deliberate difference
to accept with a reason), :data:`REFERENCE_DIFFERS` (the implementation agrees with hcsshim and the reference does
not: a bug in hcsdoc, reported upstream), :data:`BOTH_DIFFER` (neither agrees with hcsshim), :data:`GO_FAILED`
(hcsshim could not run the case: not decided).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from hcsdoc.conformance.differential.levels import Levels, is_result
from hcsdoc.conformance.differential.model import BatchRunner
from hcsdoc.conformance.differential.run import Finding

DIFFERS_FROM_GO: Final = "differs from hcsshim"
REFERENCE_DIFFERS: Final = "the reference differs from hcsshim"
BOTH_DIFFER: Final = "differs from hcsshim, and so does the reference"
GO_FAILED: Final = "hcsshim could not run the case (not arbitrated)"
NOT_ARBITRATED: Final = "not arbitrated"

ISSUES_URL: Final = "the hcsdoc issue tracker"
REPORT_HINT: Final = (
    "a bug in hcsdoc's reference, not in your implementation: please report it (to "
    + ISSUES_URL
    + ") with the finding's case file and report; accept it meanwhile with an expectations entry"
)


def verdict(finding: Finding, go_result: dict[str, object], levels: Levels) -> str:
    if not is_result(go_result):
        return GO_FAILED
    subject_agrees = not levels.differ(finding.reference, go_result)
    oracle_agrees = not levels.differ(finding.other, go_result)
    if subject_agrees and not oracle_agrees:
        return REFERENCE_DIFFERS
    if oracle_agrees:
        return DIFFERS_FROM_GO
    return BOTH_DIFFER


def arbitrate(findings: Iterable[Finding], go: BatchRunner, levels: Levels) -> None:
    """Run every finding's shrunk case through ``go`` (one batch) and set its ``verdict`` and ``go`` result."""
    todo = list(findings)
    results = go([f.case for f in todo]) if todo else []
    for f, r in zip(todo, results, strict=True):
        f.go = r
        f.verdict = verdict(f, r, levels)


def blames_subject(f: Finding) -> bool:
    """The finding counts against the implementation under test (everything but the reference's own bug)."""
    return f.verdict != REFERENCE_DIFFERS
