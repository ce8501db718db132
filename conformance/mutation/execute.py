"""Running mutants: each in a forked child, against the vectors first and then a differential stream.

The parent loads the vectors and generates the differential cases once, with the pristine reference's result
for each case. Per mutant it forks; the child drops every ``hcsdoc.reference`` module from ``sys.modules``,
puts a finder first on ``sys.meta_path`` that compiles the one mutated module from its mutated text (the file on
disk is never touched), imports ``hcsdoc.reference`` afresh and then:

1. runs the vectors that execute the mutated statement (all of them for a statement the import executes; each
   vector's lines are recorded once, by the parent) through the mutant and compares with the vector's expected
   result at the strictest level (``compare_result``: documents, exact bytes, exact error text); the first vector
   that does not pass kills it. A vector that never executes the statement gives the pristine result, which
   passes: skipping it changes no outcome, only the time. Then, the same way and in the same time limit, the
   vectors' raw forms (:mod:`.rawforms`: a lone surrogate where the vector's case holds U+FFFD, fed to
   ``run_case`` as is) that execute the statement, their lines recorded apart (a line run only on the raw path
   selects them); a kill names the raw form and counts as killed by the vectors, whose expected results they are;
2. a survivor runs the differential cases; the first result that differs (type-strict, bytes included) from
   the pristine reference's result kills it.

A Python exception inside the converter is a result (``crash``), so it kills like any other difference; a
mutant whose module no longer imports is *incompetent* (counted as killed by the vectors, which would not run);
a child that runs past the time limit (an endless loop) is killed by ``SIGALRM`` and counted as *timeout*
(killed by the vectors). The child reports one JSON line through a pipe.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gc
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Final, TypeVar

from hcsdoc.conformance.differential.model import Case, Result
from hcsdoc.conformance.differential.reach import fresh_import
from hcsdoc.conformance.mutation.points import Mutant, mutated_source
from hcsdoc.conformance.mutation.rawforms import RawForm, Vector, raw_forms
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.reference.gojson.room import with_room_if_deep

PACKAGE: Final = "hcsdoc.reference"
# The vectors take well under a second through any competent mutant; a mutant still in them after this is looping.
VECTOR_STAGE_TIMEOUT: Final = 30
WORKLOAD_FORMAT: Final = 4  # in the prepared workload's file name: a pickle of another layout is not read

# outcomes
KILLED_VECTORS: Final = "killed-vectors"
KILLED_DIFF: Final = "killed-diff"
SURVIVED: Final = "survived"
INCOMPETENT: Final = "incompetent"
TIMEOUT: Final = "timeout"
NO_MUTATION: Final = "no-mutation"

_V = TypeVar("_V", bound=Vector)


@dataclass(frozen=True)
class Vec:
    """One vector: its id, its case and its expected result."""

    id: str
    case: Case
    expected: Result


@dataclass(frozen=True)
class Workload:
    vectors: Sequence[Vec]
    cases: Sequence[Case]  # the differential stream
    pristine: Sequence[Result]  # the pristine reference's result for each of ``cases``
    reached: Sequence[frozenset[tuple[str, int]]]  # per case: the (module, line)s of reference/ it executes
    at_import: frozenset[tuple[str, int]]  # the lines executed when hcsdoc.reference is imported
    timeout: int  # seconds per mutant
    import_cap: int  # differential cases for a mutant of a line run only at import (the first ones of the stream)
    vector_reached: Sequence[frozenset[tuple[str, int]]] | None = None
    """Per vector: the lines it executes (None: unknown, every vector runs)."""
    raw: Sequence[RawForm] = ()
    """The vectors' raw forms (:mod:`.rawforms`) whose pristine result passes their vector's expected result."""
    raw_reached: Sequence[frozenset[tuple[str, int]]] | None = None
    """Per raw form: the lines it executes (None: unknown, every raw form runs)."""
    pristine_json: Sequence[str] = field(init=False, repr=False)
    """``pristine`` as canonical JSON, computed once in the parent instead of once per mutant and case."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "pristine_json", [canonical_json(r) for r in self.pristine])

    def selection(self, m: Mutant) -> list[int]:
        """The differential cases that execute the mutated line (or the first line of the statement holding it:
        a continuation line has no line event of its own). A line that the import executes (a constant table, a
        decorator, a class attribute, a module-level call) concerns every case, so the first ``import_cap`` cases
        of the stream run as well (all 20,000 for each of several hundred such mutants would take hours); a line
        that neither executes cannot change any result, so no case is run."""
        wheres = _wheres(m)
        hit = [i for i, lines in enumerate(self.reached) if wheres & lines]
        if wheres & self.at_import:
            return sorted(set(hit) | set(range(min(len(self.cases), self.import_cap))))
        return hit

    def vector_selection(self, m: Mutant) -> Sequence[Vec]:
        """The vectors that can kill the mutant: those executing the mutated statement, or all of them when the
        import executes it. Sound because each vector's lines were recorded with the reference's caches emptied
        first (:func:`traced_results`): a vector whose result hangs on the line through a cache entry made by an
        earlier vector still records the line."""
        wheres = _wheres(m)
        if self.vector_reached is None or wheres & self.at_import:
            return self.vectors
        return [v for v, lines in zip(self.vectors, self.vector_reached, strict=True) if wheres & lines]

    def raw_selection(self, m: Mutant) -> Sequence[RawForm]:
        """The raw forms that can kill the mutant, chosen as :meth:`vector_selection` chooses vectors, from each raw
        form's own lines (not its vector's: the raw path may run a line the complete form does not)."""
        wheres = _wheres(m)
        if self.raw_reached is None or wheres & self.at_import:
            return self.raw
        return [f for f, lines in zip(self.raw, self.raw_reached, strict=True) if wheres & lines]


