"""Per-version expectations for the matrix (``conformance/expectations/go-<version>.json``), with reasons by class.

A case whose result under a version differs from the vectors' (v0.11.8's) gets an entry with the observed outcome.
Its reason comes from ``conformance/expectations/hcsshim-reasons.json``, reviewed by hand: a list of rules, each a
range of versions, a regular expression over the *class* of the difference (:func:`hcsdoc.conformance.matrix.run.cause` of
v0.11.8's result and the version's), optionally a case-id glob, and the reason (shared by every case of the class).
An existing entry with the same outcome and a real reason keeps it (so hand-written reasons survive). A difference
no rule explains gets a ``TODO`` reason and makes ``hcsdoc matrix --update-expectations`` exit 1.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from hcsdoc.conformance.capture.eras import parse_version
from hcsdoc.conformance.matrix.run import VersionRun, cause, result_of
from hcsdoc.conformance.results.outcomes import Reply
from hcsdoc.conformance.runner.expectations import (
    EXPECTATIONS_DIR,
    Expectation,
    default_path,
    dumps_expectations,
    load_expectations,
)
from hcsdoc.conformance.vectors.suite import Suite

REASONS_PATH: Final = EXPECTATIONS_DIR / "hcsshim-reasons.json"
TODO: Final = "TODO: explain"


class ReasonsError(Exception):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    first: str
    last: str
    pattern: re.Pattern[str]
    ids: str
    reason: str
    link: str

    def applies(self, version: str, klass: str, case_id: str) -> bool:
        v = parse_version(version)
        return (
            parse_version(self.first) <= v <= parse_version(self.last)
            and self.pattern.search(klass) is not None
            and fnmatch.fnmatchcase(case_id, self.ids)
        )


def load_reasons(path: Path = REASONS_PATH) -> list[Rule]:
    where = ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rules = []
        for i, r in enumerate(data["rules"]):
            where = f" (rule {i})"
            first, last = r["versions"]
            parse_version(first), parse_version(last)
            reason = f"{r['reason']} (hcsshim-reasons.json: {r['id']})"
            rules.append(
                Rule(r["id"], first, last, re.compile(r["class"]), r.get("ids", "*"), reason, r.get("link", ""))
            )
        return rules
    except (OSError, ValueError, KeyError, TypeError, re.error) as exc:
        raise ReasonsError(f"{path}{where}: {type(exc).__name__}: {exc}") from None


def difference_class(run: VersionRun, suite: Suite, case_id: str) -> str:
    """The class of the difference between v0.11.8's result (the vector) and ``run``'s for ``case_id``."""
    expected = result_of(Reply("result", result=suite.by_id[case_id].expected))
    actual = run.results.get(case_id)
    if actual is None:
        return "not run"
    if expected.digest == actual.digest:
        return "same result, other bytes"
    return cause(expected, actual)


def update_version_expectations(run: VersionRun, suite: Suite, rules: list[Rule], path: Path | None = None) -> int:
    """Rewrite ``go-<version>.json`` (or ``path``) for the cases ``run`` ran; returns how many entries have no
    reason."""
    version = run.behaviour.id
    path = path or default_path("go", version)
    assert path is not None
    exp = load_expectations(path)
    exp.implementation = f"go {version}"
    todo = 0
    for cid, observed in run.observed.items():
        old = exp.entries.get(cid)
        if observed == "pass":
            exp.entries.pop(cid, None)
            continue
        if old is not None and old.outcome == observed and old.reason and not old.reason.startswith("TODO"):
            continue
        klass = difference_class(run, suite, cid)
        rule = next((r for r in rules if r.applies(version, klass, cid)), None)
        if rule is None:
            todo += 1
            exp.entries[cid] = Expectation(observed, f"{TODO} ({klass[:300]})")
        else:
            exp.entries[cid] = Expectation(observed, rule.reason, rule.link)
    for cid in run.stale:
        exp.entries.pop(cid, None)
    if exp.entries or path.exists():
        path.write_text(dumps_expectations(exp), encoding="utf-8")
    return todo
