"""hcsshim ``pkg/annotations``: the annotation keys the container document reads (the strings are facts)."""

from __future__ import annotations

from typing import Final

ContainerMemorySizeInMB: Final = "io.microsoft.container.memory.sizeinmb"
ContainerProcessorCount: Final = "io.microsoft.container.processor.count"
ContainerProcessorLimit: Final = "io.microsoft.container.processor.limit"
ContainerProcessorWeight: Final = "io.microsoft.container.processor.weight"
ContainerStorageQoSBandwidthMaximum: Final = "io.microsoft.container.storage.qos.bandwidthmaximum"
ContainerStorageQoSIopsMaximum: Final = "io.microsoft.container.storage.qos.iopsmaximum"
DeviceExtensions: Final = "io.microsoft.container.wcow.deviceextensions"
ContainerProcessDumpLocation: Final = "io.microsoft.container.processdumplocation"
WCOWProcessDumpType: Final = "io.microsoft.wcow.processdumptype"
WCOWProcessDumpCount: Final = "io.microsoft.wcow.processdumpcount"

# Every key above: the annotations that can change a document.
READ_BY_CONVERTER: Final = (
    ContainerProcessorCount,
    ContainerProcessorLimit,
    ContainerProcessorWeight,
    ContainerMemorySizeInMB,
    ContainerStorageQoSBandwidthMaximum,
    ContainerStorageQoSIopsMaximum,
    DeviceExtensions,
    ContainerProcessDumpLocation,
    WCOWProcessDumpType,
    WCOWProcessDumpCount,
)
