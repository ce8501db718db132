"""Wine for the capture tool: packages, our ProcessPrng shim DLL and a private Wine prefix (DESIGN.md "The capture tool").

The capture executable is a Windows program (hcsshim's code is ``//go:build windows``). It runs under Debian's
Wine 8.0, which lacks ``bcryptprimitives.dll!ProcessPrng`` that Go 1.22+ executables need at start-up; our own
ten-line DLL (``shim/bcryptprimitives.c``) provides it. Everything lives under the cache directory
(``$HCSDOC_CACHE``, default ``~/.cache/hcsdoc``), never in the repository.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

WINE: Final = Path("/usr/lib/wine/wine64")
MINGW_GCC: Final = "x86_64-w64-mingw32-gcc"
APT_PACKAGES: Final = ("wine64", "gcc-mingw-w64-x86-64")
SHIM_SOURCE: Final = Path(__file__).resolve().parent / "shim" / "bcryptprimitives.c"


class SetupError(Exception):
    """The capture environment cannot be prepared; the message says what failed."""


def cache_dir() -> Path:
    """The capture tool's cache: ``$HCSDOC_CACHE`` or ``~/.cache/hcsdoc``."""
    env = os.environ.get("HCSDOC_CACHE")
    return Path(env).expanduser().resolve() if env else Path.home() / ".cache" / "hcsdoc"


@dataclass(frozen=True)
class WineEnv:
    """How to start a Windows program: the wine binary and the environment variables it needs."""

    wine: Path
    prefix: Path

    def env(self) -> dict[str, str]:
        """The variables to add to the environment (private prefix, our DLL preferred, Wine's debug output off)."""
        return {
            "WINEPREFIX": str(self.prefix),
            "WINEDLLOVERRIDES": "bcryptprimitives=n",
            "WINEDEBUG": "-all",
        }

    def full_env(self) -> dict[str, str]:
        return {**os.environ, **self.env()}

    def argv(self, exe: Path, *args: str) -> list[str]:
        return [str(self.wine), str(exe), *args]


def _log(msg: str) -> None:
    print(f"hcsdoc capture: {msg}", file=sys.stderr, flush=True)


def _missing_packages() -> list[str]:
    missing = []
    for pkg in APT_PACKAGES:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True, check=False)
        if r.returncode != 0 or "install ok installed" not in r.stdout:
            missing.append(pkg)
    return missing


def ensure_packages() -> None:
    """``apt-get install -y wine64 gcc-mingw-w64-x86-64`` unless both are installed already."""
    missing = _missing_packages()
    if not missing:
        return
    if shutil.which("apt-get") is None:
        raise SetupError(f"missing packages {missing} and no apt-get to install them")
    _log(f"installing {' '.join(missing)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", *APT_PACKAGES]):
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if r.returncode != 0:
            raise SetupError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    if not WINE.exists():
        raise SetupError(f"{WINE} is missing after installing wine64")


def build_shim_dll() -> Path:
    """Compile ``shim/bcryptprimitives.c`` (cached by the hash of its source)."""
    source = SHIM_SOURCE.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    out = cache_dir() / "shim" / digest / "bcryptprimitives.dll"
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    cmd = [MINGW_GCC, "-shared", "-O2", "-s", "-o", str(tmp), str(SHIM_SOURCE), "-ladvapi32"]
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise SetupError(f"{' '.join(cmd)} failed:\n{r.stderr}")
    tmp.replace(out)
    return out


def ensure_prefix(dll: Path) -> WineEnv:
    """A private Wine prefix under the cache with our DLL in its ``system32``."""
    wine = WineEnv(WINE, cache_dir() / "wineprefix")
    system32 = wine.prefix / "drive_c" / "windows" / "system32"
    if not system32.is_dir():
        _log(f"creating Wine prefix {wine.prefix}")
        wine.prefix.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(
            [str(WINE), "wineboot", "--init"], env=wine.full_env(), capture_output=True, text=True, check=False
        )
        # wineboot leaves wineserver running for a few seconds; wait for it so the prefix is complete.
        wineserver = WINE.parent / "wineserver"
        if wineserver.exists():
            subprocess.run([str(wineserver), "-w"], env=wine.full_env(), check=False)
        if r.returncode != 0 or not system32.is_dir():
            raise SetupError(f"wineboot --init failed ({r.returncode}):\n{r.stderr[-2000:]}")
    target = system32 / "bcryptprimitives.dll"
    if not target.exists() or target.read_bytes() != dll.read_bytes():
        shutil.copyfile(dll, target)
    return wine


def setup() -> WineEnv:
    """Everything the capture executable needs to run; idempotent and quick when done before."""
    if sys.platform != "linux":
        raise SetupError("the capture tool runs the Windows executable under Wine on Linux")
    ensure_packages()
    if not WINE.exists():
        raise SetupError(f"{WINE} not found (Debian's wine64 package installs it there)")
    return ensure_prefix(build_shim_dll())


def to_windows_path(path: Path) -> str:
    """The Wine path of a Linux path (Wine maps ``Z:`` to ``/``)."""
    return "Z:" + str(path.resolve()).replace("/", "\\")
