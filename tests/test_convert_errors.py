"""Every error and panic of createWindowsContainerDocument and its callees, in Go's order, through run_case."""

from __future__ import annotations

from typing import Any

import pytest

from hcsdoc.reference import run_case
from tests.convert_case import SHARE, VOL, case, spec

DIR = {"kind": "dir"}
NOT_FOUND = "The system cannot find the file specified."


def _ann(**a: str) -> dict[str, Any]:
    s = spec()
    s["annotations"] = {k.replace("_", "."): v for k, v in a.items()}
    return s


def _with(s: dict[str, Any], **top: Any) -> dict[str, Any]:
    s.update(top)
    return s


def _xenon(sp: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return case(sp, uvm=kw.pop("uvm", {}), **kw)


ERRORS: list[tuple[str, dict[str, Any], str]] = [
    ("spec-null", case(no_spec=True), "cannot create HCS container document - OCI spec is missing"),
    ("spec-text-null", case(specText=" null "), "cannot create HCS container document - OCI spec is missing"),
    # deliberate trailing space (Go's text)
    (
        "no-windows",
        case({"root": {"path": VOL}}),
        "cannot create HCS container document - OCI spec Windows section is missing ",
    ),
    ("layers-null", case(spec(layerFolders=None)), "invalid spec - not enough layer folders supplied"),
    ("layers-empty", case(spec(layerFolders=[])), "invalid spec - not enough layer folders supplied"),
    ("layers-one", case(spec(layerFolders=["C:\\l\\s"])), "invalid spec - not enough layer folders supplied"),
    (
        "cpu-count-and-limit",
        case(_ann(io_microsoft_container_processor_count="2", io_microsoft_container_processor_limit="5")),
        "invalid spec - Windows Container CPU Count: '2', Limit: '5', and Weight: '0' are mutually exclusive",
    ),
    (
        "cpu-raw-wrapped-values",
        case(
            _ann(
                io_microsoft_container_processor_count="2147483648",
                io_microsoft_container_processor_limit="1",
                io_microsoft_container_processor_weight="3",
            )
        ),
        "invalid spec - Windows Container CPU Count: '-2147483648', Limit: '1', and Weight: '3' are mutually exclusive",
    ),
    (
        "cpu-spec-limit-and-weight",
        case(spec(resources={"cpu": {"maximum": 5000, "shares": 2}})),
        "invalid spec - Windows Container CPU Count: '0', Limit: '5000', and Weight: '2' are mutually exclusive",
    ),
    ("root-nil", case(_with(spec(), root=None)), "spec is invalid - root isn't populated"),
    (
        "root-readonly",
        case(_with(spec(), root={"path": VOL, "readonly": True})),
        "invalid container spec - readonly is not supported for Windows containers",
    ),
    (
        "root-not-volume",
        case(_with(spec(), root={"path": "C:\\rootfs"})),
        "invalid container spec - Root.Path 'C:\\rootfs' must be a volume GUID path in the format '\\\\?\\Volume{GUID}\\'",
    ),
    (
        "root-volume-newline",
        case(_with(spec(), root={"path": VOL + "\n"})),
        f"invalid container spec - Root.Path '{VOL}\n' must be a volume GUID path in the format '\\\\?\\Volume{{GUID}}\\'",
    ),
    (
        "root-volume-lowercase-word",
        case(_with(spec(), root={"path": VOL.replace("Volume", "volume")})),
        f"invalid container spec - Root.Path '{VOL.replace('Volume', 'volume')}' must be a volume GUID path in the format '\\\\?\\Volume{{GUID}}\\'",
    ),
    (
        "root-empty",
        case(_with(spec(), root={"path": ""})),
        "invalid container spec - Root.Path '' must be a volume GUID path in the format '\\\\?\\Volume{GUID}\\'",
    ),
    (
        "layer-id-missing",
        case(spec(layerFolders=["C:\\l\\nope", "C:\\l\\s"])),
        f"hcsshim::NameToGuid failed in Win32: {NOT_FOUND} (0x2)",
    ),
    (
        "layer-id-errno",
        case(layerIds={"base": {"errno": 5}}),
        "hcsshim::NameToGuid failed in Win32: Access is denied. (0x5)",
    ),
    (
        "layer-id-unknown-errno",
        case(layerIds={"base": {"errno": 12345}}),
        "hcsshim::NameToGuid failed in Win32: winapi error #12345 (0x3039)",
    ),
    (
        "layer-id-nul",
        case(spec(layerFolders=["C:\\l\\ba\u0000se", "C:\\l\\s"])),
        "hcsshim::NameToGuid failed in Win32: invalid argument (0x20000027)",
    ),
    (
        "layer-id-trailing-separator",
        case(spec(layerFolders=["C:\\l\\base\\", "C:\\l\\s"])),
        f"hcsshim::NameToGuid failed in Win32: {NOT_FOUND} (0x2)",
    ),
    (
        "mount-resolve-missing",
        case(_with(spec(), mounts=[{"destination": "C:\\d", "source": "C:\\nope"}])),
        f'failed to resolve path for mount source "C:\\\\nope": CreateFile C:\\nope: {NOT_FOUND}',
    ),
    (
        "mount-resolve-empty",
        case(_with(spec(), mounts=[{"destination": "C:\\d"}])),
        'failed to resolve path for mount source "": CreateFile : The system cannot find the path specified.',
    ),
    (
        "mount-resolve-nul-quoted",
        case(_with(spec(), mounts=[{"destination": "C:\\d", "source": "a\u0000\u00e9\t"}])),
        'failed to resolve path for mount source "a\\x00é\\t": CreateFile a\x00é\t: invalid argument',
    ),
    (
        "mount-resolve-errno",
        case(
            _with(spec(), mounts=[{"destination": "C:\\d", "source": "C:\\x"}]), resolvedPaths={"C:\\x": {"errno": 5}}
        ),
        'failed to resolve path for mount source "C:\\\\x": CreateFile C:\\x: Access is denied.',
    ),
    (
        "mount-sandbox-without-uvm-is-resolved",
        case(_with(spec(), mounts=[{"destination": "C:\\d", "source": "sandbox:///x", "type": "virtual-disk"}])),
        f'failed to resolve path for mount source "sandbox:///x": CreateFile sandbox:///x: {NOT_FOUND}',
    ),
    (
        "pipes-before-rs3",
        case(_with(spec(), mounts=[{"destination": "\\\\.\\pipe\\p", "source": "\\\\.\\pipe\\p"}]), osBuild=16298),
        "named pipe mounts are not supported on this version of Windows",
    ),
    (
        "mount-error-wins-over-pipe-build",
        case(
            _with(
                spec(),
                mounts=[
                    {"destination": "\\\\.\\pipe\\p", "source": "\\\\.\\pipe\\p"},
                    {"destination": "C:\\d", "source": "C:\\nope"},
                ],
            ),
            osBuild=16298,
        ),
        f'failed to resolve path for mount source "C:\\\\nope": CreateFile C:\\nope: {NOT_FOUND}',
    ),
    (
        "device-unsupported",
        case(spec(devices=[{"id": "ok", "idType": "class"}, {"id": "g0", "idType": "gpu"}, {"id": "x", "idType": ""}])),
        "specified device g0 has unsupported type gpu",
    ),
    (
        "device-type-case-sensitive",
        case(spec(devices=[{"id": "d", "idType": "Class"}])),
        "specified device d has unsupported type Class",
    ),
    (
        "ext-stat-first-failure",
        case(_ann(io_microsoft_container_wcow_deviceextensions="C:\\e1,C:\\e2"), files={"C:\\e1": {"kind": "file"}}),
        f"failed to find path to driver extensions at C:\\e2: GetFileAttributesEx C:\\e2: {NOT_FOUND}",
    ),
    (
        "ext-stat-empty-item",
        case(_ann(io_microsoft_container_wcow_deviceextensions="C:\\e1,"), files={"C:\\e1": {"kind": "file"}}),
        "failed to find path to driver extensions at : Stat : The system cannot find the path specified.",
    ),
    (
        "ext-stat-before-build",
        case(_ann(io_microsoft_container_wcow_deviceextensions="C:\\e1"), osBuild=17763),
        f"failed to find path to driver extensions at C:\\e1: GetFileAttributesEx C:\\e1: {NOT_FOUND}",
    ),
    (
        "ext-old-build",
        case(
            _ann(io_microsoft_container_wcow_deviceextensions="C:\\e1"),
            osBuild=20347,
            files={"C:\\e1": {"kind": "file"}},
        ),
        "device extensions are not supported on this build (20347)",
    ),
    (
        "ext-read-dir",
        case(_ann(io_microsoft_container_wcow_deviceextensions="C:\\e1"), files={"C:\\e1": DIR}),
        "failed to read extension file at C:\\e1: read C:\\e1: Incorrect function.",
    ),
    (
        "ext-read-errno",
        case(
            _ann(io_microsoft_container_wcow_deviceextensions="C:\\e1"),
            files={"C:\\e1": {"kind": "file", "readErrno": 5}},
        ),
        "failed to read extension file at C:\\e1: open C:\\e1: Access is denied.",
    ),
    (
        "ext-unmarshal-empty",
        case(
            _ann(io_microsoft_container_wcow_deviceextensions="C:\\e1"),
            files={"C:\\e1": {"kind": "file", "content": ""}},
        ),
        "failed to unmarshal extension file at C:\\e1: unexpected end of JSON input",
    ),
    (
        "ext-unmarshal-bom",
        case(
            _ann(io_microsoft_container_wcow_deviceextensions="C:\\e1"),
            files={"C:\\e1": {"kind": "file", "contentBase64": "77u/e30="}},
        ),
        "failed to unmarshal extension file at C:\\e1: invalid character 'ï' looking for beginning of value",
    ),
    (
        "dump-type-bad",
        case(_ann(io_microsoft_container_processdumplocation="C:\\d", io_microsoft_wcow_processdumptype="Mini")),
        'unknown dump type specified, valid values are "mini" or "full"',
    ),
    (
        "dump-type-before-count",
        case(
            _ann(
                io_microsoft_container_processdumplocation="C:\\d",
                io_microsoft_wcow_processdumptype="x",
                io_microsoft_wcow_processdumpcount="x",
            )
        ),
        'unknown dump type specified, valid values are "mini" or "full"',
    ),
    (
        "dump-count-syntax",
        case(_ann(io_microsoft_container_processdumplocation="C:\\d", io_microsoft_wcow_processdumpcount="abc")),
        'strconv.Atoi: parsing "abc": invalid syntax',
    ),
    (
        "dump-count-range",
        case(
            _ann(
                io_microsoft_container_processdumplocation="C:\\d",
                io_microsoft_wcow_processdumpcount="99999999999999999999",
            )
        ),
        'strconv.Atoi: parsing "99999999999999999999": value out of range',
    ),
    (
        "dump-count-zero-typo",
        case(_ann(io_microsoft_container_processdumplocation="C:\\d", io_microsoft_wcow_processdumpcount="+0")),
        "invaid dump count specified: +0",
    ),
    (
        "dump-count-negative",
        case(_ann(io_microsoft_container_processdumplocation="C:\\d", io_microsoft_wcow_processdumpcount="-3")),
        "invaid dump count specified: -3",
    ),
    (
        "dump-from-uvm-validated",
        _xenon(_ann(io_microsoft_wcow_processdumpcount="0"), uvm={"processDumpLocation": "C:\\d", "os": "linux"}),
        "invaid dump count specified: 0",
    ),
    # V2 Xenon
    (
        "xenon-layer-vsmb-before-layer-id",
        _xenon(spec(layerFolders=["C:\\l\\nope", "C:\\l\\s"])),
        f"GetFileAttributesEx C:\\l\\nope: {NOT_FOUND}",
    ),
    (
        "xenon-layer-not-attached",
        _xenon(spec(), files={"C:\\l\\base": DIR}),
        "not attached",
    ),
    (
        "xenon-layer-id-after-vsmb",
        _xenon(
            spec(),
            uvm={
                "vsmbShares": [{"hostPath": "C:\\l\\base", "readOnly": True, "kind": "dir", "guestPath": SHARE + "s1"}]
            },
            files={"C:\\l\\base": DIR},
            layerIds={},
        ),
        f"hcsshim::NameToGuid failed in Win32: {NOT_FOUND} (0x2)",
    ),
    (
        "xenon-mount-empty-source",
        _xenon(_with(spec(), mounts=[{"destination": "C:\\d"}]), uvm={"os": "linux"}),
        "no hostPath passed to GetVSMBUvmPath",
    ),
    (
        "xenon-mount-not-attached",
        _xenon(
            _with(spec(), mounts=[{"destination": "C:\\d", "source": "C:\\m", "options": ["RO"]}]),
            uvm={"os": "linux"},
            files={"C:\\m": DIR},
        ),
        "not attached",
    ),
    # V1 Xenon
    (
        "v1-xenon-no-uvm-folder",
        case(spec(hyperv={}), uvm={}, schemaVersion={"Major": 1, "Minor": 0}),
        "utility VM folder could not be found in layers",
    ),
    (
        "v1-xenon-stat-error",
        case(
            spec(hyperv={}),
            uvm={},
            schemaVersion={"Major": 1, "Minor": 0},
            files={"C:\\l\\base\\UtilityVM": {"errno": 5}},
        ),
        "CreateFile C:\\l\\base\\UtilityVM: Access is denied.",
    ),
    (
        "v1-xenon-found-folder-empty",
        case(
            spec(hyperv={}, layerFolders=["", "C:\\l\\s"]),
            uvm={},
            schemaVersion={"Major": 1, "Minor": 0},
            files={"UtilityVM": DIR},
        ),
        "utility VM folder could not be found in layers",
    ),
    # decode errors are results too (the partial spec is not converted)
    (
        "decode-type-error",
        case(specText='{"windows":{"resources":{"cpu":{"count":1.5}}}}'),
        "json: cannot unmarshal number 1.5 into Go struct field WindowsCPUResources.windows.resources.cpu.count of type uint64",
    ),
]


@pytest.mark.parametrize("c,want", [(c, w) for _, c, w in ERRORS], ids=[i for i, _, _ in ERRORS])
def test_error(c: dict[str, Any], want: str) -> None:
    assert run_case(c) == {"error": want}


NIL = "runtime error: invalid memory address or nil pointer dereference"
PANICS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "rescale-zero-uvm-processors",
        _xenon(
            _ann(io_microsoft_container_processor_limit="5000"),
            uvm={"processorCount": 0, "os": "linux"},
            scaleCpuLimitsToSandbox=True,
        ),
        {"panic": "runtime error: integer divide by zero"},
    ),
    ("schema-nil", case(schemaVersion=None), {"panic": NIL}),
    ("schema-nil-xenon", _xenon(spec(), schemaVersion=None), {"panic": NIL}),
    # the nil version is read only at the isolation predicates: earlier errors win
    (
        "schema-nil-root-error-first",
        case(_with(spec(), root=None), schemaVersion=None),
        {"error": "spec is invalid - root isn't populated"},
    ),
    (
        "no-zero-divide-without-scaling",
        _xenon(_ann(io_microsoft_container_processor_limit="5000"), uvm={"processorCount": 0, "os": "linux"}),
        {"documents": None},  # placeholder: checked below
    ),
]


@pytest.mark.parametrize("c,want", [(c, w) for _, c, w in PANICS], ids=[i for i, _, _ in PANICS])
def test_panic_or_precedence(c: dict[str, Any], want: dict[str, Any]) -> None:
    got = run_case(c)
    if want == {"documents": None}:
        assert "documents" in got
        assert got["documents"]["v2"]["Processor"] == {"Maximum": 5000}
    else:
        assert got == want
