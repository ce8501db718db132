"""The hcsshim version matrix: run the vectors through every distinct behaviour of the converter and compare.

For each behaviour of the release table (:mod:`conformance.capture.versions`, branch order) the capture executable
is built (or taken from the content-keyed cache) and the selected vectors run through it with the ordinary runner
(:func:`~conformance.runner.engine.run_check`), against the vectors' v0.11.8 results and the behaviour's
expectations file (``conformance/expectations/go-<id>.json``). The raw replies are recorded too, so that each pair of
consecutive behaviours can be compared directly: a case *changed* between them when its result differs (documents,
exact bytes, error text, panic, or whether the era could express it at all).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from hcsdoc.conformance.capture.build import BuildError, build
from hcsdoc.conformance.capture.patches import PatchError
from hcsdoc.conformance.capture.versions import Behaviour, Table
from hcsdoc.conformance.impl.adapters import Adapter, Implementation, Item, environment_with
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.conformance.results.compare import STRICTEST, CompareLevels
from hcsdoc.conformance.results.outcomes import Reply
from hcsdoc.conformance.runner.engine import CheckConfig, run_check
from hcsdoc.conformance.runner.expectations import default_path, load_expectations
from hcsdoc.conformance.vectors.suite import Suite, Vector


@dataclass(frozen=True)
class Result:
    """What one build answered for one case, reduced to what the matrix compares and shows."""

    kind: str
    """documents, error, panic, skipped, or a runner-detected failure (crash, timeout, harness-error, errored)."""
    text: str
    """The error or panic text, the skip reason or failure message; "" for documents."""
    digest: str
    """Equal digests mean equal results (documents and their exact bytes, or kind and text)."""
    documents: Any = None

    @property
    def short(self) -> str:
        return self.kind if not self.text else f"{self.kind}: {self.text}"


def result_of(reply: Reply) -> Result:
    if reply.kind == "result" and reply.result is not None:
        r = reply.result
        for kind in ("error", "panic"):
            if kind in r:
                text = str(r[kind])
                return Result(kind, text, _digest(kind, text))
        docs = r.get("documents")
        return Result("documents", "", _digest("documents", canonical_json({"d": docs, "b": r.get("bytes")})), docs)
    return Result(reply.kind, reply.message, _digest(reply.kind, reply.message))


def _digest(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}\0{text}".encode()).hexdigest()[:16]


@dataclass
class VersionRun:
    """One behaviour's run: its status, outcome counts, per-case outcome and result."""

    behaviour: Behaviour
    status: str
    """``ran``, or ``not built`` / ``build failed`` with :attr:`reason`."""
    reason: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    unexpected: int = 0
    outcomes: dict[str, str] = field(default_factory=dict)
    observed: dict[str, str] = field(default_factory=dict)
    results: dict[str, Result] = field(default_factory=dict)
    build_seconds: float = 0.0
    run_seconds: float = 0.0
    exit_code: int = 0
    stale: list[str] = field(default_factory=list)


class _Recording:
    """An implementation that passes every reply through and keeps it."""

    def __init__(self, impl: Adapter) -> None:
        self.impl = impl
        self.replies: dict[int, Reply] = {}

    def start(self) -> dict[str, Any]:
        return self.impl.start()

    def close(self) -> None:
        self.impl.close()

    @property
    def given_up(self) -> str:
        return self.impl.given_up

    @property
    def restarts(self) -> int:
        return self.impl.restarts

    @property
    def notes(self) -> list[str]:
        return self.impl.notes

    def run(self, items: Iterable[Item]) -> Iterator[tuple[int, Reply]]:
        for index, reply in self.impl.run(items):
            self.replies[index] = reply
            yield index, reply


def build_behaviour(b: Behaviour, force: bool = False) -> tuple[list[str], dict[str, str]]:
    """argv and extra environment of the capture executable for ``b`` (built on demand, sequentially)."""
    from hcsdoc.conformance.capture.wine import setup

    if b.era_def().unsupported:
        raise BuildError(b.era_def().unsupported)
    try:
        exe = build(b.id, force=force)  # the era's patches and files (conformance/capture/eras.py)
    except PatchError as exc:  # a seam's target text is not in this release: a build failure, not a traceback
        raise BuildError(f"seam patch: {exc}") from None
    wine = setup()
    return wine.argv(exe.exe), wine.env()


Launcher = Callable[[Behaviour], tuple[list[str], dict[str, str]]]


