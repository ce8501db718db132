"""hcsshim ``internal/hcs/schema2`` (package ``hcsschema``): the HCS schema 2.x container document (``Container``),
the types it holds, and the device-extension tree that extension files are decoded into.

Every field is tagged ``omitempty``; field order is Go's declaration order (= ``json.Marshal`` order), which is
why ``MappedPipe`` starts with ``ContainerPipeName`` and ``StorageQoS`` with ``IopsMaximum``. A non-nil pointer to
an all-zero struct still prints ``{}`` (``"Processor":{}``).
"""

# ruff: noqa: RUF009  (gofield() builds a dataclasses.field with the Go metadata)
from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from hcsdoc.reference.gotypes import BOOL, INT32, STRING, UINT64, Basic, Map, Ptr, Slice, Struct, gofield

# type DeviceType string, with its constants (device.go)
DeviceTypeGo: Final = Basic("string", "DeviceType")
ClassGUID: Final = "ClassGuid"
DeviceInstanceID: Final = "DeviceInstance"
GPUMirror: Final = "GpuMirror"


@dataclass(slots=True)
class Version:
    Major: int = gofield("Major", INT32, omitempty=True)
    Minor: int = gofield("Minor", INT32, omitempty=True)


@dataclass(slots=True)
class GuestOs:
    HostName: str = gofield("HostName", STRING, omitempty=True)


@dataclass(slots=True)
class Layer:
    Id: str = gofield("Id", STRING, omitempty=True)
    Path: str = gofield("Path", STRING, omitempty=True)
    PathType: str = gofield("PathType", STRING, omitempty=True)
    Cache: str = gofield("Cache", STRING, omitempty=True)


@dataclass(slots=True)
class StorageQoS:
    IopsMaximum: int = gofield("IopsMaximum", INT32, omitempty=True)
    BandwidthMaximum: int = gofield("BandwidthMaximum", INT32, omitempty=True)


@dataclass(slots=True)
class Storage:
    Layers: list[Layer] | None = gofield("Layers", Slice(Struct(Layer)), omitempty=True)
    Path: str = gofield("Path", STRING, omitempty=True)
    QoS: StorageQoS | None = gofield("QoS", Ptr(Struct(StorageQoS)), omitempty=True)


@dataclass(slots=True)
class MappedDirectory:
    HostPath: str = gofield("HostPath", STRING, omitempty=True)
    HostPathType: str = gofield("HostPathType", STRING, omitempty=True)
    ContainerPath: str = gofield("ContainerPath", STRING, omitempty=True)
    ReadOnly: bool = gofield("ReadOnly", BOOL, omitempty=True)


@dataclass(slots=True)
class MappedPipe:
    ContainerPipeName: str = gofield("ContainerPipeName", STRING, omitempty=True)
    HostPath: str = gofield("HostPath", STRING, omitempty=True)
    HostPathType: str = gofield("HostPathType", STRING, omitempty=True)


@dataclass(slots=True)
class Memory:
    SizeInMB: int = gofield("SizeInMB", UINT64, omitempty=True)


@dataclass(slots=True)
class Processor:
    Count: int = gofield("Count", INT32, omitempty=True)
    Maximum: int = gofield("Maximum", INT32, omitempty=True)
    Weight: int = gofield("Weight", INT32, omitempty=True)


@dataclass(slots=True)
class Networking:
    AllowUnqualifiedDnsQuery: bool = gofield("AllowUnqualifiedDnsQuery", BOOL, omitempty=True)
    DnsSearchList: str = gofield("DnsSearchList", STRING, omitempty=True)
    NetworkSharedContainerName: str = gofield("NetworkSharedContainerName", STRING, omitempty=True)
    Namespace: str = gofield("Namespace", STRING, omitempty=True)
    NetworkAdapters: list[str] | None = gofield("NetworkAdapters", Slice(STRING), omitempty=True)


@dataclass(slots=True)
class HvSocketServiceConfig:
    BindSecurityDescriptor: str = gofield("BindSecurityDescriptor", STRING, omitempty=True)
    ConnectSecurityDescriptor: str = gofield("ConnectSecurityDescriptor", STRING, omitempty=True)
    AllowWildcardBinds: bool = gofield("AllowWildcardBinds", BOOL, omitempty=True)
    Disabled: bool = gofield("Disabled", BOOL, omitempty=True)


