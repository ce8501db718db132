"""One differential run of any implementation, as ``hcsdoc diff --impl``, the pytest plugin and the benchmark use it:
open the two sides, run, judge each finding against the expectations file, say how to reproduce it.

* :func:`open_side` turns a name into a started batch runner: ``reference`` (in-process), ``go`` /
  ``go@VERSION`` (the capture executable, through the protocol) or an adapter command line; the subject may also be
  the reference with a planted bug (``plant``).
* :func:`judge` applies an expectations file (the format of ``hcsdoc check``'s, keyed by finding id instead of case
  id): a finding listed with its outcome is *accepted*; one listed with another outcome, or not listed, is *new*;
  one the arbitration blames on the reference is ours (*reference bug*) and never fails the implementation's run.
  An entry not seen in a run is only reported: generated cases are random, not seeing a difference proves nothing.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from hcsdoc.conformance.differential.arbitrate import blames_subject
from hcsdoc.conformance.differential.levels import Levels
from hcsdoc.conformance.differential.model import BatchRunner, Case
from hcsdoc.conformance.differential.run import Finding, ImplRunner, reference_runner
from hcsdoc.conformance.impl.resolve import DEFAULT_HCSSHIM, AdapterSettings, ImplSpec, parse_impl
from hcsdoc.conformance.results.compare import CompareLevels
from hcsdoc.conformance.runner.expectations import Expectation, Expectations
from hcsdoc.reference.gojson.room import with_room_if_deep

NEW: Final = "new"
ACCEPTED: Final = "accepted"
REFERENCE_BUG: Final = "reference bug"

DIFF_SETTINGS: Final = AdapterSettings(timeout=5.0, start_timeout=60.0, max_restarts=200, window=256)


class SideUnavailable(Exception):
    """A side cannot be started (no such program, handshake refused, Go not set up): an environment error."""


@dataclass
class Side:
    runner: BatchRunner
    spec: ImplSpec
    label: str
    close: Callable[[], None]
    info: dict[str, Any]


def open_side(
    text: str, *, hcsshim: str | None = None, settings: AdapterSettings = DIFF_SETTINGS, plant: str | None = None
) -> Side:
    """Start the implementation ``text`` names (``ResolveError`` for a bad name, :class:`SideUnavailable` when
    it does not start)."""
    from hcsdoc.conformance.impl.adapters import AdapterUnavailable
    from hcsdoc.conformance.impl.resolve import build

    name = text.strip()
    spec = parse_impl(text, hcsshim if name == "go" or name.startswith("go@") else None)
    if plant is not None:
        if spec.kind != "reference":
            raise SideUnavailable("--plant applies to the reference only")
        from hcsdoc.conformance.differential.mutants import by_name
        from hcsdoc.conformance.differential.planted import planted_runner

        try:
            mutant = by_name(plant)
        except KeyError as exc:
            raise SideUnavailable(str(exc.args[0])) from None
        return Side(planted_runner(mutant), spec, f"reference with {plant} planted", lambda: None, {})
    if spec.kind == "reference":
        return Side(reference_runner(), spec, "reference", lambda: None, {"kind": "in-process"})
    impl = build(spec, settings)
    try:
        info = impl.start()
    except AdapterUnavailable as exc:
        raise SideUnavailable(str(exc)) from None
    given_up = str(getattr(impl, "given_up", "") or "")
    if given_up:
        impl.close()
        raise SideUnavailable(f"{spec.label} does not start: {given_up}")
    impl_name = info.get("name")
    label = spec.label
    if spec.kind == "adapter" and impl_name:
        label = f"{impl_name} {info.get('version', '')}".strip()
    return Side(ImplRunner(impl), spec, label, impl.close, info)


def diff_argv(subject: ImplSpec, oracle: ImplSpec, levels: CompareLevels, expectations: str | None = None) -> list[str]:
    """The ``hcsdoc diff`` options that name the same two sides and levels again."""
    if subject.kind == oracle.kind == "go" and subject.hcsshim != oracle.hcsshim:  # two releases side by side
        out = ["hcsdoc", "diff", "--impl", f"go@{subject.hcsshim}", "--oracle", f"go@{oracle.hcsshim}"]
    else:
        out = ["hcsdoc", "diff", *subject.cli_words()]
        out += ["--oracle", "go" if oracle.kind == "go" else "reference"]
    if subject.kind != "go" and oracle.kind == "go" and oracle.hcsshim != "v0.11.8":
        out += ["--hcsshim", oracle.hcsshim]
    out += levels.cli_words()
    if expectations:
        out += ["--expectations", expectations]
    return out


def repro(base: Sequence[str], case_file: Path) -> str:
    return shlex.join([*base, "--case", str(case_file)])


def judge(f: Finding, exp: Expectations) -> tuple[str, Expectation | None]:
    """``(status, entry)``: :data:`ACCEPTED`, :data:`NEW` or :data:`REFERENCE_BUG` (module docstring)."""
    entry = exp.get(f.id)
    if not blames_subject(f):
        return REFERENCE_BUG, entry
    if entry is not None and entry.outcome == f.outcome:
        return ACCEPTED, entry
    return NEW, entry


def unseen(exp: Expectations, findings: Iterable[Finding]) -> list[str]:
    seen = {f.id for f in findings}
    return sorted(cid for cid in exp.entries if cid not in seen)


def record(exp: Expectations, findings: Iterable[Finding], today: str) -> list[str]:
    """Add (or update the outcome of) an entry for every finding that blames the subject; returns the ids added
    or changed. Reasons of existing entries are kept; new ones get a placeholder to be filled in by hand."""
    changed = []
    from hcsdoc.conformance.results.outcomes import EXPECTABLE

    for f in findings:
        if not blames_subject(f) or f.outcome not in EXPECTABLE:
            continue  # the reference's own bug (or its crash): nothing to accept in the implementation
        old = exp.entries.get(f.id)
        if old is not None and old.outcome == f.outcome:
            continue
        reason = (
            old.reason if old is not None else f"TODO: explain (differs at {', '.join(f.paths[:3])}; recorded {today})"
        )
        exp.entries[f.id] = Expectation(f.outcome, reason, old.link if old is not None else "")
        changed.append(f.id)
    return changed


class CaseFileError(Exception):
    pass


def _loads_deep(text: str) -> Any:
    """A finding report holds both sides' documents, which may nest as deep as Go's; far deeper is no case file."""
    try:
        return with_room_if_deep(lambda: json.loads(text))
    except RecursionError:
        raise ValueError("nested far deeper than Go decodes") from None


def load_case_files(paths: Sequence[Path]) -> list[tuple[str, Case]]:
    """Cases from finding files: ``<id>.jsonl`` (one complete case per line), a finding report ``<id>.json`` (its
    ``case``) or a plain case file. Each is normalised; a malformed one is a :class:`CaseFileError`."""
    from hcsdoc.reference import CaseError, normalize_case

    out: list[tuple[str, Case]] = []
    for p in paths:
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CaseFileError(f"{p}: cannot read: {exc}") from None
        try:
            docs: list[Any] = [_loads_deep(text)]
        except ValueError:
            try:
                docs = [_loads_deep(line) for line in text.splitlines() if line.strip()]
            except ValueError as exc:
                raise CaseFileError(f"{p}: neither JSON nor JSON lines: {exc}") from None
        for i, doc in enumerate(docs):
            raw = doc["case"] if isinstance(doc, Mapping) and "case" in doc and "host" not in doc else doc
            try:
                out.append((f"{p}" + (f":{i + 1}" if len(docs) > 1 else ""), normalize_case(raw)))
            except CaseError as exc:
                raise CaseFileError(f"{p}: not a case: {exc}") from None
    return out


def shrink_to_finding(case: Case, subject: Side, oracle: Side, levels: Levels, found_at: int = 1) -> Finding | None:
    """Shrink ``case`` (a difference found elsewhere, by the fuzzer say) through both sides: the finding, or
    ``None`` when the two sides agree on it after all."""
    from hcsdoc.conformance.differential.run import mismatch_predicate, run_both
    from hcsdoc.conformance.differential.shrink import shrink

    (x,), (y,) = run_both(subject.runner, oracle.runner, [case])
    if not levels.differ(x, y):
        return None
    small, stats = shrink(case, mismatch_predicate(subject.runner, oracle.runner, levels))
    (sx,), (sy,) = run_both(subject.runner, oracle.runner, [small])
    return Finding(
        levels.fingerprint(sx, sy),
        levels.paths(sx, sy),
        small,
        case,
        sx,
        sy,
        found_at,
        shrink=stats,
        outcome=levels.outcome(sx, sy),
    )


def arbitrate_findings(findings: Sequence[Finding], subject: Side, oracle: Side, levels: Levels, mode: str) -> str:
    """Label the findings (:mod:`.arbitrate`) by the hcsshim version the reference mirrors: ``mode`` ``none``,
    ``auto`` (when Go can be started here) or ``go`` (:class:`SideUnavailable` when it cannot). Returns a note for
    the log."""
    from hcsdoc.conformance.differential import arbitrate as arb
    from hcsdoc.conformance.differential.levels import is_result
    from hcsdoc.conformance.impl.resolve import ResolveError

    if not findings or mode == "none":
        return ""
    if oracle.spec.kind == "go":
        for f in findings:
            f.verdict, f.go = arb.DIFFERS_FROM_GO, f.other
        return ""
    if subject.spec.kind == "go" and subject.spec.hcsshim == DEFAULT_HCSSHIM:
        for f in findings:
            f.verdict, f.go = (arb.REFERENCE_DIFFERS if is_result(f.reference) else arb.GO_FAILED), f.reference
        return ""
    try:
        # Always the version the reference mirrors: the question is whether the reference is right.
        go = open_side("go", hcsshim=DEFAULT_HCSSHIM, settings=AdapterSettings(window=500))
    except (ResolveError, SideUnavailable) as exc:
        if mode == "go":
            raise SideUnavailable(f"--arbitrate go: {exc}") from None
        for f in findings:
            f.verdict = arb.NOT_ARBITRATED
        return f"not arbitrated (hcsshim is not available here: {str(exc)[:200]}); --arbitrate go to require it"
    try:
        arb.arbitrate(findings, go.runner, levels)
    finally:
        go.close()
    return f"{len(findings)} findings run through {go.label}"


@dataclass
class Judged:
    finding: Finding
    status: str
    entry: Expectation | None
    case_file: Path
    report_file: Path
    repro: str


@dataclass
class SessionResult:
    subject: str
    oracle: str
    stats: Any
    judged: list[Judged]
    arbitration: str
    unseen: list[str]

    @property
    def new(self) -> list[Judged]:
        return [j for j in self.judged if j.status == NEW]


def run_session(
    impl: str,
    *,
    oracle: str = "reference",
    examples: int = 2000,
    seed: int = 0,
    levels: CompareLevels | None = None,
    hcsshim: str | None = None,
    out: Path = Path("findings/diff"),
    expectations: Path | None = None,
    arbitrate: str = "auto",
    settings: AdapterSettings = DIFF_SETTINGS,
    derive: int = 39,
) -> SessionResult:
    """A whole differential run of ``impl`` against ``oracle``: generate, compare, shrink, arbitrate, write and
    judge every finding. Raises ``ResolveError``/:class:`SideUnavailable`/``ExpectationsError`` for what is
    wrong before anything runs."""
    from hcsdoc.conformance.differential.generate import CaseGenerator
    from hcsdoc.conformance.differential.run import run_differential, write_finding
    from hcsdoc.conformance.results.compare import STRICTEST
    from hcsdoc.conformance.runner.expectations import load_expectations

    levels = levels or STRICTEST
    lv = Levels.of(levels)
    exp = load_expectations(expectations, must_exist=False)
    subject_side = open_side(impl, hcsshim=hcsshim, settings=settings)
    try:
        oracle_side = open_side(oracle, hcsshim=hcsshim, settings=AdapterSettings(window=500))
    except Exception:
        subject_side.close()
        raise
    try:
        stats = run_differential(
            examples,
            oracle_side.runner,
            subject=subject_side.runner,
            generator=CaseGenerator(seed=seed, derive=derive),
            levels=lv,
        )
        findings = sorted(stats.findings.values(), key=lambda f: f.found_at)
        note = arbitrate_findings(findings, subject_side, oracle_side, lv, arbitrate)
    finally:
        subject_side.close()
        oracle_side.close()
    base = diff_argv(subject_side.spec, oracle_side.spec, levels, str(expectations) if expectations else None)
    judged = []
    for f in findings:
        line = repro(base, out / f"{f.id}.jsonl")
        case_file, report_file = write_finding(f, out, repro=line, names=(subject_side.label, oracle_side.label))
        status, entry = judge(f, exp)
        judged.append(Judged(f, status, entry, case_file, report_file, line))
    return SessionResult(subject_side.label, oracle_side.label, stats, judged, note, unseen(exp, findings))
