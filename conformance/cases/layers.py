"""Read-only layers. Argon: wclayer.LayerID(path) = NameToGuid(base name after Windows filepath.Split), for every
folder but the last, in order. V2 Xenon: layers.GetHCSLayers, per layer GetVSMBUvmPath(path, readOnly=true)
*then* LayerID, so a VSMB error wins over a LayerID error of the same layer."""

from __future__ import annotations

from typing import Any

from hcsdoc.conformance.cases._build import (
    DELETE,
    GUID_2,
    GUID_3,
    GUID_BASE,
    LAYER_BASE,
    LAYER_SCRATCH,
    VSMB_PREFIX,
    CaseDef,
    argon,
    argon_v1,
    cdef,
    share,
    xenon,
)

T = ("layers",)


def _folders(first: str) -> dict[str, Any]:
    return {"windows": {"layerFolders": [first, LAYER_SCRATCH]}}


def _argon_basenames() -> list[CaseDef]:
    # (slug, layer folder, base name the host answers for, what it probes)
    rows = [
        ("plain", "C:\\layers\\abc", "abc", "a plain folder"),
        ("trailing-backslash", "C:\\layers\\abc\\", "", 'trailing backslash: the base name is ""'),
        ("forward-slashes", "C:/layers/abc", "abc", "forward slashes are separators too"),
        ("mixed-slashes", "C:\\layers/abc", "abc", "mixed separators"),
        ("trailing-slash", "C:/layers/abc/", "", 'trailing forward slash: the base name is ""'),
        ("drive-relative", "C:abc", "abc", "drive-relative C:abc: the volume C: is not part of the name"),
        ("drive-only", "C:", "", 'just a drive: the base name is ""'),
        ("unc-share", "\\\\server\\share", "", 'UNC \\\\server\\share: all volume, the base name is ""'),
        ("unc-share-folder", "\\\\server\\share\\layer", "layer", "UNC path with a folder"),
        ("relative", "abc", "abc", "a relative name without separators"),
        ("dot", "C:\\layers\\.", ".", "last element is a dot (Split does not clean)"),
        ("dotdot", "C:\\layers\\abc\\..", "..", "last element is .. (Split does not clean)"),
        ("unicode", "C:\\layers\\\u0161\u0107\u6771", "\u0161\u0107\u6771", "non-ASCII base name"),
        ("space", "C:\\layers\\a b ", "a b ", "base name with spaces (kept, no trimming)"),
        ("device-path", "\\\\?\\C:\\layers\\abc", "abc", "\\\\?\\ device path prefix"),
        ("nul-in-directory", "C:\\la\u0000yers\\abc", "abc", "NUL in the directory part only (the base name is clean)"),
        ("colon-in-name", "C:\\layers\\a:b", "a:b", "a colon inside the base name"),
        ("empty-folder", "", "", "an empty layer folder"),
    ]
    out = []
    for slug, folder, name, note in rows:
        out.append(
            cdef(
                f"layers.argon.basename.{slug}",
                f"Argon layer folder {folder!r}: {note}",
                (*T, "filepath"),
                argon(_folders(folder), host={"layerIds": {"base": DELETE, name: GUID_2}}),
            )
        )
        out.append(
            cdef(
                f"layers.argon.basename.{slug}.unknown",
                f"Argon layer folder {folder!r} with no GUID answer for {name!r}",
                (*T, "filepath", "seam"),
                argon(_folders(folder), host={"layerIds": {"base": DELETE}}),
                ("nametoguid",),
            )
        )
    return out


