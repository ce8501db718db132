"""``hcsdoc convert CASE.json [--bytes]``: run the Python reference on one case and print its result."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

HELP = "run the reference converter on one case and print the result (docs/case-format.md §2)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "case",
        metavar="CASE.json",
        help='a case (docs/case-format.md §1; missing keys get their defaults), or an object with a "case" key '
        '(a vector entry); "-" reads standard input',
    )
    parser.add_argument(
        "--bytes",
        action="store_true",
        help="print the exact json.Marshal bytes of v1 and v2 (one line each), or the error or panic text",
    )


def _load(path: str) -> Any:
    if path == "-":
        return json.loads(sys.stdin.buffer.read())
    with open(path, "rb") as f:
        return json.loads(f.read())


def run(args: argparse.Namespace) -> int:
    from hcsdoc.reference import CaseError as NormalizeError
    from hcsdoc.reference import normalize_case
    from hcsdoc.reference.api import CaseError, run_case

    where = "<stdin>" if args.case == "-" else args.case
    try:
        raw = _load(args.case)
    except OSError as exc:
        print(f"hcsdoc convert: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except (ValueError, RecursionError) as exc:
        print(f"hcsdoc convert: {where}: not JSON: {exc}", file=sys.stderr)
        return 2
    if isinstance(raw, dict) and isinstance(raw.get("case"), dict):
        raw = raw["case"]  # a vector entry: {"id", "description", "case", "expected", ...}
    try:
        result = run_case(normalize_case(raw))
    except (NormalizeError, CaseError) as exc:
        print(f"hcsdoc convert: {where}: not a case: {exc}", file=sys.stderr)
        return 2
    if not args.bytes:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    elif "bytes" in result:
        sys.stdout.write(result["bytes"]["v1"] + "\n" + result["bytes"]["v2"] + "\n")
    elif "error" in result:
        sys.stdout.write("error: " + result["error"] + "\n")
    else:
        sys.stdout.write("panic: " + result["panic"] + "\n")
    return 0
