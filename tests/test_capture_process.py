"""The real Go hcsshim v0.11.8 under Wine, through the capture process (skipped where Wine is not installed).

Every expectation here is a fact about Go's code that docs/case-format.md or the behaviour map states; the test
fails if the seams, the protocol or the build break it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.wine

VOL = "\\\\?\\Volume{12345678-1234-1234-1234-123456789abc}"
GUID = "AAAAAAAA-1234-1234-1234-123456789ABC"


def _case(spec: Any = None, **kw: Any) -> dict[str, Any]:
    from hcsdoc.reference import make_case

    if spec is None:
        spec = {"windows": {"layerFolders": ["C:\\l\\base", "C:\\l\\scratch"]}, "root": {"path": VOL}}
    return make_case(spec, **kw)


@pytest.fixture(scope="module")
def proc() -> Iterator[Any]:
    from hcsdoc.conformance.capture.process import GoProcess

    with GoProcess() as p:
        yield p


def test_start_reports_the_implementation(proc: Any) -> None:
    assert proc.implementation == {"name": "hcsshim", "version": "v0.11.8"}


def test_argon_documents_exact_bytes(proc: Any) -> None:
    r = proc.run(_case(id="c1", owner="own", layerIds={"base": GUID}))
    assert r["bytes"]["v1"] == (
        '{"SystemType":"Container","Name":"c1","Owner":"own","VolumePath":"\\\\\\\\?\\\\Volume{12345678-1234-1234-'
        '1234-123456789abc}","LayerFolderPath":"C:\\\\l\\\\scratch","Layers":[{"ID":"aaaaaaaa-1234-1234-1234-'
        '123456789abc","Path":"C:\\\\l\\\\base"}],"HvPartition":false}'
    )
    assert r["bytes"]["v2"].startswith('{"Storage":{"Layers":[{"Id":"aaaaaaaa-1234-1234-1234-123456789abc"')
    assert r["bytes"]["v2"].endswith('"Name":"WaitToKillServiceTimeout","Type":"String","StringValue":"2147483647"}]}}')


def test_name_to_guid_errors_are_windows_english_and_hcserror_wrapped(proc: Any) -> None:
    missing, errno5, einval = proc.run_many(
        [_case(), _case(layerIds={"base": {"errno": 5}}), _case(layerIds={"base": {"errno": 536870951}})]
    )
    assert missing == {"error": "hcsshim::NameToGuid failed in Win32: The system cannot find the file specified. (0x2)"}
    assert errno5 == {"error": "hcsshim::NameToGuid failed in Win32: Access is denied. (0x5)"}
    assert einval == {"error": "hcsshim::NameToGuid failed in Win32: invalid argument (0x20000027)"}


def test_resolve_path_seam(proc: Any) -> None:
    spec = {
        "windows": {"layerFolders": ["C:\\l\\base", "C:\\l\\scratch"]},
        "root": {"path": VOL},
        "mounts": [{"source": "C:\\nope", "destination": "C:\\x"}],
    }
    r = proc.run(_case(spec, layerIds={"base": GUID}))
    assert r == {
        "error": 'failed to resolve path for mount source "C:\\\\nope": CreateFile C:\\nope: '
        "The system cannot find the file specified."
    }


def test_uvm_with_zero_processors_panics(proc: Any) -> None:
    spec = {
        "windows": {"layerFolders": ["C:\\l\\base", "C:\\l\\scratch"]},
        "root": {"path": "C:\\c\\1"},
        "annotations": {"io.microsoft.container.processor.limit": "5000"},
    }
    r = proc.run(_case(spec, uvm={"processorCount": 0}, scaleCpuLimitsToSandbox=True))
    assert r == {"panic": "runtime error: integer divide by zero"}


def test_decode_error_uses_go_1_26_text(proc: Any) -> None:
    from hcsdoc.reference import make_case

    r = proc.run(make_case(None, specText='{"windows":{"resources":{"cpu":{"count":1.0}}}}'))
    assert r == {
        "error": "json: cannot unmarshal number 1.0 into Go struct field "
        "WindowsCPUResources.windows.resources.cpu.count of type uint64"
    }


def test_pipelined_replies_keep_order(proc: Any) -> None:
    cases = [_case(id=f"c{i}", layerIds={"base": GUID}) for i in range(200)]
    results = proc.run_many(cases)
    assert [r["documents"]["v1"]["Name"] for r in results] == [f"c{i}" for i in range(200)]


def test_seam_fault_is_errored(proc: Any) -> None:
    case = _case()
    case["host"]["layerIds"] = {"base": "not-a-guid"}  # the normalizer would reject it; the Go side must too
    r = proc.run(case)
    assert r == {"errored": 'hcsdoc seam: host.layerIds["base"]: invalid GUID "not-a-guid"'}


def test_cover_build_writes_counters(tmp_path: Path) -> None:
    from hcsdoc.conformance.capture.coverage import run_coverage

    report = run_coverage([_case(layerIds={"base": GUID})])
    wcow = report.files[0]
    assert wcow.file == "internal/hcsoci/hcsdoc_wcow.go"
    assert 0 < wcow.covered < wcow.statements
