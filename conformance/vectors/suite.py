"""Loading vector files (docs/vectors.md) into a :class:`Suite`, with errors that name the file and the problem."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hcsdoc.conformance.results.canonical import pointer
from hcsdoc.conformance.vectors.files import (
    SCHEMA_PATH,
    VECTORS_DIR,
    VectorFileError,
    load_vector_file,
    loaded_expected,
    vector_paths,
)


class SuiteError(Exception):
    """A vector file that cannot be used. The message names the file and says what is wrong with it."""


@dataclass(frozen=True)
class Vector:
    """One case of a vector file with its expected result."""

    id: str
    description: str
    tags: tuple[str, ...]
    case: dict[str, Any]
    expected: dict[str, Any]
    file: Path


@dataclass(frozen=True)
class VectorFileInfo:
    """Provenance of one loaded file, as recorded in the event stream header."""

    path: Path
    sha256: str
    suite: str
    provenance: dict[str, Any]
    cases: int
    retired: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "sha256": self.sha256,
            "suite": self.suite,
            "provenance": self.provenance,
            "cases": self.cases,
        }


@dataclass
class Suite:
    """The loaded vectors, in file order then id order; ``by_id`` indexes them."""

    vectors: list[Vector]
    files: list[VectorFileInfo]
    default_location: bool = False  # loaded from conformance/vectors/ (so an unknown id is really stale)
    by_id: dict[str, Vector] = field(init=False)
    retired: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {v.id: v for v in self.vectors}
        self.retired = frozenset(r for f in self.files for r in f.retired)


@cache
def _schema_validator() -> Any:
    """The coordinator's vector-file schema, compiled once; ``None`` when the schema file is not there."""
    if not SCHEMA_PATH.is_file():
        return None
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hcsdoc" / "vector-schema-ok"


@cache
def _schema_digest() -> str:
    return hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()[:16]


def _schema_errors(path: Path, data: dict[str, Any], digest: str) -> None:
    """Validate against the vector-file schema. Full validation of a few thousand cases costs seconds, so a file
    whose exact bytes already passed under the exact same schema is not validated again (a marker file in the
    user's cache records the pass; a failure is never cached)."""
    validator = _schema_validator()
    if validator is None:
        return
    marker = _cache_dir() / f"{digest}-{_schema_digest()}"
    if marker.exists():
        return
    best = None
    for err in validator.iter_errors(data):
        if best is None or len(err.absolute_path) > len(best.absolute_path):
            best = err
    if best is None:
        with contextlib.suppress(OSError):
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        return
    where = list(best.absolute_path)
    label = ""
    if len(where) >= 2 and where[0] == "cases" and isinstance(where[1], int):
        case = data["cases"][where[1]]
        cid = case.get("id") if isinstance(case, dict) else None
        label = f" (case {cid!r})" if isinstance(cid, str) else ""
    msg = best.message if len(best.message) < 300 else best.message[:300] + "..."
    raise SuiteError(f"{path}: {pointer(where) or '/'}{label}: {msg}")


def _structural_errors(path: Path, data: dict[str, Any]) -> None:
    """The checks the runner itself relies on; kept even when the schema is absent, so errors stay readable."""
    for i, c in enumerate(data["cases"]):
        where = f"{path}: /cases/{i}"
        if not isinstance(c, dict):
            raise SuiteError(f"{where}: a case must be an object")
        cid = c.get("id")
        if not isinstance(cid, str) or not cid:
            raise SuiteError(f"{where}: missing or non-string 'id'")
        for key, typ in (("case", dict), ("expected", dict), ("tags", list)):
            if not isinstance(c.get(key), typ):
                raise SuiteError(f"{where} (case {cid!r}): missing or malformed {key!r}")
        exp = c["expected"]
        kinds = [k for k in ("documents", "error", "panic") if k in exp] or [k for k in ("bytes",) if k in exp]
        if len(kinds) != 1:
            raise SuiteError(
                f"{where} (case {cid!r}): 'expected' must hold exactly one of documents, error, panic (or only bytes)"
            )


def _expected(path: Path, cid: str, expected: dict[str, Any]) -> dict[str, Any]:
    try:
        return loaded_expected(expected)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SuiteError(f"{path} (case {cid!r}): expected.bytes cannot be read as documents: {exc}") from None


def load_suite(paths: Sequence[Path | str] | None = None, *, validate_schema: bool = True) -> Suite:
    """Load vector files (files, or folders whose ``*.json`` files are loaded; default ``conformance/vectors/``).

    Raises :class:`SuiteError` naming the file and the problem: missing or unreadable, not JSON, not valid against
    ``conformance/vectors.schema.json`` (when that schema exists), a duplicated id (naming both files), a case
    whose id is also listed as retired.
    """
    default = not paths
    resolved = vector_paths([Path(p) for p in paths] if paths else None)
    if not resolved:
        where = ", ".join(str(p) for p in paths) if paths else str(VECTORS_DIR)
        raise SuiteError(f"{where}: no vector files (*.json) found")
    vectors: list[Vector] = []
    files: list[VectorFileInfo] = []
    seen: dict[str, Path] = {}
    for path in resolved:
        if not path.exists():
            raise SuiteError(f"{path}: no such vector file")
        try:
            loaded = load_vector_file(path)
        except VectorFileError as exc:
            raise SuiteError(str(exc)) from None
        data = loaded.data
        digest = hashlib.sha256(loaded.text.encode("utf-8")).hexdigest()
        _structural_errors(path, data)
        if validate_schema:
            _schema_errors(path, data, digest)
        retired = data.get("retired") or []
        for c in data["cases"]:
            cid = c["id"]
            if cid in seen:
                raise SuiteError(f"{path}: case id {cid!r} is also defined in {seen[cid]}")
            seen[cid] = path
            vectors.append(
                Vector(
                    id=cid,
                    description=str(c.get("description", "")),
                    tags=tuple(str(t) for t in c["tags"]),
                    case=c["case"],
                    expected=_expected(path, cid, c["expected"]),
                    file=path,
                )
            )
        prov = data.get("provenance")
        files.append(
            VectorFileInfo(
                path=path,
                sha256=digest,
                suite=str(data.get("suite", "")),
                provenance=prov if isinstance(prov, dict) else {},
                cases=len(data["cases"]),
                retired=tuple(str(r) for r in retired),
            )
        )
    clash = sorted(frozenset(r for f in files for r in f.retired) & seen.keys())
    if clash:
        raise SuiteError(f"{seen[clash[0]]}: case id {clash[0]!r} is listed as retired but still defined")
    return Suite(vectors=vectors, files=files, default_location=default)
