"""hcsshim eras: what the capture build must do differently for each range of releases (docs/hcsshim-eras.md).

The converter's inputs and the code around its seams changed across releases: ``createOptionsInternal`` gained
``ccgState`` (v0.8.10), ``CreateOptions.ScaleCPULimitsToSandbox`` (v0.8.11), the template fields (v0.8.15 to
v0.9.x; left zero: no case sets them), ``windowsAdditionalMounts`` (v0.10); the utility VM's share table and process
dump location changed shape; the host's processor count came from ``runtime.NumCPU`` before ``processorinfo``. An
:class:`Era` names the release range, the Go files that replace our default ones (``go/eras/<name>/``) and how
the seam patches differ from :data:`~.patches.PATCHES`. Every patch still fails the build when its text is missing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from hcsdoc.conformance.capture.build import GO_SOURCES, BuildError
from hcsdoc.conformance.capture.patches import PATCHES, Patch

ERAS_DIR: Final = GO_SOURCES / "eras"

Version = tuple[int, int, int]


def parse_version(tag: str) -> Version:
    """``v0.8.10`` -> ``(0, 8, 10)``; branch order is the order of these tuples (release/0.8 before 0.9, ...)."""
    parts = tag.lstrip("v").split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a release tag: {tag!r}")
    return int(parts[0]), int(parts[1]), int(parts[2])


def _drop(patches: tuple[Patch, ...], *funcs: str) -> tuple[Patch, ...]:
    missing = [f for f in funcs if not any(p.func == f for p in patches)]
    if missing:
        raise AssertionError(f"no patch edits {missing}")
    return tuple(p for p in patches if p.func not in funcs)


_NUM_CPU = Patch(
    "internal/hcsoci/hcsdoc_wcow.go",
    "func createWindowsContainerDocument(",
    "runtime.NumCPU()",
    "hcsdocseam.NumCPU()",
    why="host.processorCount: before processorinfo (v0.8.10) the host's processor count was runtime.NumCPU()",
)
_IOUTIL_READ = Patch(
    "internal/hcsoci/devices.go",
    "func getDeviceExtensions(",
    "ioutil.ReadFile(extensionPath)",
    "hcsdocseam.ReadFile(extensionPath)",
    why="host.files: device-extension files are read and decoded (ioutil before v0.10)",
)
_WIN32_FROM_ERROR = Patch(
    "internal/hcserror/hcserror.go",
    "func Win32FromError(",
    "err.(syscall.Errno)",
    "hcsdocseam.AsErrno(err)",
    why="before v0.10 the Win32 code is found by a type assertion, which the seams' Errno (Windows' English text) "
    "would not pass: the code would read as ERROR_GEN_FAILURE",
)
_OS_GET_BUILD = Patch(
    "internal/hcsoci/hcsdoc_wcow.go",
    "func createWindowsContainerDocument(",
    "osversion.Get().Build",
    "hcsdocseam.OSBuild()",
    why="host.osBuild: before v0.8.17 the named-pipe check reads osversion.Get().Build (Wine's version) instead of "
    "osversion.Build(), which the seam answers",
)
_EVAL_SYMLINKS = Patch(
    "internal/hcsoci/hcsdoc_wcow.go",
    "func createMountsConfig(",
    "filepath.EvalSymlinks(mount.Source)",
    "hcsdocseam.EvalSymlinks(mount.Source)",
    why="v0.8.15 to v0.9.x resolve process-isolated mount sources with EvalSymlinks: not modelled, the case is n/a",
)


def _redirect(header: str, call: str, renamed: str) -> tuple[str, str]:
    """(old, new) that makes the function or method declared by ``header`` (one line, ending in ``{``) return
    ``call`` at once, keeping the original body as ``renamed`` (same receiver), all on the declaration's line, as
    :mod:`.patches` does for plain functions."""
    receiver = ""
    rest = header.removeprefix("func ")
    if rest.startswith("("):
        receiver = rest[: rest.index(")") + 1] + " "
        rest = rest[len(receiver) :]
    params = rest[rest.index("(") :]
    return (
        header,
        f"{header} return {call} }} /* hcsdoc seam; the original follows */; func {receiver}{renamed}{params}",
    )


# v0.13 and later: the code that fills coi.mountedWCOWLayers and coi.namedPipeMounts runs before the converter
# (go/eras/v0.13.0/coi.go); these are its hook and its seams (go/eras/v0.13.0/seam_caller.go).
_CONVERTER_HOOK = _redirect(
    "func createWindowsContainerDocument(ctx context.Context, coi *createOptionsInternal) "
    "(*schema1.ContainerConfig, *hcsschema.Container, error) {",
    "hcsdocCreateAsCaller(ctx, coi)",
    "hcsdocConverter",
)
_CALLER_PATCHES: Final[tuple[Patch, ...]] = (
    Patch(
        "internal/hcsoci/hcsdoc_wcow.go",
        "func createWindowsContainerDocument(",
        _CONVERTER_HOOK[0],
        # The seam import that every patched file gets must be used: a blank var on the same line uses it.
        _CONVERTER_HOOK[1].replace(
            "; func hcsdocConverter", "; var _ = hcsdocseam.StopAfterMounts; func hcsdocConverter"
        ),
        why="entry point: the converter's inputs are first filled by hcsshim's own code (ParseWCOWLayers, "
        "allocateWindowsResources); the converter itself is kept, renamed hcsdocConverter",
    ),
    Patch(
        "internal/hcsoci/resources_wcow.go",
        "func allocateWindowsResources(",
        "if err := setupMounts(ctx, coi, r); err != nil {",
        "if err := setupMounts(ctx, coi, r); err != nil || hcsdocseam.StopAfterMounts() {",
        why="allocateWindowsResources stops after setupMounts: what follows fills ccgState, devices and drivers, "
        "which cases give directly",
    ),
    Patch(
        "internal/hcsoci/resources_wcow.go",
        "func setupMounts(",
        "cmd.CreatePipeAndListen(b, false)",
        "hcsdocseam.CreatePipeAndListen(b, false)",
        why="a sandbox:// mount runs mkdir in the utility VM: n/a",
    ),
    Patch(
        "internal/layers/helpers.go",
        "func ensureScratchVHD(",
        "os.Stat(",
        "hcsdocseam.Stat(",
        why="host.files: the scratch folder and its sandbox.vhdx are stat-ed",
        count=2,
    ),
    Patch(
        "internal/layers/helpers.go",
        "func ensureScratchVHD(",
        "os.IsNotExist(err)",
        "hcsdocseam.IsNotExist(err)",
        why="os.IsNotExist only recognises a real syscall.Errno",
        count=2,
    ),
    Patch(
        "internal/layers/helpers.go",
        "func ensureScratchVHD(",
        "os.MkdirAll(scratchFolder, 0777)",
        "hcsdocseam.MkdirAll(scratchFolder, 0777)",
        why="a missing scratch folder would be created: n/a",
    ),
    *(
        Patch(
            "internal/wclayer/zsyscall_windows.go",
            f"func _{name}(",
            *_redirect(
                f"func _{name}({params}) (hr error) {{", f'hcsdocseam.VMCompute("{op}")', f"hcsdocReplaced_{name}"
            ),
            why=f"vmcompute.dll {op}: n/a (the path's UTF-16 conversion before it stays real)",
        )
        for name, op, params in (
            ("activateLayer", "ActivateLayer", "info *driverInfo, id *uint16"),
            ("prepareLayer", "PrepareLayer", "info *driverInfo, id *uint16, descriptors []WC_LAYER_DESCRIPTOR"),
            ("getLayerMountPath", "GetLayerMountPath", "info *driverInfo, id *uint16, length *uintptr, buffer *uint16"),
            (
                "createSandboxLayer",
                "CreateSandboxLayer",
                "info *driverInfo, id *uint16, parent uintptr, descriptors []WC_LAYER_DESCRIPTOR",
            ),
            ("deactivateLayer", "DeactivateLayer", "info *driverInfo, id *uint16"),
            ("unprepareLayer", "UnprepareLayer", "info *driverInfo, id *uint16"),
        )
    ),
    Patch(
        "internal/uvm/modify.go",
        "func (uvm *UtilityVM) modify(",
        *_redirect(
            "func (uvm *UtilityVM) modify(ctx context.Context, doc *hcsschema.ModifySettingRequest) (err error) {",
            "hcsdocseam.ModifyUVM()",
            "hcsdocReplacedModify",
        ),
        why="an HCS/GCS request to change the utility VM (a new share or pipe): n/a",
    ),
    Patch(
        "internal/uvm/vsmb.go",
        "func (uvm *UtilityVM) AddVSMB(",
        "os.Stat(hostPath)",
        "hcsdocseam.Stat(hostPath)",
        why="host.files: AddVSMB stats the host path to pick the directory or the file share table",
    ),
    Patch(
        "internal/uvm/vsmb.go",
        "func openHostPath(",
        *_redirect(
            "func openHostPath(path string) (windows.Handle, error) {",
            "0, hcsdocseam.OpenHostPath(path)",
            "hcsdocReplacedOpenHostPath",
        ),
        why="CreateFile of a share's host path (file ID query on builds 18362..19042): n/a",
    ),
    Patch(
        "internal/uvm/pipes.go",
        "func ParseNamedPipe(",
        'strings.TrimSuffix(uvm.id, "@vm")',
        'strings.TrimSuffix(hcsdocseam.UVMID(uvm.id), "@vm")',
        why="a uvm:// pipe is named after the utility VM's ID, which cases do not give: n/a",
    ),
    *(
        Patch(
            "internal/uvm/scsi/manager.go",
            f"func (m *Manager) {op}(",
            "if m == nil {",
            f'if hcsdocseam.SCSI("{op}") || m == nil {{',
            why=f"SCSI {op} on the utility VM: n/a",
        )
        for op in ("AddVirtualDisk", "AddPhysicalDisk", "AddExtensibleVirtualDisk")
    ),
)
_NO_DEVICE_EXTENSIONS = ("func getDeviceExtensionPaths(", "func getDeviceExtensions(")
_NO_RESOLVE = ("func ResolvePath(",)  # go-winio's fs.ResolvePath is called from v0.10 on
_NO_PROCESSORINFO = ("func ProcessorCount(",)
# Before v0.8.17 the HCS schema 2 package is internal/schema2: our entry point reaches it through aliases.
_SCHEMA2_ALIAS = (("internal/hcs/schema2/hcsdoc_alias.go", "schema2-alias/schema2.go"),)


@dataclass(frozen=True)
class Era:
    name: str
    first: str
    last: str
    summary: str
    overrides: tuple[tuple[str, str], ...] = ()
    """(our Go file's name in PLACEMENT, its replacement under go/eras/)."""
    patches: tuple[Patch, ...] = PATCHES
    extra_files: tuple[tuple[str, str], ...] = ()
    """(path inside the module, our file under go/eras/) added to the build."""
    unsupported: str = ""
    """Why the capture cannot drive this era yet ("" when it can)."""

    def contains(self, tag: str) -> bool:
        return parse_version(self.first) <= parse_version(tag) <= parse_version(self.last)

    def override_paths(self) -> dict[str, Path]:
        return {name: ERAS_DIR / rel for name, rel in self.overrides}

    def extra_paths(self) -> dict[str, Path]:
        return {target: ERAS_DIR / rel for target, rel in self.extra_files}

    def variant_key(self) -> str:
        """Hash of what this era changes in the build ("" for the default era, whose files are the defaults)."""
        if not self.overrides and not self.extra_files and self.patches == PATCHES:
            return ""
        h = hashlib.sha256(self.name.encode())
        for name, path in sorted({**self.override_paths(), **self.extra_paths()}.items()):
            h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        for p in self.patches:
            h.update(repr(p).encode())
        return h.hexdigest()[:16]


ERAS: Final[tuple[Era, ...]] = (
    Era(
        "v0.8.7",
        "v0.8.7",
        "v0.8.7",
        "no ccgState, ScaleCPULimitsToSandbox, additional mounts or dump location; shares keyed by host path, guest "
        "path = VSMB prefix + share name; host processor count from runtime.NumCPU; no device extensions",
        (("coi.go", "v0.8.7/coi.go"), ("uvm_capture.go", "v0.8.7/uvm_capture.go")),
        (
            *_drop(PATCHES, *_NO_PROCESSORINFO, *_NO_RESOLVE, *_NO_DEVICE_EXTENSIONS),
            _NUM_CPU,
            _WIN32_FROM_ERROR,
            _OS_GET_BUILD,
        ),
        _SCHEMA2_ALIAS,
    ),
    Era(
        "v0.8.8",
        "v0.8.8",
        "v0.8.9",
        "as v0.8.7, but a share keeps its guest path",
        (("coi.go", "v0.8.8/coi.go"), ("uvm_capture.go", "v0.8.8/uvm_capture.go")),
        (
            *_drop(PATCHES, *_NO_PROCESSORINFO, *_NO_RESOLVE, *_NO_DEVICE_EXTENSIONS),
            _NUM_CPU,
            _WIN32_FROM_ERROR,
            _OS_GET_BUILD,
        ),
        _SCHEMA2_ALIAS,
    ),
    Era(
        "v0.8.10",
        "v0.8.10",
        "v0.8.10",
        "ccgState; shares keyed by host path and read-only flag; processorinfo",
        (("coi.go", "v0.8.10/coi.go"), ("uvm_capture.go", "v0.8.10/uvm_capture.go")),
        (*_drop(PATCHES, *_NO_RESOLVE, *_NO_DEVICE_EXTENSIONS), _WIN32_FROM_ERROR, _OS_GET_BUILD),
        _SCHEMA2_ALIAS,
    ),
    Era(
        "v0.8.11",
        "v0.8.11",
        "v0.8.14",
        "ScaleCPULimitsToSandbox",
        (("coi.go", "v0.8.11/coi.go"), ("uvm_capture.go", "v0.8.10/uvm_capture.go")),
        (*_drop(PATCHES, *_NO_RESOLVE, *_NO_DEVICE_EXTENSIONS), _WIN32_FROM_ERROR, _OS_GET_BUILD),
        _SCHEMA2_ALIAS,
    ),
    Era(
        "v0.8.15",
        "v0.8.15",
        "v0.8.16",
        "share options as in later releases; template fields (left zero)",
        (("coi.go", "v0.8.11/coi.go"), ("uvm_capture.go", "v0.8.15/uvm_capture.go")),
        (*_drop(PATCHES, *_NO_RESOLVE, *_NO_DEVICE_EXTENSIONS), _WIN32_FROM_ERROR, _EVAL_SYMLINKS, _OS_GET_BUILD),
        _SCHEMA2_ALIAS,
    ),
    Era(
        "v0.8.17",
        "v0.8.17",
        "v0.8.26",
        "the HCS schema packages move to internal/hcs/",
        (("coi.go", "v0.8.11/coi.go"), ("uvm_capture.go", "v0.8.15/uvm_capture.go")),
        (*_drop(PATCHES, *_NO_RESOLVE, *_NO_DEVICE_EXTENSIONS), _WIN32_FROM_ERROR, _EVAL_SYMLINKS),
    ),
    Era(
        "v0.9.0",
        "v0.9.0",
        "v0.9.12",
        "utility VM process dump location; device extensions (read with ioutil)",
        (("coi.go", "v0.9.0/coi.go"),),
        (*_drop(PATCHES, *_NO_RESOLVE, "func getDeviceExtensions("), _IOUTIL_READ, _WIN32_FROM_ERROR, _EVAL_SYMLINKS),
    ),
    Era(
        "v0.10.0",
        "v0.10.0",
        "v0.12.9",
        "windowsAdditionalMounts; mount sources resolved with go-winio's fs.ResolvePath",
    ),
    Era(
        "v0.13.0",
        "v0.13.0",
        "v0.14.1",
        "layers and named pipes arrive pre-processed (coi.mountedWCOWLayers, coi.namedPipeMounts): the capture runs "
        "the shim's ParseWCOWLayers and allocateWindowsResources up to setupMounts first",
        (("coi.go", "v0.13.0/coi.go"), ("uvm_capture.go", "v0.13.0/uvm_capture.go")),
        (*_drop(PATCHES, "func IsCimLayer("), *_CALLER_PATCHES),  # v0.13 has no IsCimLayer (CIM layers: n/a)
        (("hcsdocseam/hcsdoc_caller.go", "v0.13.0/seam_caller.go"),),
    ),
)


def era_of(tag: str) -> Era:
    for era in ERAS:
        if era.contains(tag):
            return era
    raise KeyError(f"no hcsshim era covers {tag}")


def era_build_args(version: str) -> tuple[tuple[Patch, ...], dict[str, Path], dict[str, Path], str]:
    """(patches, overrides, extra files, variant key) for building ``version``: its era's, or the defaults for a
    version outside the release table. An era the capture cannot drive raises :class:`BuildError` saying why."""
    try:
        era = era_of(version)
    except (KeyError, ValueError):
        return PATCHES, {}, {}, ""
    if era.unsupported:
        raise BuildError(f"hcsshim {version}: {era.unsupported}")
    return era.patches, era.override_paths(), era.extra_paths(), era.variant_key()
