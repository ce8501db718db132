"""hcsshim ``internal/wclayer``: ``LayerID`` and ``NameToGuid``."""

from __future__ import annotations

from hcsdoc.reference import filepath_windows, hcserror
from hcsdoc.reference.goerrors import Errno, GoError
from hcsdoc.reference.guid import GUID
from hcsdoc.reference.host import Host
from hcsdoc.reference.winerror import EINVAL


def LayerID(host: Host, path: str) -> GUID:
    """The layer's GUID: NameToGuid of the folder's *base name* by Windows ``filepath.Split`` (so a trailing
    separator gives the name ``""``)."""
    _, file = filepath_windows.Split(path)
    return NameToGuid(host, file)


def NameToGuid(host: Host, name: str) -> GUID:
    """``wclayer.NameToGuid``: any failure is wrapped as ``hcsshim::NameToGuid failed in Win32: ...``."""
    title = "hcsshim::NameToGuid"
    try:
        return nameToGuid(host, name)
    except GoError as err:
        raise hcserror.New(err, title, "") from None


def nameToGuid(host: Host, name: str) -> GUID:
    """The generated syscall wrapper: ``syscall.UTF16PtrFromString`` first (a NUL fails with Go's EINVAL), then
    the ``vmcompute.dll`` call (the seam)."""
    if "\x00" in name:
        raise Errno(EINVAL)
    return host.NameToGuid(name)
