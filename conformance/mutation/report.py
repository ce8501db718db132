"""``docs/mutation.md``, generated from the shard result files of ``hcsdoc mutate`` and the argued equivalents.

``equivalent.json`` (next to this module) and its topic files ``equivalent-<topic>.json`` list surviving mutants
that are equivalent to the reference, in groups that share an argument:
``{"groups": [{"why": "...", "mutants": {"<key>": "one line: why this one"}}]}``. A key that names no surviving
mutant is reported as stale, and a survivor in no group is listed as *not judged*.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Final

from hcsdoc.conformance.mutation import execute as ex

EQUIVALENT_PATH: Final = Path(__file__).resolve().parent / "equivalent.json"

_KILLED_BY_VECTORS: Final = (ex.KILLED_VECTORS, ex.INCOMPETENT, ex.TIMEOUT)


def load_equivalents(path: Path = EQUIVALENT_PATH) -> list[dict[str, Any]]:
    """The groups of ``equivalent.json`` and of its topic files beside it (``equivalent-<topic>.json``, same form),
    in name order. A mutant argued in two places is an error: one argument per mutant."""
    groups: list[dict[str, Any]] = []
    for p in [path, *sorted(path.parent.glob(f"{path.stem}-*.json"))]:
        groups += json.loads(p.read_text(encoding="utf-8"))["groups"]
    twice = sorted(k for k, n in Counter(k for g in groups for k in g["mutants"]).items() if n > 1)
    if twice:
        raise ValueError(f"{path.parent}: mutants argued twice: {', '.join(twice)}")
    return groups


def load_shards(out_dir: Path, prefix: str = "shard") -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[float]]:
    """Headers, records (sorted by mutant index) and wall times of every shard file in ``out_dir`` (``prefix``
    ``rerun``: of the reruns of the survivors)."""
    paths = sorted(out_dir.glob(f"{prefix}-*-of-*.jsonl"))
    if not paths:
        raise ValueError(f"{out_dir}: no {prefix} files (run hcsdoc mutate --shard K/N first)")
    headers: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    walls: list[float] = []
    for p in paths:
        for line in p.read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            if "header" in obj:
                headers.append(obj["header"])
            elif "wall" in obj:
                walls.append(float(obj["wall"]))
            else:
                records.append(obj)
    if len(walls) != len(headers):
        raise ValueError(f"{out_dir}: an unfinished {prefix} file")
    if prefix == "rerun":  # reruns after successive fixes: a mutant killed in any of them is killed
        return headers, records, walls
    if len({h["shard"].split("/")[1] for h in headers}) != 1:
        raise ValueError(f"{out_dir}: shard files of different runs")
    if len({(h.get("sample", 1), h["examples"], h["importCap"]) for h in headers}) != 1:
        raise ValueError(f"{out_dir}: shards ran with different --sample, --examples or --import-cap")
    if len({(h["reference"], h["digest"]) for h in headers}) != 1:
        raise ValueError(f"{out_dir}: shards ran against different reference sources or case streams")
    return headers, sorted(records, key=lambda r: r["index"]), walls


def _with_new_mutants(
    records: list[dict[str, Any]], rerun: tuple[list[dict[str, Any]], list[dict[str, Any]], list[float]] | None
) -> tuple[list[dict[str, Any]], list[str]]:
    """``records`` with the mutants the first run did not know (sources changed since), as the reruns ran them
    (killed in any rerun is killed), and their keys."""
    if rerun is None:
        return records, []
    first = {r["key"] for r in records}
    latest: dict[str, dict[str, Any]] = {}
    for r in rerun[1]:
        if r["key"] not in first and (r["key"] not in latest or latest[r["key"]]["outcome"] == ex.SURVIVED):
            latest[r["key"]] = r
    return records + list(latest.values()), sorted(latest)


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def render(
    headers: list[dict[str, Any]],
    records: list[dict[str, Any]],
    walls: list[float],
    rerun: tuple[list[dict[str, Any]], list[dict[str, Any]], list[float]] | None = None,
) -> tuple[str, int]:
    """The report text, and the number of survivors neither killed nor argued equivalent. ``rerun``: the
    survivors run again after fixes (their new outcomes count; the first run's figures are shown too)."""
    from hcsdoc.conformance.mutation.judge import EQUIVALENT, OUTSIDE, judge
    from hcsdoc.conformance.mutation.points import all_mutants, mutated_line, mutated_source

    by_key = {m.key: m for m in all_mutants()}
    records, new_keys = _with_new_mutants(records, rerun)
    # a run recorded a mutant cosmic-ray cannot build as a child that did not start: there was no mutant
    records = [
        {**r, "outcome": ex.NO_MUTATION}
        if r["outcome"] == ex.INCOMPETENT and r["key"] in by_key and mutated_source(by_key[r["key"]]) is None
        else r
        for r in records
    ]
    groups = load_equivalents()
    argued = {k: (g["why"], why) for g in groups for k, why in g["mutants"].items()}
    outside: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for r in records:
        verdict = judge(by_key[r["key"]], r, OUTSIDE) if r["key"] in by_key else None
        if verdict is not None:
            outside.setdefault(verdict[0].why, []).append((r, verdict[1]))
    outside_keys = {r["key"] for pairs in outside.values() for r, _ in pairs}
    records = [r for r in records if r["key"] not in outside_keys]
    c = Counter(r["outcome"] for r in records)
    total = len(records) - c[ex.NO_MUTATION]
    by_vectors = sum(c[o] for o in _KILLED_BY_VECTORS)
    by_diff = c[ex.KILLED_DIFF]
    first_survivors = [r for r in records if r["outcome"] == ex.SURVIVED]
    fixed: list[dict[str, Any]] = []
    if rerun is not None:
        again: dict[str, dict[str, Any]] = {}
        for r in rerun[1]:
            if r["key"] not in again or again[r["key"]]["outcome"] == ex.SURVIVED:
                again[r["key"]] = r
        fixed = [again[r["key"]] for r in first_survivors if again.get(r["key"], r)["outcome"] != ex.SURVIVED]
    fixed_keys = {r["key"] for r in fixed}
    survivors = [r for r in first_survivors if r["key"] not in fixed_keys]
    by_rule: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for r in survivors:
        verdict = None if r["key"] in argued or r["key"] not in by_key else judge(by_key[r["key"]], r, EQUIVALENT)
        if verdict is not None:
            by_rule.setdefault(verdict[0].why, []).append((r, verdict[1]))
    ruled = {r["key"] for pairs in by_rule.values() for r, _ in pairs}
    equivalent = [r for r in survivors if r["key"] in argued or r["key"] in ruled]
    unjudged = [r for r in survivors if r["key"] not in argued and r["key"] not in ruled]
    stale = sorted(set(argued) - {r["key"] for r in survivors})
    h = headers[0]
    capped = [
        r for r in survivors if r.get("atImport", r.get("ran") == h["importCap"]) and h["importCap"] < h["examples"]
    ]
    unreached = [r for r in survivors if r.get("ran") == 0]
    out: list[str] = [
        "# Mutation testing of the reference",
        "",
        "Generated by `hcsdoc mutate --report` from the shard files of `hcsdoc mutate --shard K/N` "
        "(conformance/mutation/); do not edit. How it works: conformance/mutation/__init__.py.",
        "",
        f"- reference sources `{h['reference']}`; {len(all_mutants())} mutants (cosmic-ray operators, "
        "conformance/mutation/points.py)"
        + (
            f"; this run: every {h['sample']}th one ({len(records)} mutants, `--sample {h['sample']}`)"
            if h.get("sample", 1) > 1
            else ""
        ),
        f"- (a) the {h.get('vectors', 'all')} vectors of conformance/vectors/"
        + (f" and their {h['rawForms']} raw forms (conformance/mutation/rawforms.py)" if h.get("rawForms") else "")
        + ", strictest comparison; "
        f"(b) for survivors, {h['examples']} generated cases (seed {h['seed']}, case digest `{h['digest']}`), "
        "mutant vs pristine reference: the cases that execute the mutated line; for a line run only at import, "
        f"the first {h['importCap']}",
        *(
            [
                f"- {len(new_keys)} mutants new since that run (the sources changed) ran in the reruns below: "
                + ", ".join(f"`{k}`" for k in new_keys)
            ]
            if new_keys
            else []
        ),
        f"- {len(headers)} shards; wall time per shard: {', '.join(f'{w:.0f}s' for w in walls)} "
        f"(preparing the cases: {h['prepareSeconds']}s, once)",
        "",
        "| | mutants | share |",
        "|---|---:|---:|",
        f"| mutants run | {total} | |",
        *(
            [f"| &nbsp;&nbsp;not counted: outside the converter (below) | {len(outside_keys)} | |"]
            if outside_keys
            else []
        ),
        f"| killed by the vectors | {by_vectors} | {_pct(by_vectors, total)} |",
        f"| &nbsp;&nbsp;of which: module no longer imports / endless loop | {c[ex.INCOMPETENT]} / {c[ex.TIMEOUT]} | |",
        f"| killed only by the differential run | {by_diff} | {_pct(by_diff, total)} |",
        f"| surviving the run | {len(first_survivors)} | {_pct(len(first_survivors), total)} |",
        f"| &nbsp;&nbsp;killed when run again after fixes | {len(fixed)} | |",
        f"| surviving | {len(survivors)} | {_pct(len(survivors), total)} |",
        f"| &nbsp;&nbsp;argued equivalent | {len(equivalent)} | |",
        f"| &nbsp;&nbsp;&nbsp;&nbsp;of which by a rule checked on the source (conformance/mutation/judge.py) "
        f"| {len(ruled)} | |",
        f"| &nbsp;&nbsp;not judged yet | {len(unjudged)} | |",
        "",
        f"**Mutation score, vectors alone: {_pct(by_vectors, total)}; vectors + {h['examples']}-case differential "
        f"run: {_pct(by_vectors + by_diff, total)}**; with the argued-equivalent mutants left out of the total: "
        f"{_pct(by_vectors, total - len(equivalent))} and {_pct(by_vectors + by_diff, total - len(equivalent))}."
        + (
            f" After the fixes below: {_pct(total - len(survivors), total)} killed "
            f"({_pct(total - len(survivors), total - len(equivalent))} without the argued-equivalent ones)."
            if fixed
            else ""
        ),
        f"Of the survivors, {len(unreached)} change a line that no generated case and no import executes, and "
        f"{len(capped)} change a line run only at import (checked on the first {h['importCap']} cases).",
        "",
    ]
    if c[ex.NO_MUTATION]:
        out += [
            f"({c[ex.NO_MUTATION]} positions where cosmic-ray applied no change, or could not build the mutant, are "
            "not counted.)",
            "",
        ]
    mods = Counter(r["key"].split(":")[0] for r in unjudged)
    if mods:
        out += ["## Survivors not judged yet, per module", "", "| module | survivors |", "|---|---:|"]
        out += [f"| {m} | {n} |" for m, n in sorted(mods.items(), key=lambda x: (-x[1], x[0]))]
        out += [""]
    if rerun is not None:
        sets = sorted(
            {(h.get("vectors", "?"), h.get("rawForms", 0), h["digest"], h["seed"], h["examples"]) for h in rerun[0]},
            key=str,
        )
        out += [
            "## Killed after fixes",
            "",
            "The survivors were run again (`hcsdoc mutate --rerun-survivors`) after the fixes (vectors captured "
            "from Go, generator improvements), with "
            + "; then ".join(
                f"{v} vectors"
                + (f" (and their {r} raw forms)" if r else "")
                + f" and case digest `{d}` (seed {s}, {n} cases)"
                for v, r, d, s, n in sets
            )
            + f"; wall time {', '.join(f'{w:.0f}s' for w in rerun[2])}. Killed now:",
            "",
        ]
        out += [f"- `{r['key']}`: {r['outcome']}" + (f" (by {r['by']})" if "by" in r else "") for r in fixed]
        out += [""]
    if outside:
        out += ["## Outside the converter (not counted)", ""]
        for why, pairs in outside.items():
            out += [f"**{why}**", "", f"{len(pairs)} mutants: " + ", ".join(f"`{r['key']}`" for r, _ in pairs), ""]
    if by_rule:
        out += ["## Argued equivalent by a rule", ""]
        for why, pairs in by_rule.items():
            out += [f"**{why}**", ""]
            out += [f"- `{r['key']}`: {line}" for r, line in pairs]
            out += [""]
    if groups:
        out += ["## Argued equivalent", ""]
        for g in groups:
            keys = [k for k in g["mutants"] if k not in stale]
            if not keys:
                continue
            out += [f"**{g['why']}**", ""]
            out += [f"- `{k}`: {g['mutants'][k]}" for k in keys]
            out += [""]
    if stale:
        out += ["## Stale equivalence entries (no such survivor)", ""] + [f"- `{k}`" for k in stale] + [""]
    if unjudged:
        out += ["## Survivors not judged yet", "", "| mutant | line | original | mutated | cases run |"]
        out += ["|---|---:|---|---|---:|"]
        for r in unjudged:
            m = by_key.get(r["key"])
            if m is None:
                out.append(f"| `{r['key']}` | | | | |")
                continue
            before, after = mutated_line(m)
            out.append(f"| `{r['key']}` | {m.line} | `{_cell(before)}` | `{_cell(after)}` | {r.get('ran', '')} |")
        out += [""]
    return "\n".join(out), len(unjudged)


def _cell(text: str) -> str:
    text = text if len(text) <= 90 else text[:87] + "..."
    return text.replace("|", "\\|").replace("`", "'")


def write_report(out_dir: Path, doc: Path) -> int:
    headers, records, walls = load_shards(out_dir)
    rerun = load_shards(out_dir, "rerun") if any(out_dir.glob("rerun-*-of-*.jsonl")) else None
    text, unjudged = render(headers, records, walls, rerun)
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")
    print(f"mutate: wrote {doc}; {unjudged} survivors not judged")
    return 1 if unjudged else 0
