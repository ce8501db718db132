"""The classes of difference between Docker Engine's conversion and hcsshim v0.11.8's, by cause.

Every case that does not pass at the applicable level (schema-1 document and its bytes, outcome kind) belongs to
exactly one class: the first in :data:`CLASSES` whose rule matches. A class names its cause, the lines of both
code bases that make it (GitHub, at the tags), and what it means for a user. A case that no class explains is
*unclassified*: the report and the expectations file refuse to be written until a class is added for it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

Category = Literal["crash", "accepts", "rejects", "differ", "not-applicable"]

CATEGORY_TITLES: Final[dict[str, str]] = {
    "crash": "one of them crashes (a Go panic)",
    "accepts": "moby accepts what hcsshim rejects",
    "rejects": "moby rejects what hcsshim accepts",
    "differ": "both accept, the schema-1 documents differ",
    "not-applicable": "not applicable (the engine has no such input)",
}

MOBY: Final = "https://github.com/moby/moby/blob/v28.5.2/libcontainerd/local/local_windows.go"
HCSSHIM: Final = "https://github.com/microsoft/hcsshim/blob/v0.11.8/internal/hcsoci/hcsdoc_wcow.go"
HCSSHIM_TREE: Final = "https://github.com/microsoft/hcsshim/blob/v0.11.8"

# The annotations hcsshim v0.11.8 reads for the schema-1 resource fields (pkg/annotations).
RESOURCE_ANNOTATIONS: Final = frozenset(
    {
        "io.microsoft.container.processor.count",
        "io.microsoft.container.processor.limit",
        "io.microsoft.container.processor.weight",
        "io.microsoft.container.memory.sizeinmb",
        "io.microsoft.container.storage.qos.bandwidthmaximum",
        "io.microsoft.container.storage.qos.iopsmaximum",
    }
)
RESOURCE_FIELDS: Final = frozenset(
    {
        "/v1/ProcessorCount",
        "/v1/ProcessorMaximum",
        "/v1/ProcessorWeight",
        "/v1/MemoryMaximumInMB",
        "/v1/StorageBandwidthMaximum",
        "/v1/StorageIOPSMaximum",
    }
)


@dataclass(frozen=True)
class Observation:
    """One case as both sides answered it."""

    id: str
    case: dict[str, Any]
    expected: dict[str, Any]
    """hcsshim's result (the vector)."""
    actual: dict[str, Any]
    """The engine's result, or ``{"skipped": why}``."""
    outcome: str
    """The runner's outcome at the applicable levels (pass, fail, unexpected-error, ..., skipped)."""
    paths: frozenset[str]
    """JSON pointers of the schema-1 fields that differ (``fail`` only)."""

    @property
    def expected_kind(self) -> str:
        return result_kind(self.expected)

    @property
    def actual_kind(self) -> str:
        return result_kind(self.actual)

    def expected_error(self) -> str:
        return str(self.expected.get("error", ""))


def result_kind(result: Mapping[str, Any]) -> str:
    for k in ("documents", "error", "panic", "skipped", "errored"):
        if k in result:
            return k
    return "?"


@dataclass(frozen=True)
class SpecView:
    """What the rules read of a case's spec, as Go's encoding/json decodes it (the reference's decoder: key
    folding such as 'ſ' for 's', duplicate keys merged into one struct, ...), never as Python's json reads it."""

    spec: bool
    """The spec is not null."""
    windows: bool
    root: bool
    hyperv: bool
    annotations: frozenset[str]


def spec_view(case: Mapping[str, Any]) -> SpecView | None:
    """The case's spec as Go decodes it, or ``None`` when it does not decode (then both sides fail at decoding)."""
    from hcsdoc.reference.api import case_spec_bytes
    from hcsdoc.reference.caseinput import CaseError

    try:
        data = case_spec_bytes(case)
    except CaseError:
        return None
    return _view_of(data)


