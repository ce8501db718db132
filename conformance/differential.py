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
import copy
import hashlib
import json
import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Protocol

from hcsdoc.conformance.case import CaseError, json_copy, normalize_case
from hcsdoc.conformance.vectorfile import canonical_json

Case = dict[str, Any]
Result = dict[str, Any]
JsonPath = tuple[str | int, ...]
# Runs a batch of complete cases, one result each (docs/case-format.md §2, or skipped/errored).
BatchRunner = Callable[[Sequence[Case]], list[Result]]
# Says for each candidate whether it still shows the mismatch being shrunk.
BatchPredicate = Callable[[Sequence[Case]], list[bool]]

DEFAULT_OUT: Final = Path("findings/diff")

__all__ = [
    "BatchPredicate",
    "BatchRunner",
    "CaseGenerator",
    "CaseSource",
    "Finding",
    "PlantedResult",
    "PlantedSeed",
    "RunStats",
    "ShrinkStats",
    "explain",
    "fingerprint",
    "fingerprint_id",
    "go_runner",
    "mismatch_predicate",
    "mutant_predicate",
    "planted_check",
    "planted_runner",
    "reference_runner",
    "results_differ",
    "run_differential",
    "shrink",
    "simplicity",
    "write_finding",
]


# ----------------------------------------------------------------------------------------------------------------
# comparison


def results_differ(a: Result, b: Result) -> bool:
    """Type-strict: canonical JSON of the whole result, ``bytes`` included."""
    return canonical_json(a) != canonical_json(b)


