"""Harness (d), reply: whatever an adapter writes on stdout, the runner gives each case exactly one outcome and
writes every report.

The input is what an adapter writes after its handshake. It goes through the runner's own reply path: the
framing of ``conformance.impl.adapters.LineSplitter`` (with a small line limit), the adapter client's run loop
(bounded JSON parsing, seq matching, out-of-order answers, duplicates, protocol checks), the comparison
(``conformance.results.compare``) inside ``run_check``, and the report writers (event lines, JUnit, Markdown,
repro files). Only the process is simulated: its output is the input, and its end is end of input (or silence,
which is the timeout path).

Byte 0 chooses the setting: bits 0-1 the number of cases (1-4), bit 2 ``--compare structural``, bit 3
``--errors kind``, bit 4 the output ends with end of file (else silence: the timeout path), bits 5-6 the window
(1, 2, 4, 32), bit 7 the output arrives in 7-byte chunks. Byte 1 picks each case's expected result (two bits a
case). The last 32 bytes are also what the adapter wrote to stderr.

The invariant (:func:`check_run`): every selected case has exactly one case event, the footer counts them all,
every event line reads back, the JUnit XML is well-formed, every text is UTF-8, and a repro file reads back to
the canonical JSON it was written from (numbers exact). Any exception is a finding.

Run: ``hcsdoc fuzz --target reply --time 60`` or ``python -m hcsdoc.fuzz.reply_fuzzer [libFuzzer flags] [dirs]``.
"""

from __future__ import annotations

import io
import json
import queue
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from hcsdoc.fuzz import status

TARGET = "reply"
# Coverage guidance where the input is interpreted (framing, parsing, matching, checking, comparing); the report
# writers run on every input but uninstrumented (their branches depend on the outcome, not on the bytes).
INSTRUMENT: Final = (
    "hcsdoc.conformance.impl.adapters",
    "hcsdoc.conformance.impl.protocol",
    "hcsdoc.conformance.results.safejson",
    "hcsdoc.conformance.results.canonical",
    "hcsdoc.conformance.results.compare",
)
MAX_LINE: Final = 4096

_V1: Final = {"SystemType": "Container", "Name": "c1", "Layers": [{"ID": "x", "Path": "C:\\\\l"}]}
_V2: Final = {"Owner": "test", "ShouldTerminateOnLastHandleClosed": True, "Container": {"Memory": {"SizeInMB": 1.5}}}
EXPECTED: Final[tuple[dict[str, Any], ...]] = (
    {
        "documents": {"v1": _V1, "v2": _V2},
        "bytes": {"v1": json.dumps(_V1, separators=(",", ":")), "v2": json.dumps(_V2, separators=(",", ":"))},
    },
    {"documents": {"v1": {}, "v2": {"a": [1, 2.0, True, None, "é"]}}, "bytes": {"v1": "{}", "v2": "x"}},
    {"error": "fake: spec is invalid", "errorKind": "unknown"},
    {"panic": "runtime error: integer divide by zero"},
)


class _Popen:
    def poll(self) -> int:
        return 0


class FakeProcess:
    """Stands in for ``adapters._Process``: the events are the framed input, writes go nowhere."""

    def __init__(self, stdout: bytes, stderr: bytes, chunked: bool, eof: bool) -> None:
        from hcsdoc.conformance.impl.adapters import LineSplitter

        self.events: queue.Queue[tuple[str, Any, int]] = queue.Queue()
        self.proc = _Popen()
        splitter = LineSplitter(MAX_LINE)
        step = 7 if chunked else max(1, len(stdout))
        for at in range(0, len(stdout), step):
            for kind, payload in splitter.feed(stdout[at : at + step]):
                self.events.put((kind, payload, 0))
        self.partial = splitter.partial
        if eof:
            self.events.put(("eof", splitter.rest(), 0))
        self._stderr = stderr

    def send(self, data: bytes) -> None:
        return None

    def close_stdin(self) -> None:
        return None

    def stderr_mark(self) -> int:
        return 0

    def stderr_since(self, mark: int, limit: int = 8000) -> str:
        return self._stderr.decode("utf-8", "replace")

    def drain_stderr(self, wait: float = 1.0) -> None:
        return None

    def catch_up_stderr(self, wait: float = 0.2) -> None:
        return None

    def exit_code(self, wait: float = 2.0) -> int | None:
        return -9

    def kill(self) -> None:
        return None


class _Recording:
    """The adapter, with every reply kept (for the repro files)."""

    def __init__(self, adapter: Any) -> None:
        self.adapter = adapter
        self.replies: dict[int, Any] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.adapter, name)

    def run(self, items: Iterable[tuple[int, dict[str, Any]]]) -> Iterator[tuple[int, Any]]:
        for index, reply in self.adapter.run(items):
            self.replies[index] = reply
            yield index, reply


def _vectors(n: int, picks: int) -> list[Any]:
    from hcsdoc.conformance.vectors.suite import Vector

    out = []
    for i in range(n):
        expected = EXPECTED[(picks >> (2 * i)) & 3]
        case = {"spec": {"n": i}, "host": {}}
        out.append(Vector(f"fuzz.{i}", "reply fuzz", ("fuzz",), case, expected, Path("fuzz.json")))
    return out


