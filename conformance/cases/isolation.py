"""Which branch runs: the four predicates (isV2Argon, isV1Argon, isV1Xenon, isV2Xenon) over the schema version,
the utility VM and windows.hyperv; schemas that match none (2.5, a classic v1 Hyper-V container); a nil schema
version (first read by the predicates); V1 Xenon's UtilityVMPath and LocateUVMFolder (a stat of
filepath.Join(folder, "UtilityVM") for every layer folder, scratch included)."""

from __future__ import annotations

from hcsdoc.conformance.cases._build import (
    DELETE,
    LAYER_BASE,
    LAYER_SCRATCH,
    UTILITY_VM_DIR,
    VOLUME_PATH,
    CaseDef,
    argon,
    argon_v1,
    cdef,
    hyperv_v1_classic,
    xenon,
    xenon_v1,
)

T = ("isolation",)
NO_UVM_DIR = {"files": {UTILITY_VM_DIR: DELETE}}


def _branches() -> list[CaseDef]:
    return [
        cdef("isolation.argon-v2.baseline", "V2 Argon baseline: schema 2.1, no UVM, one read-only layer", T, argon()),
        cdef("isolation.argon-v1.baseline", "V1 Argon baseline: schema 1.0, no UVM, no windows.hyperv", T, argon_v1()),
        cdef(
            "isolation.xenon-v2.baseline",
            "V2 Xenon baseline: schema 2.1, UVM with the layer as a VSMB share",
            T,
            xenon(),
        ),
        cdef(
            "isolation.xenon-v1.baseline",
            "V1 Xenon baseline: schema 1.0, UVM, windows.hyperv {}, UtilityVM found in the base layer",
            T,
            xenon_v1(),
        ),
        cdef(
            "isolation.argon-v2.with-hyperv",
            "schema 2.1, no UVM, windows.hyperv present: isV2Argon ignores hyperv",
            T,
            argon({"windows": {"hyperv": {"utilityVMPath": "C:\\uvm"}}}),
        ),
        cdef(
            "isolation.argon-v2.three-layers",
            "V2 Argon with two read-only layers and the scratch",
            T,
            argon(
                {"windows": {"layerFolders": ["C:\\layers\\top", LAYER_BASE, LAYER_SCRATCH]}},
                host={"layerIds": {"top": "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9"}},
            ),
        ),
        cdef(
            "isolation.hyperv-v1-classic",
            "classic v1 Hyper-V: schema 1.0, no UVM, windows.hyperv {}: no branch matches",
            T,
            hyperv_v1_classic(),
        ),
        cdef(
            "isolation.hyperv-v1-classic.utility-vm-path",
            "classic v1 Hyper-V with hyperv.utilityVMPath set: no branch matches, the path is unused",
            T,
            hyperv_v1_classic({"windows": {"hyperv": {"utilityVMPath": "C:\\uvm"}}}),
        ),
        cdef(
            "isolation.hyperv-v1-classic.bad-root",
            "classic v1 Hyper-V with a non-volume Root.Path: the regexp is not applied",
            T,
            hyperv_v1_classic({"root": {"path": "C:\\not-a-volume"}}),
        ),
        cdef(
            "isolation.hyperv-v1-classic.missing-layer-id",
            "classic v1 Hyper-V with no GUID answer for the layer: LayerID is not called",
            T,
            hyperv_v1_classic(host={"layerIds": {"base": DELETE}}),
        ),
        cdef(
            "isolation.v1-uvm-no-hyperv.volume-root",
            "schema 1.0 with a UVM and no windows.hyperv: isV1Argon wins, Argon branch with a UVM (volume root)",
            T,
            xenon({"root": {"path": VOLUME_PATH}}, options={"schemaVersion": {"Major": 1, "Minor": 0}}),
        ),
        cdef(
            "isolation.v1-uvm-no-hyperv.xenon-root",
            "schema 1.0 with a UVM and no windows.hyperv: Argon branch applies the volume regexp to C:\\c\\1",
            T,
            xenon(options={"schemaVersion": {"Major": 1, "Minor": 0}}),
            ("root-path-volume",),
        ),
        cdef(
            "isolation.xenon-v2.os-linux",
            'V2 Xenon with UVM OS "linux": no layers are computed',
            T,
            xenon(uvm={"os": "linux", "vsmbShares": []}, host={"layerIds": {"base": DELETE}}),
        ),
        cdef(
            "isolation.xenon-v2.os-capitalized",
            'V2 Xenon with UVM OS "Windows" (comparison is case-sensitive)',
            T,
            xenon(uvm={"os": "Windows", "vsmbShares": []}),
        ),
        cdef("isolation.xenon-v2.os-empty", 'V2 Xenon with UVM OS ""', T, xenon(uvm={"os": ""})),
        cdef(
            "isolation.xenon-v2.bad-root-ok",
            "V2 Xenon with a non-volume Root.Path (not validated)",
            T,
            xenon({"root": {"path": "relative\\path"}}),
        ),
    ]


