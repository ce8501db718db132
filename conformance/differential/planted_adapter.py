"""A protocol adapter serving the reference with one planted bug (:mod:`.mutants`), to measure a differential run
against an implementation in another process:  ``python -m hcsdoc.conformance.differential.planted_adapter
--plant NAME`` (without ``--plant``: the unmutated reference, like the example adapter)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import traceback
from collections.abc import Sequence
from typing import Any


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="planted_adapter")
    ap.add_argument(
        "--plant", default=None, metavar="MUTANT", help="the planted bug (conformance/differential/mutants.py)"
    )
    args = ap.parse_args(argv)
    from hcsdoc.conformance.differential.mutants import applied, by_name
    from hcsdoc.reference import run_case

    try:
        planted = applied(by_name(args.plant)) if args.plant else contextlib.nullcontext()
    except KeyError as exc:
        print(f"planted_adapter: {exc.args[0]}", file=sys.stderr)
        return 2
    out = sys.stdout
    name = f"reference+{args.plant}" if args.plant else "reference"

    def reply(msg: dict[str, Any]) -> None:
        out.write(json.dumps(msg, ensure_ascii=False, separators=(",", ":")) + "\n")
        out.flush()

    sys.stdin.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    out.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    with planted:
        for line in sys.stdin:
            request = json.loads(line)
            cmd = request.get("cmd")
            if cmd == "start":
                reply({"ok": True, "protocol": 1, "implementation": {"name": name, "version": "0"}})
            elif cmd == "run":
                seq = request["seq"]
                try:
                    result = run_case(request["case"])
                except Exception as exc:
                    reply({"seq": seq, "errored": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()})
                    continue
                reply({**result, "seq": seq})
            elif cmd == "stop":
                reply({"ok": True})
                return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
