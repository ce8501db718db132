"""The seam patches: small, targeted source edits to the throw-away copy of hcsshim (docs/case-format.md §1.4).

Each patch names the file, the function it edits (the edit is confined to that function's text), the exact text
it expects and the text it puts instead. A patch whose text is not found fails the build: another hcsshim
version is never patched silently in the wrong place. No edit adds or removes a line, so coverage line numbers
are upstream's. Two kinds of edits:

* *replace a definition*: the function keeps its name and signature and returns the seam's answer; the original
  body survives under a new unexported name (so the diff stays one line);
* *replace a call*: ``os.Stat(x)`` becomes ``hcsdocseam.Stat(x)`` at one call site.

The seam package is imported as ``github.com/Microsoft/hcsshim/hcsdocseam`` (module root, because the vendored
go-winio, outside hcsshim's tree, may not import hcsshim's ``internal/`` packages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

SEAM_IMPORT: Final = "github.com/Microsoft/hcsshim/hcsdocseam"


class PatchError(Exception):
    """A patch target was not found: the hcsshim source is not the one these patches were written for."""


@dataclass(frozen=True)
class Patch:
    file: str
    """Path inside the module."""
    func: str
    """The start of the edited function's declaration, e.g. ``func LocateUVMFolder(``."""
    old: str
    new: str
    why: str
    count: int = 1
    """How many times ``old`` must occur inside the function."""
    optional_file: bool = False
    """The file exists only in some hcsshim versions; when it exists, the patch must apply."""


def _redirect(header: str, call: str, renamed: str) -> tuple[str, str]:
    """(old, new) that makes the function whose declaration line is ``header`` return ``call`` at once and keeps
    the original body as the unexported function ``renamed``, all on the declaration's line (so every line of
    the file keeps its number, and coverage reports point at upstream lines)."""
    head, _, _ = header.partition("(")
    rest = header[len(head) :]
    new = f"{header} return {call} }} /* hcsdoc seam; the original follows */; func {renamed}{rest}"
    return header, new


PATCHES: Final[tuple[Patch, ...]] = (
    Patch(
        "internal/processorinfo/processor_count.go",
        "func ProcessorCount(",
        *_redirect("func ProcessorCount() int32 {", "hcsdocseam.ProcessorCount()", "hcsdocReplacedProcessorCount"),
        why="host.processorCount: GetActiveProcessorCount would report this machine's processors",
    ),
    Patch(
        "osversion/osversion_windows.go",
        "func Build(",
        *_redirect("func Build() uint16 {", "hcsdocseam.OSBuild()", "hcsdocReplacedBuild"),
        why="host.osBuild: Wine reports a build below RS3, which would fail every named-pipe mount",
    ),
    Patch(
        "internal/wclayer/zsyscall_windows.go",
        "func _nameToGuid(",
        *_redirect(
            "func _nameToGuid(name *uint16, guid *_guid) (hr error) {",
            "hcsdocseam.NameToGuid(name, guid)",
            "hcsdocReplaced_nameToGuid",
        ),
        why="host.layerIds: only the vmcompute.dll call is replaced; nameToGuid's UTF-16 conversion and "
        "NameToGuid's hcserror wrapping stay real",
    ),
    Patch(
        "vendor/github.com/Microsoft/go-winio/pkg/fs/resolve.go",
        "func ResolvePath(",
        *_redirect(
            "func ResolvePath(path string) (string, error) {",
            "hcsdocseam.ResolvePath(path)",
            "hcsdocReplacedResolvePath",
        ),
        why="host.resolvedPaths: Wine answers with its own volume GUIDs",
    ),
    Patch(
        "internal/uvm/vsmb.go",
        "func (uvm *UtilityVM) GetVSMBUvmPath(",
        "os.Stat(hostPath)",
        "hcsdocseam.Stat(hostPath)",
        why="host.files: the share's host path is stat-ed to pick the directory or the file share table",
    ),
    Patch(
        "internal/uvmfolder/locate.go",
        "func LocateUVMFolder(",
        "os.Stat(filepath.Join(layerFolder, `UtilityVM`))",
        "hcsdocseam.Stat(filepath.Join(layerFolder, `UtilityVM`))",
        why="host.files: each layer folder's UtilityVM subfolder is stat-ed",
    ),
    Patch(
        "internal/uvmfolder/locate.go",
        "func LocateUVMFolder(",
        "os.IsNotExist(err)",
        "hcsdocseam.IsNotExist(err)",
        why="os.IsNotExist only recognises a real syscall.Errno; the seam's errors carry Windows' English text",
    ),
    Patch(
        "internal/hcsoci/devices.go",
        "func getDeviceExtensionPaths(",
        "os.Stat(ext)",
        "hcsdocseam.Stat(ext)",
        why="host.files: every device-extension path is stat-ed first",
    ),
    Patch(
        "internal/hcsoci/devices.go",
        "func getDeviceExtensions(",
        "os.ReadFile(extensionPath)",
        "hcsdocseam.ReadFile(extensionPath)",
        why="host.files: device-extension files are read and decoded",
    ),
    Patch(
        "internal/wclayer/cim/common.go",
        "func IsCimLayer(",
        "os.Stat(cimPath)",
        "hcsdocseam.Stat(cimPath)",
        why="host.files (v0.12+): ToHostHcsSchemaLayers stats the CimFS file of the first layer",
        optional_file=True,
    ),
)


