"""A case (docs/case-format.md §1) from a plain OCI runtime spec (a bundle's ``config.json``) and a few facts about
the machine; every question those do not answer gets a stated default, listed in :attr:`SpecCase.defaults`.

What hcsshim does to the spec and options *before* it builds the documents is applied here the way v0.11.8 does it
(``hcsoci.CreateContainer``, ``initializeCreateOptions``): a Hyper-V container on schema 2.1 has a UVM; a UVM
implies schema 2.1; the schema otherwise follows the OS build (RS5, 17763, and later: 2.1); an empty
``root.path`` is filled with the path hcsshim mounts the layers at. Machine answers the options leave open are
invented deterministically: a layer's GUID from its folder name, a path resolving to itself, every referenced
file and folder existing (folders), VSMB shares for the layers and mounts in the order hcsshim adds them.
"""

from __future__ import annotations

import base64
import copy
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from hcsdoc.reference import filepath_windows, normalize_case
from hcsdoc.reference.annotations import DeviceExtensions
from hcsdoc.reference.gojson.room import with_room_if_deep
from hcsdoc.reference.hcsoci.resources import (
    MountTypeExtensibleVirtualDisk,
    MountTypePhysicalDisk,
    MountTypeVirtualDisk,
)
from hcsdoc.reference.uvm import pipePrefix, vsmbSharePrefix

# Top-level members of specs.Spec (Go matches JSON keys case-insensitively).
SPEC_KEYS: Final = frozenset(
    {"ociversion", "process", "root", "hostname", "mounts", "hooks", "annotations", "linux", "solaris", "windows", "vm"}
)
CASE_KEYS: Final = frozenset({"spec", "spectext", "specbase64", "options", "uvm", "host"})

DEFAULT_HOST_CPUS: Final = 8
DEFAULT_UVM_CPUS: Final = 2
DEFAULT_OS_BUILD: Final = 20348
DEFAULT_ID: Final = "container"
DEFAULT_OWNER: Final = "containerd-shim-runhcs-v1.exe"
RS5: Final = 17763
# A fixed namespace: the same folder name always gets the same invented GUID.
_NAMESPACE: Final = uuid.UUID("6f1c3b4e-3f57-4c55-9a43-8e6a1c0d7e21")
_DISK_TYPES: Final = frozenset({MountTypeVirtualDisk, MountTypePhysicalDisk, MountTypeExtensibleVirtualDisk})


class SpecInputError(ValueError):
    """The input is neither a spec nor a case, or an option is out of range."""


@dataclass(frozen=True, slots=True)
class Machine:
    """What the command line says about the machine; ``None`` means "use the default"."""

    isolation: str | None = None  # "process" or "hyperv"
    host_cpus: int | None = None
    uvm_cpus: int | None = None
    os_build: int | None = None
    schema: int | None = None  # 1 or 2
    scale_cpu_limits: bool = False
    id: str | None = None
    host: Mapping[str, Any] | None = None  # a case's host part (--host FILE)


@dataclass(slots=True)
class SpecCase:
    """A complete case built from a spec, and the defaults that went into it (one sentence each)."""

    case: dict[str, Any]
    defaults: list[str] = field(default_factory=list)
    isolation: str = "process"


def is_spec(raw: object) -> bool:
    """A JSON object with at least one member of ``specs.Spec`` and none of a case's."""
    if not isinstance(raw, dict):
        return False
    keys = {k.lower() for k in raw}
    return bool(keys & SPEC_KEYS) and not keys & CASE_KEYS


def layer_guid(name: str) -> str:
    """The invented GUID of a layer folder named ``name``."""
    return str(uuid.uuid5(_NAMESPACE, name))


def _member(obj: Mapping[str, Any], name: str) -> Any:
    """``obj``'s member ``name`` as Go's decoder picks it: an exact match, else the last case-insensitive one."""
    if name in obj:
        return obj[name]
    found = None
    for k, v in obj.items():
        if k.lower() == name.lower():
            found = v
    return found


