"""The hcsshim release table: every release from v0.8.7 to v0.14.1, grouped into distinct behaviours.

``conformance/capture/hcsshim-versions.json`` (committed) is made by :func:`regroup` from a git repository of
hcsshim (``hcsdoc matrix --regroup --git DIR``) and read by everything else, so that a fresh machine needs no git
history: for each tag its commit and behaviour fingerprint (:mod:`.fingerprint`), for each behaviour its tags, the
tag that is built for it and, for each consecutive pair of behaviours, the upstream commits that changed the
declarations whose text differs. Order is branch order (release/0.8, 0.9, ... 0.14), not tag date: v0.9.12 (2024)
comes before v0.10.0 (2023).
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from hcsdoc.conformance.capture.build import GO_TOOLCHAIN, PINNED_COMMITS
from hcsdoc.conformance.capture.eras import Era, era_of, parse_version
from hcsdoc.conformance.capture.fingerprint import MODULE, FingerprintError, GitTree, counted, fingerprint, reachable

TABLE_PATH: Final = Path(__file__).resolve().parent / "hcsshim-versions.json"
FIRST: Final = "v0.8.7"
LAST: Final = "v0.14.1"
UPSTREAM: Final = "https://github.com/microsoft/hcsshim"
_HCSOCI: Final = f"{MODULE}/internal/hcsoci"
ROOTS: Final = (
    (_HCSOCI, "createWindowsContainerDocument"),
    (_HCSOCI, "createOptionsInternal"),
    (_HCSOCI, "CreateOptions"),
)
# From v0.13 the converter's caller fills coi.mountedWCOWLayers and coi.namedPipeMounts with this code first: the
# capture runs the shim's ParseWCOWLayers and allocateWindowsResources (go/eras/v0.13.0/coi.go), which reach
# MountWCOWLayers, MakeMountedWCOWLayers (v0.14.1) and ParseNamedPipe.
ERA_ROOTS: Final = {
    "v0.13.0": (
        (f"{MODULE}/internal/layers", "MountWCOWLayers"),
        (f"{MODULE}/internal/uvm", "ParseNamedPipe"),
        (f"{MODULE}/internal/layers", "ParseWCOWLayers"),
        (f"{MODULE}/internal/hcsoci", "allocateWindowsResources"),
    )
}


@dataclass(frozen=True)
class Behaviour:
    id: str
    """The tag that is built for this behaviour."""
    tags: tuple[str, ...]
    fingerprint: str
    era: str

    @property
    def label(self) -> str:
        return self.tags[0] if len(self.tags) == 1 else f"{self.tags[0]}..{self.tags[-1]}"

    def era_def(self) -> Era:
        return era_of(self.id)


@dataclass(frozen=True)
class Table:
    behaviours: tuple[Behaviour, ...]
    tags: dict[str, dict[str, Any]]
    changes: dict[str, list[dict[str, Any]]]
    """``"<from id>..<to id>"`` -> commits ``{"commit", "subject", "declarations"}`` between the two behaviours."""

    def behaviour(self, key: str) -> Behaviour:
        """The behaviour with id ``key``, or the one a tag ``key`` belongs to."""
        for b in self.behaviours:
            if key == b.id or key in b.tags:
                return b
        raise KeyError(f"hcsshim {key} is not in the release table ({FIRST}..{LAST})")


def release_tags(git_dir: Path) -> list[str]:
    r = subprocess.run(["git", "--git-dir", str(git_dir), "tag"], capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise FingerprintError(f"git tag in {git_dir}: {r.stderr.strip()}")
    tags = [t for t in r.stdout.split() if re.fullmatch(r"v\d+\.\d+\.\d+", t)]
    lo, hi = parse_version(FIRST), parse_version(LAST)
    return sorted((t for t in tags if lo <= parse_version(t) <= hi), key=parse_version)


def _roots(tag: str) -> tuple[tuple[str, str], ...]:
    return ROOTS + ERA_ROOTS.get(era_of(tag).name, ())


def _representative(tags: list[str]) -> str:
    pinned = [t for t in tags if t in PINNED_COMMITS]
    return pinned[-1] if pinned else tags[-1]


def _git(git_dir: Path, *args: str) -> str:
    r = subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise FingerprintError(f"git {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def _decl_files(tree: GitTree, decls: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(package, name) -> file defining it in ``tree`` (first match)."""
    out: dict[tuple[str, str], str] = {}
    for path in tree.blobs:
        if not path.endswith(".go") or path.endswith("_test.go"):
            continue
        folder = path.rsplit("/", 1)[0]
        pkg = folder[len("vendor/") :] if folder.startswith("vendor/") else f"{MODULE}/{folder}"
        names = [n for (p, n) in decls if p == pkg]
        if not names:
            continue
        text = tree.read_many([path])[path]
        for n in names:
            if re.search(rf"^(func (\([^)]*\) )?|type |var |const |\t){re.escape(n)}\b", text, re.M):
                out.setdefault((pkg, n), path)
    return out


