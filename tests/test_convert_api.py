"""reference.api: spec bytes (§1.1), malformed cases, the Argon Root.Path side effect, direct calls, speed; and the
``hcsdoc convert`` command."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from hcsdoc.cli import main
from hcsdoc.reference import CaseError, run_case, specs
from hcsdoc.reference.api import case_spec_bytes
from hcsdoc.reference.hcsoci.create import createOptionsInternal
from hcsdoc.reference.hcsoci.hcsdoc_wcow import createWindowsContainerDocument
from hcsdoc.reference.hcsschema import Version
from hcsdoc.reference.host import RecordedHost
from tests.convert_case import VOL, case, spec


@pytest.mark.parametrize(
    "c,want",
    [
        ({"spec": None}, b"null"),
        ({"spec": {"hostname": "é", "a": [1, True]}}, '{"hostname":"é","a":[1,true]}'.encode()),
        ({"spec": {"hostname": "\ud800"}}, '{"hostname":"\ufffd"}'.encode()),
        ({"spec": None, "specText": ' {"x":1} '}, b' {"x":1} '),
        ({"specText": "\udcff"}, "\ufffd".encode()),
        ({"spec": None, "specText": None, "specBase64": "/w=="}, b"\xff"),
    ],
)
def test_case_spec_bytes(c: dict[str, Any], want: bytes) -> None:
    assert case_spec_bytes(c) == want


@pytest.mark.parametrize(
    "c,msg",
    [
        ({"spec": {}, "specText": "{}"}, "case: at most one of spec, specText, specBase64 may be non-null (got spec, specText)"),
        ({"specText": 1}, "case.specText: expected string, got integer"),
        ({"specBase64": 1}, "case.specBase64: expected string, got integer"),
        ({"specBase64": "*"}, "case.specBase64: not valid base64"),
    ],
)
def test_case_spec_bytes_malformed(c: dict[str, Any], msg: str) -> None:
    with pytest.raises(CaseError) as exc:
        case_spec_bytes(c)
    assert str(exc.value) == msg


def _broken(path: list[str], value: Any) -> dict[str, Any]:
    c = case()
    d = c
    for k in path[:-1]:
        d = d[k]
    if value is KeyError:
        del d[path[-1]]
    else:
        d[path[-1]] = value
    return c


@pytest.mark.parametrize(
    "c,msg",
    [
        ([], "case: expected object, got array"),
        (_broken(["host"], KeyError), "case.host: required"),
        (_broken(["options"], None), "case.options: expected object, got null"),
        (_broken(["options", "id"], 1), "case.options.id: expected string, got integer"),
        (_broken(["options", "schemaVersion"], {"Major": 2}), "case.options.schemaVersion.Minor: required"),
        (_broken(["options", "schemaVersion"], []), "case.options.schemaVersion: expected object or null, got array"),
        (_broken(["options", "ccgState"], {"Cookie": "c"}), "case.options.ccgState.RpcEndpoint: required"),
        (
            _broken(["options", "windowsAdditionalMounts"], {}),
            "case.options.windowsAdditionalMounts: expected array or null, got object",
        ),
        (_broken(["options", "windowsAdditionalMounts"], [1]), "case.options.windowsAdditionalMounts[0]: expected object, got integer"),
        (_broken(["options", "scaleCpuLimitsToSandbox"], 0), "case.options.scaleCpuLimitsToSandbox: expected boolean, got integer"),
        (_broken(["uvm"], {"os": "windows", "vsmbShares": []}), "case.uvm.processorCount: required"),
    ],
)
def test_malformed_case(c: Any, msg: str) -> None:
    with pytest.raises(CaseError) as exc:
        run_case(c)
    assert str(exc.value) == msg


def test_malformed_case_reported_even_when_spec_does_not_decode() -> None:
    c = _broken(["options", "owner"], None)
    c["spec"], c["specText"] = None, "{"
    with pytest.raises(CaseError):
        run_case(c)


def test_argon_appends_backslash_to_callers_root_path() -> None:
    sp = specs.Spec(
        Root=specs.Root(Path=VOL),
        Windows=specs.Windows(LayerFolders=["C:\\l\\base", "C:\\l\\s"]),
    )
    host = RecordedHost(case()["host"])
    coi = createOptionsInternal(Spec=sp, ID="i", actualID="i", actualOwner="o", actualSchemaVersion=Version(2, 1))
    v1, v2 = createWindowsContainerDocument(host, coi)
    assert sp.Root is not None and sp.Root.Path == VOL + "\\"
    assert v1.VolumePath == VOL
    assert v2.Storage is not None and v2.Storage.Path == VOL + "\\"
    # a second run sees the mutated spec and keeps it as is
    createWindowsContainerDocument(host, coi)
    assert sp.Root.Path == VOL + "\\"


def test_typical_case_costs_a_bounded_number_of_calls() -> None:
    # The cost of a case in Python function calls: the same on every machine and under a tracer, unlike a time
    # (the time per case is a figure of `hcsdoc bench`). A typical case makes 251 calls today (Python 3.11); the
    # budget catches a case that starts paying for something per character or per key (a re-parse, a quadratic
    # loop), not a few calls more.
    c = case(
        spec(network={"endpointList": ["e"]}, resources={"cpu": {"count": 2}}),
        id="c1",
    )
    c["spec"]["mounts"] = [{"destination": "C:\\d", "source": "C:\\s", "options": ["ro"]}]
    c["spec"]["annotations"] = {"io.microsoft.container.processdumplocation": "C:\\dumps"}
    c["host"]["resolvedPaths"] = {"C:\\s": "\\\\?\\Volume{1}\\s"}
    assert "documents" in run_case(c)
    calls = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        calls += event == "call"

    previous = sys.getprofile()
    sys.setprofile(count)
    try:
        result = run_case(c)
    finally:
        sys.setprofile(previous)
    assert "documents" in result
    assert 100 < calls <= 500, calls


# ---- hcsdoc convert -------------------------------------------------------------------------------------------


def _convert(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    *args: str,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if content is None:
        target = str(tmp_path / "missing.json")
    elif monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(content.encode())))
        target = "-"
    else:
        (tmp_path / "c.json").write_text(content, "utf-8")
        target = str(tmp_path / "c.json")
    rc = main(["convert", target, *args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_convert_prints_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = case()
    rc, out, err = _convert(tmp_path, capsys, json.dumps(c))
    assert (rc, err) == (0, "")
    assert json.loads(out) == run_case(c)


def test_convert_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = case()
    rc, out, _ = _convert(tmp_path, capsys, json.dumps({"id": "x", "case": c}), "--bytes")
    r = run_case(c)
    assert (rc, out) == (0, r["bytes"]["v1"] + "\n" + r["bytes"]["v2"] + "\n")


def test_convert_bytes_error_and_panic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rc, out, _ = _convert(tmp_path, capsys, json.dumps(case(no_spec=True)), "--bytes")
    assert (rc, out) == (0, "error: cannot create HCS container document - OCI spec is missing\n")
    rc, out, _ = _convert(tmp_path, capsys, json.dumps(case(schemaVersion=None)), "--bytes", monkeypatch=monkeypatch)
    assert (rc, out) == (0, "panic: runtime error: invalid memory address or nil pointer dereference\n")


def test_convert_fills_defaults_for_hand_written_cases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _convert(tmp_path, capsys, '{"spec": {"windows": {}}}')
    assert (rc, json.loads(out)) == (0, {"error": "invalid spec - not enough layer folders supplied"})


@pytest.mark.parametrize(
    "content,err",
    [
        (None, "No such file or directory"),
        ("{nope", "not JSON"),
        ('{"unknown": 1}', "not a case"),
        ('{"spec": null, "specBase64": "*"}', "not a case"),
    ],
)
def test_convert_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, err: str) -> None:
    rc, out, stderr = _convert(tmp_path, capsys, content)
    assert rc == 2 and out == ""
    assert stderr.count("\n") == 1 and err in stderr and stderr.startswith("hcsdoc convert: ")


def test_convert_stdin_not_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rc, out, err = _convert(tmp_path, capsys, "[1", monkeypatch=monkeypatch)
    assert (rc, out) == (2, "")
    assert err.startswith("hcsdoc convert: <stdin>: not JSON: ")
