"""``hcsdoc explain SPEC.json``: every field of both documents with the inputs that produced it and the rule
applied, the failed check for an error, and what the converter ignored (docs/explain.md)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from hcsdoc.commands import _input as inputargs
from hcsdoc.conformance.results.pretty import indented_json
from hcsdoc.reference.gojson.room import with_room_if_deep

HELP = "explain every field of the documents made from a plain OCI spec (config.json) or a case (docs/explain.md)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    inputargs.add_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the explanation as one JSON object, for tools")
    parser.add_argument("--omitted", action="store_true", help="also list fields left out of the documents (zero)")


def _value(v: object) -> str:
    text = with_room_if_deep(lambda: json.dumps(v, ensure_ascii=False))  # a deep device extension's subtree
    return text if len(text) <= 80 else text[:77] + "..."


def render(e: object, given: inputargs.Input, omitted: bool, out: TextIO) -> None:
    from hcsdoc.commands import _colour as colour
    from hcsdoc.explain.fields import Explanation

    assert isinstance(e, Explanation)
    on = colour.enabled(out)
    w = out.write
    opts = given.case["options"]
    uvm = given.case["uvm"]
    schema = opts["schemaVersion"]
    w(
        paint_head(
            f"{given.where}: {given.isolation} isolation, schema "
            f"{schema['Major']}.{schema['Minor'] if schema else '?'}, host {given.case['host']['processorCount']} "
            f"CPUs, build {given.case['host']['osBuild']}" + (f", UVM {uvm['processorCount']} CPUs" if uvm else ""),
            on,
        )
    )
    if given.defaults:
        w(colour.paint("defaults used (questions the options did not answer):", colour.BOLD, on) + "\n")
        for d in given.defaults:
            w(f"  - {d}\n")
    if e.error is not None:
        w(colour.paint(("panic: " if e.error["kind"] == "panic" else "error: ") + e.error["text"], colour.RED, on))
        w(f"\n  check:      {e.error['check']} ({e.error['kind']})\n")
        w(f"  would pass: {e.error['wouldPass']}\n")
    else:
        v2 = schema is not None and schema["Major"] == 2
        titles = (
            (
                "v1",
                "v1: HCS schema 1.0 ContainerConfig"
                + (" (built always; hcsshim sends v2 on schema 2.1)" if v2 else ""),
            ),
            ("v2", "v2: HCS schema 2.1 Container" + ("" if v2 else " (built always; hcsshim sends v1 on schema 1.0)")),
        )
        for doc, title in titles:
            w(colour.paint(title, colour.BOLD, on) + "\n")
            for ln in e.lines:
                if ln.doc != doc or (not ln.present and not omitted):
                    continue
                if ln.struct and isinstance(ln.value, dict) and ln.value:
                    continue  # an object whose fields are listed one by one
                lhs = (
                    f"  {ln.path} = {_value(ln.value)}" if ln.present else f"  ({ln.path} omitted: {_value(ln.value)})"
                )
                rhs = "; ".join([ln.because, *ln.notes])
                src = "  <- " + ", ".join(ln.inputs) if ln.inputs else ""
                w(
                    colour.paint(lhs, colour.DIM if not ln.present else "0", on)
                    + src
                    + colour.paint("; " + rhs, colour.DIM, on)
                    + "\n"
                )
    if e.lost:
        w(colour.paint("lost to another input, or in conflict:", colour.BOLD, on) + "\n")
        for x in e.lost:
            w(colour.paint(f"  - {x}", colour.YELLOW, on) + "\n")
    if e.ignored:
        w(colour.paint("not read by the converter:", colour.BOLD, on) + "\n")
        for x in e.ignored:
            w(f"  - {x}\n")


def paint_head(text: str, on: bool) -> str:
    from hcsdoc.commands import _colour as colour

    return colour.paint(text, colour.BOLD, on) + "\n"


def run(args: argparse.Namespace) -> int:
    from hcsdoc.explain.fields import explain_case, to_json
    from hcsdoc.reference.api import CaseError

    try:
        given = inputargs.load(args)
        e = explain_case(given.case, given.spec)
    except inputargs.InputError as exc:
        print(f"hcsdoc explain: {exc}", file=sys.stderr)
        return 2
    except CaseError as exc:
        print(f"hcsdoc explain: {args.input}: not a case: {exc}", file=sys.stderr)
        return 2
    if args.json:
        doc = to_json(e)
        doc["defaults"] = given.defaults
        sys.stdout.write(indented_json(doc) + "\n")
    else:
        render(e, given, args.omitted, sys.stdout)
    return 0