def _schemas() -> list[CaseDef]:
    out = []
    for major, minor, note in (
        (2, 5, "2.5"),
        (2, 0, "2.0"),
        (1, 1, "1.1"),
        (0, 0, "0.0"),
        (3, 1, "3.1"),
        (-1, -1, "-1.-1"),
        (2147483647, 1, "MaxInt32.1"),
    ):
        slug = note.replace(".", "-").replace("--", "-neg").lower()
        sv = {"Major": major, "Minor": minor}
        out.append(
            cdef(
                f"isolation.schema-{slug}.no-uvm",
                f"schema {note} without a UVM: no branch matches",
                T,
                argon({"root": {"path": "C:\\not-a-volume"}}, options={"schemaVersion": sv}),
            )
        )
        out.append(
            cdef(
                f"isolation.schema-{slug}.uvm",
                f"schema {note} with a UVM: no branch matches",
                T,
                xenon(options={"schemaVersion": sv}),
            )
        )
    out += [
        cdef(
            "isolation.schema-2-5.devices-ignored",
            "schema 2.5 with an unsupported device: devices are only parsed for V2",
            T,
            argon(
                {"windows": {"devices": [{"id": "x", "idType": "gpu"}]}},
                options={"schemaVersion": {"Major": 2, "Minor": 5}},
            ),
        ),
        cdef(
            "isolation.schema-nil",
            "nil schema version: the Argon predicate dereferences it",
            T,
            argon(options={"schemaVersion": None}),
        ),
        cdef("isolation.schema-nil.uvm", "nil schema version with a UVM", T, xenon(options={"schemaVersion": None})),
        cdef(
            "isolation.schema-nil.root-missing",
            "nil schema version and no root: the root check comes first",
            T,
            argon({"root": DELETE}, options={"schemaVersion": None}),
            ("root-missing",),
        ),
        cdef(
            "isolation.schema-nil.readonly",
            "nil schema version and a readonly root: the readonly check comes first",
            T,
            argon({"root": {"readonly": True}}, options={"schemaVersion": None}),
            ("root-readonly",),
        ),
        cdef(
            "isolation.schema-nil.windows-missing",
            "nil schema version and no windows section",
            T,
            argon({"windows": DELETE}, options={"schemaVersion": None}),
            ("windows-missing",),
        ),
        cdef(
            "isolation.schema-nil.cpu-exclusive",
            "nil schema version and conflicting CPU annotations: CPU check first",
            T,
            argon(
                {
                    "annotations": {
                        "io.microsoft.container.processor.count": "1",
                        "io.microsoft.container.processor.weight": "1",
                    }
                },
                options={"schemaVersion": None},
            ),
            ("cpu-exclusive",),
        ),
    ]
    return out