def _key(obj: Mapping[str, Any], name: str) -> str:
    """The key :func:`_member` reads (``name`` itself when there is none)."""
    if name in obj:
        return name
    found = name
    for k in obj:
        if k.lower() == name.lower():
            found = k
    return found


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def spec_case(spec_bytes: bytes, machine: Machine, bundle_name: str | None = None) -> SpecCase:
    """The case for ``spec_bytes`` (a ``config.json``'s bytes) on ``machine``. ``bundle_name`` is the name of the
    folder holding the file (containerd names a bundle folder after the container ID)."""
    too_deep = False
    try:
        spec = with_room_if_deep(lambda: json.loads(spec_bytes))  # Go decodes up to 10000 levels
    except RecursionError:
        # Far deeper than Go's decoder accepts: the case carries the text, which Go refuses ("exceeded max depth").
        spec, too_deep = {}, True
    except ValueError as exc:
        raise SpecInputError(f"not JSON: {exc}") from None
    if not isinstance(spec, dict):
        raise SpecInputError("not an OCI spec: a JSON object is expected")
    out = SpecCase(case={})
    note = out.defaults.append
    windows = _member(spec, "windows")
    windows = windows if isinstance(windows, dict) else {}
    annotations = _member(spec, "annotations")
    annotations = annotations if isinstance(annotations, dict) else {}

    isolation = machine.isolation
    if isolation is None:
        isolation = "hyperv" if isinstance(_member(windows, "hyperv"), dict) else "process"
        why = "spec.windows.hyperv is present" if isolation == "hyperv" else "spec.windows.hyperv is absent"
        note(f"isolation: {isolation} ({why}; --isolation)")
    out.isolation = isolation
    given_build = machine.host.get("osBuild") if machine.host is not None else None
    os_build = machine.os_build if machine.os_build is not None else DEFAULT_OS_BUILD
    if machine.os_build is None and isinstance(given_build, int) and not isinstance(given_build, bool):
        os_build = given_build
    elif machine.os_build is None:
        note(f"host OS build: {os_build}, Windows Server 2022 (--os-build)")
    schema = machine.schema
    if schema is None:
        schema = 2 if os_build >= RS5 else 1
        note(f"schema: {'2.1' if schema == 2 else '1.0'} (hcsshim's choice for build {os_build}; --schema)")
    has_uvm = isolation == "hyperv" and schema == 2
    modified = False
    hyperv_missing = not isinstance(_member(windows, "hyperv"), dict)
    if isolation == "hyperv" and schema == 1 and hyperv_missing and isinstance(_member(spec, "windows"), dict):
        spec = copy.deepcopy(spec)
        windows = spec[_key(spec, "windows")]
        windows[_key(windows, "hyperv")] = {}
        modified = True
        note("spec.windows.hyperv added as {}: on schema 1.0 Hyper-V isolation is that section's presence")
    if isolation == "hyperv" and schema == 1:
        note(
            "schema 1.0 with Hyper-V isolation: hcsshim v0.11.8 gives such a container no UVM (a UVM forces schema "
            "2.1), so the document builder takes none of its isolation branches (no layers, no volume path)"
        )
    if isolation == "process" and isinstance(_member(windows, "hyperv"), dict):
        note("spec.windows.hyperv is present but --isolation process was asked: the converter decides by --schema")

    cid = machine.id
    if cid is None:
        cid = bundle_name or DEFAULT_ID
        note(f"container id: {cid!r} ({'the bundle folder name' if bundle_name else 'fixed'}; --id)")

    layers = _strings(_member(windows, "layerFolders"))
    root = _member(spec, "root")
    root_path = _member(root, "path") if isinstance(root, dict) else None
    if isinstance(root, dict) and root_path in (None, "") and len(layers) >= 2:
        if has_uvm:
            filled = "C:\\c\\1"
            why = "the container's folder in the UVM (hcsshim's first container counter value)"
        elif not isinstance(_member(windows, "hyperv"), dict):
            filled = "\\\\?\\Volume{" + layer_guid(layers[-1]) + "}\\"
            why = "the volume hcsshim mounts the layers at (GUID invented from the scratch folder name)"
        else:
            filled = ""
        if filled:
            spec = copy.deepcopy(spec) if not modified else spec
            spec[_key(spec, "root")][_key(root, "path")] = filled
            modified = True
            note(f"spec.root.path: {filled} ({why}; hcsshim fills an empty root.path before building the documents)")

    host: dict[str, Any] = {}
    if machine.host is not None:
        host = dict(machine.host)
    host.setdefault("processorCount", machine.host_cpus if machine.host_cpus is not None else DEFAULT_HOST_CPUS)
    if machine.host_cpus is None and machine.host is None:
        note(f"host processors: {DEFAULT_HOST_CPUS} (--host-cpus)")
    elif machine.host_cpus is not None:
        host["processorCount"] = machine.host_cpus
    if machine.os_build is not None or "osBuild" not in host:
        host["osBuild"] = os_build
    if machine.host is None:
        _invent_host(host, spec, layers, annotations, isolation, has_uvm, schema, note)

    uvm: dict[str, Any] | None = None
    if has_uvm:
        uvm_cpus = machine.uvm_cpus if machine.uvm_cpus is not None else DEFAULT_UVM_CPUS
        if machine.uvm_cpus is None:
            note(f"UVM processors: {uvm_cpus}, hcsshim's default (--uvm-cpus)")
        uvm = {
            "os": "windows",
            "processorCount": uvm_cpus,
            "processDumpLocation": "",
            "vsmbShares": _shares(spec, layers),
        }
        if uvm["vsmbShares"]:
            note("VSMB shares: one per read-only layer, then one per mounted folder, named 1, 2, ... in that order")

    spec_field: dict[str, Any]
    if modified and not too_deep:
        spec_field = {"spec": spec}
    else:
        try:
            spec_field = {"specText": spec_bytes.decode("utf-8")}
        except UnicodeDecodeError:
            spec_field = {"specBase64": base64.b64encode(spec_bytes).decode("ascii")}
    net = _member(windows, "network")
    netns = _member(net, "networkNamespace") if isinstance(net, dict) else None
    options: dict[str, Any] = {
        "id": cid,
        "actualId": cid,
        "owner": DEFAULT_OWNER,
        "schemaVersion": {"Major": 2, "Minor": 1} if schema == 2 else {"Major": 1, "Minor": 0},
        "scaleCpuLimitsToSandbox": machine.scale_cpu_limits,
        "networkNamespace": netns if isinstance(netns, str) else "",
    }
    note(f"owner: {DEFAULT_OWNER} (the containerd shim's executable name)")
    if isinstance(netns, str) and netns:
        note("network namespace: spec.windows.network.networkNamespace (what containerd passes to hcsshim)")
    case = {**spec_field, "options": options, "uvm": uvm, "host": host}
    out.case = normalize_case(case)
    return out


