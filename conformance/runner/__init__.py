"""The conformance runner behind ``hcsdoc check``: load vectors, run an implementation, compare, report.

Public API (see the modules for details):

* :func:`~hcsdoc.conformance.vectors.suite.load_suite` -- vector files to a suite;
* :func:`~hcsdoc.conformance.results.compare.compare_result` -- one expected result against one actual result;
* :func:`~.engine.run_check` -- a whole check, yielding one event per case;
* :mod:`.selection` (tags, globs, shards), :mod:`.expectations` (known differences per implementation),
  :mod:`.live` (the terminal view), :mod:`.report` (events, JUnit XML, Markdown, run diffs).
"""

from hcsdoc.conformance.results.compare import CompareLevels, Comparison, compare_result
from hcsdoc.conformance.results.outcomes import OUTCOMES, Outcome
from hcsdoc.conformance.runner.engine import CheckConfig, CheckRun, run_check
from hcsdoc.conformance.vectors.suite import Suite, SuiteError, Vector, load_suite

__all__ = [
    "OUTCOMES",
    "CheckConfig",
    "CheckRun",
    "CompareLevels",
    "Comparison",
    "Outcome",
    "Suite",
    "SuiteError",
    "Vector",
    "compare_result",
    "load_suite",
    "run_check",
]
