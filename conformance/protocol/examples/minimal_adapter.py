#!/usr/bin/env python3
"""A minimal hcsdoc adapter (protocol 1) that wraps the Python reference.

Run it under the runner:  hcsdoc check --impl 'python conformance/protocol/examples/minimal_adapter.py'

An adapter for another implementation keeps this loop and replaces ``convert``: read one JSON request per line on
stdin, write exactly one JSON reply per request on stdout (flushed), in order, echoing ``seq``.
"""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any


def convert(case: dict[str, Any]) -> dict[str, Any]:
    """Your implementation goes here: return {"documents": ..., "bytes": ...}, {"error": text} or {"panic": text}."""
    from hcsdoc.reference import run_case  # the implementation this example wraps

    result: dict[str, Any] = run_case(case)
    return result


def reply(msg: dict[str, Any]) -> None:
    # One line per message: ensure_ascii=False keeps text as UTF-8; flush so the runner sees it at once.
    sys.stdout.write(json.dumps(msg, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main() -> int:
    # Documents nest as deep as a case's device extension file, which Go decodes up to 10000 levels deep: give
    # Python's json (and the wrapped implementation) the stack for that.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 30000))
    sys.stdin.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    for line in sys.stdin:
        request = json.loads(line)
        cmd = request.get("cmd")
        if cmd == "start":
            if request.get("protocol") != 1:
                reply({"ok": False, "error": f"unsupported protocol {request.get('protocol')!r}"})
                return 1
            reply(
                {
                    "ok": True,
                    "protocol": 1,
                    "implementation": {"name": "minimal-adapter", "version": "1", "language": "python"},
                }
            )
        elif cmd == "run":
            seq = request["seq"]
            try:
                result = convert(request["case"])
            except Exception as exc:  # a bug in the implementation: say so instead of dying
                reply({"seq": seq, "errored": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()})
                continue
            reply({**result, "seq": seq})
        elif cmd == "stop":
            reply({"ok": True})
            return 0
    return 0  # stdin closed: the runner is gone


if __name__ == "__main__":
    sys.exit(main())
