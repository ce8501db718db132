"""Python side of the Go oracle (tests/gooracle/oracle): builds it with ``go build`` and asks it questions.

Used by tests/test_gojson_oracle.py and tests/test_gofmt.py. No Go toolchain -> the tests that need it skip.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


class Oracle:
    def __init__(self, exe: Path) -> None:
        self.proc = subprocess.Popen(
            [str(exe)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
        )

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer: dict[str, Any] = json.loads(self.proc.stdout.readline())
        assert "fatal" not in answer, answer
        return answer

    def decode(self, data: bytes, target: str) -> dict[str, Any]:
        return self.ask({"op": "decode", "target": target, "data": base64.b64encode(data).decode()})

    def quote(self, data: bytes) -> str:
        return str(self.ask({"op": "quote", "data": base64.b64encode(data).decode()})["quote"])

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def build(tmp: Path) -> Path | str:
    """Build the oracle into ``tmp``; returns its path, or the reason it cannot be built."""
    go = shutil.which("go")
    if go is None:
        return "the Go toolchain (go) is not on PATH"
    exe = tmp / "oracle"
    env = dict(os.environ, GOFLAGS="-mod=mod", CGO_ENABLED="0")
    res = subprocess.run(
        [go, "build", "-o", str(exe), "./oracle"], cwd=HERE, env=env, capture_output=True, text=True, timeout=600
    )
    if res.returncode != 0:
        return "go build of tests/gooracle/oracle failed: " + res.stderr[-2000:]
    return exe


def float_bits(f: float) -> str:
    return str(struct.unpack("<Q", struct.pack("<d", f))[0])


def dump_interface(v: Any) -> Any:
    """The oracle's dump of an interface{} value."""
    if v is None:
        return None
    if isinstance(v, bool):
        return {"b": v}
    if isinstance(v, str):
        return {"s": v}
    if isinstance(v, float):
        return {"f": float_bits(v)}
    if isinstance(v, dict):
        return {"m": {k: dump_interface(x) for k, x in v.items()}}
    if isinstance(v, list):
        return {"a": [dump_interface(x) for x in v]}
    raise TypeError(type(v))


def dump(v: Any, go: Any) -> Any:
    """The oracle's canonical dump of a Go value (see oracle/main.go) computed from the Python value."""
    from hcsdoc.reference.gotypes import Basic, Interface, Map, Ptr, Slice, Struct

    if isinstance(go, Ptr):
        return None if v is None else dump(v, go.elem)
    if isinstance(go, Interface):
        return dump_interface(v)
    if isinstance(go, Slice):
        return None if v is None else [dump(x, go.elem) for x in v]
    if isinstance(go, Map):
        return None if v is None else {k: dump(x, go.elem) for k, x in v.items()}
    if isinstance(go, Struct):
        return {f.name: dump(getattr(v, f.name), f.metadata["go"]) for f in dataclasses.fields(v)}
    assert isinstance(go, Basic)
    if go.kind in ("float32", "float64"):
        return {"f": float_bits(v)}
    return v