def _invent_host(
    host: dict[str, Any],
    spec: Mapping[str, Any],
    layers: list[str],
    annotations: Mapping[str, Any],
    isolation: str,
    has_uvm: bool,
    schema: int,
    note: Any,
) -> None:
    """Host answers for every question the converter will ask about this spec (docs/case-format.md §1.4)."""
    ids: dict[str, str] = {}
    for folder in layers[:-1]:
        ids[filepath_windows.Split(folder)[1]] = layer_guid(filepath_windows.Split(folder)[1])
    if ids:
        note("layer GUIDs: invented from each folder's name (hcsshim asks Windows' NameToGuid)")
    host["layerIds"] = ids
    resolved: dict[str, str] = {}
    files: dict[str, Any] = {}
    mounts = _member(spec, "mounts")
    sources = [
        (_member(m, "source"), _member(m, "type"))
        for m in (mounts if isinstance(mounts, list) else [])
        if isinstance(m, dict) and isinstance(_member(m, "source"), str)
    ]
    for source, kind in sources:
        if source.startswith(pipePrefix):
            continue
        if not has_uvm:
            resolved[source] = source
        elif kind not in _DISK_TYPES and not source.startswith("sandbox://"):
            files[source] = {"kind": "dir"}
    if resolved:
        note("mount sources: each resolves to itself (hcsshim asks Windows to resolve links and junctions)")
    if has_uvm:
        for folder in layers[:-1]:
            files[folder] = {"kind": "dir"}
    if isolation == "hyperv" and schema == 1 and len(layers) >= 2:
        base = layers[-2]
        files[filepath_windows.Join(base, "UtilityVM")] = {"kind": "dir"}
        note(f"the UtilityVM folder is in the base layer {base}")
    exts = annotations.get(DeviceExtensions)
    if isinstance(exts, str) and exts:
        for ext in exts.split(","):
            files[ext] = {"kind": "file", "content": "{}"}
        note("device extension files: exist, each holding {}")
    if files and has_uvm:
        note("every referenced host folder exists (a mount source naming a file is taken as a folder)")
    host["resolvedPaths"] = resolved
    host["files"] = files


def _shares(spec: Mapping[str, Any], layers: list[str]) -> list[dict[str, Any]]:
    """The VSMB shares hcsshim adds: each read-only layer, then each mounted folder (read-only as its options)."""
    shares: list[dict[str, Any]] = []

    def add(path: str, read_only: bool) -> None:
        key = filepath_windows.Clean(path)
        if any(s["hostPath"] == key and s["readOnly"] == read_only for s in shares):
            return
        name = format(len(shares) + 1, "x")
        shares.append({"hostPath": key, "readOnly": read_only, "kind": "dir", "guestPath": vsmbSharePrefix + name})

    for folder in layers[:-1]:
        add(folder, True)
    mounts = _member(spec, "mounts")
    for m in mounts if isinstance(mounts, list) else []:
        if not isinstance(m, dict):
            continue
        source, kind = _member(m, "source"), _member(m, "type")
        if not isinstance(source, str) or source == "" or source.startswith(pipePrefix):
            continue
        if kind in _DISK_TYPES or source.startswith("sandbox://"):
            continue
        read_only = any(isinstance(o, str) and o.lower() == "ro" for o in _strings(_member(m, "options")))
        add(source, read_only)
    return shares
