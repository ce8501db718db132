"""Build the capture executable: the real hcsshim, plus our entry point and seams, for Windows (run under Wine).

Steps (DESIGN.md "The capture tool"):

1. Get hcsshim's module source for the version, from the first of these that has it: a ``git archive`` of the
   release (``hcsshim-VERSION.tar.gz`` in ``$HCSDOC_HCSSHIM_ARCHIVES``, default ``../shared/hcsshim/`` beside the
   checkout), whose embedded commit id must be the pinned one; the Go module proxy (``go mod download``), whose
   zip carries no vendored code, so ``go mod vendor`` fills ``vendor/`` from the proxy too; a git repository of
   hcsshim that the user names (``$HCSDOC_HCSSHIM_GIT``), whose tag must resolve to the pinned commit. The proxy
   refuses v0.11.8 (a release-branch tag), hence the archive. The pristine source is cached per version.
2. Copy it into a throw-away build folder in the cache, apply the seam patches (:mod:`.patches`), add our Go
   files (``go/``) and two generated ones: the Windows error texts from ``reference/winerror.py`` and the version.
3. ``go build`` with GOOS=windows GOARCH=amd64, the pinned toolchain, vendor mode, optionally ``-cover``.

Builds are cached under a key hashing our sources, the version, the toolchain and the cover flag.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from hcsdoc.conformance.capture.patches import PATCHES, apply_patches
from hcsdoc.conformance.capture.wine import cache_dir

HERE: Final = Path(__file__).resolve().parent
GO_SOURCES: Final = HERE / "go"
MODULE: Final = "github.com/Microsoft/hcsshim"
DEFAULT_VERSION: Final = "v0.11.8"
GO_TOOLCHAIN: Final = "go1.26.8"
# Tags whose commit we know: a git source must resolve the tag to exactly this commit.
PINNED_COMMITS: Final[dict[str, str]] = {
    "v0.11.8": "bd7c37cb0554e03d971e16c3e6dec4b28848b1d8",
    "v0.12.9": "7392335b540ccd5edc26ca1e0dce0da393c17eff",
}
# Where our Go files go inside the module copy.
PLACEMENT: Final[dict[str, str]] = {
    "seam.go": "hcsdocseam/seam.go",
    "hcsoci_capture.go": "internal/hcsoci/hcsdoc_capture.go",
    "uvm_capture.go": "internal/uvm/hcsdoc_capture.go",
    "main.go": "cmd/hcsdoc-capture/main.go",
}
MAIN_PACKAGE: Final = f"{MODULE}/cmd/hcsdoc-capture"
# Packages instrumented by a -cover build: the function, everything it calls, the seams and main (without main
# in the list, a Windows -cover executable writes no coverage data at all).
COVER_PACKAGES: Final = (
    "internal/hcsoci",
    "internal/oci",
    "internal/uvm",
    "internal/uvmfolder",
    "internal/layers",
    "internal/wclayer",
    "internal/wclayer/cim",
    "internal/hcserror",
    "internal/processorinfo",
    "osversion",
    "hcsdocseam",
    "cmd/hcsdoc-capture",
)
# Where release archives (``git archive`` of a tag) may be found: ``shared/hcsshim/`` beside the project checkout.
ARCHIVE_DIR_DEFAULT: Final = HERE.parent.parent.parent / "shared" / "hcsshim"


class BuildError(Exception):
    """The capture executable cannot be built; the message says why."""


@dataclass(frozen=True)
class Build:
    """A built capture executable and where it came from."""

    exe: Path
    src: Path
    """The patched module copy it was built from (coverage reports read it)."""
    provenance: dict[str, Any]
    cover: bool
    seconds: float
    """Build time, 0 when it came from the cache."""


def _log(msg: str) -> None:
    print(f"hcsdoc capture: {msg}", file=sys.stderr, flush=True)


def go_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
    env.update(
        GOTOOLCHAIN=GO_TOOLCHAIN,
        GOPATH=os.environ.get("GOPATH", str(Path.home() / "go")),
        GOFLAGS="-buildvcs=false",
        CGO_ENABLED="0",
    )
    for key in ("GOPROXY", "GOMODCACHE", "GOCACHE", "GONOSUMDB", "GONOSUMCHECK", "GOPRIVATE", "GONOPROXY"):
        if key in os.environ:
            env[key] = os.environ[key]
    env.update(extra)
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} (in {cwd}) failed ({r.returncode}):\n{r.stdout[-3000:]}{r.stderr[-5000:]}")
    return r.stdout


def go_version() -> str:
    """``go version`` of the pinned toolchain, e.g. ``go1.26.8``."""
    out = _run(["go", "version"], Path.cwd(), go_env())
    parts = out.split()
    if len(parts) < 3 or not parts[2].startswith("go"):
        raise BuildError(f"unexpected `go version` output: {out!r}")
    return parts[2]


def capture_sources() -> list[Path]:
    """Every file whose content decides what the capture tool produces (hashed into provenance and cache keys)."""
    files = [p for p in sorted(HERE.rglob("*")) if p.is_file() and p.suffix in {".py", ".go", ".c"}]
    files.append(HERE.parent.parent / "reference" / "winerror.py")
    return files


def capture_tool_hash() -> str:
    """``sha256:<hex>`` over the capture tool's sources (relative path and bytes of each)."""
    h = hashlib.sha256()
    root = HERE.parent.parent
    for p in capture_sources():
        h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes() + b"\0")
    return "sha256:" + h.hexdigest()


