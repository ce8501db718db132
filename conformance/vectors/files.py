"""Reading and writing vector files in their one canonical byte form (docs/vectors.md).

The capture tool writes vector files only through :func:`dumps_vector_file`, and the lint checks that every committed
file is byte-identical to that form, so a re-capture that changes no result changes no byte.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from hcsdoc.conformance.results import safejson
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.reference import normalize_case

# This package lives in the folder that holds the vector files it reads and writes.
VECTORS_DIR = Path(__file__).resolve().parent
SCHEMA_PATH = VECTORS_DIR.parent / "vectors.schema.json"


class VectorFileError(Exception):
    """A vector file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    text: str
    data: dict[str, Any]


def generated_id(case: object) -> str:
    """The id of a generated case: ``gen.`` + 12 hex digits of the SHA-256 of its canonical JSON."""
    return "gen." + hashlib.sha256(canonical_json(case).encode()).hexdigest()[:12]


def generated_case_id(case: Mapping[str, Any]) -> str:
    """:func:`generated_id` of the complete form of ``case`` (docs/vectors.md)."""
    return generated_id(normalize_case(case))


def dumps_vector_file(data: dict[str, Any]) -> str:
    """The canonical text of a vector file: cases sorted by id, keys sorted, ``indent=1``, raw UTF-8, final newline."""
    out = dict(data)
    out["cases"] = sorted(data["cases"], key=lambda c: c["id"])
    out["retired"] = sorted(data["retired"])
    return json.dumps(out, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


# Documents nested deeper than this (a device extension file nests as deep as Go's decoder allows) are stored only
# as their bytes: inline, they would take the file past the depth its readers accept (safejson.MAX_DEPTH).
INLINE_DOCUMENTS_DEPTH: Final = 64


def stored_expected(result: Mapping[str, Any]) -> dict[str, Any]:
    """A documents result as a vector file holds it: ``documents`` and ``bytes``, or only ``bytes`` when a
    document nests deeper than :data:`INLINE_DOCUMENTS_DEPTH` (the documents are the parse of the bytes). Other
    results are returned as they are."""
    if "documents" in result and _deep_documents(result["bytes"]):
        return {"bytes": result["bytes"]}
    return dict(result)


def loaded_expected(expected: Mapping[str, Any]) -> dict[str, Any]:
    """The result a vector's ``expected`` stands for: the documents are parsed from the bytes when the file holds
    only ``bytes``. Raises ``ValueError`` when those bytes are not JSON objects or nest deeper than any document
    can."""
    if "bytes" not in expected or "documents" in expected:
        return dict(expected)
    encoded = expected["bytes"]
    documents = {doc: safejson.loads(encoded[doc], max_depth=safejson.MAX_REPLY_DEPTH) for doc in ("v1", "v2")}
    for doc, value in documents.items():
        if not isinstance(value, dict):
            kind = "array" if isinstance(value, list) else "string" if isinstance(value, str) else "scalar"
            raise ValueError(f"{doc} is a JSON {kind}, not an object")
    return {"documents": documents, "bytes": encoded}


def _deep_documents(encoded: Mapping[str, str]) -> bool:
    return any(safejson.nests_deeper_than(text, INLINE_DOCUMENTS_DEPTH) for text in encoded.values())


def load_vector_file(path: Path) -> LoadedFile:
    """Read and parse one vector file; structural validation is the lint's job (``hcsdoc vectors check``)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise VectorFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VectorFileError(f"{path}: not UTF-8 (byte {exc.start})") from None
    try:
        data = safejson.loads(text)
    except json.JSONDecodeError as exc:
        raise VectorFileError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    except ValueError as exc:  # too deep, too large, NaN
        raise VectorFileError(f"{path}: not a usable JSON file: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise VectorFileError(f"{path}: not a vector file (expected an object with a 'cases' list)")
    return LoadedFile(path, text, data)


def vector_paths(paths: list[Path] | None = None) -> list[Path]:
    """The given files and the ``*.json`` files of given folders; by default every file in ``conformance/vectors``."""
    if not paths:
        paths = [VECTORS_DIR]
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(p.glob("*.json")))
        else:
            out.append(p)
    return out
