"""The case builder behind :func:`conformance.strategies.cases`.

One :class:`_Builder` draws one case section by section, in the order the Go function reads them, and records what
the host and the UVM must answer so that the case goes all the way to documents: a GUID for every layer base name,
a resolved path for every mount source when there is no UVM, a stat answer and a VSMB share (keyed by the path as
Go's ``filepath.Clean`` writes it) for every layer and mount that ``GetVSMBUvmPath`` looks up, extension files with
decodable contents, an OS build high enough for named pipes (16299) and device extensions (20348).

With ``wild=True`` nothing is recorded and every section draws from its full range: most such cases end in an
error, at whatever check comes first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Final

from hypothesis import strategies as st

from conformance.case import VSMB_GUEST_PREFIX
from conformance.strategies import values as v
from conformance.strategies._util import maybe, note_event, note_target, put_maybe
from conformance.strategies.gojson import SliceT, StructT, render

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

    def share(self, host_path: str, read_only: bool, kind: str) -> None:
        if self.wild:
            return
        n = len(self.shares) + 1
        self.shares.append(
            {"hostPath": host_path, "readOnly": read_only, "kind": kind, "guestPath": f"{VSMB_GUEST_PREFIX}s{n:x}"}
        )

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
            schema = d(
                st.sampled_from(
                    (
                        {"Major": 2, "Minor": 5},
                        {"Major": 2, "Minor": 0},
                        {"Major": 1, "Minor": 1},
                        {"Major": 0, "Minor": 0},
                    )
                )
            )
        self.has_uvm = iso in WITH_UVM or (iso == "schema-other" and d(st.booleans()))
        if iso in ("v1xenon", "v1hyperv"):
            self.hyperv = True
        elif iso in ("v1argon", "v1argon-uvm"):
            self.hyperv = False
        else:
            self.hyperv = d(st.booleans())
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
        os_ = self.uvm_os or d(st.sampled_from(("windows", "linux", "")))
        note_event(f"uvm.os={os_ or 'empty'}")
        counts = (2, 1, 4, 64, -1, 2147483647, -2147483648) + ((0,) if self.wild else ())
        uvm: dict[str, Any] = {"os": os_, "processorCount": d(st.sampled_from(counts)), "processDumpLocation": ""}
        if d(st.booleans()):
            uvm["processDumpLocation"] = d(st.sampled_from(DUMP_LOCATIONS))
        return uvm

    def host(self) -> dict[str, Any]:
        d = self.draw
        builds = [b for b in BUILDS if b >= self.min_build]
        return {
            "processorCount": d(v.int32_edges()),
            "osBuild": d(st.sampled_from(builds)),
            "layerIds": self.layer_ids,
            "resolvedPaths": self.resolved,
            "files": self.files,
        }

    def options(self, schema: dict[str, int] | None) -> dict[str, Any]:
        d = self.draw
        ids = st.sampled_from(("", "c1", "ctr-\u00fc", "<id>&", "x"))
        cid = d(ids) if d(st.booleans()) else ""
        opts: dict[str, Any] = {
            "id": cid,
            "actualId": d(ids) if d(st.booleans()) else cid,
            "owner": d(st.sampled_from(("containerd-shim-runhcs-v1.exe", "", "own<er>"))) if d(st.booleans()) else "",
            "schemaVersion": schema,
            "scaleCpuLimitsToSandbox": d(st.booleans()),
            "networkNamespace": d(st.sampled_from(("", "ns-1", "a&b"))) if d(st.booleans()) else "",
            "ccgState": None,
            "windowsAdditionalMounts": None,
        }
        if d(st.booleans()):
            opts["ccgState"] = {
                k: d(v.go_strings(max_size=3)) for k in ("Cookie", "RpcEndpoint", "Transport", "CredentialSpec")
            }
        if d(st.booleans()):
            opts["windowsAdditionalMounts"] = d(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "HostPath": st.sampled_from(("C:\\c\\1", "", "\\\\?\\scsi")),
                            "HostPathType": st.sampled_from(("", "AbsolutePath")),
                            "ContainerPath": st.sampled_from(("C:\\disk", "", "D:")),
                            "ReadOnly": st.booleans(),
                        }
                    ),
                    max_size=2,
                )
            )
        return opts

    # ----------------------------------------------------------------------------------------------------------
    # the spec

    def spec(self) -> dict[str, Any]:
        d = self.draw
        spec: dict[str, Any] = {}
        put_maybe(d, spec, "ociVersion", st.sampled_from(("1.0.2", "1.1.0", "")))
        if d(st.booleans()):
            proc: dict[str, Any] = {}
            put_maybe(d, proc, "cwd", st.sampled_from(("C:\\", "")))
            put_maybe(d, proc, "args", st.lists(st.sampled_from(("cmd", "/c", "echo")), max_size=2))
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
            root["path"] = d(
                st.one_of(
                    v.volume_root_paths(matching=True),
                    st.sampled_from(("C:\\c\\1", "")),
                    v.volume_root_paths(matching=False),
                )
            )
        if d(st.booleans()):
            root["readonly"] = d(st.booleans()) if self.wild else False
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
        put_maybe(
            d,
            w,
            "credentialSpec",
            st.sampled_from(("", '{"ActiveDirectoryConfig":{}}', "x", None, 1, True, 1.5, -2, 1e300))
            | st.just({"a": [None, 1.5]}),
        )
        if "credentialSpec" in w:
            note_event(f"credentialSpec={type(w['credentialSpec']).__name__}")
        put_maybe(d, w, "servicing", st.booleans())
        put_maybe(d, w, "ignoreFlushesDuringBoot", st.booleans())
        if self.hyperv:
            hv: dict[str, Any] = {}
            if self.iso == "v1xenon" and not self.wild:
                pass  # utilityVMPath decided in layer_folders
            else:
                put_maybe(d, hv, "utilityVMPath", st.sampled_from(("C:\\uvm", "")))
            w["hyperv"] = hv
            if self.uvm_path is not None:
                hv["utilityVMPath"] = self.uvm_path
        elif d(st.booleans()):
            w["hyperv"] = None  # a JSON null leaves the pointer nil: same as absent
        network = maybe(d, st.just(True))
        if network:
            w["network"] = self.network()
        return w

    def network(self) -> dict[str, Any]:
        d = self.draw
        n: dict[str, Any] = {}
        put_maybe(d, n, "endpointList", st.lists(st.sampled_from(("ep1", "ep-2", "")), max_size=2))
        put_maybe(d, n, "allowUnqualifiedDNSQuery", st.booleans())
        put_maybe(d, n, "DNSSearchList", st.none() | st.lists(st.sampled_from(("a.com", "b", "", "x,y")), max_size=3))
        put_maybe(d, n, "networkSharedContainerName", st.sampled_from(("shared", "", "<c>")))
        put_maybe(d, n, "networkNamespace", st.sampled_from(("ns-spec", "")))
        return n

    def layer_folders(self) -> list[str]:
        d = self.draw
        ro = d(st.lists(v.dir_paths(root=("l",), names=("base", "mid", "top", "b2")), min_size=1, max_size=3))
        scratch = d(v.dir_paths(root=("l",), names=("scratch",)))
        folders = [p.raw for p in ro] + [scratch.raw]
        note_target(len(ro), "layers")
        if self.wild:
            if d(st.booleans()):
                folders = d(st.sampled_from(([], folders[:1], folders)))
            exotic: bool = d(st.booleans())
            if folders and exotic:
                folders[0] = d(st.sampled_from(v.EXOTIC_PATHS))
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
            if d(st.booleans()):
                self.uvm_path = "C:\\uvm\\UtilityVM"
                note_event("v1xenon.utilityVMPath")
            else:
                # LocateUVMFolder stats Join(folder, "UtilityVM") over every folder, scratch included.
                every = [*ro, scratch]
                k = d(st.integers(0, len(every) - 1))
                for p in every[:k]:
                    if d(st.booleans()):
                        self.file(p.clean + "\\UtilityVM", {"errno": d(st.sampled_from((2, 3, 53)))})
                self.file(
                    every[k].clean + "\\UtilityVM",
                    d(st.sampled_from(({"kind": "dir"}, {"kind": "file", "content": ""}))),
                )
                note_event(f"v1xenon.uvmfolder-index={k}")
        return folders

    def devices(self) -> list[dict[str, Any]] | None:
        d = self.draw
        if not d(st.booleans()):
            return None
        types = DEVICE_TYPES_V2 if (self.iso in V2 and not self.wild) else DEVICE_TYPES_ANY
        devs = d(
            st.lists(
                st.fixed_dictionaries({"id": st.sampled_from(DEVICE_IDS), "idType": st.sampled_from(types)}), max_size=3
            )
        )
        note_target(len(devs), "devices")
        return devs

    def resources(self) -> dict[str, Any] | None:
        d = self.draw
        self.cpu_mode = d(st.sampled_from(("none", "count", "limit", "weight") + (("all",) if self.wild else ())))
        note_event(f"cpu={self.cpu_mode}")
        if not d(st.booleans()):
            return None
        r: dict[str, Any] = {}
        if d(st.booleans()):
            mem: dict[str, Any] = {}
            put_maybe(d, mem, "limit", st.sampled_from(v.UINT64_EDGES))
            r["memory"] = mem
        if d(st.booleans()):
            cpu: dict[str, Any] = {}
            for key, mode, edges in (
                ("count", "count", v.UINT64_EDGES),
                ("shares", "weight", v.UINT16_EDGES),
                ("maximum", "limit", v.UINT16_EDGES),
            ):
                if self.cpu_mode in (mode, "all"):
                    put_maybe(d, cpu, key, st.sampled_from(edges))
                else:
                    put_maybe(d, cpu, key, st.sampled_from(COUNT_SPEC_DECOYS if key == "count" else (0,)))
            r["cpu"] = cpu
        if d(st.booleans()):
            sto: dict[str, Any] = {}
            for key in ("iops", "bps", "sandboxSize"):
                put_maybe(d, sto, key, st.sampled_from(v.UINT64_EDGES))
            r["storage"] = sto
        return r

    def annotations(self) -> dict[str, str] | None:
        d = self.draw
        if not d(st.booleans()):
            return None
        a: dict[str, str] = {}
        for mode, key in CPU_KEYS.items():
            if self.cpu_mode in (mode, "all"):
                put_maybe(d, a, key, v.numeric_annotation_values())
            else:
                put_maybe(d, a, key, st.sampled_from(CPU_DECOYS))
        put_maybe(d, a, ANN_MEMORY, v.numeric_annotation_values())
        put_maybe(d, a, ANN_BPS, v.numeric_annotation_values())
        put_maybe(d, a, ANN_IOPS, v.numeric_annotation_values())
        if d(st.booleans()):
            a[ANN_EXTENSIONS] = self.extensions()
        # Dump: the annotation overrides the UVM's location when present, even when empty.
        put_maybe(d, a, ANN_DUMP_LOCATION, st.sampled_from(DUMP_LOCATIONS))
        if ANN_DUMP_LOCATION in a:
            self.dump_path = a[ANN_DUMP_LOCATION]
        elif self.uvm is not None:
            self.dump_path = self.uvm["processDumpLocation"]
        note_event("dump=on" if self.dump_path else "dump=off")
        if self.dump_path and not self.wild:
            put_maybe(d, a, ANN_DUMP_TYPE, st.sampled_from(("", "mini", "full")))
            put_maybe(d, a, ANN_DUMP_COUNT, st.sampled_from(VALID_ATOI))
        else:
            put_maybe(d, a, ANN_DUMP_TYPE, st.sampled_from(("", "mini", "full", "Mini", "FULL", "x")))
            put_maybe(d, a, ANN_DUMP_COUNT, st.sampled_from(v.ATOI_EDGE_VALUES))
        # Keys the function does not read, and a case variant of one it does (annotation keys are case-sensitive).
        put_maybe(d, a, "io.microsoft.container.wcow.gmsa.disable", st.sampled_from(v.BOOL_SPELLINGS))
        put_maybe(d, a, "IO.MICROSOFT.CONTAINER.PROCESSOR.COUNT", st.just("4"))
        put_maybe(d, a, "io.kubernetes.cri.container-type", st.sampled_from(("container", "sandbox")))
        note_target(len(a), "annotations")
        return a

    def extensions(self) -> str:
        d = self.draw
        if self.wild:
            return d(st.sampled_from(("", "C:\\ext\\e1.json", "a,", ",", "C:\\ext\\e1.json,C:\\ext\\e2.json")))
        paths = d(st.lists(v.file_paths(root=("ext",), names=("e1.json", "e2.json")), max_size=2))
        if not paths:
            return ""  # ParseAnnotationCommaSeparated: "" is no list at all
        self.min_build = max(self.min_build, 20348)
        note_event("extensions=on")
        for p in paths:
            self.file(p.raw, {"kind": "file", "content": d(extension_contents())})
        return ",".join(p.raw for p in paths)

    def mounts(self) -> list[dict[str, Any]] | None:
        d = self.draw
        if not d(st.booleans()):
            return None
        n = d(st.integers(0, 3))
        out = [self.mount() for _ in range(n)]
        note_target(len(out), "mounts")
        return out

    def mount(self) -> dict[str, Any]:
        d = self.draw
        kind = d(st.sampled_from(("dir", "file", "pipe", "sandbox", "disk")))
        note_event(f"mount={kind}")
        m: dict[str, Any] = {}
        put_maybe(d, m, "destination", st.sampled_from(("C:\\dst", "c:\\a<b>&", PIPE_PREFIX + "x", "", "D:")))
        options = maybe(d, st.lists(st.sampled_from(("ro", "RO", "Ro", "rw", "bind", "r o", "")), max_size=3))
        read_only = options is not None and any(o.lower() == "ro" for o in options)
        if kind == "disk":
            m["type"] = d(st.sampled_from(DISK_TYPES))
        else:
            put_maybe(d, m, "type", st.sampled_from(("", "bind", "Virtual-Disk")))
        if options is not None:
            m["options"] = options
        if kind == "pipe":
            m["source"] = PIPE_PREFIX + d(st.sampled_from(("p", "docker_engine", "a\\b", "")))
            self.min_build = max(self.min_build, 16299)
            return m
        if kind in ("dir", "file"):
            p = d(v.dir_paths() if kind == "dir" else v.file_paths())
            m["source"] = p.raw
            if self.uvm is None:
                self._resolve(p.raw)
            else:
                # GetVSMBUvmPath: stat the source; a directory is looked up among the dir shares under its
                # cleaned path, a file among the file shares under its cleaned parent folder.
                self.file(p.raw, {"kind": "dir"} if kind == "dir" else {"kind": "file", "content": "x"})
                self.share(p.clean if kind == "dir" else p.parent_clean, read_only, kind)
            return m
        if kind == "sandbox":
            m["source"] = "sandbox://" + d(st.sampled_from(SANDBOX_SUFFIXES))
        else:
            m["source"] = d(st.sampled_from(("C:\\disk.vhdx", "\\\\.\\PhysicalDrive1", "")))
        if self.uvm is None:
            # With no UVM every non-pipe mount is resolved on the host, whatever its type.
            self._resolve(m["source"])
        return m

    def _resolve(self, path: str) -> None:
        if not self.wild:
            self.resolved[path] = self.draw(st.sampled_from(RESOLVED))


@st.composite
def extension_contents(draw: st.DrawFn) -> str:
    """A device-extension file that decodes into ``hcsschema.DeviceExtension`` (keys in any case, unknown keys)."""
    shape = draw(st.sampled_from(("tree", "null", "empty")))
    if shape == "null":
        return "null"
    if shape == "empty":
        return "{}"
    s = v.go_strings(max_size=3, special=False)
    ext: dict[str, Any] = {}
    if draw(st.booleans()):
        cat: dict[str, Any] = {}
        put_maybe(draw, cat, "name", s)
        put_maybe(
            draw,
            cat,
            "interface_class",
            st.lists(st.fixed_dictionaries({"type": s, "identifier": s, "recurse": st.booleans()}), max_size=2),
        )
        ext["device_category"] = cat
    if draw(st.booleans()):
        ns: dict[str, Any] = {}
        if draw(st.booleans()):
            ob: dict[str, Any] = {}
            put_maybe(draw, ob, "shadow", s)
            put_maybe(
                draw,
                ob,
                "symlink",
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "name": s,
                            "path": s,
                            "scope": s,
                            "pathtoclone": s,
                            "access_mask": st.sampled_from((0, 1, -1, 2147483647)),
                        }
                    ),
                    max_size=2,
                ),
            )
            put_maybe(draw, ob, "objdir", st.lists(st.fixed_dictionaries({"name": s, "clonesd": s}), max_size=1))
            ns["ob"] = ob
        if draw(st.booleans()):
            dev: dict[str, Any] = {}
            put_maybe(draw, dev, "requires_driverstore", st.booleans())
            put_maybe(draw, dev, "device_category", st.lists(st.fixed_dictionaries({"name": s}), max_size=1))
            put_maybe(
                draw, dev, "device_instance", st.lists(st.fixed_dictionaries({"id": s, "location_path": s}), max_size=1)
            )
            ns["device"] = dev
        ext["namespace"] = ns
    return render(draw, ext, EXTENSION_TYPE, vary=draw(st.booleans())).decode("utf-8")
