"""``hcsdoc convert SPEC.json [--bytes]``: run the Python reference on a plain OCI spec or a case and print the
result."""

from __future__ import annotations

import argparse
import sys

from hcsdoc.commands import _input as inputargs

HELP = "convert a plain OCI spec (config.json) or a case with the reference and print both documents or the error"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    inputargs.add_arguments(parser)
    parser.add_argument(
        "--bytes",
        action="store_true",
        help="print the exact json.Marshal bytes of v1 and v2 (one line each), or the error or panic text",
    )


def run(args: argparse.Namespace) -> int:
    from hcsdoc.commands import _colour as colour
    from hcsdoc.conformance.results.pretty import indented_json
    from hcsdoc.reference.api import CaseError, run_case

    try:
        given = inputargs.load(args)
        result = run_case(given.case)
    except inputargs.InputError as exc:
        print(f"hcsdoc convert: {exc}", file=sys.stderr)
        return 2
    except CaseError as exc:
        print(f"hcsdoc convert: {given.where}: not a case: {exc}", file=sys.stderr)
        return 2
    for d in given.defaults:
        print(f"hcsdoc convert: default: {d}", file=sys.stderr)
    if not args.bytes:
        # Documents nest as deep as the case's device extension (up to Go's 10000 levels).
        text = indented_json(result)
        sys.stdout.write(colour.json_text(text, colour.enabled(sys.stdout)) + "\n")
    elif "bytes" in result:
        sys.stdout.write(result["bytes"]["v1"] + "\n" + result["bytes"]["v2"] + "\n")
    elif "error" in result:
        sys.stdout.write("error: " + result["error"] + "\n")
    else:
        sys.stdout.write("panic: " + result["panic"] + "\n")
    return 0