def _argon_errors() -> list[CaseDef]:
    out = []
    for errno, note in (
        (2, "file not found"),
        (5, "access denied"),
        (87, "parameter incorrect"),
        (1168, "element not found"),
        (12345, "a code with no Windows message"),
        (536870951, "Go's invented EINVAL value"),
    ):
        out.append(
            cdef(
                f"layers.argon.nametoguid-errno.{errno}",
                f"Argon: NameToGuid of the layer fails with Win32 error {errno} ({note})",
                (*T, "seam"),
                argon(host={"layerIds": {"base": {"errno": errno}}}),
                ("nametoguid",),
            )
        )
    out += [
        cdef(
            "layers.argon.nul-in-name",
            "Argon: NUL in the layer base name (UTF-16 conversion fails before the call)",
            T,
            argon(_folders("C:\\layers\\ba\u0000se")),
            ("nametoguid",),
        ),
        cdef(
            "layers.argon.missing-answer",
            "Argon: no GUID answer for the layer (ERROR_FILE_NOT_FOUND)",
            T,
            argon(host={"layerIds": {"base": DELETE}}),
            ("nametoguid",),
        ),
        cdef(
            "layers.argon.guid-uppercase",
            "Argon: the host answers an uppercase GUID (printed lowercase)",
            T,
            argon(host={"layerIds": {"base": GUID_BASE.upper()}}),
        ),
        cdef(
            "layers.argon.guid-mixed-case",
            "Argon: the host answers a GUID in mixed case (printed lowercase)",
            T,
            argon(host={"layerIds": {"base": "8D3c9A5e-3F2b-4C1d-9E8f-0A1b2C3d4E5f"}}),
        ),
        cdef(
            "layers.argon.second-fails",
            "Argon: three folders, the second read-only layer has no GUID: error at the second",
            T,
            argon(
                {"windows": {"layerFolders": ["C:\\layers\\top", LAYER_BASE, LAYER_SCRATCH]}},
                host={"layerIds": {"top": GUID_2, "base": DELETE}},
            ),
            ("nametoguid",),
        ),
        cdef(
            "layers.argon.first-fails",
            "Argon: three folders, the first has errno 5 and the second none: first error wins",
            T,
            argon(
                {"windows": {"layerFolders": ["C:\\layers\\top", LAYER_BASE, LAYER_SCRATCH]}},
                host={"layerIds": {"top": {"errno": 5}, "base": DELETE}},
            ),
            ("nametoguid",),
        ),
        cdef(
            "layers.argon.scratch-not-looked-up",
            "Argon: the scratch folder has no GUID answer (it is never looked up)",
            T,
            argon(host={"layerIds": {"scratch": {"errno": 5}}}),
        ),
        cdef(
            "layers.argon.many",
            "Argon: ten read-only layers in order",
            T,
            argon(
                {"windows": {"layerFolders": [f"C:\\layers\\l{i}" for i in range(10)] + [LAYER_SCRATCH]}},
                host={"layerIds": {f"l{i}": f"0000000{i}-0000-4000-8000-00000000000{i}" for i in range(10)}},
            ),
        ),
        cdef(
            "layers.argon.same-basename",
            "Argon: two folders with the same base name get the same GUID",
            T,
            argon({"windows": {"layerFolders": ["C:\\a\\base", "D:\\b\\base", LAYER_SCRATCH]}}),
        ),
        cdef(
            "layers.argon.html-path",
            "Argon: layer path with <, > and & (escaped in the output JSON)",
            T,
            argon(_folders("C:\\layers\\<a&b>"), host={"layerIds": {"<a&b>": GUID_3}}),
        ),
        cdef(
            "layers.v1.two",
            "V1 Argon: two read-only layers",
            T,
            argon_v1(
                {"windows": {"layerFolders": ["C:\\layers\\top", LAYER_BASE, LAYER_SCRATCH]}},
                host={"layerIds": {"top": GUID_2}},
            ),
        ),
        cdef(
            "layers.v1.missing-answer",
            "V1 Argon: no GUID answer for the layer",
            T,
            argon_v1(host={"layerIds": {"base": DELETE}}),
            ("nametoguid",),
        ),
    ]
    return out


