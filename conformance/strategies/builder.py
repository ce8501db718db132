"""The case builder behind :func:`conformance.strategies.cases`.

One :class:`Builder` draws one case section by section, in the order the Go function reads them, and records what
the host and the UVM must answer so that the case goes all the way to documents: a GUID for every layer base name,
a resolved path for every mount source when there is no UVM, a stat answer and a VSMB share (keyed by the path as
Go's ``filepath.Clean`` writes it) for every layer and mount that ``GetVSMBUvmPath`` looks up, extension files with
decodable contents, an OS build high enough for named pipes (16299) and device extensions (20348).

With ``wild=True`` nothing is recorded and every section draws from its full range: most such cases end in an
error, at whatever check comes first.

Drawing cost decides the structured fuzzer's speed (it draws one case per execution), so: everything drawn is
built once at import (module constants, ``functools.cache`` factories); leaf values come from fixed pools
(:class:`~conformance.strategies._util.Pool`, one integer choice each, drawn without the strategy machinery by
:class:`~conformance.strategies._util.Chooser`); an optional key is one choice with its gate
(:func:`~conformance.strategies._util.optional`); keys the converter only copies or ignores share a choice
(:func:`~conformance.strategies._util.fragments`), while keys it decides on (annotations, CPU fields, mounts, ...)
keep one each, so the shrinker still removes them one at a time.
A few mounts (:data:`EDGE_MOUNTS`) have sources on which Go's Windows path code takes its rare turns; their share
keys are computed with the reference's ``filepath.Clean``/``Split`` port (checked against Go by the vectors).
"""

from __future__ import annotations

import enum
import functools
import json
import math
import random
import uuid
from dataclasses import dataclass, field
from typing import Any, Final

from hypothesis import strategies as st

from hcsdoc.conformance.strategies import values as v
from hcsdoc.conformance.strategies._util import (
    ABSENT,
    BOOL,
    Chooser,
    Pool,
    fragments,
    list_pool,
    note_event,
    note_target,
    optional,
    pool,
    put,
)
from hcsdoc.conformance.strategies.gojson import SliceT, StructT, render
from hcsdoc.reference import annotations as ann
from hcsdoc.reference import filepath_windows, uvm

__all__ = ["ISOLATIONS", "Builder"]

# The facts of the reference, under the names the builder uses.
VSMB_GUEST_PREFIX: Final = uvm.vsmbSharePrefix
ANN_BPS: Final = ann.ContainerStorageQoSBandwidthMaximum
ANN_COUNT: Final = ann.ContainerProcessorCount
ANN_DUMP_COUNT: Final = ann.WCOWProcessDumpCount
ANN_DUMP_LOCATION: Final = ann.ContainerProcessDumpLocation
ANN_DUMP_TYPE: Final = ann.WCOWProcessDumpType
ANN_EXTENSIONS: Final = ann.DeviceExtensions
ANN_IOPS: Final = ann.ContainerStorageQoSIopsMaximum
ANN_LIMIT: Final = ann.ContainerProcessorLimit
ANN_MEMORY: Final = ann.ContainerMemorySizeInMB
ANN_WEIGHT: Final = ann.ContainerProcessorWeight

# Which branch of createWindowsContainerDocument a case takes (create.go predicates):
#   v2argon      schema 2.1, no UVM                      -> Argon branch
#   v1argon      schema 1.0, no UVM, no hyperv section   -> Argon branch
#   v1argon-uvm  schema 1.0, UVM, no hyperv section      -> Argon branch with a UVM (only a harness gets here)
#   v2xenon      schema 2.1, UVM                         -> V2 Xenon branch
#   v1xenon      schema 1.0, UVM, hyperv section         -> V1 Xenon branch (only a harness gets here)
#   v1hyperv     schema 1.0, no UVM, hyperv section      -> no branch (the classic v1 Hyper-V regression)
#   schema-other schema neither 1.0 nor 2.1 (e.g. 2.5)   -> no branch
ISOLATIONS: Final = ("v2argon", "v1argon", "v2xenon", "v1xenon", "v1argon-uvm", "v1hyperv", "schema-other")
ARGON: Final = frozenset({"v2argon", "v1argon", "v1argon-uvm"})
WITH_UVM: Final = frozenset({"v2xenon", "v1xenon", "v1argon-uvm"})
V2: Final = frozenset({"v2argon", "v2xenon"})

CPU_KEYS: Final = {"count": ANN_COUNT, "limit": ANN_LIMIT, "weight": ANN_WEIGHT}

