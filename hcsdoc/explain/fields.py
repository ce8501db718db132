"""Why each field of the documents is what it is: the reference's own trace (:mod:`reference.trace`) of a
conversion, joined with the documents it produced, the rule texts below (keyed by the Go function and branch
that applied each rule), what the converter did not read, and, for an error, which check failed.

Nothing here re-implements a rule: every value, every input and every branch taken comes from the run itself.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from hcsdoc.conformance.results.errorkinds import ERROR_KINDS, classify_error
from hcsdoc.reference import api, trace
from hcsdoc.reference.annotations import (
    DOCUMENT_KEYS,
    OTHER_KEYS,
    ContainerMemorySizeInMB,
    ContainerProcessDumpLocation,
    ContainerProcessorCount,
    ContainerProcessorLimit,
    ContainerProcessorWeight,
    ContainerStorageQoSBandwidthMaximum,
    ContainerStorageQoSIopsMaximum,
)
from hcsdoc.reference.gojson.decode import unmarshal
from hcsdoc.reference.gojson.encode import marshal_text
from hcsdoc.reference.gojson.room import with_room_if_deep
from hcsdoc.reference.gotypes import Ptr, Struct
from hcsdoc.reference.hcsoci.resources import (
    MountTypeExtensibleVirtualDisk,
    MountTypePhysicalDisk,
    MountTypeVirtualDisk,
)
from hcsdoc.reference.specs import Spec
from hcsdoc.reference.trace import STRUCT, Inputs

# Rule texts, keyed by the Go function (and branch) that applies the rule: reference.trace's ``rule`` names.
RULES: Final[Mapping[str, str]] = {
    "createWindowsContainerDocument/fixed": "always this constant",
    "createWindowsContainerDocument/name": "the container's actual ID",
    "createWindowsContainerDocument/owner": "the creating process (the shim's executable name)",
    "createWindowsContainerDocument/hvpartition": "false unless schema 1.0 Hyper-V isolation",
    "createWindowsContainerDocument/v1xenon": "schema 1.0 with spec.windows.hyperv: a Hyper-V partition",
    "createWindowsContainerDocument/copy": "copied as is",
    "createWindowsContainerDocument/always": "always present, even when all its fields are zero",
    "createWindowsContainerDocument/hostname": "copied when not empty",
    "createWindowsContainerDocument/memory": "MB; set only when > 0 (v1 converts uint64 to int64)",
    "createWindowsContainerDocument/storageqos": "both set when either bandwidth or IOPS maximum is > 0",
    "createWindowsContainerDocument/network": "copied when spec.windows.network is present",
    "createWindowsContainerDocument/namespace": "the create options' network namespace (spec's own one is not read)",
    "createWindowsContainerDocument/dnssearch": "joined with ',' when the list is present",
    "createWindowsContainerDocument/credentials": "copied only when spec.windows.credentialSpec is a JSON string",
    "createWindowsContainerDocument/ccg": "the create options' ccgState, when credentialSpec is a string",
    "createWindowsContainerDocument/scratch": "the last layer folder is the scratch (read-write) layer",
    "createWindowsContainerDocument/volumepath": "root.path without its trailing backslash (process isolation)",
    "createWindowsContainerDocument/rootpath-argon": "root.path, checked to be \\\\?\\Volume{GUID}\\ (one appended)",
    "createWindowsContainerDocument/rootpath-xenon": "root.path as is (not validated with a UVM)",
    "createWindowsContainerDocument/uvmpath": "spec.windows.hyperv.utilityVMPath when set",
    "createWindowsContainerDocument/layerpath": "the layer folder as is",
    "createWindowsContainerDocument/registrykey": "fixed registry key, name and type",
    "createWindowsContainerDocument/waittokill": "always math.MaxInt32 as a string (services are never killed early)",
    "createWindowsContainerDocument/dumpfolder": "the dump location; a {container_id} suffix becomes the ID",
    "createWindowsContainerDocument/nolayers": "no layers were listed (v1 prints null: no omitempty)",
    "ConvertCPULimits/count": "processor count",
    "ConvertCPULimits/limit": "processor limit (1-10000, hundredths of a percent of all processors)",
    "ConvertCPULimits/weight": "processor weight",
    "LocateUVMFolder": "<first layer folder holding UtilityVM>\\UtilityVM",
    "LayerID": "NameToGuid of the layer folder's base name",
    "GetVSMBUvmPath/layer": "the layer folder's read-only VSMB share, as the UVM sees it",
    "GetVSMBUvmPath/mount": "the mount source's VSMB share, as the UVM sees it",
    "GetContainerPipeMapping/host": "the pipe path as is",
    "GetContainerPipeMapping/uvm": "the pipe under the UVM's VSMB IPC$ share",
    "GetContainerPipeMapping/dest": "destination without the \\\\.\\pipe\\ prefix",
    "createMountsConfig/entry": "one entry per mount, in the spec's order (pipes apart)",
    "createMountsConfig/source": "the mount source as is",
    "createMountsConfig/dest": "the mount destination as is",
    "createMountsConfig/ro": "true when an option is 'ro' (any case)",
    "createMountsConfig/zero": "never set (v1 prints it: no omitempty)",
    "createMountsConfig/resolve": "the source with links resolved on the host (process isolation)",
    "createMountsConfig/additional": "an additional mount from the create options (disks), after the spec's",
    "convertToWCOWSandboxMountPath": "sandbox:// source mapped into the sandbox's mount folder",
    "parseAssignedDevices": "vpci-location-path -> DeviceInstance + LocationPath; class/vpci-class-guid -> GUID",
    "getDeviceExtensions": "the extension file, decoded and re-encoded",
    "parseDumpType": "'' and 'full' -> 2, 'mini' -> 1",
    "parseDumpCount": "default 10; a positive integer",
}

# For an error: what would pass, keyed by the error kind (conformance/results/errorkinds.py).
WOULD_PASS: Final[Mapping[str, str]] = {
    "decode-syntax": "a well-formed JSON document",
    "decode-type": "each field with the JSON type of the OCI runtime spec (numbers unsigned integers, ...)",
    "spec-missing": "a JSON object, not null",
    "windows-missing": 'a windows section: {"windows": {"layerFolders": [...]}}',
    "layer-folders": "windows.layerFolders with at least two folders: the read-only layers, then the scratch",
    "cpu-exclusive": "at most one of processor count, limit and weight set (annotation or spec), others 0 or absent",
    "root-missing": 'a root section ({"root": {"path": "..."}})',
    "root-readonly": "root.readonly false or absent",
    "root-path-volume": "root.path like \\\\?\\Volume{01234567-89ab-cdef-0123-456789abcdef}\\",
    "hyperv-nil": "unreachable",
    "named-pipe-build": "a host OS build of 16299 (RS3) or later, or no named-pipe mounts",
    "mount-resolve": "a mount source that exists on the host",
    "device-type": "idType vpci-location-path, class or vpci-class-guid (exact case)",
    "dump-type": "io.microsoft.wcow.processdumptype 'mini' or 'full'",
    "dump-count-atoi": "io.microsoft.wcow.processdumpcount a decimal integer",
    "dump-count-invalid": "io.microsoft.wcow.processdumpcount > 0",
    "vsmb-no-hostpath": "a non-empty mount source",
    "vsmb-stat": "a mount source or layer folder that exists on the host",
    "vsmb-not-attached": "a path shared into the UVM over VSMB (with the same read-only flag)",
    "nametoguid": "a layer folder whose name Windows can turn into a GUID (no NUL)",
    "nametoguid-dll": "a layer folder name Windows accepts",
    "uvm-folder-not-found": "a layer folder holding a UtilityVM folder, or spec.windows.hyperv.utilityVMPath",
    "uvm-folder-stat": "layer folders that can be read",
    "ext-stat": "device extension files that exist",
    "ext-build": "host OS build 20348 (LTSC 2022) or later for device extensions",
    "ext-read": "readable device extension files",
    "ext-unmarshal": "device extension files holding a JSON object of the DeviceExtension shape",
}

_SITES: Final = {k.id: k.site for k in ERROR_KINDS}
_SPEC_GO: Final = Ptr(Struct(Spec))
_QUANTITIES: Final = {
    ContainerProcessorCount: "spec.windows.resources.cpu.count",
    ContainerProcessorLimit: "spec.windows.resources.cpu.maximum",
    ContainerProcessorWeight: "spec.windows.resources.cpu.shares",
    ContainerMemorySizeInMB: "spec.windows.resources.memory.limit",
    ContainerStorageQoSBandwidthMaximum: "spec.windows.resources.storage.bps",
    ContainerStorageQoSIopsMaximum: "spec.windows.resources.storage.iops",
}
# Spec sections the container document never reads, and who reads them instead.
_ELSEWHERE: Final = {
    "process": "hcsshim reads it when it starts the container's init process, not for the document",
    "ociversion": "not read",
    "hooks": "not read on Windows",
    "linux": "Linux containers only",
    "solaris": "not read",
    "vm": "not read",
}


@dataclass(slots=True)
class Value:
    """A quantity a parser chose (an annotation, the spec's field, or the default)."""

    origin: str
    raw: object
    value: object


@dataclass(slots=True)
class Field:
    doc: str
    path: str
    value: object
    rule: str
    inputs: Inputs


@dataclass(slots=True)
class Recorder:
    """A :class:`reference.trace.Tracer` that keeps every report; the last report of a path wins."""

    fields: dict[tuple[str, str], Field] = field(default_factory=dict)
    values: dict[str, Value] = field(default_factory=dict)
    unparsable: dict[str, object] = field(default_factory=dict)

    def field(self, doc: str, path: str, value: object, rule: str, inputs: Inputs = ()) -> None:
        self.fields[(doc, path)] = Field(doc, path, value, rule, inputs)

    def value(self, key: str, origin: str, raw: object, value: object) -> None:
        if origin == "unparsable":
            self.unparsable[key] = raw
        else:
            self.values[key] = Value(origin, raw, value)


@dataclass(slots=True)
class Line:
    """One explained field: where in which document, its value (JSON), and why."""

    doc: str
    path: str
    value: object
    present: bool
    rule: str
    because: str
    inputs: list[str]
    notes: list[str] = field(default_factory=list)
    struct: bool = False  # an object always present, whose fields have lines of their own


@dataclass(slots=True)
class Explanation:
    result: dict[str, Any]
    lines: list[Line]
    ignored: list[str]
    lost: list[str]
    error: dict[str, str] | None = None
    unexplained: list[str] = field(default_factory=list)


def json_value(v: object) -> object:
    """A traced value in its marshalled JSON form (Go structs are marshalled with Go's rules)."""
    if v is STRUCT:
        return STRUCT
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        text = marshal_text(v, Struct(type(v)))
        return with_room_if_deep(lambda: json.loads(text))  # a device extension nests up to Go's 10000 levels
    return v


def run_traced(case: Mapping[str, Any]) -> tuple[dict[str, Any], Recorder]:
    """Run ``case`` through the reference with a recorder attached; the result is the reference's own."""
    prepared = api.prepare_case(case)
    rec = Recorder()
    trace.active = rec
    try:
        result = api.with_documents(api.convert_prepared(prepared))
    finally:
        trace.active = None
    return result, rec


def leaves(doc: object, prefix: str = "") -> Iterator[tuple[str, object]]:
    """Every leaf of a JSON document (scalars, empty objects and arrays) with its path, in document order. A loop,
    not recursion: a document nests as deep as the case's device extension (up to Go's 10000 levels)."""
    stack: list[tuple[str, object]] = [(prefix, doc)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict) and value:
            stack.extend((f"{path}.{k}" if path else k, v) for k, v in reversed(value.items()))
        elif isinstance(value, list) and value:
            stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(value))))
        else:
            yield path, value


