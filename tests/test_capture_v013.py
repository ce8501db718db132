"""The v0.13 era (hcsshim v0.13.0 to v0.14.1): the caller's code fills the converter's inputs first.

The patch helpers run anywhere; the patches against the real module sources need Go (the module proxy); the
behaviour tests run the real hcsshim releases under Wine. Each expectation is a fact of hcsshim's code that
docs/hcsshim-eras.md §4 states.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.conformance.capture.eras import _redirect, era_of

VOL = "\\\\?\\Volume{12345678-1234-1234-1234-123456789abc}\\"
GUID = "aaaaaaaa-1234-1234-1234-123456789abc"
NIL = "runtime error: invalid memory address or nil pointer dereference"
LAYERS = ["C:\\l\\base", "C:\\l\\scratch"]


def test_redirect_keeps_the_receiver_and_the_line() -> None:
    old, new = _redirect("func (uvm *UtilityVM) modify(ctx context.Context) (err error) {", "x()", "renamed")
    assert old == "func (uvm *UtilityVM) modify(ctx context.Context) (err error) {"
    assert new == (
        "func (uvm *UtilityVM) modify(ctx context.Context) (err error) { return x() } /* hcsdoc seam; the original "
        "follows */; func (uvm *UtilityVM) renamed(ctx context.Context) (err error) {"
    )
    _, plain = _redirect("func _a(id *uint16) (hr error) {", "y()", "r")
    assert plain.endswith("; func r(id *uint16) (hr error) {") and "\n" not in plain


@pytest.mark.go
@pytest.mark.parametrize("version", ["v0.13.0", "v0.14.1"])
def test_caller_patches_apply_to_the_real_sources(version: str, tmp_path: Path) -> None:
    from hcsdoc.conformance.capture.build import module_source
    from hcsdoc.conformance.capture.patches import apply_patches

    era = era_of(version)
    pristine, _ = module_source(version)
    touched = sorted({p.file for p in era.patches})
    for rel in touched:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes((pristine / rel).read_bytes())
    log = apply_patches(tmp_path, era.patches)
    assert len(log) == len(era.patches)
    for rel in touched:  # no edit adds or removes a line: coverage line numbers stay upstream's
        assert (tmp_path / rel).read_text().count("\n") == (pristine / rel).read_text().count("\n"), rel
    wcow = (tmp_path / "internal/hcsoci/hcsdoc_wcow.go").read_text()
    assert "return hcsdocCreateAsCaller(ctx, coi) }" in wcow and "func hcsdocConverter(ctx context.Context" in wcow


def _case(spec: Any = None, **kw: Any) -> dict[str, Any]:
    from hcsdoc.reference import make_case

    if spec is None:
        spec = {"windows": {"layerFolders": LAYERS}, "root": {"path": VOL}}
    kw.setdefault("layerIds", {"base": GUID})
    kw.setdefault("schemaVersion", {"Major": 2, "Minor": 1})
    return make_case(spec, id="c1", actualId="c1", **kw)


def _procs(versions: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    from hcsdoc.conformance.capture.process import GoProcess

    procs = {v: GoProcess(version=v) for v in versions}
    try:
        for p in procs.values():
            p.start()
        yield procs
    finally:
        for p in procs.values():
            p.stop()


@pytest.fixture(scope="module")
def go13() -> Iterator[dict[str, Any]]:
    yield from _procs(("v0.13.0", "v0.14.0", "v0.14.1"))


@pytest.mark.wine
def test_a_client_mounted_root_panics_until_v0_14_1(go13: dict[str, Any]) -> None:
    case = _case()
    assert go13["v0.13.0"].run(case) == {"panic": NIL}
    assert go13["v0.14.0"].run(case) == {"panic": NIL}
    docs = go13["v0.14.1"].run(case)["documents"]
    assert docs["v1"]["Layers"] == [{"ID": GUID, "Path": "C:\\l\\base"}]
    assert "LayerFolderPath" not in docs["v1"]  # commented out from v0.13
    assert docs["v2"]["Storage"] == {"Layers": [{"Id": GUID, "Path": "C:\\l\\base"}], "Path": VOL}


@pytest.mark.wine
def test_v0_14_1_still_panics_for_hyperv_without_a_utility_vm(go13: dict[str, Any]) -> None:
    spec = {"windows": {"layerFolders": LAYERS, "hyperv": {}}, "root": {"path": VOL}}
    assert go13["v0.14.1"].run(_case(spec)) == {"panic": NIL}


@pytest.mark.wine
def test_v0_14_1_looks_the_layer_ids_up_before_the_converter(go13: dict[str, Any]) -> None:
    r = go13["v0.14.1"].run(_case(layerIds={}))
    assert r == {
        "error": "failed to use pre-mounted container storage: hcsshim::NameToGuid failed in Win32: The system "
        "cannot find the file specified. (0x2)"
    }


@pytest.mark.wine
def test_mounting_the_layers_is_not_applicable(go13: dict[str, Any]) -> None:
    spec = {"windows": {"layerFolders": LAYERS}}
    no_scratch = go13["v0.14.1"].run(_case(spec))
    assert "the layers' scratch folder is not in host.files" in no_scratch["skipped"]
    files = {"C:\\l\\scratch": {"kind": "dir"}, "C:\\l\\scratch\\sandbox.vhdx": {"kind": "file", "content": ""}}
    activate = go13["v0.13.0"].run(_case(spec, files=files))
    assert "vmcompute.dll ActivateLayer has no answer in the case format" in activate["skipped"]


@pytest.mark.wine
def test_the_shim_parses_the_layer_folders_first(go13: dict[str, Any]) -> None:
    one = {"windows": {"layerFolders": ["C:\\l\\scratch"]}, "root": {"path": VOL}}
    assert go13["v0.13.0"].run(_case(one)) == {
        "error": "must pass at least two Windows.LayerFolders: failed precondition"
    }
    # no Windows section: the converter's own check, before anything reads spec.Windows
    assert go13["v0.13.0"].run(_case({"root": {"path": VOL}})) == {
        "error": "cannot create HCS container document - OCI spec Windows section is missing "
    }


@pytest.mark.wine
def test_named_pipes_come_from_set_up_mounts(go13: dict[str, Any]) -> None:
    pipe = {"source": "\\\\.\\pipe\\p", "destination": "\\\\.\\pipe\\q"}
    lost = {"source": "\\\\.\\pipe\\p", "destination": "C:\\q"}
    spec = {"windows": {"layerFolders": LAYERS}, "root": {"path": VOL}, "mounts": [pipe, lost]}
    docs = go13["v0.14.1"].run(_case(spec, osBuild=20348))["documents"]
    # a pipe source with another destination is neither mapped nor mounted
    assert docs["v2"]["MappedPipes"] == [{"ContainerPipeName": "q", "HostPath": "\\\\.\\pipe\\p"}]
    assert "MappedDirectories" not in docs["v2"]


@pytest.mark.wine
def test_utility_vm_changes_are_not_applicable(go13: dict[str, Any]) -> None:
    share = {"hostPath": "C:\\l\\base", "readOnly": True, "kind": "dir", "guestPath": "\\\\?\\VMSMB\\s1"}
    uvm = {"os": "windows", "processorCount": 2, "processDumpLocation": "", "vsmbShares": [share]}
    files = {"C:\\l\\base": {"kind": "dir"}, "C:\\data": {"kind": "dir"}}
    spec = {"windows": {"layerFolders": LAYERS}, "root": {"path": VOL}}
    known = go13["v0.14.1"].run(_case(spec, uvm=uvm, files=files))
    assert json.loads(known["bytes"]["v2"])["Storage"]["Layers"] == [{"Id": GUID, "Path": "C:\\l\\base"}]
    new_share = {**spec, "mounts": [{"source": "C:\\data", "destination": "C:\\d"}]}
    r = go13["v0.14.1"].run(_case(new_share, uvm=uvm, files=files))
    assert "asks HCS to add or update a VSMB share" in r["skipped"]
    # a share the utility VM has: another reference, no HCS call; but builds 18362..19042 query its file ID first
    shared = {"hostPath": "C:\\data", "readOnly": False, "kind": "dir", "guestPath": "\\\\?\\VMSMB\\s2"}
    uvm2 = {**uvm, "vsmbShares": [share, shared]}
    docs = go13["v0.14.1"].run(_case(new_share, uvm=uvm2, files=files))["documents"]
    assert docs["v2"]["MappedDirectories"] == [{"HostPath": "\\\\?\\VMSMB\\s2", "ContainerPath": "C:\\d"}]
    r = go13["v0.14.1"].run(_case(new_share, uvm=uvm2, files=files, osBuild=19041))
    assert "on OS builds 18362 to 19042 this release opens a share's host path" in r["skipped"]
    uvm_pipe = {**spec, "mounts": [{"source": "uvm://\\\\.\\pipe\\p", "destination": "\\\\.\\pipe\\q"}]}
    r = go13["v0.14.1"].run(_case(uvm_pipe, uvm=uvm, files=files))
    assert r == {
        "skipped": "a uvm:// named pipe is named after the utility VM's ID, which the case format does not give"
    }
