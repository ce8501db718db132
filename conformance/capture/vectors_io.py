"""Capture vector files from the real Go code (docs/vectors.md): hand cases, generated cases, verification.

Expected results come only from :class:`~conformance.capture.process.GoProcess`. A file is rewritten through
:func:`conformance.vectors.files.dumps_vector_file` (one canonical byte form), keeps its ``retired`` ids (and gains
the ids of hand cases that disappeared), and keeps its ``provenance.date`` unless a result or the provenance changed.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from hcsdoc.conformance.capture.build import DEFAULT_VERSION, Build, build, capture_tool_hash
from hcsdoc.conformance.capture.process import GoProcess
from hcsdoc.conformance.results import safejson
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.conformance.vectors.files import (
    VECTORS_DIR,
    dumps_vector_file,
    generated_id,
    load_vector_file,
    stored_expected,
)

FORMAT: Final = 1
HAND: Final = "hand"
GENERATED: Final = "generated"
REGRESSIONS: Final = "regressions"


class CaptureError(Exception):
    """A case could not be captured (the Go side skipped or errored it, or an id clashes)."""


@dataclass(frozen=True)
class Entry:
    """A case to capture, with its vector metadata."""

    id: str
    description: str
    tags: tuple[str, ...]
    case: dict[str, Any]


@dataclass
class Written:
    path: Path
    cases: int
    changed: list[str] = field(default_factory=list)
    """Ids whose expected result differs from the file's previous content (new ids included)."""
    retired: list[str] = field(default_factory=list)
    """Ids retired by this write."""


def vectors_dir(version: str) -> Path:
    """``conformance/vectors`` for the pinned version, ``conformance/vectors-<version>`` for any other."""
    return VECTORS_DIR if version == DEFAULT_VERSION else VECTORS_DIR.parent / f"vectors-{version}"


def expected_from_reply(reply: dict[str, Any]) -> dict[str, Any]:
    """A vector's ``expected`` from a protocol reply (without ``seq``), with ``errorKind`` for an error."""
    if "documents" in reply:
        return stored_expected({"documents": reply["documents"], "bytes": reply["bytes"]})
    if "error" in reply:
        from hcsdoc.conformance.results.errorkinds import classify_error

        return {"error": reply["error"], "errorKind": classify_error(reply["error"])}
    if "panic" in reply:
        return {"panic": reply["panic"]}
    raise CaptureError(f"the capture process did not produce a result: {reply}")


def provenance(b: Build) -> dict[str, Any]:
    """The provenance of files captured with ``b`` (without the date)."""
    commit = b.provenance["hcsshim"].get("commit") or b.provenance.get("source", {}).get("origin", {}).get("Hash", "")
    return {
        "hcsshim": {"version": b.provenance["hcsshim"]["version"], "commit": commit},
        "go": b.provenance["go"],
        "captureTool": capture_tool_hash(),
    }


def load_existing(path: Path) -> dict[str, Any] | None:
    return load_vector_file(path).data if path.exists() else None


def hand_entries() -> list[Entry]:
    """The hand-designed cases (``conformance.cases.hand_cases()``), normalized."""
    from hcsdoc.conformance.cases import hand_cases
    from hcsdoc.reference import normalize_case

    out = []
    for d in hand_cases():
        out.append(Entry(d.id, d.description, tuple(d.tags), normalize_case(d.case)))
    return out


def stored_entries(path: Path) -> list[Entry]:
    """The cases already in a vector file (re-capturing a generated file never redraws its cases)."""
    data = load_existing(path)
    if data is None:
        return []
    return [Entry(v["id"], v["description"], tuple(v["tags"]), v["case"]) for v in data["cases"]]