def lookup(doc: object, path: str) -> tuple[bool, object]:
    """``(present, value)`` of ``path`` in a JSON document."""
    cur = doc
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            i = int(part[1:-1])
            if not isinstance(cur, list) or i >= len(cur):
                return False, None
            cur = cur[i]
        else:
            if not isinstance(cur, dict) or part not in cur:
                return False, None
            cur = cur[part]
    return True, cur


def _ancestors(path: str) -> Iterator[str]:
    p = path
    while True:
        cut = max(p.rfind("."), p.rfind("["))
        if cut <= 0:
            return
        p = p[:cut]
        yield p


def _fmt(v: object) -> str:
    if v is STRUCT:
        return "{...}"
    return with_room_if_deep(lambda: json.dumps(v, ensure_ascii=False))  # a deep device extension's subtree


def _input_text(name: str, v: object, rec: Recorder) -> str:
    if name.startswith("value:"):
        key = name[len("value:") :]
        q = rec.values.get(key)
        if q is None:
            return f"{key} ({_fmt(v)})"
        if q.origin == "default":
            return f"nothing set: no {key} annotation, no {_QUANTITIES.get(key, 'spec field')} (default {_fmt(q.raw)})"
        if q.origin.startswith("annotation:"):
            return f'annotation {key}="{q.raw}"'
        return f"{q.origin} ({_fmt(q.raw)})"
    if name.startswith("annotation:"):
        return f"annotation {name[len('annotation:') :]}={_fmt(v)}" if v is not None else f"no {name[11:]} annotation"
    if v == "" and name in ("uvm.vsmbShares",):
        return name
    return f"{name} ({_fmt(json_value(v))})"


