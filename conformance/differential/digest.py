"""A digest of a case stream, so that two runs "with the same seed" can be compared by one printed line.

:class:`DigestSource` wraps any :class:`~.generate.CaseSource` and hashes the first ``limit`` cases it hands out
(SHA-256 over one line per case, its :func:`~hcsdoc.conformance.results.canonical.canonical_json`), in order. The
run loop cuts its last batch to ``limit``; the digest does the same, so it covers exactly the cases that were run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from hcsdoc.conformance.differential.generate import CaseSource
from hcsdoc.conformance.differential.model import Case
from hcsdoc.conformance.results.canonical import canonical_json


def case_line(case: Case) -> bytes:
    """The canonical JSON line of one case, as hashed."""
    return canonical_json(case).encode("utf-8", "surrogatepass")


def stream_digest(cases: Iterable[Case]) -> str:
    """``sha256:<first 16 hex digits>`` of the cases in order."""
    h = hashlib.sha256()
    for c in cases:
        h.update(case_line(c) + b"\n")
    return "sha256:" + h.hexdigest()[:16]


class DigestSource:
    """A case source that passes batches through and hashes the first ``limit`` cases."""

    def __init__(self, source: CaseSource, limit: int) -> None:
        self.source = source
        self.limit = limit
        self.count = 0
        self._hash = hashlib.sha256()

    def batch(self, n: int) -> list[Case]:
        out = self.source.batch(n)
        for c in out[: max(0, self.limit - self.count)]:
            self._hash.update(case_line(c) + b"\n")
            self.count += 1
        return out

    @property
    def digest(self) -> str:
        return "sha256:" + self._hash.hexdigest()[:16]
