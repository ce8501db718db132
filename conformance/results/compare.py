"""Comparing one expected result with one actual result (docs/case-format.md §2).

The verdict is type-strict: documents are equal when their canonical JSON texts are equal. Only when they are not
is deepdiff asked to *explain* the difference, as JSON-pointer paths with the expected and actual values. deepdiff
is configured so that it hides nothing a conformance report needs (research/testing-anchors.md §3.3):

* ``zip_ordered_iterables=True``: lists are compared item by item; the default difflib pairing treats ``2`` and
  ``2.0`` (and ``True`` and ``1``) as the same list item and reports nothing;
* ``ignore_private_variables=False``: keys starting with ``__`` are compared (annotation keys are arbitrary);
* ``threshold_to_diff_deeper=0``: a dict whose keys mostly changed is still reported key by key;
* numeric type changes are reported (``ignore_numeric_type_changes`` stays off).

deepdiff can still miss a difference that canonical JSON sees (``[2]`` vs ``[2.0]`` in a list, deepdiff #605), so a
small type-strict walker runs as well and adds the paths deepdiff did not report: a failing verdict never comes with
an incomplete or empty explanation. :func:`explain_documents` is the one explainer: the runner's reports and the
differential tester's findings both use it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from hcsdoc.conformance.results.canonical import canonical_json, pointer
from hcsdoc.conformance.results.safejson import MAX_DEPTH, BigNumber, jsonable, nests_deeper_than
from hcsdoc.reference.gojson.room import with_room_if_deep

CompareLevel = Literal["structural", "bytes"]
ErrorLevel = Literal["text", "kind", "outcome"]
DocumentSelection = Literal["both", "v1", "v2"]

MAX_MISMATCHES = 50
UNKNOWN_KIND = "unknown"  # what conformance.results.errorkinds.classify_error answers for a text it cannot place
MAX_VALUE_CHARS = 2000
MAX_VALUE_DEPTH = 32


@dataclass(frozen=True)
class CompareLevels:
    """``compare``: ``structural`` (canonical JSON of the documents) or ``bytes`` (that, and the exact
    ``json.Marshal`` bytes). ``errors``: ``text`` (exact ``err.Error()``), ``kind`` (the stable error-site id) or
    ``outcome`` (an error where an error is expected, a panic where a panic is: for implementations that word
    their errors differently). ``documents``: which documents are compared, ``both`` or only ``v1`` (schema 1)
    or ``v2`` (an implementation that makes only one of them)."""

    compare: CompareLevel = "bytes"
    errors: ErrorLevel = "text"
    documents: DocumentSelection = "both"

    def to_json(self) -> dict[str, str]:
        out: dict[str, str] = {"compare": self.compare, "errors": self.errors}
        if self.documents != "both":
            out["documents"] = self.documents
        return out

    @property
    def document_keys(self) -> tuple[str, ...]:
        return ("v1", "v2") if self.documents == "both" else (self.documents,)

    def cli_words(self) -> list[str]:
        """The ``--compare``/``--errors``/``--documents`` options of ``hcsdoc check`` and ``hcsdoc diff`` that
        select these levels (none for a default)."""
        out = []
        if self.compare != "bytes":
            out += ["--compare", self.compare]
        if self.errors != "text":
            out += ["--errors", self.errors]
        if self.documents != "both":
            out += ["--documents", self.documents]
        return out


STRICTEST = CompareLevels("bytes", "text")


@dataclass
class Comparison:
    """``outcome`` is ``pass`` or one of the mismatch outcomes; ``mismatches`` explains it (JSON-safe dicts)."""

    outcome: str
    message: str = ""
    mismatches: list[dict[str, Any]] = field(default_factory=list)


def _clip(value: object) -> object:
    """Large or deep values (whole added subtrees) are shortened to a marked text excerpt in reports (a report line
    must stay within the depth its readers accept)."""
    if isinstance(value, (dict, list)):
        text = canonical_json(value)
        if len(text) > MAX_VALUE_CHARS or nests_deeper_than(text, MAX_VALUE_DEPTH):
            return {"$truncated": text[:MAX_VALUE_CHARS] + "..."}
        return jsonable(value)
    if isinstance(value, BigNumber):
        return jsonable(value)
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[:MAX_VALUE_CHARS] + "..."
    return value


def _result_kind(result: dict[str, Any]) -> str:
    for k in ("documents", "error", "panic"):
        if k in result:
            return k
    return "?"


def _describe(result: dict[str, Any]) -> str:
    kind = _result_kind(result)
    if kind == "documents":
        return "documents"
    return f"{kind} {str(result[kind])[:300]!r}"


def explain_documents(
    expected: object, actual: object, prefix: tuple[object, ...] = (), limit: int | None = MAX_MISMATCHES
) -> list[dict[str, Any]]:
    """Each difference between two JSON values as ``{path, change, expected?, actual?}`` (absent side omitted),
    sorted by path, at most ``limit`` of them (``None``: all)."""
    e_text, a_text = canonical_json(expected), canonical_json(actual)
    if e_text == a_text:
        return []
    # Documents as deep as Go allows (a device extension nested thousands of levels) are left to the type-strict
    # walk alone: deepdiff takes several stack frames and builds a path text per level (slow, and past Python's
    # stack it gives up with a warning).
    deep = nests_deeper_than(e_text, MAX_DEPTH) or nests_deeper_than(a_text, MAX_DEPTH)
    out = [] if deep else _deepdiff_explain(expected, actual, prefix, limit)
    walked = with_room_if_deep(lambda: _walked(expected, actual, prefix, limit))
    seen = {m["path"] for m in out}
    out += [m for m in walked if m["path"] not in seen]
    out.sort(key=lambda m: m["path"])
    return out if limit is None else out[:limit]


class _CapReached(logging.Filter):
    """deepdiff's work is capped on purpose (``max_diffs``: documents that differ almost everywhere); its warning
    that the cap was reached is not for the user (the type-strict walk completes the list)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "has reached the max number of" not in record.getMessage()