def run_version(
    b: Behaviour,
    suite: Suite,
    selected: Sequence[Vector],
    launcher: Launcher = build_behaviour,
    levels: CompareLevels = STRICTEST,
    timeout: float = 10.0,
) -> VersionRun:
    """Run ``selected`` through the build of ``b``."""
    t0 = time.monotonic()
    try:
        argv, env = launcher(b)
    except BuildError as exc:
        status = "not built" if b.era_def().unsupported else "build failed"
        return VersionRun(b, status, _one_line(str(exc)))
    built = time.monotonic() - t0
    impl = Adapter(argv, environment_with(env), kind="go", labels={"hcsshim": b.id}, timeout=timeout)
    rec = _Recording(impl)
    expectations = load_expectations(default_path("go", b.id))
    expectations.implementation = expectations.implementation or f"go {b.id}"
    config = CheckConfig(levels=levels, expectations=expectations, rerun_argv=("hcsdoc", "matrix", "--only", b.id))
    t1 = time.monotonic()
    impl_any: Implementation = rec
    try:
        info = rec.start()
        check = run_check(suite, selected, impl_any, info, config)
    finally:
        rec.close()
    run = VersionRun(b, "ran", build_seconds=built, run_seconds=time.monotonic() - t1)
    run.counts = dict(check.footer["counts"])
    run.unexpected = int(check.footer["unexpected"])
    run.exit_code = check.exit_code
    run.stale = list(check.footer["stale"])
    for ev in check.cases:
        run.outcomes[ev["id"]] = ev["outcome"]
        run.observed[ev["id"]] = ev["observed"]
    for index, reply in rec.replies.items():
        run.results[selected[index].id] = result_of(reply)
    for ev in check.cases:
        if ev["id"] not in run.results and ev["outcome"] == "skipped":
            run.results[ev["id"]] = Result("skipped", str(ev.get("message", "")), _digest("skipped", "expectations"))
    return run


def _one_line(text: str) -> str:
    return " ".join(text.split())[:600]


# ------------------------------------------------------------------------------------------------------------
# changes between consecutive behaviours

_QUOTED = re.compile(r'"(?:\\.|[^"\\])*"|\'[^\']*\'|`[^`]*`')
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")


def template(text: str) -> str:
    """An error or panic text with its case-specific parts (quoted values, numbers) replaced: the class it is in."""
    return _NUMBER.sub("N", _QUOTED.sub('"…"', text))[:200]


