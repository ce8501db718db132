"""Statement coverage of hcsshim's code reached by a list of cases (a ``go build -cover`` capture executable).

The cases run through one process with ``GOCOVERDIR`` set; at ``stop`` the Go runtime writes its counters, and
``go tool covdata`` turns them into per-function start lines (``func``) and per-block counts (``textfmt``). Each
block belongs to the function with the nearest start line above it. The seam patches keep every line number, so
the numbers below are upstream hcsshim's.

``hcsdoc_wcow.go`` is counted whole; of each other file only the functions the document code calls (CALLEES).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from hcsdoc.conformance.capture.build import DEFAULT_VERSION, MODULE, BuildError, build, go_env
from hcsdoc.conformance.capture.process import GoProcess

WHOLE_FILE: Final = "internal/hcsoci/hcsdoc_wcow.go"
# file -> the functions of it that createWindowsContainerDocument reaches (names as `go tool covdata func` prints
# them). Names a version lacks are skipped.
CALLEES: Final[dict[str, tuple[str, ...]]] = {
    "internal/hcsoci/create.go": (
        "*createOptionsInternal.isV2Xenon",
        "*createOptionsInternal.isV1Xenon",
        "*createOptionsInternal.isV2Argon",
        "*createOptionsInternal.isV1Argon",
    ),
    "internal/hcsoci/resources.go": ("NormalizeProcessorCount",),
    "internal/hcsoci/resources_wcow.go": ("convertToWCOWSandboxMountPath",),
    "internal/hcsoci/devices.go": ("getDeviceExtensionPaths", "isDeviceExtensionsSupported", "getDeviceExtensions"),
    "internal/oci/uvm.go": (
        "ParseAnnotationsCPUCount",
        "ParseAnnotationsCPULimit",
        "ParseAnnotationsCPUWeight",
        "ParseAnnotationsStorageIops",
        "ParseAnnotationsStorageBps",
        "ParseAnnotationsMemory",
        "ParseAnnotationsInt32",
    ),
    "internal/oci/annotations.go": (
        "parseAnnotationsUint64",
        "ParseAnnotationsInt32",
        "ParseAnnotationCommaSeparated",
        "logAnnotationParseError",
        "logAnnotationValueParseError",
    ),
    "internal/uvm/create.go": ("*UtilityVM.OS", "*UtilityVM.ProcessorCount", "*UtilityVM.ProcessDumpLocation"),
    "internal/uvm/pipes.go": ("IsPipe", "GetContainerPipeMapping"),
    "internal/uvm/vsmb.go": ("*UtilityVM.findVSMBShare", "*UtilityVM.GetVSMBUvmPath", "getVSMBShareKey"),
    "internal/uvmfolder/locate.go": ("LocateUVMFolder",),
    "internal/layers/layers.go": ("GetHCSLayers", "ToHostHcsSchemaLayers", "cimLayersToHostHcsSchemaLayers"),
    "internal/wclayer/layerid.go": ("LayerID",),
    "internal/wclayer/nametoguid.go": ("NameToGuid",),
    "internal/wclayer/cim/common.go": (
        "IsCimLayer",
        "GetCimPathFromLayer",
        "GetCimDirFromLayer",
        "GetCimNameFromLayer",
    ),
    "internal/hcserror/hcserror.go": ("*HcsError.Error", "New", "Win32FromError"),
}


@dataclass
class FileCoverage:
    file: str
    functions: list[str] = field(default_factory=list)
    statements: int = 0
    covered: int = 0
    uncovered: list[tuple[int, int]] = field(default_factory=list)
    """Line ranges of blocks never executed (merged when adjacent)."""

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.statements if self.statements else 0.0


@dataclass
class CoverageReport:
    files: list[FileCoverage]
    cases: int
    results: list[dict[str, Any]]

    def table(self) -> str:
        lines = [f"statement coverage over {self.cases} cases (functions reached from createWindowsContainerDocument)"]
        lines.append(f"{'file':45} {'funcs':>5} {'stmts':>6} {'covered':>8} {'%':>7}")
        total = covered = 0
        for f in self.files:
            nf = "all" if f.file == WHOLE_FILE else str(len(f.functions))
            lines.append(f"{f.file:45} {nf:>5} {f.statements:>6} {f.covered:>8} {f.percent:>6.1f}%")
            total += f.statements
            covered += f.covered
        pct = 100.0 * covered / total if total else 0.0
        lines.append(f"{'total':45} {'':>5} {total:>6} {covered:>8} {pct:>6.1f}%")
        return "\n".join(lines)

    def uncovered_lines(self) -> list[str]:
        return [f"{f.file}:{a}-{b}" if a != b else f"{f.file}:{a}" for f in self.files for a, b in f.uncovered]


def _covdata(args: list[str], cwd: Path) -> str:
    r = subprocess.run(
        ["go", "tool", "covdata", *args], cwd=cwd, env=go_env(), capture_output=True, text=True, check=False
    )
    if r.returncode != 0:
        raise BuildError(f"go tool covdata {' '.join(args)} failed: {r.stderr}")
    return r.stdout


def _rel(path: str) -> str:
    return path.removeprefix(MODULE + "/")


def analyse(cover_dir: Path, cwd: Path) -> list[FileCoverage]:
    """Per-file coverage from the counter files in ``cover_dir``."""
    funcs: dict[str, list[tuple[int, str]]] = {}
    for line in _covdata(["func", f"-i={cover_dir}"], cwd).splitlines():
        parts = line.split()
        if len(parts) < 3 or ":" not in parts[0]:
            continue
        file, _, lineno = parts[0].removesuffix(":").rpartition(":")
        if not lineno.isdigit():
            continue  # the "total:" line
        funcs.setdefault(_rel(file), []).append((int(lineno), parts[1]))
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile.txt"
        _covdata(["textfmt", f"-i={cover_dir}", f"-o={profile}"], cwd)
        text = profile.read_text()
    # (file, start line, end line) -> (statements, executed); a block may be listed once per counter file.
    blocks: dict[tuple[str, int, int, int, int], tuple[int, bool]] = {}
    for line in text.splitlines()[1:]:
        pos, nstmt_text, count = line.rsplit(" ", 2)
        file, _, span = pos.rpartition(":")
        start, end = span.split(",")
        sl, sc = (int(x) for x in start.split("."))
        el, ec = (int(x) for x in end.split("."))
        key = (_rel(file), sl, sc, el, ec)
        prev = blocks.get(key, (int(nstmt_text), False))
        blocks[key] = (int(nstmt_text), prev[1] or int(count) > 0)

    wanted: dict[str, tuple[str, ...] | None] = {WHOLE_FILE: None, **CALLEES}
    out: list[FileCoverage] = []
    for file, names in wanted.items():
        starts = sorted(funcs.get(file, []))
        if not starts:
            continue
        fc = FileCoverage(file, [n for _, n in starts if names is None or n in names])
        if not fc.functions:
            continue
        for (bfile, sl, _sc, el, _ec), (nstmts, hit) in sorted(blocks.items()):
            if bfile != file:
                continue
            owner = [n for line, n in starts if line <= sl]
            if not owner or (names is not None and owner[-1] not in names):
                continue
            fc.statements += nstmts
            if hit:
                fc.covered += nstmts
            elif fc.uncovered and sl <= fc.uncovered[-1][1] + 1:
                fc.uncovered[-1] = (fc.uncovered[-1][0], max(el, fc.uncovered[-1][1]))
            else:
                fc.uncovered.append((sl, el))
        out.append(fc)
    return out


def run_coverage(cases: Sequence[dict[str, Any]], version: str = DEFAULT_VERSION) -> CoverageReport:
    """Run ``cases`` through a -cover build of ``version`` and measure."""
    b = build(version, cover=True)
    with tempfile.TemporaryDirectory(prefix="hcsdoc-cover-") as tmp:
        cover_dir = Path(tmp)
        proc = GoProcess(b, cover_dir=cover_dir)
        with proc:
            results = proc.run_many(cases)
        if not any(cover_dir.glob("covcounters.*")):
            raise BuildError("the -cover executable wrote no counter files")
        files = analyse(cover_dir, b.src)
    return CoverageReport(files, len(cases), results)
