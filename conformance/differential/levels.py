"""Comparing a subject's result with an oracle's at the levels of ``hcsdoc check`` (``--compare``, ``--errors``,
``--documents``), for a differential run.

Each result is *projected* to what the levels compare (only the selected documents; their bytes only at the
``bytes`` level; an error's kind instead of its text at the ``kind`` level, the text kept when the kind is unknown,
as two unknown errors are never the same kind; at the ``outcome`` level only that it is an error, or a panic), and the type-strict comparison, explanation and fingerprint of
:mod:`.explain` run on the projections. At the strictest levels (the default) the projection keeps everything a
result of the converter holds, so a run compares exactly what ``hcsdoc check`` compares.

The outcome of a difference is named in the runner's vocabulary (:mod:`hcsdoc.conformance.results.outcomes`,
the oracle's result standing for the expected one), so an expectations file can accept it like a vector's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hcsdoc.conformance.differential.explain import explain, fingerprint, results_differ
from hcsdoc.conformance.differential.model import Result
from hcsdoc.conformance.results.compare import (
    STRICTEST,
    UNKNOWN_KIND,
    Classifier,
    CompareLevels,
    actual_error_kind,
    compare_result,
)

_RESULT_KEYS = ("documents", "error", "panic")


def is_result(r: Result) -> bool:
    """A result of the converter (documents, error or panic), as opposed to a failure of the implementation."""
    return "documents" in r or "error" in r or "panic" in r


@dataclass(frozen=True)
class Levels:
    """The levels of a differential run, and the error classifier the ``kind`` level needs."""

    levels: CompareLevels = STRICTEST
    classify: Classifier | None = None

    @staticmethod
    def of(levels: CompareLevels) -> Levels:
        classify = None
        if levels.errors == "kind":
            from hcsdoc.conformance.results.errorkinds import classify_error

            classify = classify_error
        return Levels(levels, classify)

    def project(self, r: Result) -> Result:
        lv = self.levels
        if "documents" in r:
            docs = r["documents"]
            if lv.documents == "both" and (lv.compare == "bytes" or "bytes" not in r) and len(r) <= 2:
                return r
            keys = lv.document_keys
            out: Result = {"documents": {k: docs.get(k) for k in keys} if isinstance(docs, dict) else docs}
            if lv.compare == "bytes":
                b = r.get("bytes")
                out["bytes"] = {k: b.get(k) for k in keys} if isinstance(b, dict) else None
            return out
        if lv.errors == "outcome" and ("error" in r or "panic" in r):
            return {"error": ""} if "error" in r else {"panic": ""}  # the outcome kind only, not the text
        if "error" in r:
            if lv.errors == "kind":
                kind = actual_error_kind(r, self.classify) or UNKNOWN_KIND
                return {"errorKind": kind} if kind != UNKNOWN_KIND else {"errorKind": kind, "error": r["error"]}
            return {"error": r["error"]} if len(r) > 1 else r
        return r

    def skipped(self, subject: Result, oracle: Result) -> bool:
        """Not compared: the subject declined the case (``skipped``) or the oracle could not run it."""
        return "skipped" in subject or "skipped" in oracle or "errored" in oracle

    def differ(self, subject: Result, oracle: Result) -> bool:
        if self.skipped(subject, oracle):
            return False
        return results_differ(self.project(subject), self.project(oracle))

    def paths(self, subject: Result, oracle: Result) -> list[str]:
        """Where the projections differ (JSON pointers; ``/errorKind`` annotated with both kinds)."""
        a, b = self.project(subject), self.project(oracle)
        out = explain(a, b)
        return [
            f"/errorKind{{{a['errorKind']}|{b['errorKind']}}}"
            if p == "/errorKind" and "errorKind" in a and "errorKind" in b
            else p
            for p in out
        ]

    def fingerprint(self, subject: Result, oracle: Result) -> str:
        return fingerprint(self.paths(subject, oracle))

    def outcome(self, subject: Result, oracle: Result) -> str:
        """The runner's name for the difference (``fail``, ``error-mismatch``, ``crash``, ...)."""
        if not is_result(subject):
            kind = next(iter(subject), "crash")
            return "crash" if kind == "errored" else kind
        if not is_result(oracle):
            return "oracle-" + next(iter(oracle), "crash")
        expected: dict[str, Any] = oracle
        if self.levels.errors == "kind" and "error" in oracle:
            expected = {**oracle, "errorKind": actual_error_kind(oracle, self.classify) or UNKNOWN_KIND}
        return compare_result(expected, subject, self.levels, self.classify).outcome
