"""Review finding: Go's Windows ``filepath.Clean`` works on UTF-8 bytes, and ``postClean`` scans the stale tail of
its lazybuf buffer. After a ``..`` backs up over a multi-byte character the stale tail is shifted by bytes, so a
character-based walk can see (or miss) a ``:`` that Go does not (or does).

Expected values are the outputs of Go 1.26.8's ``path/filepath`` (GOOS=windows, run under Wine), and of the real
hcsshim v0.11.8 code through ``hcsdoc capture`` for the document cases (the cases ``_case`` builds below, each
written to a case file and captured).
"""

from __future__ import annotations

import pytest

from hcsdoc.reference import filepath_windows as fp
from hcsdoc.reference.api import run_case


@pytest.mark.parametrize(
    "path,want",
    [
        ("z/../a/:/../../é", ".\\é"),  # Go sees the stale ':' two *bytes* after "é"; a char walk sees a '\'
        ("z/../éaaaaaaa/:/../../UtilityVM", "UtilityVM"),  # and the other way round
        ("z/../a/:/../../é\\f.txt", "é\\f.txt"),
        ("a/../é:/x/../../b", ".\\b"),
    ],
)
def test_clean_stale_bytes(path: str, want: str) -> None:
    assert fp.Clean(path) == want


def test_join_stale_bytes() -> None:
    assert fp.Join("z/../éaaaaaa/:/../..", "UtilityVM") == ".\\UtilityVM"


_VOL = "\\\\?\\Volume{6a1d2a7e-5c3b-4f8e-9d2c-1b0a9f8e7d6c}\\"
_SP = "\\\\?\\VMSMB\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\"


def _case(
    spec_windows: dict[str, object],
    mounts: list[dict[str, object]],
    uvm: dict[str, object],
    files: dict[str, object],
    schema: dict[str, int],
) -> dict[str, object]:
    return {
        "spec": {"ociVersion": "1.0.2", "root": {"path": _VOL}, "windows": spec_windows, "mounts": mounts},
        "specText": None,
        "options": {
            "id": "",
            "actualId": "",
            "owner": "",
            "schemaVersion": schema,
            "scaleCpuLimitsToSandbox": False,
            "networkNamespace": "",
            "ccgState": None,
            "windowsAdditionalMounts": None,
        },
        "uvm": uvm,
        "host": {
            "processorCount": 8,
            "osBuild": 20348,
            "layerIds": {"base": "8d3c9a5e-3f2b-4c1d-9e8f-0a1b2c3d4e5f"},
            "resolvedPaths": {},
            "files": files,
        },
    }


def test_vsmb_share_key_uses_byte_clean() -> None:
    # GetVSMBUvmPath cleans the mount source before making the share key: Go's key is ".\é-false".
    src = "z/../a/:/../../é"
    shares = [
        {"hostPath": "C:\\layers\\base", "readOnly": True, "kind": "dir", "guestPath": _SP + "s1"},
        {"hostPath": "é", "readOnly": False, "kind": "dir", "guestPath": _SP + "NODOT"},
        {"hostPath": ".\\é", "readOnly": False, "kind": "dir", "guestPath": _SP + "DOTSLASH"},
    ]
    case = _case(
        {"layerFolders": ["C:\\layers\\base", "C:\\layers\\scratch"]},
        [{"destination": "C:\\d", "source": src}],
        {"os": "windows", "processorCount": 2, "processDumpLocation": "", "vsmbShares": shares},
        {"C:\\layers\\base": {"kind": "dir"}, src: {"kind": "dir"}},
        {"Major": 2, "Minor": 1},
    )
    got = run_case(case)
    assert got["documents"]["v2"]["MappedDirectories"] == [{"HostPath": _SP + "DOTSLASH", "ContainerPath": "C:\\d"}]


def test_locate_uvm_folder_uses_byte_clean() -> None:
    # V1 Xenon without UtilityVMPath: Join(layer, "UtilityVM") is ".\UtilityVM" in Go, and that is what is stat-ed.
    case = _case(
        {"layerFolders": ["z/../éaaaaaa/:/../..", "C:\\s"], "hyperv": {}},
        [],
        {"os": "windows", "processorCount": 2, "processDumpLocation": "", "vsmbShares": []},
        {"UtilityVM": {"kind": "dir"}, ".\\UtilityVM": {"kind": "dir"}},
        {"Major": 1, "Minor": 0},
    )
    got = run_case(case)
    assert got["bytes"]["v1"] == (
        '{"SystemType":"Container","Name":"","LayerFolderPath":"C:\\\\s","Layers":null,"HvPartition":true,'
        '"HvRuntime":{"ImagePath":".\\\\UtilityVM"}}'
    )


# Elements ending in a newline: a regular expression's "$" also matches before a final "\n", which once made the
# element copy in Clean stop short and loop forever (found by `hcsdoc diff`). Expected values printed by Go 1.26.8's
# path/filepath (GOOS=windows, run under Wine).
@pytest.mark.parametrize(
    "path,want",
    [
        ("a/b\n", "a\\b\n"),
        ("C:/x/..\n", "C:\\x\\..\n"),
        ("a\n", "a\n"),
        ("..\n", "..\n"),
        ("x/./y\n\n", "x\\y\n\n"),
        ("a/\n/b\r", "a\\\n\\b\r"),
        ("\\\\?\\VMSMB\\VSMB-{x}\\s1\\\n", "\\\\?\\VMSMB\\VSMB-{x}\\s1\\\n"),
    ],
)
@pytest.mark.timeout(10)
def test_clean_elements_ending_in_a_newline(path: str, want: str) -> None:
    assert fp.Clean(path) == want


@pytest.mark.timeout(10)
def test_join_element_ending_in_a_newline() -> None:
    assert fp.Join("C:\\SandboxMounts", "a/\n") == "C:\\SandboxMounts\\a\\\n"
