"""Differential testing: the Python reference against another implementation of the same cases (the real Go
hcsshim through the capture executable, or, for the planted-bug check, the unmutated reference).

The loop works in batches because the Go side runs in one long-lived Wine process where a case costs well under a
millisecond but a round trip costs far more: draw a batch of cases, run the whole batch through the reference and
(pipelined, on a thread, so both sides work at once) through the oracle, compare, repeat.

* **Generation.** Cases are drawn with the Hypothesis strategies (:func:`conformance.strategies.cases`), which
  keep the host consistent with the spec but cost milliseconds each. Each drawn case is followed by ``derive``
  cheap *derived* cases: JSON-level variants that splice a subtree of another drawn case in at the same path,
  tweak a leaf (Go-parser edge strings and integers, a trailing newline, case flips) or delete a key or item.
  A derived case that is not a well-formed case (:func:`conformance.case.normalize_case`) is dropped.
* **Comparison** is type-strict: canonical JSON strings of the two results (``1``, ``1.0`` and ``true`` differ),
  which includes the exact ``bytes`` of each document.
* **Explanation.** A mismatch is explained as JSON-pointer paths (deepdiff configured per
  research/testing-anchors.md §3 and §5: tree view, ``threshold_to_diff_deeper=0``, ``__`` keys not ignored, no
  numeric-type folding; plus a type-strict walk of our own for what deepdiff misses, e.g. ``[2]`` vs ``[2.0]``).
  ``/bytes/...`` is reported only when the parsed documents are equal (otherwise it would repeat every path).
* **Fingerprint** = the sorted set of differing paths with array indices written ``*``. ``/error`` and
  ``/panic`` carry a skeleton of both texts (up to the first quote or colon, digits as ``#``), so two different
  wrong error messages do not collapse into one finding.
* **Shrinking** (:func:`shrink`): hierarchical delta debugging over the case's JSON tree, every round of
  candidates sent as one batch: delete a key or list item (where the case format allows it), replace a value by
  the simplest one of its kind (``{}``, ``[]``, ``""``, ``0``, ``false``, ``null``), drop chunks of a list or of a
  string, replace a character by ``0``, move an integer toward 0. A candidate is accepted only when it is strictly
  smaller in (length of canonical JSON, canonical JSON) order, which makes the result deterministic and the loop
  terminate; sweeps repeat until none is accepted. (No Hypothesis shrink pass comes first: most cases are
  derived and have no choice sequence, and this pass alone reaches the declared minimal case of the planted bugs.)
* **Planted bugs** (:func:`planted_check`, conformance/mutants.py): the unmutated reference is the oracle, each
  mutant in turn the subject; per seed one generated stream of cases, the first mismatch of each mutant is shrunk
  and judged against the mutant's declared minimal cases.
"""

from __future__ import annotations

import concurrent.futures
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from hcsdoc.conformance.case import CaseError
from hcsdoc.conformance.differential.casetree import simplicity
from hcsdoc.conformance.differential.explain import explain, fingerprint, fingerprint_id, results_differ
from hcsdoc.conformance.differential.generate import CaseGenerator, CaseSource
from hcsdoc.conformance.differential.model import REFERENCE_LOCK, BatchPredicate, BatchRunner, Case, Result
from hcsdoc.conformance.differential.shrink import ShrinkStats, shrink

DEFAULT_OUT: Final = Path("findings/diff")


# ----------------------------------------------------------------------------------------------------------------
# running


def reference_runner() -> BatchRunner:
    """The reference, in process; a Python exception (a reference bug) becomes ``{"crash": ...}``."""
    from hcsdoc.reference import run_case

    def run(cases: Sequence[Case]) -> list[Result]:
        out: list[Result] = []
        with REFERENCE_LOCK:  # never while a planted bug is in place on another thread (model.REFERENCE_LOCK)
            for c in cases:
                try:
                    out.append(run_case(c))
                except CaseError:
                    raise
                except Exception as exc:  # any crash is a finding, never a stop
                    out.append({"crash": f"{type(exc).__name__}: {exc}"})
        return out

    return run


def mismatch_predicate(subject: BatchRunner, oracle: BatchRunner) -> BatchPredicate:
    """``subject(case) != oracle(case)`` (type-strict), for a batch; the oracle batch runs on a thread."""

    def pred(cases: Sequence[Case]) -> list[bool]:
        a, b = _both(subject, oracle, cases)
        return [results_differ(x, y) for x, y in zip(a, b, strict=True)]

    return pred


_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=1)


def _both(subject: BatchRunner, oracle: BatchRunner, cases: Sequence[Case]) -> tuple[list[Result], list[Result]]:
    fut = _POOL.submit(oracle, cases)
    a = subject(cases)
    return a, fut.result()


