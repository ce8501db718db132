"""``hcsdoc``: one entry point, one subcommand per module.

Each subcommand lives in its own module exposing ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int``. Modules keep their heavy imports inside ``run`` so that ``hcsdoc --help`` stays fast.
Exit codes across all subcommands: 0 as expected, 1 unexpected outcome (failures, findings, differences),
2 usage or input error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence
from typing import Protocol

# subcommand -> module implementing it
COMMANDS: dict[str, str] = {
    "convert": "hcsdoc.commands.convert",
    "explain": "hcsdoc.commands.explain",
    "check": "hcsdoc.commands.check",
    "report": "hcsdoc.commands.report",
    "vectors": "hcsdoc.commands.vectors",
    "capture": "hcsdoc.commands.capture",
    "diff": "hcsdoc.commands.diff",
    "reach": "hcsdoc.commands.reach",
    "matrix": "hcsdoc.commands.matrix",
    "mutate": "hcsdoc.commands.mutate",
    "fuzz": "hcsdoc.commands.fuzz",
    "bench": "hcsdoc.commands.bench",
    "trace-cost": "hcsdoc.commands.trace_cost",
    "moby": "hcsdoc.commands.moby",
}


class _Command(Protocol):
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _load(module: str) -> _Command:
    return importlib.import_module(module)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hcsdoc",
        description=(
            "Executable specification of hcsshim v0.11.8's OCI spec -> HCS container document conversion: "
            "a reference converter, conformance vectors captured from the real Go code, a runner that checks "
            "any implementation against them, a differential tester and fuzzers."
        ),
        epilog=(
            "Exit codes: 0 as expected, 1 unexpected outcome, 2 usage or input error, 128+N stopped by signal N "
            "(130 SIGINT, 143 SIGTERM, 129 SIGHUP; 141 stdout closed)."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        cmd = _load(module)
        p = sub.add_parser(name, help=cmd.HELP, description=cmd.HELP)
        cmd.add_arguments(p)
        p.set_defaults(_run=cmd.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return 2
    from hcsdoc.commands import _common

    # Text from an implementation may hold lone surrogates: printed escaped, never an encoding error.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    with _common.signals_handled():
        try:
            return int(args._run(args))
        except (KeyboardInterrupt, BrokenPipeError) as exc:
            # Every child was killed by the signal handler (or by the unwinding); reports were flushed on the way.
            if isinstance(exc, BrokenPipeError):
                _common.silence_stdout()
            with contextlib.suppress(OSError):
                print(f"hcsdoc: interrupted by {_common.signal_name(exc)}", file=sys.stderr)
            return _common.exit_code_for(exc)


if __name__ == "__main__":
    sys.exit(main())
