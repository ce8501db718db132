"""The shapes the differential tester passes around: cases, results, batch runners and predicates."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Final

Case = dict[str, Any]
Result = dict[str, Any]
JsonPath = tuple[str | int, ...]
# Runs a batch of complete cases, one result each (docs/case-format.md §2, or skipped/errored).
BatchRunner = Callable[[Sequence[Case]], list[Result]]
# Says for each candidate whether it still shows the mismatch being shrunk.
BatchPredicate = Callable[[Sequence[Case]], list[bool]]

# A planted bug (mutants.applied) patches the reference's module globals, which every thread sees. Whoever runs
# the in-process reference holds this lock, and a planted bug holds it while it is in place, so that an unmutated
# run (the oracle, on its own thread) never overlaps a mutated one: the results, and so what shrinking keeps, do
# not depend on how the two threads happen to be scheduled.
REFERENCE_LOCK: Final = threading.RLock()