def run_one(data: bytes) -> None:
    """One input: a check over 1-4 cases whose adapter wrote ``data[2:]``; raises on a broken invariant."""
    from hcsdoc.conformance.impl.adapters import Adapter
    from hcsdoc.conformance.results.compare import CompareLevels
    from hcsdoc.conformance.results.errorkinds import classify_error
    from hcsdoc.conformance.runner.engine import CheckConfig, run_check
    from hcsdoc.conformance.vectors.suite import Suite

    setting = data[0] if data else 0
    picks = data[1] if len(data) > 1 else 0
    body = data[2:]
    n = (setting & 3) + 1
    levels = CompareLevels("structural" if setting & 4 else "bytes", "kind" if setting & 8 else "text")
    adapter = Adapter(
        ["fuzz"], timeout=0.0, max_restarts=0, window=(1, 2, 4, 32)[(setting >> 5) & 3], max_reply_bytes=MAX_LINE
    )
    adapter._proc = FakeProcess(body, body[-32:], chunked=bool(setting & 128), eof=bool(setting & 16))  # type: ignore[assignment]
    impl = _Recording(adapter)
    vectors = _vectors(n, picks)
    config = CheckConfig(levels=levels, classify=classify_error if levels.errors == "kind" else None)
    out = io.BytesIO()
    stream = io.TextIOWrapper(out, encoding="utf-8", errors="strict", newline="\n")
    from hcsdoc.conformance.runner.report import EventWriter

    write = EventWriter(stream)
    run = run_check(Suite(vectors, []), vectors, impl, {"kind": "adapter", "name": "fuzz"}, config, write)
    adapter.close()
    stream.flush()
    check_run(vectors, run, out.getvalue(), impl.replies)


def check_run(vectors: Sequence[Any], run: Any, events: bytes, replies: dict[int, Any]) -> None:
    import xml.etree.ElementTree as ET

    from hcsdoc.conformance.results import safejson
    from hcsdoc.conformance.results.canonical import canonical_json
    from hcsdoc.conformance.runner.engine import repro_text
    from hcsdoc.conformance.runner.report import Events, render_junit, render_markdown

    ids = [c["id"] for c in run.cases]
    assert sorted(ids) == sorted(v.id for v in vectors), f"not one outcome per case: {ids}"
    footer = run.footer
    assert footer["run"] == len(vectors) and footer["notRun"] == 0, footer
    assert sum(footer["counts"].values()) == len(vectors), footer
    lines = events.decode("utf-8").splitlines()
    assert len(lines) == len(vectors) + 2, f"{len(lines)} event lines for {len(vectors)} cases"
    for line in lines:
        safejson.loads(line)
    ev = Events(run.header, run.cases, run.footer, "fuzz")
    ET.fromstring(render_junit(ev).split("\n", 1)[1].encode("utf-8"))
    render_markdown(ev).encode("utf-8")
    for index, reply in replies.items():
        v = vectors[index]
        body = {"id": v.id, "case": v.case, "expected": v.expected}
        if reply.result is not None:
            body["actual"] = reply.result
        text = repro_text(body)
        text.encode("utf-8")
        assert canonical_json(safejson.loads(text)) == canonical_json(body), "a repro file does not read back exactly"


def test_one_input(data: bytes) -> None:
    status.COUNT[0] += 1
    try:
        run_one(data)
    except Exception:
        status.FINDINGS[0] += 1
        raise


def seeds() -> list[bytes]:
    """Starting points: well-behaved outputs for each expected result, and a few known hostile ones."""
    out: list[bytes] = []
    for pick in range(4):
        exp = EXPECTED[pick]
        line = json.dumps({"seq": 1, **exp}, separators=(",", ":")).encode()
        out.append(bytes([0x10, pick]) + line + b"\n")
        out.append(bytes([0x31, pick | pick << 2]) + line + b"\n" + line.replace(b'"seq":1', b'"seq":2') + b"\n")
    hostile = [
        b'{"seq":1,"documents":{"v1":{"a":1e400},"v2":{"b":' + b"9" * 5000 + b"}}}\n",
        b'{"seq":1,"error":"\\ud800"}\n',
        b'{"seq":1,"documents":{"v1":' + b"[" * 200 + b"]" * 200 + b',"v2":{}}}\n',
        b'{"seq":2,"panic":"x"}\n{"seq":1,"skipped":"no"}\n',
        b'{"seq":0,"error":"x"}\n{"seq":"1"}\n[1]\n\xff\xfe\n',
        b'{"seq":1,"errored":"boom","traceback":"\\udfff"}\n{"seq":1,"error":"dup"}\n',
    ]
    for h in hostile:
        out.append(bytes([0x13, 0x1B]) + h)
        out.append(bytes([0x83, 0xE4]) + h)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    import importlib

    import atheris

    with atheris.instrument_imports(include=list(INSTRUMENT)):
        for name in INSTRUMENT:
            importlib.import_module(name)
    atheris.Setup(list(sys.argv if argv is None else argv), test_one_input)
    status.start(TARGET)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
