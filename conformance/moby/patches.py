"""The seam patches for Docker Engine and the hcsshim it vendors (docs/implementations/moby-mapping.md).

Same rules as the hcsshim capture patches (:mod:`hcsdoc.conformance.capture.patches`): each patch names the file,
the function, the exact text it expects (a missing text fails the build) and its replacement; no patch adds or
removes a line. The seam package lives in the engine's module (``github.com/docker/docker/hcsdocseam``) so that
both the engine and the hcsshim copy it is built against can import it (an old hcsshim's go.mod may predate
the Go language version the seam is written in).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from hcsdoc.conformance.capture.patches import Patch, PatchError, _drop_unused_os, _function_span

SEAM_IMPORT: Final = "github.com/docker/docker/hcsdocseam"
HCSSHIM_DIR: Final = "_hcsshim"
"""Where the hcsshim copy goes inside the engine's tree (a leading ``_``: ``./...`` patterns skip it)."""

LOCAL: Final = "libcontainerd/local/local_windows.go"

HCSSHIM_PATCHES: Final[tuple[Patch, ...]] = (
    Patch(
        f"{HCSSHIM_DIR}/internal/wclayer/zsyscall_windows.go",
        "func _nameToGuid(",
        "func _nameToGuid(name *uint16, guid *_guid) (hr error) {",
        "func _nameToGuid(name *uint16, guid *_guid) (hr error) { return hcsdocseam.NameToGuid(name, guid) } "
        "/* hcsdoc seam; the original follows */; func hcsdocReplaced_nameToGuid(name *uint16, guid *_guid) (hr error) {",
        why="host.layerIds: only the vmcompute.dll call is replaced; hcsshim's UTF-16 conversion and error "
        "wrapping stay real",
    ),
    Patch(
        f"{HCSSHIM_DIR}/internal/hcs/system.go",
        "func CreateComputeSystem(",
        "hcsDocument := string(hcsDocumentB)",
        "hcsDocument := string(hcsDocumentB); return nil, hcsdocseam.Record(hcsDocument)",
        why="the document: the exact json.Marshal text hcsshim would send to HCS is recorded; HCS is never called",
    ),
)


HCSSHIM_V09_PATCHES: Final[tuple[Patch, ...]] = (
    Patch(
        f"{HCSSHIM_DIR}/internal/hcserror/hcserror.go",
        "func Win32FromError(",
        "if code, ok := err.(syscall.Errno); ok {",
        "if code, ok := hcsdocseam.AsErrno(err); ok {",
        why="hcsshim v0.9 asserts syscall.Errno directly; the seam's Errno stands for one (v0.13 uses errors.As)",
    ),
)
"""Patches for the hcsshim the v23 line vendors (v0.9.7)."""


def _engine_patches(num_cpu: str) -> tuple[Patch, ...]:
    return (
        Patch(
            LOCAL,
            "func (c *client) createWindows(",
            "Owner:                   defaultOwner,",
            "Owner:                   hcsdocseam.Owner(),",
            why="options.owner: the engine's owner is the constant 'docker'; the case's owner stands in for it",
        ),
        Patch(
            LOCAL,
            "func (c *client) createWindows(",
            "os.Stat(fullPath)",
            "hcsdocseam.Stat(fullPath)",
            why="host.files: each layer folder's UtilityVM subfolder is stat-ed (Hyper-V)",
        ),
        Patch(
            LOCAL,
            "func (c *client) createWindows(",
            "os.IsNotExist(err)",
            "hcsdocseam.IsNotExist(err)",
            why="os.IsNotExist only recognises a real syscall.Errno; the seam's errors carry Windows' English text",
        ),
        Patch(
            LOCAL,
            "func (c *client) extractResourcesFromSpec(",
            num_cpu,
            "hcsdocseam.NumCPU()",
            why="host.processorCount: the engine clamps the CPU count to the host's processors",
        ),
    )


ENGINE_PATCHES: Final[dict[str, tuple[Patch, ...]]] = {
    "v28": _engine_patches("runtime.NumCPU()"),
    "v23": HCSSHIM_V09_PATCHES + _engine_patches("sysinfo.NumCPU()"),
}
"""Per engine line: the engine's patches, plus those of the hcsshim version that line vendors."""

# Imports a patch may leave unused (Go refuses those): blanked, on the same line.
_MAYBE_UNUSED: Final = {"runtime": '"runtime"', "sysinfo": '"github.com/docker/docker/pkg/sysinfo"'}


def _add_import(text: str, where: str) -> str:
    if f'"{SEAM_IMPORT}"' in text:
        return text
    if text.count("\nimport (\n") != 1:
        raise PatchError(f"{where}: no single import block to add {SEAM_IMPORT} to")
    return text.replace("\nimport (\n", f'\nimport ("{SEAM_IMPORT}";\n', 1)


def _blank_unused(text: str) -> str:
    text = _drop_unused_os(text)
    for name, path in _MAYBE_UNUSED.items():
        if f"\t{path}\n" in text and not re.search(rf"\b{name}\.", text):
            text = text.replace(f"\t{path}\n", f"\t_ {path}\n", 1)
    return text


def apply_patches(root: Path, patches: tuple[Patch, ...]) -> list[str]:
    """Apply ``patches`` to the tree at ``root``; one log line per patch. Fails on any missing target."""
    done: list[str] = []
    texts: dict[str, str] = {}
    for p in patches:
        if p.file not in texts:
            path = root / p.file
            if not path.exists():
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
        (root / file).write_text(_blank_unused(_add_import(text, file)), encoding="utf-8")
    return done
