"""Per-implementation expected outcomes (``conformance/expectations/<implementation>.json``).

```json
{"format": 1, "implementation": "go v0.12.9",
 "expectations": {"<case id>": {"outcome": "fail", "reason": "why", "link": "https://..."}}}
```

``outcome`` is the observed outcome the case is expected to have (``fail``, ``error-mismatch``, ``crash``, ...), or
``skip``: do not run it at all (for cases that hang or take the adapter down). The rules are strict, so the file
cannot go stale silently: a listed case that passes is ``xpass``, a listed case that fails *differently* is
unexpected, and an entry whose id is not in the suite is stale; all three fail the run.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hcsdoc.conformance.results import safejson
from hcsdoc.conformance.results.outcomes import EXPECTABLE

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"


class ExpectationsError(Exception):
    """A malformed expectations file; the message names the file and the entry."""


@dataclass(frozen=True)
class Expectation:
    outcome: str
    reason: str = ""
    link: str = ""

    def to_json(self) -> dict[str, str]:
        out = {"outcome": self.outcome, "reason": self.reason}
        if self.link:
            out["link"] = self.link
        return out


@dataclass
class Expectations:
    path: Path | None
    implementation: str = ""
    entries: dict[str, Expectation] = field(default_factory=dict)

    def get(self, case_id: str) -> Expectation | None:
        return self.entries.get(case_id)


def default_path(kind: str, version: str = "") -> Path | None:
    """``reference.json`` for the reference, ``go-<version>.json`` for the Go capture executable,
    ``moby-<version>.json`` for Docker Engine."""
    if kind == "reference":
        return EXPECTATIONS_DIR / "reference.json"
    if kind == "go":
        return EXPECTATIONS_DIR / f"go-{version}.json"
    if kind == "moby":
        return EXPECTATIONS_DIR / f"moby-{version}.json"
    return None


def load_expectations(path: Path | None, *, must_exist: bool = False) -> Expectations:
    if path is None:
        return Expectations(None)
    if not path.exists():
        if must_exist:
            raise ExpectationsError(f"{path}: no such expectations file")
        return Expectations(path)
    try:
        data = safejson.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ExpectationsError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ExpectationsError(f"{path}: not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != 1 or not isinstance(data.get("expectations"), dict):
        raise ExpectationsError(f'{path}: not an expectations file (need {{"format": 1, "expectations": {{...}}}})')
    entries: dict[str, Expectation] = {}
    for cid, raw in data["expectations"].items():
        if not isinstance(raw, dict):
            raise ExpectationsError(f"{path}: entry {cid!r}: must be an object")
        outcome = raw.get("outcome")
        if outcome not in EXPECTABLE:
            raise ExpectationsError(
                f"{path}: entry {cid!r}: outcome {outcome!r} is not one of {', '.join(sorted(EXPECTABLE))}"
            )
        extra = sorted(raw.keys() - {"outcome", "reason", "link"})
        if extra:
            raise ExpectationsError(f"{path}: entry {cid!r}: unknown key(s) {', '.join(extra)}")
        reason, link = raw.get("reason", ""), raw.get("link", "")
        if not isinstance(reason, str) or not isinstance(link, str):
            raise ExpectationsError(f"{path}: entry {cid!r}: reason and link must be strings")
        entries[cid] = Expectation(str(outcome), reason, link)
    impl = data.get("implementation", "")
    return Expectations(path, impl if isinstance(impl, str) else "", entries)


def dumps_expectations(exp: Expectations) -> str:
    data = {
        "format": 1,
        "implementation": exp.implementation,
        "expectations": {cid: exp.entries[cid].to_json() for cid in sorted(exp.entries)},
    }
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


@dataclass
class UpdateSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def update_expectations(exp: Expectations, observed: Mapping[str, str], stale: Iterable[str]) -> UpdateSummary:
    """Rewrite only what was observed: a case that passed loses its entry, a case with a non-pass outcome gets
    (or keeps) an entry with that outcome; stale ids are dropped. Entries of cases not run are left alone, and so
    are their reasons and links. New entries get a placeholder reason to be filled in by hand."""
    summary = UpdateSummary()
    today = datetime.date.today().isoformat()
    for cid, outcome in observed.items():
        old = exp.entries.get(cid)
        if outcome == "pass":
            if old is not None and old.outcome != "skip":
                del exp.entries[cid]
                summary.removed.append(cid)
            continue
        if old is None:
            exp.entries[cid] = Expectation(outcome, f"TODO: explain (recorded by --update-expectations on {today})")
            summary.added.append(cid)
        elif old.outcome not in (outcome, "skip"):
            exp.entries[cid] = Expectation(outcome, old.reason, old.link)
            summary.changed.append(cid)
    for cid in stale:
        if exp.entries.pop(cid, None) is not None:
            summary.removed.append(cid)
    return summary