def _wheres(m: Mutant) -> set[tuple[str, int]]:
    """The lines whose execution means the mutated statement ran: every line of its header (see
    :func:`statement_lines`)."""
    return {(m.module, line) for line in statement_lines(m.module, m.line)}


def _header_end(n: ast.stmt) -> int:
    """The last line of a statement's header: the whole statement for a simple one; for a compound one, up to the
    line before its first nested statement (an ``if (`` whose condition starts on the next line has no line event
    of its own: the condition's lines have them)."""
    nested: list[int] = [
        b.lineno for name in ("body", "orelse", "finalbody", "handlers") for b in getattr(n, name, None) or []
    ]
    if not nested:
        return n.end_lineno or n.lineno
    return max(n.lineno, min(nested) - 1)


@functools.cache
def _statement_headers(module: str) -> dict[int, tuple[int, int]]:
    """Line -> (first, last) line of the header of the innermost statement spanning it, for one module."""
    from hcsdoc.conformance.mutation.points import REFERENCE_DIR

    tree = ast.parse((REFERENCE_DIR / module).read_text(encoding="utf-8"))
    spans: dict[int, tuple[int, int]] = {}
    stmts = sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.stmt)),
        key=lambda n: -((n.end_lineno or n.lineno) - n.lineno),
    )
    for n in stmts:  # widest first, so inner statements overwrite
        header = (n.lineno, _header_end(n))
        for line in range(n.lineno, (n.end_lineno or n.lineno) + 1):
            spans[line] = header
    return spans


def statement_lines(module: str, line: int) -> range:
    """The header lines of the innermost statement holding ``line``: one of them has a line event whenever the
    statement runs (a continuation line has none of its own, nor has a bare ``if (``)."""
    first, last = _statement_headers(module).get(line, (line, line))
    if not first <= line <= last:  # a line of a nested body that is no statement itself (a blank or a comment)
        first = last = line
    return range(first, last + 1)


