#!/usr/bin/env python3
"""A protocol adapter wrapping the reference that dies (exit 3) on any case whose host OS build is 16299, and hangs
on build 4242: an implementation crashing or hanging on some inputs, for the differential tests."""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    from hcsdoc.reference import run_case

    for line in sys.stdin:
        req = json.loads(line)
        if req["cmd"] == "start":
            msg = {"ok": True, "protocol": 1, "implementation": {"name": "crashy", "version": "0"}}
        elif req["cmd"] == "stop":
            msg = {"ok": True}
        else:
            build = req["case"]["host"].get("osBuild")
            if build == 16299:
                sys.stderr.write("crashy: dying on build 16299\n")
                return 3
            if build == 4242:
                time.sleep(3600)
            msg = {**run_case(req["case"]), "seq": req["seq"]}
        sys.stdout.write(json.dumps(msg) + "\n")
        sys.stdout.flush()
        if req["cmd"] == "stop":
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