def _function_span(text: str, decl: str, where: str) -> tuple[int, int]:
    start = text.find("\n" + decl)
    if start < 0:
        raise PatchError(f"{where}: function {decl!r} not found")
    if text.find("\n" + decl, start + 1) >= 0:
        raise PatchError(f"{where}: function {decl!r} found twice")
    end = text.find("\n}\n", start)
    if end < 0:
        raise PatchError(f"{where}: end of function {decl!r} not found")
    return start + 1, end + 3


def _add_import(text: str, where: str) -> str:
    if f'"{SEAM_IMPORT}"' in text:
        return text
    # On the "import (" line itself (valid Go), so that no line number moves.
    if text.count("\nimport (\n") != 1:
        raise PatchError(f"{where}: no single import block to add {SEAM_IMPORT} to")
    return text.replace("\nimport (\n", f'\nimport ("{SEAM_IMPORT}";\n', 1)


def _drop_unused_os(text: str) -> str:
    # Go refuses an unused import: after its os.* calls moved to the seam, a file may not need "os" any more (nor
    # "io/ioutil" or "runtime", whose calls older hcsshim releases make at the seams' places).
    for path, name in (("os", "os"), ("io/ioutil", "ioutil"), ("runtime", "runtime")):
        if f'\t"{path}"\n' in text and not re.search(rf"\b{name}\.", text):
            text = text.replace(f'\t"{path}"\n', "\n", 1)  # an empty line: line numbers stay
    return text


def apply_patches(root: Path, patches: tuple[Patch, ...] = PATCHES) -> list[str]:
    """Apply ``patches`` to the module copy at ``root``; returns one line per applied patch (for the build log)."""
    done: list[str] = []
    texts: dict[str, str] = {}
    for p in patches:
        path = root / p.file
        if p.file not in texts:
            if not path.exists():
                if p.optional_file:
                    continue
                raise PatchError(f"{p.file}: file not found")
            texts[p.file] = path.read_text(encoding="utf-8")
        text = texts[p.file]
        start, end = _function_span(text, p.func, p.file)
        body = text[start:end]
        found = body.count(p.old)
        if found != p.count:
            raise PatchError(f"{p.file}: {p.func}...: expected {p.count} occurrence(s) of {p.old!r}, found {found}")
        texts[p.file] = text[:start] + body.replace(p.old, p.new) + text[end:]
        done.append(f"{p.file}: {p.func}...: {p.why}")
    for file, text in texts.items():
        (root / file).write_text(_drop_unused_os(_add_import(text, file)), encoding="utf-8")
    return done