@dataclass
class Finding:
    fingerprint: str
    paths: list[str]
    case: Case
    original: Case
    reference: Result
    other: Result
    found_at: int
    duplicates: int = 0
    shrink: ShrinkStats | None = None

    @property
    def id(self) -> str:
        return fingerprint_id(self.fingerprint)


@dataclass
class RunStats:
    cases: int = 0
    mismatches: int = 0
    invalid: int = 0
    seconds: float = 0.0
    compare_seconds: float = 0.0
    shrink_seconds: float = 0.0
    findings: dict[str, Finding] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def run_differential(
    examples: int,
    oracle: BatchRunner,
    *,
    subject: BatchRunner | None = None,
    generator: CaseSource | None = None,
    batch_size: int = 500,
    do_shrink: bool = True,
    stop_at_first: bool = False,
    max_shrinks: int = 50,
    progress: Callable[[RunStats], None] | None = None,
) -> RunStats:
    """Generate ``examples`` cases, compare ``subject`` (default: the reference) with ``oracle`` on each, shrink
    every mismatch (at most ``max_shrinks``; more mismatches with an already known unshrunk fingerprint are only
    counted) and collect findings by fingerprint of the *shrunk* case."""
    subject = subject or reference_runner()
    gen: CaseSource = generator or CaseGenerator()
    pred = mismatch_predicate(subject, oracle)
    stats = RunStats()
    started = time.monotonic()
    raw_seen: dict[str, str] = {}  # fingerprint of an unshrunk mismatch -> its shrunk finding's fingerprint
    shrinks = 0
    while stats.cases < examples:
        batch = gen.batch(min(batch_size, examples - stats.cases))[: examples - stats.cases]
        if not batch:
            break  # the source is exhausted
        t0 = time.monotonic()
        ok: list[Case] = []
        for c in batch:
            ok.append(c)
        a, b = _both(subject, oracle, ok)
        stats.compare_seconds += time.monotonic() - t0
        for i, (c, x, y) in enumerate(zip(ok, a, b, strict=True)):
            index = stats.cases + i + 1
            if not results_differ(x, y):
                continue
            stats.mismatches += 1
            raw_fp = fingerprint(explain(x, y))
            if raw_fp in raw_seen and raw_seen[raw_fp] in stats.findings:
                stats.findings[raw_seen[raw_fp]].duplicates += 1
                continue
            small, sstats = c, None
            if do_shrink and shrinks < max_shrinks:
                shrinks += 1
                small, sstats = shrink(c, pred)
                stats.shrink_seconds += sstats.seconds
            (sx,), (sy,) = _both(subject, oracle, [small])
            paths = explain(sx, sy)
            fp = fingerprint(paths)
            raw_seen[raw_fp] = fp
            known = stats.findings.get(fp)
            if known is not None:
                known.duplicates += 1
                if simplicity(small) < simplicity(known.case):
                    known.case, known.reference, known.other = small, sx, sy
                continue
            stats.findings[fp] = Finding(fp, paths, small, c, sx, sy, index, shrink=sstats)
            if stop_at_first:
                stats.cases = index
                stats.seconds = time.monotonic() - started
                return stats
        stats.cases += len(ok)
        stats.seconds = time.monotonic() - started
        if progress is not None:
            progress(stats)
    stats.seconds = time.monotonic() - started
    return stats


def write_finding(f: Finding, out_dir: Path = DEFAULT_OUT) -> tuple[Path, Path]:
    """``<id>.jsonl``: the shrunk complete case as one JSON line, ready for ``hcsdoc capture --cases``;
    ``<id>.json``: the report (fingerprint, paths, both results, the unshrunk case). Returns both paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    case_path = out_dir / f"{f.id}.jsonl"
    report_path = out_dir / f"{f.id}.json"
    case_path.write_text(json.dumps(f.case, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    report = {
        "fingerprint": f.fingerprint.split("\n"),
        "paths": f.paths,
        "foundAt": f.found_at,
        "duplicates": f.duplicates,
        "case": f.case,
        "reference": f.reference,
        "other": f.other,
        "original": f.original,
    }
    if f.shrink is not None:
        report["shrink"] = {
            "tests": f.shrink.tests,
            "accepted": f.shrink.accepted,
            "seconds": round(f.shrink.seconds, 2),
        }
    report_path.write_text(json.dumps(report, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return case_path, report_path


def go_runner(version: str | None = None) -> tuple[BatchRunner, Callable[[], None]]:
    """The capture executable as a batch runner (started now), and the function that stops it."""
    from hcsdoc.conformance.capture.build import DEFAULT_VERSION
    from hcsdoc.conformance.capture.process import GoProcess

    proc = GoProcess(version=version or DEFAULT_VERSION)
    proc.start()

    def run(cases: Sequence[Case]) -> list[Result]:
        return proc.run_many(cases) if cases else []

    def stop() -> None:
        proc.stop()

    return run, stop
