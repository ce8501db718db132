"""hcsshim ``internal/hcsoci/hcsdoc_wcow.go``: ``createWindowsContainerDocument`` and its helpers.

One function per Go function, checks in Go's order (the first error wins). ``host`` takes the place of Go's
``ctx`` as first parameter: it answers the machine questions (seams) the Go code asks the OS.
Errors are raised as :class:`~reference.goerrors.GoError`, Go runtime panics as :class:`~reference.goint.GoPanic`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from hcsdoc.reference import hcsschema, layers, oci, osversion, schema1, specs, trace, uvm, uvmfolder, wclayer
from hcsdoc.reference.annotations import (
    ContainerMemorySizeInMB,
    ContainerProcessDumpLocation,
    ContainerProcessorCount,
    ContainerProcessorLimit,
    ContainerProcessorWeight,
    ContainerStorageQoSBandwidthMaximum,
    ContainerStorageQoSIopsMaximum,
    WCOWProcessDumpCount,
    WCOWProcessDumpType,
)
from hcsdoc.reference.filepath_windows import Join
from hcsdoc.reference.goerrors import ErrorString, GoError
from hcsdoc.reference.gofmt import quote
from hcsdoc.reference.goint import int32, int32_div, int32_mul, int64, uint32, uint64
from hcsdoc.reference.hcsoci import devices, trace_wcow
from hcsdoc.reference.hcsoci.create import createOptionsInternal
from hcsdoc.reference.hcsoci.resources import (
    MountTypeExtensibleVirtualDisk,
    MountTypePhysicalDisk,
    MountTypeVirtualDisk,
    NormalizeProcessorCount,
)
from hcsdoc.reference.hcsoci.resources_wcow import SandboxMountPrefix, convertToWCOWSandboxMountPath
from hcsdoc.reference.host import Host
from hcsdoc.reference.strconv import Atoi

createContainerSubdirectoryForProcessDumpSuffix: Final = "{container_id}"

# The Argon Root.Path check. Go's regexp.MatchString with ^...$ (RE2: $ is the end of the text); Python's $ would
# also match before a final "\n", so the pattern is used with fullmatch and without the anchors. Note the quirks it
# accepts: braces optional/doubled ("\\?\VolumeG}", "{G}}"), and "Volume" is case-sensitive.
_volumeGUIDRegex: Final = re.compile(
    r"\\\\\?\\(Volume)\{{0,1}[0-9a-fA-F]{8}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{12}"
    r"(\}){0,1}\}(|\\)"
)

# The fixed registry value every document gets: WaitToKillServiceTimeout = strconv.Itoa(math.MaxInt32).
_WAIT_TO_KILL_SERVICE_TIMEOUT: Final = "2147483647"
_LOCAL_DUMPS_KEY: Final = "Microsoft\\Windows\\Windows Error Reporting\\LocalDumps"


@dataclass(slots=True)
class mountsConfig:
    mdsv1: list[schema1.MappedDir] | None = None
    mpsv1: list[schema1.MappedPipe] | None = None
    mdsv2: list[hcsschema.MappedDirectory] | None = None
    mpsv2: list[hcsschema.MappedPipe] | None = None


def createMountsConfig(host: Host, coi: createOptionsInternal) -> mountsConfig:
    """The spec's mounts as mapped directories and mapped pipes (v1 and v2), then the additional (disk) mounts,
    which go to v2 only and after the spec's."""
    assert coi.Spec is not None
    t = trace.active
    config = mountsConfig()
    mdsv1: list[schema1.MappedDir] = []
    mpsv1: list[schema1.MappedPipe] = []
    mdsv2: list[hcsschema.MappedDirectory] = []
    mpsv2: list[hcsschema.MappedPipe] = []
    for i, mount in enumerate(coi.Spec.Mounts or ()):
        # The pipe test comes first and looks at the source only (not at Type).
        if uvm.IsPipe(mount.Source):
            src, dst = uvm.GetContainerPipeMapping(coi.HostingSystem, mount)
            if t is not None:
                trace_wcow.pipe(t, i, len(mpsv1), mount, src, dst, coi.HostingSystem is not None)
            mpsv1.append(schema1.MappedPipe(HostPath=src, ContainerPipeName=dst))
            mpsv2.append(hcsschema.MappedPipe(HostPath=src, ContainerPipeName=dst))
            continue
        readOnly = False
        for o in mount.Options or ():
            # strings.ToLower(o) == "ro": only R/r and O/o lower-case to r and o, so str.lower() agrees.
            if o.lower() == "ro":
                readOnly = True
        mdv1 = schema1.MappedDir(HostPath=mount.Source, ContainerPath=mount.Destination, ReadOnly=readOnly)
        mdv2 = hcsschema.MappedDirectory(ContainerPath=mount.Destination, ReadOnly=readOnly)
        if coi.HostingSystem is None:
            # Process isolation: every non-pipe mount is resolved on the host, whatever its Type
            # (a "virtual-disk" or "sandbox://" source fails here).
            try:
                src = host.ResolvePath(mount.Source)
            except GoError as err:
                raise ErrorString(f"failed to resolve path for mount source {quote(mount.Source)}: {err}") from None
            mdv2.HostPath = src
        elif mount.Type in (MountTypeVirtualDisk, MountTypePhysicalDisk, MountTypeExtensibleVirtualDisk):
            # Disks reach the v2 document through windowsAdditionalMounts; this mount is in neither document.
            continue
        elif mount.Source.startswith(SandboxMountPrefix):
            mdv2.HostPath = convertToWCOWSandboxMountPath(mount.Source)
        else:
            mdv2.HostPath = coi.HostingSystem.GetVSMBUvmPath(mount.Source, readOnly)  # error passed through as is
        if t is not None:
            trace_wcow.mapped_dir(t, i, len(mdsv1), mount, mdv1, mdv2, coi.HostingSystem is not None)
        mdsv1.append(mdv1)
        mdsv2.append(mdv2)
    # Go appends to nil slices: a slice nobody appended to stays nil.
    config.mdsv1 = mdsv1 or None
    config.mpsv1 = mpsv1 or None
    config.mpsv2 = mpsv2 or None
    if t is not None:
        trace_wcow.additional_mounts(t, coi, len(mdsv2))
    mdsv2.extend(coi.windowsAdditionalMounts or ())
    config.mdsv2 = mdsv2 or None
    return config


