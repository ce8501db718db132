"""Differential runs between consecutive hcsshim releases: what changed that the vectors do not show.

The matrix compares releases on the vectors only. ``hcsdoc matrix --release-diffs`` also runs ``hcsdoc diff`` with
one release as the implementation and its predecessor as the oracle (``--impl go@NEWER --oracle go@OLDER``), for
each consecutive pair of the last behaviours that were built, over a seeded stream of generated cases. Each class
of difference is shrunk by ``hcsdoc diff``; this module keeps the per-pair JSON summaries in one file
(``hcsshim-release-diffs.json`` beside the matrix report) that the report renders. A finding whose minimal case is
not yet a vector is listed with the command that captures it (``hcsdoc capture --add-case``); once captured, the
matrix itself shows the change on the vectors.

Each pair runs in a child ``hcsdoc diff`` process: the two Wine processes of a pair start and end with it.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from hcsdoc.conformance.results.canonical import canonical_json

RESULTS_NAME: Final = "hcsshim-release-diffs.json"
RESULTS_FORMAT: Final = 1


class ReleaseDiffError(Exception):
    """A pair could not be run (a build or a child process failed)."""


def last_pairs(built: Sequence[str], count: int = 4) -> list[tuple[str, str]]:
    """``(older, newer)`` for each consecutive pair of the last ``count`` built behaviours (branch order)."""
    last = list(built)[-count:]
    return list(itertools.pairwise(last))


def built_behaviours(summary: dict[str, Any]) -> list[str]:
    """The behaviours the matrix report (its JSON summary) ran, in branch order."""
    return [v["id"] for v in summary["versions"] if v["status"] == "ran"]


def diff_argv(older: str, newer: str, examples: int, seed: int, out_dir: Path, json_path: Path) -> list[str]:
    """The child ``hcsdoc diff`` command line: the two releases named as every repro line names them."""
    from hcsdoc.conformance.differential.session import diff_argv as names
    from hcsdoc.conformance.impl.resolve import parse_impl
    from hcsdoc.conformance.results.compare import CompareLevels

    base = names(parse_impl(f"go@{newer}"), parse_impl(f"go@{older}"), CompareLevels())
    options = ["--arbitrate", "none", "--examples", str(examples), "--seed", str(seed)]
    return [sys.executable, "-m", *base, *options, "--out", str(out_dir), "--json", str(json_path)]


def run_pairs(
    pairs: Sequence[tuple[str, str]],
    examples: int,
    seed: int,
    work_dir: Path,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Run every pair; the results file's content."""
    out: list[dict[str, Any]] = []
    for older, newer in pairs:
        json_path = work_dir / f"{newer}-vs-{older}.json"
        argv = diff_argv(older, newer, examples, seed, work_dir / f"{newer}-vs-{older}", json_path)
        progress(f"{newer} vs {older}: {examples} cases (seed {seed})")
        returncode, tail = _run_child(argv, functools.partial(_relay, progress, f"{newer} vs {older}"))
        # exit 1: new findings (expected here: every difference between two releases is one); 2: could not run
        if returncode not in (0, 1) or not json_path.exists():
            raise ReleaseDiffError(f"{newer} vs {older}: hcsdoc diff exited {returncode}: {tail[:300]}")
        data = json.loads(json_path.read_text(encoding="utf-8"))
        progress(f"{newer} vs {older}: {data['mismatches']} mismatches, {len(data['findings'])} classes")
        out.append({"older": older, "newer": newer, **_pair_record(data)})
    return {"format": RESULTS_FORMAT, "examples": examples, "seed": seed, "pairs": out}


def _relay(progress: Callable[[str], None], label: str, line: str) -> None:
    progress(f"{label}: {line.strip()}")


def _run_child(argv: Sequence[str], progress: Callable[[str], None]) -> tuple[int, str]:
    """Run ``hcsdoc diff``, passing its periodic progress lines on; its exit status and last lines."""
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace"
    ) as child:
        assert child.stdout is not None
        last: list[str] = []
        for line in child.stdout:
            if line.startswith("  ") and line.strip()[:1].isdigit():  # "  N cases, R/s, M mismatches, ..."
                progress(line)
            last = [*last[-1:], line.strip()]
    return child.returncode, " ".join(last)