def _xenon() -> list[CaseDef]:
    top = "C:\\layers\\top"
    three = {"windows": {"layerFolders": [top, LAYER_BASE, LAYER_SCRATCH]}}
    out = [
        cdef(
            "layers.xenon.two",
            "V2 Xenon: two read-only layers, both VSMB shares with GUIDs",
            (*T, "vsmb"),
            xenon(
                three,
                uvm={"vsmbShares": [share(top, guest="s0"), share(LAYER_BASE, guest="s1")]},
                host={"files": {top: {"kind": "dir"}}, "layerIds": {"top": GUID_2}},
            ),
        ),
        cdef(
            "layers.xenon.stat-missing",
            "V2 Xenon: the layer folder does not exist on the host (stat fails)",
            (*T, "vsmb"),
            xenon(host={"files": {LAYER_BASE: DELETE}}),
            ("vsmb-stat",),
        ),
        cdef(
            "layers.xenon.stat-errno5",
            "V2 Xenon: stat of the layer folder is denied (errno 5)",
            (*T, "vsmb"),
            xenon(host={"files": {LAYER_BASE: {"errno": 5}}}),
            ("vsmb-stat",),
        ),
        cdef(
            "layers.xenon.not-attached",
            "V2 Xenon: the layer folder exists but is not a VSMB share",
            (*T, "vsmb"),
            xenon(uvm={"vsmbShares": []}),
            ("vsmb-not-attached",),
        ),
        cdef(
            "layers.xenon.share-read-write",
            "V2 Xenon: the layer is shared read-write only (layers are looked up read-only)",
            (*T, "vsmb"),
            xenon(uvm={"vsmbShares": [share(LAYER_BASE, read_only=False, guest="s1")]}),
            ("vsmb-not-attached",),
        ),
        cdef(
            "layers.xenon.vsmb-before-layerid",
            "V2 Xenon: stat fails and no GUID either: the VSMB error comes first",
            (*T, "vsmb", "order"),
            xenon(host={"files": {LAYER_BASE: DELETE}, "layerIds": {"base": DELETE}}),
            ("vsmb-stat",),
        ),
        cdef(
            "layers.xenon.not-attached-before-layerid",
            "V2 Xenon: share missing and no GUID: not attached comes first",
            (*T, "vsmb", "order"),
            xenon(uvm={"vsmbShares": []}, host={"layerIds": {"base": DELETE}}),
            ("vsmb-not-attached",),
        ),
        cdef(
            "layers.xenon.layerid-fails",
            "V2 Xenon: the share is found but NameToGuid fails",
            (*T, "vsmb"),
            xenon(host={"layerIds": {"base": {"errno": 5}}}),
            ("nametoguid",),
        ),
        cdef(
            "layers.xenon.second-layer-stat",
            "V2 Xenon: first layer fine, second layer's stat fails",
            (*T, "vsmb"),
            xenon(
                three,
                uvm={"vsmbShares": [share(top, guest="s0"), share(LAYER_BASE, guest="s1")]},
                host={"files": {top: {"kind": "dir"}, LAYER_BASE: DELETE}, "layerIds": {"top": GUID_2}},
            ),
            ("vsmb-stat",),
        ),
        cdef(
            "layers.xenon.first-layerid-second-vsmb",
            "V2 Xenon: first layer's GUID fails, second not attached: first error wins",
            (*T, "vsmb", "order"),
            xenon(
                three,
                uvm={"vsmbShares": [share(top, guest="s0")]},
                host={"files": {top: {"kind": "dir"}}, "layerIds": {"top": {"errno": 2}}},
            ),
            ("nametoguid",),
        ),
        cdef(
            "layers.xenon.empty-path",
            "V2 Xenon: an empty read-only layer folder",
            (*T, "vsmb"),
            xenon(_folders("")),
            ("vsmb-no-hostpath",),
        ),
        cdef(
            "layers.xenon.trailing-backslash",
            'V2 Xenon: layer folder with a trailing backslash (share key is cleaned, name is "")',
            (*T, "vsmb", "filepath"),
            xenon(
                _folders(LAYER_BASE + "\\"),
                host={"files": {LAYER_BASE + "\\": {"kind": "dir"}}, "layerIds": {"": GUID_3}},
            ),
        ),
        cdef(
            "layers.xenon.forward-slashes",
            "V2 Xenon: layer folder with forward slashes (share key is cleaned)",
            (*T, "vsmb", "filepath"),
            xenon(_folders("C:/layers/base"), host={"files": {"C:/layers/base": {"kind": "dir"}}}),
        ),
        cdef(
            "layers.xenon.layer-is-file",
            "V2 Xenon: the layer path is a file, shared as a file share of its folder",
            (*T, "vsmb"),
            xenon(
                _folders("C:\\layers\\base.vhdx"),
                uvm={"vsmbShares": [share("C:\\layers", kind="file", guest="s7")]},
                host={
                    "files": {"C:\\layers\\base.vhdx": {"kind": "file", "content": ""}},
                    "layerIds": {"base.vhdx": GUID_2},
                },
            ),
        ),
        cdef(
            "layers.xenon.layer-is-file-dir-share",
            "V2 Xenon: the layer path is a file but only a directory share exists",
            (*T, "vsmb"),
            xenon(
                _folders("C:\\layers\\base.vhdx"),
                uvm={"vsmbShares": [share("C:\\layers", guest="s7")]},
                host={
                    "files": {"C:\\layers\\base.vhdx": {"kind": "file", "content": ""}},
                    "layerIds": {"base.vhdx": GUID_2},
                },
            ),
            ("vsmb-not-attached",),
        ),
        cdef(
            "layers.xenon.guest-path-odd",
            "V2 Xenon: a share guest path with a trailing backslash and <&>",
            (*T, "vsmb"),
            xenon(uvm={"vsmbShares": [dict(share(LAYER_BASE), guestPath=VSMB_PREFIX + "<&>\\")]}),
        ),
        cdef(
            "layers.xenon.duplicate-share",
            "V2 Xenon: two shares with the same key, the later one replaces the earlier",
            (*T, "vsmb"),
            xenon(uvm={"vsmbShares": [share(LAYER_BASE, guest="s1"), share(LAYER_BASE, guest="s9")]}),
        ),
        cdef(
            "layers.xenon.nul-in-path",
            "V2 Xenon: NUL in the layer folder (stat fails with invalid argument)",
            (*T, "vsmb"),
            xenon(_folders("C:\\layers\\b\u0000ase")),
            ("vsmb-stat",),
        ),
    ]
    return out


def cases() -> list[CaseDef]:
    return _argon_basenames() + _argon_errors() + _xenon()
