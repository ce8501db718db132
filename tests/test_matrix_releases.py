"""Differential runs between consecutive hcsshim releases (conformance/matrix/releases.py): which pairs run, what
is kept of each ``hcsdoc diff --json`` summary, and how the report shows classes, panics and new minimal cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hcsdoc.conformance.matrix import releases as rel


def test_pairs_are_the_consecutive_last_built_behaviours() -> None:
    summary = {
        "versions": [
            {"id": "v0.11.8", "status": "ran"},
            {"id": "v0.12.8", "status": "ran"},
            {"id": "v0.12.9", "status": "ran"},
            {"id": "v0.13.0", "status": "not built"},
            {"id": "v0.14.1", "status": "ran"},
        ]
    }
    built = rel.built_behaviours(summary)
    assert built == ["v0.11.8", "v0.12.8", "v0.12.9", "v0.14.1"]
    assert rel.last_pairs(built, 3) == [("v0.12.8", "v0.12.9"), ("v0.12.9", "v0.14.1")]
    assert rel.last_pairs(["v0.12.9"]) == []


def test_the_child_command_names_newer_as_subject_and_older_as_oracle(tmp_path: Path) -> None:
    argv = rel.diff_argv("v0.12.8", "v0.12.9", 20000, 7, tmp_path / "f", tmp_path / "s.json")
    words = argv[argv.index("diff") :]
    assert words[:5] == ["diff", "--impl", "go@v0.12.9", "--oracle", "go@v0.12.8"]
    assert words[words.index("--examples") + 1] == "20000" and words[words.index("--seed") + 1] == "7"


def _finding(
    fid: str, case: dict[str, object], subject: dict[str, object], oracle: dict[str, object]
) -> dict[str, object]:
    return {
        "id": fid,
        "status": "NEW",
        "outcome": "fail",
        "paths": ["/documents/v1/Foo"],
        "cases": 3,
        "caseFile": "x.json",
        "minimalCase": case,
        "subjectResult": subject,
        "oracleResult": oracle,
    }


def test_report_marks_panics_and_cases_that_are_not_vectors_yet() -> None:
    known_case = {"spec": {"ociVersion": "1"}}
    new_case = {"spec": {"ociVersion": "2"}}
    diff_json = {
        "cases": 20000,
        "digest": "sha256:ab",
        "seconds": 1.0,
        "casesPerSecond": 100.0,
        "mismatches": 5,
        "skipped": 0,
        "findings": [
            _finding("d-1", known_case, {"documents": {}}, {"documents": {"v1": {}}}),
            _finding("d-2", new_case, {"panic": "runtime error: index out of range"}, {"documents": {}}),
        ],
    }
    data = {
        "format": 1,
        "examples": 20000,
        "seed": 0,
        "pairs": [{"older": "a", "newer": "b", **rel._pair_record(diff_json)}],
    }
    rel.mark_vectors(data, [known_case])
    text = "\n".join(rel.markdown_section(data))
    assert "| a → b | 20000 | `sha256:ab` | 5 | 2 | 1 | 100.0 |" in text
    rows = [line for line in text.splitlines() if line.startswith("| `d-")]
    assert rows[0].startswith("| `d-2` *new*") and "panic: runtime error" in rows[0]  # panics first
    assert rows[1].startswith("| `d-1` |")
    assert "caseFile" not in json.dumps(data)  # local paths are not kept
    headline = "\n".join(rel.panic_markdown(data))
    assert "**a → b**" in headline and '"ociVersion": "2"' in headline and '"ociVersion": "1"' not in headline
    page = "\n".join(rel.html_section(data))
    assert page.count("class=panic") == 1 and page.count("<i>new</i>") == 1
    assert rel.markdown_section(None) == []


def test_results_file_round_trips_and_rejects_another_format(tmp_path: Path) -> None:
    path = tmp_path / rel.RESULTS_NAME
    assert rel.load_results(path) is None
    data = {"format": rel.RESULTS_FORMAT, "examples": 1, "seed": 0, "pairs": []}
    rel.write_results(data, path)
    assert rel.load_results(path) == data
    path.write_text('{"format": 99}', encoding="utf-8")
    with pytest.raises(rel.ReleaseDiffError, match="format 99"):
        rel.load_results(path)


def test_release_diffs_without_a_matrix_report_is_a_usage_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "hcsdoc", "matrix", "--release-diffs", "--out-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert r.returncode == 2 and "runs after hcsdoc matrix" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_class_the_vectors_show_is_not_new() -> None:
    case = {"spec": {"ociVersion": "3"}}
    data = {
        "pairs": [
            {
                "older": "a",
                "newer": "b",
                "cases": 2,
                "digest": "sha256:cd",
                "mismatches": 2,
                "casesPerSecond": 1.0,
                "findings": [
                    _finding("shown", case, {"error": "x"}, {"error": "y"}),
                    _finding("hidden", case, {"error": "x"}, {"error": "z"}),
                ],
            }
        ]
    }
    rel.mark_vectors(data, [])
    rel.mark_shown(data, {("a", "b"): {"shown"}})
    assert [f["id"] for _, f in rel.new_classes(data)] == ["hidden"]
    rows = [line for line in rel.markdown_section({**data, "examples": 1, "seed": 0}) if line.startswith("| `")]
    assert rows[0].startswith("| `shown` |") and rows[1].startswith("| `hidden` *new*")


def test_release_diffs_only_takes_tags_like_the_matrix(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "hcsshim-versions.json").write_text('{"versions": []}', encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "hcsdoc", "matrix", "--release-diffs", "--only", "v9.9.9", "--out-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert r.returncode == 2 and "v9.9.9 is not in the release table" in r.stderr and "Traceback" not in r.stderr
