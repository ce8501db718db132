"""The case builder behind :func:`conformance.strategies.cases`.

One :class:`_Builder` draws one case section by section, in the order the Go function reads them, and records what
the host and the UVM must answer so that the case goes all the way to documents: a GUID for every layer base name,
a resolved path for every mount source when there is no UVM, a stat answer and a VSMB share (keyed by the path as
Go's ``filepath.Clean`` writes it) for every layer and mount that ``GetVSMBUvmPath`` looks up, extension files with
decodable contents, an OS build high enough for named pipes (16299) and device extensions (20348).

With ``wild=True`` nothing is recorded and every section draws from its full range: most such cases end in an
error, at whatever check comes first.

Every strategy drawn here is built once at import (module constants, ``functools.cache`` factories), and paths and
small strings are drawn from fixed pools (one choice each): the fuzz bridge draws one case per execution.
A few mounts (:data:`EDGE_MOUNTS`) have sources on which Go's Windows path code takes its rare turns; their share
keys are computed with the reference's ``filepath.Clean``/``Split`` port (checked against Go by the vectors).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any, Final

from hypothesis import strategies as st

from conformance.case import VSMB_GUEST_PREFIX
from conformance.strategies import values as v
from conformance.strategies._util import maybe, note_event, note_target, put_maybe
from conformance.strategies.gojson import SliceT, StructT, render
from reference import filepath_windows

__all__ = ["ISOLATIONS", "Builder"]

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

ANN_COUNT: Final = "io.microsoft.container.processor.count"
ANN_LIMIT: Final = "io.microsoft.container.processor.limit"
ANN_WEIGHT: Final = "io.microsoft.container.processor.weight"
ANN_MEMORY: Final = "io.microsoft.container.memory.sizeinmb"
ANN_BPS: Final = "io.microsoft.container.storage.qos.bandwidthmaximum"
ANN_IOPS: Final = "io.microsoft.container.storage.qos.iopsmaximum"
ANN_EXTENSIONS: Final = "io.microsoft.container.wcow.deviceextensions"
ANN_DUMP_LOCATION: Final = "io.microsoft.container.processdumplocation"
ANN_DUMP_TYPE: Final = "io.microsoft.wcow.processdumptype"
ANN_DUMP_COUNT: Final = "io.microsoft.wcow.processdumpcount"
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
_BOOL: Final = st.booleans()
_THREE: Final = st.integers(0, 2)
_INDEX: Final = st.integers(0, 3)
_OTHER_SCHEMAS: Final = st.sampled_from(
    ({"Major": 2, "Minor": 5}, {"Major": 2, "Minor": 0}, {"Major": 1, "Minor": 1}, {"Major": 0, "Minor": 0})
)
_UVM_OS: Final = st.sampled_from(("windows", "linux", ""))
_UVM_COUNTS: Final = st.sampled_from((2, 1, 4, 64, -1, 2147483647, -2147483648))
_UVM_COUNTS_WILD: Final = st.sampled_from((2, 1, 4, 64, -1, 2147483647, -2147483648, 0))
_DUMP_LOCATIONS: Final = st.sampled_from(DUMP_LOCATIONS)
_IDS: Final = st.sampled_from(("", "c1", "ctr-\u00fc", "<id>&", "x"))
_OWNERS: Final = st.sampled_from(("containerd-shim-runhcs-v1.exe", "", "own<er>"))
_NAMESPACES: Final = st.sampled_from(("", "ns-1", "a&b"))
# Pools of whole small objects (one draw each instead of one per field), simplest first.
_CCG_STATES: Final = st.sampled_from(
    tuple(
        {"Cookie": a, "RpcEndpoint": b, "Transport": c, "CredentialSpec": e}
        for a, b, c, e in (
            ("", "", "", ""),
            ("c", "ep", "ALPC", '{"x":1}'),
            ("<&>", "\u2028", "\x00", "\u00e9\U0001f600"),
            ("a b", "", "tcp", ""),
            ("\\", '"', "/", "\x7f"),
        )
    )
)
_ADDITIONAL_MOUNTS: Final = st.lists(
    st.sampled_from(
        tuple(
            {"HostPath": h, "HostPathType": t, "ContainerPath": c, "ReadOnly": r}
            for h in ("C:\\c\\1", "", "\\\\?\\scsi")
            for t in ("", "AbsolutePath")
            for c in ("C:\\disk", "", "D:")
            for r in (False, True)
        )
    ),
    max_size=2,
)
_OCI_VERSIONS: Final = st.sampled_from(("1.0.2", "1.1.0", ""))
_CWDS: Final = st.sampled_from(("C:\\", ""))
_ARGS: Final = st.lists(st.sampled_from(("cmd", "/c", "echo")), max_size=2)
_ANY_ROOT_PATHS: Final = st.one_of(
    v.volume_root_paths(matching=True), st.sampled_from(("C:\\c\\1", "")), v.volume_root_paths(matching=False)
)
_CREDENTIAL_SPECS: Final = st.sampled_from(
    ("", '{"ActiveDirectoryConfig":{}}', "x", None, 1, True, 1.5, -2, 1e300)
) | st.just({"a": [None, 1.5]})
_UVM_PATHS: Final = st.sampled_from(("C:\\uvm", ""))
_ENDPOINTS: Final = st.lists(st.sampled_from(("ep1", "ep-2", "")), max_size=2)
_DNS_SEARCH: Final = st.none() | st.lists(st.sampled_from(("a.com", "b", "", "x,y")), max_size=3)
_SHARED_NAMES: Final = st.sampled_from(("shared", "", "<c>"))
_SPEC_NAMESPACES: Final = st.sampled_from(("ns-spec", ""))
_RO_LAYERS: Final = st.lists(v.dir_paths(root=("l",), names=("base", "mid", "top", "b2")), min_size=1, max_size=3)
_SCRATCH: Final = v.dir_paths(root=("l",), names=("scratch",))
_EXOTIC: Final = st.sampled_from(v.EXOTIC_PATHS)
_NOT_EXIST_ERRNOS: Final = st.sampled_from((2, 3, 53))
_DIR_OR_FILE: Final = st.sampled_from(({"kind": "dir"}, {"kind": "file", "content": ""}))
_DEVICES_V2: Final = st.lists(
    st.sampled_from(tuple({"id": i, "idType": t} for t in DEVICE_TYPES_V2 for i in DEVICE_IDS)), max_size=3
)
_DEVICES_ANY: Final = st.lists(
    st.sampled_from(tuple({"id": i, "idType": t} for t in DEVICE_TYPES_ANY for i in DEVICE_IDS)), max_size=3
)
_CPU_MODES: Final = st.sampled_from(("none", "count", "limit", "weight", "limit"))
_CPU_MODES_WILD: Final = st.sampled_from(("none", "count", "limit", "weight", "all"))
_UINT64: Final = st.sampled_from(v.UINT64_EDGES)
_UINT16: Final = st.sampled_from(v.UINT16_EDGES)
_ZERO: Final = st.just(0)
# spec field, the CPU mode that sets it, its values in that mode, its values otherwise (never counted as set)
_CPU_FIELDS: Final = (
    ("count", "count", _UINT64, st.sampled_from(COUNT_SPEC_DECOYS)),
    ("shares", "weight", _UINT16, _ZERO),
    ("maximum", "limit", _UINT16, _ZERO),
)
_CPU_DECOYS: Final = st.sampled_from(CPU_DECOYS)
_DUMP_TYPES: Final = st.sampled_from(("", "mini", "full"))
_ANY_DUMP_TYPES: Final = st.sampled_from(("", "mini", "full", "Mini", "FULL", "x"))
_VALID_ATOI: Final = st.sampled_from(VALID_ATOI)
_ATOI_EDGES: Final = st.sampled_from(v.ATOI_EDGE_VALUES)
_BOOL_SPELLINGS: Final = st.sampled_from(v.BOOL_SPELLINGS)
_FOUR: Final = st.just("4")
_CONTAINER_TYPES: Final = st.sampled_from(("container", "sandbox"))
_WILD_EXTENSIONS: Final = st.sampled_from(("", "C:\\ext\\e1.json", "a,", ",", "C:\\ext\\e1.json,C:\\ext\\e2.json"))
_EXTENSION_PATHS: Final = st.lists(v.file_paths(root=("ext",), names=("e1.json", "e2.json")), max_size=2)
# A pipe needs no host answer (so it is first: the simplest to shrink to); sandbox:// mounts come twice because
# only they reach Go's Windows Join, and only with a UVM.
_MOUNT_KINDS: Final = st.sampled_from(("pipe", "dir", "file", "sandbox", "disk", "sandbox"))
_DESTINATIONS: Final = st.sampled_from(("C:\\dst", "c:\\a<b>&", PIPE_PREFIX + "x", "", "D:"))
_MOUNT_OPTIONS: Final = st.lists(st.sampled_from(("ro", "RO", "Ro", "rw", "bind", "r o", "")), max_size=3)
_DISK_TYPES: Final = st.sampled_from(DISK_TYPES)
_MOUNT_TYPES: Final = st.sampled_from(("", "bind", "Virtual-Disk"))
_PIPE_NAMES: Final = st.sampled_from(("p", "docker_engine", "a\\b", ""))
_DIR_SOURCES: Final = v.dir_paths()
_FILE_SOURCES: Final = v.file_paths()
_SANDBOX_SUFFIXES: Final = st.sampled_from(SANDBOX_SUFFIXES)
_DISK_SOURCES: Final = st.sampled_from(("C:\\disk.vhdx", "\\\\.\\PhysicalDrive1", ""))
_RESOLVED: Final = st.sampled_from(RESOLVED)
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
def _builds(min_build: int) -> st.SearchStrategy[int]:
    return st.sampled_from(tuple(b for b in BUILDS if b >= min_build))


@dataclass
class Builder:
    draw: st.DrawFn
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
            self.layer_ids[name] = self.draw(v.guid_strings())

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
            schema = dict(d(_OTHER_SCHEMAS))
        self.has_uvm = iso in WITH_UVM or (iso == "schema-other" and d(_BOOL))
        if iso in ("v1xenon", "v1hyperv"):
            self.hyperv = True
        elif iso in ("v1argon", "v1argon-uvm"):
            self.hyperv = False
        else:
            self.hyperv = d(_BOOL)
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
        d = self.draw
        os_ = self.uvm_os or d(_UVM_OS)
        note_event(f"uvm.os={os_ or 'empty'}")
        uvm: dict[str, Any] = {
            "os": os_,
            "processorCount": d(_UVM_COUNTS_WILD if self.wild else _UVM_COUNTS),
            "processDumpLocation": "",
        }
        if d(_BOOL):
            uvm["processDumpLocation"] = d(_DUMP_LOCATIONS)
        return uvm

    def host(self) -> dict[str, Any]:
        d = self.draw
        return {
            "processorCount": d(v.int32_edges()),
            "osBuild": d(_builds(self.min_build)),
            "layerIds": self.layer_ids,
            "resolvedPaths": self.resolved,
            "files": self.files,
        }

    def options(self, schema: dict[str, int] | None) -> dict[str, Any]:
        d = self.draw
        cid = d(_IDS) if d(_BOOL) else ""
        opts: dict[str, Any] = {
            "id": cid,
            "actualId": d(_IDS) if d(_BOOL) else cid,
            "owner": d(_OWNERS) if d(_BOOL) else "",
            "schemaVersion": schema,
            # More often on when it matters (a CPU limit and a UVM): the rescaled limit's clamps are rare turns.
            "scaleCpuLimitsToSandbox": d(_BOOL) or (self.cpu_mode == "limit" and self.uvm is not None and d(_BOOL)),
            "networkNamespace": d(_NAMESPACES) if d(_BOOL) else "",
            "ccgState": None,
            "windowsAdditionalMounts": None,
        }
        if d(_BOOL):
            opts["ccgState"] = d(_CCG_STATES)
        if d(_BOOL):
            opts["windowsAdditionalMounts"] = d(_ADDITIONAL_MOUNTS)
        return opts

    # ----------------------------------------------------------------------------------------------------------
    # the spec

    def spec(self) -> dict[str, Any]:
        d = self.draw
        spec: dict[str, Any] = {}
        put_maybe(d, spec, "ociVersion", _OCI_VERSIONS)
        if d(_BOOL):
            proc: dict[str, Any] = {}
            put_maybe(d, proc, "cwd", _CWDS)
            put_maybe(d, proc, "args", _ARGS)
            spec["process"] = proc
        spec["root"] = self.root()
        put_maybe(d, spec, "hostname", v.go_strings())
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
        d = self.draw
        root: dict[str, Any] = {}
        if self.iso in ARGON and not self.wild:
            root["path"] = d(v.volume_root_paths(matching=True))
        else:
            root["path"] = d(_ANY_ROOT_PATHS)
        if d(_BOOL):
            root["readonly"] = d(_BOOL) if self.wild else False
        return root

    def windows(self) -> dict[str, Any]:
        d = self.draw
        w: dict[str, Any] = {"layerFolders": self.layer_folders()}
        devices = self.devices()
        if devices is not None:
            w["devices"] = devices
        resources = self.resources()
        if resources is not None:
            w["resources"] = resources
        put_maybe(d, w, "credentialSpec", _CREDENTIAL_SPECS)
        if "credentialSpec" in w:
            note_event(f"credentialSpec={type(w['credentialSpec']).__name__}")
        put_maybe(d, w, "servicing", _BOOL)
        put_maybe(d, w, "ignoreFlushesDuringBoot", _BOOL)
        if self.hyperv:
            hv: dict[str, Any] = {}
            if self.iso == "v1xenon" and not self.wild:
                pass  # utilityVMPath decided in layer_folders
            else:
                put_maybe(d, hv, "utilityVMPath", _UVM_PATHS)
            w["hyperv"] = hv
            if self.uvm_path is not None:
                hv["utilityVMPath"] = self.uvm_path
        elif d(_BOOL):
            w["hyperv"] = None  # a JSON null leaves the pointer nil: same as absent
        if d(_BOOL):
            w["network"] = self.network()
        return w

    def network(self) -> dict[str, Any]:
        d = self.draw
        n: dict[str, Any] = {}
        put_maybe(d, n, "endpointList", _ENDPOINTS)
        put_maybe(d, n, "allowUnqualifiedDNSQuery", _BOOL)
        put_maybe(d, n, "DNSSearchList", _DNS_SEARCH)
        put_maybe(d, n, "networkSharedContainerName", _SHARED_NAMES)
        put_maybe(d, n, "networkNamespace", _SPEC_NAMESPACES)
        return n

    def layer_folders(self) -> list[str]:
        d = self.draw
        ro = d(_RO_LAYERS)
        scratch = d(_SCRATCH)
        folders = [p.raw for p in ro] + [scratch.raw]
        note_target(len(ro), "layers")
        if self.wild:
            if d(_BOOL):
                folders = [[], folders[:1], folders][d(_THREE)]
            exotic: bool = d(_BOOL)
            if folders and exotic:
                folders[0] = d(_EXOTIC)
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
            if d(_BOOL):
                self.uvm_path = "C:\\uvm\\UtilityVM"
                note_event("v1xenon.utilityVMPath")
            else:
                # LocateUVMFolder stats Join(folder, "UtilityVM") over every folder, scratch included.
                every = [*ro, scratch]
                k = min(d(_INDEX), len(every) - 1)
                for p in every[:k]:
                    if d(_BOOL):
                        self.file(p.clean + "\\UtilityVM", {"errno": d(_NOT_EXIST_ERRNOS)})
                self.file(every[k].clean + "\\UtilityVM", dict(d(_DIR_OR_FILE)))
                note_event(f"v1xenon.uvmfolder-index={k}")
        return folders

    def devices(self) -> list[dict[str, Any]] | None:
        d = self.draw
        if not d(_BOOL):
            return None
        devs = d(_DEVICES_V2 if (self.iso in V2 and not self.wild) else _DEVICES_ANY)
        note_target(len(devs), "devices")
        return devs

    def resources(self) -> dict[str, Any] | None:
        d = self.draw
        self.cpu_mode = d(_CPU_MODES_WILD if self.wild else _CPU_MODES)
        note_event(f"cpu={self.cpu_mode}")
        if not d(_BOOL):
            return None
        r: dict[str, Any] = {}
        if d(_BOOL):
            mem: dict[str, Any] = {}
            put_maybe(d, mem, "limit", _UINT64)
            r["memory"] = mem
        if d(_BOOL):
            cpu: dict[str, Any] = {}
            for key, mode, edges, decoys in _CPU_FIELDS:
                put_maybe(d, cpu, key, edges if self.cpu_mode in (mode, "all") else decoys)
            r["cpu"] = cpu
        if d(_BOOL):
            sto: dict[str, Any] = {}
            for key in ("iops", "bps", "sandboxSize"):
                put_maybe(d, sto, key, _UINT64)
            r["storage"] = sto
        return r

    def annotations(self) -> dict[str, str] | None:
        d = self.draw
        if not d(_BOOL):
            return None
        a: dict[str, str] = {}
        for mode, key in CPU_KEYS.items():
            put_maybe(d, a, key, v.numeric_annotation_values() if self.cpu_mode in (mode, "all") else _CPU_DECOYS)
        put_maybe(d, a, ANN_MEMORY, v.numeric_annotation_values())
        put_maybe(d, a, ANN_BPS, v.numeric_annotation_values())
        put_maybe(d, a, ANN_IOPS, v.numeric_annotation_values())
        if d(_BOOL):
            a[ANN_EXTENSIONS] = self.extensions()
        # Dump: the annotation overrides the UVM's location when present, even when empty.
        put_maybe(d, a, ANN_DUMP_LOCATION, _DUMP_LOCATIONS)
        if ANN_DUMP_LOCATION in a:
            self.dump_path = a[ANN_DUMP_LOCATION]
        elif self.uvm is not None:
            self.dump_path = self.uvm["processDumpLocation"]
        note_event("dump=on" if self.dump_path else "dump=off")
        if self.dump_path and not self.wild:
            put_maybe(d, a, ANN_DUMP_TYPE, _DUMP_TYPES)
            put_maybe(d, a, ANN_DUMP_COUNT, _VALID_ATOI)
        else:
            put_maybe(d, a, ANN_DUMP_TYPE, _ANY_DUMP_TYPES)
            put_maybe(d, a, ANN_DUMP_COUNT, _ATOI_EDGES)
        # Keys the function does not read, and a case variant of one it does (annotation keys are case-sensitive).
        put_maybe(d, a, "io.microsoft.container.wcow.gmsa.disable", _BOOL_SPELLINGS)
        put_maybe(d, a, "IO.MICROSOFT.CONTAINER.PROCESSOR.COUNT", _FOUR)
        put_maybe(d, a, "io.kubernetes.cri.container-type", _CONTAINER_TYPES)
        note_target(len(a), "annotations")
        return a

    def extensions(self) -> str:
        d = self.draw
        if self.wild:
            return d(_WILD_EXTENSIONS)
        paths = d(_EXTENSION_PATHS)
        if not paths:
            return ""  # ParseAnnotationCommaSeparated: "" is no list at all
        self.min_build = max(self.min_build, 20348)
        note_event("extensions=on")
        for p in paths:
            self.file(p.raw, {"kind": "file", "content": d(_EXTENSION_CONTENTS)})
        return ",".join(p.raw for p in paths)

    def mounts(self) -> list[dict[str, Any]] | None:
        d = self.draw
        if not d(_BOOL):
            return None
        # One list element per mount (its own span), so the shrinker deletes a mount by deleting one element.
        out = [self.mount(*spec) for spec in d(_MOUNT_SPECS)]
        if self.uvm is not None and not self.wild and d(_BOOL):
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
def _mount_spec(draw: st.DrawFn) -> tuple[str, dict[str, Any], bool, v.WinPath | None, str]:
    """One spec mount: ``(kind, mount, read-only, the source as a WinPath for dir and file kinds, what the host
    resolves the source to when there is no UVM)``. Every choice of the mount is made here, inside its list
    element, so deleting the element deletes all of them."""
    kind = draw(_MOUNT_KINDS)
    m: dict[str, Any] = {}
    put_maybe(draw, m, "destination", _DESTINATIONS)
    options = maybe(draw, _MOUNT_OPTIONS)
    read_only = options is not None and any(o.lower() == "ro" for o in options)
    if kind == "disk":
        m["type"] = draw(_DISK_TYPES)
    else:
        put_maybe(draw, m, "type", _MOUNT_TYPES)
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
    return kind, m, read_only, p, "" if kind == "pipe" else draw(_RESOLVED)


_MOUNT_SPECS: Final = st.lists(_mount_spec(), max_size=3)
_EXT_S: Final = v.go_strings(max_size=3, special=False)
_EXT_SHAPES: Final = st.sampled_from(("tree", "null", "empty"))
_EXT_INTERFACE_CLASSES: Final = st.lists(
    st.fixed_dictionaries({"type": _EXT_S, "identifier": _EXT_S, "recurse": _BOOL}), max_size=2
)
_EXT_SYMLINKS: Final = st.lists(
    st.fixed_dictionaries(
        {
            "name": _EXT_S,
            "path": _EXT_S,
            "scope": _EXT_S,
            "pathtoclone": _EXT_S,
            "access_mask": st.sampled_from((0, 1, -1, 2147483647)),
        }
    ),
    max_size=2,
)
_EXT_OBJDIRS: Final = st.lists(st.fixed_dictionaries({"name": _EXT_S, "clonesd": _EXT_S}), max_size=1)
_EXT_DEVICE_CATEGORIES: Final = st.lists(st.fixed_dictionaries({"name": _EXT_S}), max_size=1)
_EXT_DEVICE_INSTANCES: Final = st.lists(st.fixed_dictionaries({"id": _EXT_S, "location_path": _EXT_S}), max_size=1)


@st.composite
def extension_contents(draw: st.DrawFn) -> str:
    """A device-extension file that decodes into ``hcsschema.DeviceExtension`` (keys in any case, unknown keys)."""
    shape = draw(_EXT_SHAPES)
    if shape == "null":
        return "null"
    if shape == "empty":
        return "{}"
    ext: dict[str, Any] = {}
    if draw(_BOOL):
        cat: dict[str, Any] = {}
        put_maybe(draw, cat, "name", _EXT_S)
        put_maybe(draw, cat, "interface_class", _EXT_INTERFACE_CLASSES)
        ext["device_category"] = cat
    if draw(_BOOL):
        ns: dict[str, Any] = {}
        if draw(_BOOL):
            ob: dict[str, Any] = {}
            put_maybe(draw, ob, "shadow", _EXT_S)
            put_maybe(draw, ob, "symlink", _EXT_SYMLINKS)
            put_maybe(draw, ob, "objdir", _EXT_OBJDIRS)
            ns["ob"] = ob
        if draw(_BOOL):
            dev: dict[str, Any] = {}
            put_maybe(draw, dev, "requires_driverstore", _BOOL)
            put_maybe(draw, dev, "device_category", _EXT_DEVICE_CATEGORIES)
            put_maybe(draw, dev, "device_instance", _EXT_DEVICE_INSTANCES)
            ns["device"] = dev
        ext["namespace"] = ns
    return render(draw, ext, EXTENSION_TYPE, vary=draw(_BOOL)).decode("utf-8")


_EXTENSION_CONTENTS: Final = extension_contents()
