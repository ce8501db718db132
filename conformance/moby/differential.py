"""The differential run of Docker Engine's conversion against the real hcsshim v0.11.8, by class of difference.

Generated cases (the differential tester's generator, :class:`~hcsdoc.conformance.differential.CaseGenerator`:
Hypothesis draws plus JSON-level variants, fixed seed, the case digest recorded) go through both sides: the engine
(``moby@VERSION``) and the capture executable of hcsshim v0.11.8 (``go``), each one long-lived Wine process. Every
answer is compared at the engine's level (:data:`~hcsdoc.conformance.moby.observe.LEVELS`: schema-1 document and
bytes, outcome kind) and every case that does not pass is put into the first class of
:data:`~hcsdoc.conformance.moby.classes.CLASSES` that explains it, exactly as the vectors are. Then, per class, the
simplest case seen is shrunk (:func:`~hcsdoc.conformance.differential.shrink.shrink`) while it stays in *that
class*, so the minimal case shows the class's cause, not some other difference found on the way.

The oracle is the real hcsshim, not the reference: the report names hcsshim's result, and with Go as the oracle
no difference of the reference (which equals hcsshim on every vector, but is a mirror) can be blamed on the
engine; both sides run in Wine anyway, so the Go oracle costs no extra machinery and about the same time.

A case no class explains is *unclassified*: its difference is grouped by signature (outcome, both result kinds,
the differing schema-1 fields), one case per signature is shrunk, and no record is written until a class exists.

The record (:func:`record_json`) holds only what a rerun with the same parameters reproduces: counts, the shrunk
case and both results per class, the parameters and the case digest; times are printed, never recorded.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from hcsdoc.conformance.differential.casetree import simplicity
from hcsdoc.conformance.differential.explain import fingerprint_id
from hcsdoc.conformance.differential.model import BatchRunner, Case, Result
from hcsdoc.conformance.differential.run import run_both
from hcsdoc.conformance.differential.shrink import shrink
from hcsdoc.conformance.moby.classes import CLASSES, RESOURCE_FIELDS, DifferenceClass, Observation, classify
from hcsdoc.conformance.moby.observe import observation
from hcsdoc.conformance.runner.expectations import EXPECTATIONS_DIR, Expectation, Expectations

ROOT: Final = Path(__file__).resolve().parent.parent.parent
RECORD: Final = ROOT / "docs" / "implementations" / "moby-differential.json"
DEFAULT_EXAMPLES: Final = 60_000
DEFAULT_SEED: Final = 0
DERIVE: Final = 39
BATCH: Final = 500
DEFAULT_REGION: Final = "any"
REGIONS: Final = ("any", "document", "error", "wild")
SHRINK_TESTS: Final = 20_000
FORMAT: Final = 1

_RESULT_KINDS: Final = ("documents", "error", "panic", "skipped", "errored")

EXPLAINED_PATHS: Final = frozenset(
    {"/v1/VolumePath", "/v1/AssignedDevices", "/v1/MappedDirectories", "/v1/MappedPipes"} | RESOURCE_FIELDS
)
"""The schema-1 fields some class of the ``differ`` category explains. A generated case is counted under its
first class only; a differing field outside this set would be a second cause hidden behind the first."""


def engine_answer(result: Result) -> Result:
    """The engine's reply as :func:`observation` reads it: a failure of the adapter process (``crash``,
    ``timeout``, ``harness-error``, its own ``errored``) becomes ``{"errored": "kind: message"}``."""
    if any(k in result for k in ("documents", "error", "panic", "skipped")):
        return result
    kind = next(iter(result), "errored")
    return {"errored": f"{kind}: {result.get(kind, '')}"}


def oracle_ran(result: Result) -> bool:
    return "documents" in result or "error" in result or "panic" in result


def class_of(o: Observation) -> DifferenceClass | None:
    """The class of a non-passing observation (:func:`~hcsdoc.conformance.moby.classes.classify`), or ``None``
    when it has none, or when it is a documents difference with a field no class explains (see
    :data:`EXPLAINED_PATHS`; the Hyper-V document class explains every field)."""
    c = classify(o)
    if c is not None and c.category == "differ" and c.id != "differ.hyperv-v1" and not o.paths <= EXPLAINED_PATHS:
        return None
    return c


def signature(o: Observation) -> str:
    """What an unclassified difference looks like: outcome, hcsshim's kind, the engine's kind, the fields."""
    return f"{o.outcome}: hcsshim {o.expected_kind}, moby {o.actual_kind}" + (
        f" at {', '.join(sorted(o.paths))}" if o.paths else ""
    )


@dataclass
class Group:
    """The cases of one class (or one unclassified signature): how many, the first index, the simplest case."""

    key: str
    cases: int = 0
    first_at: int = 0
    simplest: Case | None = None
    minimal: Case | None = None
    hcsshim: Result | None = None
    moby: Result | None = None
    shrink_tests: int = 0

    def add(self, index: int, case: Case) -> None:
        self.cases += 1
        if not self.first_at:
            self.first_at = index
        if self.simplest is None or simplicity(case) < simplicity(self.simplest):
            self.simplest = case


@dataclass
class DiffRun:
    """What one run found (see :func:`record_json` for what of it is recorded)."""

    version: str
    seed: int
    examples: int
    region: str = DEFAULT_REGION
    digest: str = ""
    stream: str = ""
    generated: int = 0
    compared: int = 0
    passed: int = 0
    panics: Counter[str] = field(default_factory=Counter)
    """Cases where a side panicked, by ``"<side> panic, <other side> <its result kind>"`` (``skipped``: the engine
    has no such input)."""
    oracle_failed: int = 0
    classes: dict[str, Group] = field(default_factory=dict)
    unclassified: dict[str, Group] = field(default_factory=dict)
    seconds: float = 0.0
    shrink_seconds: float = 0.0
    drawn: int = 0
    derived: int = 0
    dropped: int = 0

    def count_panics(self, o: Observation) -> None:
        if o.actual_kind == "panic":
            self.panics[f"moby panic, hcsshim {o.expected_kind}"] += 1
        if o.expected_kind == "panic":
            self.panics[f"hcsshim panic, moby {o.actual_kind}"] += 1

    @property
    def cross_crashes(self) -> int:
        """Cases where one side panics on a spec the other accepts (returns documents for)."""
        return self.panics["moby panic, hcsshim documents"] + self.panics["hcsshim panic, moby documents"]

    @property
    def rate(self) -> float:
        """Cases per second of the comparison (generation included, shrinking not)."""
        return self.generated / max(self.seconds - self.shrink_seconds, 1e-9)


def _observe(index: int, case: Case, moby: Result, go: Result) -> Observation:
    return observation(f"gen.{index}", case, go, engine_answer(moby))


def class_predicate(
    moby: BatchRunner, go: BatchRunner, target: Callable[[Observation], bool]
) -> Callable[[Sequence[Case]], list[bool]]:
    """A batch predicate for the shrinker: each case still gives an observation that ``target`` accepts."""

    def pred(cases: Sequence[Case]) -> list[bool]:
        a, b = run_both(moby, go, cases)
        return [oracle_ran(y) and target(_observe(0, c, x, y)) for c, x, y in zip(cases, a, b, strict=True)]

    return pred


def diff_group(case: Case, moby: Result, go: Result) -> str | None:
    """``hcsdoc diff --impl moby``'s grouping (:func:`hcsdoc.conformance.differential.run.run_differential`): a
    mismatch's class (``moby:<class id>``), or ``None`` when it has none (then it is grouped by fingerprint)."""
    if not oracle_ran(go):
        return None
    o = _observe(0, case, moby, go)
    c = class_of(o) if o.outcome != "pass" else None
    return f"moby:{c.id}" if c is not None else None


