"""The shapes the differential tester passes around: cases, results, batch runners and predicates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Case = dict[str, Any]
Result = dict[str, Any]
JsonPath = tuple[str | int, ...]
# Runs a batch of complete cases, one result each (docs/case-format.md §2, or skipped/errored).
BatchRunner = Callable[[Sequence[Case]], list[Result]]
# Says for each candidate whether it still shows the mismatch being shrunk.
BatchPredicate = Callable[[Sequence[Case]], list[bool]]
