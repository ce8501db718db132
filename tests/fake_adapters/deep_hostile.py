"""A hostile adapter with deep values where they do not belong: argv[1] names where, argv[2] the depth N (arrays
nested N levels). ``seq``: the reply's seq; ``start-error``: a start refusal's error; ``start-protocol``: the
start reply's protocol; ``surrogate``: the reference's result plus ``"Deep"`` (N levels) and a lone surrogate in v2;
``v2``: the reference's result plus ``"Deep"`` in v2 (documents and bytes); ``big-number``: v2 with ``"Big": 1e400``
as well (a number no float64 holds)."""

from __future__ import annotations

import json
import sys
from typing import Any

from hcsdoc.reference import run_case


def main() -> int:
    where, n = sys.argv[1], int(sys.argv[2])
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3 * n + 1000))  # json's encoder and decoder at that depth
    deep = json.loads("[" * n + "]" * n)
    for line in sys.stdin:
        request = json.loads(line)
        reply: dict[str, Any]
        if request["cmd"] == "start":
            reply = {"ok": True, "protocol": 1, "implementation": {"name": "deep-hostile", "version": "1"}}
            if where == "start-error":
                reply = {"ok": False, "error": deep}
            elif where == "start-protocol":
                reply["protocol"] = deep
        elif request["cmd"] == "stop":
            reply = {"ok": True}
        else:
            reply = {**run_case(request["case"]), "seq": request["seq"]}
            if where == "seq":
                reply["seq"] = deep
            elif "documents" in reply and where in ("surrogate", "v2", "big-number"):
                reply["documents"]["v2"]["Deep"] = deep
                reply["bytes"]["v2"] = reply["bytes"]["v2"][:-1] + ',"Deep":' + "[" * n + "]" * n + "}"
                if where == "surrogate":
                    reply["documents"]["v2"]["S"] = "\ud800"
        text = json.dumps(reply, ensure_ascii=True, separators=(",", ":"))
        if where == "big-number" and "documents" in reply:
            text = text.replace('"v2":{', '"v2":{"Big":1e400,', 1)
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
        if request["cmd"] == "stop":
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