def statement_start(module: str, line: int) -> int:
    return statement_lines(module, line)[0]


def run_one(case: Case, run_case: Callable[[Case], Result]) -> Result:
    """``run_case(case)``; a Python exception, or an interpreter left otherwise than it was found (the recursion
    limit the reference raises for deep values), is a ``crash`` result, which differs from every result."""
    limit = sys.getrecursionlimit()
    try:
        result = run_case(case)
    except Exception as exc:  # a Python exception in the converter is a result that differs
        result = {"crash": f"{type(exc).__name__}: {exc}"}
    left = sys.getrecursionlimit()
    if left != limit:
        # A limit left raised turns a later runaway recursion into a crash of the whole process (C stack).
        sys.setrecursionlimit(limit)
        return {"crash": f"run_case left the recursion limit at {left}, not {limit}"}
    return result


def passes(expected: Result, actual: Result) -> bool:
    """Whether ``actual`` passes ``expected`` at the strictest level (``compare_result``); a crash never passes."""
    from hcsdoc.conformance.results.compare import compare_result

    return "crash" not in actual and compare_result(expected, actual).outcome == "pass"


def first_failure(checks: Iterable[_V], run_case: Callable[[Case], Result]) -> _V | None:
    """The first vector (or raw form) whose result through ``run_case`` does not pass its expected result, or None."""
    for v in checks:
        if not passes(v.expected, run_one(v.case, run_case)):
            return v
    return None


def pristine_results(cases: Iterable[Case]) -> list[Result]:
    from hcsdoc.reference import run_case

    return [run_one(c, run_case) for c in cases]


class _MutatedLoader(importlib.machinery.SourceFileLoader):
    def __init__(self, fullname: str, path: str, source: str) -> None:
        super().__init__(fullname, path)
        self._source = source

    def get_code(self, fullname: str) -> Any:
        return compile(self._source, self.path, "exec", dont_inherit=True)


class _MutatedFinder(importlib.abc.MetaPathFinder):
    def __init__(self, name: str, path: str, source: str) -> None:
        self.name, self.path, self.source = name, path, source

    def find_spec(self, fullname: str, path: Any, target: ModuleType | None = None) -> Any:
        if fullname != self.name:
            return None
        loader = _MutatedLoader(fullname, self.path, self.source)
        return importlib.util.spec_from_file_location(fullname, self.path, loader=loader)


def _import_mutant(m: Mutant, source: str) -> Callable[[Case], Result]:
    spec = importlib.util.find_spec(m.import_name)
    if spec is None or spec.origin is None:
        raise ImportError(f"no module {m.import_name}")
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    sys.meta_path.insert(0, _MutatedFinder(m.import_name, spec.origin, source))
    api = importlib.import_module(PACKAGE)
    run_case: Callable[[Case], Result] = api.run_case
    return run_case


# The reference's memo tables (module, attribute): what encoding/json derives once per Go type, and strconv.IsPrint.
# A case that finds its entry made by an earlier case executes no line of the code that made it, so each case is
# traced with them emptied (tests/test_mutation.py fails when a module-level table that grows is missing here).
CACHES: Final = (
    ("gotypes", "_FIELDS_CACHE"),
    ("gojson.types", "_PLANS"),
    ("gojson.encode", "_ENCODERS"),
    ("gojson.decode", "_DECODERS"),
    ("gojson.decode", "_ZEROS"),
    ("gofmt", "is_print"),
)


def empty_caches() -> None:
    """Empty every table of :data:`CACHES` in the loaded ``hcsdoc.reference``."""
    for module, name in CACHES:
        table = getattr(sys.modules[f"{PACKAGE}.{module}"], name)
        if hasattr(table, "cache_clear"):
            table.cache_clear()
        else:
            table.clear()


