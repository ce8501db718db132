"""Reports rendered from an event stream: reading it back, JUnit XML, Markdown, and run-to-run diffs."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from hcsdoc.conformance.results import safejson
from hcsdoc.conformance.results.outcomes import OUTCOMES
from hcsdoc.conformance.runner.live import describe_case

FAILURE_OUTCOMES = frozenset({"fail", "error-mismatch", "unexpected-error", "unexpected-documents", "xpass"})
ERROR_OUTCOMES = frozenset({"crash", "timeout", "harness-error"})


class EventsError(Exception):
    """An event stream that cannot be read; the message names the file and line."""


@dataclass
class Events:
    header: dict[str, Any]
    cases: list[dict[str, Any]]
    footer: dict[str, Any] | None
    path: str = ""
    by_id: dict[str, dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {c["id"]: c for c in self.cases}


class EventWriter:
    """Writes events as JSON lines, flushing each line so a killed run still leaves a readable prefix. Text from
    an adapter may hold lone surrogates: such a line is written with ``\\uXXXX`` escapes (exact, and UTF-8)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __call__(self, event: dict[str, Any]) -> None:
        self.stream.write(safejson.dumps_line(event) + "\n")
        self.stream.flush()


def read_events(path: str | Path) -> Events:
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EventsError(f"{p}: cannot read: {exc.strerror or exc}") from None
    header: dict[str, Any] | None = None
    footer: dict[str, Any] | None = None
    cases: list[dict[str, Any]] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            ev = safejson.loads(line)
        except ValueError as exc:
            raise EventsError(f"{p}:{n}: not JSON: {exc}") from None
        kind = ev.get("type") if isinstance(ev, dict) else None
        if kind == "header":
            header = ev
        elif kind == "case":
            if not isinstance(ev.get("id"), str) or not isinstance(ev.get("outcome"), str):
                raise EventsError(f"{p}:{n}: a case event needs 'id' and 'outcome'")
            cases.append(ev)
        elif kind == "footer":
            footer = ev
        else:
            raise EventsError(f"{p}:{n}: not an hcsdoc event (type {kind!r})")
    if header is None:
        raise EventsError(f"{p}: no header line: not an hcsdoc check event stream")
    return Events(header, cases, footer, str(p))


def incomplete(ev: Events) -> str:
    """Why the run is incomplete (interrupted, or no footer at all: the runner was killed), or ``""``."""
    if ev.footer is None:
        return "no footer (the run was killed before it ended)"
    if ev.footer.get("incomplete"):
        return str(ev.footer.get("stopped") or "interrupted")
    return ""


def _counts(ev: Events) -> Counter[str]:
    return Counter(c["outcome"] for c in ev.cases)


def _impl_name(header: dict[str, Any]) -> str:
    impl = header.get("implementation", {})
    name = " ".join(str(impl.get(k, "")) for k in ("name", "version")).strip()
    return name or str(impl.get("kind", "?"))


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _XML_BAD.sub("\ufffd", text)


