"""The Go building blocks of the reference: strconv (against Go 1.26.8's outputs), Go error texts, hcserror, GUIDs,
the case-string rule, the annotation parsers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hcsdoc.reference import caseinput, goerrors, guid, hcserror, oci, specs, strconv
from hcsdoc.reference.goerrors import Errno, ErrorString, PathError, Wrapf
from hcsdoc.reference.goint import GoPanic
from hcsdoc.reference.schemaversion import IsV10, IsV21

_STRCONV: list[list[str]] = json.loads((Path(__file__).parent / "data" / "strconv_go1.26.json").read_text("utf-8"))[
    "rows"
]


@pytest.mark.parametrize("row", _STRCONV, ids=[f"{r[0]}:{r[1]!r}" for r in _STRCONV])
def test_strconv_matches_go(row: list[str]) -> None:
    op, s, *want = row
    fn = strconv.ParseUint if op == "parseuint" else strconv.Atoi
    try:
        got = [str(fn(s, 64) if fn is strconv.ParseUint else fn(s))]  # type: ignore[call-arg]
    except strconv.NumError as exc:
        got = ["err", str(exc)]
    assert got == want


def test_strconv_range_error_before_later_syntax_error() -> None:
    with pytest.raises(strconv.NumError) as exc:
        strconv.ParseUint("99999999999999999999x", 64)
    assert str(exc.value) == 'strconv.ParseUint: parsing "99999999999999999999x": value out of range'
    with pytest.raises(strconv.NumError) as exc:
        strconv.Atoi("-99999999999999999999x")
    assert str(exc.value) == 'strconv.Atoi: parsing "-99999999999999999999x": value out of range'


def test_strconv_table_covers_both_functions() -> None:
    assert {r[0] for r in _STRCONV} == {"parseuint", "atoi"}


@pytest.mark.parametrize(
    "err,text",
    [
        (ErrorString("plain"), "plain"),
        (Errno(2), "The system cannot find the file specified."),
        (Errno(0x20000027), "invalid argument"),
        (Errno(99999), "winapi error #99999"),
        (PathError("CreateFile", "C:\\x", Errno(5)), "CreateFile C:\\x: Access is denied."),
        (Wrapf(Errno(3), "failed to x at y"), "failed to x at y: The system cannot find the path specified."),
        (
            hcserror.New(Errno(2), "hcsshim::NameToGuid", ""),
            "hcsshim::NameToGuid failed in Win32: The system cannot find the file specified. (0x2)",
        ),
        (hcserror.New(Errno(0x20000027), "t ", " r"), "t failed in Win32: invalid argument (0x20000027) r"),
        (hcserror.New(ErrorString("x"), "", "rest"), "failed in Win32: x (0x1f) rest"),
        (
            hcserror.New(hcserror.New(Errno(5), "a", ""), "b", ""),
            "b failed in Win32: a failed in Win32: Access is denied. (0x5) (0x5)",
        ),
    ],
)
def test_error_texts(err: goerrors.GoError, text: str) -> None:
    assert str(err) == text
    assert err.Error() == text


@pytest.mark.parametrize(
    "err,want",
    [
        (Errno(2), True),
        (Errno(3), True),
        (Errno(53), True),
        (Errno(5), False),
        (PathError("GetFileAttributesEx", "p", Errno(3)), True),
        (PathError("CreateFile", "p", Errno(5)), False),
        (ErrorString("x"), False),
        (Wrapf(Errno(2), "m"), False),  # os.IsNotExist does not unwrap pkg/errors wrappers
    ],
)
def test_is_not_exist(err: goerrors.GoError, want: bool) -> None:
    assert goerrors.IsNotExist(err) is want


@pytest.mark.parametrize(
    "s,want",
    [
        ("AAAAAAAA-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000001"),
        ("dcc079ae-60ba-4d07-847c-3493609C0870", "dcc079ae-60ba-4d07-847c-3493609c0870"),
        ("00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000"),
    ],
)
def test_guid_round_trip(s: str, want: str) -> None:
    assert guid.FromString(s).String() == want


@pytest.mark.parametrize(
    "s",
    [
        "",
        "{aaaaaaaa-0000-0000-0000-000000000001}",
        "aaaaaaaa_0000-0000-0000-000000000001",
        "+aaaaaaa-0000-0000-0000-000000000001",
        "aaaaaaaa-0000-0000-0000-00000000000１",
    ],
)
def test_guid_invalid(s: str) -> None:
    with pytest.raises(guid.InvalidGUID) as exc:
        guid.FromString(s)
    assert str(exc.value).startswith('invalid GUID "')


def test_gostr_replaces_lone_surrogates_only() -> None:
    assert caseinput.gostr("abc") == "abc"
    assert caseinput.gostr("é\ud800x\udfff") == "é\ufffdx\ufffd"
    assert caseinput.gostr("😀") == "😀"


def test_schemaversion_nil_panics() -> None:
    for fn in (IsV10, IsV21):
        with pytest.raises(GoPanic) as exc:
            fn(None)
        assert str(exc.value) == "runtime error: invalid memory address or nil pointer dereference"


def _spec(
    annotations: dict[str, str] | None = None,
    cpu: specs.WindowsCPUResources | None = None,
    storage: specs.WindowsStorageResources | None = None,
    memory: specs.WindowsMemoryResources | None = None,
    windows: bool = True,
) -> specs.Spec:
    res = specs.WindowsResources(CPU=cpu, Storage=storage, Memory=memory)
    return specs.Spec(Annotations=annotations, Windows=specs.Windows(Resources=res) if windows else None)


K = "k"


@pytest.mark.parametrize(
    "fn,spec,want",
    [
        # annotation first: uint64 tested for zero, then int32-wrapped
        (oci.ParseAnnotationsCPUCount, _spec({K: "4294967296"}, specs.WindowsCPUResources(Count=3)), 0),
        (oci.ParseAnnotationsCPUCount, _spec({K: "4294967297"}), 1),
        (oci.ParseAnnotationsCPUCount, _spec({K: "2147483648"}), -2147483648),
        (oci.ParseAnnotationsCPUCount, _spec({K: "18446744073709551615"}), -1),
        # zero or unparsable annotation: the spec
        (oci.ParseAnnotationsCPUCount, _spec({K: "0"}, specs.WindowsCPUResources(Count=3)), 3),
        (oci.ParseAnnotationsCPUCount, _spec({K: "-1"}, specs.WindowsCPUResources(Count=4294967298)), 2),
        (oci.ParseAnnotationsCPUCount, _spec({K: "+5"}, specs.WindowsCPUResources(Count=0)), 7),
        (oci.ParseAnnotationsCPUCount, _spec(None, specs.WindowsCPUResources()), 7),
        (oci.ParseAnnotationsCPUCount, _spec(None, None), 7),
        (oci.ParseAnnotationsCPUCount, _spec(None, windows=False), 7),
        (oci.ParseAnnotationsCPULimit, _spec({K: "5"}, specs.WindowsCPUResources(Maximum=9)), 5),
        (oci.ParseAnnotationsCPULimit, _spec({}, specs.WindowsCPUResources(Maximum=65535)), 65535),
        (oci.ParseAnnotationsCPULimit, _spec({}, specs.WindowsCPUResources(Maximum=0)), 7),
        (oci.ParseAnnotationsCPULimit, _spec({}, None), 7),
        (oci.ParseAnnotationsCPULimit, _spec({K: "4294967295"}), -1),
        (oci.ParseAnnotationsCPUWeight, _spec({K: "x"}, specs.WindowsCPUResources(Shares=2)), 2),
        (oci.ParseAnnotationsCPUWeight, _spec({}, specs.WindowsCPUResources(Shares=0)), 7),
        (oci.ParseAnnotationsCPUWeight, _spec({}, None), 7),
        (oci.ParseAnnotationsCPUWeight, _spec({K: "3"}), 3),
        (
            oci.ParseAnnotationsStorageIops,
            _spec({}, storage=specs.WindowsStorageResources(Iops=2147483648)),
            -2147483648,
        ),
        (oci.ParseAnnotationsStorageIops, _spec({}, storage=specs.WindowsStorageResources(Iops=0)), 7),
        (oci.ParseAnnotationsStorageIops, _spec({}), 7),
        (oci.ParseAnnotationsStorageIops, _spec({K: "9"}), 9),
        (oci.ParseAnnotationsStorageBps, _spec({}, storage=specs.WindowsStorageResources(Bps=5)), 5),
        (oci.ParseAnnotationsStorageBps, _spec({}, storage=specs.WindowsStorageResources()), 7),
        (oci.ParseAnnotationsStorageBps, _spec({}), 7),
        (oci.ParseAnnotationsStorageBps, _spec({K: "4294967296"}), 0),
        (oci.ParseAnnotationsMemory, _spec({K: "18446744073709551615"}), 18446744073709551615),
        (oci.ParseAnnotationsMemory, _spec({}, memory=specs.WindowsMemoryResources(Limit=1048575)), 0),
        (oci.ParseAnnotationsMemory, _spec({}, memory=specs.WindowsMemoryResources(Limit=3 * 1048576 + 5)), 3),
        (oci.ParseAnnotationsMemory, _spec({}, memory=specs.WindowsMemoryResources(Limit=0)), 7),
        (oci.ParseAnnotationsMemory, _spec({}), 7),
        (
            oci.ParseAnnotationsMemory,
            _spec({K: "18446744073709551616"}, memory=specs.WindowsMemoryResources(Limit=2097152)),
            2,
        ),
    ],
)
def test_parse_annotations(fn: object, spec: specs.Spec, want: int) -> None:
    assert fn(spec, K, 7) == want  # type: ignore[operator]


def test_parse_annotations_spec_without_windows_uses_default() -> None:
    s = _spec({}, windows=False)
    for fn in (
        oci.ParseAnnotationsCPULimit,
        oci.ParseAnnotationsCPUWeight,
        oci.ParseAnnotationsStorageIops,
        oci.ParseAnnotationsStorageBps,
        oci.ParseAnnotationsMemory,
    ):
        assert fn(s, K, 7) == 7


@pytest.mark.parametrize(
    "annots,want",
    [
        (None, None),
        ({}, None),
        ({K: ""}, None),
        ({K: "a"}, ["a"]),
        ({K: "a,"}, ["a", ""]),
        ({K: " a , b"}, [" a ", " b"]),
        ({K: ","}, ["", ""]),
    ],
)
def test_parse_annotation_comma_separated(annots: dict[str, str] | None, want: list[str] | None) -> None:
    assert oci.ParseAnnotationCommaSeparated(K, annots) == want