@functools.lru_cache(maxsize=4096)
def _view_of(data: bytes) -> SpecView | None:
    from hcsdoc.reference.gojson.decode import unmarshal
    from hcsdoc.reference.gotypes import Ptr, Struct
    from hcsdoc.reference.specs import Spec

    decoded, err = unmarshal(data, Ptr(Struct(Spec)))
    if err is not None:
        return None
    if decoded is None:
        return SpecView(False, False, False, False, frozenset())
    windows = decoded.Windows
    return SpecView(
        True,
        windows is not None,
        decoded.Root is not None,
        windows is not None and windows.HyperV is not None,
        frozenset(decoded.Annotations or {}),
    )


def _schema_v1_hyperv(o: Observation) -> bool:
    sv = o.case.get("options", {}).get("schemaVersion") or {}
    view = spec_view(o.case)
    return sv == {"Major": 1, "Minor": 0} and view is not None and view.hyperv


def _panic(text: str) -> Callable[[Observation], bool]:
    return lambda o: o.actual_kind == "panic" and text in str(o.actual["panic"])


def _nil_panic(where: str) -> Callable[[Observation], bool]:
    def rule(o: Observation) -> bool:
        if o.actual_kind != "panic" or "nil pointer dereference" not in str(o.actual["panic"]):
            return False
        view = spec_view(o.case)
        if view is None:
            return False
        if where == "spec":
            return not view.spec
        if where == "windows":
            return view.spec and not view.windows
        return view.windows and not view.root

    return rule


def _accepts(*texts: str) -> Callable[[Observation], bool]:
    return lambda o: (
        o.expected_kind == "error" and o.actual_kind == "documents" and any(t in o.expected_error() for t in texts)
    )


def _rejects(*texts: str) -> Callable[[Observation], bool]:
    return lambda o: (
        o.expected_kind == "documents" and o.actual_kind == "error" and any(t in str(o.actual["error"]) for t in texts)
    )


def _differ(rule: Callable[[Observation], bool]) -> Callable[[Observation], bool]:
    return lambda o: o.expected_kind == "documents" and o.actual_kind == "documents" and rule(o)


def _skipped(prefix: str) -> Callable[[Observation], bool]:
    return lambda o: o.actual_kind == "skipped" and str(o.actual["skipped"]).startswith(prefix)


def _annotations(case: Mapping[str, Any]) -> frozenset[str]:
    view = spec_view(case)
    return view.annotations if view is not None else frozenset()


@dataclass(frozen=True)
class DifferenceClass:
    id: str
    category: Category
    title: str
    cause: str
    """What each side does, in one or two sentences."""
    meaning: str
    """What it means for a user moving between Docker's default runtime and containerd."""
    links: tuple[str, ...]
    """The lines of both code bases (moby first)."""
    rule: Callable[[Observation], bool]


