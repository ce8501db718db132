"""An adapter that answers the reference's result with one more member in v2: ``"Deep"``, arrays nested ``N``
levels (argv[1]), as deep as an implementation's documents may be (a device extension file Go decoded)."""

from __future__ import annotations

import json
import sys

from hcsdoc.reference import run_case


def main() -> int:
    n = int(sys.argv[1])
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3 * n + 1000))  # json's encoder and decoder at that depth
    for line in sys.stdin:
        request = json.loads(line)
        if request["cmd"] == "start":
            reply = {"ok": True, "protocol": 1, "implementation": {"name": "deep", "version": "1"}}
        elif request["cmd"] == "stop":
            reply = {"ok": True}
        else:
            reply = {**run_case(request["case"]), "seq": request["seq"]}
            if "documents" in reply:
                reply["documents"]["v2"]["Deep"] = json.loads("[" * n + "]" * n)
                reply["bytes"]["v2"] = reply["bytes"]["v2"][:-1] + ',"Deep":' + "[" * n + "]" * n + "}"
        sys.stdout.write(json.dumps(reply, ensure_ascii=False, separators=(",", ":")) + "\n")
        sys.stdout.flush()
        if request["cmd"] == "stop":
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
