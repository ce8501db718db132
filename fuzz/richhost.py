"""The fixed "rich host" around a fuzzed spec: input bytes -> a complete case.

A fuzzer mutates only the spec. Everything else a case holds (options, UVM, host seams) comes from here, chosen
so that a spec naming the paths and layers of fuzz/vocab.py gets past every seam: layer base names have GUIDs,
mount sources resolve, device-extension files exist (and some are broken on purpose), a UtilityVM folder exists,
VSMB shares exist for Xenon. Byte 0 of the input picks one of :data:`VARIANTS` (isolation, schema version, OS
build, UVM shape); the rest is the spec's JSON text, handed to the decoder byte for byte.

The option/UVM/host dicts are built and normalised once and shared by every case (the converter is pure and must
not mutate its input; tests/test_fuzz_harness.py checks that it does not).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any, Final

from hcsdoc.fuzz import vocab

_GUIDS: Final = {
    "base": "5f0b6ef7-0f2c-5a4c-9b5e-3b0c5e1e6a01",
    "app": "7d1e2a9c-34b8-5f6e-a1d2-0c9f8e7d6b02",
    "mid": "a3c5e7f9-1b2d-5c4e-8f6a-9b8c7d6e5f03",
    "scratch": "0c1d2e3f-4a5b-5c6d-8e7f-a0b1c2d3e404",
}

_DEVICE_EXTENSION: Final = (
    '{"device_category":{"name":"gpu","interface_class":[{"type":"DeviceInstance","identifier":'
    '"{5B45201D-F2F2-4F3B-85BB-30FF1F953599}","recurse":true}]},"namespace":{"ob":{"symlink":'
    '[{"name":"a","path":"\\\\Device\\\\x","scope":"Global","access_mask":1}]},"Device":'
    '{"requires_driverstore":true,"device_instance":[{"id":"x","location_path":"y"}]},"unknown":1}}'
)

HOST: Final[dict[str, Any]] = {
    "processorCount": 8,
    "osBuild": 20348,
    "layerIds": {**_GUIDS, "badlayer": {"errno": 5}},
    "resolvedPaths": {
        "C:\\data": vocab.VOLUME_GUID + "data",
        "C:\\ro": vocab.VOLUME_GUID + "ro",
        "C:\\data\\file.txt": vocab.VOLUME_GUID + "data\\file.txt",
        "C:\\data\\": vocab.VOLUME_GUID + "data",
        "C:\\denied": {"errno": 5},
        "sandbox:///a/dirInUvm": {"errno": 123},
    },
    "files": {
        "C:\\layers\\base\\UtilityVM": {"kind": "dir"},
        "C:\\layers\\mid\\UtilityVM": {"errno": 5},
        "C:\\ext\\gpu.json": {"kind": "file", "content": _DEVICE_EXTENSION},
        "C:\\ext\\net.json": {"kind": "file", "content": '{"namespace":{"ob":{"shadow":"s"}}}'},
        "C:\\ext\\empty.json": {"kind": "file", "content": ""},
        "C:\\ext\\bom.json": {"kind": "file", "content": "\ufeff{}"},
        "C:\\ext\\null.json": {"kind": "file", "content": "null"},
        "C:\\ext\\dir": {"kind": "dir"},
        "C:\\ext\\locked.json": {"kind": "file", "content": "{}", "readErrno": 5},
        "C:\\ext\\denied.json": {"errno": 5},
        # For GetVSMBUvmPath, which stats the host path first.
        "C:\\data": {"kind": "dir"},
        "C:\\ro": {"kind": "dir"},
        "C:\\data\\file.txt": {"kind": "file", "content": "x"},
        "C:\\layers\\base": {"kind": "dir"},
        "C:\\layers\\app": {"kind": "dir"},
        "C:\\layers\\mid": {"kind": "dir"},
        "C:\\layers\\scratch": {"kind": "dir"},
        "C:\\layers\\badlayer": {"kind": "dir"},
    },
}

_SHARES: Final[list[dict[str, Any]]] = [
    {"hostPath": "C:\\data", "readOnly": False, "kind": "dir"},
    {"hostPath": "C:\\ro", "readOnly": True, "kind": "dir"},
    {"hostPath": "C:\\data", "readOnly": True, "kind": "file"},
    {"hostPath": "C:\\layers\\base", "readOnly": True, "kind": "dir"},
    {"hostPath": "C:\\layers\\app", "readOnly": True, "kind": "dir"},
    {"hostPath": "C:\\layers\\mid", "readOnly": True, "kind": "dir"},
    {"hostPath": "C:\\layers\\badlayer", "readOnly": True, "kind": "dir"},
]


def _uvm(**over: Any) -> dict[str, Any]:
    u: dict[str, Any] = {
        "os": "windows",
        "processorCount": 2,
        "processDumpLocation": "C:\\dumps\\{container_id}",
        "vsmbShares": _SHARES,
    }
    u.update(over)
    return u


_V21: Final = {"Major": 2, "Minor": 1}
_V10: Final = {"Major": 1, "Minor": 0}

# name -> (options, uvm, host overrides). Order is part of the input format: byte 0 % len(VARIANTS) picks one,
# so append only.
VARIANTS: Final[tuple[tuple[str, dict[str, Any], dict[str, Any] | None, dict[str, Any]], ...]] = (
    ("argon-v2", {"schemaVersion": _V21}, None, {}),
    ("argon-v1", {"schemaVersion": _V10}, None, {}),
    ("xenon-v2", {"schemaVersion": _V21, "scaleCpuLimitsToSandbox": True}, _uvm(), {}),
    ("xenon-v2-linux-uvm", {"schemaVersion": _V21}, _uvm(os="linux"), {}),
    ("xenon-v1", {"schemaVersion": _V10}, _uvm(), {}),
    ("xenon-v2-zero-cpu-uvm", {"schemaVersion": _V21, "scaleCpuLimitsToSandbox": True}, _uvm(processorCount=0), {}),
    ("argon-v2-rs1-host", {"schemaVersion": _V21}, None, {"osBuild": 14393, "processorCount": 1}),
    ("argon-v2-rs5-host", {"schemaVersion": _V21}, None, {"osBuild": 17763}),
    ("schema-2.5", {"schemaVersion": {"Major": 2, "Minor": 5}}, None, {}),
    ("schema-nil", {"schemaVersion": None}, None, {}),
    (
        "argon-v2-full-options",
        {
            "id": "",
            "actualId": "",
            "schemaVersion": _V21,
            "networkNamespace": "ns-1",
            "ccgState": {"Cookie": "c", "RpcEndpoint": "r", "Transport": "LRPC", "CredentialSpec": "s"},
            "windowsAdditionalMounts": [
                {"HostPath": "C:\\c\\1", "HostPathType": "", "ContainerPath": "C:\\disk", "ReadOnly": True}
            ],
        },
        None,
        {},
    ),
    (
        "xenon-v2-additional-mounts",
        {
            "schemaVersion": _V21,
            "windowsAdditionalMounts": [
                {"HostPath": "C:\\c\\2", "HostPathType": "", "ContainerPath": "C:\\d2", "ReadOnly": False}
            ],
        },
        _uvm(processDumpLocation=""),
        {"processorCount": 64},
    ),
)

_DEFAULT_OPTIONS: Final = {"id": "c1", "owner": "containerd-shim-runhcs-v1.exe"}


def _base_cases() -> list[dict[str, Any]]:
    """One complete case skeleton per variant (spec left null), normalised once."""
    from hcsdoc.reference import normalize_case

    out = []
    for _name, options, uvm, host_over in VARIANTS:
        raw = {
            "spec": None,
            "options": {**_DEFAULT_OPTIONS, **options},
            "uvm": uvm,
            "host": {**HOST, **host_over},
        }
        out.append(normalize_case(raw))
    return out


_BASES: list[dict[str, Any]] | None = None


def bases() -> list[dict[str, Any]]:
    global _BASES
    if _BASES is None:
        _BASES = _base_cases()
    return _BASES


def variant_index(data: bytes) -> int:
    """The index in :data:`VARIANTS` of the variant a bytes-harness input picks (byte 0)."""
    return (data[0] if data else 0) % len(VARIANTS)


def case_from_input(data: bytes) -> dict[str, Any]:
    """The complete case for a bytes-harness input (byte 0: variant; rest: spec text as Go sees it)."""
    base = bases()[variant_index(data)]
    spec = data[1:]
    case = {"spec": None, "specText": None, "options": base["options"], "uvm": base["uvm"], "host": base["host"]}
    try:
        text = spec.decode("utf-8")
    except UnicodeDecodeError:
        case["specBase64"] = base64.b64encode(spec).decode("ascii")
    else:
        case["specText"] = text
    return case


def variant_name(data: bytes) -> str:
    return VARIANTS[variant_index(data)][0]


def variant_for_case(case: Mapping[str, Any]) -> int:
    """The variant whose shape is closest to a (vector) case: same UVM presence, schema version and UVM OS."""
    sv = case.get("options", {}).get("schemaVersion")
    uvm = case.get("uvm")
    for i, (_name, options, vuvm, _host) in enumerate(VARIANTS):
        if options.get("schemaVersion", _V21) != sv or (vuvm is None) != (uvm is None):
            continue
        if uvm is not None and vuvm is not None and uvm.get("os") != vuvm.get("os"):
            continue
        return i
    return 0
