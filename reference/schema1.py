"""hcsshim ``internal/hcs/schema1``: the HCS schema 1.0 container document (``ContainerConfig``) and the types it
holds. Field order is Go's declaration order (= ``json.Marshal`` order); untagged fields use the Go name as the
key and are always emitted, so ``Layers`` prints ``null`` when nil and every ``MappedDir`` carries its zero
``BandwidthMaximum``/``IOPSMaximum``/``CreateInUtilityVM``.
"""

# ruff: noqa: RUF009  (gofield() builds a dataclasses.field with the Go metadata)
from __future__ import annotations

from dataclasses import dataclass

from hcsdoc.reference.gotypes import BOOL, INT64, STRING, UINT32, UINT64, Ptr, Slice, Struct, gofield


@dataclass(slots=True)
class Layer:
    ID: str = gofield("ID", STRING)
    Path: str = gofield("Path", STRING)


@dataclass(slots=True)
class MappedDir:
    HostPath: str = gofield("HostPath", STRING)
    ContainerPath: str = gofield("ContainerPath", STRING)
    ReadOnly: bool = gofield("ReadOnly", BOOL)
    BandwidthMaximum: int = gofield("BandwidthMaximum", UINT64)
    IOPSMaximum: int = gofield("IOPSMaximum", UINT64)
    CreateInUtilityVM: bool = gofield("CreateInUtilityVM", BOOL)
    LinuxMetadata: bool = gofield("LinuxMetadata", BOOL, omitempty=True)


@dataclass(slots=True)
class MappedPipe:
    HostPath: str = gofield("HostPath", STRING)
    ContainerPipeName: str = gofield("ContainerPipeName", STRING)


@dataclass(slots=True)
class HvRuntime:
    ImagePath: str = gofield("ImagePath", STRING, omitempty=True)
    SkipTemplate: bool = gofield("SkipTemplate", BOOL, omitempty=True)
    LinuxInitrdFile: str = gofield("LinuxInitrdFile", STRING, omitempty=True)
    LinuxKernelFile: str = gofield("LinuxKernelFile", STRING, omitempty=True)
    LinuxBootParameters: str = gofield("LinuxBootParameters", STRING, omitempty=True)
    BootSource: str = gofield("BootSource", STRING, omitempty=True)
    WritableBootSource: bool = gofield("WritableBootSource", BOOL, omitempty=True)


@dataclass(slots=True)
class MappedVirtualDisk:
    HostPath: str = gofield("HostPath", STRING, omitempty=True)
    ContainerPath: str = gofield("ContainerPath", STRING)
    CreateInUtilityVM: bool = gofield("CreateInUtilityVM", BOOL, omitempty=True)
    ReadOnly: bool = gofield("ReadOnly", BOOL, omitempty=True)
    Cache: str = gofield("Cache", STRING, omitempty=True)
    AttachOnly: bool = gofield("AttachOnly", BOOL, omitempty=True)


@dataclass(slots=True)
class AssignedDevice:
    InterfaceClassGUID: str = gofield("InterfaceClassGuid", STRING, omitempty=True)


@dataclass(slots=True)
class ContainerConfig:
    SystemType: str = gofield("SystemType", STRING)
    Name: str = gofield("Name", STRING)
    Owner: str = gofield("Owner", STRING, omitempty=True)
    VolumePath: str = gofield("VolumePath", STRING, omitempty=True)
    IgnoreFlushesDuringBoot: bool = gofield("IgnoreFlushesDuringBoot", BOOL, omitempty=True)
    LayerFolderPath: str = gofield("LayerFolderPath", STRING, omitempty=True)
    Layers: list[Layer] | None = gofield("Layers", Slice(Struct(Layer)))
    Credentials: str = gofield("Credentials", STRING, omitempty=True)
    ProcessorCount: int = gofield("ProcessorCount", UINT32, omitempty=True)
    ProcessorWeight: int = gofield("ProcessorWeight", UINT64, omitempty=True)
    ProcessorMaximum: int = gofield("ProcessorMaximum", INT64, omitempty=True)
    StorageIOPSMaximum: int = gofield("StorageIOPSMaximum", UINT64, omitempty=True)
    StorageBandwidthMaximum: int = gofield("StorageBandwidthMaximum", UINT64, omitempty=True)
    StorageSandboxSize: int = gofield("StorageSandboxSize", UINT64, omitempty=True)
    MemoryMaximumInMB: int = gofield("MemoryMaximumInMB", INT64, omitempty=True)
    HostName: str = gofield("HostName", STRING, omitempty=True)
    MappedDirectories: list[MappedDir] | None = gofield("MappedDirectories", Slice(Struct(MappedDir)), omitempty=True)
    MappedPipes: list[MappedPipe] | None = gofield("MappedPipes", Slice(Struct(MappedPipe)), omitempty=True)
    HvPartition: bool = gofield("HvPartition", BOOL)
    NetworkSharedContainerName: str = gofield("NetworkSharedContainerName", STRING, omitempty=True)
    EndpointList: list[str] | None = gofield("EndpointList", Slice(STRING), omitempty=True)
    HvRuntime: HvRuntime | None = gofield("HvRuntime", Ptr(Struct(HvRuntime)), omitempty=True)
    Servicing: bool = gofield("Servicing", BOOL, omitempty=True)
    AllowUnqualifiedDNSQuery: bool = gofield("AllowUnqualifiedDNSQuery", BOOL, omitempty=True)
    DNSSearchList: str = gofield("DNSSearchList", STRING, omitempty=True)
    ContainerType: str = gofield("ContainerType", STRING, omitempty=True)
    TerminateOnLastHandleClosed: bool = gofield("TerminateOnLastHandleClosed", BOOL, omitempty=True)
    MappedVirtualDisks: list[MappedVirtualDisk] | None = gofield(
        "MappedVirtualDisks", Slice(Struct(MappedVirtualDisk)), omitempty=True
    )
    AssignedDevices: list[AssignedDevice] | None = gofield(
        "AssignedDevices", Slice(Struct(AssignedDevice)), omitempty=True
    )