def _in_class(cls: DifferenceClass) -> Callable[[Observation], bool]:
    return lambda o: o.outcome != "pass" and class_of(o) is cls


def _unclassified_as(sig: str) -> Callable[[Observation], bool]:
    return lambda o: o.outcome != "pass" and class_of(o) is None and signature(o) == sig


def run_differential(
    moby: BatchRunner,
    go: BatchRunner,
    *,
    version: str,
    examples: int = DEFAULT_EXAMPLES,
    seed: int = DEFAULT_SEED,
    region: str = DEFAULT_REGION,
    do_shrink: bool = True,
    max_tests: int = SHRINK_TESTS,
    progress: Callable[[DiffRun], None] | None = None,
) -> DiffRun:
    """Generate ``examples`` cases with ``seed``, run them through ``moby`` and ``go``, count every case by class,
    and shrink one case per class (and per unclassified signature)."""
    from hcsdoc.conformance.differential.digest import DigestSource
    from hcsdoc.conformance.differential.generate import CaseGenerator
    from hcsdoc.conformance.strategies.reproducible import stream_label

    out = DiffRun(version, seed, examples, region=region, stream=stream_label())
    gen = CaseGenerator(seed=seed, region=region, derive=DERIVE)
    source = DigestSource(gen, examples)
    started = time.monotonic()
    while out.generated < examples:
        want = min(BATCH, examples - out.generated)
        batch = source.batch(want)[:want]
        if not batch:
            break
        a, b = run_both(moby, go, batch)
        for i, (c, x, y) in enumerate(zip(batch, a, b, strict=True)):
            index = out.generated + i + 1
            if not oracle_ran(y):
                out.oracle_failed += 1
                continue
            o = _observe(index, c, x, y)
            out.count_panics(o)
            if o.outcome != "skipped":
                out.compared += 1
            if o.outcome == "pass":
                out.passed += 1
                continue
            cls = class_of(o)
            if cls is not None:
                out.classes.setdefault(cls.id, Group(cls.id)).add(index, c)
            else:
                sig = signature(o)
                out.unclassified.setdefault(sig, Group(sig)).add(index, c)
        out.generated += len(batch)
        if progress is not None:
            out.seconds = time.monotonic() - started
            progress(out)
    out.digest = source.digest
    out.drawn, out.derived, out.dropped = gen.drawn, gen.derived, gen.dropped
    by_id = {c.id: c for c in CLASSES}
    todo: list[tuple[Group, Callable[[Observation], bool]]] = [
        (g, _in_class(by_id[k])) for k, g in out.classes.items()
    ] + [(g, _unclassified_as(k)) for k, g in out.unclassified.items()]
    t0 = time.monotonic()
    for g, target in todo:
        assert g.simplest is not None
        small = g.simplest
        if do_shrink:
            small, stats = shrink(g.simplest, class_predicate(moby, go, target), max_tests=max_tests)
            g.shrink_tests = stats.tests
        (x,), (y,) = run_both(moby, go, [small])
        g.minimal, g.moby, g.hcsshim = small, engine_answer(x), y
    out.shrink_seconds = time.monotonic() - t0
    out.seconds = time.monotonic() - started
    return out