def _build_inputs_hash() -> str:
    """Like :func:`capture_tool_hash` but only over what goes into the executable (Go, C, patches, table)."""
    h = hashlib.sha256()
    for p in [
        *sorted(GO_SOURCES.glob("*.go")),
        HERE / "patches.py",
        HERE / "build.py",
        HERE.parent.parent / "reference" / "winerror.py",
    ]:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


# ------------------------------------------------------------------------------------------------------------
# 1. the pristine module source


def _source_from_proxy(version: str, dest: Path) -> dict[str, Any] | None:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "go.mod").write_text("module hcsdoc.invalid/fetch\n\ngo 1.21\n")
        r = subprocess.run(
            ["go", "mod", "download", "-json", f"{MODULE}@{version}"],
            cwd=t,
            env=go_env(),
            capture_output=True,
            text=True,
            check=False,
        )
    try:
        info = json.loads(r.stdout)
    except json.JSONDecodeError:
        info = {"Error": r.stderr.strip() or r.stdout.strip()}
    if "Error" in info or not info.get("Dir"):
        _log(f"module proxy: {info.get('Error', 'no Dir')}")
        return None
    shutil.copytree(info["Dir"], dest, symlinks=True)
    for p in dest.rglob("*"):
        if not p.is_symlink():
            p.chmod(0o755 if p.is_dir() else 0o644)
    if not (dest / "vendor" / "github.com").is_dir():
        # A module zip keeps only vendor/modules.txt: fetch the vendored packages through the proxy as well.
        _log(f"go mod vendor for {MODULE}@{version}")
        _run(["go", "mod", "vendor"], dest, go_env())
    return {"source": "proxy", "sum": info.get("Sum", ""), "origin": info.get("Origin", {})}


def _archive_dirs() -> list[Path]:
    env = os.environ.get("HCSDOC_HCSSHIM_ARCHIVES")
    cands = [Path(d) for d in env.split(os.pathsep) if d] if env else []
    cands.append(ARCHIVE_DIR_DEFAULT)
    return [c for c in cands if c.is_dir()]