def _pointer(path: Sequence[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _walk_diff(a: Any, b: Any, path: JsonPath, out: list[str]) -> None:
    """Type-strict JSON diff: the pointers where ``a`` and ``b`` differ (bool, int and float are three types)."""
    if type(a) is not type(b):
        out.append(_pointer(path))
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(_pointer((*path, k)))
            else:
                _walk_diff(a[k], b[k], (*path, k), out)
    elif isinstance(a, list):
        for i in range(max(len(a), len(b))):
            if i >= len(a) or i >= len(b):
                out.append(_pointer((*path, i)))
            else:
                _walk_diff(a[i], b[i], (*path, i), out)
    elif a != b:
        out.append(_pointer(path))


def _deepdiff_paths(a: Any, b: Any) -> list[str]:
    from deepdiff import DeepDiff

    dd = DeepDiff(
        a,
        b,
        view="tree",
        verbose_level=2,
        threshold_to_diff_deeper=0,
        ignore_private_variables=False,
        ignore_numeric_type_changes=False,
    )
    paths: list[str] = []
    for levels in dd.values():
        for level in levels:
            paths.append(_pointer(level.path(output_format="list")))
    return paths


_SKELETON_CUT: Final = re.compile(r"[\"':]")


def _skeleton(text: object) -> str:
    if not isinstance(text, str):
        return type(text).__name__
    cut = _SKELETON_CUT.search(text)
    head = text[: cut.start()] if cut else text
    return re.sub(r"[0-9]+", "#", head.strip())[:40].rstrip()


def explain(ref: Result, other: Result) -> list[str]:
    """The JSON pointers where ``other`` differs from ``ref`` (sorted, unique). ``/bytes/vN`` only when the parsed
    documents agree; ``/error`` and ``/panic`` annotated with both texts' skeletons (see the module docstring)."""
    a = {k: v for k, v in ref.items() if k != "bytes"}
    b = {k: v for k, v in other.items() if k != "bytes"}
    paths: set[str] = set()
    if canonical_json(a) != canonical_json(b):
        paths.update(_deepdiff_paths(a, b))
        own: list[str] = []
        _walk_diff(a, b, (), own)
        paths.update(own)  # deepdiff misses [2] vs [2.0] in ordered lists (deepdiff #605)
    else:
        own_bytes: list[str] = []
        _walk_diff(ref.get("bytes"), other.get("bytes"), ("bytes",), own_bytes)
        paths.update(own_bytes)
    out = set()
    for p in paths:
        if p in ("/error", "/panic") and p[1:] in ref and p[1:] in other:
            p = f"{p}{{{_skeleton(ref[p[1:]])}|{_skeleton(other[p[1:]])}}}"
        out.add(p)
    return sorted(out)


def fingerprint(paths: Sequence[str]) -> str:
    """The sorted set of differing paths with array indices written ``*``, one per line."""
    return "\n".join(sorted({re.sub(r"/[0-9]+(?=/|$)", "/*", p) for p in paths}))


def fingerprint_id(fp: str) -> str:
    """A file-name-safe id for a fingerprint: 12 hex digits of its SHA-256."""
    return hashlib.sha256(fp.encode()).hexdigest()[:12]


# ----------------------------------------------------------------------------------------------------------------
# JSON tree helpers


def _paths(obj: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Every (path, value) of ``obj``, parents before children (pre-order)."""
    yield path, obj
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, (*path, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, (*path, i))


_MISSING: Final = object()


def _get(obj: Any, path: JsonPath) -> Any:
    for p in path:
        if isinstance(obj, dict) and isinstance(p, str):
            if p not in obj:
                return _MISSING
            obj = obj[p]
        elif isinstance(obj, list) and isinstance(p, int):
            if not 0 <= p < len(obj):
                return _MISSING
            obj = obj[p]
        else:
            return _MISSING
    return obj


def _replaced(case: Case, path: JsonPath, value: Any) -> Case:
    """A copy of ``case`` with the value at ``path`` replaced (``_MISSING`` deletes it)."""
    out = copy.deepcopy(case)
    parent = _get(out, path[:-1])
    key = path[-1]
    if value is _MISSING:
        del parent[key]
    else:
        parent[key] = value
    return out


# Where keys and items may be deleted without making the case malformed (docs/case-format.md §1).
_FREE_DICTS: Final = (("host", "layerIds"), ("host", "resolvedPaths"), ("host", "files"))
_FREE_LISTS: Final = (("uvm", "vsmbShares"), ("options", "windowsAdditionalMounts"))


def _deletable(path: JsonPath) -> bool:
    if len(path) >= 2 and path[0] == "spec":
        return True
    if len(path) >= 3 and path[:2] in _FREE_DICTS:
        return len(path) == 3 or path[3:4] in (("content",), ("contentBase64",), ("readErrno",))
    return len(path) == 3 and path[:2] in _FREE_LISTS


def _cost(v: Any) -> int:
    """How complex a JSON value is: null and false are free, a container costs 1 plus its members (and keys)."""
    if v is None or v is False:
        return 0
    if v is True:
        return 1
    if isinstance(v, int):
        return len(str(v))
    if isinstance(v, str):
        return 1 + len(v)
    if isinstance(v, list):
        return 1 + sum(_cost(x) for x in v)
    if isinstance(v, dict):
        return 1 + sum(2 + len(k) + _cost(x) for k, x in v.items())
    return 1 + len(repr(v))


def simplicity(case: Any) -> tuple[int, int, str]:
    """The order the shrinker minimizes: :func:`_cost`, then length and text of the canonical JSON (so the result
    is deterministic). ``null`` < ``false`` < ``true``, ``null`` < ``[]``, shorter strings and numbers first."""
    text = canonical_json(case)
    return _cost(case), len(text), text


def _valid(case: Case) -> Case | None:
    try:
        return normalize_case(case)
    except CaseError:
        return None


# ----------------------------------------------------------------------------------------------------------------
# generation


_EDGE_STRINGS: Final = (
    "",
    "0",
    "1",
    "-1",
    "+1",
    " 1",
    "1 ",
    "01",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "4294967297",
    "18446744073709551615",
    "18446744073709551616",
    "true",
    "TRUE",
    "t",
    "mini",
    "full",
    "{container_id}",
    "{CONTAINER_ID}",
    "{Container_Id}",
    "C:\\",
    "C:",
    "\\\\?\\Volume{00000000-0000-0000-0000-000000000000}\\",
    "sandbox://",
    "\\\\.\\pipe\\p",
    "a,b",
    ",",
)
_EDGE_INTS: Final = (0, 1, -1, 2, 7, 255, 65535, 65536, 2147483647, -2147483648, 4294967295, 17763, 16299, 20348)
_TWEAK_SUFFIXES: Final = ("\n", "\\", "/", " ", "\x00", ".", ",", "..", "\\..")


@dataclass(frozen=True)
class _Shape:
    """The paths of one drawn case, computed once and reused by all of its variants and as a donor."""

    case: Case
    paths: list[JsonPath]  # depth >= 2
    leaves: list[tuple[JsonPath, Any]]
    spec_leaves: list[tuple[JsonPath, Any]]
    deletable: list[JsonPath]
    strings: list[str]

    @staticmethod
    def of(case: Case) -> _Shape:
        everything = list(_paths(case))
        return _Shape(
            case,
            [p for p, _ in everything if len(p) >= 2],
            [(p, v) for p, v in everything if p and not isinstance(v, (dict, list))],
            [(p, v) for p, v in everything if p[:1] == ("spec",) and not isinstance(v, (dict, list))],
            [p for p, _ in everything if _deletable(p)],
            [v for _, v in everything if isinstance(v, str)],
        )


class CaseSource(Protocol):
    """Anything that hands out batches of complete cases (a :class:`CaseGenerator`, or a fixed list in tests)."""

    def batch(self, n: int) -> list[Case]: ...


class CaseGenerator:
    """Cases from the Hypothesis strategies plus ``derive`` JSON-level variants per drawn case (module docstring).

    Deterministic for a given ``seed`` (Hypothesis draws are seeded per batch; variants use a seeded RNG).
    """

    def __init__(self, *, seed: int = 0, region: str = "any", derive: int = 39, pool_size: int = 200) -> None:
        from hcsdoc.conformance.strategies import cases

        self.strategy = cases(region=region)  # type: ignore[arg-type]
        self.seed = seed
        self.derive = derive
        self.rng = random.Random(seed)
        self.pool: list[_Shape] = []
        self.pool_size = pool_size
        self.batches = 0
        self.drawn = 0
        self.derived = 0
        self.dropped = 0

    def draw(self, n: int) -> list[Case]:
        """``n`` cases drawn by Hypothesis (generate phase only, no database, seeded)."""
        from hypothesis import HealthCheck, Phase, Verbosity, given, settings
        from hypothesis import seed as hseed

        out: list[Case] = []

        @settings(
            max_examples=n,
            phases=[Phase.generate],
            database=None,
            deadline=None,
            derandomize=False,
            verbosity=Verbosity.quiet,
            # Performance checks only: cases are large on purpose and this is a collector, not a test.
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.large_base_example,
                HealthCheck.filter_too_much,
            ],
        )
        @given(self.strategy)
        def collect(case: Case) -> None:
            out.append(case)

        hseed(self.seed * 1_000_003 + self.batches)(collect)()
        self.batches += 1
        self.drawn += len(out)
        return out

    def batch(self, n: int) -> list[Case]:
        """About ``n`` complete cases: drawn ones, each followed by its derived variants."""
        drawn = [_valid(c) or c for c in self.draw(max(1, -(-n // (1 + self.derive))))]
        shapes = [_Shape.of(c) for c in drawn]
        self.pool.extend(shapes)
        del self.pool[: max(0, len(self.pool) - self.pool_size)]
        out: list[Case] = []
        for shape in shapes:
            out.append(shape.case)
            for _ in range(self.derive):
                v = self.variant(shape)
                if v is not None:
                    out.append(v)
        return out

    def variant(self, base: _Shape) -> Case | None:
        """One derived case of ``base`` (1 to 3 operations), or None when it came out malformed."""
        rng = self.rng
        out = json_copy(base.case)
        for _ in range(rng.choice((1, 1, 2, 3))):
            op = rng.random()
            if op < 0.45:
                self._splice(out)
            elif op < 0.85:
                self._tweak(out, base)
            elif base.deletable:
                self._set(out, rng.choice(base.deletable), _MISSING)
        valid = _valid(out)
        if valid is None:
            self.dropped += 1
            return None
        self.derived += 1
        return valid

    @staticmethod
    def _set(case: Case, path: JsonPath, value: Any) -> None:
        parent = _get(case, path[:-1])
        key = path[-1]
        if isinstance(parent, dict) and isinstance(key, str):
            if value is _MISSING:
                parent.pop(key, None)
            else:
                parent[key] = value
        elif isinstance(parent, list) and isinstance(key, int):
            if value is _MISSING:
                if key < len(parent):
                    del parent[key]
            elif key < len(parent):
                parent[key] = value
            else:
                parent.append(value)

    def _splice(self, case: Case) -> None:
        donor = self.rng.choice(self.pool)
        if donor.paths:
            path = self.rng.choice(donor.paths)
            self._set(case, path, json_copy(_get(donor.case, path)))

    def _tweak(self, case: Case, base: _Shape) -> None:
        rng = self.rng
        # Most of the behaviour is in the spec: its leaves get most of the tweaks.
        leaves = base.spec_leaves if base.spec_leaves and rng.random() < 0.7 else base.leaves
        if not leaves:
            return
        path, v = rng.choice(leaves)
        if isinstance(v, bool):
            new: Any = not v
        elif isinstance(v, int):
            new = rng.choice((*_EDGE_INTS, v + 1, v - 1, v * 2))
        elif isinstance(v, str):
            r = rng.random()
            if r < 0.35:
                new = v + rng.choice(_TWEAK_SUFFIXES)
            elif r < 0.5:
                new = v.swapcase()
            elif r < 0.6:
                new = v[:-1]
            elif r < 0.8:
                new = rng.choice(_EDGE_STRINGS)
            else:
                strings = rng.choice(self.pool).strings
                new = rng.choice(strings) if strings else ""
        else:
            new = rng.choice(("", 0, False))
        self._set(case, path, new)


# ----------------------------------------------------------------------------------------------------------------
# shrinking


def _simplest(v: Any) -> list[Any]:
    if isinstance(v, dict):
        return [{}] if v else []
    if isinstance(v, list):
        return [[]] if v else []
    if isinstance(v, bool):
        return [False] if v else []
    if isinstance(v, int):
        cands = [0, 1, -1, v // 2, v - 1 if v > 0 else v + 1, -v if v < 0 else v]
        return [c for c in dict.fromkeys(cands) if c != v]
    if isinstance(v, str):
        return [""] if v else []
    return []


def _string_candidates(s: str) -> list[str]:
    out: list[str] = []
    n = len(s)
    size = n // 2
    while size >= 1:
        for start in range(0, n, size):
            out.append(s[:start] + s[start + size :])
        if size == 1 or len(out) > 200:
            break
        size //= 2
    if n <= 64:
        out.extend(s[:k] for k in range(n))
        out.extend(s[k:] for k in range(1, n))
    for ch in sorted(set(s)):
        if ch != "0":
            out.append(s.replace(ch, "0"))
    return [c for c in dict.fromkeys(out) if c != s]


def _list_candidates(v: list[Any]) -> list[list[Any]]:
    out: list[list[Any]] = []
    n = len(v)
    size = n // 2
    while size >= 2:
        for start in range(0, n, size):
            out.append(v[:start] + v[start + size :])
        size //= 2
    return out


@dataclass(frozen=True)
class _Whole:
    """A candidate that replaces the whole case (not just the value at the path)."""

    case: Case


def _as_spec(case: Case, text: str) -> list[_Whole]:
    """The spec text as a JSON ``spec`` value instead, when Python can parse it (whether Go decodes it the same
    way, duplicate keys or key case for instance, is for the predicate to say)."""
    try:
        spec = json.loads(text)
    except ValueError:
        return []
    return [_Whole({**case, "spec": spec, "specText": None})]


def _candidates(case: Case, path: JsonPath) -> list[Case]:
    v = _get(case, path)
    if v is _MISSING:
        return []
    values: list[Any] = []
    if path and _deletable(path):
        values.append(_MISSING)
    if path and v is not None:
        values.append(None)  # kept only where the case format allows null (checked below)
    if path == ("specText",) and isinstance(v, str):
        values.extend(_as_spec(case, v))
    if path:
        values.extend(_simplest(v))
        if isinstance(v, list):
            values.extend(_list_candidates(v))
        elif isinstance(v, str):
            values.extend(_string_candidates(v))
    out = []
    for value in values:
        if isinstance(value, _Whole):
            valid = _valid(value.case)
            if valid is not None:
                out.append(valid)
            continue
        cand = _replaced(case, path, copy.deepcopy(value) if value is not _MISSING else value)
        valid = _valid(cand)
        if valid is not None:
            out.append(valid)
    return out


@dataclass
class ShrinkStats:
    tests: int = 0
    accepted: int = 0
    sweeps: int = 0
    seconds: float = 0.0


def shrink(case: Case, still_fails: BatchPredicate, *, max_tests: int = 20_000) -> tuple[Case, ShrinkStats]:
    """The smallest case this delta debugging reaches from ``case`` while ``still_fails`` holds (see the module
    docstring). Each path's candidates are one batch; the first (simplest) candidate that still fails wins."""
    stats = ShrinkStats()
    started = time.monotonic()
    current = case
    key = simplicity(current)
    changed = True
    while changed and stats.tests < max_tests:
        changed = False
        stats.sweeps += 1
        queue: list[JsonPath] = [p for p, _ in _paths(current)]
        seen: set[JsonPath] = set()
        while queue and stats.tests < max_tests:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            cands = [(k, c) for c in _candidates(current, path) if (k := simplicity(c)) < key]
            if not cands:
                continue
            cands.sort(key=lambda kc: kc[0])
            verdicts = still_fails([c for _, c in cands])
            stats.tests += len(cands)
            for (k, c), ok in zip(cands, verdicts, strict=True):
                if ok:
                    current, key = c, k
                    stats.accepted += 1
                    changed = True
                    # The subtree changed: visit it again (and its new children) in this sweep.
                    seen = {p for p in seen if p[: len(path)] != path}
                    queue = [p for p, _ in _paths(current) if p not in seen]
                    break
    stats.seconds = time.monotonic() - started
    return current, stats


# ----------------------------------------------------------------------------------------------------------------
# running


def reference_runner() -> BatchRunner:
    """The reference, in process; a Python exception (a reference bug) becomes ``{"crash": ...}``."""
    from hcsdoc.reference import run_case

    def run(cases: Sequence[Case]) -> list[Result]:
        out: list[Result] = []
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


def planted_runner(mutant: Any) -> BatchRunner:
    """The reference with ``mutant`` (a :class:`conformance.mutants.Mutant`) planted while it runs a batch."""
    from hcsdoc.conformance.mutants import applied

    ref = reference_runner()

    def run(cases: Sequence[Case]) -> list[Result]:
        with applied(mutant):
            return ref(cases)

    return run


def mutant_predicate(name: str) -> BatchPredicate:
    """The planted mutant ``name`` (conformance/mutants.py) against the unmutated reference as the oracle."""
    from hcsdoc.conformance.mutants import applied, by_name

    m = by_name(name)
    ref = reference_runner()

    def pred(cases: Sequence[Case]) -> list[bool]:
        oracle = ref(cases)
        with applied(m):
            got = ref(cases)
        return [results_differ(a, b) for a, b in zip(got, oracle, strict=True)]

    return pred


@dataclass
class PlantedSeed:
    seed: int
    found_at: int | None = None  # 1-based example index, None when not found within the budget
    shrunk: Case | None = None
    minimal: bool = False
    shrink_tests: int = 0
    shrink_seconds: float = 0.0


@dataclass
class PlantedResult:
    mutant: str
    equivalent: bool
    seeds: list[PlantedSeed] = field(default_factory=list)

    @property
    def found(self) -> int:
        return sum(s.found_at is not None for s in self.seeds)

    @property
    def minimal(self) -> int:
        return sum(s.minimal for s in self.seeds)


def planted_check(
    seeds: Sequence[int],
    *,
    examples: int = 1000,
    names: Sequence[str] | None = None,
    derive: int = 39,
    region: str = "any",
    batch_size: int = 200,
    progress: Callable[[str], None] | None = None,
) -> list[PlantedResult]:
    """For each seed, one generated stream of up to ``examples`` cases is run through every mutant (stopping when
    all non-equivalent ones are found); each first mismatch is shrunk and judged by :func:`mutants.is_minimal`."""
    from hcsdoc.conformance.mutants import MUTANTS, applied, is_minimal

    chosen = [m for m in MUTANTS if names is None or m.name in names]
    results = {m.name: PlantedResult(m.name, m.equivalent) for m in chosen}
    ref = reference_runner()
    for seed in seeds:
        gen = CaseGenerator(seed=seed, derive=derive, region=region)
        per = {m.name: PlantedSeed(seed) for m in chosen}
        first: dict[str, Case] = {}
        done = 0
        while done < examples and any(n not in first for n in per if not _is_equivalent(chosen, n)):
            batch = gen.batch(min(batch_size, examples - done))[: examples - done]
            oracle = ref(batch)
            for m in chosen:
                if m.name in first:
                    continue
                with applied(m):
                    got = ref(batch)
                for i, (a, b) in enumerate(zip(got, oracle, strict=True)):
                    if results_differ(a, b):
                        per[m.name].found_at = done + i + 1
                        first[m.name] = batch[i]
                        break
            done += len(batch)
        for m in chosen:
            ps = per[m.name]
            if m.name in first:
                small, st = shrink(first[m.name], mutant_predicate(m.name))
                ps.shrunk, ps.shrink_tests, ps.shrink_seconds = small, st.tests, st.seconds
                ps.minimal = is_minimal(m, small)
            results[m.name].seeds.append(ps)
            if progress is not None:
                progress(
                    f"seed {seed} {m.name}: found at {ps.found_at}, minimal {ps.minimal}, "
                    f"shrink {ps.shrink_tests} tests {ps.shrink_seconds:.1f}s"
                )
    return list(results.values())


def _is_equivalent(mutants: Sequence[Any], name: str) -> bool:
    return any(m.name == name and m.equivalent for m in mutants)