DISK_TYPES: Final = ("virtual-disk", "physical-disk", "extensible-virtual-disk")
PIPE_PREFIX: Final = "\\\\.\\pipe\\"
BUILDS: Final = (20348, 17763, 16299, 16298, 14393, 19041, 26100, 20347, 0, 65535)
# Annotation values that parse (or fail to parse) to a CPU value <= 0 after int32(), so they never count
# towards the "mutually exclusive" check when the spec field behind them is absent or 0.
CPU_DECOYS: Final = ("0", "-1", "abc", "", "2147483648", "4294967295", "4294967296", "18446744073709551615", "+5")
COUNT_SPEC_DECOYS: Final = (0, 2147483648, 4294967295, 4294967296, 18446744073709551615)
DUMP_LOCATIONS: Final = (
    "C:\\dumps",
    "C:\\dumps\\{container_id}",
    "C:\\dumps\\{CONTAINER_ID}",
    "{container_id}",
    "C:\\d\\{Container_Id}",
    "sandbox:///dump",
    "",
)
VALID_ATOI: Final = (
    "",
    "1",
    "10",
    "+5",
    "05",
    "2147483647",
    "2147483648",
    "4294967296",
    "4294967297",
    "9223372036854775807",
    # More values that Atoi accepts but int32() wraps: the dump count's quiet Go quirk deserves the weight.
    "2147483649",
    "3000000000",
    "6442450943",
)
SANDBOX_SUFFIXES: Final = (
    "",
    "/a/dirInUvm",
    "a//b/./c/",
    "../../x",
    "C:/x",
    "//server/share",
    "dump",
    "..\\..\\..",
    "C:x",
    "??\\x",
    "a:b",
    "\\\\?\\x",
)
RESOLVED: Final = (
    "\\\\?\\Volume{0b8e3c8e-1c8b-4f1e-9a0e-2f3c4d5e6f70}\\m\\d1",
    "\\\\srv\\share\\x",
    "C:\\resolved",
    "",
)
DEVICE_TYPES_V2: Final = ("class", "vpci-class-guid", "vpci-location-path")
DEVICE_TYPES_ANY: Final = (*DEVICE_TYPES_V2, "gpu", "", "Class", "vpci", "vpci-instance-id")
DEVICE_IDS: Final = ("5B45201D-F2F2-4F3B-85BB-30FF1F953599", "PCIP\\VEN_1234&DEV_5678", "", "<&>")

_S: Final = "string"
EXTENSION_TYPE: Final = StructT(
    {
        "device_category": StructT(
            {"name": _S, "interface_class": SliceT(StructT({"type": _S, "identifier": _S, "recurse": "bool"}))}
        ),
        "namespace": StructT(
            {
                "ob": StructT(
                    {
                        "shadow": _S,
                        "symlink": SliceT(
                            StructT({"name": _S, "path": _S, "scope": _S, "pathtoclone": _S, "access_mask": "int32"})
                        ),
                        "objdir": SliceT(
                            StructT({"name": _S, "clonesd": _S, "shadow": _S, "symlink": _S, "objdir": _S})
                        ),
                    }
                ),
                "device": StructT(
                    {
                        "requires_driverstore": "bool",
                        "device_category": SliceT(StructT({"name": _S})),
                        "device_instance": SliceT(
                            StructT({"id": _S, "location_path": _S, "port_name": _S, "interface_class": _S})
                        ),
                    }
                ),
            }
        ),
    }
)


# Every strategy the builder draws from is built once, here: building one per draw (``st.sampled_from(...)`` inside
# a method) costs a validation or a strategy-cache lookup per call, which dominated drawing time.
# Each Hypothesis draw costs ~10 us and the fuzz bridge draws one case per execution, so an optional key is one
# draw of an ``optional()`` pool (absent or a value, see _util.optional) rather than a gate and a value, and
# small lists and sections whose parts are not worth shrinking one by one are whole values in a pool.
_BOOL_OPT: Final = optional((False, True))
_LIST: Final = "list"  # in a pool: "a list, drawn next"

_INDEX: Final = pool((0, 1, 2, 3))
_OTHER_SCHEMAS: Final = pool(
    ({"Major": 2, "Minor": 5}, {"Major": 2, "Minor": 0}, {"Major": 1, "Minor": 1}, {"Major": 0, "Minor": 0})
)
_UVM_OSES: Final = ("windows", "linux", "")
_UVM_COUNTS: Final = (2, 1, 4, 64, -1, 2147483647, -2147483648)
_DUMP_LOCATIONS_OPT: Final = optional(DUMP_LOCATIONS)


@functools.cache
def _uvms(uvm_os: str | None, wild: bool) -> Pool[tuple[str, int]]:
    """``(os, processorCount)`` of the UVM in one choice (every combination, each part simplest first): the
    converter reads them at unrelated places, and a minimal case keeps the first of each. ``uvm_os`` pins the
    os; wild cases also get 0 processors."""
    oses = _UVM_OSES if uvm_os is None else (uvm_os,)
    counts = (*_UVM_COUNTS, 0) if wild else _UVM_COUNTS
    return pool((o, n) for o in oses for n in counts)


# The options' strings (the converter copies them), two in a choice: an absent id is "", an absent actualId the
# id, an absent owner or networkNamespace "".
_ID_STRINGS: Final = ("", "c1", "ctr-\u00fc", "<id>&", "x")
_IDS: Final = fragments((("id", _ID_STRINGS), ("actualId", _ID_STRINGS)))
_OWNER_AND_NAMESPACE: Final = fragments(
    (("owner", ("containerd-shim-runhcs-v1.exe", "", "own<er>")), ("networkNamespace", ("", "ns-1", "a&b")))
)
# Pools of whole small objects (one draw each instead of one per field), simplest first; None (absent) half the
# time, as the gate before them gave.
_CCG_STATES: Final = tuple(
    {"Cookie": a, "RpcEndpoint": b, "Transport": c, "CredentialSpec": e}
    for a, b, c, e in (
        ("", "", "", ""),
        ("c", "ep", "ALPC", '{"x":1}'),
        ("<&>", "\u2028", "\x00", "\u00e9\U0001f600"),
        ("a b", "", "tcp", ""),
        ("\\", '"', "/", "\x7f"),
    )
)
_CCG_STATES_OR_NONE: Final = pool((None,) * len(_CCG_STATES) + _CCG_STATES)
# windowsAdditionalMounts: null half the time, else up to 2 of these.
_ADDITIONAL_MOUNTS: Final = pool(
    {"HostPath": h, "HostPathType": t, "ContainerPath": c, "ReadOnly": r}
    for h in ("C:\\c\\1", "", "\\\\?\\scsi")
    for t in ("", "AbsolutePath")
    for c in ("C:\\disk", "", "D:")
    for r in (False, True)
)
_OCI_VERSIONS_OPT: Final = optional(("1.0.2", "1.1.0", ""))
# process: the converter does not read it (only its JSON matters), so its keys share one choice.
_PROCESS_OPT: Final = optional(
    fragments((("cwd", ("C:\\", "")), ("args", list_pool(("cmd", "/c", "echo"), 2, balanced=False)))).values
)
_HOSTNAMES_OPT: Final = optional(v.go_string_pool())