@dataclass(slots=True)
class HvSocketSystemConfig:
    DefaultBindSecurityDescriptor: str = gofield("DefaultBindSecurityDescriptor", STRING, omitempty=True)
    DefaultConnectSecurityDescriptor: str = gofield("DefaultConnectSecurityDescriptor", STRING, omitempty=True)
    ServiceTable: dict[str, HvSocketServiceConfig] | None = gofield(
        "ServiceTable", Map(Struct(HvSocketServiceConfig)), omitempty=True
    )


@dataclass(slots=True)
class HvSocket:
    """Never set by the document builder (always nil); declared for the field order of ``Container``."""

    Config: HvSocketSystemConfig | None = gofield("Config", Ptr(Struct(HvSocketSystemConfig)), omitempty=True)
    EnablePowerShellDirect: bool = gofield("EnablePowerShellDirect", BOOL, omitempty=True)


@dataclass(slots=True)
class ContainerCredentialGuardState:
    Cookie: str = gofield("Cookie", STRING, omitempty=True)
    RpcEndpoint: str = gofield("RpcEndpoint", STRING, omitempty=True)
    Transport: str = gofield("Transport", STRING, omitempty=True)
    CredentialSpec: str = gofield("CredentialSpec", STRING, omitempty=True)


@dataclass(slots=True)
class RegistryKey:
    Hive: str = gofield("Hive", STRING, omitempty=True)
    Name: str = gofield("Name", STRING, omitempty=True)
    Volatile: bool = gofield("Volatile", BOOL, omitempty=True)


@dataclass(slots=True)
class RegistryValue:
    Key: RegistryKey | None = gofield("Key", Ptr(Struct(RegistryKey)), omitempty=True)
    Name: str = gofield("Name", STRING, omitempty=True)
    Type_: str = gofield("Type", STRING, omitempty=True)
    StringValue: str = gofield("StringValue", STRING, omitempty=True)
    BinaryValue: str = gofield("BinaryValue", STRING, omitempty=True)
    DWordValue: int = gofield("DWordValue", INT32, omitempty=True)
    QWordValue: int = gofield("QWordValue", INT32, omitempty=True)
    CustomType: int = gofield("CustomType", INT32, omitempty=True)


@dataclass(slots=True)
class RegistryChanges:
    AddValues: list[RegistryValue] | None = gofield("AddValues", Slice(Struct(RegistryValue)), omitempty=True)
    DeleteKeys: list[RegistryKey] | None = gofield("DeleteKeys", Slice(Struct(RegistryKey)), omitempty=True)


@dataclass(slots=True)
class Device:
    Type: str = gofield("Type", DeviceTypeGo, omitempty=True)
    InterfaceClassGuid: str = gofield("InterfaceClassGuid", STRING, omitempty=True)
    LocationPath: str = gofield("LocationPath", STRING, omitempty=True)


# --- the device-extension tree (model_*.go): snake_case keys, all omitempty ---


@dataclass(slots=True)
class InterfaceClass:
    Type_: str = gofield("type", STRING, omitempty=True)
    Identifier: str = gofield("identifier", STRING, omitempty=True)
    Recurse: bool = gofield("recurse", BOOL, omitempty=True)


@dataclass(slots=True)
class DeviceCategory:
    Name: str = gofield("name", STRING, omitempty=True)
    InterfaceClass: list[InterfaceClass] | None = gofield(
        "interface_class", Slice(Struct(InterfaceClass)), omitempty=True
    )


@dataclass(slots=True)
class DeviceInstance:
    Id: str = gofield("id", STRING, omitempty=True)
    LocationPath: str = gofield("location_path", STRING, omitempty=True)
    PortName: str = gofield("port_name", STRING, omitempty=True)
    InterfaceClass: list[InterfaceClass] | None = gofield(
        "interface_class", Slice(Struct(InterfaceClass)), omitempty=True
    )


@dataclass(slots=True)
class DeviceNamespace:
    RequiresDriverstore: bool = gofield("requires_driverstore", BOOL, omitempty=True)
    DeviceCategory: list[DeviceCategory] | None = gofield(
        "device_category", Slice(Struct(DeviceCategory)), omitempty=True
    )
    DeviceInstance: list[DeviceInstance] | None = gofield(
        "device_instance", Slice(Struct(DeviceInstance)), omitempty=True
    )


