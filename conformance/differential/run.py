"""Differential testing: a *subject* implementation against an *oracle* on the same generated cases (the reference
against the real Go hcsshim; any implementation, through the adapter protocol, against the reference or Go; a
planted bug against the unmutated reference).

The loop works in batches because an adapter process (the Go side runs in one long-lived Wine process) converts a
case in well under a millisecond but a round trip costs far more: draw a batch of cases, run the whole batch
through both sides (an adapter on a thread, pipelined, while this process works), compare, repeat. The next batch
is generated while the adapters still work on the current one.

* **Generation.** Cases are drawn with the Hypothesis strategies (:func:`conformance.strategies.cases`), which
  keep the host consistent with the spec but cost milliseconds each. Each drawn case is followed by ``derive``
  cheap *derived* cases: JSON-level variants that splice a subtree of another drawn case in at the same path,
  tweak a leaf (Go-parser edge strings and integers, a trailing newline, case flips) or delete a key or item.
  A derived case that is not a well-formed case (:func:`reference.case.normalize_case`) is dropped.
* **Comparison** is type-strict: canonical JSON strings of the two results (``1``, ``1.0`` and ``true`` differ),
  which includes the exact ``bytes`` of each document; at lower levels (:mod:`.levels`, the levels of
  ``hcsdoc check``) only what the levels compare. A case the subject declines (``skipped``) is not compared; a
  crash, hang or broken reply of an adapter on a case is a result of its own (``{"crash": ...}``) and so a
  difference like any other, shrunk the same way.
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
* **Planted bugs** (:func:`planted_check`, conformance/differential/mutants.py): the unmutated reference is the oracle, each
  mutant in turn the subject; per seed one generated stream of cases, the first mismatch of each mutant is shrunk
  and judged against the mutant's declared minimal cases.
"""

from __future__ import annotations

import concurrent.futures
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from hcsdoc.conformance.differential.casetree import simplicity
from hcsdoc.conformance.differential.explain import fingerprint_id
from hcsdoc.conformance.differential.generate import CaseGenerator, CaseSource
from hcsdoc.conformance.differential.levels import Levels
from hcsdoc.conformance.differential.model import REFERENCE_LOCK, BatchPredicate, BatchRunner, Case, Result
from hcsdoc.conformance.differential.shrink import ShrinkStats, shrink
from hcsdoc.conformance.impl.base import Implementation, run_batch
from hcsdoc.conformance.results.pretty import finding_json

DEFAULT_OUT: Final = Path("findings/diff")
_HANG_SHRINK_TESTS: Final = 60
STRICT: Final = Levels()

Grouping = Callable[[Case, Result, Result], str | None]
"""The class of a mismatch by cause, from the case, the subject's and the oracle's result (None: no class)."""


# ----------------------------------------------------------------------------------------------------------------
# running


@dataclass
class ImplRunner:
    """A started :class:`~hcsdoc.conformance.impl.base.Implementation` as a batch runner (a failure on a case is
    the result ``{"crash": ...}``, ``{"timeout": ...}``, ...: a finding, never a stop). ``in_process`` runners are
    never run on a thread next to another in-process runner (a planted bug patches the reference's modules)."""

    impl: Implementation
    in_process: bool = False

    def __call__(self, cases: Sequence[Case]) -> list[Result]:
        if not cases:
            return []
        if self.in_process:
            with REFERENCE_LOCK:  # never while a planted bug is in place on another thread (model.REFERENCE_LOCK)
                return run_batch(self.impl, cases)
        return run_batch(self.impl, cases)

    @property
    def given_up(self) -> str:
        """Why an adapter was given up (its restart budget spent), or ``""``."""
        return str(getattr(self.impl, "given_up", "") or "")


def impl_runner(impl: Implementation) -> ImplRunner:
    from hcsdoc.conformance.impl.adapters import InProcess

    return ImplRunner(impl, in_process=isinstance(impl, InProcess))


def reference_runner() -> ImplRunner:
    """The reference, in process; a Python exception (a reference bug) becomes ``{"crash": ...}``."""
    from hcsdoc.conformance.impl.resolve import reference

    return ImplRunner(reference(), in_process=True)


def _in_process(r: BatchRunner) -> bool:
    return bool(getattr(r, "in_process", True))


_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=2)


def _start(
    subject: BatchRunner, oracle: BatchRunner, cases: Sequence[Case]
) -> Callable[[], tuple[list[Result], list[Result]]]:
    """Start both sides on ``cases``: an adapter on a thread (it waits on its process), an in-process runner here
    (at most one at a time: a planted bug patches modules). Returns the function that waits for both."""
    futs: dict[str, concurrent.futures.Future[list[Result]]] = {}
    done: dict[str, list[Result]] = {}
    for name, r in (("s", subject), ("o", oracle)):
        if not _in_process(r):
            futs[name] = _POOL.submit(r, cases)
    for name, r in (("s", subject), ("o", oracle)):
        if name not in futs:
            done[name] = r(cases)

    def wait() -> tuple[list[Result], list[Result]]:
        for name, f in futs.items():
            done[name] = f.result()
        return done["s"], done["o"]

    return wait