def _notes(f: Field, rec: Recorder, has_uvm: bool) -> list[str]:
    """Branch-specific sentences for the CPU fields: capping, scaling, and what lost."""
    out: list[str] = []
    inputs = dict(f.inputs)
    if f.rule == "ConvertCPULimits/count":
        q = rec.values.get(ContainerProcessorCount)
        final = inputs.get("value:" + ContainerProcessorCount)
        if q is not None and q.value != final:
            who = "UVM" if has_uvm else "host"
            out.append(f"capped at the {who} processor count {final} (NormalizeProcessorCount; asked {q.value})")
    elif f.rule == "ConvertCPULimits/limit":
        s = rec.values.get("scaledCPULimit")
        if s is not None:
            assert isinstance(s.raw, tuple)
            limit, hostc, uvmc = s.raw
            out.append(
                f"scaled to the sandbox: {limit} x {hostc} host CPUs / {uvmc} UVM CPUs = {s.value} "
                "(clamped to 1..10000; --scale-cpu-limits on)"
            )
        elif not has_uvm:
            out.append("not scaled (process isolation: no sandbox)")
        elif inputs.get("options.scaleCpuLimitsToSandbox"):
            out.append("not scaled (no limit set)")
        else:
            out.append("not scaled (--scale-cpu-limits off)")
    return out


