"""Comparing two results of one case: type-strict equality, JSON-pointer explanations and the finding fingerprint
(see :mod:`hcsdoc.conformance.differential.run` for the method)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any, Final

from hcsdoc.conformance.differential.model import JsonPath, Result
from hcsdoc.conformance.results.canonical import canonical_json

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