logging.getLogger("deepdiff.diff").addFilter(_CapReached())


def _deepdiff_explain(
    expected: object, actual: object, prefix: tuple[object, ...], limit: int | None
) -> list[dict[str, Any]]:
    from deepdiff import DeepDiff
    from deepdiff.helper import NotPresent

    tree = DeepDiff(
        expected,
        actual,
        view="tree",
        verbose_level=2,
        zip_ordered_iterables=True,
        ignore_private_variables=False,
        threshold_to_diff_deeper=0,
        ignore_numeric_type_changes=False,
        ignore_string_type_changes=False,
        max_diffs=None if limit is None else limit * 4,
    )
    out: list[dict[str, Any]] = []
    for change, levels in tree.items():
        for level in levels:
            item: dict[str, Any] = {"path": pointer(prefix + tuple(level.path(output_format="list"))), "change": change}
            if not isinstance(level.t1, NotPresent):
                item["expected"] = _clip(level.t1)
            if not isinstance(level.t2, NotPresent):
                item["actual"] = _clip(level.t2)
            out.append(item)
    out.sort(key=lambda m: m["path"])
    return out


def _walked(expected: object, actual: object, prefix: tuple[object, ...], limit: int | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    _walk(expected, actual, list(prefix), out, limit)
    return out


def _walk(expected: object, actual: object, path: list[object], out: list[dict[str, Any]], limit: int | None) -> None:
    if limit is not None and len(out) >= limit:
        return
    if isinstance(expected, dict) and isinstance(actual, dict):
        for k in sorted(expected.keys() | actual.keys()):
            if k not in actual:
                out.append(
                    {"path": pointer([*path, k]), "change": "dictionary_item_removed", "expected": _clip(expected[k])}
                )
            elif k not in expected:
                out.append({"path": pointer([*path, k]), "change": "dictionary_item_added", "actual": _clip(actual[k])})
            else:
                _walk(expected[k], actual[k], [*path, k], out, limit)
        return
    if isinstance(expected, list) and isinstance(actual, list):
        for i in range(max(len(expected), len(actual))):
            if i >= len(actual):
                out.append(
                    {"path": pointer([*path, i]), "change": "iterable_item_removed", "expected": _clip(expected[i])}
                )
            elif i >= len(expected):
                out.append({"path": pointer([*path, i]), "change": "iterable_item_added", "actual": _clip(actual[i])})
            else:
                _walk(expected[i], actual[i], [*path, i], out, limit)
        return
    if canonical_json(expected) != canonical_json(actual):
        change = "values_changed" if type(expected) is type(actual) else "type_changes"
        out.append({"path": pointer(path), "change": change, "expected": _clip(expected), "actual": _clip(actual)})


def _first_difference(a: str, b: str) -> int:
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def _bytes_mismatches(
    expected: dict[str, Any], actual: dict[str, Any], docs: tuple[str, ...] = ("v1", "v2")
) -> list[dict[str, Any]]:
    exp_bytes = expected.get("bytes")
    act_bytes = actual.get("bytes")
    if not isinstance(act_bytes, dict):
        return [
            {"path": "/bytes", "change": "missing", "message": "the reply has no 'bytes' (use --compare structural)"}
        ]
    out: list[dict[str, Any]] = []
    for doc in docs:
        e = exp_bytes.get(doc) if isinstance(exp_bytes, dict) else None
        a = act_bytes.get(doc)
        if e == a:
            continue
        if not isinstance(a, str) or not isinstance(e, str):
            out.append({"path": f"/bytes/{doc}", "change": "missing", "expected": _clip(e), "actual": _clip(a)})
            continue
        at = _first_difference(e, a)
        lo = max(0, at - 40)
        out.append(
            {
                "path": f"/bytes/{doc}",
                "change": "bytes_differ",
                "offset": at,
                "expected": e[lo : at + 40],
                "actual": a[lo : at + 40],
            }
        )
    return out


Classifier = Callable[[str], "str | None"]


def _selected(docs: Any, levels: CompareLevels) -> Any:
    if levels.documents == "both" or not isinstance(docs, dict):
        return docs
    return {levels.documents: docs.get(levels.documents)}


def actual_error_kind(result: dict[str, Any], classify: Classifier | None) -> str | None:
    """The error kind of an implementation's error result, as the ``kind`` level judges it (see below)."""
    return _error_kind(result, classify)[0]


def _error_kind(result: dict[str, Any], classify: Classifier | None) -> tuple[str | None, str | None]:
    """The kind of an actual error, and the kind the implementation claimed when its text says otherwise.

    The text wins when the classifier can place it: its patterns match whole Go error texts of one site each, so
    a text that matches is evidence of that site, while ``errorKind`` is only a claim. The claim is used for texts
    the classifier cannot place (an implementation with its own wording)."""
    claimed = result.get("errorKind")
    claimed = claimed if isinstance(claimed, str) else None
    by_text: str | None = None
    if classify is not None:
        try:
            by_text = classify(str(result["error"]))
        except Exception:
            by_text = None
    if by_text is not None and by_text != UNKNOWN_KIND:
        return by_text, claimed if claimed is not None and claimed != by_text else None
    return (claimed if claimed is not None else by_text), None


def compare_result(
    expected: dict[str, Any],
    actual: dict[str, Any],
    levels: CompareLevels = STRICTEST,
    classify: Classifier | None = None,
) -> Comparison:
    """Compare a vector's expected result with an implementation's result at ``levels``.

    ``classify`` maps an error text to its kind id (``conformance.results.errorkinds.classify_error``); it is used at the
    ``kind`` error level when the implementation did not send an ``errorKind`` itself.
    """
    ek, ak = _result_kind(expected), _result_kind(actual)
    if ek == "documents":
        if ak != "documents":
            return Comparison("unexpected-error", f"expected documents, got {_describe(actual)}")
        e_docs, a_docs = _selected(expected["documents"], levels), _selected(actual["documents"], levels)
        if canonical_json(e_docs) != canonical_json(a_docs):
            mism = explain_documents(e_docs, a_docs)
            return Comparison("fail", f"documents differ at {len(mism)} path(s)", mism)
        if levels.compare == "bytes":
            mism = _bytes_mismatches(expected, actual, levels.document_keys)
            if mism and mism[0]["path"] == "/bytes":
                return Comparison(
                    "fail", "documents equal, but the reply has no 'bytes' (needed by --compare bytes)", mism
                )
            if mism:
                return Comparison("fail", "documents equal, bytes differ", mism)
        return Comparison("pass")
    if ak == "documents":
        return Comparison("unexpected-documents", f"expected {_describe(expected)}, got documents")
    if ek != ak:
        return Comparison(
            "error-mismatch",
            f"expected {_describe(expected)}, got {_describe(actual)}",
            [{"path": "", "change": "type_changes", "expected": {ek: expected[ek]}, "actual": {ak: actual[ak]}}],
        )
    e_text, a_text = expected[ek], actual[ak]
    if e_text == a_text or levels.errors == "outcome":
        return Comparison("pass")
    mismatch: dict[str, Any] = {"path": f"/{ek}", "change": "values_changed", "expected": e_text, "actual": a_text}
    if ek == "error" and levels.errors == "kind" and isinstance(expected.get("errorKind"), str):
        e_kind = expected["errorKind"]
        a_kind, contradicted = _error_kind(actual, classify)
        # "unknown" (no pattern matched) names no error site: two unknown errors are not the same kind.
        if a_kind == e_kind and e_kind != UNKNOWN_KIND:
            return Comparison("pass")
        mismatch["expectedKind"] = e_kind
        mismatch["actualKind"] = a_kind
        message = f"expected error kind {e_kind!r}, got {a_kind!r}"
        if contradicted is not None:
            mismatch["claimedKind"] = contradicted
            message += f" (the reply's errorKind {contradicted!r} contradicts its text, which is a {a_kind!r} error)"
        return Comparison("error-mismatch", message, [mismatch])
    return Comparison("error-mismatch", f"expected {_describe(expected)}, got {_describe(actual)}", [mismatch])