def explain_case(case: Mapping[str, Any], spec_json: object = None) -> Explanation:
    """Explain the conversion of ``case``. ``spec_json``, when given, is the spec as Python reads it (for the list
    of spec fields the converter did not read)."""
    result, rec = run_traced(case)
    has_uvm = case.get("uvm") is not None
    lines: list[Line] = []
    unexplained: list[str] = []
    docs = result.get("documents")
    if docs is not None:
        for (doc, path), f in rec.fields.items():
            present, actual = lookup(docs[doc], path)
            lines.append(
                Line(
                    doc,
                    path,
                    actual if present else json_value(f.value),
                    present,
                    f.rule,
                    RULES.get(f.rule, f.rule),
                    [_input_text(n, v, rec) for n, v in f.inputs],
                    _notes(f, rec, has_uvm),
                    f.value is STRUCT,
                )
            )
        for doc in ("v1", "v2"):
            for path, _ in leaves(docs[doc]):
                if (doc, path) not in rec.fields and not any((doc, a) in rec.fields for a in _ancestors(path)):
                    unexplained.append(f"{doc} {path}")
        order = {d: {p: i for i, (p, _) in enumerate(leaves(docs[d]))} for d in ("v1", "v2")}
        lines.sort(key=lambda ln: (ln.doc, not ln.present, _first(order[ln.doc], ln.path)))
    error = None
    if "error" in result or "panic" in result:
        text = result.get("error") or result["panic"]
        kind = classify_error(text) if "error" in result else "panic"
        error = {
            "text": text,
            "kind": kind,
            "check": _SITES.get(kind, "a Go runtime panic" if kind == "panic" else "unknown"),
            "wouldPass": WOULD_PASS.get(kind, "a UVM with at least one processor" if kind == "panic" else ""),
        }
    ignored = _ignored(rec, spec_json if spec_json is not None else _spec_of(case), error is not None, has_uvm)
    return Explanation(result, lines, ignored, _lost(rec, case, result), error, unexplained)


