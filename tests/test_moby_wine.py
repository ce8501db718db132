"""Docker Engine v28.5.2's own code under Wine, through its adapter (skipped where Wine or Go is missing; the
first run builds the engine from the Go module proxy, a few minutes)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from hcsdoc.conformance.capture.wine import WINE

pytestmark = pytest.mark.skipif(
    not WINE.exists() or shutil.which("go") is None or os.environ.get("HCSDOC_SKIP_GO") == "1",
    reason="needs Wine (hcsdoc capture --setup) and the Go toolchain",
)

VOL = "\\\\?\\Volume{12345678-1234-1234-1234-123456789abc}\\"
GUID = "aaaaaaaa-1234-1234-1234-123456789abc"


def _case(spec: Any, **options: Any) -> dict[str, Any]:
    from hcsdoc.reference import make_case

    case = make_case(spec, host={"layerIds": {"base": GUID}, "processorCount": 4})
    case["options"].update(options)
    return case


def _spec(**windows: Any) -> dict[str, Any]:
    return {"root": {"path": VOL}, "windows": {"layerFolders": ["C:\\l\\base", "C:\\l\\scratch"], **windows}}


@pytest.fixture(scope="module")
def engine() -> Iterator[Any]:
    from hcsdoc.conformance.impl.adapters import Adapter, environment_with
    from hcsdoc.conformance.moby.process import adapter_command

    argv, env = adapter_command("v28.5.2")
    a = Adapter(argv, environment_with(env))
    info = a.start()
    assert info["name"] == "moby" and info["version"] == "v28.5.2"
    yield a
    a.close()


def _run(engine: Any, *cases: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for _, reply in engine.run(enumerate(cases)):
        out.append(reply.result if reply.kind == "result" else {reply.kind: reply.message})
    return out


def test_the_recorded_document_is_what_hcsshim_would_send(engine: Any) -> None:
    (r,) = _run(engine, _case(_spec(), actualId="c9", owner="own<er>"))
    assert r["bytes"]["v1"] == (
        '{"SystemType":"Container","Name":"c9","Owner":"own\\u003cer\\u003e",'
        '"VolumePath":"\\\\\\\\?\\\\Volume{12345678-1234-1234-1234-123456789abc}",'
        '"LayerFolderPath":"C:\\\\l\\\\scratch",'
        '"Layers":[{"ID":"aaaaaaaa-1234-1234-1234-123456789abc","Path":"C:\\\\l\\\\base"}],"HvPartition":false}'
    )
    assert r["documents"]["v2"] == {}


def test_engine_facts(engine: Any) -> None:
    empty_root = _spec()
    empty_root["root"] = {"path": ""}
    typed = _spec()
    typed["mounts"] = [{"type": "bind", "source": "C:\\a", "destination": "C:\\b"}]
    cpu = _spec(resources={"cpu": {"count": 64}})
    r = _run(engine, _case(empty_root), _case(typed), _case(cpu), _case(_spec(), schemaVersion=None))
    assert r[0] == {"panic": "runtime error: slice bounds out of range [:-1]"}
    assert r[1] == {"error": "OCI spec is invalid - Mount.Type 'bind' must not be set"}
    assert r[2]["documents"]["v1"]["ProcessorCount"] == 4  # clamped to host.processorCount
    assert "schema version" in r[3]["skipped"]


def test_missing_layer_guid_is_the_windows_error(engine: Any) -> None:
    spec = _spec()
    spec["windows"]["layerFolders"] = ["C:\\l\\other", "C:\\l\\scratch"]
    (r,) = _run(engine, _case(spec))
    assert r["error"].startswith("hcsshim::NameToGuid failed in Win32: The system cannot find the file specified.")


def test_a_small_differential_run_against_hcsshim_is_fully_classed() -> None:
    from hcsdoc.conformance.differential import session as ses
    from hcsdoc.conformance.impl.resolve import AdapterSettings
    from hcsdoc.conformance.moby import differential as md

    moby = ses.open_side("moby", settings=ses.DIFF_SETTINGS)
    try:
        go = ses.open_side("go", settings=AdapterSettings(window=500))
        try:
            run = md.run_differential(moby.runner, go.runner, version="v28.5.2", examples=1000, seed=0, max_tests=200)
        finally:
            go.close()
    finally:
        moby.close()
    assert run.generated == 1000 and run.oracle_failed == 0
    assert not run.unclassified
    assert {"na.uvm", "crash.nil-windows", "rejects.hyperv-v1", "crash.empty-root-path"} <= set(run.classes)
    assert run.panics["moby panic, hcsshim error"] == sum(
        g.cases for k, g in run.classes.items() if k.startswith("crash.")
    )
    # Two whole batches of 500: the first 1,000 cases of the committed record's stream (the generator's last,
    # shorter batch would be drawn differently), so each class shown here was first seen at the same case there.
    committed = {e["id"]: e["firstAt"] for e in md.load_record(md.RECORD)["classes"]}
    for cid, g in run.classes.items():
        assert committed[cid] == g.first_at, cid
