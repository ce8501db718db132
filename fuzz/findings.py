"""The fuzz invariant and what happens when it breaks.

Invariant (all harnesses): running a case gives exactly one of documents, an error or a modelled Go panic
(docs/case-format.md §2), and the documents encode: ``bytes.v1``/``bytes.v2`` are JSON texts whose parsed form is
``documents.v1``/``documents.v2``. Any other outcome, including any Python exception escaping the reference, is a
finding. The differential harness adds: the reference's result equals the real Go hcsshim's, byte for byte.

A finding is written as a *case file* (the complete case JSON, nothing else) plus a sidecar describing what went
wrong, so that ``hcsdoc capture --add-case FILE`` can turn it into a regression vector.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from hcsdoc.conformance.results.pretty import finding_json
from hcsdoc.reference.gojson.room import with_room_if_deep

# Where findings go unless HCSDOC_FUZZ_FINDINGS says otherwise (git-ignored, see .gitignore).
DEFAULT_FINDINGS_DIR: Final = "findings"

_RESULT_KINDS: Final = (frozenset({"documents", "bytes"}), frozenset({"error"}), frozenset({"panic"}))
# What reference.api.convert_prepared returns: the documents' bytes only (run_case parses them back).
_CONVERTED_KINDS: Final = (frozenset({"bytes"}), frozenset({"error"}), frozenset({"panic"}))


class Finding(AssertionError):
    """The invariant broke. The message says how; ``case_file`` is where the case was written (if it was)."""

    case_file: Path | None = None


def check_result(result: Any) -> None:
    """Raise :class:`Finding` unless ``result`` is a well-formed documents/error/panic result whose documents encode.
    Documents may nest as deep as Go's decoder allows (a device extension): checked with room then."""
    with_room_if_deep(lambda: _check_result(result))


def _check_result(result: Any) -> None:
    parsed = _check_shape(result, _RESULT_KINDS, "documents+bytes")
    if parsed is None:
        return
    docs = result["documents"]
    if not isinstance(docs, Mapping) or set(docs) != {"v1", "v2"}:
        raise Finding("documents must be an object with exactly v1 and v2")
    for k in ("v1", "v2"):
        if not isinstance(docs[k], Mapping):
            raise Finding(f"documents.{k} is {type(docs[k]).__name__}, not an object")
        # Type-strict equality: JSON text tells 1, 1.0 and true apart, == does not. The same text with keys in
        # the same order (what a correct result gives: documents parsed from the bytes) settles it without
        # sorting; otherwise the canonical (sorted) texts decide.
        if _compact(parsed[k]) != _compact(docs[k]) and _canon(parsed[k]) != _canon(docs[k]):
            raise Finding(f"documents.{k} is not the parsed form of bytes.{k}")


def check_converted(result: Any) -> None:
    """:func:`check_result` for ``reference.api.convert_prepared``'s result (``bytes`` without ``documents``):
    an error, a panic, or two JSON object texts in valid UTF-8."""
    with_room_if_deep(lambda: _check_shape(result, _CONVERTED_KINDS, "bytes"))


def _check_shape(result: Any, kinds: tuple[frozenset[str], ...], documents: str) -> dict[str, Any] | None:
    """Check the parts both result forms share; return the parsed ``bytes`` texts (None for an error or panic)."""
    if not isinstance(result, Mapping):
        raise Finding(f"result is {type(result).__name__}, not an object")
    keys = frozenset(result) - {"errorKind"}
    if keys not in kinds:
        raise Finding(f"result has keys {sorted(result)}; expected {documents}, error or panic")
    if "error" in keys:
        if not isinstance(result["error"], str):
            raise Finding(f"error is {type(result['error']).__name__}, not a string")
        return None
    if "panic" in keys:
        if not isinstance(result["panic"], str) or not result["panic"]:
            raise Finding(f"panic is {result['panic']!r}, not a non-empty string")
        return None
    raw = result["bytes"]
    if not isinstance(raw, Mapping) or set(raw) != {"v1", "v2"}:
        raise Finding("bytes must be an object with exactly v1 and v2")
    parsed: dict[str, Any] = {}
    for k in ("v1", "v2"):
        text = raw[k]
        if not isinstance(text, str):
            raise Finding(f"bytes.{k} is {type(text).__name__}, not a string")
        try:
            parsed[k] = json.loads(text)
        except ValueError as exc:
            raise Finding(f"bytes.{k} is not JSON: {exc}") from None
        if not isinstance(parsed[k], dict):
            raise Finding(f"bytes.{k} is not a JSON object")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise Finding(f"bytes.{k} holds a lone surrogate (Go output is always valid UTF-8)") from None
    return parsed


# One encoder each, made once (json.dumps with arguments builds a new one per call).
_COMPACT_ENCODER: Final = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False)
_compact: Final = _COMPACT_ENCODER.encode


def _canon(v: Any) -> str:
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def findings_dir(target: str) -> Path:
    return Path(os.environ.get("HCSDOC_FUZZ_FINDINGS", DEFAULT_FINDINGS_DIR)) / target


def case_digest(case: Mapping[str, Any]) -> str:
    return hashlib.sha256(_canon(case).encode("utf-8", "surrogatepass")).hexdigest()[:12]


def write_finding(
    target: str, case: Mapping[str, Any], kind: str, detail: Mapping[str, Any], directory: Path | None = None
) -> Path:
    """Write ``<dir>/<kind>-<digest>.case.json`` (the complete case) and ``.finding.json`` next to it; return the case path."""
    d = directory if directory is not None else findings_dir(target)
    d.mkdir(parents=True, exist_ok=True)
    stem = f"{kind}-{case_digest(case)}"
    case_path = d / f"{stem}.case.json"
    case_path.write_text(json.dumps(case, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    sidecar = {"target": target, "kind": kind, **detail}
    # An implementation's documents may nest as deep as Go's (a device extension, up to 10000 levels).
    (d / f"{stem}.finding.json").write_text(finding_json(sidecar, default=repr) + "\n", encoding="utf-8")
    return case_path


def capture_hint(case_path: Path) -> str:
    return f"hcsdoc capture --add-case {case_path}"


def report_exception(target: str, case: Mapping[str, Any], exc: BaseException, extra: Mapping[str, Any]) -> Path:
    """Record an exception raised while checking ``case`` and tell the user how to promote it."""
    kind = "invariant" if isinstance(exc, Finding) else "crash"
    detail = {
        "exception": f"{type(exc).__name__}: {exc}",
        "traceback": "".join(traceback.format_exception(exc)),
        **extra,
    }
    path = write_finding(target, case, kind, detail)
    print(
        f"\nhcsdoc fuzz: FINDING ({kind}) {type(exc).__name__}: {exc}\n"
        f"hcsdoc fuzz: case written to {path}\n"
        f"hcsdoc fuzz: to turn it into a regression vector: {capture_hint(path)}",
        file=sys.stderr,
        flush=True,
    )
    return path