# ----------------------------------------------------------------------------------------------------------------
# the record


def _v1_only(result: Result | None) -> Result:
    """What the report shows of a result: the schema-1 document and its bytes, or the error/panic/skip text."""
    if result is None:
        return {}
    if "documents" in result:
        docs = result["documents"]
        b = result.get("bytes")
        out: Result = {"documents": {"v1": docs.get("v1") if isinstance(docs, dict) else None}}
        if isinstance(b, dict):
            out["bytes"] = {"v1": b.get("v1")}
        return out
    return {k: result[k] for k in _RESULT_KINDS if k in result}


def record_json(run: DiffRun) -> dict[str, Any]:
    """The reproducible part of a run (no times), in the order of :data:`CLASSES`."""
    categories: Counter[str] = Counter()
    classes: list[dict[str, Any]] = []
    for c in CLASSES:
        g = run.classes.get(c.id)
        if g is None:
            continue
        categories[c.category] += g.cases
        classes.append(
            {
                "id": c.id,
                "category": c.category,
                "cases": g.cases,
                "firstAt": g.first_at,
                "shrinkTests": g.shrink_tests,
                "case": g.minimal,
                "hcsshim": _v1_only(g.hcsshim),
                "moby": _v1_only(g.moby),
            }
        )
    return {
        "format": FORMAT,
        "engine": run.version,
        "oracle": "hcsshim v0.11.8 (the capture executable)",
        "command": command_line(run),
        "levels": {"compare": "bytes", "errors": "outcome", "documents": "v1"},
        "seed": run.seed,
        "examples": run.examples,
        "region": run.region,
        "derive": DERIVE,
        "batch": BATCH,
        "stream": run.stream,
        "digest": run.digest,
        "generated": run.generated,
        "compared": run.compared,
        "pass": run.passed,
        "notCompared": run.generated - run.compared - run.oracle_failed,
        "oracleFailed": run.oracle_failed,
        "panics": dict(sorted(run.panics.items())),
        "panicsOnAcceptedSpecs": run.cross_crashes,
        "categories": dict(sorted(categories.items())),
        "classes": classes,
    }


