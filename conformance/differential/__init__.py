"""Differential testing: generated cases through two implementations, every difference explained, shrunk to a
minimal case, deduplicated and written as a case file (``hcsdoc diff``, docs in :mod:`.run`).

Modules, in the order data flows through them:

* :mod:`.model`: the shapes passed around (case, result, batch runner, batch predicate);
* :mod:`.generate`: Hypothesis draws plus cheap JSON-level variants;
* :mod:`.explain`: type-strict comparison, JSON-pointer explanations, the finding fingerprint;
* :mod:`.casetree` and :mod:`.shrink`: the case as a JSON tree and delta debugging over it;
* :mod:`.run`: the batched loop against an oracle, and finding files;
* :mod:`.mutants` and :mod:`.planted`: planted bugs, to measure the tester itself;
* :mod:`.reach`: how much of the converter the strategies reach.
"""

from hcsdoc.conformance.differential.casetree import simplicity
from hcsdoc.conformance.differential.explain import explain, fingerprint, fingerprint_id, results_differ
from hcsdoc.conformance.differential.generate import CaseGenerator, CaseSource
from hcsdoc.conformance.differential.model import BatchPredicate, BatchRunner, Case, Result
from hcsdoc.conformance.differential.planted import (
    PlantedResult,
    PlantedSeed,
    mutant_predicate,
    planted_check,
    planted_runner,
)
from hcsdoc.conformance.differential.run import (
    Finding,
    RunStats,
    go_runner,
    mismatch_predicate,
    reference_runner,
    run_differential,
    write_finding,
)
from hcsdoc.conformance.differential.shrink import ShrinkStats, shrink

__all__ = [
    "BatchPredicate",
    "BatchRunner",
    "Case",
    "CaseGenerator",
    "CaseSource",
    "Finding",
    "PlantedResult",
    "PlantedSeed",
    "Result",
    "RunStats",
    "ShrinkStats",
    "explain",
    "fingerprint",
    "fingerprint_id",
    "go_runner",
    "mismatch_predicate",
    "mutant_predicate",
    "planted_check",
    "planted_runner",
    "reference_runner",
    "results_differ",
    "run_differential",
    "shrink",
    "simplicity",
    "write_finding",
]