def capture_entries(proc: GoProcess, entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """Vectors (id, description, tags, case, expected) for ``entries``, captured through ``proc``."""
    replies = proc.run_many([e.case for e in entries])
    vectors = []
    problems = []
    for e, reply in zip(entries, replies, strict=True):
        try:
            expected = expected_from_reply(reply)
        except CaptureError as exc:
            problems.append(f"{e.id}: {exc}")
            continue
        vectors.append(
            {"id": e.id, "description": e.description, "tags": list(e.tags), "case": e.case, "expected": expected}
        )
    if problems:
        raise CaptureError("\n".join(problems))
    return vectors


def write_file(
    path: Path, suite: str, vectors: list[dict[str, Any]], prov: dict[str, Any], retire_missing: bool
) -> Written:
    """Write ``vectors`` as the suite file at ``path`` (canonical bytes; date and retired ids as docs/vectors.md)."""
    old = load_existing(path)
    old_by_id = {v["id"]: v for v in old["cases"]} if old else {}
    retired = set(old["retired"]) if old else set()
    ids = {v["id"] for v in vectors}
    reused = sorted(ids & retired)
    if reused:
        raise CaptureError(f"{path}: retired ids may not be reused: {reused}")
    newly_retired = sorted(set(old_by_id) - ids) if retire_missing else []
    retired |= set(newly_retired)
    if not retire_missing:
        # Keep every stored vector whose case is not being re-captured (generated files only grow).
        vectors = vectors + [v for i, v in old_by_id.items() if i not in ids]
    changed = sorted(
        v["id"]
        for v in vectors
        if v["id"] not in old_by_id or canonical_json(old_by_id[v["id"]]["expected"]) != canonical_json(v["expected"])
    )
    old_prov = dict(old["provenance"]) if old else {}
    old_date = old_prov.pop("date", None)
    date = (
        old_date
        if (old_date and not changed and not newly_retired and old_prov == prov)
        else _dt.date.today().isoformat()
    )
    data = {
        "format": FORMAT,
        "suite": suite,
        "provenance": {**prov, "date": date},
        "retired": sorted(retired),
        "cases": vectors,
    }
    text = dumps_vector_file(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return Written(path, len(vectors), changed, newly_retired)


def capture(version: str = DEFAULT_VERSION, out_dir: Path | None = None, include_hand: bool = True) -> list[Written]:
    """Re-capture hand.json (from ``hand_cases()``) and generated.json (its stored cases) for ``version``.

    For a version other than the pinned one, the cases are those of ``conformance/vectors`` (the pinned files).
    """
    out = out_dir or vectors_dir(version)
    b = build(version)
    prov = provenance(b)
    written = []
    with GoProcess(b) as proc:
        if include_hand:
            hand = hand_entries() if version == DEFAULT_VERSION else stored_entries(VECTORS_DIR / f"{HAND}.json")
            written.append(
                write_file(out / f"{HAND}.json", HAND, capture_entries(proc, hand), prov, retire_missing=True)
            )
        # Every other suite (generated, regressions, ...) only stores its cases: re-capture them as they are.
        for stored in sorted(VECTORS_DIR.glob("*.json")):
            suite = stored.stem
            entries = stored_entries(stored)
            if suite == HAND or not entries:
                continue
            written.append(
                write_file(out / stored.name, suite, capture_entries(proc, entries), prov, retire_missing=False)
            )
    return written


def add_cases(
    case_files: Sequence[Path],
    *,
    case_id: str | None = None,
    description: str | None = None,
    tags: Sequence[str] = (),
    suite: str = REGRESSIONS,
    version: str = DEFAULT_VERSION,
) -> Written:
    """Capture complete case files (a fuzz or differential finding, say) into the suite file ``suite``.json.

    A case keeps the given id, or gets ``reg.<12 hex of its content hash>``; a case already present is re-captured.
    """
    from hcsdoc.reference import CaseError, normalize_case

    if case_id is not None and len(case_files) != 1:
        raise CaptureError("--id names one case: give exactly one case file with it")
    entries = []
    for f in case_files:
        try:
            raw = safejson.loads(Path(f).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:  # ValueError: not JSON, too deep, not UTF-8
            raise CaseInputError(f"{f}: not a readable JSON case file: {exc}") from None
        try:
            case = normalize_case(raw["case"] if isinstance(raw, dict) and "case" in raw and "host" not in raw else raw)
        except CaseError as exc:
            raise CaptureError(f"{f}: not a case: {exc}") from None
        cid = case_id or "reg." + generated_id(case).removeprefix("gen.")
        entries.append(
            Entry(cid, description or f"regression case from {Path(f).name}", tuple(tags) or (REGRESSIONS,), case)
        )
    b = build(version)
    with GoProcess(b) as proc:
        vectors = capture_entries(proc, entries)
    path = vectors_dir(version) / f"{suite}.json"
    return write_file(path, suite, vectors, provenance(b), retire_missing=False)


def generate(n: int, seed: int, version: str = DEFAULT_VERSION, out_dir: Path | None = None) -> Written:
    """Draw ``n`` new cases from the strategies (seeded) and capture them into generated.json."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    from hcsdoc.conformance.strategies import cases
    from hcsdoc.reference import normalize_case

    path = (out_dir or vectors_dir(version)) / f"{GENERATED}.json"
    old = load_existing(path)
    taken = {v["id"] for v in old["cases"]} | set(old["retired"]) if old else set()
    drawn: dict[str, dict[str, Any]] = {}
    attempt = 0
    batch: list[Any] = []
    while len(drawn) < n and attempt < 20:
        batch.clear()

        @hseed(seed + attempt)
        @settings(
            max_examples=max(n, 10),
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(cases())
        def draw(c: Any) -> None:
            batch.append(c)

        draw()
        for c in batch:
            case = normalize_case(c)
            gid = generated_id(case)
            if gid not in taken and gid not in drawn and len(drawn) < n:
                drawn[gid] = case
        attempt += 1
    entries = [
        Entry(gid, f"generated by conformance.strategies.cases() with seed {seed}", ("generated",), case)
        for gid, case in drawn.items()
    ]
    b = build(version)
    with GoProcess(b) as proc:
        vectors = []
        for e, reply in zip(entries, proc.run_many([e.case for e in entries]), strict=True):
            if "skipped" in reply or "errored" in reply:
                continue  # a drawn case the Go side cannot run is not a vector
            vectors.append(
                {
                    "id": e.id,
                    "description": e.description,
                    "tags": list(e.tags),
                    "case": e.case,
                    "expected": expected_from_reply(reply),
                }
            )
    return write_file(path, GENERATED, vectors, provenance(b), retire_missing=False)


def all_vectors(directory: Path = VECTORS_DIR) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in sorted(directory.glob("*.json")):
        out.extend(load_vector_file(p).data["cases"])
    return out


def result_diff(old: dict[str, Any], new: dict[str, Any], label: str = "") -> str:
    """A unified diff of two results (pretty JSON; with the bytes strings shown as their parsed form)."""

    def pretty(r: dict[str, Any]) -> list[str]:
        return json.dumps(r, indent=1, sort_keys=True, ensure_ascii=False).splitlines()

    return "\n".join(
        difflib.unified_diff(pretty(old), pretty(new), f"{label} expected", f"{label} captured", lineterm="")
    )


def verify(n: int, seed: int = 0, version: str = DEFAULT_VERSION) -> list[str]:
    """Re-capture a random sample of ``n`` committed vectors; the diffs of those whose result changed."""
    vectors = all_vectors(vectors_dir(version))
    sample = random.Random(seed).sample(vectors, min(n, len(vectors)))
    if not sample:
        return []
    with GoProcess(build(version)) as proc:
        replies = proc.run_many([v["case"] for v in sample])
    diffs = []
    for v, reply in zip(sample, replies, strict=True):
        try:
            got = expected_from_reply(reply)
        except CaptureError as exc:
            diffs.append(f"{v['id']}: {exc}")
            continue
        if canonical_json(got) != canonical_json(v["expected"]):
            diffs.append(f"{v['id']}:\n{result_diff(v['expected'], got, v['id'])}")
    return diffs


def compare_with_pinned(other: Path, base: Path = VECTORS_DIR) -> list[tuple[str, str]]:
    """(id, short diff) for every case whose result differs between ``other`` and the pinned vectors."""
    by_id = {v["id"]: v for v in all_vectors(base)}
    out = []
    for v in all_vectors(other):
        b = by_id.get(v["id"])
        if b is None or canonical_json(b["expected"]) == canonical_json(v["expected"]):
            continue
        out.append((v["id"], _short_diff(b["expected"], v["expected"])))
    return out


def _short_diff(a: dict[str, Any], b: dict[str, Any]) -> str:
    def summary(r: dict[str, Any]) -> str:
        if "error" in r:
            return f"error {r['error']!r}"
        if "panic" in r:
            return f"panic {r['panic']!r}"
        return "documents"

    if "documents" in a and "documents" in b:
        lines = [
            ln
            for ln in difflib.unified_diff(
                json.dumps(a["documents"], indent=1, sort_keys=True).splitlines(),
                json.dumps(b["documents"], indent=1, sort_keys=True).splitlines(),
                lineterm="",
                n=0,
            )
            if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
        ]
        return "; ".join(x.strip() for x in lines[:6])
    return f"{summary(a)} -> {summary(b)}"


class CaseInputError(CaptureError):
    """A case file or case line that cannot be read (bad input: exit 2)."""


def parse_case_lines(lines: Iterable[str], where: str) -> list[dict[str, Any]]:
    """JSON lines of (possibly partial) cases, normalized; a bad line is a :class:`CaseInputError` naming it."""
    from hcsdoc.reference import normalize_case

    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append(normalize_case(safejson.loads(line)))
        except ValueError as exc:  # not JSON, too deep, or not a case (CaseError)
            raise CaseInputError(f"{where}:{n}: {exc}") from None
    return out


def run_case_lines(
    lines: Iterable[str], version: str = DEFAULT_VERSION, where: str = "<cases>"
) -> list[dict[str, Any]]:
    """``--cases``: JSON lines of (possibly partial) cases in, results out."""

    cases = parse_case_lines(lines, where)
    with GoProcess(build(version)) as proc:
        return proc.run_many(cases)