def run_both(subject: BatchRunner, oracle: BatchRunner, cases: Sequence[Case]) -> tuple[list[Result], list[Result]]:
    """Both sides' results for ``cases`` (see :func:`_start` for who runs where)."""
    return _start(subject, oracle, cases)()


def mismatch_predicate(subject: BatchRunner, oracle: BatchRunner, levels: Levels = STRICT) -> BatchPredicate:
    """``subject(case)`` differs from ``oracle(case)`` at ``levels``, for a batch."""

    def pred(cases: Sequence[Case]) -> list[bool]:
        a, b = run_both(subject, oracle, cases)
        return [levels.differ(x, y) for x, y in zip(a, b, strict=True)]

    return pred


@dataclass
class Finding:
    """One class of difference: the shrunk case, the two results on it (``reference`` is the subject's, ``other``
    the oracle's), where the first case showing it came, and how many more did."""

    fingerprint: str
    paths: list[str]
    case: Case
    original: Case
    reference: Result
    other: Result
    found_at: int
    duplicates: int = 0
    shrink: ShrinkStats | None = None
    outcome: str = "fail"
    # Set by arbitration (:mod:`.arbitrate`): what the real hcsshim says, and who differs from it.
    verdict: str = ""
    go: Result | None = None

    @property
    def id(self) -> str:
        return fingerprint_id(self.fingerprint)


@dataclass
class RunStats:
    cases: int = 0
    mismatches: int = 0
    invalid: int = 0
    skipped: int = 0
    seconds: float = 0.0
    compare_seconds: float = 0.0
    shrink_seconds: float = 0.0
    findings: dict[str, Finding] = field(default_factory=dict)
    stopped: str = ""  # why the run ended early (an adapter given up), or ""

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
    levels: Levels = STRICT,
    progress: Callable[[RunStats], None] | None = None,
    group: Grouping | None = None,
) -> RunStats:
    """Generate ``examples`` cases, compare ``subject`` (default: the reference) with ``oracle`` on each at
    ``levels``, shrink every mismatch (at most ``max_shrinks``; more mismatches with an already known unshrunk
    fingerprint are only counted) and collect findings by fingerprint of the *shrunk* case. Stops early when an
    adapter is given up (its restart budget spent: every further case would be a crash).

    ``group`` (optional) names the class of a mismatch by its cause (``None``: no class); a mismatch with a class
    is shrunk while it stays in that class, and its finding's fingerprint is the class name, so that one finding
    stands for each class (shrinking alone would take every difference to the same smallest one)."""
    subject = subject or reference_runner()
    gen: CaseSource = generator or CaseGenerator()
    pred = mismatch_predicate(subject, oracle, levels)
    stats = RunStats()
    started = time.monotonic()
    raw_seen: dict[str, str] = {}  # fingerprint of an unshrunk mismatch -> its shrunk finding's fingerprint
    shrinks = 0

    def next_batch() -> list[Case]:
        want = min(batch_size, examples - stats.cases)
        return gen.batch(want)[:want] if want > 0 else []

    def finish() -> RunStats:
        stats.seconds = time.monotonic() - started
        return stats

    batch = next_batch()
    while batch:
        t0 = time.monotonic()
        wait = _start(subject, oracle, batch)
        # Generate the next batch while the adapters work on this one.
        planned = stats.cases + len(batch)
        want = min(batch_size, examples - planned)
        upcoming = gen.batch(want)[:want] if want > 0 else []
        a, b = wait()
        stats.compare_seconds += time.monotonic() - t0
        for i, (c, x, y) in enumerate(zip(batch, a, b, strict=True)):
            index = stats.cases + i + 1
            if levels.skipped(x, y):
                stats.skipped += 1
                continue
            if not levels.differ(x, y):
                continue
            stats.mismatches += 1
            named = group(c, x, y) if group is not None else None
            raw_fp = named or levels.fingerprint(x, y)
            if raw_fp in raw_seen and raw_seen[raw_fp] in stats.findings:
                stats.findings[raw_seen[raw_fp]].duplicates += 1
                continue
            small, sstats = c, None
            if do_shrink and shrinks < max_shrinks:
                shrinks += 1
                # Every candidate that still hangs costs the adapter's whole timeout: a hang gets a short budget.
                budget = _HANG_SHRINK_TESTS if "timeout" in x or "timeout" in y else 20_000
                small, sstats = shrink(c, _in_group(pred, subject, oracle, group, named), max_tests=budget)
                stats.shrink_seconds += sstats.seconds
            (sx,), (sy,) = run_both(subject, oracle, [small])
            paths = levels.paths(sx, sy)
            fp = named or levels.fingerprint(sx, sy)
            raw_seen[raw_fp] = fp
            known = stats.findings.get(fp)
            if known is not None:
                known.duplicates += 1
                if simplicity(small) < simplicity(known.case):
                    known.case, known.reference, known.other = small, sx, sy
                continue
            stats.findings[fp] = Finding(
                fp, paths, small, c, sx, sy, index, shrink=sstats, outcome=levels.outcome(sx, sy)
            )
            if stop_at_first:
                stats.cases = index
                return finish()
        stats.cases += len(batch)
        if progress is not None:
            stats.seconds = time.monotonic() - started
            progress(stats)
        given_up = _given_up(subject) or _given_up(oracle)
        if given_up:
            stats.stopped = f"adapter unavailable: {given_up}"
            return finish()
        batch = upcoming
    return finish()