@dataclass(slots=True)
class ObjectSymlink:
    Name: str = gofield("name", STRING, omitempty=True)
    Path: str = gofield("path", STRING, omitempty=True)
    Scope: str = gofield("scope", STRING, omitempty=True)
    Pathtoclone: str = gofield("pathtoclone", STRING, omitempty=True)
    AccessMask: int = gofield("access_mask", INT32, omitempty=True)


# ObjectDirectory holds []ObjectDirectory: its Struct descriptor is made before the class exists and pointed at
# the class right after it (gotypes.Struct is frozen, hence object.__setattr__).
_ObjectDirectoryGo: Final = Struct(object)


@dataclass(slots=True)
class ObjectDirectory:
    Name: str = gofield("name", STRING, omitempty=True)
    Clonesd: str = gofield("clonesd", STRING, omitempty=True)
    Shadow: str = gofield("shadow", STRING, omitempty=True)
    Symlink: list[ObjectSymlink] | None = gofield("symlink", Slice(Struct(ObjectSymlink)), omitempty=True)
    Objdir: list[ObjectDirectory] | None = gofield("objdir", Slice(_ObjectDirectoryGo), omitempty=True)


object.__setattr__(_ObjectDirectoryGo, "cls", ObjectDirectory)


@dataclass(slots=True)
class ObjectNamespace:
    Shadow: str = gofield("shadow", STRING, omitempty=True)
    Symlink: list[ObjectSymlink] | None = gofield("symlink", Slice(Struct(ObjectSymlink)), omitempty=True)
    Objdir: list[ObjectDirectory] | None = gofield("objdir", Slice(Struct(ObjectDirectory)), omitempty=True)


@dataclass(slots=True)
class DeviceExtensionNamespace:
    Ob: ObjectNamespace | None = gofield("ob", Ptr(Struct(ObjectNamespace)), omitempty=True)
    Device: DeviceNamespace | None = gofield("device", Ptr(Struct(DeviceNamespace)), omitempty=True)


@dataclass(slots=True)
class DeviceExtension:
    DeviceCategory: DeviceCategory | None = gofield("device_category", Ptr(Struct(DeviceCategory)), omitempty=True)
    Namespace: DeviceExtensionNamespace | None = gofield(
        "namespace", Ptr(Struct(DeviceExtensionNamespace)), omitempty=True
    )


@dataclass(slots=True)
class ContainerDefinitionDevice:
    DeviceExtension: list[DeviceExtension] | None = gofield(
        "device_extension", Slice(Struct(DeviceExtension)), omitempty=True
    )


@dataclass(slots=True)
class Container:
    GuestOs: GuestOs | None = gofield("GuestOs", Ptr(Struct(GuestOs)), omitempty=True)
    Storage: Storage | None = gofield("Storage", Ptr(Struct(Storage)), omitempty=True)
    MappedDirectories: list[MappedDirectory] | None = gofield(
        "MappedDirectories", Slice(Struct(MappedDirectory)), omitempty=True
    )
    MappedPipes: list[MappedPipe] | None = gofield("MappedPipes", Slice(Struct(MappedPipe)), omitempty=True)
    Memory: Memory | None = gofield("Memory", Ptr(Struct(Memory)), omitempty=True)
    Processor: Processor | None = gofield("Processor", Ptr(Struct(Processor)), omitempty=True)
    Networking: Networking | None = gofield("Networking", Ptr(Struct(Networking)), omitempty=True)
    HvSocket: HvSocket | None = gofield("HvSocket", Ptr(Struct(HvSocket)), omitempty=True)
    ContainerCredentialGuard: ContainerCredentialGuardState | None = gofield(
        "ContainerCredentialGuard", Ptr(Struct(ContainerCredentialGuardState)), omitempty=True
    )
    RegistryChanges: RegistryChanges | None = gofield("RegistryChanges", Ptr(Struct(RegistryChanges)), omitempty=True)
    AssignedDevices: list[Device] | None = gofield("AssignedDevices", Slice(Struct(Device)), omitempty=True)
    AdditionalDeviceNamespace: ContainerDefinitionDevice | None = gofield(
        "AdditionalDeviceNamespace", Ptr(Struct(ContainerDefinitionDevice)), omitempty=True
    )
