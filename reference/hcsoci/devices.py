"""hcsshim ``internal/hcsoci/devices.go``: device extensions (``getDeviceExtensionPaths``, ``getDeviceExtensions``)."""

from __future__ import annotations

from hcsdoc.reference import hcsschema, oci, osversion
from hcsdoc.reference.annotations import DeviceExtensions
from hcsdoc.reference.goerrors import ErrorString, GoError, Wrapf
from hcsdoc.reference.gojson.decode import unmarshal
from hcsdoc.reference.gotypes import Struct
from hcsdoc.reference.host import Host

_DEVICE_EXTENSION_GO = Struct(hcsschema.DeviceExtension)


def getDeviceExtensionPaths(host: Host, annots: dict[str, str] | None) -> list[str] | None:
    """The comma-separated extension paths; *every* one is stat-ed, in order, before any is read."""
    extensions = oci.ParseAnnotationCommaSeparated(DeviceExtensions, annots)
    for ext in extensions or ():
        try:
            host.Stat(ext)
        except GoError as err:
            raise Wrapf(err, f"failed to find path to driver extensions at {ext}") from None
    return extensions


def isDeviceExtensionsSupported(host: Host) -> bool:
    return host.OSBuild() >= osversion.LTSC2022


def getDeviceExtensions(host: Host, annots: dict[str, str] | None) -> hcsschema.ContainerDefinitionDevice | None:
    """Each extension file decoded as a ``hcsschema.DeviceExtension`` with Go's ``encoding/json`` (so the output is
    a normalized re-encoding: keys matched case-insensitively, unknown keys dropped, zero values omitted)."""
    extensionPaths = getDeviceExtensionPaths(host, annots)
    if not extensionPaths:
        return None
    if not isDeviceExtensionsSupported(host):
        raise ErrorString(f"device extensions are not supported on this build ({host.OSBuild()})")
    results = hcsschema.ContainerDefinitionDevice(DeviceExtension=[])
    assert results.DeviceExtension is not None
    for extensionPath in extensionPaths:
        try:
            data = host.ReadFile(extensionPath)
        except GoError as err:
            raise Wrapf(err, f"failed to read extension file at {extensionPath}") from None
        extension, decodeErr = unmarshal(data, _DEVICE_EXTENSION_GO)
        if decodeErr is not None:
            raise Wrapf(ErrorString(decodeErr), f"failed to unmarshal extension file at {extensionPath}")
        assert isinstance(extension, hcsschema.DeviceExtension)
        results.DeviceExtension.append(extension)
    return results
