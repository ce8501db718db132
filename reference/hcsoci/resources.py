"""hcsshim ``internal/hcsoci/resources.go``: mount type names and ``NormalizeProcessorCount``."""

from __future__ import annotations

from typing import Final

MountTypeBind: Final = "bind"
MountTypePhysicalDisk: Final = "physical-disk"
MountTypeVirtualDisk: Final = "virtual-disk"
MountTypeExtensibleVirtualDisk: Final = "extensible-virtual-disk"


def NormalizeProcessorCount(cid: str, requestedCount: int, hostCount: int) -> int:
    """``min(requested, host)`` on int32s; ``cid`` is used only by the log."""
    if requestedCount > hostCount:
        # (log) Warn "Changing user requested cpu count to current number of processors on the host"
        return hostCount
    return requestedCount