_TOKEN: Final = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,}")


def changed_tokens(diff: str) -> set[str]:
    """The words (identifiers, and words inside strings) on a diff's added and removed lines, lower-cased: what a
    change to a document field or an error text can be matched against (:func:`likely_commits`)."""
    out: set[str] = set()
    for line in diff.splitlines():
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---")):
            out.update(t.lower() for t in _TOKEN.findall(line))
    return out


def likely_commits(commits: list[dict[str, Any]], cause: str) -> list[dict[str, Any]]:
    """The commits (of one pair) whose changed lines best match a change's class (document field names, error
    text words), best first; none when no commit shares a word. A word counts less the more commits of the pair
    change it, and a commit that only touched vendored code (a dependency bump) comes after any hcsshim commit
    that matches at all."""
    words = {t.lower() for t in _TOKEN.findall(cause)} - _COMMON
    holders = {w: sum(1 for c in commits if w in c.get("tokens", ())) for w in words}

    def vendored_only(c: dict[str, Any]) -> bool:
        return all(d.startswith("github.com/") for d in c.get("declarations", ()))

    scored = []
    for i, c in enumerate(commits):
        score = sum(1 / holders[w] for w in words if w in c.get("tokens", ()))
        if score:
            scored.append((vendored_only(c), -score, i, c))
    scored.sort(key=lambda t: (t[0], t[1], t[2]))
    if not scored:
        return []
    best = scored[0][:2]
    return [c for v, sc, _, c in scored if (v, sc) == best]


# words that say nothing about a cause: outcome names, the Go runtime's panic texts, Windows' error texts
_COMMON: Final = frozenset(
    {
        "documents",
        "differ",
        "added",
        "removed",
        "error",
        "text",
        "panic",
        "runtime",
        "invalid",
        "memory",
        "address",
        "pointer",
        "dereference",
        "integer",
        "divide",
        "zero",
        "system",
        "cannot",
        "find",
        "specified",
        "path",
        "file",
        "failed",
        "found",
        "parsing",
        "syntax",
        "value",
        "range",
        "spec",
    }
)


