"""``hcsdoc report``: render reports from a ``hcsdoc check --events`` stream, and diff two streams."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "render JUnit XML or Markdown from a check's event stream, or diff two runs (report diff A B)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="report_command", metavar="REPORT")
    for name, what in (("junit", "JUnit XML"), ("markdown", "a Markdown summary (for $GITHUB_STEP_SUMMARY)")):
        p = sub.add_parser(
            name, help=f"render {what} from an event stream", description=f"Render {what} from an event stream."
        )
        p.add_argument("events", metavar="EVENTS", help="event stream written by hcsdoc check --events")
        p.add_argument("-o", "--output", default="-", metavar="FILE", help="output file (default stdout)")
    p = sub.add_parser(
        "diff",
        help="per-case transitions from run A to run B",
        description="List per-case transitions between two event streams (pass->fail, fail->pass, new, gone). Exit 1 if there is any.",
    )
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")


def run(args: argparse.Namespace) -> int:
    from hcsdoc.commands._common import OutputPathError, check_output_file
    from hcsdoc.conformance.runner.report import (
        EventsError,
        diff_events,
        read_events,
        render_diff,
        render_junit,
        render_markdown,
    )

    cmd = getattr(args, "report_command", None)
    if cmd is None:
        print("hcsdoc report: error: choose junit, markdown or diff", file=sys.stderr)
        return 2
    try:
        if cmd == "diff":
            a, b = read_events(args.a), read_events(args.b)
            transitions = diff_events(a, b)
            sys.stdout.write(render_diff(a, b, transitions))
            return 1 if transitions else 0
        check_output_file("--output", args.output)
        events = read_events(args.events)
    except (EventsError, OutputPathError) as exc:
        print(f"hcsdoc report: error: {exc}", file=sys.stderr)
        return 2
    text = render_junit(events) if cmd == "junit" else render_markdown(events)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0