def _first(order: Mapping[str, int], path: str) -> int:
    if path in order:
        return order[path]
    hits = [i for p, i in order.items() if p.startswith(path)]
    return min(hits) if hits else len(order)


def _spec_of(case: Mapping[str, Any]) -> object:
    if case.get("spec") is not None:
        return case["spec"]
    text = case.get("specText")
    if isinstance(text, str):
        try:
            return with_room_if_deep(lambda: json.loads(text))  # Go decodes a spec up to 10000 levels deep
        except (ValueError, RecursionError):
            return None
    return None


def _read_paths(rec: Recorder) -> tuple[set[str], set[str]]:
    """Spec paths the run read: exactly, and as whole lists (their elements included). Lowercase."""
    exact: set[str] = set()
    whole: set[str] = set()
    for f in rec.fields.values():
        for name, v in f.inputs:
            if name.startswith("spec."):
                exact.add(name.lower())
                if isinstance(v, list):
                    whole.add(name.lower())
    for q in rec.values.values():
        if q.origin.startswith("spec."):
            exact.add(q.origin.lower())
    return exact, whole



_DISK_TYPES: Final = frozenset({MountTypeVirtualDisk, MountTypePhysicalDisk, MountTypeExtensibleVirtualDisk})
# Read by a check or a branch, not copied into a field.
_CONTROL_READS: Final = frozenset({"spec.root.readonly", "spec.root.path", "spec.windows.hyperv"})


def _ignored(rec: Recorder, spec: object, stopped: bool, has_uvm: bool) -> list[str]:
    out: list[str] = []
    if not isinstance(spec, dict):
        return out
    exact, whole = _read_paths(rec)
    # A resource field whose annotation was set: the parser never looked at it (listed under "lost").
    exact |= {p.lower() for k, p in _QUANTITIES.items() if k in rec.values and rec.values[k].origin != "default"}
    why_not = "not reached before the error" if stopped else "not read for this isolation and these inputs"
    mounts = next((v for k, v in spec.items() if k.lower() == "mounts"), None)
    disks = {
        i
        for i, m in enumerate(mounts if isinstance(mounts, list) else [])
        if isinstance(m, dict) and any(k.lower() == "type" and v in _DISK_TYPES for k, v in m.items())
    }
    for key, v in spec.items():
        low = key.lower()
        if low in _ELSEWHERE:
            out.append(f"spec.{key}: {_ELSEWHERE[low]}")
            continue
        if low == "annotations":
            if isinstance(v, dict):
                out.extend(_annotations(v, rec))
            continue
        for p, _ in leaves(v, f"spec.{key}"):
            lp = p.lower()
            if lp in exact or any(lp.startswith(w + "[") or lp.startswith(w + ".") for w in whole):
                continue
            if lp in _CONTROL_READS or lp.startswith("spec.windows.layerfolders["):
                continue
            if lp.startswith("spec.mounts[") and lp.endswith("].type"):
                if not has_uvm:
                    out.append(f"{p}: not read for process isolation (every mount but a pipe is a host path)")
                continue
            m = re.match(r"spec\.mounts\[(\d+)\]\.(source|destination)$", lp)
            if has_uvm and m is not None and int(m.group(1)) in disks:
                out.append(
                    f"{p}: {why_not} (a disk mount reaches the v2 document only as an additional mount "
                    "hcsshim makes after attaching the disk; none is assumed here)"
                )
                continue
            if lp == "spec.windows.network.networknamespace":
                out.append(f"{p}: not read by the document (hcsshim takes the namespace from its create options)")
                continue
            out.append(f"{p}: {why_not}")
    return out


