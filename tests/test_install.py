"""The package as a user installs it: a wheel built from the checkout's files holds everything the code reads at
run time, and, installed (not editable) in a fresh virtual environment, the commands work from another folder
and write nothing into site-packages; the pytest plugin does not shadow a user's own ``conformance`` package.

The wheel is built once per session from a copy of the files git tracks (so that no ``build/`` folder appears in
the checkout), with pip's build isolation as a user's ``pip install .`` does. The fresh environment gets the wheel
only; its dependencies (deepdiff, jsonschema, hypothesis, pytest) are taken from this environment's
site-packages through a ``.pth`` line, which adds the folder but runs none of its ``.pth`` files, so this
checkout's editable install stays invisible there.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The folders installed under hcsdoc/: hcsdoc/ itself and the three it links to (pyproject.toml).
LINKED = ("conformance", "fuzz", "reference")

pytestmark = pytest.mark.slow


def _tracked() -> list[str]:
    r = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=False)
    if r.returncode != 0:
        pytest.skip("not a git checkout: the files to package are the ones git tracks")
    return [p for p in r.stdout.decode().split("\0") if p]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for rel in _tracked():
        path = ROOT / rel
        if not path.exists() and not path.is_symlink():
            continue  # deleted in the working tree
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            os.symlink(os.readlink(path), src / rel)
        else:
            shutil.copy2(path, src / rel)
    out = tmp_path_factory.mktemp("dist")
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    (whl,) = out.glob("hcsdoc-*.whl")
    return whl


def test_the_wheel_holds_every_file_of_the_package_folders(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = set()
    for rel in _tracked():
        top = rel.split("/", 1)[0]
        if rel in {f"hcsdoc/{t}" for t in LINKED}:
            continue  # the links themselves
        if top == "hcsdoc":
            expected.add(rel)
        elif top in LINKED:
            expected.add(f"hcsdoc/{rel}")
    assert expected - names == set()
    assert "hcsdoc/py.typed" in names


def test_the_wheel_holds_what_the_code_refers_to(wheel: Path) -> None:
    from hcsdoc.conformance.capture import build, wine
    from hcsdoc.conformance.capture.vectors_io import vectors_dir
    from hcsdoc.conformance.impl.protocol import PROTOCOL_DIR
    from hcsdoc.conformance.runner.expectations import EXPECTATIONS_DIR
    from hcsdoc.conformance.vectors.files import VECTORS_DIR
    from hcsdoc.fuzz.corpus import DICTIONARY

    package = Path(sys.modules["hcsdoc"].__file__ or "").resolve().parent
    names = set(zipfile.ZipFile(wheel).namelist())

    def in_wheel(path: Path) -> str:
        # The checkout's hcsdoc/conformance is a link: name the path as the installed package does.
        real = path.resolve()
        for top in LINKED:
            base = (package / top).resolve()
            if real == base or base in real.parents:
                return f"hcsdoc/{top}/{real.relative_to(base)}".rstrip("/.")
        return f"hcsdoc/{real.relative_to(package)}"

    referred = [
        DICTIONARY,
        wine.SHIM_SOURCE,
        PROTOCOL_DIR / "run.request.schema.json",
        VECTORS_DIR.parent / "vectors.schema.json",
        *build.HERE.joinpath("go").rglob("*.go"),
        *EXPECTATIONS_DIR.glob("*.json"),
        *PROTOCOL_DIR.glob("*.json"),
        *PROTOCOL_DIR.joinpath("examples").glob("*.py"),
    ]
    # The pinned version's vectors, and every other version's comparison set that the checkout holds (what
    # ``hcsdoc capture --hcsshim VERSION`` writes and compares with; not every expectations file has one).
    folders = [VECTORS_DIR, vectors_dir("v0.12.9"), *sorted(VECTORS_DIR.parent.glob("vectors-*"))]
    for folder in folders:
        files = sorted(folder.glob("*.json"))
        assert files, f"{folder}: no vector files"
        referred += files
    missing = sorted(in_wheel(p) for p in referred if in_wheel(p) not in names)
    assert missing == []


@dataclass(frozen=True)
class Installed:
    python: Path
    hcsdoc: Path
    site_packages: Path


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    ours = sysconfig.get_paths()["purelib"]
    (purelib / "_hcsdoc_test_dependencies.pth").write_text(
        "\n".join(dict.fromkeys([ours, *site.getsitepackages()])) + "\n", encoding="utf-8"
    )
    r = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    yield Installed(py, venv / "bin" / "hcsdoc", purelib)


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


def test_installed_commands_work_from_another_folder_and_write_nothing_into_site_packages(
    installed: Installed, tmp_path: Path
) -> None:
    where = _run([str(installed.python), "-c", "import hcsdoc; print(hcsdoc.__file__)"], tmp_path)
    assert where.stdout.strip() == str(installed.site_packages / "hcsdoc" / "__init__.py"), where.stderr
    case = json.loads((ROOT / "conformance" / "vectors" / "hand.json").read_text(encoding="utf-8"))["cases"][0]
    (tmp_path / "case.json").write_text(json.dumps(case["case"]), encoding="utf-8")
    before = _snapshot(installed.site_packages)
    hcsdoc = str(installed.hcsdoc)
    for argv in (
        [hcsdoc, "vectors", "check"],
        [hcsdoc, "check", "--no-progress", "-q"],
        [hcsdoc, "convert", "case.json"],
        [hcsdoc, "bench", "--repeat", "1", "--warmup", "0", "--no-go", "--no-fuzz", "--no-memory"],
    ):
        r = _run(argv, tmp_path)
        assert r.returncode == 0, (argv, r.stdout[-2000:], r.stderr[-2000:])
    assert _snapshot(installed.site_packages) == before
    report = json.loads((tmp_path / "reports" / "bench.json").read_text(encoding="utf-8"))
    assert report["commit"].startswith("installed hcsdoc ")
    assert [c["exit_code"] for c in report["check"]] == [0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json", "reports"]


def test_a_users_own_conformance_package_is_the_one_imported(installed: Installed, tmp_path: Path) -> None:
    # The pytest11 plugin loads hcsdoc (and its conformance subpackage) before the user's tests are collected;
    # a top-level name of ours would shadow the user's package. Ours is hcsdoc.conformance only.
    (tmp_path / "conformance").mkdir()
    (tmp_path / "conformance" / "__init__.py").write_text('OWNER = "user"\n', encoding="utf-8")
    (tmp_path / "test_user.py").write_text(
        "import conformance\n\n\ndef test_own_package():\n    assert conformance.OWNER == 'user', conformance.__file__\n",
        encoding="utf-8",
    )
    r = _run([str(installed.python), "-m", "pytest", "-p", "no:cacheprovider", "-q", "test_user.py"], tmp_path)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "1 passed" in r.stdout
    plugins = _run([str(installed.python), "-m", "pytest", "-p", "no:cacheprovider", "--help"], tmp_path)
    assert "--hcsdoc-impl" in plugins.stdout  # the plugin was loaded