def _paths(a: Any, b: Any, at: str = "") -> list[str]:
    """JSON paths (indices as ``*``) where ``a`` and ``b`` differ, down to the first differing level."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for k in sorted(a.keys() | b.keys()):
            if k not in a or k not in b:
                out.append(f"{at}/{k}" + (" (added)" if k not in a else " (removed)"))
            elif canonical_json(a[k]) != canonical_json(b[k]):
                out += _paths(a[k], b[k], f"{at}/{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for x, y in zip(a, b, strict=True):
            if canonical_json(x) != canonical_json(y):
                out += _paths(x, y, f"{at}/*")
        return sorted(set(out))
    return [at or "/"]


def cause(a: Result, b: Result) -> str:
    """The class of a change from ``a`` to ``b`` (what the report groups by)."""
    if b.kind == "skipped":  # the skip reason is in the example; the class is the transition
        return f"{a.kind} → n/a"
    if a.kind == "skipped":
        return f"n/a → {b.kind}"
    if a.kind == "documents" and b.kind == "documents":
        paths = _paths(a.documents, b.documents)
        return "documents differ at " + ", ".join(paths[:6]) if paths else "document bytes differ (same JSON)"
    left = "documents" if a.kind == "documents" else f"{a.kind} `{template(a.text)}`"
    right = "documents" if b.kind == "documents" else f"{b.kind} `{template(b.text)}`"
    if a.kind == b.kind:
        return f"{a.kind} text: `{template(a.text)}` → `{template(b.text)}`"
    return f"{left} → {right}"


@dataclass
class Change:
    cause: str
    cases: list[str]
    example: str
    """The id of the smallest case of the group (by the length of its canonical case)."""
    before: str
    after: str
    panic: bool
    example_case: dict[str, Any] = field(default_factory=dict)


def changes_between(prev: VersionRun, cur: VersionRun, suite: Suite) -> list[Change]:
    """The cases whose result differs between two runs, grouped by :func:`cause` (largest group first)."""
    groups: dict[str, list[str]] = {}
    for cid, rb in cur.results.items():
        ra = prev.results.get(cid)
        if ra is None or ra.digest == rb.digest or ra.kind == rb.kind == "skipped":
            continue  # n/a on both sides is no change, whatever input each release lacks
        groups.setdefault(cause(ra, rb), []).append(cid)
    out = []
    for c, ids in groups.items():
        ids.sort()
        example = min(ids, key=lambda i: (len(canonical_json(suite.by_id[i].case)), i))
        ra, rb = prev.results[example], cur.results[example]
        # the headline: one side panics where the other gave documents or an error (n/a is not "accepted")
        panic = (ra.kind == "panic") != (rb.kind == "panic") and "skipped" not in (ra.kind, rb.kind)
        out.append(Change(c, ids, example, ra.short, rb.short, panic, suite.by_id[example].case))
    out.sort(key=lambda ch: (not ch.panic, -len(ch.cases), ch.cause))
    return out


def signature(runs: Sequence[VersionRun], case_id: str) -> list[str]:
    """One letter per run for ``case_id``: runs with the same letter gave the same result ("-" not run)."""
    letters: dict[str, str] = {}
    out = []
    for r in runs:
        res = r.results.get(case_id)
        if res is None:
            out.append("-")
            continue
        if res.digest not in letters:
            letters[res.digest] = chr(ord("A") + len(letters)) if len(letters) < 26 else "?"
        out.append(letters[res.digest])
    return out


def select_behaviours(table: Table, only: Sequence[str] = ()) -> list[Behaviour]:
    if not only:
        return list(table.behaviours)
    wanted = {table.behaviour(k).id for k in only}
    return [b for b in table.behaviours if b.id in wanted]


def _without_documents(run: VersionRun) -> None:
    """Drop the decoded documents of a run once it has been compared (the digests stay): memory stays flat."""
    run.results = {cid: Result(r.kind, r.text, r.digest) for cid, r in run.results.items()}


def run_matrix(
    behaviours: Sequence[Behaviour],
    suite: Suite,
    selected: Sequence[Vector],
    launcher: Launcher = build_behaviour,
    progress: Callable[[str], None] = lambda msg: None,
    timeout: float = 10.0,
    after_run: Callable[[VersionRun], None] = lambda run: None,
) -> tuple[list[VersionRun], list[tuple[str, str, list[Change]]]]:
    """Run every behaviour in order (one at a time: builds and runs share the CPU) and compare each with the
    previous one that ran. ``after_run`` sees each run while its documents are still there."""
    runs: list[VersionRun] = []
    pairs: list[tuple[str, str, list[Change]]] = []
    prev: VersionRun | None = None
    for b in behaviours:
        progress(f"{b.id} ({b.label})")
        run = run_version(b, suite, selected, launcher, timeout=timeout)
        runs.append(run)
        if run.status != "ran":
            progress(f"{b.id}: {run.status}: {run.reason[:200]}")
            continue
        progress(
            f"{b.id}: {', '.join(f'{k} {v}' for k, v in sorted(run.counts.items()))}; "
            f"build {run.build_seconds:.1f}s, run {run.run_seconds:.1f}s"
        )
        after_run(run)
        if prev is not None:
            pairs.append((prev.behaviour.id, b.id, changes_between(prev, run, suite)))
            _without_documents(prev)
        prev = run
    if prev is not None:
        _without_documents(prev)
    return runs, pairs


@dataclass
class GroupingCheck:
    """One tag built besides its behaviour's built tag, and how many cases answered differently."""

    behaviour: str
    tag: str
    status: str
    differing: list[str] = field(default_factory=list)
    reason: str = ""


def check_grouping(
    behaviours: Sequence[Behaviour],
    suite: Suite,
    selected: Sequence[Vector],
    launcher: Launcher = build_behaviour,
    progress: Callable[[str], None] = lambda msg: None,
) -> list[GroupingCheck]:
    """Test the grouping itself: build the first tag of every behaviour that has more than one and compare its
    result for every case with the built tag's. A difference means the fingerprint missed code that matters."""
    out: list[GroupingCheck] = []
    for b in behaviours:
        others = [t for t in b.tags if t != b.id][:1]
        if not others or b.era_def().unsupported:
            continue
        rep = run_version(b, suite, selected, launcher)
        tag = others[0]
        progress(f"grouping: {tag} against {b.id}")
        alt = run_version(Behaviour(tag, (tag,), b.fingerprint, b.era), suite, selected, launcher)
        if alt.status != "ran" or rep.status != "ran":
            failed = alt if alt.status != "ran" else rep
            out.append(GroupingCheck(b.id, tag, failed.status, reason=failed.reason))
            continue
        differing = sorted(
            cid for cid, r in rep.results.items() if cid in alt.results and alt.results[cid].digest != r.digest
        )
        out.append(GroupingCheck(b.id, tag, "ran", differing))
    return out