def traced_results(
    cases: Sequence[Case],
) -> tuple[list[Result], list[frozenset[tuple[str, int]]], frozenset[tuple[str, int]]]:
    """The pristine reference's results, for each case the lines of reference/ it executes (with the memo tables
    emptied first: :data:`CACHES`), and the lines a fresh import of hcsdoc.reference executes (the modules are
    imported again, under the tracer)."""
    spec = importlib.util.find_spec(PACKAGE)
    assert spec is not None and spec.origin is not None
    root = os.path.dirname(spec.origin) + os.sep
    names: dict[str, str | None] = {}
    lines: set[tuple[str, int]] = set()

    def module_of(filename: str) -> str | None:
        if filename not in names:
            names[filename] = filename[len(root) :].replace(os.sep, "/") if filename.startswith(root) else None
        return names[filename]

    def local(frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            lines.add((names[frame.f_code.co_filename], frame.f_lineno))  # type: ignore[arg-type]
        return local

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        mod = module_of(frame.f_code.co_filename)
        if mod is None:
            return None
        lines.add((mod, frame.f_lineno))
        return local

    results: list[Result] = []
    reached: list[frozenset[tuple[str, int]]] = []
    interned: dict[frozenset[tuple[str, int]], frozenset[tuple[str, int]]] = {}
    # Whatever traces this thread already (coverage.py under pytest --cov) is put back after each traced run, not
    # switched off: a measurement of the measurement must not end the outer one.
    outer = sys.gettrace()
    with fresh_import(PACKAGE):
        sys.settrace(tracer)
        try:
            run_case: Callable[[Case], Result] = importlib.import_module(PACKAGE).run_case
        finally:
            sys.settrace(outer)
        at_import = frozenset(lines)
        for c in cases:
            empty_caches()
            lines = set()
            sys.settrace(tracer)
            try:
                results.append(run_one(c, run_case))
                # Python unsets a trace function that raises, and a deep value (a device extension nested
                # thousands of levels) exhausts the stack inside the tracer itself: the lines after that point
                # are unknown, so such a case counts as executing every line.
                complete = sys.gettrace() is tracer
            finally:
                sys.settrace(outer)
            key = frozenset(lines) if complete else _every_line(root)
            reached.append(interned.setdefault(key, key))
    return results, reached, at_import


@functools.cache
def _every_line(root: str) -> frozenset[tuple[str, int]]:
    """Every (module, line) of the reference's sources below ``root``."""
    out: set[tuple[str, int]] = set()
    for path in Path(root).rglob("*.py"):
        module = path.relative_to(root).as_posix()
        n = len(path.read_text(encoding="utf-8").splitlines())
        out.update((module, i) for i in range(1, n + 1))
    return frozenset(out)


def _child(m: Mutant, work: Workload) -> dict[str, Any]:
    source = mutated_source(m)
    if source is None:
        return {"outcome": NO_MUTATION}
    try:
        run_case = _import_mutant(m, source)
    except Exception as exc:
        return {"outcome": INCOMPETENT, "detail": f"{type(exc).__name__}: {exc}"[:200]}
    vectors = work.vector_selection(m)
    failed = first_failure(vectors, run_case)
    if failed is not None:
        return {"outcome": KILLED_VECTORS, "by": failed.id}
    raw = work.raw_selection(m)
    failed_raw = first_failure(raw, run_case)
    if failed_raw is not None:
        return {"outcome": KILLED_VECTORS, "by": failed_raw.label, "rawForm": True}
    signal.alarm(work.timeout)  # the vectors' time back: the limit is per stage
    selected = work.selection(m)
    for i in selected:
        if canonical_json(run_one(work.cases[i], run_case)) != work.pristine_json[i]:
            return {
                "outcome": KILLED_DIFF,
                "by": i + 1,
                "ran": len(selected),
                "vectorsRan": len(vectors),
                "rawRan": len(raw),
            }
    at_import = bool(_wheres(m) & work.at_import)
    return {
        "outcome": SURVIVED,
        "ran": len(selected),
        "vectorsRan": len(vectors),
        "rawRan": len(raw),
        "atImport": at_import,
    }


def run_mutant(m: Mutant, work: Workload) -> dict[str, Any]:
    """Run one mutant in a forked child; the record written to the shard's results file."""
    started = time.monotonic()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(r)
            signal.alarm(min(work.timeout, VECTOR_STAGE_TIMEOUT))
            with contextlib.redirect_stdout(sys.stderr):
                out = _child(m, work)
            os.write(w, (json.dumps(out) + "\n").encode())
        except BaseException:
            code = 3
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    record: dict[str, Any]
    if data.strip():
        record = json.loads(data)
    elif os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
        record = {"outcome": TIMEOUT}
    else:
        record = {"outcome": INCOMPETENT, "detail": f"child exit status {status}"}
    record.update({"key": m.key, "index": m.index, "seconds": round(time.monotonic() - started, 3)})
    return record


def load_vectors() -> list[Vec]:
    from hcsdoc.conformance.vectors.suite import load_suite

    return [Vec(v.id, v.case, v.expected) for v in load_suite().vectors]


def generate_cases(examples: int, seed: int, batch: int = 500) -> tuple[list[Case], str]:
    """The differential stream exactly as ``hcsdoc diff --seed SEED --examples N`` draws it, and its digest."""
    from hcsdoc.conformance.differential.digest import DigestSource
    from hcsdoc.conformance.differential.generate import CaseGenerator

    src = DigestSource(CaseGenerator(seed=seed), examples)
    cases: list[Case] = []
    while src.count < examples:
        got = src.batch(min(batch, examples - src.count))
        if not got:
            break
        cases.extend(got[: examples - len(cases)])
    return cases, src.digest


def sources_digest() -> str:
    """A digest of reference/'s sources: a prepared workload belongs to one version of them."""
    import hashlib

    from hcsdoc.conformance.mutation.points import REFERENCE_DIR

    h = hashlib.sha256()
    for path in sorted(REFERENCE_DIR.rglob("*.py")):
        h.update(path.relative_to(REFERENCE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def generator_digest() -> str:
    """A digest of what draws the differential stream (the strategies and the generator) and derives the vectors'
    raw forms."""
    import hashlib

    from hcsdoc.conformance.mutation.points import REFERENCE_DIR

    root = REFERENCE_DIR.parent / "conformance"
    h = hashlib.sha256()
    derived = [*sorted((root / "strategies").glob("*.py")), *sorted((root / "differential").glob("*.py"))]
    for path in [*derived, root / "mutation" / "rawforms.py"]:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def vectors_digest() -> str:
    """A digest of the vector files (a new captured vector makes a new workload)."""
    import hashlib

    from hcsdoc.conformance.mutation.points import REFERENCE_DIR

    h = hashlib.sha256()
    for path in sorted((REFERENCE_DIR.parent / "conformance" / "vectors").glob("*.json")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def prepare(out_dir: Path, examples: int, seed: int, timeout: int, import_cap: int) -> tuple[Workload, dict[str, Any]]:
    """The workload (vectors, the differential stream, its pristine results and reached lines), computed once per
    (examples, seed, reference sources) and kept in ``out_dir`` so that the shards share it; and its header."""
    import pickle

    key = {
        "examples": examples,
        "seed": seed,
        "reference": sources_digest(),
        "generator": generator_digest(),
        "vectorFiles": vectors_digest(),
    }
    name = "-".join(str(key[k]) for k in ("seed", "examples", "reference", "generator", "vectorFiles"))
    path = out_dir / f"workload-{WORKLOAD_FORMAT}-{name}.pickle"
    if path.exists():
        data = path.read_bytes()
        loaded = with_room_if_deep(lambda: pickle.loads(data))
        header, vectors, cases, pristine, reached, at_import, vector_reached, raw, raw_reached = loaded
    else:
        started = time.monotonic()
        vectors = load_vectors()
        forms = raw_forms(vectors)
        cases, digest = generate_cases(examples, seed)
        pristine, reached, at_import = traced_results(
            [*cases, *(v.case for v in vectors), *(form.case for form in forms)]
        )
        n, nv = len(cases), len(cases) + len(vectors)
        raw_results, raw_reached = pristine[nv:], reached[nv:]
        pristine, reached, vector_reached = pristine[:n], reached[:n], reached[n:nv]
        # A raw form the pristine reference fails would kill every mutant that runs it: such a form is a bug of the
        # case model (tests/test_raw_forms.py), counted in the header and left out.
        passing = [passes(form.expected, r) for form, r in zip(forms, raw_results, strict=True)]
        raw = [form for form, ok in zip(forms, passing, strict=True) if ok]
        raw_reached = [lines for lines, ok in zip(raw_reached, passing, strict=True) if ok]
        header = {
            **key,
            "digest": digest,
            "rawForms": len(raw),
            "rawFormsFailing": len(forms) - len(raw),
            "prepareSeconds": round(time.monotonic() - started, 1),
        }
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        everything = (header, vectors, cases, pristine, reached, at_import, vector_reached, raw, raw_reached)
        # the expected documents of some vectors nest as deep as Go allows (a device extension)
        tmp.write_bytes(with_room_if_deep(lambda: pickle.dumps(everything, protocol=pickle.HIGHEST_PROTOCOL)))
        os.replace(tmp, path)
    header = {**header, "importCap": import_cap, "vectors": len(vectors)}
    work = Workload(vectors, cases, pristine, reached, at_import, timeout, import_cap, vector_reached, raw, raw_reached)
    return work, header


def shard_path(out_dir: Path, k: int, n: int, prefix: str = "shard") -> Path:
    """``shard-K-of-N.jsonl`` (a run), or ``rerun-K-of-N.jsonl`` (its survivors again, after fixes)."""
    return out_dir / f"{prefix}-{k}-of-{n}.jsonl"


def run_shard(
    out_dir: Path,
    k: int,
    n: int,
    work: Workload,
    header: dict[str, Any],
    mutants: Sequence[Mutant],
    progress: Callable[[int, int, dict[str, int]], None] | None = None,
    prefix: str = "shard",
) -> dict[str, int]:
    """Run every n-th of ``mutants`` (the k-th of each n, 1-based) and write ``shard-K-of-N.jsonl``: a header line, one
    record per mutant, a closing line with the wall time. Returns the counts per outcome."""
    mine = [m for pos, m in enumerate(mutants) if pos % n == k - 1]
    # The workload's objects go to the collector's permanent generation: a forked child's collections then neither
    # walk the 20,000 cases nor touch (and so copy) their pages.
    gc.collect()
    gc.freeze()
    try:
        return _run_mine(out_dir, k, n, work, header, mine, progress, prefix)
    finally:
        gc.unfreeze()


def _run_mine(
    out_dir: Path,
    k: int,
    n: int,
    work: Workload,
    header: dict[str, Any],
    mine: Sequence[Mutant],
    progress: Callable[[int, int, dict[str, int]], None] | None,
    prefix: str,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    started = time.monotonic()
    out_dir.mkdir(parents=True, exist_ok=True)
    with shard_path(out_dir, k, n, prefix).open("w", encoding="utf-8") as f:
        f.write(json.dumps({"header": {**header, "shard": f"{k}/{n}", "mutants": len(mine)}}) + "\n")
        for i, m in enumerate(mine, 1):
            rec = run_mutant(m, work)
            counts[rec["outcome"]] = counts.get(rec["outcome"], 0) + 1
            f.write(json.dumps(rec) + "\n")
            f.flush()
            if progress is not None:
                progress(i, len(mine), counts)
        f.write(json.dumps({"wall": round(time.monotonic() - started, 1)}) + "\n")
    return counts
