"""The trace reports of ``createWindowsContainerDocument`` (:mod:`reference.trace`), kept out of the Go mirror.

Each function is called from one site of :mod:`reference.hcsoci.hcsdoc_wcow`, only when a tracer is active, with
the values that site has in hand; it reports the document fields that site set and the inputs they came from.
Nothing here decides anything the converter does.
"""

from __future__ import annotations

from hcsdoc.reference import hcsschema, schema1, specs
from hcsdoc.reference.annotations import (
    ContainerMemorySizeInMB,
    ContainerProcessDumpLocation,
    ContainerProcessorCount,
    ContainerProcessorLimit,
    ContainerProcessorWeight,
    ContainerStorageQoSBandwidthMaximum,
    ContainerStorageQoSIopsMaximum,
    DeviceExtensions,
    WCOWProcessDumpCount,
    WCOWProcessDumpType,
)
from hcsdoc.reference.hcsoci.create import createOptionsInternal
from hcsdoc.reference.trace import STRUCT, Tracer

_DOC = "createWindowsContainerDocument"


def start(t: Tracer, coi: createOptionsInternal, windows: specs.Windows) -> None:
    """The fields every document gets before anything can fail."""
    t.field("v1", "SystemType", "Container", _DOC + "/fixed")
    t.field("v1", "Name", coi.actualID, _DOC + "/name", (("options.actualId", coi.actualID),))
    t.field("v1", "Owner", coi.actualOwner, _DOC + "/owner", (("options.owner", coi.actualOwner),))
    t.field("v1", "HvPartition", False, _DOC + "/hvpartition")
    t.field(
        "v1",
        "IgnoreFlushesDuringBoot",
        windows.IgnoreFlushesDuringBoot,
        _DOC + "/copy",
        (("spec.windows.ignoreFlushesDuringBoot", windows.IgnoreFlushesDuringBoot),),
    )
    t.field("v2", "Storage", STRUCT, _DOC + "/always")


def processor(
    t: Tracer,
    coi: createOptionsInternal,
    v1: schema1.ContainerConfig,
    cpuCount: int,
    cpuLimit: int,
    cpuWeight: int,
    hostCPUCount: int,
    uvmCPUCount: int,
) -> None:
    machine: tuple[tuple[str, object], ...] = (("host.processorCount", hostCPUCount),)
    if coi.HostingSystem is not None:
        machine += (("uvm.processorCount", uvmCPUCount),)
    count = (("value:" + ContainerProcessorCount, cpuCount), *machine)
    limit = (
        ("value:" + ContainerProcessorLimit, cpuLimit),
        ("options.scaleCpuLimitsToSandbox", coi.ScaleCPULimitsToSandbox),
        *machine,
    )
    weight = (("value:" + ContainerProcessorWeight, cpuWeight),)
    t.field("v1", "ProcessorCount", v1.ProcessorCount, "ConvertCPULimits/count", count)
    t.field("v1", "ProcessorMaximum", v1.ProcessorMaximum, "ConvertCPULimits/limit", limit)
    t.field("v1", "ProcessorWeight", v1.ProcessorWeight, "ConvertCPULimits/weight", weight)
    t.field("v2", "Processor", STRUCT, _DOC + "/always")
    t.field("v2", "Processor.Count", cpuCount, "ConvertCPULimits/count", count)
    t.field("v2", "Processor.Maximum", cpuLimit, "ConvertCPULimits/limit", limit)
    t.field("v2", "Processor.Weight", cpuWeight, "ConvertCPULimits/weight", weight)


def storage_qos(t: Tracer, v1: schema1.ContainerConfig, storage: hcsschema.Storage, bandwidth: int, iops: int) -> None:
    inputs = (
        ("value:" + ContainerStorageQoSBandwidthMaximum, bandwidth),
        ("value:" + ContainerStorageQoSIopsMaximum, iops),
    )
    rule = _DOC + "/storageqos"
    t.field("v1", "StorageBandwidthMaximum", v1.StorageBandwidthMaximum, rule, inputs)
    t.field("v1", "StorageIOPSMaximum", v1.StorageIOPSMaximum, rule, inputs)
    qos = storage.QoS
    t.field("v2", "Storage.QoS.BandwidthMaximum", qos.BandwidthMaximum if qos else None, rule, inputs)
    t.field("v2", "Storage.QoS.IopsMaximum", qos.IopsMaximum if qos else None, rule, inputs)