def one_sided_panic(case: Case, subject: Result, oracle: Result) -> str | None:
    """A :data:`Grouping` for any two implementations: a mismatch where exactly one side panics is a class of its
    own (``panic only in the subject: <message>``, digits as ``#``), so that shrinking keeps the panic; plain
    shrinking goes to the smallest difference of any kind, which is seldom the panic. Other mismatches: None."""
    if ("panic" in subject) == ("panic" in oracle) or STRICT.skipped(subject, oracle):
        return None  # a case one side does not run (declined, or not run by the oracle) is no mismatch at all
    side, text = ("subject", subject["panic"]) if "panic" in subject else ("oracle", oracle["panic"])
    return f"panic only in the {side}: " + re.sub(r"[0-9]+", "#", str(text))[:120]


def _in_group(
    pred: BatchPredicate, subject: BatchRunner, oracle: BatchRunner, group: Grouping | None, named: str | None
) -> BatchPredicate:
    """``pred``, or, for a mismatch of a named class, "still a mismatch of that class"."""
    if group is None or named is None:
        return pred

    def in_group(cases: Sequence[Case]) -> list[bool]:
        a, b = run_both(subject, oracle, cases)
        return [group(c, x, y) == named for c, x, y in zip(cases, a, b, strict=True)]

    return in_group


def _given_up(r: BatchRunner) -> str:
    return str(getattr(r, "given_up", "") or "")


def write_finding(
    f: Finding, out_dir: Path = DEFAULT_OUT, *, repro: str = "", names: tuple[str, str] = ("", "")
) -> tuple[Path, Path]:
    """``<id>.jsonl``: the shrunk complete case as one JSON line, ready for ``hcsdoc capture --add-case`` (or
    ``--cases``) and ``hcsdoc diff --case``; ``<id>.json``: the report (fingerprint, paths, outcome, both results,
    the unshrunk case, the repro command, the arbitration). Returns both paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    case_path = out_dir / f"{f.id}.jsonl"
    report_path = out_dir / f"{f.id}.json"
    case_path.write_text(json.dumps(f.case, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    report: dict[str, Any] = {
        "id": f.id,
        "fingerprint": f.fingerprint.split("\n"),
        "paths": f.paths,
        "outcome": f.outcome,
        "foundAt": f.found_at,
        "duplicates": f.duplicates,
        "case": f.case,
        "subject": {"name": names[0], "result": f.reference},
        "oracle": {"name": names[1], "result": f.other},
        "original": f.original,
    }
    if repro:
        report["repro"] = repro
    if f.verdict:
        report["arbitration"] = {"verdict": f.verdict, "go": f.go}
    if f.shrink is not None:
        report["shrink"] = {
            "tests": f.shrink.tests,
            "accepted": f.shrink.accepted,
            "seconds": round(f.shrink.seconds, 2),
        }
    # An implementation's documents may nest as deep as Go's (a device extension, up to 10000 levels).
    report_path.write_text(finding_json(report) + "\n", encoding="utf-8")
    return case_path, report_path


class GoUnavailable(Exception):
    """The capture executable was built but does not answer the handshake."""


def go_runner(version: str | None = None, window: int = 500) -> tuple[ImplRunner, Callable[[], None]]:
    """The capture executable as a batch runner (started now, through the adapter protocol like any other
    implementation), and the function that stops it. Raises ``ResolveError`` when it cannot be prepared."""
    from hcsdoc.conformance.impl.resolve import DEFAULT_HCSSHIM, AdapterSettings, go

    impl = go(version or DEFAULT_HCSSHIM, AdapterSettings(window=window, max_restarts=200))
    impl.start()
    if impl.given_up:
        impl.close()
        raise GoUnavailable(f"the capture executable does not start: {impl.given_up}")
    return ImplRunner(impl), impl.close