def _pair_record(data: dict[str, Any]) -> dict[str, Any]:
    keep = ("cases", "digest", "seconds", "casesPerSecond", "mismatches", "skipped")
    findings = [
        {k: f[k] for k in ("id", "outcome", "paths", "cases", "minimalCase", "subjectResult", "oracleResult") if k in f}
        for f in data["findings"]
    ]
    return {**{k: data.get(k) for k in keep}, "findings": findings}


def write_results(data: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def load_results(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != RESULTS_FORMAT:
        raise ReleaseDiffError(f"{path}: format {data.get('format')!r}, expected {RESULTS_FORMAT}")
    return data


def _one_sided_panic(f: dict[str, Any]) -> bool:
    """One release panics and the other runs the case without panicking: :func:`one_sided_panic`'s class, the
    grouping ``hcsdoc diff`` shrank the finding with."""
    from hcsdoc.conformance.differential import one_sided_panic

    return one_sided_panic(f["minimalCase"], f["subjectResult"], f["oracleResult"]) is not None


def _is_new(f: dict[str, Any]) -> bool:
    """A class that no vector holds or shows: one to capture as a vector."""
    return not f.get("isVector") and not f.get("shownByVectors")


def _brief(result: dict[str, Any]) -> str:
    if "error" in result:
        return f"error: {result['error']}"
    if "panic" in result:
        return f"panic: {result['panic']}"
    return "documents"


def _case_text(case: dict[str, Any]) -> str:
    """What a reader needs of a minimal case: its spec (the host answers and options of a shrunk case are mostly
    defaults; the JSON results file and the HTML page keep the whole case)."""
    for key in ("spec", "specText", "specBase64"):
        if key in case:
            return f"{key}: " + canonical_json(case[key])
    return canonical_json(case)


def _cell(text: str, limit: int = 140) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("|", "\\|").replace("\n", " ")


def mark_vectors(data: dict[str, Any], vector_cases: Sequence[object]) -> None:
    """Set ``isVector`` on each finding: whether its minimal case is one of ``vector_cases`` already."""
    known = {canonical_json(c) for c in vector_cases}
    for p in data["pairs"]:
        for f in p["findings"]:
            f["isVector"] = canonical_json(f["minimalCase"]) in known


def vector_classes(
    pairs: Sequence[tuple[str, str]], cases: Sequence[dict[str, Any]]
) -> dict[tuple[str, str], set[str]]:
    """For each pair ``(older, newer)``: the ids of the classes of difference the vectors themselves show between
    the two releases, named as ``hcsdoc diff`` names its findings (the fingerprint at the strictest levels, or the
    one-sided panic class). Each release runs the vectors once, also when it is in two pairs."""
    from hcsdoc.conformance.differential import Levels, fingerprint_id, one_sided_panic
    from hcsdoc.conformance.differential.session import open_side
    from hcsdoc.conformance.results.compare import CompareLevels

    results: dict[str, list[dict[str, Any]]] = {}
    for version in dict.fromkeys(v for pair in pairs for v in pair):
        side = open_side(f"go@{version}")
        try:
            results[version] = side.runner(cases)
        finally:
            side.close()
    levels = Levels.of(CompareLevels())
    return {
        (older, newer): {
            fingerprint_id(one_sided_panic(c, x, y) or levels.fingerprint(x, y))
            for c, x, y in zip(cases, results[newer], results[older], strict=True)
            if levels.differ(x, y)
        }
        for older, newer in pairs
    }


def mark_shown(data: dict[str, Any], shown: dict[tuple[str, str], set[str]]) -> None:
    """Set ``shownByVectors`` on each finding of each pair ``(older, newer)`` from :func:`vector_classes`."""
    for p in data["pairs"]:
        ids = shown.get((p["older"], p["newer"]), set())
        for f in p["findings"]:
            f["shownByVectors"] = f["id"] in ids


def new_classes(data: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """``(pair, finding)`` for each class the vectors neither hold nor show: the ones to capture as vectors."""
    return [(p, f) for p in data["pairs"] for f in p["findings"] if _is_new(f)]


def markdown_section(data: dict[str, Any] | None) -> list[str]:
    """The report's section on the differential runs between releases (empty when none was recorded)."""
    if data is None:
        return []
    out = [
        "## Differential runs between releases",
        "",
        f"`hcsdoc matrix --release-diffs`: `hcsdoc diff --impl go@NEWER --oracle go@OLDER` over {data['examples']} "
        f"generated cases (seed {data['seed']}) for each consecutive pair of the last built behaviours, every class "
        "of difference shrunk to a minimal case. A class that no vector shows (no vector differs between the two "
        "releases in the same way) is marked *new*: `hcsdoc capture --add-case` turns its minimal case into a vector "
        "(docs/hcsshim-eras.md §6).",
        "",
        "| older → newer | cases | case digest | mismatches | classes | panics | cases/s |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for p in data["pairs"]:
        panics = sum(_one_sided_panic(f) for f in p["findings"])
        out.append(
            f"| {p['older']} → {p['newer']} | {p['cases']} | `{p['digest']}` | {p['mismatches']} | "
            f"{len(p['findings'])} | {panics} | {p['casesPerSecond']} |"
        )
    out.append("")
    for p in data["pairs"]:
        if not p["findings"]:
            continue
        out += [
            f"### {p['older']} → {p['newer']}: {len(p['findings'])} class(es)",
            "",
            "| class | cases | where | older | newer | minimal case |",
            "|---|---:|---|---|---|---|",
        ]
        for f in sorted(p["findings"], key=lambda f: (-_one_sided_panic(f), -f["cases"])):
            case = _case_text(f["minimalCase"])
            status = " *new*" if _is_new(f) else ""
            out.append(
                f"| `{f['id']}`{status} | {f['cases']} | {_cell(', '.join(f['paths']), 80)} | "
                f"{_cell(_brief(f['oracleResult']))} | {_cell(_brief(f['subjectResult']))} | `{_cell(case, 300)}` |"
            )
        out.append("")
    return out


def panics(data: dict[str, Any] | None) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """``(pair, finding)`` for each class where one release panics and the other does not."""
    if data is None:
        return []
    return [(p, f) for p in data["pairs"] for f in p["findings"] if _one_sided_panic(f)]


def panic_markdown(data: dict[str, Any] | None) -> list[str]:
    """The headline lines: each release-diff class where one side panics, with its minimal case."""
    out: list[str] = []
    for p, f in panics(data):
        out += [
            f"- **{p['older']} → {p['newer']}** (differential run, {f['cases']} generated case(s)): "
            f"{_cell(_brief(f['oracleResult']), 160)} → {_cell(_brief(f['subjectResult']), 160)}; minimal case:",
            "",
            "  ```json",
            f"  {json.dumps(f['minimalCase'], ensure_ascii=False, sort_keys=True)}",
            "  ```",
        ]
    return out


def html_section(data: dict[str, Any] | None) -> list[str]:
    """The same section as :func:`markdown_section`, as HTML."""
    if data is None:
        return []
    esc = html.escape
    parts = [
        "<h2>Differential runs between releases</h2>",
        f"<p><code>hcsdoc matrix --release-diffs</code>: {data['examples']} generated cases (seed {data['seed']}) "
        "per consecutive pair; every class of difference shrunk to a minimal case.</p>",
        "<table><tr><th>older → newer<th>cases<th>case digest<th>mismatches<th>classes<th>cases/s",
    ]
    for p in data["pairs"]:
        parts.append(
            f"<tr><td>{esc(p['older'])} → {esc(p['newer'])}<td>{p['cases']}<td><code>{esc(str(p['digest']))}</code>"
            f"<td>{p['mismatches']}<td>{len(p['findings'])}<td>{p['casesPerSecond']}"
        )
    parts.append("</table>")
    for p in data["pairs"]:
        if not p["findings"]:
            continue
        parts.append(f"<h3>{esc(p['older'])} → {esc(p['newer'])}</h3>")
        parts.append("<table><tr><th>class<th>cases<th>where<th>older<th>newer<th>minimal case")
        for f in p["findings"]:
            cls = " class=panic" if _one_sided_panic(f) else ""
            new = " <i>new</i>" if _is_new(f) else ""
            parts.append(
                f"<tr{cls}><td><code>{esc(f['id'])}</code>{new}<td>{f['cases']}<td>{esc(', '.join(f['paths']))}"
                f"<td>{esc(_brief(f['oracleResult'])[:300])}<td>{esc(_brief(f['subjectResult'])[:300])}"
                f"<td><code>{esc(canonical_json(f['minimalCase']))}</code>"
            )
        parts.append("</table>")
    return parts
