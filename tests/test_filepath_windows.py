"""reference.filepath_windows against Go 1.26.8's own Windows path code.

tests/data/filepath_windows_go1.26.json was produced by running Go's internal/filepathlite Windows code and
path/filepath's Windows join (compiled for linux/amd64) on hand-picked and random inputs; the rows are Go's outputs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.reference import filepath_windows as fp

_ROWS: list[list[str]] = json.loads(
    (Path(__file__).parent / "data" / "filepath_windows_go1.26.json").read_text("utf-8")
)["rows"]


def _by(op: str) -> list[list[str]]:
    return [r[1:] for r in _ROWS if r[0] == op]


@pytest.mark.parametrize("path,want", _by("clean"))
def test_clean(path: str, want: str) -> None:
    assert fp.Clean(path) == want


@pytest.mark.parametrize("path,want_dir,want_file", _by("split"))
def test_split(path: str, want_dir: str, want_file: str) -> None:
    assert fp.Split(path) == (want_dir, want_file)


@pytest.mark.parametrize("path,want", _by("vol"))
def test_volume_name(path: str, want: str) -> None:
    assert fp.VolumeName(path) == want


@pytest.mark.parametrize("row", _by("join"))
def test_join(row: list[Any]) -> None:
    *elems, want = row
    assert fp.Join(*elems) == want


@pytest.mark.parametrize(
    "args,want",
    [
        # The Go quirks the reference depends on, spelled out (each is also a row of the Go table).
        (("C:\\SandboxMounts", "/a/dirInUvm"), "C:\\SandboxMounts\\a\\dirInUvm"),
        (("C:\\SandboxMounts", "../../x"), "C:\\x"),
        (("C:", "UtilityVM"), "C:UtilityVM"),
        (("\\", "??"), "\\.\\??"),
    ],
)
def test_join_quirks(args: tuple[str, ...], want: str) -> None:
    assert fp.Join(*args) == want
    assert [*args, want] in _by("join")


def test_clean_scans_stale_buffer_like_go() -> None:
    # Go's postClean looks at the whole lazybuf, including bytes left past w by a "..": the ':' of "cd:e" is
    # still there, so the result gets a ".\" prefix.
    assert fp.Clean("ab/../cd:e/../f") == ".\\f"
    assert ["ab/../cd:e/../f", ".\\f"] in _by("clean")


def test_non_ascii_first_character_is_not_a_drive() -> None:
    # Go tests byte 1 for ':'; after a multi-byte first character that byte is a continuation byte.
    assert fp.VolumeName("é:x") == ""
    assert fp.VolumeName("e:x") == "e:"
    assert ["é:x", ""] in _by("vol")


def test_table_is_large_enough() -> None:
    assert len(_ROWS) > 2000