def _roots(paths: tuple[str, ...], readonly: tuple[bool, ...]) -> Pool[dict[str, Any]]:
    """``root`` in one choice: a path, and ``readonly`` absent half the time (else one of ``readonly``), every
    combination, those without ``readonly`` first."""
    out: list[dict[str, Any]] = [{"path": p} for p in paths for _ in readonly]
    out += [{"path": p, "readonly": r} for p in paths for r in readonly]
    return pool(out)


def _any_root_paths() -> tuple[str, ...]:
    """Paths the volume regexp accepts, plain paths and near misses, a third of the time each (as a one_of of the
    three would give, in one draw instead of three)."""
    groups = (v.volume_root_path_pool(matching=True), ("C:\\c\\1", ""), v.volume_root_path_pool(matching=False))
    size = math.lcm(*(len(g) for g in groups))
    return tuple(x for g in groups for x in g * (size // len(g)))


# Argon needs a path the volume regexp accepts; "readonly": false is the same as absent for Go (true is an error).
_ARGON_ROOTS: Final = _roots(v.volume_root_path_pool(matching=True), (False,))
_ANY_ROOTS: Final = _roots(_any_root_paths(), (False,))
_WILD_ROOT_PATHS: Final = pool(_any_root_paths())
_CREDENTIAL_SPECS_OPT: Final = optional(
    ("", '{"ActiveDirectoryConfig":{}}', "x", None, 1, True, 1.5, -2, 1e300, {"a": [None, 1.5]})
)
_UVM_PATHS_OPT: Final = optional(("C:\\uvm", ""))
# DNSSearchList: absent half the time, else null or a list of up to 3 of _DNS_NAMES.
_DNS_SEARCH_OPT: Final = optional((None, _LIST))
_DNS_NAMES: Final = pool(("a.com", "b", "", "x,y"))
# The network keys the converter copies as they are (or, networkNamespace, ignores) in one choice with the
# section's gate; endpointList and DNSSearchList (joined, and null differs from []) have their own.
_NETWORK_OPT: Final = optional(  # the network section's gate too
    fragments(
        (
            ("allowUnqualifiedDNSQuery", (False, True)),
            ("networkSharedContainerName", ("shared", "", "<c>")),
            ("networkNamespace", ("ns-spec", "")),
        )
    ).values
)
_ENDPOINTS_OPT: Final = optional(list_pool(("ep1", "ep-2", ""), 2))
# servicing (ignored) and ignoreFlushesDuringBoot (copied) in one choice; without a hyperv section, also a
# "hyperv": null (it leaves the pointer nil: the same as absent).
_WINDOWS_FLAGS: Final = fragments((("servicing", (False, True)), ("ignoreFlushesDuringBoot", (False, True))))
_WINDOWS_FLAGS_NULL_HYPERV: Final = fragments(
    (("servicing", (False, True)), ("ignoreFlushesDuringBoot", (False, True)), ("hyperv", (None,)))
)
_RO_LAYERS: Final = pool(v.win_path_pool(("l",), ("base", "mid", "top", "b2"), True))  # 1 to 3 of them
_SCRATCH: Final = pool(v.win_path_pool(("l",), ("scratch",), True))
_EXOTIC_OPT: Final = optional(v.EXOTIC_PATHS)
_FOLDER_CUTS_OPT: Final = optional((0, 1, 2))  # wild: no folders, the first one only, all of them
_NOT_EXIST_ERRNOS: Final = pool((2, 3, 53))
_DIR_OR_FILE: Final = pool(({"kind": "dir"}, {"kind": "file", "content": ""}))
# Up to 3 devices of these.
_DEVICES_V2: Final = pool(tuple({"id": i, "idType": t} for t in DEVICE_TYPES_V2 for i in DEVICE_IDS))
_DEVICES_ANY: Final = pool(tuple({"id": i, "idType": t} for t in DEVICE_TYPES_ANY for i in DEVICE_IDS))
# (CPU mode, whether there is a resources section) in one choice: the mode also decides the CPU annotations.
_CPU_MODES: Final = pool((m, r) for m in ("none", "count", "limit", "weight", "limit") for r in (False, True))
_CPU_MODES_WILD: Final = pool((m, r) for m in ("none", "count", "limit", "weight", "all") for r in (False, True))
_UINT64_OPT: Final = optional(v.UINT64_EDGES)
# resources.memory: absent half the time, else {} or {"limit": edge} alike (a gate, then the limit's own gate).
_MEMORY_OPT: Final = optional(({},) * len(v.UINT64_EDGES) + tuple({"limit": x} for x in v.UINT64_EDGES))
# spec field, the CPU mode that sets it, its values in that mode, its values otherwise (never counted as set)
_CPU_FIELDS: Final = (
    ("count", "count", _UINT64_OPT, optional(COUNT_SPEC_DECOYS)),
    ("shares", "weight", optional(v.UINT16_EDGES), optional((0,))),
    ("maximum", "limit", optional(v.UINT16_EDGES), optional((0,))),
)
_CPU_DECOYS_OPT: Final = optional(CPU_DECOYS)


class _Wide(enum.Enum):
    """Where a numeric annotation pool stands for a wide range: one more draw picks the number."""

    UINT = "uint"  # any decimal up to 2**64 + 2
    SMALL = "small"  # -3 to 20


# A uint64 annotation in one draw (mostly): absent half the time, else (as v.numeric_annotation_values(), each a
# third of the time) an edge value, any decimal up to 2**64 + 2, or a small one.
_NUMERIC_VALUES: Final[tuple[str | _Wide, ...]] = (
    *v.NUMERIC_EDGE_VALUES,
    *(_Wide.UINT,) * len(v.NUMERIC_EDGE_VALUES),
    *(_Wide.SMALL,) * len(v.NUMERIC_EDGE_VALUES),
)
_NUMERIC_OPT: Final = optional(_NUMERIC_VALUES)
_WIDE_NUMBERS: Final = {_Wide.UINT: st.integers(0, (1 << 64) + 2), _Wide.SMALL: st.integers(-3, 20)}
_DUMP_TYPES_OPT: Final = optional(("", "mini", "full"))
_ANY_DUMP_TYPES_OPT: Final = optional(("", "mini", "full", "Mini", "FULL", "x"))
_VALID_ATOI_OPT: Final = optional(VALID_ATOI)
_ATOI_EDGES_OPT: Final = optional(v.ATOI_EDGE_VALUES)


def _unread_annotations() -> tuple[dict[str, str], ...]:
    """Keys the function does not read, and a case variant of one it does (annotation keys are case-sensitive):
    every combination, fewest keys first, each key present half the time (as behind its own gate)."""
    out: list[dict[str, str]] = []
    for gmsa in (ABSENT,) * len(v.BOOL_SPELLINGS) + v.BOOL_SPELLINGS:
        for upper in (ABSENT, "4"):
            for ctype in (ABSENT, ABSENT, "container", "sandbox"):
                a: dict[str, str] = {}
                for key, value in (
                    ("io.microsoft.container.wcow.gmsa.disable", gmsa),
                    ("IO.MICROSOFT.CONTAINER.PROCESSOR.COUNT", upper),
                    ("io.kubernetes.cri.container-type", ctype),
                ):
                    if value is not ABSENT:
                        a[key] = value
                out.append(a)
    return tuple(sorted(out, key=len))


_UNREAD_ANNOTATIONS: Final = pool(_unread_annotations())
_WILD_EXTENSIONS: Final = pool(("", "C:\\ext\\e1.json", "a,", ",", "C:\\ext\\e1.json,C:\\ext\\e2.json"))
_EXTENSION_PATHS: Final = pool(v.win_path_pool(("ext",), ("e1.json", "e2.json"), False))  # up to 2 of them
# A pipe needs no host answer (so it is first: the simplest to shrink to); sandbox:// mounts come twice because
# only they reach Go's Windows Join, and only with a UVM.
_MOUNT_KINDS: Final = pool(("pipe", "dir", "file", "sandbox", "disk", "sandbox"))
_DESTINATIONS: Final = ("C:\\dst", "c:\\a<b>&", PIPE_PREFIX + "x", "", "D:")
# A mount's destination, its type (kinds other than disk) and whether it has options, in one choice: a minimal
# mount is then three or four choices, which the shrinker deletes in one step (up to five adjacent choices, with
# the list's "one more?" before them).
_MOUNT_KEYS: Final = fragments(
    (("destination", _DESTINATIONS), ("type", ("", "bind", "Virtual-Disk")), ("options", (_LIST,)))
)
_DISK_MOUNT_KEYS: Final = fragments((("destination", _DESTINATIONS), ("options", (_LIST,))))
_MOUNT_OPTIONS: Final = pool(("ro", "RO", "Ro", "rw", "bind", "r o", ""))  # up to 3 of them
_DISK_TYPES: Final = pool(DISK_TYPES)
_PIPE_NAMES: Final = pool(("p", "docker_engine", "a\\b", ""))
_DIR_SOURCES: Final = pool(v.win_path_pool(("m",), ("d1", "d2", "base", "top"), True))
_FILE_SOURCES: Final = pool(v.win_path_pool(("m",), ("f.txt", "g.cfg"), False))
_SANDBOX_SUFFIXES: Final = pool(SANDBOX_SUFFIXES)
_DISK_SOURCES: Final = pool(("C:\\disk.vhdx", "\\\\.\\PhysicalDrive1", ""))
_RESOLVED: Final = pool(RESOLVED)
# (source, stat answer, share guest path or None for the usual one): sources on which filepath.Clean/Split/
# VolumeName take their rare turns (UNC and device volumes alone, bare and relative drives, "..", postClean's
# guards), and guest paths on which Join does ("" + "", "C:" + f, "\\" + "??", a trailing separator).
EDGE_MOUNTS: Final = (
    ("\\\\srv\\share", "dir", None),
    ("\\\\?", "dir", None),
    ("\\??", "dir", None),
    ("C:\\", "dir", None),
    ("C:", "dir", None),
    ("x/y", "dir", None),
    ("..\\..\\x", "dir", None),
    ("x\\..", "dir", None),
    ("x\\y", "dir", None),
    ("a\\..\\c:", "dir", None),
    ("\\a\\..\\??\\c:", "dir", None),
    ("\\\\.\\C:", "dir", None),
    ("\\x\\..\\..", "dir", None),
    ("x/../..", "dir", None),
    ("\\\\.\\UNC\\srv\\share\\x", "dir", None),
    ("//srv/share/x/", "dir", None),
    ("\\??\\C:\\x", "dir", None),
    ("C:x", "file", None),
    ("\\\\?\\C:\\x\\f", "file", None),
    ("C:\\m\\??", "file", "\\"),
    ("C:\\m\\e", "dir", ""),
    ("C:\\m\\c", "dir", "C:"),
    ("C:\\m\\g", "file", "C:\\g\\"),
    # Go cleans UTF-8 bytes: ".." over a multi-byte rune leaves stale bytes that postClean still looks at.
    ("z/../a/:/../../\u00e9", "dir", None),
    ("z/../\u00e9aaaaaa/:/../..\\f.txt", "file", None),
    ("\u00e9\\..\\b\u00fc:\\..", "dir", None),
)
_EDGE_MOUNTS: Final = st.lists(st.sampled_from(EDGE_MOUNTS), min_size=2, max_size=6, unique=True)


@functools.cache
def _hosts(min_build: int) -> Pool[tuple[int, int]]:
    """``(processorCount, osBuild)`` in one draw: every pair, processor count first (both simplest first)."""
    return pool(tuple((n, b) for n in v.INT32_EDGES for b in BUILDS if b >= min_build))


class _Random(enum.Enum):
    """Where the GUID pool stands for a random GUID: one more draw picks it."""

    GUID = "guid"


# A layer GUID: one of the fixed ones (upper case among them) or, half the time, a random one (as
# v.guid_strings()), mostly in one draw.
_GUID_PICKS: Final = pool((*v.GUIDS, *(_Random.GUID,) * len(v.GUIDS)))
_GUID_INTS: Final = st.integers(1, (1 << 128) - 1)  # as st.uuids(): any version, never the nil GUID


@dataclass
class Builder:
    draw: Chooser
    iso: str
    wild: bool = False
    uvm_os: str | None = None
    layer_ids: dict[str, Any] = field(default_factory=dict)
    resolved: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Any] = field(default_factory=dict)
    shares: list[dict[str, Any]] = field(default_factory=list)
    min_build: int = 0
    has_uvm: bool = False
    hyperv: bool = False
    uvm: dict[str, Any] | None = None
    dump_path: str = ""
    cpu_mode: str = "none"
    uvm_path: str | None = None  # v1xenon: hyperv.utilityVMPath chosen with the layer folders

    # ----------------------------------------------------------------------------------------------------------
    # registration of host answers

    def guid(self, name: str) -> None:
        if not self.wild and name not in self.layer_ids:
            g = self.draw(_GUID_PICKS)
            self.layer_ids[name] = str(uuid.UUID(int=self.draw(_GUID_INTS))) if g is _Random.GUID else g

    def share(self, host_path: str, read_only: bool, kind: str, guest_path: str | None = None) -> None:
        if self.wild:
            return
        n = len(self.shares) + 1
        guest = f"{VSMB_GUEST_PREFIX}s{n:x}" if guest_path is None else guest_path
        self.shares.append({"hostPath": host_path, "readOnly": read_only, "kind": kind, "guestPath": guest})

    def file(self, path: str, entry: dict[str, Any]) -> None:
        if not self.wild:
            self.files[path] = entry

    # ----------------------------------------------------------------------------------------------------------
    # the case

    def case(self) -> dict[str, Any]:
        d = self.draw
        iso = self.iso
        note_event(f"isolation={iso}")
        if iso.startswith("v2"):
            schema: dict[str, int] | None = {"Major": 2, "Minor": 1}
        elif iso.startswith("v1"):
            schema = {"Major": 1, "Minor": 0}
        else:
            schema = d(_OTHER_SCHEMAS)
        self.has_uvm = iso in WITH_UVM or (iso == "schema-other" and d(BOOL))
        if iso in ("v1xenon", "v1hyperv"):
            self.hyperv = True
        elif iso in ("v1argon", "v1argon-uvm"):
            self.hyperv = False
        else:
            self.hyperv = d(BOOL)
        if self.has_uvm:
            self.uvm = self._uvm()
        spec = self.spec()
        options = self.options(schema)
        if self.uvm is not None:
            self.uvm["vsmbShares"] = self.shares
        host = self.host()
        note_target(len(json.dumps(spec)), "spec-size")
        return {"spec": spec, "specText": None, "options": options, "uvm": self.uvm, "host": host}

    def _uvm(self) -> dict[str, Any]:
        os_, count = self.draw(_uvms(self.uvm_os or None, self.wild))
        location = self.draw(_DUMP_LOCATIONS_OPT)
        note_event(f"uvm.os={os_ or 'empty'}")
        return {"os": os_, "processorCount": count, "processDumpLocation": "" if location is ABSENT else location}

    def host(self) -> dict[str, Any]:
        processor_count, os_build = self.draw(_hosts(self.min_build))
        return {
            "processorCount": processor_count,
            "osBuild": os_build,
            "layerIds": self.layer_ids,
            "resolvedPaths": self.resolved,
            "files": self.files,
        }

    def options(self, schema: dict[str, int] | None) -> dict[str, Any]:
        d = self.draw
        ids = d(_IDS)
        cid = ids.get("id", "")
        strings = d(_OWNER_AND_NAMESPACE)
        return {
            "id": cid,
            "actualId": ids.get("actualId", cid),
            "owner": strings.get("owner", ""),
            "schemaVersion": schema,
            # More often on when it matters (a CPU limit and a UVM): the rescaled limit's clamps are rare turns.
            "scaleCpuLimitsToSandbox": d(BOOL) or (self.cpu_mode == "limit" and self.uvm is not None and d(BOOL)),
            "networkNamespace": strings.get("networkNamespace", ""),
            "ccgState": d(_CCG_STATES_OR_NONE),
            "windowsAdditionalMounts": d.many(_ADDITIONAL_MOUNTS, max_size=2) if d(BOOL) else None,
        }

    # ----------------------------------------------------------------------------------------------------------
    # the spec

    def spec(self) -> dict[str, Any]:
        d = self.draw
        spec: dict[str, Any] = {}
        put(d, spec, "ociVersion", _OCI_VERSIONS_OPT)
        put(d, spec, "process", _PROCESS_OPT)
        spec["root"] = self.root()
        put(d, spec, "hostname", _HOSTNAMES_OPT)
        mounts = self.mounts()
        if mounts is not None:
            spec["mounts"] = mounts
        windows = self.windows()  # before annotations: the layer folders decide nothing there, but keep Go's order
        annotations = self.annotations()
        if annotations is not None:
            spec["annotations"] = annotations
        spec["windows"] = windows
        return spec

    def root(self) -> dict[str, Any]:
        if self.wild:
            root = {"path": self.draw(_WILD_ROOT_PATHS)}
            put(self.draw, root, "readonly", _BOOL_OPT)
            return root
        return self.draw(_ARGON_ROOTS if self.iso in ARGON else _ANY_ROOTS)

    def windows(self) -> dict[str, Any]:
        d = self.draw
        w: dict[str, Any] = {"layerFolders": self.layer_folders()}
        devices = self.devices()
        if devices is not None:
            w["devices"] = devices
        resources = self.resources()
        if resources is not None:
            w["resources"] = resources
        put(d, w, "credentialSpec", _CREDENTIAL_SPECS_OPT)
        if "credentialSpec" in w:
            note_event(f"credentialSpec={type(w['credentialSpec']).__name__}")
        if self.hyperv:
            w.update(d(_WINDOWS_FLAGS))
            hv: dict[str, Any] = {}
            if self.iso == "v1xenon" and not self.wild:
                pass  # utilityVMPath decided in layer_folders
            else:
                put(d, hv, "utilityVMPath", _UVM_PATHS_OPT)
            w["hyperv"] = hv
            if self.uvm_path is not None:
                hv["utilityVMPath"] = self.uvm_path
        else:
            w.update(d(_WINDOWS_FLAGS_NULL_HYPERV))
        network = d(_NETWORK_OPT)
        if network is not ABSENT:
            w["network"] = self.network(network)
        return w

    def network(self, copies: dict[str, Any]) -> dict[str, Any]:
        """The network section: its endpointList, the keys drawn with its gate (``copies``), its DNSSearchList."""
        n: dict[str, Any] = {}
        put(self.draw, n, "endpointList", _ENDPOINTS_OPT)
        n.update(copies)
        dns = self.draw(_DNS_SEARCH_OPT)
        if dns is not ABSENT:
            n["DNSSearchList"] = None if dns is None else self.draw.many(_DNS_NAMES, max_size=3)
        return n

    def layer_folders(self) -> list[str]:
        d = self.draw
        ro = d.many(_RO_LAYERS, min_size=1, max_size=3)
        scratch = d(_SCRATCH)
        folders = [p.raw for p in ro] + [scratch.raw]
        note_target(len(ro), "layers")
        if self.wild:
            cut = d(_FOLDER_CUTS_OPT)
            if cut is not ABSENT:
                folders = [[], folders[:1], folders][cut]
            exotic = d(_EXOTIC_OPT)
            if folders and exotic is not ABSENT:
                folders[0] = exotic
            return folders
        windows_uvm = self.uvm is not None and self.uvm["os"] == "windows"
        for p in ro:
            if self.iso in ARGON:
                self.guid(p.base)
            elif self.iso == "v2xenon" and windows_uvm:
                # GetHCSLayers: GetVSMBUvmPath(layer, readOnly=true) first (stat, then the dir share), then LayerID.
                self.file(p.raw, {"kind": "dir"})
                self.share(p.clean, True, "dir")
                self.guid(p.base)
        if self.iso == "v1xenon":
            if d(BOOL):
                self.uvm_path = "C:\\uvm\\UtilityVM"
                note_event("v1xenon.utilityVMPath")
            else:
                # LocateUVMFolder stats Join(folder, "UtilityVM") over every folder, scratch included.
                every = [*ro, scratch]
                k = min(d(_INDEX), len(every) - 1)
                for p in every[:k]:
                    if d(BOOL):
                        self.file(p.clean + "\\UtilityVM", {"errno": d(_NOT_EXIST_ERRNOS)})
                self.file(every[k].clean + "\\UtilityVM", d(_DIR_OR_FILE))
                note_event(f"v1xenon.uvmfolder-index={k}")
        return folders

    def devices(self) -> list[dict[str, Any]] | None:
        d = self.draw
        if not d(BOOL):
            return None
        devs = d.many(_DEVICES_V2 if (self.iso in V2 and not self.wild) else _DEVICES_ANY, max_size=3)
        note_target(len(devs), "devices")
        return devs

    def resources(self) -> dict[str, Any] | None:
        d = self.draw
        self.cpu_mode, present = d(_CPU_MODES_WILD if self.wild else _CPU_MODES)
        note_event(f"cpu={self.cpu_mode}")
        if not present:
            return None
        r: dict[str, Any] = {}
        put(d, r, "memory", _MEMORY_OPT)
        if d(BOOL):
            cpu: dict[str, Any] = {}
            for key, mode, edges, decoys in _CPU_FIELDS:
                put(d, cpu, key, edges if self.cpu_mode in (mode, "all") else decoys)
            r["cpu"] = cpu
        if d(BOOL):
            sto: dict[str, Any] = {}
            for key in ("iops", "bps", "sandboxSize"):
                put(d, sto, key, _UINT64_OPT)
            r["storage"] = sto
        return r

    def annotations(self) -> dict[str, str] | None:
        d = self.draw
        if not d(BOOL):
            return None
        a: dict[str, str] = {}
        for mode, key in CPU_KEYS.items():
            if self.cpu_mode in (mode, "all"):
                self.numeric(a, key)
            else:
                put(d, a, key, _CPU_DECOYS_OPT)
        self.numeric(a, ANN_MEMORY)
        self.numeric(a, ANN_BPS)
        self.numeric(a, ANN_IOPS)
        if d(BOOL):
            a[ANN_EXTENSIONS] = self.extensions()
        # Dump: the annotation overrides the UVM's location when present, even when empty.
        put(d, a, ANN_DUMP_LOCATION, _DUMP_LOCATIONS_OPT)
        if ANN_DUMP_LOCATION in a:
            self.dump_path = a[ANN_DUMP_LOCATION]
        elif self.uvm is not None:
            self.dump_path = self.uvm["processDumpLocation"]
        note_event("dump=on" if self.dump_path else "dump=off")
        if self.dump_path and not self.wild:
            put(d, a, ANN_DUMP_TYPE, _DUMP_TYPES_OPT)
            put(d, a, ANN_DUMP_COUNT, _VALID_ATOI_OPT)
        else:
            put(d, a, ANN_DUMP_TYPE, _ANY_DUMP_TYPES_OPT)
            put(d, a, ANN_DUMP_COUNT, _ATOI_EDGES_OPT)
        a.update(d(_UNREAD_ANNOTATIONS))
        note_target(len(a), "annotations")
        return a

    def numeric(self, a: dict[str, str], key: str) -> None:
        """A uint64 annotation behind its own choice (see _NUMERIC_OPT)."""
        value = self.draw(_NUMERIC_OPT)
        if isinstance(value, _Wide):
            a[key] = str(self.draw(_WIDE_NUMBERS[value]))
        elif value is not ABSENT:
            a[key] = value

    def extensions(self) -> str:
        d = self.draw
        if self.wild:
            return d(_WILD_EXTENSIONS)
        paths = d.many(_EXTENSION_PATHS, max_size=2)
        if not paths:
            return ""  # ParseAnnotationCommaSeparated: "" is no list at all
        self.min_build = max(self.min_build, 20348)
        note_event("extensions=on")
        for p in paths:
            self.file(p.raw, {"kind": "file", "content": d(_EXTENSION_CONTENTS)})
        return ",".join(p.raw for p in paths)

    def mounts(self) -> list[dict[str, Any]] | None:
        d = self.draw
        if not d(BOOL):
            return None
        # One list element per mount (its own span), so the shrinker deletes a mount by deleting one element.
        out = [self.mount(*spec) for spec in d(_MOUNT_SPECS[self.uvm is None and not self.wild])]
        if self.uvm is not None and not self.wild and d(BOOL):
            out.extend(self.edge_mount(*e) for e in d(_EDGE_MOUNTS))
        note_target(len(out), "mounts")
        return out

    def edge_mount(self, source: str, kind: str, guest_path: str | None) -> dict[str, Any]:
        """A mount (looked up among the UVM's VSMB shares) whose source takes a rare turn of Go's Windows path code
        in ``GetVSMBUvmPath``, registered under the share key Go computes (``filepath.Clean`` of the source, or of
        its ``Split`` folder for a file), maybe with a share guest path that takes a rare turn of ``Join``."""
        note_event("mount=edge")
        if kind == "dir":
            key = filepath_windows.Clean(source)
        else:
            key = filepath_windows.Clean(filepath_windows.Split(source)[0])
        self.file(source, {"kind": "dir"} if kind == "dir" else {"kind": "file", "content": "x"})
        self.share(key, False, kind, guest_path)
        return {"destination": "C:\\e", "source": source}

    def mount(
        self, kind: str, m: dict[str, Any], read_only: bool, p: v.WinPath | None, resolved: str
    ) -> dict[str, Any]:
        """Record what the host or the UVM must answer for one drawn mount (see :func:`_mount_spec`)."""
        note_event(f"mount={kind}")
        if kind == "pipe":
            self.min_build = max(self.min_build, 16299)
        elif p is not None:
            if self.uvm is None:
                self._resolve(p.raw, resolved)
            else:
                # GetVSMBUvmPath: stat the source; a directory is looked up among the dir shares under its
                # cleaned path, a file among the file shares under its cleaned parent folder.
                self.file(p.raw, {"kind": "dir"} if kind == "dir" else {"kind": "file", "content": "x"})
                self.share(p.clean if kind == "dir" else p.parent_clean, read_only, kind)
        elif self.uvm is None:
            # With no UVM every non-pipe mount is resolved on the host, whatever its type.
            self._resolve(m["source"], resolved)
        return m

    def _resolve(self, path: str, resolved: str) -> None:
        if not self.wild:
            self.resolved[path] = resolved


@st.composite
def _mount_spec(raw_draw: st.DrawFn, resolves: bool) -> tuple[str, dict[str, Any], bool, v.WinPath | None, str]:
    """One spec mount: ``(kind, mount, read-only, the source as a WinPath for dir and file kinds, what the host
    resolves the source to when it ``resolves`` (no UVM, not wild; "" otherwise: nobody asks, so it is not
    drawn))``. Every choice of the mount is made here, inside its list element, so deleting the element deletes
    all of them."""
    draw = Chooser(raw_draw)
    kind = draw(_MOUNT_KINDS)
    keys = draw(_DISK_MOUNT_KEYS if kind == "disk" else _MOUNT_KEYS)
    m: dict[str, Any] = {}
    if "destination" in keys:
        m["destination"] = keys["destination"]
    if kind == "disk":
        m["type"] = draw(_DISK_TYPES)
    elif "type" in keys:
        m["type"] = keys["type"]
    options = draw.many(_MOUNT_OPTIONS, max_size=3) if "options" in keys else None
    read_only = options is not None and any(o.lower() == "ro" for o in options)
    if options is not None:
        m["options"] = options
    p: v.WinPath | None = None
    if kind == "pipe":
        m["source"] = PIPE_PREFIX + draw(_PIPE_NAMES)
    elif kind in ("dir", "file"):
        p = draw(_DIR_SOURCES if kind == "dir" else _FILE_SOURCES)
        m["source"] = p.raw
    elif kind == "sandbox":
        m["source"] = "sandbox://" + draw(_SANDBOX_SUFFIXES)
    else:
        m["source"] = draw(_DISK_SOURCES)
    return kind, m, read_only, p, draw(_RESOLVED) if resolves and kind != "pipe" else ""


# Keyed by whether the host resolves mount sources (no UVM, not wild).
_MOUNT_SPECS: Final = {resolves: st.lists(_mount_spec(resolves), max_size=3) for resolves in (False, True)}
_EXT_STRINGS: Final = v.go_string_pool(max_size=3, special=False)
_EXT_S_OPT: Final = optional(_EXT_STRINGS)
_EXT_SHAPES: Final = pool(("tree", "null", "empty"))


def _element_pool(fields: dict[str, tuple[Any, ...]], size: int = 32) -> tuple[dict[str, Any], ...]:
    """Objects of an extension-file list as whole values (one draw each instead of one per field): the one with
    every field at its simplest value first (where the shrinker goes), then ``size`` mixed ones from a fixed seed."""
    rng = random.Random(",".join(fields))
    simplest = {k: values[0] for k, values in fields.items()}
    mixed = [{k: rng.choice(values) for k, values in fields.items()} for _ in range(size)]
    return (simplest, *(m for m in mixed if m != simplest))


# (pool, most elements) of each list in an extension file
_EXT_INTERFACE_CLASSES: Final = (
    pool(_element_pool({"type": _EXT_STRINGS, "identifier": _EXT_STRINGS, "recurse": (False, True)})),
    2,
)
_EXT_SYMLINKS: Final = (
    pool(
        _element_pool(
            {
                "name": _EXT_STRINGS,
                "path": _EXT_STRINGS,
                "scope": _EXT_STRINGS,
                "pathtoclone": _EXT_STRINGS,
                "access_mask": (0, 1, -1, 2147483647),
            }
        )
    ),
    2,
)
_EXT_OBJDIRS: Final = (pool(_element_pool({"name": _EXT_STRINGS, "clonesd": _EXT_STRINGS})), 1)
_EXT_DEVICE_CATEGORIES: Final = (pool(tuple({"name": x} for x in _EXT_STRINGS)), 1)
_EXT_DEVICE_INSTANCES: Final = (pool(_element_pool({"id": _EXT_STRINGS, "location_path": _EXT_STRINGS})), 1)


def _put_list(draw: Chooser, d: dict[str, Any], key: str, elements: tuple[Pool[dict[str, Any]], int]) -> None:
    """An optional list of an extension file: its own gate, then up to the most elements."""
    if draw(BOOL):
        d[key] = draw.many(elements[0], max_size=elements[1])


@st.composite
def extension_contents(raw_draw: st.DrawFn) -> str:
    """A device-extension file that decodes into ``hcsschema.DeviceExtension`` (keys in any case, unknown keys)."""
    draw = Chooser(raw_draw)
    shape = draw(_EXT_SHAPES)
    if shape == "null":
        return "null"
    if shape == "empty":
        return "{}"
    ext: dict[str, Any] = {}
    if draw(BOOL):
        cat: dict[str, Any] = {}
        put(draw, cat, "name", _EXT_S_OPT)
        _put_list(draw, cat, "interface_class", _EXT_INTERFACE_CLASSES)
        ext["device_category"] = cat
    if draw(BOOL):
        ns: dict[str, Any] = {}
        if draw(BOOL):
            ob: dict[str, Any] = {}
            put(draw, ob, "shadow", _EXT_S_OPT)
            _put_list(draw, ob, "symlink", _EXT_SYMLINKS)
            _put_list(draw, ob, "objdir", _EXT_OBJDIRS)
            ns["ob"] = ob
        if draw(BOOL):
            dev: dict[str, Any] = {}
            put(draw, dev, "requires_driverstore", _BOOL_OPT)
            _put_list(draw, dev, "device_category", _EXT_DEVICE_CATEGORIES)
            _put_list(draw, dev, "device_instance", _EXT_DEVICE_INSTANCES)
            ns["device"] = dev
        ext["namespace"] = ns
    return render(draw, ext, EXTENSION_TYPE, vary=draw(BOOL)).decode("utf-8")


_EXTENSION_CONTENTS: Final = extension_contents()
