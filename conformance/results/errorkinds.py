"""Stable error kinds: one id per Go error *site* reachable from `createWindowsContainerDocument` (hcsshim v0.11.8).

An implementation that does not reproduce hcsshim's exact error texts can still be checked on *which* check failed:
the runner compares `classify_error(expected)` with the kind the implementation reports (or with
`classify_error(actual)`). Each kind has one regular expression that must match the *whole* Go error text
(`re.fullmatch`, DOTALL: paths and annotation values may contain newlines). The patterns are written to be
mutually exclusive; `tests/test_cases_catalog.py` checks every example below against every pattern.

Sites that pass an error through from a callee (os.Stat, strconv.Atoi, encoding/json) are told apart by the shape
of the text, which is what the callee prints. Two sites print the raw `os.Stat` error: `GetVSMBUvmPath` and
`LocateUVMFolder`. LocateUVMFolder only ever stats `filepath.Join(folder, "UtilityVM")` and only passes on errors that
are not "not exist" (so never `GetFileAttributesEx`, which the stat seam uses for those): a `CreateFile`/`Stat`
error on a path whose last element is `UtilityVM` is classified as `uvm-folder-stat`. A VSMB stat failure on such a
path with a not-"not exist" errno would be misread; no hand case does that.

Ids are stable: never renamed or reused (vectors store them as `errorKind`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

UNKNOWN: Final = "unknown"


@dataclass(frozen=True)
class ErrorKind:
    """One Go error site: its stable id, where it is, the pattern of its text, and example texts."""

    id: str
    site: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...]
    # False for sites that no input can reach through the seams (kept so that the table is complete).
    reachable: bool = True


def _kind(id: str, site: str, pattern: str, *examples: str, reachable: bool = True) -> ErrorKind:
    return ErrorKind(id=id, site=site, pattern=re.compile(pattern, re.DOTALL), examples=examples, reachable=reachable)


# Operation names the os.Stat seam can print (docs/case-format.md section 1.4, Stat).
_STAT_OPS = r"(?:GetFileAttributesEx|CreateFile|Stat)"
# A path whose last element is UtilityVM, as filepath.Join(folder, "UtilityVM") can print it.
_UVM_JOINED = r"(?:.*[\\:])?UtilityVM"

ERROR_KINDS: Final[tuple[ErrorKind, ...]] = (
    # --- encoding/json.Unmarshal of the spec text (before the function is called) ---
    _kind(
        "decode-syntax",
        "encoding/json.Unmarshal (*SyntaxError) of the spec text",
        r"invalid character .*|unexpected end of JSON input",
        "invalid character 'x' looking for beginning of value",
        "invalid character 't' after top-level value",
        "invalid character 'ï' looking for beginning of value",
        "unexpected end of JSON input",
        "invalid character '[' exceeded max depth",
    ),
    _kind(
        "decode-type",
        "encoding/json.Unmarshal (*UnmarshalTypeError) of the spec text",
        r"json: cannot unmarshal .* into Go (?:struct field .* of type |value of type ).*",
        "json: cannot unmarshal number 1.0 into Go struct field WindowsCPUResources.windows.resources.cpu.count of type uint64",
        "json: cannot unmarshal number into Go struct field Spec.hostname of type string",
        "json: cannot unmarshal array into Go value of type specs.Spec",
    ),
    # --- createWindowsContainerDocument (internal/hcsoci/hcsdoc_wcow.go) ---
    _kind(
        "spec-missing",
        "hcsdoc_wcow.go createWindowsContainerDocument: coi.Spec == nil",
        r"cannot create HCS container document - OCI spec is missing",
        "cannot create HCS container document - OCI spec is missing",
    ),
    _kind(
        "windows-missing",
        "hcsdoc_wcow.go createWindowsContainerDocument: coi.Spec.Windows == nil",
        # Go's message ends with a space; the pattern keeps it.
        r"cannot create HCS container document - OCI spec Windows section is missing ",
        "cannot create HCS container document - OCI spec Windows section is missing ",
    ),
    _kind(
        "layer-folders",
        "hcsdoc_wcow.go createWindowsContainerDocument: fewer than 2 layer folders",
        r"invalid spec - not enough layer folders supplied",
        "invalid spec - not enough layer folders supplied",
    ),
    _kind(
        "cpu-exclusive",
        "hcsdoc_wcow.go ConvertCPULimits: more than one of count/limit/weight set",
        r"invalid spec - Windows Container CPU Count: '-?[0-9]+', Limit: '-?[0-9]+', and Weight: '-?[0-9]+' are mutually exclusive",
        "invalid spec - Windows Container CPU Count: '2', Limit: '5000', and Weight: '0' are mutually exclusive",
        "invalid spec - Windows Container CPU Count: '-5', Limit: '0', and Weight: '3' are mutually exclusive",
    ),
    _kind(
        "root-missing",
        "hcsdoc_wcow.go createWindowsContainerDocument: coi.Spec.Root == nil",
        r"spec is invalid - root isn't populated",
        "spec is invalid - root isn't populated",
    ),
    _kind(
        "root-readonly",
        "hcsdoc_wcow.go createWindowsContainerDocument: Root.Readonly",
        r"invalid container spec - readonly is not supported for Windows containers",
        "invalid container spec - readonly is not supported for Windows containers",
    ),
    _kind(
        "root-path-volume",
        "hcsdoc_wcow.go createWindowsContainerDocument (Argon): Root.Path does not match the volume GUID regexp",
        r"invalid container spec - Root\.Path '.*' must be a volume GUID path in the format '\\\\\?\\Volume\{GUID\}\\'",
        "invalid container spec - Root.Path 'C:\\x' must be a volume GUID path in the format '\\\\?\\Volume{GUID}\\'",
        "invalid container spec - Root.Path '' must be a volume GUID path in the format '\\\\?\\Volume{GUID}\\'",
        "invalid container spec - Root.Path '\\\\?\\Volume{6a1d2a7e-5c3b-4f8e-9d2c-1b0a9f8e7d6c}\n' must be a volume GUID path in the format '\\\\?\\Volume{GUID}\\'",
    ),
    _kind(
        "hyperv-nil",
        "hcsdoc_wcow.go createWindowsContainerDocument (V1 Xenon): Spec.Windows.HyperV == nil; unreachable, isV1Argon "
        "takes every schema 1.0 spec without hyperv first",
        r"invalid container spec - Spec\.Windows\.HyperV is nil",
        "invalid container spec - Spec.Windows.HyperV is nil",
        reachable=False,
    ),
    _kind(
        "named-pipe-build",
        "hcsdoc_wcow.go createWindowsContainerDocument: named pipe mounts and osversion.Build() < RS3 (16299)",
        r"named pipe mounts are not supported on this version of Windows",
        "named pipe mounts are not supported on this version of Windows",
    ),
    _kind(
        "mount-resolve",
        "hcsdoc_wcow.go createMountsConfig: fs.ResolvePath(mount.Source) failed (no utility VM)",
        r'failed to resolve path for mount source ".*": .*',
        'failed to resolve path for mount source "C:\\\\nope": CreateFile C:\\nope: The system cannot find the file specified.',
        'failed to resolve path for mount source "a\\x00b": invalid argument',
        'failed to resolve path for mount source "": CreateFile : The system cannot find the path specified.',
    ),
    _kind(
        "device-type",
        "hcsdoc_wcow.go parseAssignedDevices: unsupported IDType",
        r"specified device .* has unsupported type .*",
        "specified device PCIP\\VEN_1234 has unsupported type gpu",
        "specified device  has unsupported type ",
    ),
    _kind(
        "dump-type",
        'hcsdoc_wcow.go parseDumpType: value other than "", mini, full',
        r'unknown dump type specified, valid values are "mini" or "full"',
        'unknown dump type specified, valid values are "mini" or "full"',
    ),
    _kind(
        "dump-count-atoi",
        "hcsdoc_wcow.go parseDumpCount: strconv.Atoi error passed through",
        r'strconv\.Atoi: parsing ".*": (?:invalid syntax|value out of range)',
        'strconv.Atoi: parsing "abc": invalid syntax',
        'strconv.Atoi: parsing "99999999999999999999": value out of range',
    ),
    _kind(
        "dump-count-invalid",
        "hcsdoc_wcow.go parseDumpCount: count <= 0 (Go's text says 'invaid')",
        r"invaid dump count specified: .*",
        "invaid dump count specified: 0",
        "invaid dump count specified: +0",
    ),
    # --- internal/uvm (*UtilityVM).GetVSMBUvmPath, reached from createMountsConfig and layers.GetHCSLayers ---
    _kind(
        "vsmb-no-hostpath",
        'internal/uvm/vsmb.go GetVSMBUvmPath: hostPath == ""',
        r"no hostPath passed to GetVSMBUvmPath",
        "no hostPath passed to GetVSMBUvmPath",
    ),
    _kind(
        "vsmb-stat",
        "internal/uvm/vsmb.go GetVSMBUvmPath: os.Stat(hostPath) error passed through",
        rf"GetFileAttributesEx .*|(?:CreateFile|Stat) (?!{_UVM_JOINED}: ).*",
        "GetFileAttributesEx C:\\data: The system cannot find the file specified.",
        "CreateFile C:\\data: Access is denied.",
        "Stat : The system cannot find the path specified.",
        "Stat C:\\a\x00b: invalid argument",
        "GetFileAttributesEx C:\\layers\\UtilityVM: The system cannot find the file specified.",
    ),
    _kind(
        "vsmb-not-attached",
        "internal/uvm/vsmb.go findVSMBShare: ErrNotAttached (internal/uvm/scsi.go)",
        r"not attached",
        "not attached",
    ),
    # --- internal/wclayer LayerID -> NameToGuid (hcserror.New) ---
    _kind(
        "nametoguid",
        "internal/wclayer/nametoguid.go NameToGuid: syscall error wrapped by hcserror.New",
        r"hcsshim::NameToGuid failed in Win32: .* \(0x[0-9a-f]+\)",
        "hcsshim::NameToGuid failed in Win32: The system cannot find the file specified. (0x2)",
        "hcsshim::NameToGuid failed in Win32: invalid argument (0x20000027)",
        "hcsshim::NameToGuid failed in Win32: winapi error #12345 (0x3039)",
    ),
    _kind(
        "nametoguid-dll",
        "internal/hcserror/hcserror.go New: a vmcompute.dll load error passed through raw; the seam never fails so",
        r"Failed to (?:load vmcompute\.dll|find NameToGuid procedure in vmcompute\.dll): .*",
        "Failed to load vmcompute.dll: The specified module could not be found.",
        "Failed to find NameToGuid procedure in vmcompute.dll: The specified procedure could not be found.",
        reachable=False,
    ),
    # --- internal/uvmfolder LocateUVMFolder (V1 Xenon) ---
    _kind(
        "uvm-folder-not-found",
        'internal/uvmfolder/locate.go LocateUVMFolder: no layer folder holds UtilityVM (or the folder found is "")',
        r"utility VM folder could not be found in layers",
        "utility VM folder could not be found in layers",
    ),
    _kind(
        "uvm-folder-stat",
        "internal/uvmfolder/locate.go LocateUVMFolder: os.Stat error that is not 'not exist', passed through",
        rf"(?:CreateFile|Stat) {_UVM_JOINED}: .*",
        "CreateFile C:\\layers\\base\\UtilityVM: Access is denied.",
        "Stat C:\\la\x00yers\\UtilityVM: invalid argument",
        "CreateFile UtilityVM: Access is denied.",
        "CreateFile C:UtilityVM: Access is denied.",
    ),
    # --- internal/hcsoci/devices.go getDeviceExtensions ---
    _kind(
        "ext-stat",
        "internal/hcsoci/devices.go getDeviceExtensionPaths: os.Stat failed (errors.Wrapf)",
        r"failed to find path to driver extensions at .*",
        "failed to find path to driver extensions at C:\\ext.json: GetFileAttributesEx C:\\ext.json: The system cannot find the file specified.",
        "failed to find path to driver extensions at : Stat : The system cannot find the path specified.",
    ),
    _kind(
        "ext-build",
        "internal/hcsoci/devices.go getDeviceExtensions: osversion.Build() < 20348",
        r"device extensions are not supported on this build \([0-9]+\)",
        "device extensions are not supported on this build (20347)",
    ),
    _kind(
        "ext-read",
        "internal/hcsoci/devices.go getDeviceExtensions: os.ReadFile failed (errors.Wrapf)",
        r"failed to read extension file at .*",
        "failed to read extension file at C:\\ext: read C:\\ext: Incorrect function.",
        "failed to read extension file at C:\\ext.json: open C:\\ext.json: Access is denied.",
    ),
    _kind(
        "ext-unmarshal",
        "internal/hcsoci/devices.go getDeviceExtensions: json.Unmarshal into DeviceExtension failed (errors.Wrapf)",
        r"failed to unmarshal extension file at .*",
        "failed to unmarshal extension file at C:\\ext.json: unexpected end of JSON input",
        "failed to unmarshal extension file at C:\\ext.json: invalid character 'ï' looking for beginning of value",
    ),
)

KINDS_BY_ID: Final[dict[str, ErrorKind]] = {k.id: k for k in ERROR_KINDS}


def matching_kinds(text: str) -> list[str]:
    """Every kind whose pattern matches the whole of `text` (one at most, for the table to be unambiguous)."""
    return [k.id for k in ERROR_KINDS if k.pattern.fullmatch(text)]


def classify_error(text: str) -> str:
    """The kind of a Go error text, or "unknown" when no pattern matches it."""
    for kind in ERROR_KINDS:
        if kind.pattern.fullmatch(text):
            return kind.id
    return UNKNOWN
