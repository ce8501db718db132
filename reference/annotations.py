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
# The same keys as a set, for membership tests.
DOCUMENT_KEYS: Final = frozenset(READ_BY_CONVERTER)

# The other keys hcsshim v0.11.8 defines in pkg/annotations. The container document never reads them; hcsshim reads
# some where it creates the utility VM or sets up the pod (e.g. the virtualmachine.computetopology.* sizes), some
# are Linux-only (lcow). Listed so that a tool can tell a misspelt key from one that acts elsewhere.
OTHER_KEYS: Final = frozenset(
    {
        "io.kubernetes.cri.container-type",
        "io.kubernetes.cri.sandbox-id",
        "io.microsoft.container.gpu.capabilities",
        "io.microsoft.container.wcow.gmsa.disable",
        "io.microsoft.disable-unsafe-operations",
        "io.microsoft.lcow.gpuvhdpath",
        "io.microsoft.lcow.rlimitcore",
        "io.microsoft.lcow.shm.size-kb",
        "io.microsoft.network.ncproxy",
        "io.microsoft.network.ncproxy.containerid",
        "io.microsoft.virtualmachine.computetopology.memory.allowovercommit",
        "io.microsoft.virtualmachine.computetopology.memory.enablecolddiscardhint",
        "io.microsoft.virtualmachine.computetopology.memory.enabledeferredcommit",
        "io.microsoft.virtualmachine.computetopology.memory.highmmiobaseinmb",
        "io.microsoft.virtualmachine.computetopology.memory.highmmiogapinmb",
        "io.microsoft.virtualmachine.computetopology.memory.lowmmiogapinmb",
        "io.microsoft.virtualmachine.computetopology.memory.sizeinmb",
        "io.microsoft.virtualmachine.computetopology.processor.count",
        "io.microsoft.virtualmachine.computetopology.processor.limit",
        "io.microsoft.virtualmachine.computetopology.processor.weight",
        "io.microsoft.virtualmachine.cpugroup.id",
        "io.microsoft.virtualmachine.devices.virtualpmem.maximumcount",
        "io.microsoft.virtualmachine.devices.virtualpmem.maximumsizebytes",
        "io.microsoft.virtualmachine.disablecompartmentnamespace",
        "io.microsoft.virtualmachine.dump-directory-path",
        "io.microsoft.virtualmachine.fileshares.disablewritable",
        "io.microsoft.virtualmachine.fullyphysicallybacked",
        "io.microsoft.virtualmachine.kerneldrivers",
        "io.microsoft.virtualmachine.lcow.amd-certificate",
        "io.microsoft.virtualmachine.lcow.bootfilesrootpath",
        "io.microsoft.virtualmachine.lcow.enforcer",
        "io.microsoft.virtualmachine.lcow.gueststatefile",
        "io.microsoft.virtualmachine.lcow.kernelbootoptions",
        "io.microsoft.virtualmachine.lcow.kerneldirectboot",
        "io.microsoft.virtualmachine.lcow.no_security_hardware",
        "io.microsoft.virtualmachine.lcow.preferredrootfstype",
        "io.microsoft.virtualmachine.lcow.privileged",
        "io.microsoft.virtualmachine.lcow.securitypolicy",
        "io.microsoft.virtualmachine.lcow.securitypolicy.env",
        "io.microsoft.virtualmachine.lcow.timesync.disable",
        "io.microsoft.virtualmachine.lcow.uvm-reference-info-file",
        "io.microsoft.virtualmachine.lcow.vpcienabled",
        "io.microsoft.virtualmachine.lcow.vpmem.nomultimapping",
        "io.microsoft.virtualmachine.storage.scratch.encrypted",
        "io.microsoft.virtualmachine.storageqos.bandwidthmaximum",
        "io.microsoft.virtualmachine.storageqos.iopsmaximum",
        "io.microsoft.virtualmachine.wcow.timezone.noinherit",
        "io.microsoft.virtualmachine.wcow.virtualSMB.nodirectmap",
        "microsoft.com/hostprocess-container",
        "microsoft.com/hostprocess-inherit-user",
        "microsoft.com/hostprocess-rootfs-location",
    }
)