def ConvertCPULimits(cid: str, spec: specs.Spec, maxCPUCount: int) -> tuple[int, int, int]:
    """``(cpuCount, cpuLimit, cpuWeight)`` from annotations or the spec (int32 each). At most one of them may be
    positive; when exactly one is, the count is capped at ``maxCPUCount`` (even when it is the limit or the weight
    that is set, the count is then 0 and stays 0). When none is, a negative wrapped count is kept as is."""
    cpuNumSet = 0
    cpuCount = oci.ParseAnnotationsCPUCount(spec, ContainerProcessorCount, 0)
    if cpuCount > 0:
        cpuNumSet += 1
    cpuLimit = oci.ParseAnnotationsCPULimit(spec, ContainerProcessorLimit, 0)
    if cpuLimit > 0:
        cpuNumSet += 1
    cpuWeight = oci.ParseAnnotationsCPUWeight(spec, ContainerProcessorWeight, 0)
    if cpuWeight > 0:
        cpuNumSet += 1

    if cpuNumSet > 1:
        # The raw int32 values, before any normalization (a wrapped count prints negative).
        raise ErrorString(
            f"invalid spec - Windows Container CPU Count: '{cpuCount}', Limit: '{cpuLimit}', "
            f"and Weight: '{cpuWeight}' are mutually exclusive"
        )
    elif cpuNumSet == 1:
        cpuCount = NormalizeProcessorCount(cid, cpuCount, maxCPUCount)
    return cpuCount, cpuLimit, cpuWeight


