#!/usr/bin/env python3
"""A fake adapter whose behaviour on each case is scripted by the case itself.

The runner never sends ids or expected results, so the script rides in the case's ``spec``:
``{"fake": {"do": ACTION, ...}}``. Actions:

* ``echo``: reply ``spec.fake.reply`` (a result) -- the well-behaved path;
* ``crash``: write to stderr and exit 3 mid-case;  ``crash-once``: crash unless ``marker`` exists (then echo);
* ``hang``: never answer;  ``slow``: sleep ``seconds`` then echo;
* ``garbage``: answer a non-JSON line;  ``garbage-then-echo``: a non-JSON line, then the real answer;
* ``wrong-seq``: echo seq + 1000;  ``no-reply``: answer nothing, go on with the next request;
* ``partial-exit``: write half a line and exit;  ``partial-hang``: write half a line and hang;
* ``huge``: answer a line of ``size`` bytes;  ``skip`` / ``errored``: the protocol's own answers;
* ``stderr``: write ``text`` to stderr, then echo;
* ``raw``: the line ``text`` as given (``SEQ`` replaced by the seq);  ``raw-docs``: documents whose v1 is the JSON text ``v1text`` as given;  ``deep``: v1 nested ``depth`` arrays deep;
* ``stray-then-echo``: a reply for a seq never sent (999999), then the real answer;
* ``kill-self``: SIGKILL itself mid-case;  ``hang-group``: start a grandchild in a new process group (its pid
  written to ``pidfile``), then hang;  ``spawn-group``: the same, then echo.

Start-up behaviour comes from the command line: ``--slow-start S``, ``--exit-during-handshake`` (with
``--once FILE``: only while FILE does not exist; the first attempt creates it), ``--protocol N``, ``--hang-start``
(never answers the handshake, counting its starts in ``--count FILE``), ``--seq-offset N`` (every reply's seq is
off by N).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any


def out(line: str | bytes) -> None:
    data = line.encode() if isinstance(line, str) else line
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def send(msg: dict[str, Any]) -> None:
    out(json.dumps(msg, ensure_ascii=False) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--slow-start", type=float, default=0.0)
    ap.add_argument("--exit-during-handshake", action="store_true")
    ap.add_argument("--once", default=None)
    ap.add_argument("--protocol", type=int, default=1)
    ap.add_argument("--name", default="scripted-fake")
    ap.add_argument("--hang-start", action="store_true")
    ap.add_argument("--count", default=None)
    ap.add_argument("--seq-offset", type=int, default=0)
    args = ap.parse_args()
    if args.count:
        with open(args.count, "a", encoding="utf-8") as f:
            f.write("start\n")
    if args.hang_start:
        time.sleep(3600)
    for raw in sys.stdin.buffer:
        req = json.loads(raw)
        cmd = req.get("cmd")
        if cmd == "start":
            if args.slow_start:
                time.sleep(args.slow_start)
            if args.exit_during_handshake and (args.once is None or not Path(args.once).exists()):
                if args.once:
                    Path(args.once).write_text("started once")
                sys.stderr.write("fake: exiting during the handshake\n")
                sys.stderr.flush()
                return 4
            send({"ok": True, "protocol": args.protocol, "implementation": {"name": args.name, "version": "0"}})
            continue
        if cmd == "stop":
            send({"ok": True})
            return 0
        seq = req["seq"] + args.seq_offset
        spec = req["case"].get("spec") or {}
        fake = spec.get("fake", {"do": "echo"}) if isinstance(spec, dict) else {"do": "echo"}
        do = fake.get("do", "echo")
        reply = {**fake.get("reply", {"error": "no reply scripted"}), "seq": seq}
        if do == "crash" or (do == "crash-once" and not Path(fake["marker"]).exists()):
            if do == "crash-once":
                Path(fake["marker"]).write_text("crashed once")
            sys.stderr.write(f"fake: crashing on seq {seq}\n")
            sys.stderr.flush()
            os._exit(3)
        elif do == "hang":
            time.sleep(3600)
        elif do == "slow":
            time.sleep(float(fake["seconds"]))
            send(reply)
        elif do == "garbage":
            out("this is not json\n")
        elif do == "garbage-then-echo":
            out("debug: printed to stdout by mistake\n")
            send(reply)
        elif do == "wrong-seq":
            send({**reply, "seq": seq + 1000})
        elif do == "raw":
            out(str(fake["text"]).replace("SEQ", str(seq)) + "\n")
        elif do == "raw-docs":
            out(f'{{"seq":{seq},"documents":{{"v1":{fake["v1text"]},"v2":{{}}}}}}\n')
        elif do == "deep":
            n = int(fake["depth"])
            nested = "[" * n + "]" * n
            out(f'{{"seq":{seq},"documents":{{"v1":{nested},"v2":{{}}}}}}\n')
        elif do == "stray-then-echo":
            send({**reply, "seq": 999999})
            send(reply)
        elif do == "kill-self":
            os.kill(os.getpid(), 9)
        elif do in ("hang-group", "spawn-group"):
            import subprocess

            child = subprocess.Popen(
                [sys.executable, "-c", "import os, time; os.setpgid(0, 0); time.sleep(3600)"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            Path(fake["pidfile"]).write_text(f"{os.getpid()} {child.pid}")
            if do == "hang-group":
                time.sleep(3600)
            send(reply)
        elif do == "no-reply":
            pass
        elif do == "partial-exit":
            out(b'{"seq": ' + str(seq).encode() + b', "error": "cut sh')
            os._exit(0)
        elif do == "partial-hang":
            out(b'{"seq": ' + str(seq).encode() + b', "error": "cut sh')
            time.sleep(3600)
        elif do == "huge":
            out(json.dumps({"seq": seq, "error": "x" * int(fake["size"])}) + "\n")
        elif do == "skip":
            send({"seq": seq, "skipped": "not modelled by the fake"})
        elif do == "errored":
            send({"seq": seq, "errored": "fake internal failure"})
        elif do == "stderr":
            sys.stderr.write(str(fake["text"]) + "\n")
            sys.stderr.flush()
            # stderr and stdout are two pipes read by two threads: nothing orders them. A pause before the reply
            # lets the runner's stderr reader take the line first (on a loaded machine it may otherwise come
            # with the next case), which is what the stderr tests are about.
            time.sleep(0.3)
            send(reply)
        else:
            send(reply)
    return 0


if __name__ == "__main__":
    sys.exit(main())
