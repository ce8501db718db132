"""One canonical case per reachable error site of createWindowsContainerDocument (and the decode before it), plus
cases that set off two errors at once to pin the order in which the Go code checks them (the first one wins)."""

from __future__ import annotations

import json
from typing import Any

from hcsdoc.conformance.cases._build import (
    ANN_CPU_COUNT,
    ANN_CPU_WEIGHT,
    ANN_DEVICE_EXTENSIONS,
    ANN_DUMP_COUNT,
    ANN_DUMP_LOCATION,
    ANN_DUMP_TYPE,
    DELETE,
    LAYER_SCRATCH,
    UTILITY_VM_DIR,
    CaseDef,
    argon,
    cdef,
    make_case,
    mount,
    xenon,
    xenon_v1,
)

T = ("errors",)
EXT = "C:\\ext\\e.json"
BAD_DEVICE = {"devices": [{"id": "dev", "idType": "gpu"}]}
CPU_CONFLICT = {ANN_CPU_COUNT: "1", ANN_CPU_WEIGHT: "1"}


def _site_cases() -> list[CaseDef]:
    rows: list[tuple[str, str, dict[str, Any]]] = [
        ("decode-syntax", "spec text that is not JSON", make_case(spec_text="{")),
        ("decode-type", "spec text with hostname 5", make_case(spec_text='{"hostname":5}')),
        ("spec-missing", "the spec is null", make_case(None)),
        ("windows-missing", "a spec without windows", argon({"windows": DELETE})),
        ("layer-folders", "one layer folder only", argon({"windows": {"layerFolders": [LAYER_SCRATCH]}})),
        ("cpu-exclusive", "count and weight annotations both set", argon({"annotations": CPU_CONFLICT})),
        ("root-missing", "no root", argon({"root": DELETE})),
        ("root-readonly", "root.readonly true", argon({"root": {"readonly": True}})),
        ("root-path-volume", "Argon Root.Path C:\\root", argon({"root": {"path": "C:\\root"}})),
        ("nametoguid", "no GUID for the Argon layer", argon(host={"layerIds": {"base": DELETE}})),
        ("vsmb-stat", "Xenon layer folder missing on the host", xenon(host={"files": {"C:\\layers\\base": DELETE}})),
        ("vsmb-not-attached", "Xenon layer folder not shared", xenon(uvm={"vsmbShares": []})),
        ("vsmb-no-hostpath", "Xenon mount with an empty source", xenon({"mounts": [mount("")]})),
        (
            "uvm-folder-not-found",
            "V1 Xenon without any UtilityVM folder",
            xenon_v1(host={"files": {UTILITY_VM_DIR: DELETE}}),
        ),
        (
            "uvm-folder-stat",
            "V1 Xenon with UtilityVM stat access denied",
            xenon_v1(host={"files": {UTILITY_VM_DIR: {"errno": 5}}}),
        ),
        ("mount-resolve", "Argon mount source the host cannot resolve", argon({"mounts": [mount("C:\\nope")]})),
        (
            "named-pipe-build",
            "named pipe on build 16298",
            argon({"mounts": [mount("\\\\.\\pipe\\p", "\\\\.\\pipe\\p")]}, host={"osBuild": 16298}),
        ),
        ("device-type", "unsupported device type gpu", argon({"windows": BAD_DEVICE})),
        ("ext-stat", "device extension file missing", argon({"annotations": {ANN_DEVICE_EXTENSIONS: EXT}})),
        (
            "ext-build",
            "device extension on build 20347",
            argon(
                {"annotations": {ANN_DEVICE_EXTENSIONS: EXT}},
                host={"osBuild": 20347, "files": {EXT: {"kind": "file", "content": "{}"}}},
            ),
        ),
        (
            "ext-read",
            "device extension unreadable",
            argon(
                {"annotations": {ANN_DEVICE_EXTENSIONS: EXT}}, host={"files": {EXT: {"kind": "file", "readErrno": 5}}}
            ),
        ),
        (
            "ext-unmarshal",
            "device extension file empty",
            argon(
                {"annotations": {ANN_DEVICE_EXTENSIONS: EXT}}, host={"files": {EXT: {"kind": "file", "content": ""}}}
            ),
        ),
        (
            "dump-type",
            "dump type triage",
            argon({"annotations": {ANN_DUMP_LOCATION: "C:\\d", ANN_DUMP_TYPE: "triage"}}),
        ),
        ("dump-count-atoi", "dump count x", argon({"annotations": {ANN_DUMP_LOCATION: "C:\\d", ANN_DUMP_COUNT: "x"}})),
        (
            "dump-count-invalid",
            "dump count 0",
            argon({"annotations": {ANN_DUMP_LOCATION: "C:\\d", ANN_DUMP_COUNT: "0"}}),
        ),
    ]
    return [cdef(f"errors.site.{kind}", f"error site {kind}: {desc}", T, case, (kind,)) for kind, desc, case in rows]