def _annotations(annots: Mapping[str, object], rec: Recorder) -> list[str]:
    out: list[str] = []
    known = sorted(DOCUMENT_KEYS | OTHER_KEYS)
    elsewhere: list[str] = []
    for key, value in annots.items():
        if key in DOCUMENT_KEYS:
            if key in rec.unparsable:
                out.append(f"annotation {key}={_fmt(value)}: not an unsigned integer, ignored (logged only)")
            continue
        if not key.lower().startswith("io.microsoft."):
            elsewhere.append(key)
            continue
        if key in OTHER_KEYS:
            out.append(f"annotation {key}: known to hcsshim but not read by the container document")
            continue
        near = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.8)
        hint = f"; did you mean {near[0]}?" if near else ""
        out.append(f"annotation {key}: not a key hcsshim knows, silently ignored{hint}")
    if elsewhere:
        out.append(f"annotations {', '.join(elsewhere)}: not read by the container document")
    return out


def _lost(rec: Recorder, case: Mapping[str, Any], result: Mapping[str, Any]) -> list[str]:
    """Inputs that were set but lost to another one."""
    out: list[str] = []
    spec = _decoded_spec(case)
    for key, spec_path in _QUANTITIES.items():
        q = rec.values.get(key)
        if q is None or not q.origin.startswith("annotation:"):
            continue
        raw = _spec_value(spec, spec_path)
        if raw is not None and isinstance(raw, int) and raw > 0:
            out.append(f"{spec_path} ({raw}) lost to annotation {key}={_fmt(str(q.raw))}")
    cq = rec.values.get(ContainerProcessorCount)
    count = rec.fields.get(("v2", "Processor.Count"))
    if cq is not None and count is not None and cq.value != count.value:
        out.append(f"processor count {cq.value} lost to the {'UVM' if case.get('uvm') else 'host'}'s {count.value}")
    opts = case.get("options") or {}
    if opts.get("scaleCpuLimitsToSandbox"):
        if case.get("uvm") is None:
            out.append("--scale-cpu-limits: no effect without a UVM (process isolation)")
        elif "scaledCPULimit" not in rec.values and "documents" in result:
            out.append("--scale-cpu-limits: no effect, there is no processor limit (it scales limits only)")
    annots = spec.Annotations if spec is not None else None
    uvm = case.get("uvm")
    if annots and ContainerProcessDumpLocation in annots and uvm and uvm.get("processDumpLocation"):
        out.append(f"uvm.processDumpLocation lost to annotation {ContainerProcessDumpLocation}")
    set_cpu = [k for k in (ContainerProcessorCount, ContainerProcessorLimit, ContainerProcessorWeight) if _pos(rec, k)]
    if len(set_cpu) > 1:
        names = [k.rsplit(".", 1)[-1] for k in set_cpu]
        both = ", ".join(names[:-1]) + " and " + names[-1]
        out.append(
            f"processor {both} are all set: at most one of count, limit and weight may be (they exclude each other)"
        )
    return out


def _pos(rec: Recorder, key: str) -> bool:
    q = rec.values.get(key)
    return q is not None and isinstance(q.value, int) and q.value > 0


def _decoded_spec(case: Mapping[str, Any]) -> Spec | None:
    try:
        decoded, err = unmarshal(api.case_spec_bytes(case), _SPEC_GO)
    except api.CaseError:
        return None
    return decoded if err is None and isinstance(decoded, Spec) else None


def _spec_value(spec: Spec | None, path: str) -> object:
    cur: object = spec
    names = {"windows": "Windows", "resources": "Resources", "cpu": "CPU", "memory": "Memory", "storage": "Storage"}
    leaf = {"count": "Count", "maximum": "Maximum", "shares": "Shares", "limit": "Limit", "bps": "Bps", "iops": "Iops"}
    for part in path.split(".")[1:]:
        if cur is None:
            return None
        cur = getattr(cur, names.get(part) or leaf[part], None)
    return cur


def to_json(e: Explanation) -> dict[str, Any]:
    """The explanation for tools (``--json``)."""
    return {
        "result": e.result,
        "fields": [
            {
                "document": ln.doc,
                "path": ln.path,
                "value": ln.value,
                "inDocument": ln.present,
                "rule": ln.rule,
                "because": ln.because,
                "inputs": ln.inputs,
                "notes": ln.notes,
            }
            for ln in e.lines
        ],
        "error": e.error,
        "ignored": e.ignored,
        "lost": e.lost,
    }