def _archive_commit(archive: Path) -> str:
    """The commit id ``git archive`` embedded in a tar.gz (the pax global header), or ``""``."""
    r = subprocess.run(
        f"zcat {shlex.quote(str(archive))} | git get-tar-commit-id",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    return r.stdout.strip()


def _source_from_archive(version: str, dest: Path) -> dict[str, Any] | None:
    for folder in _archive_dirs():
        archive = folder / f"hcsshim-{version}.tar.gz"
        if not archive.is_file():
            continue
        commit = _archive_commit(archive)
        pinned = PINNED_COMMITS.get(version)
        if not commit or (pinned is not None and commit != pinned):
            raise BuildError(f"{archive}: embedded commit is {commit or 'missing'}, expected {pinned}")
        dest.mkdir(parents=True)
        with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
            subprocess.run(["tar", "-xzf", str(archive), "-C", tmp], check=True)
            (top,) = Path(tmp).iterdir()
            for item in top.iterdir():
                shutil.move(str(item), dest / item.name)
        if not (dest / "vendor" / "modules.txt").exists():
            raise BuildError(f"{archive} has no vendor/ folder")
        return {"source": "archive", "commit": commit, "archive": archive.name}
    return None


def _git_dirs() -> list[Path]:
    env = os.environ.get("HCSDOC_HCSSHIM_GIT")
    return [Path(env)] if env and Path(env).exists() else []


def _source_from_git(version: str, dest: Path) -> dict[str, Any] | None:
    for repo in _git_dirs():
        r = subprocess.run(
            ["git", "--git-dir" if (repo / "HEAD").exists() else "-C", str(repo), "rev-parse", f"{version}^{{commit}}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if r.returncode != 0:
            continue
        commit = r.stdout.strip()
        pinned = PINNED_COMMITS.get(version)
        if pinned is not None and commit != pinned:
            raise BuildError(f"{repo}: tag {version} is {commit}, expected {pinned}")
        dest.mkdir(parents=True)
        git = ["git", "--git-dir", str(repo)] if (repo / "HEAD").exists() else ["git", "-C", str(repo)]
        archive = subprocess.run([*git, "archive", "--format=tar", commit], capture_output=True, check=False)
        if archive.returncode != 0:
            raise BuildError(f"git archive {commit} in {repo} failed: {archive.stderr.decode(errors='replace')}")
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
        if not (dest / "vendor" / "modules.txt").exists():
            raise BuildError(f"{repo} at {version} has no vendor/ folder")
        return {"source": "git", "commit": commit}
    return None


def module_source(version: str) -> tuple[Path, dict[str, Any]]:
    """The pristine hcsshim module tree for ``version`` (cached) and how it was obtained."""
    base = cache_dir() / "src" / f"hcsshim@{version}"
    info_file = base / "source.json"
    tree = base / "tree"
    if info_file.exists() and tree.is_dir():
        return tree, json.loads(info_file.read_text())
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    _log(f"fetching {MODULE}@{version}")
    info = None
    for source in (_source_from_archive, _source_from_proxy, _source_from_git):
        if tree.exists():
            shutil.rmtree(tree)
        info = source(version, tree)
        if info is not None:
            break
    if info is None:
        raise BuildError(
            f"{MODULE}@{version}: no release archive (HCSDOC_HCSSHIM_ARCHIVES, default {ARCHIVE_DIR_DEFAULT}), the "
            "Go module proxy does not serve it, and no git repository of hcsshim has the tag (set HCSDOC_HCSSHIM_GIT "
            "to a clone of https://github.com/microsoft/hcsshim)"
        )
    if version in PINNED_COMMITS and "commit" not in info:
        info["commit"] = PINNED_COMMITS[version]
    info["version"] = version
    info_file.write_text(json.dumps(info, indent=1, sort_keys=True) + "\n")
    return tree, info


# ------------------------------------------------------------------------------------------------------------
# 2. the patched copy


def winerror_go() -> str:
    """Go source of the Windows error text table, generated from ``reference/winerror.py``."""
    from hcsdoc.reference.winerror import GO_INVENTED_ERRNO_TEXTS, WINDOWS_ERROR_TEXTS

    lines = [
        "// Code generated by conformance/capture/build.py from reference/winerror.py. DO NOT EDIT.",
        "",
        "package hcsdocseam",
        "",
        "// windowsErrorTexts holds Windows' English system messages (FormatMessage) by Win32 error code.",
        "var windowsErrorTexts = map[uint32]string{",
    ]
    lines += [f"\t{code}: {json.dumps(text)}," for code, text in sorted(WINDOWS_ERROR_TEXTS.items())]
    lines += ["}", ""]
    lines += [
        "// goInventedErrnoCount is how many errno values Go's syscall package invents from APPLICATION_ERROR on.",
        f"const goInventedErrnoCount = {len(GO_INVENTED_ERRNO_TEXTS)}",
        "",
    ]
    return "\n".join(lines)


def version_go(version: str) -> str:
    return (
        "// Code generated by conformance/capture/build.py. DO NOT EDIT.\n\n"
        "package hcsoci\n\n"
        f"// hcsdocHcsshimVersion is the hcsshim version this executable was built from.\n"
        f"const hcsdocHcsshimVersion = {json.dumps(version)}\n"
    )


def prepare_tree(pristine: Path, dest: Path, version: str) -> list[str]:
    """Copy ``pristine`` to ``dest``, apply the seam patches and add our files; returns the patch log."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(pristine, dest, symlinks=True)
    log = apply_patches(dest, PATCHES)
    for name, target in PLACEMENT.items():
        out = dest / target
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(GO_SOURCES / name, out)
    (dest / "hcsdocseam" / "winerror_gen.go").write_text(winerror_go(), encoding="utf-8")
    (dest / "internal" / "hcsoci" / "hcsdoc_capture_version.go").write_text(version_go(version), encoding="utf-8")
    return log


# ------------------------------------------------------------------------------------------------------------
# 3. go build


def build(version: str = DEFAULT_VERSION, cover: bool = False, force: bool = False) -> Build:
    """The capture executable for ``version`` (built, or taken from the cache)."""
    gov = go_version()
    if gov != GO_TOOLCHAIN:
        raise BuildError(f"toolchain is {gov}, expected {GO_TOOLCHAIN}")
    key = hashlib.sha256(f"{_build_inputs_hash()}|{version}|{gov}|cover={cover}".encode()).hexdigest()[:16]
    out_dir = cache_dir() / "build" / f"{version}-{'cover-' if cover else ''}{key}"
    exe = out_dir / "hcsdoc-capture.exe"
    prov_file = out_dir / "provenance.json"
    src = out_dir / "src"
    if exe.exists() and prov_file.exists() and not force:
        return Build(exe, src, json.loads(prov_file.read_text()), cover, 0.0)
    started = time.monotonic()
    pristine, source_info = module_source(version)
    out_dir.mkdir(parents=True, exist_ok=True)
    _log(f"preparing build tree {src}")
    prepare_tree(pristine, src, version)
    cmd = ["go", "build", "-mod=vendor", "-trimpath", "-o", str(exe)]
    if cover:
        present = [p for p in COVER_PACKAGES if (src / p).is_dir()]
        cmd += ["-cover", "-covermode=set", "-coverpkg=" + ",".join(f"{MODULE}/{p}" for p in present)]
    cmd.append("./cmd/hcsdoc-capture")
    _log(" ".join(cmd))
    _run(cmd, src, go_env(GOOS="windows", GOARCH="amd64"))
    seconds = time.monotonic() - started
    provenance: dict[str, Any] = {
        "hcsshim": {"version": version, "commit": source_info.get("commit", "")},
        "source": source_info,
        "go": gov,
        "captureTool": capture_tool_hash(),
        "buildKey": key,
        "cover": cover,
    }
    prov_file.write_text(json.dumps(provenance, indent=1, sort_keys=True) + "\n")
    _log(f"built {exe} in {seconds:.1f}s")
    return Build(exe, src, provenance, cover, seconds)