def network(t: Tracer, coi: createOptionsInternal, net: specs.WindowsNetwork, v1: schema1.ContainerConfig) -> None:
    rule = _DOC + "/network"
    t.field("v2", "Networking", STRUCT, rule, (("spec.windows.network", "present"),))
    t.field("v1", "EndpointList", v1.EndpointList, rule, (("spec.windows.network.endpointList", net.EndpointList),))
    ns = (("options.networkNamespace", coi.actualNetworkNamespace),)
    t.field("v2", "Networking.Namespace", coi.actualNetworkNamespace, _DOC + "/namespace", ns)
    dns = (("spec.windows.network.allowUnqualifiedDNSQuery", net.AllowUnqualifiedDNSQuery),)
    t.field("v1", "AllowUnqualifiedDNSQuery", v1.AllowUnqualifiedDNSQuery, rule, dns)
    t.field("v2", "Networking.AllowUnqualifiedDnsQuery", v1.AllowUnqualifiedDNSQuery, rule, dns)
    search = (("spec.windows.network.DNSSearchList", net.DNSSearchList),)
    t.field("v1", "DNSSearchList", v1.DNSSearchList, _DOC + "/dnssearch", search)
    t.field("v2", "Networking.DnsSearchList", v1.DNSSearchList, _DOC + "/dnssearch", search)
    shared = (("spec.windows.network.networkSharedContainerName", net.NetworkSharedContainerName),)
    t.field("v1", "NetworkSharedContainerName", v1.NetworkSharedContainerName, rule, shared)
    t.field("v2", "Networking.NetworkSharedContainerName", v1.NetworkSharedContainerName, rule, shared)


def argon_layer(t: Tracer, i: int, path: str, layerID: str) -> None:
    inputs = ((f"spec.windows.layerFolders[{i}]", path), ("host.layerIds", layerID))
    t.field("v1", f"Layers[{i}].ID", layerID, "LayerID", inputs)
    t.field("v1", f"Layers[{i}].Path", path, _DOC + "/layerpath", inputs[:1])
    t.field("v2", f"Storage.Layers[{i}].Id", layerID, "LayerID", inputs)
    t.field("v2", f"Storage.Layers[{i}].Path", path, _DOC + "/layerpath", inputs[:1])


def uvm_layers(t: Tracer, layers: list[hcsschema.Layer] | None, layerFolders: list[str]) -> None:
    for i, layer in enumerate(layers or ()):
        folder = (f"spec.windows.layerFolders[{i}]", layerFolders[i])
        t.field("v2", f"Storage.Layers[{i}].Id", layer.Id, "LayerID", (folder, ("host.layerIds", layer.Id)))
        t.field("v2", f"Storage.Layers[{i}].Path", layer.Path, "GetVSMBUvmPath/layer", (folder, ("uvm.vsmbShares", "")))


def pipe(t: Tracer, i: int, j: int, mount: specs.Mount, src: str, dst: str, hasUVM: bool) -> None:
    source = (f"spec.mounts[{i}].source", mount.Source)
    dest = (f"spec.mounts[{i}].destination", mount.Destination)
    srcRule = "GetContainerPipeMapping/" + ("uvm" if hasUVM else "host")
    t.field("v2", f"MappedPipes[{j}]", STRUCT, "createMountsConfig/entry", (source,))
    for doc in ("v1", "v2"):
        t.field(doc, f"MappedPipes[{j}].HostPath", src, srcRule, (source,))
        t.field(doc, f"MappedPipes[{j}].ContainerPipeName", dst, "GetContainerPipeMapping/dest", (dest,))


