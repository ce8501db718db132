#!/usr/bin/env python3
"""An adapter around the Python reference that misbehaves in one chosen way: ``nasty.py MODE [ARG]``.

Unlike ``scripted.py`` (scripted per case, for throw-away vectors), this one runs the real vectors: the results it
sends are the reference's own, so every case passes unless MODE breaks it. Modes (see ``MODES``):

start-up: ``bom`` (UTF-8 BOM before the handshake reply), ``latin1-log`` (a non-UTF-8 line before it), ``crlf``
(every line ends in CR LF), ``blank`` (a blank line before every reply), ``log-before`` (log lines on stdout before
the handshake reply), ``extra-fields``, ``proto2``, ``refuse`` (``ok:false``), ``silent`` (never answers the
handshake), ``exit0`` (exits 0 at once), ``crash-start`` (exits 5 on every start);

replies: ``extra-keys``, ``docs-and-error``, ``no-bytes``, ``bytes-not-json``, ``seq-string``, ``array``,
``number``, ``kind-contradicts`` (right errorKind,
text of another error site), ``reorder`` (answers 2 before 1), ``twice`` (answers every request twice), ``drop N`` (never answers
seq N, answers the later ones), ``errored``, ``skipped``, ``wrong-kind`` (an error reply whose errorKind
contradicts its text), ``slow S`` (sleeps S s per case), ``crash-every N`` (exits 3 on every Nth request);

process: ``stderr-flood MB`` (writes MB MiB to stderr before reading stdin), ``close-stdout`` (closes stdout after
the handshake and keeps running), ``ignore-term`` (ignores SIGTERM and stdin end, never exits by itself),
``fork-child`` (leaves a child holding stdout/stderr open after exiting).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from typing import Any

MODE = sys.argv[1] if len(sys.argv) > 1 else "ok"
ARG = sys.argv[2] if len(sys.argv) > 2 else ""
EOL = b"\r\n" if MODE == "crlf" else b"\n"


def out(data: bytes) -> None:
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except (OSError, ValueError):
        pass


def send(msg: Any) -> None:
    if MODE == "blank":
        out(b"\n   \n")
    out(json.dumps(msg, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + EOL)


def convert(case: dict[str, Any]) -> dict[str, Any]:
    from hcsdoc.reference import run_case

    result: dict[str, Any] = run_case(case)
    return result


def hello() -> dict[str, Any]:
    msg: dict[str, Any] = {"ok": True, "protocol": 1, "implementation": {"name": f"nasty-{MODE}", "version": "0"}}
    if MODE == "extra-fields":
        msg["capabilities"] = ["everything"]
        msg["implementation"]["build"] = {"commit": "abc"}
        msg["implementation"]["language"] = 7  # not a string: ignored, not fatal
    return msg


def answer(seq: int, case: dict[str, Any]) -> Any:
    """The reply for one request, after MODE has had its say (``None``: send nothing)."""
    result = convert(case)
    reply: dict[str, Any] = {"seq": seq, **result}
    if MODE == "extra-keys":
        reply["elapsedMs"] = 1.5
    elif MODE == "docs-and-error":
        reply["error"] = "also an error"
    elif MODE == "no-bytes":
        reply.pop("bytes", None)
    elif MODE == "bytes-not-json" and "bytes" in reply:
        reply["bytes"] = {"v1": "{not json", "v2": reply["bytes"]["v2"]}
    elif MODE == "seq-string":
        reply["seq"] = str(seq)
    elif MODE == "array":
        return [reply]
    elif MODE == "number":
        return seq
    elif MODE == "errored":
        return {"seq": seq, "errored": "adapter bug: KeyError 'x'", "traceback": "Traceback...\nKeyError: 'x'"}
    elif MODE == "skipped":
        return {"seq": seq, "skipped": "not modelled"}
    elif MODE == "wrong-kind" and "error" in reply:
        reply["errorKind"] = "definitely-not-this-kind"
    elif MODE == "kind-contradicts" and "error" in reply:
        # claims the right kind (the runner's own classification of the real text), with a text of another site
        from hcsdoc.conformance.results.errorkinds import classify_error

        reply["errorKind"] = classify_error(reply["error"])
        reply["error"] = "unexpected end of JSON input"
    return reply


def main() -> int:
    if MODE == "crash-start":
        sys.stderr.write("nasty: cannot initialise (missing config)\n")
        return 5
    if MODE == "exit0":
        return 0
    if MODE == "stderr-flood":
        chunk = b"log " * 16383 + b"end\n"  # 64 KiB
        for _ in range(int(float(ARG or "8") * 16)):
            sys.stderr.buffer.write(chunk)
        sys.stderr.buffer.flush()
    if MODE == "ignore-term":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if MODE == "fork-child" and os.fork() == 0:
        time.sleep(30)  # holds copies of stdout and stderr open long after the parent is gone
        os._exit(0)
    held: list[tuple[int, Any]] = []
    count = 0
    for raw in sys.stdin.buffer:
        req = json.loads(raw)
        cmd = req.get("cmd")
        if cmd == "start":
            if MODE == "bom":
                out(b"\xef\xbb\xbf")
            elif MODE == "latin1-log":
                out(b"caf\xe9 starting\n")
            elif MODE == "log-before":
                out(b"INFO loading implementation\nINFO ready\n")
            if MODE == "silent":
                continue
            if MODE == "proto2":
                send({"ok": True, "protocol": 2, "implementation": {"name": "nasty", "version": "0"}})
                continue
            if MODE == "refuse":
                send({"ok": False, "error": "unsupported protocol 1 (I speak 3)"})
                return 1
            send(hello())
            if MODE == "close-stdout":
                sys.stdout.close()
                os.close(1)
            continue
        if cmd == "stop":
            if MODE == "ignore-term":
                time.sleep(3600)
            send({"ok": True})
            return 0
        seq = int(req["seq"])
        count += 1
        if MODE == "crash-every" and count % int(ARG) == 0:
            sys.stderr.write(f"nasty: crashing on request {count} (seq {seq})\n")
            sys.stderr.flush()
            os._exit(3)
        if MODE == "slow":
            time.sleep(float(ARG))
        if MODE == "drop" and seq == int(ARG):
            continue
        reply = answer(seq, req["case"])
        if MODE == "reorder":
            # Answer seq 2 before seq 1, then the rest in order.
            if seq == 1:
                held.append((seq, reply))
                continue
            send(reply)
            while held:
                send(held.pop()[1])
            continue
        send(reply)
        if MODE == "twice":
            send(reply)
    if MODE == "ignore-term":
        time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