def createWindowsContainerDocument(
    host: Host, coi: createOptionsInternal
) -> tuple[schema1.ContainerConfig, hcsschema.Container]:
    """Both documents, v1 (HCS schema 1.0) and v2 (schema 2.1), built from the spec and the create options."""
    # (log) Debug "hcsshim: CreateHCSContainerDocument"
    if coi.Spec is None:
        raise ErrorString("cannot create HCS container document - OCI spec is missing")
    spec = coi.Spec
    if spec.Windows is None:
        # Deliberate: Go's message ends with a space (hcsdoc_wcow.go, "Windows section is missing ").
        raise ErrorString("cannot create HCS container document - OCI spec Windows section is missing ")
    windows = spec.Windows
    t = trace.active

    v1 = schema1.ContainerConfig(
        SystemType="Container",
        Name=coi.actualID,
        Owner=coi.actualOwner,
        HvPartition=False,
        IgnoreFlushesDuringBoot=windows.IgnoreFlushesDuringBoot,
    )
    storage = hcsschema.Storage()
    v2Container = hcsschema.Container(Storage=storage)
    if t is not None:
        trace_wcow.start(t, coi, windows)

    layerFolders = windows.LayerFolders
    if layerFolders is None or len(layerFolders) < 2:
        raise ErrorString("invalid spec - not enough layer folders supplied")

    if spec.Hostname != "":
        v1.HostName = spec.Hostname
        v2Container.GuestOs = hcsschema.GuestOs(HostName=spec.Hostname)
    if t is not None:
        trace_wcow.hostname(t, v1, spec.Hostname)

    # The host's processor count is asked on every call, UVM or not.
    uvmCPUCount = 0
    hostCPUCount = host.ProcessorCount()
    maxCPUCount = hostCPUCount
    if coi.HostingSystem is not None:
        uvmCPUCount = coi.HostingSystem.ProcessorCount()
        maxCPUCount = uvmCPUCount

    cpuCount, cpuLimit, cpuWeight = ConvertCPULimits(coi.ID, spec, maxCPUCount)

    if coi.HostingSystem is not None and coi.ScaleCPULimitsToSandbox and cpuLimit > 0:
        # int32 arithmetic: the product wraps, the quotient truncates toward zero, and a UVM with 0 processors
        # panics with an integer divide by zero (no guard in Go).
        newCPULimit = int32_div(int32_mul(cpuLimit, hostCPUCount), uvmCPUCount)
        if newCPULimit < 1:
            newCPULimit = 1
        elif newCPULimit > 10000:
            newCPULimit = 10000
        # (log) Info "rescaling CPU limit for UVM sandbox"
        if t is not None:
            trace_wcow.scaled_limit(t, cpuLimit, hostCPUCount, uvmCPUCount, newCPULimit)
        cpuLimit = newCPULimit

    v1.ProcessorCount = uint32(cpuCount)  # int32 -> uint32: -1 becomes 4294967295
    v1.ProcessorMaximum = int64(cpuLimit)
    v1.ProcessorWeight = uint64(cpuWeight)  # int32 -> uint64 sign-extends: -1 becomes 2^64-1
    # Always set, so v2 always has "Processor" ({} when all three are 0).
    v2Container.Processor = hcsschema.Processor(Count=cpuCount, Maximum=cpuLimit, Weight=cpuWeight)
    if t is not None:
        trace_wcow.processor(t, coi, v1, cpuCount, cpuLimit, cpuWeight, hostCPUCount, uvmCPUCount)

    memoryMaxInMB = oci.ParseAnnotationsMemory(spec, ContainerMemorySizeInMB, 0)
    if memoryMaxInMB > 0:
        v1.MemoryMaximumInMB = int64(memoryMaxInMB)  # uint64 -> int64 wraps (2^64-1 becomes -1); v2 keeps it
        v2Container.Memory = hcsschema.Memory(SizeInMB=memoryMaxInMB)
    if t is not None:
        trace_wcow.memory(t, v1, memoryMaxInMB)

    # Bandwidth is parsed before IOPS (only the order of the discarded parse logs depends on it).
    storageBandwidthMax = oci.ParseAnnotationsStorageBps(spec, ContainerStorageQoSBandwidthMaximum, 0)
    storageIopsMax = oci.ParseAnnotationsStorageIops(spec, ContainerStorageQoSIopsMaximum, 0)
    if storageBandwidthMax > 0 or storageIopsMax > 0:
        v1.StorageBandwidthMaximum = uint64(storageBandwidthMax)  # a negative other one sign-extends
        v1.StorageIOPSMaximum = uint64(storageIopsMax)
        storage.QoS = hcsschema.StorageQoS(BandwidthMaximum=storageBandwidthMax, IopsMaximum=storageIopsMax)
    if t is not None:
        trace_wcow.storage_qos(t, v1, storage, storageBandwidthMax, storageIopsMax)

    network = windows.Network
    if network is not None:
        networking = hcsschema.Networking()  # present even when every field is empty
        v2Container.Networking = networking
        v1.EndpointList = network.EndpointList
        networking.Namespace = coi.actualNetworkNamespace  # Network.NetworkNamespace itself is not read
        v1.AllowUnqualifiedDNSQuery = network.AllowUnqualifiedDNSQuery
        networking.AllowUnqualifiedDnsQuery = v1.AllowUnqualifiedDNSQuery
        if network.DNSSearchList is not None:
            v1.DNSSearchList = ",".join(network.DNSSearchList)  # no escaping; [] gives ""
            networking.DnsSearchList = v1.DNSSearchList
        v1.NetworkSharedContainerName = network.NetworkSharedContainerName
        networking.NetworkSharedContainerName = v1.NetworkSharedContainerName
        if t is not None:
            trace_wcow.network(t, coi, network, v1)

    # cs, ok := CredentialSpec.(string): only a JSON string counts, "" included; an object is ignored.
    cs = windows.CredentialSpec
    if isinstance(cs, str):
        v1.Credentials = cs
        if coi.ccgState is not None:
            v2Container.ContainerCredentialGuard = coi.ccgState
    if t is not None:
        trace_wcow.credentials(t, coi, cs, v1, v2Container)

    root = spec.Root
    if root is None:
        raise ErrorString("spec is invalid - root isn't populated")
    if root.Readonly:
        raise ErrorString("invalid container spec - readonly is not supported for Windows containers")

    # The scratch (read-write) folder is the last one.
    v1.LayerFolderPath = layerFolders[-1]
    if t is not None:
        trace_wcow.scratch(t, v1, layerFolders)

    # The isolation predicates read actualSchemaVersion here first: a nil one panics on this line.
    if coi.isV2Argon() or coi.isV1Argon():
        if _volumeGUIDRegex.fullmatch(root.Path) is None:
            # A Go raw string: the message really has two backslashes before "?".
            raise ErrorString(
                f"invalid container spec - Root.Path '{root.Path}' must be a volume GUID path in the format "
                "'\\\\?\\Volume{GUID}\\'"
            )
        if root.Path[-1] != "\\":
            # Deliberate side effect on the caller's spec, as in Go ("be nice to clients").
            root.Path += "\\"
        v1.VolumePath = root.Path[:-1]
        storage.Path = root.Path
        if t is not None:
            trace_wcow.argon_root(t, v1, storage, root.Path)
    elif coi.isV1Xenon():
        v1.HvPartition = True
        hyperV = windows.HyperV
        # Unreachable: isV1Xenon is reached only when isV1Argon was false, i.e. HyperV is not nil.
        if hyperV is None:  # pragma: no cover
            raise ErrorString("invalid container spec - Spec.Windows.HyperV is nil")
        if hyperV.UtilityVMPath != "":
            v1.HvRuntime = schema1.HvRuntime(ImagePath=hyperV.UtilityVMPath)
            if t is not None:
                trace_wcow.uvm_image(t, v1, hyperV.UtilityVMPath, None)
        else:
            # All folders, the scratch one included.
            uvmImagePath = uvmfolder.LocateUVMFolder(host, layerFolders)
            v1.HvRuntime = schema1.HvRuntime(ImagePath=Join(uvmImagePath, "UtilityVM"))
            if t is not None:
                trace_wcow.uvm_image(t, v1, "", layerFolders)
        if t is not None:
            trace_wcow.v1_xenon(t, coi)
    elif coi.isV2Xenon():
        hostingSystem = coi.HostingSystem
        assert hostingSystem is not None
        storage.Path = root.Path  # not validated for Xenon
        if t is not None:
            trace_wcow.xenon_root(t, storage)
        if hostingSystem.OS() == "windows":
            storage.Layers = layers.GetHCSLayers(host, hostingSystem, layerFolders[:-1])
            if t is not None:
                trace_wcow.uvm_layers(t, storage.Layers, layerFolders)
    # else: no branch at all (schema 2.5; or schema 1.0 without a UVM but with HyperV): no layers, no VolumePath.

    if coi.isV2Argon() or coi.isV1Argon():
        for layerPath in layerFolders[:-1]:
            layerID = wclayer.LayerID(host, layerPath)
            if v1.Layers is None:
                v1.Layers = []
            v1.Layers.append(schema1.Layer(ID=layerID.String(), Path=layerPath))
            if storage.Layers is None:
                storage.Layers = []
            storage.Layers.append(hcsschema.Layer(Id=layerID.String(), Path=layerPath))
            if t is not None:
                trace_wcow.argon_layer(t, len(v1.Layers) - 1, layerPath, layerID.String())

    mounts = createMountsConfig(host, coi)
    v1.MappedDirectories = mounts.mdsv1
    v2Container.MappedDirectories = mounts.mdsv2
    # Checked only after every mount was processed: a mount error wins over this one.
    if mounts.mpsv1 and host.OSBuild() < osversion.RS3:
        raise ErrorString("named pipe mounts are not supported on this version of Windows")
    v1.MappedPipes = mounts.mpsv1
    v2Container.MappedPipes = mounts.mpsv2

    parseAssignedDevices(coi, v2Container)

    # For every isolation and schema version, although only v2 uses the result.
    v2Container.AdditionalDeviceNamespace = devices.getDeviceExtensions(host, spec.Annotations)
    if t is not None:
        trace_wcow.device_extensions(t, spec.Annotations, v2Container.AdditionalDeviceNamespace)

    dumpPath = ""
    if coi.HostingSystem is not None:
        dumpPath = coi.HostingSystem.ProcessDumpLocation()
    # Presence, not emptiness: an annotation set to "" overrides the UVM's location with "".
    if spec.Annotations is not None and ContainerProcessDumpLocation in spec.Annotations:
        dumpPath = spec.Annotations[ContainerProcessDumpLocation]

    registryAdd = [
        hcsschema.RegistryValue(
            Key=hcsschema.RegistryKey(Hive="System", Name="ControlSet001\\Control"),
            Name="WaitToKillServiceTimeout",
            StringValue=_WAIT_TO_KILL_SERVICE_TIMEOUT,
            Type_="String",
        )
    ]

    if dumpPath != "":
        # Only an all-lowercase or all-uppercase suffix is replaced, and by coi.ID (not actualID).
        upperSuffix = createContainerSubdirectoryForProcessDumpSuffix.upper()
        if dumpPath.endswith(createContainerSubdirectoryForProcessDumpSuffix):
            dumpPath = dumpPath.removesuffix(createContainerSubdirectoryForProcessDumpSuffix) + coi.ID
        elif dumpPath.endswith(upperSuffix):
            dumpPath = dumpPath.removesuffix(upperSuffix) + coi.ID
        # Validated only here: with no dump path, bad dump type/count annotations are never looked at.
        dumpType = parseDumpType(spec.Annotations)
        dumpCount = parseDumpCount(spec.Annotations)
        registryAdd += [
            hcsschema.RegistryValue(
                Key=hcsschema.RegistryKey(Hive="Software", Name=_LOCAL_DUMPS_KEY),
                Name="DumpFolder",
                StringValue=dumpPath,
                Type_="String",
            ),
            hcsschema.RegistryValue(
                Key=hcsschema.RegistryKey(Hive="Software", Name=_LOCAL_DUMPS_KEY),
                Name="DumpType",
                DWordValue=dumpType,
                Type_="DWord",
            ),
            hcsschema.RegistryValue(
                Key=hcsschema.RegistryKey(Hive="Software", Name=_LOCAL_DUMPS_KEY),
                Name="DumpCount",
                DWordValue=dumpCount,
                Type_="DWord",
            ),
        ]

    v2Container.RegistryChanges = hcsschema.RegistryChanges(AddValues=registryAdd)
    if t is not None:
        trace_wcow.registry(t, coi, spec.Annotations, registryAdd)
        trace_wcow.end(t, v1)
    return v1, v2Container


