"""Vector file writing rules (docs/vectors.md) without running Go: canonical bytes, date, retired ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hcsdoc.conformance.capture.vectors_io import CaptureError, expected_from_reply, write_file

PROV = {"hcsshim": {"version": "v0.11.8", "commit": "b" * 40}, "go": "go1.26.8", "captureTool": "sha256:" + "0" * 64}


def _vec(id: str, error: str) -> dict[str, Any]:
    return {"id": id, "description": "a test vector", "tags": ["t"], "case": {"k": id}, "expected": {"error": error}}


def test_rewrite_without_change_keeps_bytes_and_date(tmp_path: Path) -> None:
    p = tmp_path / "hand.json"
    w = write_file(p, "hand", [_vec("b", "x"), _vec("a", "y")], PROV, retire_missing=True)
    assert w.changed == ["a", "b"]
    text = p.read_text()
    assert text.index('"id": "a"') < text.index('"id": "b"') and text.endswith("}\n")
    old = text.replace(text[text.index('"date": "') + 9 : text.index('"date": "') + 19], "2000-01-01")
    p.write_text(old)
    w = write_file(p, "hand", [_vec("a", "y"), _vec("b", "x")], PROV, retire_missing=True)
    assert w.changed == []
    assert p.read_text() == old


def test_changed_result_bumps_date_and_removed_id_is_retired(tmp_path: Path) -> None:
    p = tmp_path / "hand.json"
    write_file(p, "hand", [_vec("a", "y"), _vec("b", "x")], PROV, retire_missing=True)
    p.write_text(
        p.read_text().replace('"date": "', '"date": "1999', 1).replace('"date": "1999' + "20", '"date": "19', 1)
    )
    w = write_file(p, "hand", [_vec("a", "z")], PROV, retire_missing=True)
    assert (w.changed, w.retired) == (["a"], ["b"])
    assert '"retired": [\n  "b"\n ]' in p.read_text()
    with pytest.raises(CaptureError, match=r"retired ids may not be reused: \['b'\]"):
        write_file(p, "hand", [_vec("b", "x")], PROV, retire_missing=True)


def test_generated_files_only_grow(tmp_path: Path) -> None:
    p = tmp_path / "generated.json"
    write_file(p, "generated", [_vec("gen.000000000001", "x")], PROV, retire_missing=False)
    w = write_file(p, "generated", [_vec("gen.000000000002", "y")], PROV, retire_missing=False)
    assert w.cases == 2 and w.retired == []


def test_expected_from_reply() -> None:
    assert expected_from_reply({"panic": "runtime error: integer divide by zero"}) == {
        "panic": "runtime error: integer divide by zero"
    }
    assert expected_from_reply({"error": "not attached"})["error"] == "not attached"
    with pytest.raises(CaptureError, match="did not produce a result"):
        expected_from_reply({"errored": "boom"})