def _changes(git_dir: Path, a: str, b: str) -> list[dict[str, Any]]:
    """Upstream commits that changed a counted declaration whose text differs between tags ``a`` and ``b``: those
    in ``b`` and not in ``a`` (``"side": "to"``), and, since release branches run in parallel, those in ``a`` and
    not in ``b`` (``"side": "from"``: a change the later branch was cut before), oldest first."""
    ta, tb = GitTree(git_dir, a), GitTree(git_dir, b)
    da = {(d.package, n): d.text for d in reachable(ta, _roots(a)) if counted(d) for n in d.names}
    db = {(d.package, n): d.text for d in reachable(tb, _roots(b)) if counted(d) for n in d.names}
    changed = {k for k in da.keys() | db.keys() if da.get(k) != db.get(k)}
    base = _git(git_dir, "merge-base", a, b).strip() or a
    out: list[dict[str, Any]] = []
    for side, tree, tip in (("to", tb, b), ("from", ta, a)):
        files = _decl_files(tree, changed)
        commits: dict[str, dict[str, Any]] = {}
        for (pkg, name), path in sorted(files.items()):
            short = pkg.removeprefix(f"{MODULE}/")
            for line in _git(git_dir, "log", "--format=%H %s", f"{base}..{tip}", "--", path).splitlines():
                sha, _, subject = line.partition(" ")
                diff = _git(git_dir, "show", "--format=", "-U0", sha, "--", path)
                # a changed line naming the declaration, or a hunk inside it (git names the enclosing func)
                if not re.search(rf"^(?:[+-]|@@.*@@ ?(?:func|type|var|const) ).*\b{re.escape(name)}\b", diff, re.M):
                    continue
                entry = commits.setdefault(
                    sha, {"commit": sha, "subject": subject, "side": side, "declarations": [], "tokens": set()}
                )
                entry["declarations"].append(f"{short}.{name}")
                entry["tokens"] |= changed_tokens(diff)
        order = _git(git_dir, "log", "--format=%H", f"{base}..{tip}").split()
        for sha in reversed(order):
            if sha in commits:
                commits[sha]["declarations"] = sorted(set(commits[sha]["declarations"]))
                commits[sha]["tokens"] = sorted(commits[sha]["tokens"])
                out.append(commits[sha])
    return out


def regroup(git_dir: Path) -> dict[str, Any]:
    """The table's JSON, computed from a git repository of hcsshim."""
    tags: dict[str, dict[str, Any]] = {}
    runs: list[list[str]] = []
    for tag in release_tags(git_dir):
        tree = GitTree(git_dir, tag)
        fp, n = fingerprint(tree, _roots(tag), GO_TOOLCHAIN)
        commit = _git(git_dir, "rev-parse", f"{tag}^{{commit}}").strip()
        date = _git(git_dir, "log", "-1", "--format=%cs", commit).strip()
        tags[tag] = {"commit": commit, "date": date, "fingerprint": fp, "declarations": n, "era": era_of(tag).name}
        # a behaviour is a run of consecutive tags (branch order) with one fingerprint
        if runs and tags[runs[-1][-1]]["fingerprint"] == fp:
            runs[-1].append(tag)
        else:
            runs.append([tag])
    behaviours = []
    for members in runs:
        rep = _representative(members)
        behaviours.append(
            {"id": rep, "tags": members, "fingerprint": tags[rep]["fingerprint"], "era": tags[rep]["era"]}
        )
    changes = {}
    for prev, cur in itertools.pairwise(behaviours):
        changes[f"{prev['id']}..{cur['id']}"] = _changes(git_dir, prev["tags"][-1], cur["tags"][0])
    return {
        "format": 1,
        "toolchain": GO_TOOLCHAIN,
        "range": [FIRST, LAST],
        "upstream": UPSTREAM,
        "behaviours": behaviours,
        "tags": tags,
        "changes": changes,
    }


def write_table(data: dict[str, Any], path: Path = TABLE_PATH) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def load_table(path: Path = TABLE_PATH) -> Table:
    data = json.loads(path.read_text(encoding="utf-8"))
    behaviours = tuple(Behaviour(b["id"], tuple(b["tags"]), b["fingerprint"], b["era"]) for b in data["behaviours"])
    return Table(behaviours, data["tags"], data["changes"])


def table_lines(table: Table) -> list[str]:
    """The tag -> build table, one line per tag (what ``hcsdoc matrix --table`` prints)."""
    lines = [f"{'tag':<9} {'commit':<12} {'date':<10} {'behaviour':<9} {'era':<8} build"]
    for b in table.behaviours:
        era = b.era_def()
        for tag in b.tags:
            info = table.tags[tag]
            if era.unsupported:
                build = f"not built: {era.unsupported}"
            elif tag == b.id:
                build = f"built ({len(b.tags)} tag{'s' if len(b.tags) > 1 else ''}, fingerprint {b.fingerprint[7:19]})"
            else:
                build = f"= {b.id}"
            lines.append(f"{tag:<9} {info['commit'][:12]:<12} {info['date']:<10} {b.id:<9} {b.era:<8} {build}")
    return lines
