"""Loading vectors and selecting cases (conformance/vectors/suite.py, conformance/runner/selection.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_adapters.helpers import vector, write_vectors

from hcsdoc.conformance.runner.selection import Selection, SelectionError, parse_shard, select
from hcsdoc.conformance.vectors.suite import SuiteError, load_suite


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_loads_files_and_folders(tmp_path: Path) -> None:
    d = tmp_path / "v"
    d.mkdir()
    write_vectors(d / "a.json", [vector("a.one"), vector("a.two", tags=("x", "y"))], suite="a")
    write_vectors(d / "b.json", [vector("b.one")], suite="b")
    suite = load_suite([d])
    assert [v.id for v in suite.vectors] == ["a.one", "a.two", "b.one"]
    assert [f.suite for f in suite.files] == ["a", "b"]
    assert suite.by_id["a.two"].tags == ("x", "y")
    assert suite.files[0].sha256 and not suite.default_location


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match=r"nope\.json: no such vector file"):
        load_suite([tmp_path / "nope.json"])


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match="no vector files"):
        load_suite([tmp_path])


def test_malformed_json_names_file_line_and_column(tmp_path: Path) -> None:
    p = tmp_path / "bad.json"
    p.write_text('{"format": 1,\n "cases": [}\n')
    with pytest.raises(SuiteError) as exc:
        load_suite([p])
    assert str(exc.value).startswith(f"{p}:2:")
    assert "not JSON" in str(exc.value)


def test_schema_violation_names_the_case(tmp_path: Path) -> None:
    v = vector("bad.case")
    del v["case"]["host"]["osBuild"]
    p = write_vectors(tmp_path / "s.json", [v])
    with pytest.raises(SuiteError) as exc:
        load_suite([p])
    msg = str(exc.value)
    assert msg.startswith(f"{p}: /cases/0/case/host (case 'bad.case'): ")
    assert "'osBuild' is a required property" in msg


def test_schema_pass_is_cached_by_content(tmp_path: Path) -> None:
    p = write_vectors(tmp_path / "ok.json", [vector("ok.one")])
    load_suite([p])
    markers = list((tmp_path / "cache" / "hcsdoc" / "vector-schema-ok").iterdir())
    assert len(markers) == 1
    # a different file content is validated again (and a failure is not cached)
    v = vector("ok.one")
    v["expected"] = {"error": "no kind"}
    write_vectors(p, [v])
    with pytest.raises(SuiteError, match="/cases/0/expected"):
        load_suite([p])
    assert len(list(markers[0].parent.iterdir())) == 1


def test_duplicate_id_across_files_names_both(tmp_path: Path) -> None:
    a = write_vectors(tmp_path / "a.json", [vector("same.id")])
    b = write_vectors(tmp_path / "b.json", [vector("same.id")])
    with pytest.raises(SuiteError, match=rf"{b}: case id 'same.id' is also defined in {a}"):
        load_suite([a, b])


def test_retired_id_still_defined(tmp_path: Path) -> None:
    p = write_vectors(tmp_path / "a.json", [vector("back.again")], retired=["back.again"])
    with pytest.raises(SuiteError, match="listed as retired but still defined"):
        load_suite([p])


def test_structural_errors_without_schema(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_text(json.dumps({"format": 1, "cases": [{"id": "a", "case": {}, "expected": {}, "tags": []}]}))
    with pytest.raises(SuiteError, match=r"/cases/0 \(case 'a'\): 'expected' must hold exactly one"):
        load_suite([p], validate_schema=False)


def test_selection_by_tag_glob_and_exclusion(tmp_path: Path) -> None:
    p = write_vectors(
        tmp_path / "a.json",
        [vector("cpu.a", tags=("cpu",)), vector("cpu.b", tags=("cpu", "slow")), vector("mem.a", tags=("memory",))],
    )
    vs = load_suite([p]).vectors
    ids = lambda sel: [v.id for v in select(vs, sel)]  # noqa: E731
    assert ids(Selection(tags=("cpu",))) == ["cpu.a", "cpu.b"]
    assert ids(Selection(tags=("cpu", "memory"), exclude_tags=("slow",))) == ["cpu.a", "mem.a"]
    assert ids(Selection(ids=("*.a",))) == ["cpu.a", "mem.a"]
    assert ids(Selection(ids=("cpu.?",), tags=("slow",))) == ["cpu.b"]


def test_shards_partition_the_suite(tmp_path: Path) -> None:
    p = write_vectors(tmp_path / "a.json", [vector(f"c.{i}") for i in range(40)])
    vs = load_suite([p]).vectors
    parts = [[v.id for v in select(vs, Selection(shard=(i, 3)))] for i in (1, 2, 3)]
    assert sorted(i for part in parts for i in part) == sorted(v.id for v in vs)
    assert all(parts)


def test_parse_shard() -> None:
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "x", "1/0"):
        with pytest.raises(SelectionError):
            parse_shard(bad)
