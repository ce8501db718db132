"""The live terminal view of ``hcsdoc check``: a throttled progress bar, unexpected outcomes as they happen, and a
summary table at the end. Expected failures are not printed one by one (they would bury the unexpected ones)
unless asked for."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any, TextIO

from hcsdoc.conformance.results.outcomes import OUTCOMES

_LABEL = {
    "pass": "PASS",
    "fail": "FAIL",
    "error-mismatch": "ERROR-MISMATCH",
    "unexpected-error": "UNEXPECTED-ERROR",
    "unexpected-documents": "UNEXPECTED-DOCUMENTS",
    "crash": "CRASH",
    "timeout": "TIMEOUT",
    "harness-error": "HARNESS-ERROR",
    "skipped": "SKIPPED",
    "xfail": "XFAIL",
    "xpass": "XPASS",
}


def _short(value: Any, limit: int = 100) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_case(ev: dict[str, Any], max_mismatches: int = 5) -> list[str]:
    """The lines printed for one non-pass case (also used by the pytest plugin)."""
    lines = [f"{_LABEL.get(ev['outcome'], ev['outcome'].upper())} {ev['id']}: {ev.get('message', '')}".rstrip(": ")]
    if ev["outcome"] == "xpass":
        lines[0] = f"XPASS {ev['id']}: passed, but the expectations file says {ev['expected']!r} (remove the entry)"
    elif ev["unexpected"] and ev["expected"] != "pass":
        lines.append(f"    expected outcome {ev['expected']!r}, observed {ev['observed']!r}")
    mism = ev.get("mismatches") or []
    for m in mism[:max_mismatches]:
        parts = [f"    {m.get('path') or '/'} ({m.get('change')})"]
        if "expected" in m:
            parts.append(f"expected {_short(m['expected'])}")
        if "actual" in m:
            parts.append(f"actual {_short(m['actual'])}")
        if "offset" in m:
            parts.append(f"at offset {m['offset']}")
        lines.append(", ".join(parts))
    if len(mism) > max_mismatches:
        lines.append(f"    ... {len(mism) - max_mismatches} more")
    if ev.get("stderr"):
        tail = ev["stderr"].strip().splitlines()[-5:]
        lines.extend("    stderr| " + t for t in tail)
    repro = ev.get("repro")
    if repro:
        lines.append(f"    rerun: {repro['command']}")
        if repro.get("caseFile"):
            lines.append(f"    case file: {repro['caseFile']}")
    return lines


class LiveView:
    """Feed it events; it draws at most ``fps`` times a second, and only when ``out`` is a terminal."""

    def __init__(
        self, out: TextIO, *, progress: bool, quiet: bool = False, show_expected: bool = False, fps: float = 10.0
    ):
        self.out = out
        self.progress = progress and not quiet
        self.quiet = quiet
        self.show_expected = show_expected
        self.interval = 1.0 / fps
        self.total = 0
        self.done = 0
        self.counts: Counter[str] = Counter()
        self.unexpected = 0
        self._last = 0.0
        self._bar_drawn = False
        self._t0 = time.monotonic()
        self.implementation = ""
        self._not_run = 0  # cases not run because the adapter was given up: printed once, then counted

    def handle(self, ev: dict[str, Any]) -> None:
        kind = ev.get("type")
        if kind == "header":
            self.total = int(ev["suite"]["selected"])
            impl = ev["implementation"]
            self.implementation = " ".join(str(impl.get(k, "")) for k in ("name", "version")).strip() or str(
                impl.get("kind")
            )
            if not self.quiet:
                self._print(
                    f"hcsdoc check: {self.implementation}: {self.total} case(s) of {ev['suite']['cases']}, levels {ev['levels']['compare']}/{ev['levels']['errors']}"
                    + (f"/documents {ev['levels']['documents']}" if "documents" in ev["levels"] else "")
                )
                if impl.get("unavailable"):
                    self._print(f"hcsdoc check: the implementation is unavailable: {impl['unavailable']}")
        elif kind == "case":
            self.done += 1
            self.counts[ev["outcome"]] += 1
            self.unexpected += bool(ev["unexpected"])
            if str(ev.get("message", "")).startswith("not run: adapter unavailable"):
                self._not_run += 1
                if self._not_run > 1:
                    self._maybe_draw()
                    return
            if ev["unexpected"] or (self.show_expected and ev["outcome"] not in ("pass",)):
                for line in describe_case(ev):
                    self._print(line)
            self._maybe_draw()
        elif kind == "footer":
            self._clear()
            self.summary(ev)

    def _print(self, line: str) -> None:
        self._clear()
        self.out.write(line + "\n")
        self.out.flush()

    def _clear(self) -> None:
        if self._bar_drawn:
            self.out.write("\r\x1b[2K")
            self._bar_drawn = False

    def _maybe_draw(self, force: bool = False) -> None:
        if not self.progress:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval and self.done != self.total:
            return
        self._last = now
        width = 30
        frac = self.done / self.total if self.total else 1.0
        filled = int(width * frac)
        bar = "#" * filled + "." * (width - filled)
        stats = f"pass {self.counts['pass']}  xfail {self.counts['xfail']}  unexpected {self.unexpected}"
        self.out.write(f"\r\x1b[2K[{bar}] {self.done}/{self.total}  {stats}  {now - self._t0:.1f}s")
        self.out.flush()
        self._bar_drawn = True

    def summary(self, footer: dict[str, Any]) -> None:
        if self.quiet and not footer["unexpected"] and not footer["stale"] and not footer.get("stopped"):
            return
        counts = footer["counts"]
        rows = [(o, counts[o]) for o in OUTCOMES if counts.get(o)]
        lines = ["", f"{'outcome':<22}{'cases':>8}"]
        lines += [f"{o:<22}{n:>8}" for o, n in rows]
        lines.append(f"{'total':<22}{footer['run']:>8}")
        for cid in footer["xpass"]:
            lines.append(f"XPASS {cid}: remove it from the expectations file (or run --update-expectations)")
        for cid in footer["stale"]:
            lines.append(
                f"STALE expectation {cid}: no such case in the suite (remove it, or run --update-expectations)"
            )
        if self._not_run > 1:
            lines.append(f"... and {self._not_run - 1} more case(s) not run because the adapter is unavailable")
        if footer.get("stopped"):
            lines.append(f"stopped early: {footer['stopped']}; {footer['notRun']} case(s) not run")
        for note in footer.get("adapterNotes") or []:
            lines.append(f"adapter note: {note}")
        if footer.get("restarts"):
            lines.append(f"adapter restarts: {footer['restarts']}")
        verdict = "OK" if footer["exitCode"] == 0 else "FAILED"
        lines.append(
            f"{verdict}: {footer['unexpected']} unexpected outcome(s), {len(footer['stale'])} stale expectation(s), {footer['durationS']:.2f} s"
        )
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()
