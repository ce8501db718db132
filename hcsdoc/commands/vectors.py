"""``hcsdoc vectors``: lint and summarise vector files.

``check`` validates every file against ``conformance/vectors.schema.json`` and the rules the schema cannot say:
ids unique across all files and never equal to a retired id, generated ids equal to their content hash, cases in
canonical order and the file in canonical bytes (as the capture tool writes it), exactly one spec source per case,
no lone surrogates (they cannot travel as UTF-8), documents equal to the parse of their bytes, and error kinds equal
to the classification of their text.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HELP = "lint vector files (schema, ids, canonical form) or print their statistics"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action", choices=["check", "stats"], help="check: lint and exit 1 on any problem; stats: counts"
    )
    parser.add_argument("paths", nargs="*", type=Path, help="vector files or folders (default: conformance/vectors)")


def _has_lone_surrogate(obj: object) -> bool:
    if isinstance(obj, str):
        return any(0xD800 <= ord(ch) <= 0xDFFF for ch in obj)
    if isinstance(obj, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in obj.items())
    if isinstance(obj, list):
        return any(_has_lone_surrogate(v) for v in obj)
    return False


def _check_vector(where: str, vec: dict[str, Any], classify: Callable[[str], str]) -> list[str]:
    from hcsdoc.conformance.results.canonical import canonical_json
    from hcsdoc.conformance.vectors.files import INLINE_DOCUMENTS_DEPTH, generated_id, loaded_expected, stored_expected

    problems: list[str] = []
    case = vec["case"]
    sources = [case["spec"] is not None, case["specText"] is not None, "specBase64" in case]
    if sum(sources) > 1:
        problems.append(f"{where}: more than one of spec, specText, specBase64 is set")
    if "specBase64" in case:
        try:
            base64.b64decode(case["specBase64"], validate=True)
        except binascii.Error:
            problems.append(f"{where}: specBase64 is not valid base64")
    if _has_lone_surrogate(case):
        problems.append(f"{where}: the case has a lone surrogate (use specBase64 for bytes that are not UTF-8)")
    if vec["id"].startswith("gen.") and vec["id"] != generated_id(case):
        problems.append(f"{where}: generated id does not match the case's content hash ({generated_id(case)})")
    expected = vec["expected"]
    if "bytes" in expected:
        try:
            full = loaded_expected(expected)
        except ValueError as exc:
            problems.append(f"{where}: expected.bytes is not a pair of documents: {exc}")
        else:
            if canonical_json(stored_expected(full)) != canonical_json(expected):
                problems.append(
                    f"{where}: expected documents nested more than {INLINE_DOCUMENTS_DEPTH} levels are stored as"
                    " bytes only, others with both documents and bytes"
                )
    if "documents" in expected:
        for doc in ("v1", "v2"):
            try:
                parsed = json.loads(expected["bytes"][doc])
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: expected.bytes.{doc} is not JSON: {exc.msg}")
                continue
            if canonical_json(parsed) != canonical_json(expected["documents"][doc]):
                problems.append(f"{where}: expected.documents.{doc} differs from the parse of expected.bytes.{doc}")
    if "error" in expected:
        kind = classify(expected["error"])
        if kind != expected["errorKind"]:
            problems.append(f"{where}: errorKind {expected['errorKind']!r} but the error text classifies as {kind!r}")
    return problems


def check(paths: list[Path]) -> tuple[list[str], int]:
    """Lint the files; returns (problems, number of cases checked)."""
    import jsonschema

    from hcsdoc.conformance.results.errorkinds import classify_error as classify
    from hcsdoc.conformance.vectors.files import SCHEMA_PATH, VectorFileError, dumps_vector_file, load_vector_file

    schema = json.loads(SCHEMA_PATH.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    problems: list[str] = []
    seen: dict[str, str] = {}
    retired: dict[str, str] = {}
    count = 0
    loaded = []
    for path in paths:
        try:
            lf = load_vector_file(path)
        except VectorFileError as exc:
            problems.append(str(exc))
            continue
        errors = sorted(validator.iter_errors(lf.data), key=lambda e: list(e.absolute_path))
        for err in errors[:20]:
            pointer = "/" + "/".join(str(p) for p in err.absolute_path)
            problems.append(f"{path}: schema: at {pointer}: {err.message[:300]}")
        if len(errors) > 20:
            problems.append(f"{path}: schema: {len(errors) - 20} more schema errors")
        if errors:
            continue
        loaded.append(lf)
        for rid in lf.data["retired"]:
            if rid in retired:
                problems.append(f"{path}: retired id {rid!r} is also retired in {retired[rid]}")
            retired[rid] = str(path)
    for lf in loaded:
        for vec in lf.data["cases"]:
            count += 1
            where = f"{lf.path}: case {vec['id']!r}"
            if vec["id"] in seen:
                problems.append(f"{where}: duplicate id (also in {seen[vec['id']]})")
            seen[vec["id"]] = str(lf.path)
            if vec["id"] in retired:
                problems.append(f"{where}: reuses an id retired in {retired[vec['id']]}")
            problems.extend(_check_vector(where, vec, classify))
        if dumps_vector_file(lf.data) != lf.text:
            problems.append(
                f"{lf.path}: not in canonical form (cases sorted by id, keys sorted, indent=1, raw UTF-8, final newline);"
                " vector files are written only by `hcsdoc capture`"
            )
    return problems, count


def stats(paths: list[Path]) -> int:
    from hcsdoc.conformance.vectors.files import VectorFileError, load_vector_file

    total: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    for path in paths:
        try:
            lf = load_vector_file(path)
        except VectorFileError as exc:
            print(f"hcsdoc vectors: {exc}", file=sys.stderr)
            return 2
        kinds: Counter[str] = Counter()
        for vec in lf.data["cases"]:
            exp = vec.get("expected", {})
            kind = (
                "documents" if "documents" in exp else "error" if "error" in exp else "panic" if "panic" in exp else "?"
            )
            kinds[kind] += 1
            total[kind] += 1
            tags.update(vec.get("tags", []))
        prov = lf.data.get("provenance", {})
        print(
            f"{path}: {len(lf.data['cases'])} cases ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))});"
            f" hcsshim {prov.get('hcsshim', {}).get('version')} go {prov.get('go')} captured {prov.get('date')}"
        )
    print(f"total: {sum(total.values())} cases ({', '.join(f'{k} {v}' for k, v in sorted(total.items()))})")
    print("tags: " + ", ".join(f"{t} {n}" for t, n in tags.most_common()))
    return 0


def run(args: argparse.Namespace) -> int:
    from hcsdoc.conformance.vectors.files import vector_paths

    paths = vector_paths(list(args.paths))
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            print(f"hcsdoc vectors: {p}: no such file", file=sys.stderr)
        return 2
    if not paths:
        print("hcsdoc vectors: no vector files found", file=sys.stderr)
        return 2
    if args.action == "stats":
        return stats(paths)
    problems, count = check(paths)
    for problem in problems:
        print(problem)
    print(f"vectors check: {len(paths)} files, {count} cases, {len(problems)} problems")
    return 1 if problems else 0
