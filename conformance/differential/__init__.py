"""Differential testing: generated cases through two implementations, every difference explained, shrunk to a
minimal case, deduplicated and written as a case file (``hcsdoc diff``, docs in :mod:`.run`).

Modules, in the order data flows through them:

* :mod:`.model`: the shapes passed around (case, result, batch runner, batch predicate);
* :mod:`.generate`: Hypothesis draws plus cheap JSON-level variants;
* :mod:`.explain`: type-strict comparison, JSON-pointer explanations, the finding fingerprint;
* :mod:`.casetree` and :mod:`.shrink`: the case as a JSON tree and delta debugging over it;
* :mod:`.levels`: what is compared at ``hcsdoc check``'s levels (``--compare``, ``--errors``, ``--documents``);
* :mod:`.run`: the batched loop of a subject against an oracle (any :mod:`hcsdoc.conformance.impl` kind), and
  finding files;
* :mod:`.arbitrate`: each finding against the reference also run through hcsshim, and labelled;
* :mod:`.session`: a whole run of any implementation (``hcsdoc diff --impl``, the pytest plugin): open the sides,
  judge findings against an expectations file, repro lines;
* :mod:`.throughput`: end-to-end rates for ``hcsdoc bench``;
* :mod:`.mutants`, :mod:`.planted` and :mod:`.planted_adapter`: planted bugs, in-process or served through the
  protocol, to measure the tester itself;
* :mod:`.reach`: how much of the converter the strategies reach.
"""

from hcsdoc.conformance.differential.casetree import simplicity
from hcsdoc.conformance.differential.explain import explain, fingerprint, fingerprint_id, results_differ
from hcsdoc.conformance.differential.generate import CaseGenerator, CaseSource
from hcsdoc.conformance.differential.levels import Levels
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
    ImplRunner,
    RunStats,
    go_runner,
    impl_runner,
    mismatch_predicate,
    one_sided_panic,
    reference_runner,
    run_both,
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
    "ImplRunner",
    "Levels",
    "PlantedResult",
    "PlantedSeed",
    "Result",
    "RunStats",
    "ShrinkStats",
    "explain",
    "fingerprint",
    "fingerprint_id",
    "go_runner",
    "impl_runner",
    "mismatch_predicate",
    "mutant_predicate",
    "one_sided_panic",
    "planted_check",
    "planted_runner",
    "reference_runner",
    "results_differ",
    "run_both",
    "run_differential",
    "shrink",
    "simplicity",
    "write_finding",
]
