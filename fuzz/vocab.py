"""The fuzzers' vocabulary: spec field names, annotation keys and values, Windows path fragments.

One list feeds three consumers: the JSON-aware mutator (fuzz/jsonmut.py) picks keys and values from it, the
libFuzzer dictionary (fuzz/dictionary/hcsdoc.dict) holds the same tokens for byte-level mutations, and the rich
host (fuzz/richhost.py) answers the seams for the paths and layer names listed here, so that a fuzzed spec that
uses one of them gets past the seam and reaches the branches behind it.

Facts only: JSON tags of runtime-spec's Go types, the annotation key strings hcsshim reads, and input spellings
that Go's strconv and encoding/json treat differently from Python.
"""

from __future__ import annotations

from typing import Final

from hcsdoc.reference.annotations import READ_BY_CONVERTER

# JSON tags per object, by the path of object keys leading to it ("" is the Spec itself; "[]" an array item).
# Go's decoder matches them case-insensitively, which the mutator exercises separately (case_variant).
FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "": ("ociVersion", "process", "root", "hostname", "mounts", "hooks", "annotations", "linux", "windows"),
    "root": ("path", "readonly"),
    "mounts[]": ("destination", "type", "source", "options"),
    "windows": (
        "layerFolders",
        "devices",
        "resources",
        "credentialSpec",
        "servicing",
        "ignoreFlushesDuringBoot",
        "hyperv",
        "network",
    ),
    "windows.devices[]": ("id", "idType"),
    "windows.resources": ("memory", "cpu", "storage"),
    "windows.resources.memory": ("limit",),
    "windows.resources.cpu": ("count", "shares", "maximum"),
    "windows.resources.storage": ("iops", "bps", "sandboxSize"),
    "windows.hyperv": ("utilityVMPath",),
    "windows.network": (
        "endpointList",
        "allowUnqualifiedDNSQuery",
        "DNSSearchList",
        "networkSharedContainerName",
        "networkNamespace",
    ),
    "process": ("terminal", "user", "args", "env", "cwd"),
}

ALL_FIELDS: Final[tuple[str, ...]] = tuple(sorted({f for fs in FIELDS.values() for f in fs}))

# Annotation keys read by createWindowsContainerDocument and its helpers (pkg/annotations), plus neighbours the
# create flow reads, so that a near miss is also tried.
ANNOTATION_KEYS: Final[tuple[str, ...]] = (
    *READ_BY_CONVERTER,
    "io.microsoft.container.wcow.gmsa.disable",
    "io.microsoft.disable-unsafe-operations",
    "io.kubernetes.cri.container-type",
)

# Annotation values on the edges of Go's strconv.ParseUint/ParseInt/Atoi/ParseBool and the dump parsers.
ANNOTATION_VALUES: Final[tuple[str, ...]] = (
    "",
    "0",
    "1",
    "2",
    "-1",
    "+5",
    " 5",
    "5 ",
    "5_000",
    "0x10",
    "007",
    "٥",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "4294967297",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999",
    "mini",
    "full",
    "Mini",
    "FULL",
    "true",
    "TRUE",
    "tRuE",
    "t",
    "false",
    "{container_id}",
    "{CONTAINER_ID}",
    "C:\\dumps\\{container_id}",
    "C:\\dumps\\{Container_Id}",
    "C:\\ext\\gpu.json",
    "C:\\ext\\gpu.json,C:\\ext\\net.json",
    "C:\\ext\\gpu.json,",
    "C:\\ext\\empty.json",
    "C:\\ext\\bom.json",
    "C:\\ext\\null.json",
    "C:\\ext\\dir",
    "C:\\ext\\locked.json",
    "C:\\ext\\missing.json",
)

# Layer folders. The rich host knows GUIDs for the base names of the first group, an errno for "badlayer", and a
# UtilityVM folder under C:\layers\base (for LocateUVMFolder); VSMB shares for them when a UVM is present.
LAYER_FOLDERS: Final[tuple[str, ...]] = (
    "C:\\layers\\base",
    "C:\\layers\\app",
    "C:\\layers\\mid",
    "C:\\layers\\scratch",
    "C:\\layers\\badlayer",
    "C:\\layers\\unknown",
    "C:\\layers\\base\\",
    "C:layers",
    "\\\\server\\share\\layer",
    "C:/layers/app",
    "C:/layers/app/\n",
    "",
)
LAYER_NAMES: Final[tuple[str, ...]] = ("base", "app", "mid", "scratch")