def render_junit(ev: Events) -> str:
    """JUnit XML: one testcase per case; unexpected mismatches are failures, crashes/timeouts/harness errors are
    errors, skips and expected failures are skipped (with the reason)."""
    errors = sum(1 for c in ev.cases if c["unexpected"] and c["outcome"] in ERROR_OUTCOMES)
    failures = sum(1 for c in ev.cases if c["unexpected"]) - errors
    skipped = sum(1 for c in ev.cases if not c["unexpected"] and c["outcome"] in ("skipped", "xfail"))
    total_time = sum(float(c.get("durationMs", 0)) for c in ev.cases) / 1000
    suites = ET.Element("testsuites", name="hcsdoc check")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"hcsdoc conformance: {_impl_name(ev.header)}",
        tests=str(len(ev.cases)),
        failures=str(failures),
        errors=str(errors),
        skipped=str(skipped),
        time=f"{total_time:.3f}",
        timestamp=str(ev.header.get("started", "")),
    )
    props = ET.SubElement(suite, "properties")
    why = incomplete(ev)
    if why:
        ET.SubElement(props, "property", name="hcsdoc.incomplete", value=_xml_text(why))
    impl = ev.header.get("implementation", {})
    for key in ("kind", "name", "version", "command"):
        if key in impl:
            ET.SubElement(props, "property", name=f"implementation.{key}", value=_xml_text(str(impl[key])))
    for f in ev.header.get("suite", {}).get("files", []):
        prov = f.get("provenance", {})
        ET.SubElement(
            props,
            "property",
            name=f"vectors.{f.get('suite')}",
            value=_xml_text(
                f"{f.get('path')} sha256:{f.get('sha256')} hcsshim {prov.get('hcsshim', {}).get('version', '?')}"
            ),
        )
    for c in ev.cases:
        classname = Path(str(c.get("file", "vectors"))).stem
        tc = ET.SubElement(
            suite,
            "testcase",
            classname=f"hcsdoc.{classname}",
            name=c["id"],
            time=f"{float(c.get('durationMs', 0)) / 1000:.6f}",
        )
        text = _xml_text("\n".join(describe_case(c, max_mismatches=50)))
        msg = _xml_text(str(c.get("message", c["outcome"]))[:500])
        if c["unexpected"]:
            tag = "error" if c["outcome"] in ERROR_OUTCOMES else "failure"
            el = ET.SubElement(tc, tag, message=msg, type=c["outcome"])
            el.text = text
        elif c["outcome"] in ("skipped", "xfail"):
            reason = c.get("expectation", {}).get("reason") or msg
            ET.SubElement(tc, "skipped", message=_xml_text(f"{c['outcome']}: {reason}"[:500]))
        if c.get("stderr"):
            ET.SubElement(tc, "system-err").text = _xml_text(str(c["stderr"]))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(ev: Events, max_cases: int = 50) -> str:
    """A summary for ``$GITHUB_STEP_SUMMARY``: verdict, counts, then each unexpected outcome with its rerun command."""
    footer = ev.footer or {}
    counts = _counts(ev)
    unexpected = [c for c in ev.cases if c["unexpected"]]
    ok = footer.get("exitCode", 1 if unexpected else 0) == 0
    h = ev.header
    files = h.get("suite", {}).get("files", [])
    out = [f"## hcsdoc check: {_impl_name(h)} {'✅ as expected' if ok else '❌ unexpected outcomes'}", ""]
    why = incomplete(ev)
    if why:
        out += [
            f"**Incomplete run: {_md(why)}** ({len(ev.cases)} of {h.get('suite', {}).get('selected')} cases done)",
            "",
        ]
    out.append(f"- implementation: `{_md(json.dumps(h.get('implementation', {}), ensure_ascii=False))}`")
    for f in files:
        prov = f.get("provenance", {})
        out.append(
            f"- vectors: `{f.get('path')}` ({f.get('cases')} cases, hcsshim {prov.get('hcsshim', {}).get('version', '?')}, {prov.get('go', '?')}, sha256 `{str(f.get('sha256', ''))[:12]}`)"
        )
    lv = h.get("levels", {})
    out.append(
        f"- levels: compare `{lv.get('compare')}`, errors `{lv.get('errors')}`, documents `{lv.get('documents', 'both')}`; selected {h.get('suite', {}).get('selected')} of {h.get('suite', {}).get('cases')}"
    )
    out += ["", "| outcome | cases |", "|---|---:|"]
    out += [f"| {o} | {counts[o]} |" for o in OUTCOMES if counts.get(o)]
    out.append(f"| **total** | **{len(ev.cases)}** |")
    if unexpected:
        out += [
            "",
            f"### Unexpected outcomes ({len(unexpected)})",
            "",
            "| case | outcome | expected | details | rerun |",
            "|---|---|---|---|---|",
        ]
        for c in unexpected[:max_cases]:
            mism = c.get("mismatches") or []
            detail = c.get("message", "")
            if mism:
                m = mism[0]
                detail += f" — `{m.get('path') or '/'}`: expected `{json.dumps(m.get('expected'), ensure_ascii=False)[:80]}`, actual `{json.dumps(m.get('actual'), ensure_ascii=False)[:80]}`"
            rerun = c.get("repro", {}).get("command", "")
            out.append(f"| `{c['id']}` | {c['outcome']} | {c['expected']} | {_md(detail[:400])} | `{_md(rerun)}` |")
        if len(unexpected) > max_cases:
            out.append(f"\n… and {len(unexpected) - max_cases} more (see the event stream).")
    for key, title in (("stale", "Stale expectations (no such case)"),):
        ids = footer.get(key) or []
        if ids:
            out += ["", f"### {title}", ""] + [f"- `{i}`" for i in ids]
    if footer.get("stopped"):
        out += ["", f"Stopped early: {footer['stopped']}; {footer.get('notRun')} case(s) not run."]
    return safejson.printable("\n".join(out) + "\n")


@dataclass
class Transition:
    id: str
    before: str | None
    after: str | None

    @property
    def label(self) -> str:
        if self.before is None:
            return "new"
        if self.after is None:
            return "gone"
        return f"{self.before}->{self.after}"


def _state(c: dict[str, Any]) -> str:
    return str(c["outcome"])


def diff_events(a: Events, b: Events) -> list[Transition]:
    """Per-case transitions from run A to run B: outcome changes (``pass->fail``, ``fail->pass`` ...), cases only
    in B (``new``) and cases only in A (``gone``). Unchanged cases are not listed."""
    out: list[Transition] = []
    for cid in sorted(a.by_id.keys() | b.by_id.keys()):
        ca, cb = a.by_id.get(cid), b.by_id.get(cid)
        sa = _state(ca) if ca else None
        sb = _state(cb) if cb else None
        if sa != sb:
            out.append(Transition(cid, sa, sb))
    return out


def render_diff(a: Events, b: Events, transitions: Iterable[Transition]) -> str:
    trans = list(transitions)
    lines = [
        f"A: {a.path} ({_impl_name(a.header)}, {len(a.cases)} cases)",
        f"B: {b.path} ({_impl_name(b.header)}, {len(b.cases)} cases)",
    ]
    if not trans:
        lines.append("no per-case transitions")
        return "\n".join(lines) + "\n"
    by_label = Counter(t.label for t in trans)
    lines.append("transitions: " + ", ".join(f"{label} {n}" for label, n in sorted(by_label.items())))
    width = max(len(t.label) for t in trans)
    for t in sorted(trans, key=lambda t: (t.label, t.id)):
        lines.append(f"  {t.label:<{width}}  {t.id}")
    return "\n".join(lines) + "\n"
