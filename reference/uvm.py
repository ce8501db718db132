"""hcsshim ``internal/uvm``: the hosting utility VM (``*uvm.UtilityVM``) as far as the document reads it, the named
pipe helpers (``pipes.go``) and the device ID types (``virtual_device.go``).

A :class:`UtilityVM` is built from a case's ``uvm`` object (docs/case-format.md §1.3). Its VSMB share tables are
keyed like Go's (``getVSMBShareKey``); ``GetVSMBUvmPath`` stats host paths through the :class:`~reference.host.Host`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from hcsdoc.reference import caseinput, filepath_windows, specs
from hcsdoc.reference.caseinput import CaseError
from hcsdoc.reference.goerrors import ErrorString
from hcsdoc.reference.host import Host

pipePrefix: Final = "\\\\.\\pipe\\"
vsmbSharePrefix: Final = "\\\\?\\VMSMB\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\"

# internal/uvm/scsi.go ErrNotAttached
ErrNotAttached: Final = "not attached"

# virtual_device.go: the Windows device ID types parseAssignedDevices accepts
VPCILocationPathIDType: Final = "vpci-location-path"
VPCIClassGUIDTypeLegacy: Final = "class"
VPCIClassGUIDType: Final = "vpci-class-guid"


@dataclass(frozen=True, slots=True)
class VSMBShare:
    """The fields of ``*uvm.VSMBShare`` the lookup returns."""

    HostPath: str
    guestPath: str


def getVSMBShareKey(hostPath: str, readOnly: bool) -> str:
    """``fmt.Sprintf("%v-%v", hostPath, readOnly)``: e.g. ``C:\\data-true``."""
    return f"{hostPath}-{'true' if readOnly else 'false'}"


class UtilityVM:
    """``*uvm.UtilityVM``: OS, processor count, dump location and the VSMB share tables."""

    def __init__(
        self,
        host: Host,
        os: str,
        processorCount: int,
        processDumpLocation: str,
        vsmbDirShares: dict[str, VSMBShare],
        vsmbFileShares: dict[str, VSMBShare],
    ) -> None:
        self.host = host
        self.os = os
        self.processorCount = processorCount
        self.processDumpLocation = processDumpLocation
        self.vsmbDirShares = vsmbDirShares
        self.vsmbFileShares = vsmbFileShares

    @classmethod
    def from_case(cls, uvm: Mapping[str, Any], host: Host) -> UtilityVM:
        """From a case's non-null ``uvm``: each share goes into the dir or file table under its key; a later share
        with the same key replaces an earlier one (as a map assignment does)."""
        dirs: dict[str, VSMBShare] = {}
        files: dict[str, VSMBShare] = {}
        for i, share in enumerate(caseinput.opt_list(uvm, "vsmbShares", "case.uvm") or ()):
            where = f"case.uvm.vsmbShares[{i}]"
            share = caseinput.as_obj(share, where)
            hostPath = caseinput.string(share, "hostPath", where)
            readOnly = caseinput.boolean(share, "readOnly", where)
            kind = caseinput.string(share, "kind", where)
            if kind not in ("dir", "file"):
                raise CaseError(f'{where}.kind: expected "dir" or "file", got {kind!r}')
            table = dirs if kind == "dir" else files
            table[getVSMBShareKey(hostPath, readOnly)] = VSMBShare(
                hostPath, caseinput.string(share, "guestPath", where)
            )
        return cls(
            host,
            caseinput.string(uvm, "os", "case.uvm"),
            caseinput.integer(uvm, "processorCount", "case.uvm", caseinput.INT32),
            caseinput.string(uvm, "processDumpLocation", "case.uvm"),
            dirs,
            files,
        )

    def OS(self) -> str:
        return self.os

    def ProcessorCount(self) -> int:
        return self.processorCount

    def ProcessDumpLocation(self) -> str:
        return self.processDumpLocation

    def GetVSMBUvmPath(self, hostPath: str, readOnly: bool) -> str:
        """``(*UtilityVM).GetVSMBUvmPath`` (vsmb.go): the guest path of the share holding ``hostPath``.

        A directory is looked up as itself; a file by the folder that holds it (``Split``), and the file name is
        joined back onto the share's guest path. The folder is ``Clean``-ed before the key is made.
        """
        if hostPath == "":
            raise ErrorString("no hostPath passed to GetVSMBUvmPath")
        st = self.host.Stat(hostPath)  # its error is returned unchanged
        m = self.vsmbDirShares
        f = ""
        if not st.IsDir():
            m = self.vsmbFileShares
            hostPath, f = filepath_windows.Split(hostPath)
        hostPath = filepath_windows.Clean(hostPath)
        shareKey = getVSMBShareKey(hostPath, readOnly)
        share = self.findVSMBShare(m, shareKey)
        return filepath_windows.Join(share.guestPath, f)

    def findVSMBShare(self, m: dict[str, VSMBShare], shareKey: str) -> VSMBShare:
        share = m.get(shareKey)
        if share is None:
            raise ErrorString(ErrNotAttached)
        return share


def IsPipe(hostPath: str) -> bool:
    """``uvm.IsPipe``: a case-sensitive ``\\\\.\\pipe\\`` prefix (trailing backslash required)."""
    return hostPath.startswith(pipePrefix)


def GetContainerPipeMapping(uvm: UtilityVM | None, mount: specs.Mount) -> tuple[str, str]:
    """``uvm.GetContainerPipeMapping(uvm, mount)``: the host side is the mount's source as is (no UVM) or the
    pipe's name under the UVM's VSMB ``IPC$`` share; the container side is the destination without the pipe
    prefix (a destination that is not a pipe path is kept whole)."""
    src = mount.Source if uvm is None else vsmbSharePrefix + "IPC$\\" + mount.Source.removeprefix(pipePrefix)
    dst = mount.Destination.removeprefix(pipePrefix)
    return src, dst