def command_line(run: DiffRun) -> str:
    from hcsdoc.conformance.moby.build import DEFAULT_VERSION

    words = ["hcsdoc", "moby", "diff"]
    if run.version != DEFAULT_VERSION:
        words += ["--version", run.version]
    if run.examples != DEFAULT_EXAMPLES:
        words += ["--examples", str(run.examples)]
    if run.seed != DEFAULT_SEED:
        words += ["--seed", str(run.seed)]
    if run.region != DEFAULT_REGION:
        words += ["--region", run.region]
    return " ".join(words)


def dumps_record(run: DiffRun) -> str:
    return json.dumps(record_json(run), ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# ----------------------------------------------------------------------------------------------------------------
# hcsdoc diff --impl moby: its findings are the classes (diff_group), so its expectations come from the classes


CATEGORY_OUTCOMES: Final[dict[str, str]] = {
    "crash": "error-mismatch",
    "accepts": "unexpected-documents",
    "rejects": "unexpected-error",
    "differ": "fail",
}
"""The runner's outcome of a class's difference, with hcsshim's result as the expected one. A crash class has
``error-mismatch`` (the engine panics where hcsshim returns an error); the engine panicking where hcsshim accepts
the spec would be ``unexpected-error``, and so a new finding."""


def diff_expectations_path(version: str) -> Path:
    return EXPECTATIONS_DIR / f"moby-{version}-diff.json"


def diff_expectations(version: str) -> Expectations:
    """The expectations file of ``hcsdoc diff --impl moby@VERSION``: one entry per class (keyed by the id of the
    finding that stands for it), with the class's reason and links, as in the vectors' expectations file."""
    exp = Expectations(diff_expectations_path(version), f"moby {version} (hcsdoc diff: one finding per class)")
    for c in CLASSES:
        outcome = CATEGORY_OUTCOMES.get(c.category)
        if outcome is not None:
            exp.entries[fingerprint_id(f"moby:{c.id}")] = Expectation(
                outcome, f"[{c.id}] {c.title}: {c.cause}", " ".join(c.links)
            )
    return exp


class RecordError(Exception):
    """The record file is missing, unreadable or not a record of this format."""


def load_record(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise RecordError(f"{path}: cannot read the differential record: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("classes"), list):
        raise RecordError(f"{path}: not a differential record (format {FORMAT}) written by hcsdoc moby diff")
    known = {c.id for c in CLASSES}
    for entry in data["classes"]:
        if not isinstance(entry, dict) or entry.get("id") not in known:
            raise RecordError(f"{path}: unknown class {entry.get('id') if isinstance(entry, dict) else entry!r}")
    return data