def parseAssignedDevices(coi: createOptionsInternal, v2: hcsschema.Container) -> None:
    """The spec's devices, for v2 Argon and v2 Xenon only (otherwise they are not even checked)."""
    if not coi.isV2Argon() and not coi.isV2Xenon():
        return
    assert coi.Spec is not None and coi.Spec.Windows is not None
    v2AssignedDevices: list[hcsschema.Device] = []
    for d in coi.Spec.Windows.Devices or ():
        v2Dev = hcsschema.Device()
        # Case-sensitive comparisons with the uvm package's ID types; the first unsupported device wins.
        if d.IDType == uvm.VPCILocationPathIDType:
            v2Dev.LocationPath = d.ID
            v2Dev.Type = hcsschema.DeviceInstanceID
        elif d.IDType == uvm.VPCIClassGUIDTypeLegacy or d.IDType == uvm.VPCIClassGUIDType:
            v2Dev.InterfaceClassGuid = d.ID
        else:
            raise ErrorString(f"specified device {d.ID} has unsupported type {d.IDType}")
        # (log) Debug "adding assigned device to container doc"
        t = trace.active
        if t is not None:
            trace_wcow.device(t, len(v2AssignedDevices), d, v2Dev)
        v2AssignedDevices.append(v2Dev)
    v2.AssignedDevices = v2AssignedDevices  # non-nil but possibly empty: omitted from the JSON either way


def parseDumpCount(annots: dict[str, str] | None) -> int:
    """The dump count: 10 when absent or ``""``; else ``strconv.Atoi`` (sign allowed; its error as is), and a
    positive value converted to int32 *wrapping* (``"4294967297"`` is 1, ``"4294967296"`` is 0)."""
    dmpCountStr = annots.get(WCOWProcessDumpCount, "") if annots is not None else ""
    if dmpCountStr == "":
        return 10
    dumpCount = Atoi(dmpCountStr)
    if dumpCount > 0:
        return int32(dumpCount)
    # Deliberate: Go's message says "invaid" (sic), with the raw annotation value.
    raise ErrorString(f"invaid dump count specified: {dmpCountStr}")


def parseDumpType(annots: dict[str, str] | None) -> int:
    """The dump type: ``""`` and ``"full"`` are 2, ``"mini"`` is 1 (case-sensitive)."""
    dmpTypeStr = annots.get(WCOWProcessDumpType, "") if annots is not None else ""
    if dmpTypeStr == "":
        return 2
    if dmpTypeStr == "mini":
        return 1
    if dmpTypeStr == "full":
        return 2
    raise ErrorString('unknown dump type specified, valid values are "mini" or "full"')