def _order_cases() -> list[CaseDef]:
    ext_missing = {ANN_DEVICE_EXTENSIONS: EXT}
    dump_bad = {ANN_DUMP_LOCATION: "C:\\d", ANN_DUMP_TYPE: "bogus", ANN_DUMP_COUNT: "x"}
    pipe = mount("\\\\.\\pipe\\p", "\\\\.\\pipe\\p")
    rows: list[tuple[str, str, dict[str, Any], str]] = [
        (
            "windows-before-layers",
            "no windows section (and so no layers)",
            argon({"windows": DELETE, "root": DELETE}),
            "windows-missing",
        ),
        (
            "layers-before-cpu",
            "one layer folder and conflicting CPU annotations",
            argon({"windows": {"layerFolders": ["C:\\a"]}, "annotations": CPU_CONFLICT}),
            "layer-folders",
        ),
        (
            "layers-before-root",
            "one layer folder and no root",
            argon({"windows": {"layerFolders": ["C:\\a"]}, "root": DELETE}),
            "layer-folders",
        ),
        (
            "cpu-before-root",
            "conflicting CPU annotations and no root",
            argon({"annotations": CPU_CONFLICT, "root": DELETE}),
            "cpu-exclusive",
        ),
        (
            "root-before-readonly-path",
            "readonly root with a bad path",
            argon({"root": {"path": "x", "readonly": True}}),
            "root-readonly",
        ),
        (
            "root-path-before-layer-id",
            "bad Root.Path and no layer GUID",
            argon({"root": {"path": "x"}}, host={"layerIds": {"base": DELETE}}),
            "root-path-volume",
        ),
        (
            "layer-id-before-mounts",
            "no layer GUID and an unresolvable mount",
            argon({"mounts": [mount("C:\\nope")]}, host={"layerIds": {"base": DELETE}}),
            "nametoguid",
        ),
        (
            "vsmb-layer-before-mounts",
            "Xenon: layer not shared and a mount with an empty source",
            xenon({"mounts": [mount("")]}, uvm={"vsmbShares": []}),
            "vsmb-not-attached",
        ),
        (
            "uvm-folder-before-mounts",
            "V1 Xenon: no UtilityVM and a mount with an empty source",
            xenon_v1({"mounts": [mount("")]}, host={"files": {UTILITY_VM_DIR: DELETE}}),
            "uvm-folder-not-found",
        ),
        (
            "mounts-before-pipe-build",
            "build 16298, a pipe, then an unresolvable mount",
            argon({"mounts": [pipe, mount("C:\\nope")]}, host={"osBuild": 16298}),
            "mount-resolve",
        ),
        (
            "pipe-build-before-devices",
            "build 16298 with a pipe and an unsupported device",
            argon({"mounts": [pipe], "windows": BAD_DEVICE}, host={"osBuild": 16298}),
            "named-pipe-build",
        ),
        (
            "mounts-before-devices",
            "an unresolvable mount and an unsupported device",
            argon({"mounts": [mount("C:\\nope")], "windows": BAD_DEVICE}),
            "mount-resolve",
        ),
        (
            "devices-before-extensions",
            "an unsupported device and a missing extension file",
            argon({"windows": BAD_DEVICE, "annotations": ext_missing}),
            "device-type",
        ),
        (
            "extensions-before-dump",
            "a missing extension file and a bad dump type",
            argon({"annotations": {**ext_missing, **dump_bad}}),
            "ext-stat",
        ),
        ("dump-type-before-count", "bad dump type and bad dump count", argon({"annotations": dump_bad}), "dump-type"),
        (
            "decode-before-everything",
            "a decode type error in a spec that has no windows section",
            make_case(spec_text='{"hostname":5,"root":null}'),
            "decode-type",
        ),
        (
            "decode-type-then-later-syntax",
            "a type error followed by trailing garbage: the syntax error is reported",
            make_case(spec_text='{"hostname":5} x'),
            "decode-syntax",
        ),
        (
            "spec-missing-before-options",
            "spec null with a nil schema version and a UVM with 0 processors",
            make_case(
                None,
                options={"schemaVersion": None, "scaleCpuLimitsToSandbox": True},
                uvm={"os": "windows", "processorCount": 0, "processDumpLocation": "", "vsmbShares": []},
            ),
            "spec-missing",
        ),
        (
            "cpu-before-rescale-panic",
            "conflicting CPU annotations with a 0-processor UVM and scaling on",
            xenon({"annotations": CPU_CONFLICT}, options={"scaleCpuLimitsToSandbox": True}, uvm={"processorCount": 0}),
            "cpu-exclusive",
        ),
        (
            "all-late-errors",
            "every late error at once (layers fine): the mount error comes first",
            argon(
                {
                    "mounts": [pipe, mount("C:\\nope")],
                    "windows": BAD_DEVICE,
                    "annotations": {**ext_missing, **dump_bad},
                },
                host={"osBuild": 16298},
            ),
            "mount-resolve",
        ),
    ]
    return [
        cdef(f"errors.order.{slug}", f"error order: {desc}", (*T, "order"), case, (kind,))
        for slug, desc, case, kind in rows
    ]


def _panics() -> list[CaseDef]:
    return [
        cdef(
            "errors.panic.rescale-divide-by-zero",
            "ScaleCpuLimitsToSandbox with a limit and a UVM of 0 processors",
            (*T, "rescale"),
            xenon(
                {"annotations": {"io.microsoft.container.processor.limit": "100"}},
                options={"scaleCpuLimitsToSandbox": True},
                uvm={"processorCount": 0},
            ),
        ),
        cdef(
            "errors.panic.schema-nil",
            "nil schema version read by the isolation predicates",
            T,
            argon(options={"schemaVersion": None}),
        ),
        cdef(
            "errors.panic.schema-nil.text-spec",
            "nil schema version with the spec given as text",
            T,
            make_case(
                spec_text=json.dumps({"root": {"path": "C:\\x"}, "windows": {"layerFolders": ["a", "b"]}}),
                options={"schemaVersion": None},
            ),
        ),
    ]


def cases() -> list[CaseDef]:
    return _site_cases() + _order_cases() + _panics()
