"""Comparing two results of one case: type-strict equality, JSON-pointer explanations and the finding fingerprint
(see :mod:`hcsdoc.conformance.differential.run` for the method)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Final

from hcsdoc.conformance.differential.model import Result
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.conformance.results.compare import explain_documents

# ----------------------------------------------------------------------------------------------------------------
# comparison


def results_differ(a: Result, b: Result) -> bool:
    """Type-strict: canonical JSON of the whole result, ``bytes`` included."""
    return canonical_json(a) != canonical_json(b)


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
    if canonical_json(a) != canonical_json(b):
        differences = explain_documents(a, b, limit=None)
    else:
        differences = explain_documents(ref.get("bytes"), other.get("bytes"), ("bytes",), limit=None)
    paths = {d["path"] for d in differences}
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
