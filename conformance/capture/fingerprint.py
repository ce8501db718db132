"""Behaviour fingerprints of hcsshim releases: which tags can differ in what the capture executable produces.

A release's *fingerprint* hashes the text of every Go declaration the capture executable can reach from its roots
(``createWindowsContainerDocument``, the options types our entry point fills, and, per era, the extra hcsshim code
it runs first), plus the ``go`` line of ``go.mod`` (it decides loop-variable semantics) and the pinned toolchain.
Reachability is a conservative closure over identifiers: a declaration reaches every declaration of its own package
whose name it mentions, every ``alias.Name`` of an imported package, and every method named as a selector
(``x.Name``) in its own package or an imported one. Comments and whitespace do not count. Two tags with the same
fingerprint compile the same reachable code with the same toolchain, so they behave the same and are built once.

The source of each tag comes from a git repository of hcsshim (``$HCSDOC_HCSSHIM_GIT`` or ``--git``): hcsshim keeps
its ``vendor/`` folder in git, so the decoded runtime-spec types and go-winio's ``fs`` are read from there too.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

MODULE: Final = "github.com/Microsoft/hcsshim"
# Vendored packages whose code the converter runs or whose types it decodes into.
VENDORED: Final = (
    "github.com/opencontainers/runtime-spec/specs-go",
    "github.com/Microsoft/go-winio/pkg/fs",
    "github.com/Microsoft/go-winio/pkg/guid",
)
# Packages whose types are data the converter decodes or marshals: a struct type's fields are followed into them
# (elsewhere a field's type is only a handle the converter never reads through, e.g. UtilityVM's *hcs.System).
DATA_PACKAGES: Final = frozenset(
    {
        "github.com/opencontainers/runtime-spec/specs-go",
        f"{MODULE}/internal/hcs/schema1",
        f"{MODULE}/internal/hcs/schema2",
        f"{MODULE}/internal/schema1",
        f"{MODULE}/internal/schema2",
    }
)
# Declarations the capture replaces with a seam (conformance/capture/patches.py): their bodies never run, and
# logging/tracing, whose output the capture discards.
NOT_RUN: Final = frozenset(
    {
        ("github.com/Microsoft/go-winio/pkg/fs", "ResolvePath"),
        (f"{MODULE}/internal/wclayer", "_nameToGuid"),
        (f"{MODULE}/internal/processorinfo", "ProcessorCount"),
        (f"{MODULE}/osversion", "Build"),
    }
)
IGNORED_PACKAGES: Final = frozenset({f"{MODULE}/internal/log", f"{MODULE}/internal/oc", f"{MODULE}/internal/logfields"})
_SKIP_SUFFIXES: Final = ("_test.go", "_linux.go", "_unix.go", "_darwin.go", "_freebsd.go", "_solaris.go")
_DECL_START: Final = re.compile(r"^(func|type|var|const) ", re.M)
_FUNC_NAME: Final = re.compile(r"func\s+(?:\(\s*\w*\s*\*?\s*(\w+)[^)]*\)\s*)?(\w+)")
_IDENT: Final = re.compile(r"(?<![\w.])([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?|\.([A-Za-z_]\w*)")
_STRING_OR_COMMENT: Final = re.compile(r'"(?:\\.|[^"\\\n])*"|`[^`]*`|\'(?:\\.|[^\'\\\n])*\'|//[^\n]*|/\*.*?\*/', re.S)


class FingerprintError(Exception):
    """The git repository cannot answer (missing tag, not a repository)."""


@dataclass
class _Decl:
    package: str
    names: tuple[str, ...]
    text: str
    """Normalised text: comments dropped, whitespace runs collapsed."""
    imports: dict[str, str]
    """alias -> import path, of the file the declaration is in."""
    refs: str
    """The text whose identifiers count as references (strings, comments and struct field names removed)."""
    is_type: bool


@dataclass
class _Package:
    path: str
    by_name: dict[str, list[_Decl]] = field(default_factory=dict)
    methods: dict[str, list[_Decl]] = field(default_factory=dict)


class GitTree:
    """Read files of one tag through ``git cat-file --batch``."""

    def __init__(self, git_dir: Path, tag: str) -> None:
        self.git_dir = git_dir
        self.tag = tag
        r = subprocess.run(
            ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "--format=%(objectname) %(path)", f"{tag}^{{commit}}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if r.returncode != 0:
            raise FingerprintError(f"git ls-tree {tag}: {r.stderr.strip()}")
        self.blobs: dict[str, str] = {}
        for line in r.stdout.splitlines():
            oid, _, path = line.partition(" ")
            self.blobs[path] = oid

    def read_many(self, paths: Iterable[str]) -> dict[str, str]:
        wanted = [p for p in paths if p in self.blobs]
        if not wanted:
            return {}
        r = subprocess.run(
            ["git", "--git-dir", str(self.git_dir), "cat-file", "--batch"],
            input="".join(self.blobs[p] + "\n" for p in wanted).encode(),
            capture_output=True,
            check=True,
        )
        out: dict[str, str] = {}
        data = r.stdout
        pos = 0
        for p in wanted:
            nl = data.index(b"\n", pos)
            size = int(data[pos:nl].split()[2])
            out[p] = data[nl + 1 : nl + 1 + size].decode("utf-8", errors="replace")
            pos = nl + 1 + size + 1
        return out


def _normalise(text: str) -> str:
    def keep_strings(m: re.Match[str]) -> str:
        s = m.group(0)
        return " " if s.startswith("/") else s

    return " ".join(_STRING_OR_COMMENT.sub(keep_strings, text).split())


def _builds_for_windows(name: str, text: str) -> bool:
    if name.endswith(_SKIP_SUFFIXES):
        return False
    m = re.search(r"^//go:build (.+)$", text, re.M)
    if m is None:
        m2 = re.search(r"^// \+build (.+)$", text, re.M)
        expr = m2.group(1) if m2 else ""
    else:
        expr = m.group(1)
    return not expr or ("windows" in expr and "!windows" not in expr)


def _imports(text: str, package_names: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    block = re.search(r"^import \((.*?)^\)", text, re.M | re.S)
    lines = block.group(1).splitlines() if block else re.findall(r"^import (.+)$", text, re.M)
    for line in lines:
        m = re.match(r'\s*(\w+|\.|_)?\s*"([^"]+)"', line)
        if not m:
            continue
        alias, path = m.group(1), m.group(2)
        out[alias or package_names.get(path, path.rsplit("/", 1)[-1])] = path
    return out


def _split_group(kind: str, chunk: str) -> list[tuple[tuple[str, ...], str]]:
    """A ``const (``/``var (``/``type (`` block as one entry per spec (so that adding a constant does not change
    its neighbours), unless the block uses iota (then a value depends on its position: one entry)."""
    names = tuple(re.findall(r"^\t(\w+)", chunk, re.M))
    if "iota" in chunk:
        return [(names, chunk)]
    out: list[tuple[tuple[str, ...], str]] = []
    for m in re.finditer(r"^\t(\w+)[^\n]*(?:\n(?:\t\t|\t\)|\t}|\t]|\n)[^\n]*)*", chunk, re.M):
        spec_names = tuple(re.findall(r"\w+", m.group(0).split("=")[0].split(" ")[0]))
        out.append((spec_names[:1] or (m.group(1),), f"{kind} {m.group(0)}"))
    return out


def _split_decls(text: str) -> list[tuple[tuple[str, ...], str, bool]]:
    """(names, text, is_method) of each top-level declaration."""
    starts = [m.start() for m in _DECL_START.finditer(text)]
    out: list[tuple[tuple[str, ...], str, bool]] = []
    for i, s in enumerate(starts):
        chunk = text[s : starts[i + 1] if i + 1 < len(starts) else len(text)]
        kind = chunk.split(" ", 1)[0]
        if kind == "func":
            m = _FUNC_NAME.match(chunk)
            if m:
                out.append(((m.group(2),), chunk, m.group(1) is not None))
            continue
        head = chunk[len(kind) + 1 :].lstrip()
        if head.startswith("("):
            out += [(names, spec, False) for names, spec in _split_group(kind, chunk)]
        else:
            m2 = re.match(r"(\w+)", head)
            out.append(((m2.group(1),) if m2 else (), chunk, False))
    return out


def _refs(chunk: str) -> str:
    text = _STRING_OR_COMMENT.sub(" ", chunk)
    if chunk.startswith("type "):
        # a struct field's name is not a reference: drop "Name Type" names (embedded fields stay)
        text = re.sub(r"^(\s+)\w+(?:\s*,\s*\w+)*(?=\s+[\w*\[\]{(.])", r"\1", text, flags=re.M)
    return text


class _Index:
    def __init__(self, tree: GitTree) -> None:
        self.tree = tree
        self.packages: dict[str, _Package] = {}
        self._dirs: dict[str, str] = {}  # import path -> folder in the tree
        for path in tree.blobs:
            if not path.endswith(".go"):
                continue
            folder = path.rsplit("/", 1)[0] if "/" in path else ""
            if folder.startswith("vendor/"):
                imp = folder[len("vendor/") :]
                if imp not in VENDORED:
                    continue
            elif folder.startswith(("test/", "cmd/")) or "/testdata" in folder:
                continue
            else:
                imp = f"{MODULE}/{folder}" if folder else MODULE
            self._dirs[imp] = folder

    def package(self, imp: str) -> _Package | None:
        if imp in self.packages:
            return self.packages[imp]
        folder = self._dirs.get(imp)
        if folder is None or imp in IGNORED_PACKAGES:
            return None
        pkg = _Package(imp)
        self.packages[imp] = pkg
        files = [p for p in self.tree.blobs if p.endswith(".go") and p.rsplit("/", 1)[0] == folder]
        texts = self.tree.read_many(files)
        names = {"github.com/opencontainers/runtime-spec/specs-go": "specs"}
        for fname, text in sorted(texts.items()):
            if not _builds_for_windows(fname, text):
                continue
            imports = _imports(text, names)
            for decl_names, chunk, is_method in _split_decls(text):
                if any((imp, n) in NOT_RUN for n in decl_names):
                    continue
                d = _Decl(imp, decl_names, _normalise(chunk), imports, _refs(chunk), chunk.startswith("type "))
                table = pkg.methods if is_method else pkg.by_name
                for n in decl_names:
                    if n == "_":
                        continue
                    table.setdefault(n, []).append(d)
        return pkg


def reachable(tree: GitTree, roots: Iterable[tuple[str, str]]) -> list[_Decl]:
    """Every declaration reachable from ``roots`` ((import path, name) pairs), in a stable order."""
    index = _Index(tree)
    seen: dict[int, _Decl] = {}
    todo: list[_Decl] = []

    def add(decls: Iterable[_Decl]) -> None:
        for d in decls:
            if id(d) not in seen:
                seen[id(d)] = d
                todo.append(d)

    for imp, name in roots:
        pkg = index.package(imp)
        if pkg is None or name not in pkg.by_name:
            raise FingerprintError(f"{tree.tag}: root {imp}.{name} not found")
        add(pkg.by_name[name])
    while todo:
        d = todo.pop()
        own = index.package(d.package)
        assert own is not None
        imported = [p for p in (index.package(i) for i in d.imports.values()) if p is not None]
        if d.is_type:
            imported = [p for p in imported if p.path in DATA_PACKAGES]
        for m in _IDENT.finditer(d.refs):
            first, second, selector = m.group(1), m.group(2), m.group(3)
            if selector is not None:
                for p in (own, *imported):
                    add(p.methods.get(selector, ()))
                continue
            if first in d.imports and second is not None:
                if d.is_type and d.imports[first] not in DATA_PACKAGES:
                    continue
                target = index.package(d.imports[first])
                if target is not None:
                    add(target.by_name.get(second, ()))
                    add(target.methods.get(second, ()))
                continue
            add(own.by_name.get(first, ()))
            if second is not None:
                for p in (own, *imported):
                    add(p.methods.get(second, ()))
    return sorted(seen.values(), key=lambda d: (d.package, d.names, d.text))


def go_directive(tree: GitTree) -> str:
    text = tree.read_many(["go.mod"]).get("go.mod", "")
    m = re.search(r"^go (\S+)", text, re.M)
    return m.group(1) if m else ""


def per_iteration_loop_vars(go_line: str) -> bool:
    """Whether ``go.mod``'s ``go`` line gives each loop iteration its own variables (Go 1.22 and later): the one
    language change between go 1.13 and go 1.24 that can change what the same code computes."""
    parts = [int(x) for x in re.findall(r"\d+", go_line)[:2]]
    return len(parts) == 2 and (parts[0], parts[1]) >= (1, 22)


def counted(d: _Decl) -> bool:
    """Whether a reachable declaration's text counts: every function, constant and variable, and the types of the
    data packages. Any other type (a handle such as UtilityVM or hcs.System) is reached through, not counted: its
    fields change with code the converter never runs, and what the converter does with it is in the methods."""
    return not d.is_type or d.package in DATA_PACKAGES or d.package == f"{MODULE}/internal/hcsoci"


def fingerprint(tree: GitTree, roots: Iterable[tuple[str, str]], toolchain: str) -> tuple[str, int]:
    """``sha256:<hex>`` of the reachable code of ``tree``, and how many declarations it covers."""
    decls = [d for d in reachable(tree, roots) if counted(d)]
    loopvar = per_iteration_loop_vars(go_directive(tree))
    h = hashlib.sha256(f"toolchain {toolchain}\nper-iteration loop variables {loopvar}\n".encode())
    for d in decls:
        h.update(f"{d.package}\0{','.join(d.names)}\0{d.text}\0".encode())
    return "sha256:" + h.hexdigest(), len(decls)