def mapped_dir(
    t: Tracer,
    i: int,
    j: int,
    mount: specs.Mount,
    mdv1: schema1.MappedDir,
    mdv2: hcsschema.MappedDirectory,
    hasUVM: bool,
) -> None:
    source = (f"spec.mounts[{i}].source", mount.Source)
    dest = ((f"spec.mounts[{i}].destination", mount.Destination),)
    ro = ((f"spec.mounts[{i}].options", mount.Options),)
    t.field("v1", f"MappedDirectories[{j}].HostPath", mdv1.HostPath, "createMountsConfig/source", (source,))
    t.field("v1", f"MappedDirectories[{j}].ContainerPath", mdv1.ContainerPath, "createMountsConfig/dest", dest)
    t.field("v1", f"MappedDirectories[{j}].ReadOnly", mdv1.ReadOnly, "createMountsConfig/ro", ro)
    for zero in ("BandwidthMaximum", "IOPSMaximum", "CreateInUtilityVM"):
        t.field("v1", f"MappedDirectories[{j}].{zero}", getattr(mdv1, zero), "createMountsConfig/zero")
    if not hasUVM:
        hostRule = "createMountsConfig/resolve"
        hostInputs: tuple[tuple[str, object], ...] = (source, ("host.resolvedPaths", mdv2.HostPath))
    elif mount.Source.startswith("sandbox://"):
        hostRule, hostInputs = "convertToWCOWSandboxMountPath", (source,)
    else:
        hostRule, hostInputs = "GetVSMBUvmPath/mount", (source, ("uvm.vsmbShares", ""))
    t.field("v2", f"MappedDirectories[{j}]", STRUCT, "createMountsConfig/entry", (source,))
    t.field("v2", f"MappedDirectories[{j}].HostPath", mdv2.HostPath, hostRule, hostInputs)
    t.field("v2", f"MappedDirectories[{j}].ContainerPath", mdv2.ContainerPath, "createMountsConfig/dest", dest)
    t.field("v2", f"MappedDirectories[{j}].ReadOnly", mdv2.ReadOnly, "createMountsConfig/ro", ro)


def device(t: Tracer, j: int, d: specs.WindowsDevice, v2Dev: hcsschema.Device) -> None:
    inputs = ((f"spec.windows.devices[{j}].idType", d.IDType), (f"spec.windows.devices[{j}].id", d.ID))
    rule = "parseAssignedDevices"
    t.field("v2", f"AssignedDevices[{j}]", STRUCT, rule, inputs)
    t.field("v2", f"AssignedDevices[{j}].Type", v2Dev.Type, rule, inputs)
    t.field("v2", f"AssignedDevices[{j}].LocationPath", v2Dev.LocationPath, rule, inputs)
    t.field("v2", f"AssignedDevices[{j}].InterfaceClassGuid", v2Dev.InterfaceClassGuid, rule, inputs)


def device_extensions(
    t: Tracer, annots: dict[str, str] | None, result: hcsschema.ContainerDefinitionDevice | None
) -> None:
    if result is None or result.DeviceExtension is None:
        return
    paths = (annots or {}).get(DeviceExtensions, "").split(",")
    for i, ext in enumerate(result.DeviceExtension):
        t.field(
            "v2",
            f"AdditionalDeviceNamespace.device_extension[{i}]",
            ext,
            "getDeviceExtensions",
            (
                ("annotation:" + DeviceExtensions, annots.get(DeviceExtensions) if annots else None),
                ("host.files", paths[i]),
            ),
        )


def registry(
    t: Tracer, coi: createOptionsInternal, annots: dict[str, str] | None, values: list[hcsschema.RegistryValue]
) -> None:
    a = annots or {}
    inputs: tuple[tuple[str, object], ...]
    for i, rv in enumerate(values):
        p = f"RegistryChanges.AddValues[{i}]"
        if rv.Name == "WaitToKillServiceTimeout":
            rule, inputs = _DOC + "/waittokill", ()
        elif rv.Name == "DumpFolder":
            location = (
                ("annotation:" + ContainerProcessDumpLocation, a[ContainerProcessDumpLocation])
                if ContainerProcessDumpLocation in a
                else ("uvm.processDumpLocation", coi.HostingSystem.ProcessDumpLocation() if coi.HostingSystem else "")
            )
            rule, inputs = _DOC + "/dumpfolder", (location, ("options.id", coi.ID))
        elif rv.Name == "DumpType":
            rule, inputs = "parseDumpType", (("annotation:" + WCOWProcessDumpType, a.get(WCOWProcessDumpType)),)
        else:
            rule, inputs = "parseDumpCount", (("annotation:" + WCOWProcessDumpCount, a.get(WCOWProcessDumpCount)),)
        key = rv.Key
        assert key is not None
        t.field("v2", p + ".Key.Hive", key.Hive, _DOC + "/registrykey")
        t.field("v2", p + ".Key.Name", key.Name, _DOC + "/registrykey")
        t.field("v2", p + ".Name", rv.Name, _DOC + "/registrykey")
        t.field("v2", p + ".Type", rv.Type_, _DOC + "/registrykey")
        if rv.Type_ == "String":
            t.field("v2", p + ".StringValue", rv.StringValue, rule, inputs)
        else:
            t.field("v2", p + ".DWordValue", rv.DWordValue, rule, inputs)