VOLUME_GUID: Final = "\\\\?\\Volume{6a8b1b52-3a8c-4e2c-9d8b-5f4a9c0e1d2f}\\"

# Root.Path spellings around the volume-GUID regex (hcsdoc_wcow.go, Argon branch).
ROOT_PATHS: Final[tuple[str, ...]] = (
    VOLUME_GUID,
    VOLUME_GUID[:-1],
    "\\\\?\\Volume6a8b1b52-3a8c-4e2c-9d8b-5f4a9c0e1d2f}\\",
    "\\\\?\\Volume{6a8b1b52-3a8c-4e2c-9d8b-5f4a9c0e1d2f}}",
    "\\\\?\\volume{6a8b1b52-3a8c-4e2c-9d8b-5f4a9c0e1d2f}\\",
    VOLUME_GUID + "\\",
    VOLUME_GUID[:-1] + "\n",
    "C:\\c\\1",
    "",
)

# Mount sources: resolvable host paths, pipes, sandbox:// paths, VSMB-shared directories and files.
MOUNT_SOURCES: Final[tuple[str, ...]] = (
    "C:\\data",
    "C:\\ro",
    "C:\\data\\file.txt",
    "C:\\missing",
    "C:\\denied",
    "",
    "\\\\.\\pipe\\p1",
    "\\\\.\\pipe\\",
    "\\\\.\\PIPE\\p1",
    "sandbox:///a/dirInUvm",
    "sandbox://../../x",
    "sandbox://",
    "C:\\data\\",
    "c:\\data",
    # A final newline: Python's regex "$" also matches before it (a reference bug found this way once).
    "sandbox://a/b\n",
    "C:\\data\n",
)
MOUNT_DESTINATIONS: Final[tuple[str, ...]] = ("C:\\d", "C:\\app", "\\\\.\\pipe\\p2", "", "d")
MOUNT_TYPES: Final[tuple[str, ...]] = (
    "",
    "bind",
    "virtual-disk",
    "physical-disk",
    "extensible-virtual-disk",
    "Virtual-Disk",
)
MOUNT_OPTIONS: Final[tuple[str, ...]] = ("ro", "RO", "rw", "rO", "")
DEVICE_ID_TYPES: Final[tuple[str, ...]] = ("vpci-location-path", "class", "vpci-class-guid", "gpu", "", "Class")
DEVICE_IDS: Final[tuple[str, ...]] = (
    "PCIROOT(0)#PCI(0100)",
    "5B45201D-F2F2-4F3B-85BB-30FF1F953599",
    "",
)

OTHER_STRINGS: Final[tuple[str, ...]] = (
    "1.0.2",
    "host-<&>",
    "a\u2028b",
    "C:\\uvm",
    "net1",
    "ep1",
    "a.com",
    "credspec",
    "\x00",
    "\ufffd",
)

# Integers and numbers on Go's decoder edges (uint16/uint64 ranges, non-integer literals).
NUMBER_TOKENS: Final[tuple[str, ...]] = (
    "0",
    "1",
    "2",
    "-1",
    "64",
    "65535",
    "65536",
    "1048575",
    "1048576",
    "2147483648",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "1.0",
    "1e2",
    "-0",
    "1E400",
)

STRINGS: Final[tuple[str, ...]] = tuple(
    dict.fromkeys(
        ANNOTATION_VALUES
        + LAYER_FOLDERS
        + ROOT_PATHS
        + MOUNT_SOURCES
        + MOUNT_DESTINATIONS
        + MOUNT_TYPES
        + MOUNT_OPTIONS
        + DEVICE_ID_TYPES
        + DEVICE_IDS
        + OTHER_STRINGS
    )
)

# Byte-level JSON tokens (duplicate keys, nulls, case variants are built by the mutator itself).
JSON_TOKENS: Final[tuple[str, ...]] = (
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    '"',
    "null",
    "true",
    "false",
    "{}",
    "[]",
    '""',
    "\\u0000",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\ude00",
    "\\u2028",
    "\\\\",
)
