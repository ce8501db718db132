"""reference.host.RecordedHost answers exactly as docs/case-format.md §1.4 "Seam semantics" says; the UVM is
built from a case's uvm object (§1.3)."""

from __future__ import annotations

from typing import Any

import pytest

from hcsdoc.reference.caseinput import CaseError
from hcsdoc.reference.goerrors import Errno, GoError, PathError
from hcsdoc.reference.host import RecordedHost
from hcsdoc.reference.uvm import UtilityVM

GUID_A = "AAAAAAAA-0000-0000-0000-00000000000A"


def _host(**kw: Any) -> RecordedHost:
    h: dict[str, Any] = {"processorCount": 8, "osBuild": 20348, "layerIds": {}, "resolvedPaths": {}, "files": {}}
    h.update(kw)
    return RecordedHost(h)


def _err(fn: Any, *args: Any) -> str:
    with pytest.raises(GoError) as exc:
        fn(*args)
    return str(exc.value)


def test_counts() -> None:
    h = _host(processorCount=-3, osBuild=16298)
    assert (h.ProcessorCount(), h.OSBuild()) == (-3, 16298)


def test_name_to_guid() -> None:
    h = _host(layerIds={"a": GUID_A, "b": {"errno": 5}})
    assert h.NameToGuid("a").String() == "aaaaaaaa-0000-0000-0000-00000000000a"
    assert _err(h.NameToGuid, "b") == "Access is denied."
    assert _err(h.NameToGuid, "c") == "The system cannot find the file specified."
    with pytest.raises(Errno) as exc:
        h.NameToGuid("A")  # exact key match: no case folding
    assert exc.value.code == 2


@pytest.mark.parametrize(
    "path,want",
    [
        ("C:\\d", "\\\\?\\Volume{x}\\d"),
        ("C:\\e", "CreateFile C:\\e: The network path was not found."),
        ("C:\\missing", "CreateFile C:\\missing: The system cannot find the file specified."),
        ("", "CreateFile : The system cannot find the path specified."),
        ("a\x00b", "CreateFile a\x00b: invalid argument"),
        ("C:\\D", "CreateFile C:\\D: The system cannot find the file specified."),
    ],
)
def test_resolve_path(path: str, want: str) -> None:
    h = _host(resolvedPaths={"C:\\d": "\\\\?\\Volume{x}\\d", "C:\\e": {"errno": 53}})
    try:
        got = h.ResolvePath(path)
    except GoError as exc:
        got = str(exc)
    assert got == want


def test_resolve_path_nul_is_a_path_error() -> None:
    with pytest.raises(PathError) as exc:
        _host().ResolvePath("\x00")
    assert isinstance(exc.value.Err, Errno) and exc.value.Err.code == 0x20000027


FILES = {
    "C:\\dir": {"kind": "dir"},
    "C:\\f": {"kind": "file", "content": "héllo"},
    "C:\\b": {"kind": "file", "contentBase64": "AAEC"},
    "C:\\r": {"kind": "file", "content": "x", "readErrno": 32},
    "C:\\empty": {"kind": "file"},
    "C:\\nx3": {"errno": 3},
    "C:\\nx53": {"errno": 53},
    "C:\\denied": {"errno": 5},
}


@pytest.mark.parametrize(
    "path,want",
    [
        ("C:\\dir", True),
        ("C:\\f", False),
        ("", "Stat : The system cannot find the path specified."),
        ("C:\\a\x00", "Stat C:\\a\x00: invalid argument"),
        ("C:\\nx3", "GetFileAttributesEx C:\\nx3: The system cannot find the path specified."),
        ("C:\\nx53", "GetFileAttributesEx C:\\nx53: The network path was not found."),
        ("C:\\denied", "CreateFile C:\\denied: Access is denied."),
        ("C:\\none", "GetFileAttributesEx C:\\none: The system cannot find the file specified."),
    ],
)
def test_stat(path: str, want: bool | str) -> None:
    h = _host(files=FILES)
    try:
        got: bool | str = h.Stat(path).IsDir()
    except GoError as exc:
        got = str(exc)
    assert got == want


@pytest.mark.parametrize(
    "path,want",
    [
        ("C:\\f", "héllo".encode()),
        ("C:\\b", b"\x00\x01\x02"),
        ("C:\\empty", b""),
        ("C:\\dir", "read C:\\dir: Incorrect function."),
        ("C:\\r", "open C:\\r: The process cannot access the file because it is being used by another process."),
        ("C:\\denied", "open C:\\denied: Access is denied."),
        ("C:\\none", "open C:\\none: The system cannot find the file specified."),
        ("C:\\\x00", "open C:\\\x00: invalid argument"),
    ],
)
def test_read_file(path: str, want: bytes | str) -> None:
    h = _host(files=FILES)
    try:
        got: bytes | str = h.ReadFile(path)
    except GoError as exc:
        got = str(exc)
    assert got == want


def test_path_error_fields() -> None:
    with pytest.raises(PathError) as exc:
        _host().Stat("C:\\x")
    assert (exc.value.Op, exc.value.Path, str(exc.value.Err)) == (
        "GetFileAttributesEx",
        "C:\\x",
        "The system cannot find the file specified.",
    )


def test_lone_surrogate_keys_become_replacement_characters() -> None:
    h = _host(resolvedPaths={"C:\\\ud800": "R"})
    assert h.ResolvePath("C:\\\ufffd") == "R"