def end(t: Tracer, v1: schema1.ContainerConfig) -> None:
    """Fields that are in the v1 document even when nothing set them (no omitempty)."""
    if v1.Layers is None:
        t.field("v1", "Layers", None, _DOC + "/nolayers")


def additional_mounts(t: Tracer, coi: createOptionsInternal, start: int) -> None:
    for j, m in enumerate(coi.windowsAdditionalMounts or ()):
        t.field(
            "v2",
            f"MappedDirectories[{start + j}]",
            m,
            "createMountsConfig/additional",
            ((f"options.windowsAdditionalMounts[{j}]", m),),
        )


def hostname(t: Tracer, v1: schema1.ContainerConfig, name: str) -> None:
    inputs = (("spec.hostname", name),)
    t.field("v1", "HostName", v1.HostName, _DOC + "/hostname", inputs)
    t.field("v2", "GuestOs.HostName", name, _DOC + "/hostname", inputs)


def scaled_limit(t: Tracer, cpuLimit: int, hostCPUCount: int, uvmCPUCount: int, newCPULimit: int) -> None:
    t.value("scaledCPULimit", _DOC + "/scale", (cpuLimit, hostCPUCount, uvmCPUCount), newCPULimit)


def memory(t: Tracer, v1: schema1.ContainerConfig, memoryMaxInMB: int) -> None:
    inputs = (("value:" + ContainerMemorySizeInMB, memoryMaxInMB),)
    t.field("v1", "MemoryMaximumInMB", v1.MemoryMaximumInMB, _DOC + "/memory", inputs)
    t.field("v2", "Memory.SizeInMB", memoryMaxInMB if memoryMaxInMB > 0 else None, _DOC + "/memory", inputs)


def credentials(
    t: Tracer, coi: createOptionsInternal, cs: object, v1: schema1.ContainerConfig, v2: hcsschema.Container
) -> None:
    credspec = (("spec.windows.credentialSpec", cs),)
    t.field("v1", "Credentials", v1.Credentials, _DOC + "/credentials", credspec)
    t.field(
        "v2",
        "ContainerCredentialGuard",
        v2.ContainerCredentialGuard,
        _DOC + "/ccg",
        (*credspec, ("options.ccgState", coi.ccgState)),
    )


def scratch(t: Tracer, v1: schema1.ContainerConfig, layerFolders: list[str]) -> None:
    inputs = ((f"spec.windows.layerFolders[{len(layerFolders) - 1}]", layerFolders[-1]),)
    t.field("v1", "LayerFolderPath", v1.LayerFolderPath, _DOC + "/scratch", inputs)


def argon_root(t: Tracer, v1: schema1.ContainerConfig, storage: hcsschema.Storage, rootPath: str) -> None:
    inputs = (("spec.root.path", rootPath),)
    t.field("v1", "VolumePath", v1.VolumePath, _DOC + "/volumepath", inputs)
    t.field("v2", "Storage.Path", storage.Path, _DOC + "/rootpath-argon", inputs)


def uvm_image(t: Tracer, v1: schema1.ContainerConfig, utilityVMPath: str, layerFolders: list[str] | None) -> None:
    assert v1.HvRuntime is not None
    inputs: tuple[tuple[str, object], ...]
    if layerFolders is None:
        rule, inputs = _DOC + "/uvmpath", (("spec.windows.hyperv.utilityVMPath", utilityVMPath),)
    else:
        rule, inputs = "LocateUVMFolder", (("spec.windows.layerFolders", layerFolders),)
    t.field("v1", "HvRuntime.ImagePath", v1.HvRuntime.ImagePath, rule, inputs)


def v1_xenon(t: Tracer, coi: createOptionsInternal) -> None:
    inputs = (("options.schemaVersion", coi.actualSchemaVersion), ("uvm", "present"))
    t.field("v1", "HvPartition", True, _DOC + "/v1xenon", inputs)


def xenon_root(t: Tracer, storage: hcsschema.Storage) -> None:
    t.field("v2", "Storage.Path", storage.Path, _DOC + "/rootpath-xenon", (("spec.root.path", storage.Path),))
