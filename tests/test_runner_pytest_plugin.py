"""The ``hcsdoc`` pytest plugin (registered through the pytest11 entry point), run in a child pytest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_adapters.helpers import DOCS, fake_cmd, vector, write_vectors


def pytest_in(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / "cache"), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "--rootdir", str(cwd), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_harmless_without_its_options(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text("def test_x():\n    assert True\n")
    r = pytest_in(tmp_path, "test_x.py")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "collected 1 item" in r.stdout and "1 passed" in r.stdout
    assert "hcsdoc vector" not in r.stdout
    r = pytest_in(tmp_path, "--help")
    assert "--hcsdoc-impl=IMPL" in r.stdout


@pytest.mark.slow
def test_one_item_per_vector_with_expectations(tmp_path: Path) -> None:
    v = write_vectors(
        tmp_path / "vec.json",
        [
            vector("p.ok"),
            vector("p.broken", reply={**DOCS, "documents": {**DOCS["documents"], "v1": {"Name": 2}}}),
            vector("p.known", reply={"error": "nope"}),
        ],
    )
    exp = tmp_path / "exp.json"
    exp.write_text(
        json.dumps({"format": 1, "expectations": {"p.known": {"outcome": "unexpected-error", "reason": "tracked"}}})
    )
    r = pytest_in(
        tmp_path, "--hcsdoc-impl", fake_cmd(), "--hcsdoc-vectors", "vec.json", "--hcsdoc-expectations", str(exp)
    )
    assert r.returncode == 1, r.stdout + r.stderr
    assert "PASSED vec.json::p.ok" in r.stdout
    assert "FAILED vec.json::p.broken - FAIL p.broken: documents differ" in r.stdout
    assert "XFAIL vec.json::p.known - unexpected-error: tracked" in r.stdout
    assert "PASSED exp.json::expectations-not-stale" in r.stdout
    assert "/v1/Name (type_changes), expected 'c1', actual 2" in r.stdout
    assert "rerun: hcsdoc check --impl" in r.stdout
    # -k selects by id and by tag
    r = pytest_in(tmp_path, "--hcsdoc-impl", fake_cmd(), "--hcsdoc-vectors", str(v), "-k", "p.ok or known")
    assert "1 passed" in r.stdout and "1 failed" in r.stdout and "2 deselected" not in r.stdout
