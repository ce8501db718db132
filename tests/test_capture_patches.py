"""The seam patch engine: function-scoped, loud on a missing target, and line-number preserving."""

from __future__ import annotations

from pathlib import Path

import pytest

from hcsdoc.conformance.capture.patches import PATCHES, SEAM_IMPORT, Patch, PatchError, apply_patches

GO = """package uvmfolder

import (
\t"os"
\t"path/filepath"
)

func Other() {
\t_, _ = os.Stat("x")
}

func LocateUVMFolder(layerFolders []string) (string, error) {
\tfor _, layerFolder := range layerFolders {
\t\t_, err := os.Stat(filepath.Join(layerFolder, `UtilityVM`))
\t\tif !os.IsNotExist(err) {
\t\t\treturn "", err
\t\t}
\t}
\treturn "", nil
}
"""


def _tree(tmp_path: Path, text: str = GO) -> Path:
    f = tmp_path / "internal" / "uvmfolder" / "locate.go"
    f.parent.mkdir(parents=True)
    f.write_text(text)
    return f


def test_patches_only_the_named_function_and_keeps_line_numbers(tmp_path: Path) -> None:
    f = _tree(tmp_path)
    patches = tuple(p for p in PATCHES if p.file == "internal/uvmfolder/locate.go")
    log = apply_patches(tmp_path, patches)
    out = f.read_text()
    assert len(log) == 2
    assert out.count("\n") == GO.count("\n")
    assert f'import ("{SEAM_IMPORT}";\n' in out
    assert "\t\t_, err := hcsdocseam.Stat(filepath.Join(layerFolder, `UtilityVM`))\n" in out
    assert "\t\tif !hcsdocseam.IsNotExist(err) {\n" in out
    assert '_, _ = os.Stat("x")' in out  # Other() is untouched, so "os" stays imported


def test_missing_target_fails_loudly(tmp_path: Path) -> None:
    _tree(tmp_path, GO.replace("os.IsNotExist(err)", "errors.Is(err, fs.ErrNotExist)"))
    patch = Patch("internal/uvmfolder/locate.go", "func LocateUVMFolder(", "os.IsNotExist(err)", "x", why="t")
    with pytest.raises(PatchError, match=r"expected 1 occurrence\(s\) of 'os.IsNotExist\(err\)', found 0"):
        apply_patches(tmp_path, (patch,))


def test_missing_file_fails_unless_optional(tmp_path: Path) -> None:
    patch = Patch("internal/nope.go", "func F(", "a", "b", why="t")
    with pytest.raises(PatchError, match=r"internal/nope\.go: file not found"):
        apply_patches(tmp_path, (patch,))
    assert apply_patches(tmp_path, (Patch("internal/nope.go", "func F(", "a", "b", why="t", optional_file=True),)) == []


def test_redirect_keeps_declaration_on_one_line(tmp_path: Path) -> None:
    f = tmp_path / "osversion" / "osversion_windows.go"
    f.parent.mkdir(parents=True)
    src = 'package osversion\n\nimport (\n\t"sync"\n)\n\nfunc Build() uint16 {\n\treturn Get().Build\n}\n'
    f.write_text(src)
    apply_patches(tmp_path, tuple(p for p in PATCHES if p.file == "osversion/osversion_windows.go"))
    out = f.read_text()
    assert out.count("\n") == src.count("\n")
    assert (
        "func Build() uint16 { return hcsdocseam.OSBuild() } /* hcsdoc seam; the original follows */; "
        "func hcsdocReplacedBuild() uint16 {\n\treturn Get().Build\n}\n"
    ) in out


def test_unused_os_import_is_blanked(tmp_path: Path) -> None:
    src = GO.replace('func Other() {\n\t_, _ = os.Stat("x")\n}\n\n', "")
    f = _tree(tmp_path, src)
    apply_patches(tmp_path, tuple(p for p in PATCHES if p.file == "internal/uvmfolder/locate.go"))
    out = f.read_text()
    assert '"os"' not in out
    assert out.count("\n") == src.count("\n")