CLASSES: Final[tuple[DifferenceClass, ...]] = (
    DifferenceClass(
        "na.uvm",
        "not-applicable",
        "hosted in a utility VM",
        "The case gives hcsshim a hosting utility VM (schema-2 Hyper-V). The engine has no UVM object: for "
        "Hyper-V it sends HCS a schema-1 document with HvPartition and HvRuntime, and HCS makes the VM.",
        "Nothing to compare: the two stacks isolate Hyper-V containers at different levels.",
        (f"{MOBY}#L229-L256", f"{HCSSHIM}#L335-L345"),
        _skipped("hosted in a utility VM"),
    ),
    DifferenceClass(
        "na.schema-version",
        "not-applicable",
        "hcsshim schema versions other than 1.0 and 2.1",
        "The case's point is hcsshim's schema-version classification (null, 0.0, 1.1, 2.0, 2.5, ...). The "
        "engine has no schema version.",
        "Nothing to compare.",
        (f"{HCSSHIM_TREE}/internal/hcsoci/create.go#L286-L308",),
        _skipped("the point is hcsshim's schema version"),
    ),
    DifferenceClass(
        "na.schema21-hyperv-no-uvm",
        "not-applicable",
        "schema 2.1, Hyper-V requested, no utility VM",
        "hcsshim classifies this as process isolation (isV2Argon looks only at the UVM); its callers always "
        "create a UVM for a schema-2.1 Hyper-V container, so the case is not a configuration either stack meets.",
        "Nothing to compare.",
        (f"{HCSSHIM_TREE}/internal/hcsoci/create.go#L300-L302",),
        _skipped("schema 2.1 Hyper-V without a utility VM"),
    ),
    DifferenceClass(
        "crash.empty-root-path",
        "crash",
        "an empty Root.Path crashes the engine",
        "The engine matches Root.Path against its volume-GUID pattern but only looks at the error of "
        "regexp.MatchString (never set for a valid pattern), then cuts the last character: spec.Root.Path[:-1] "
        "panics with 'slice bounds out of range [:-1]'. hcsshim rejects the path ('must be a volume GUID path').",
        "A process-isolated container whose spec has no root path takes the engine's create call down with a "
        "panic instead of an error (the daemon recovers nothing here); containerd refuses it cleanly.",
        (f"{MOBY}#L257-L264", f"{HCSSHIM}#L307-L317"),
        _panic("slice bounds out of range"),
    ),
    DifferenceClass(
        "crash.nil-spec",
        "crash",
        "a null spec crashes the engine",
        "The engine reads spec.Linux without a nil check (NewContainer); hcsshim returns 'OCI spec is missing'.",
        "Only reachable through the library API: the daemon always builds a spec.",
        (f"{MOBY}#L150", f"{HCSSHIM}#L145-L147"),
        _nil_panic("spec"),
    ),
    DifferenceClass(
        "crash.nil-windows",
        "crash",
        "a spec without a windows section crashes the engine",
        "The engine reads spec.Windows.IgnoreFlushesDuringBoot first thing; hcsshim returns 'OCI spec "
        "Windows section is missing'.",
        "A hand-written or converted spec without 'windows' panics in Docker and fails cleanly in containerd.",
        (f"{MOBY}#L184", f"{HCSSHIM}#L149-L151"),
        _nil_panic("windows"),
    ),
    DifferenceClass(
        "crash.nil-root",
        "crash",
        "a spec without root crashes the engine",
        "The engine reads spec.Root.Path (Hyper-V: after finding the UVM; process isolation: at the volume check) "
        "without a nil check; hcsshim returns 'spec is invalid - root isn't populated' (or an earlier error).",
        "A spec without 'root' panics in Docker and fails cleanly in containerd.",
        (f"{MOBY}#L254-L263", f"{HCSSHIM}#L296-L298"),
        _nil_panic("root"),
    ),
    DifferenceClass(
        "accepts.volume-path-unchecked",
        "accepts",
        "Root.Path is never validated",
        "The engine discards the match result of its volume-GUID pattern (only the error is tested), so any "
        "Root.Path is accepted and its last character cut off. hcsshim rejects a path that is not "
        "\\\\?\\Volume{GUID} with an optional trailing backslash.",
        "A malformed root path (a drive path, a lowercase 'volume', a missing brace) reaches HCS from Docker, "
        "which then fails or mounts the wrong thing; containerd refuses the spec up front.",
        (f"{MOBY}#L257-L264", f"{HCSSHIM}#L307-L317"),
        _accepts("must be a volume GUID path"),
    ),
    DifferenceClass(
        "accepts.mount-source-unresolved",
        "accepts",
        "mount sources are not resolved",
        "hcsshim resolves every process-isolated mount source with go-winio's fs.ResolvePath (the schema-2 "
        "HostPath) and fails when it cannot; the engine passes the source through untouched.",
        "A mount of a missing or inaccessible host path fails at create in containerd and later (at HCS) in "
        "Docker; symlinked file sources are resolved only by containerd.",
        (f"{MOBY}#L285-L311", f"{HCSSHIM}#L64-L72"),
        _accepts("failed to resolve path for mount source"),
    ),
    DifferenceClass(
        "accepts.named-pipe-build",
        "accepts",
        "named pipes on Windows builds before RS3",
        "hcsshim refuses named-pipe mounts below build 16299; the engine dropped that check in v23.",
        "Only old hosts (before Windows Server 1709) are affected.",
        (f"{MOBY}#L285-L311", f"{HCSSHIM}#L364-L366"),
        _accepts("named pipe mounts are not supported"),
    ),
    DifferenceClass(
        "accepts.device-extensions-ignored",
        "accepts",
        "the device-extensions annotation is ignored",
        "hcsshim stats, reads and decodes every file named by io.microsoft.container.wcow.deviceextensions "
        "(and needs build 20348+); the engine reads no annotations.",
        "Device extensions given as an annotation (docker run --annotation) have no effect in Docker, and "
        "errors in them go unnoticed.",
        (f"{MOBY}#L178-L356", f"{HCSSHIM}#L375-L380", f"{HCSSHIM_TREE}/internal/hcsoci/devices.go#L42-L113"),
        _accepts("driver extensions", "extension file", "device extensions are not supported"),
    ),
    DifferenceClass(
        "accepts.process-dump-ignored",
        "accepts",
        "the process-dump annotations are ignored",
        "hcsshim validates io.microsoft.wcow.processdumptype and io.microsoft.wcow.processdumpcount "
        "(strconv.Atoi, > 0, 'mini' or 'full'); the engine reads no annotations.",
        "Process-dump settings given as annotations work only under containerd; a bad value is an error there "
        "and silently ignored by Docker.",
        (f"{MOBY}#L178-L356", f"{HCSSHIM}#L430-L441", f"{HCSSHIM}#L509-L543"),
        _accepts("dump count", "dump type", "strconv.Atoi"),
    ),
    DifferenceClass(
        "accepts.cpu-exclusive-unchecked",
        "accepts",
        "CPU count, maximum and shares are not mutually exclusive",
        "hcsshim refuses more than one of CPU count, limit and weight (annotation or spec); the engine copies "
        "every one the spec has into the document.",
        "A spec with several CPU controls is refused by containerd and passed on to HCS by Docker.",
        (f"{MOBY}#L358-L387", f"{HCSSHIM}#L113-L136"),
        _accepts("are mutually exclusive"),
    ),
    DifferenceClass(
        "rejects.mount-type",
        "rejects",
        "any Mount.Type is refused",
        "The engine refuses every mount with a type ('OCI spec is invalid - Mount.Type ... must not be set'); "
        "hcsshim maps a typed mount like any other (disk types go to the schema-2 document only).",
        "A spec with typed mounts (bind, virtual-disk, ...) written for containerd fails in Docker.",
        (f"{MOBY}#L287-L289", f"{HCSSHIM}#L45-L94"),
        _rejects("Mount.Type"),
    ),
    DifferenceClass(
        "rejects.linux-section",
        "rejects",
        "a spec with a linux section is refused",
        "The engine refuses any spec whose linux section is set ('linux containers are not supported on this "
        "platform', before anything else is read); hcsshim's Windows converter decodes the section (its Go types "
        "must fit) and never reads it (createWindowsContainerDocument has no use of spec.Linux).",
        "A Windows spec that also carries a linux section (a generated or merged config.json) runs under "
        "containerd and is refused by Docker.",
        (f"{MOBY}#L150-L152", f"{HCSSHIM}#L141"),
        _rejects("linux containers are not supported"),
    ),
    DifferenceClass(
        "rejects.device-type",
        "rejects",
        "device IDTypes other than class and vpci-class-guid are refused",
        "The engine accepts only the interface-class id types; hcsshim's schema-1 document carries no devices "
        "at all (they go to the schema-2 document, where more types are known).",
        "vpci-instance-id or vpci-location-path devices are refused by Docker.",
        (f"{MOBY}#L313-L326", f"{HCSSHIM}#L483-L507"),
        _rejects("device assignment of type"),
    ),
    DifferenceClass(
        "rejects.hyperv-v1",
        "rejects",
        "schema-1 Hyper-V without a utility VM",
        "With schema 1.0, Hyper-V requested and no UVM, hcsshim v0.11.8 takes neither its Argon nor its Xenon "
        "path and returns a hollow schema-1 document (no volume, no layers, no HvRuntime). The engine builds a "
        "Hyper-V document: it refuses an explicit UtilityVMPath, and searches the layers for a UtilityVM "
        "folder ('utility VM image could not be found').",
        "Docker's own Hyper-V path; hcsshim's result here is a quirk of its classification, not something "
        "containerd sends.",
        (f"{MOBY}#L229-L256", f"{HCSSHIM_TREE}/internal/hcsoci/create.go#L288-L308"),
        lambda o: _schema_v1_hyperv(o) and o.expected_kind == "documents" and o.actual_kind == "error",
    ),
    DifferenceClass(
        "differ.hyperv-v1",
        "differ",
        "schema-1 Hyper-V without a utility VM: documents",
        "Same cause as rejects.hyperv-v1 when the engine finds a UtilityVM folder: HvPartition, HvRuntime and "
        "layers in the engine's document, a hollow document from hcsshim.",
        "As rejects.hyperv-v1.",
        (f"{MOBY}#L229-L256", f"{HCSSHIM_TREE}/internal/hcsoci/create.go#L288-L308"),
        _differ(_schema_v1_hyperv),
    ),
    DifferenceClass(
        "differ.pipe-detection",
        "differ",
        "a named pipe is recognised by its destination, not its source",
        "The engine makes a MappedPipe of a mount whose Destination starts with \\\\.\\pipe\\; hcsshim looks "
        "at the Source (uvm.IsPipe).",
        "Pipe mounts written for one runtime become directory mounts (or broken pipes) in the other.",
        (f"{MOBY}#L290-L309", f"{HCSSHIM}#L50-L54"),
        _differ(lambda o: bool(o.paths & {"/v1/MappedDirectories", "/v1/MappedPipes"})),
    ),
    DifferenceClass(
        "differ.assigned-devices",
        "differ",
        "devices in the schema-1 document",
        "The engine lists class devices in the schema-1 AssignedDevices; hcsshim's schema-1 document never "
        "has devices (they are a schema-2 feature there).",
        "Device assignment through Docker goes by the schema-1 field, through containerd by schema 2.",
        (f"{MOBY}#L313-L326", f"{HCSSHIM}#L370-L373"),
        _differ(lambda o: "/v1/AssignedDevices" in o.paths),
    ),
    DifferenceClass(
        "differ.volume-path",
        "differ",
        "Root.Path without a trailing backslash",
        "hcsshim adds the missing trailing backslash before cutting it off; the engine always cuts the last "
        "character, so \\\\?\\Volume{GUID} loses its closing brace (and a doubled brace keeps one).",
        "A root path without the trailing backslash gives HCS a broken volume path from Docker.",
        (f"{MOBY}#L262-L263", f"{HCSSHIM}#L313-L316"),
        _differ(lambda o: "/v1/VolumePath" in o.paths),
    ),
    DifferenceClass(
        "differ.resource-annotations-ignored",
        "differ",
        "resource annotations are ignored",
        "hcsshim takes CPU count/limit/weight, memory size and storage QoS from io.microsoft.container.* "
        "annotations before the spec; the engine reads the spec's windows.resources only.",
        "A CPU, memory or storage limit given as an annotation is honoured by containerd and ignored by Docker.",
        (f"{MOBY}#L358-L387", f"{HCSSHIM}#L186-L265", f"{HCSSHIM_TREE}/internal/oci/uvm.go#L23-L127"),
        _differ(lambda o: bool(o.paths & RESOURCE_FIELDS) and bool(RESOURCE_ANNOTATIONS & _annotations(o.case))),
    ),
    DifferenceClass(
        "differ.resource-spec-values",
        "differ",
        "resource values: integer widths and clamping",
        "hcsshim reads the spec's CPU, memory and storage values through int32 (wrapping above 2^31-1), "
        "normalises the CPU count against the host only when it is the single CPU control, and leaves storage "
        "QoS at 0 unless one is positive; the engine keeps the full-width values (uint64 storage, uint32 count "
        "clamped to the host's processors as uint64).",
        "Large or negative resource values give different limits in the two runtimes.",
        (f"{MOBY}#L191-L200", f"{MOBY}#L358-L387", f"{HCSSHIM}#L186-L265"),
        _differ(lambda o: bool(o.paths & RESOURCE_FIELDS)),
    ),
)

BY_ID: Final = {c.id: c for c in CLASSES}


def classify(o: Observation) -> DifferenceClass | None:
    """The first class whose rule matches ``o`` (None for a pass, or an unclassified difference)."""
    if o.outcome == "pass":
        return None
    for c in CLASSES:
        if c.rule(o):
            return c
    return None