def _v1_xenon() -> list[CaseDef]:
    T1 = ("isolation", "locate-uvm-folder")
    out = [
        cdef(
            "isolation.xenon-v1.utility-vm-path",
            "V1 Xenon with hyperv.utilityVMPath: used as is, no folder search",
            T1,
            xenon_v1({"windows": {"hyperv": {"utilityVMPath": "D:\\uvm image\\<x>"}}}, host=NO_UVM_DIR),
        ),
        cdef(
            "isolation.xenon-v1.utility-vm-path-empty",
            'V1 Xenon with hyperv.utilityVMPath "": the folder search runs',
            T1,
            xenon_v1({"windows": {"hyperv": {"utilityVMPath": ""}}}),
        ),
        cdef(
            "isolation.xenon-v1.locate.in-scratch",
            "V1 Xenon: UtilityVM only under the scratch folder (last folder is searched too)",
            T1,
            xenon_v1(host={"files": {UTILITY_VM_DIR: DELETE, LAYER_SCRATCH + "\\UtilityVM": {"kind": "dir"}}}),
        ),
        cdef(
            "isolation.xenon-v1.locate.both",
            "V1 Xenon: UtilityVM under both folders, the first wins",
            T1,
            xenon_v1(host={"files": {LAYER_SCRATCH + "\\UtilityVM": {"kind": "dir"}}}),
        ),
        cdef(
            "isolation.xenon-v1.locate.is-file",
            "V1 Xenon: UtilityVM exists as a file (a successful stat is enough)",
            T1,
            xenon_v1(host={"files": {UTILITY_VM_DIR: {"kind": "file", "content": ""}}}),
        ),
        cdef(
            "isolation.xenon-v1.locate.not-found",
            "V1 Xenon: no UtilityVM under any layer folder",
            T1,
            xenon_v1(host=NO_UVM_DIR),
            ("uvm-folder-not-found",),
        ),
        cdef(
            "isolation.xenon-v1.locate.errno2-explicit",
            "V1 Xenon: stat answers errno 2 for both folders",
            T1,
            xenon_v1(host={"files": {UTILITY_VM_DIR: {"errno": 2}, LAYER_SCRATCH + "\\UtilityVM": {"errno": 2}}}),
            ("uvm-folder-not-found",),
        ),
        cdef(
            "isolation.xenon-v1.locate.errno3-then-found",
            "V1 Xenon: errno 3 (not exist) on the first folder, found in the second",
            T1,
            xenon_v1(host={"files": {UTILITY_VM_DIR: {"errno": 3}, LAYER_SCRATCH + "\\UtilityVM": {"kind": "dir"}}}),
        ),
        cdef(
            "isolation.xenon-v1.locate.errno53-then-found",
            "V1 Xenon: errno 53 (bad net path, not exist) then found",
            T1,
            xenon_v1(host={"files": {UTILITY_VM_DIR: {"errno": 53}, LAYER_SCRATCH + "\\UtilityVM": {"kind": "dir"}}}),
        ),
        cdef(
            "isolation.xenon-v1.locate.errno5",
            "V1 Xenon: access denied (errno 5) on the first folder's UtilityVM",
            T1,
            xenon_v1(host={"files": {UTILITY_VM_DIR: {"errno": 5}, LAYER_SCRATCH + "\\UtilityVM": {"kind": "dir"}}}),
            ("uvm-folder-stat",),
        ),
        cdef(
            "isolation.xenon-v1.locate.errno5-after-miss",
            "V1 Xenon: not found in the first folder, errno 21 on the scratch",
            T1,
            xenon_v1(host={"files": {UTILITY_VM_DIR: DELETE, LAYER_SCRATCH + "\\UtilityVM": {"errno": 21}}}),
            ("uvm-folder-stat",),
        ),
        cdef(
            "isolation.xenon-v1.locate.errno-unknown",
            "V1 Xenon: an errno with no Windows message (12345)",
            T1,
            xenon_v1(host={"files": {UTILITY_VM_DIR: {"errno": 12345}}}),
            ("uvm-folder-stat",),
        ),
        cdef(
            "isolation.xenon-v1.locate.nul-in-folder",
            "V1 Xenon: NUL in the first layer folder (stat fails with invalid argument)",
            T1,
            xenon_v1({"windows": {"layerFolders": ["C:\\la\u0000yers\\base", LAYER_SCRATCH]}}),
            ("uvm-folder-stat",),
        ),
        cdef(
            "isolation.xenon-v1.locate.empty-folder-found",
            'V1 Xenon: layer folder "" whose UtilityVM stat succeeds: an empty folder counts as not found',
            T1,
            xenon_v1(
                {"windows": {"layerFolders": ["", LAYER_SCRATCH]}}, host={"files": {"UtilityVM": {"kind": "dir"}}}
            ),
            ("uvm-folder-not-found",),
        ),
        cdef(
            "isolation.xenon-v1.locate.drive-relative",
            'V1 Xenon: layer folder "C:" (Join gives C:UtilityVM)',
            T1,
            xenon_v1(
                {"windows": {"layerFolders": ["C:", LAYER_SCRATCH]}}, host={"files": {"C:UtilityVM": {"kind": "dir"}}}
            ),
        ),
        cdef(
            "isolation.xenon-v1.locate.trailing-backslash",
            "V1 Xenon: layer folder with a trailing backslash (Join cleans it)",
            T1,
            xenon_v1({"windows": {"layerFolders": [LAYER_BASE + "\\", LAYER_SCRATCH]}}),
        ),
        cdef(
            "isolation.xenon-v1.locate.forward-slashes",
            "V1 Xenon: layer folder with forward slashes (Join cleans to backslashes)",
            T1,
            xenon_v1({"windows": {"layerFolders": ["C:/layers/base", LAYER_SCRATCH]}}),
        ),
        cdef(
            "isolation.xenon-v1.locate.dotdot",
            "V1 Xenon: layer folder C:\\layers\\x\\..\\base (Join resolves ..)",
            T1,
            xenon_v1({"windows": {"layerFolders": ["C:\\layers\\x\\..\\base", LAYER_SCRATCH]}}),
        ),
        cdef(
            "isolation.xenon-v1.locate.unc",
            "V1 Xenon: UNC layer folder \\\\server\\share",
            T1,
            xenon_v1(
                {"windows": {"layerFolders": ["\\\\server\\share", LAYER_SCRATCH]}},
                host={"files": {"\\\\server\\share\\UtilityVM": {"kind": "dir"}}},
            ),
        ),
        cdef(
            "isolation.xenon-v1.locate.uncleaned-key",
            "V1 Xenon: the host only knows the uncleaned joined path (keys match exactly)",
            T1,
            xenon_v1(
                {"windows": {"layerFolders": ["C:/layers/base", LAYER_SCRATCH]}},
                host={"files": {UTILITY_VM_DIR: DELETE, "C:/layers/base\\UtilityVM": {"kind": "dir"}}},
            ),
            ("uvm-folder-not-found",),
        ),
        cdef(
            "isolation.xenon-v1.layers-not-resolved",
            "V1 Xenon with no GUID or VSMB share for the layer: neither is looked up",
            T1,
            xenon_v1(uvm={"vsmbShares": []}, host={"layerIds": {"base": DELETE}}),
        ),
        cdef(
            "isolation.xenon-v1.hyperv-with-uvm-path-and-missing-folder",
            "V1 Xenon: utilityVMPath set and every stat would fail: LocateUVMFolder is not called",
            T1,
            xenon_v1(
                {"windows": {"hyperv": {"utilityVMPath": "C:\\uvm"}}}, host={"files": {UTILITY_VM_DIR: {"errno": 5}}}
            ),
        ),
    ]
    return out


def cases() -> list[CaseDef]:
    return _branches() + _schemas() + _v1_xenon()
