"""The input of ``hcsdoc convert`` and ``hcsdoc explain``: a case, a vector entry, or a plain OCI spec with options
describing the machine (:mod:`hcsdoc.explain.specinput`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from typing import Any

from hcsdoc.explain.specinput import Machine, SpecInputError, is_spec, spec_case


class InputError(ValueError):
    """Bad input: the command prints it as one line and exits 2."""


@dataclass(slots=True)
class Input:
    case: dict[str, Any]
    where: str
    spec: object = None  # the spec as JSON (for the list of what was not read), when the input was a spec
    defaults: list[str] = field(default_factory=list)
    isolation: str = ""


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if not 0 <= n < 1 << 31:
        raise argparse.ArgumentTypeError(f"out of range: {n}")
    return n


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input",
        metavar="SPEC.json",
        help="a plain OCI runtime spec (a bundle's config.json), a case (docs/case-format.md §1; missing keys get "
        'their defaults) or a vector entry (an object with a "case" key); "-" reads standard input',
    )
    m = parser.add_argument_group("the machine (for a plain spec; unanswered questions get stated defaults)")
    m.add_argument("--isolation", choices=("process", "hyperv"), help="default: hyperv if spec.windows.hyperv is set")
    m.add_argument("--host-cpus", type=_positive, metavar="N", help="host logical processors (default 8)")
    m.add_argument("--uvm-cpus", type=_positive, metavar="N", help="utility VM processors, Hyper-V (default 2)")
    m.add_argument("--os-build", type=_positive, metavar="N", help="host Windows build (default 20348)")
    m.add_argument("--schema", type=int, choices=(1, 2), help="HCS schema 1.0 or 2.1 (default: by --os-build)")
    m.add_argument(
        "--scale-cpu-limits", action="store_true", help="scale a CPU limit to the UVM's size (containerd option)"
    )
    m.add_argument("--id", help="container ID (default: the bundle folder's name, else 'container')")
    m.add_argument("--host", metavar="FILE", help="a case's host part (JSON), or a case whose host part to use")


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as f:
        return f.read()


def _machine_given(args: argparse.Namespace) -> bool:
    return any(
        getattr(args, k) not in (None, False)
        for k in ("isolation", "host_cpus", "uvm_cpus", "os_build", "schema", "scale_cpu_limits", "id", "host")
    )


def _host(path: str | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        raw = json.loads(_read(path))
    except OSError as exc:
        raise InputError(f"--host {path}: {exc.strerror or exc}") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"--host {path}: not JSON: {exc}") from None
    if isinstance(raw, dict) and isinstance(raw.get("host"), dict):
        raw = raw["host"]
    if not isinstance(raw, dict):
        raise InputError(f"--host {path}: a JSON object is expected")
    return raw


def load(args: argparse.Namespace) -> Input:
    """The case to run, built from the command line. Raises :class:`InputError`."""
    from hcsdoc.reference import CaseError as NormalizeError
    from hcsdoc.reference import normalize_case
    from hcsdoc.reference.gojson.room import with_room_if_deep

    where = "<stdin>" if args.input == "-" else args.input
    try:
        data = _read(args.input)
    except OSError as exc:
        raise InputError(f"{where}: {exc.strerror or exc}") from None
    too_deep = False
    try:
        # Go decodes a spec nested up to 10000 levels (unknown keys included): parse such a file with room.
        raw = with_room_if_deep(lambda: json.loads(data))
    except RecursionError:
        # Far deeper than that: taken as a spec, whose text Go refuses ("exceeded max depth").
        raw, too_deep = None, True
    except ValueError as exc:
        raise InputError(f"{where}: not JSON: {exc}") from None
    if too_deep or is_spec(raw):
        folder = os.path.basename(os.path.dirname(os.path.abspath(where))) if where.endswith("config.json") else ""
        machine = Machine(
            isolation=args.isolation,
            host_cpus=args.host_cpus,
            uvm_cpus=args.uvm_cpus,
            os_build=args.os_build,
            schema=args.schema,
            scale_cpu_limits=args.scale_cpu_limits,
            id=args.id,
            host=_host(args.host),
        )
        try:
            built = spec_case(data, machine, folder or None)
        except (SpecInputError, NormalizeError) as exc:
            raise InputError(f"{where}: {exc}") from None
        return Input(built.case, where, raw, built.defaults, built.isolation)
    if _machine_given(args):
        raise InputError(f"{where}: the machine options apply to a plain OCI spec; this is a case")
    if isinstance(raw, dict) and isinstance(raw.get("case"), dict):
        raw = raw["case"]  # a vector entry: {"id", "description", "case", "expected", ...}
    try:
        case = normalize_case(raw)
    except NormalizeError as exc:
        raise InputError(f"{where}: not a case (nor an OCI spec): {exc}") from None
    return Input(case, where, None, [], "hyperv" if case.get("uvm") is not None else "process")