@pytest.mark.parametrize(
    "kw,msg",
    [
        ({"processorCount": 1 << 31}, "case.host.processorCount: expected int32 (an integer in [-2147483648, 2147483647]), got 2147483648"),
        ({"osBuild": True}, "case.host.osBuild: expected uint16 (an integer in [0, 65535]), got boolean"),
        ({"layerIds": {"a": "nope"}}, "case.host.layerIds['a']: invalid GUID \"nope\""),
        ({"layerIds": {"a": 3}}, "case.host.layerIds['a']: expected a GUID string or {\"errno\": N}, got integer"),
        ({"resolvedPaths": {"a": None}}, "case.host.resolvedPaths['a']: expected a string or {\"errno\": N}, got null"),
        (
            {"resolvedPaths": {"a": {"errno": "2"}}},
            "case.host.resolvedPaths['a'].errno: expected uint32 (an integer in [0, 4294967295]), got string",
        ),
        ({"files": {"a": []}}, "case.host.files['a']: expected object, got array"),
        ({"files": {"a": {"kind": "link"}}}, 'case.host.files[\'a\'].kind: expected "dir" or "file" (or an errno answer), got \'link\''),
        ({"files": {"a": {"kind": "file", "contentBase64": "!"}}}, "case.host.files['a'].contentBase64: not valid base64"),
        ({"files": {"a": {"kind": "file", "content": 1}}}, "case.host.files['a'].content: expected string, got integer"),
        ({"files": None}, "case.host.files: expected object, got null"),
    ],
)
def test_malformed_host(kw: dict[str, Any], msg: str) -> None:
    with pytest.raises(CaseError) as exc:
        _host(**kw)
    assert str(exc.value) == msg


def test_missing_host_key() -> None:
    with pytest.raises(CaseError) as exc:
        RecordedHost({})
    assert str(exc.value) == "case.host.processorCount: required"


SHARE_DIR = {"hostPath": "C:\\data", "readOnly": True, "kind": "dir", "guestPath": "\\\\?\\VMSMB\\VSMB-{x}\\s1"}


def _uvm(shares: list[Any], files: dict[str, Any] | None = None) -> UtilityVM:
    return UtilityVM.from_case(
        {"os": "windows", "processorCount": 2, "processDumpLocation": "C:\\dumps", "vsmbShares": shares},
        _host(files=files or {}),
    )


def test_uvm_accessors() -> None:
    vm = _uvm([])
    assert (vm.OS(), vm.ProcessorCount(), vm.ProcessDumpLocation()) == ("windows", 2, "C:\\dumps")


@pytest.mark.parametrize(
    "hostPath,readOnly,want",
    [
        ("C:\\data", True, "\\\\?\\VMSMB\\VSMB-{x}\\s1"),
        ("C:\\data\\", True, "\\\\?\\VMSMB\\VSMB-{x}\\s1"),  # cleaned before the key is made
        ("C:\\data", False, "not attached"),  # the key includes read-only-ness
        ("C:\\files\\a.txt", False, "\\\\?\\VMSMB\\VSMB-{y}\\s2\\a.txt"),  # file: folder's share + file name
        ("C:\\files\\b.txt", True, "not attached"),
        ("C:\\nope", True, "GetFileAttributesEx C:\\nope: The system cannot find the file specified."),
        ("", True, "no hostPath passed to GetVSMBUvmPath"),
    ],
)
def test_get_vsmb_uvm_path(hostPath: str, readOnly: bool, want: str) -> None:
    vm = _uvm(
        [
            SHARE_DIR,
            {"hostPath": "C:\\files", "readOnly": False, "kind": "file", "guestPath": "\\\\?\\VMSMB\\VSMB-{y}\\s2"},
        ],
        files={
            "C:\\data": {"kind": "dir"},
            "C:\\data\\": {"kind": "dir"},
            "C:\\files\\a.txt": {"kind": "file"},
            "C:\\files\\b.txt": {"kind": "file"},
        },
    )
    try:
        got = vm.GetVSMBUvmPath(hostPath, readOnly)
    except GoError as exc:
        got = str(exc)
    assert got == want


def test_later_share_with_same_key_replaces() -> None:
    vm = _uvm([SHARE_DIR, {**SHARE_DIR, "guestPath": "G2"}], files={"C:\\data": {"kind": "dir"}})
    assert vm.GetVSMBUvmPath("C:\\data", True) == "G2"


@pytest.mark.parametrize(
    "shares,msg",
    [
        (["x"], "case.uvm.vsmbShares[0]: expected object, got string"),
        ([{**SHARE_DIR, "kind": "pipe"}], 'case.uvm.vsmbShares[0].kind: expected "dir" or "file", got \'pipe\''),
        ([{**SHARE_DIR, "readOnly": "yes"}], "case.uvm.vsmbShares[0].readOnly: expected boolean, got string"),
    ],
)
def test_malformed_uvm(shares: list[Any], msg: str) -> None:
    with pytest.raises(CaseError) as exc:
        _uvm(shares)
    assert str(exc.value) == msg


def test_uvm_without_shares() -> None:
    vm = UtilityVM.from_case(
        {"os": "linux", "processorCount": 0, "processDumpLocation": "", "vsmbShares": None}, _host()
    )
    assert (vm.OS(), vm.vsmbDirShares, vm.vsmbFileShares) == ("linux", {}, {})
