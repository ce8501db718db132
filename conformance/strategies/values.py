"""Leaf values: Go parser edge cases for annotations, strings that exercise Go's JSON escaping, GUIDs, and
Windows paths generated together with the form Go's ``filepath.Clean``/``Split`` give them.

Strings use small alphabets on purpose: shrinking works well on them and collisions (two mounts with one source,
two layers with one base name) happen often enough to matter.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from typing import Final

from hypothesis import strategies as st

# The runes on which Go's IsPrint and this Python's unicodedata disagree (the reference corrects them).
from hcsdoc.reference.gofmt import _FIXES as _PRINT_FIXES

__all__ = [
    "ATOI_EDGE_VALUES",
    "BOOL_SPELLINGS",
    "EXOTIC_PATHS",
    "GUIDS",
    "INT32_EDGES",
    "NUMERIC_EDGE_VALUES",
    "QUOTE_SOURCES",
    "UINT16_EDGES",
    "UINT64_EDGES",
    "WinPath",
    "dir_paths",
    "file_paths",
    "go_string_pool",
    "go_strings",
    "guid_strings",
    "int32_edges",
    "numeric_annotation_values",
    "volume_root_path_pool",
    "volume_root_paths",
    "win_path_pool",
]

# Values for the uint64 annotations (parsed by strconv.ParseUint(v, 10, 64), then often wrapped to int32).
# Each one hits a different Go path: accepted, wrapped to 0/1/negative by int32(), out of range, or a syntax
# error that Python's int() would accept (sign, spaces, underscores, non-ASCII digits).
NUMERIC_EDGE_VALUES: Final[tuple[str, ...]] = (
    "0",
    "1",
    "2",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "4294967297",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999",
    "-1",
    "+5",
    " 5",
    "5 ",
    "5_000",
    "0x10",
    "\u0663",  # ARABIC-INDIC DIGIT THREE: Python's int() accepts it, Go does not
    "",
    "abc",
    "007",
    "00",
    "-0",
    "1e3",
    "5\n",
)

# Values for the dump count (strconv.Atoi on 64-bit Go: int64 range, sign allowed, then `> 0`, then int32()).
ATOI_EDGE_VALUES: Final[tuple[str, ...]] = (
    "1",
    "10",
    "+5",
    "05",
    "2147483647",
    "2147483648",
    "4294967296",
    "4294967297",
    "9223372036854775807",
    "0",
    "+0",
    "-1",
    "-9223372036854775808",
    "9223372036854775808",
    "+9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999",
    "18446744073709551616",
    "-",
    "+",
    "abc",
    " 5",
    "5_000",
    "0x10",
    "\u0663",
)

BOOL_SPELLINGS: Final[tuple[str, ...]] = ("true", "false", "1", "0", "t", "F", "TRUE", "True", "tRuE", "yes", "")

UINT64_EDGES: Final[tuple[int, ...]] = (
    0,
    1,
    2,
    64,
    1048575,
    1048576,
    2147483647,
    2147483648,
    4294967295,
    4294967296,
    4294967297,
    18446744073709551615,
)
UINT16_EDGES: Final[tuple[int, ...]] = (0, 1, 100, 5000, 10000, 10001, 65535)

GUIDS: Final[tuple[str, ...]] = (
    "0b8e3c8e-1c8b-4f1e-9a0e-2f3c4d5e6f70",
    "11111111-2222-3333-4444-555555555555",
    "ABCDEF01-2345-6789-ABCD-EF0123456789",  # upper case: Go prints it back lower case
    "00000000-0000-0000-0000-000000000000",
)

# Characters whose JSON encoding Go treats specially (HTML-safe escapes, U+2028/9, control characters with and
# without short escapes, quote and backslash), plus non-ASCII and an astral character.
_SPECIAL_CHARS: Final = '<>&\u2028\u2029\x00\x01\x08\x0c\n\r\t\x7f"\\/é€😀\ufffd'
_PLAIN_CHARS: Final = "abcxyz019 .-_:"


# Paths that take the rare turns of Go's Windows path code (UNC and device prefixes, bare drives, drive-relative
# and colon-in-first-element paths, ".." above the root).
EXOTIC_PATHS: Final[tuple[str, ...]] = (
    "\\\\srv\\share\\x",
    "\\\\srv\\share",
    "\\\\srv",
    "\\\\?\\C:\\x",
    "\\\\.\\C:\\x",
    "\\\\.\\UNC\\srv\\share\\x",
    "\\\\.\\UNC",
    "\\??\\C:\\x",
    "\\??",
    "//srv/share/x/",
    "C:",
    "C:x",
    "x\\y",
    "..\\x",
    "a:b\\c",
    "\\x\\..\\..",
    ".",
    "x/../..",
    "\\\\.",
    "\\\\?",
    "C:\\..\\..\\",
    "\\\\srv\\\\share\\",
)
# Mount sources for the %q in "failed to resolve path for mount source %q": every branch of Go's strconv.Quote.
QUOTE_SOURCES: Final[tuple[str, ...]] = (
    "C:\\\u00e9<>&",
    "C:\\a\tb\nc\rd\x07\x08\x0c\x0b",
    "C:\\\x01\x7f\x85\u00a0\u00ad",
    "C:\\\u2028\u2029\ufeff\U000e0001",
    "C:\\\U0001f600\U0010ffff\ufffd",
    "C:\\'\"q",
    "C:\\\u0378\U0001ffff",
    # Each edge of the runes on which Go's IsPrint and this Python's unicodedata disagree (the reference's
    # correction table): one rune inside and one outside each end, so a range off by one quotes differently.
    "C:\\" + "".join(chr(r) for lo, hi in _PRINT_FIXES for r in (lo - 1, lo, hi, hi + 1)),
)


_NUMERIC_ANNOTATION_VALUES: Final = st.one_of(
    st.sampled_from(NUMERIC_EDGE_VALUES),
    st.integers(min_value=0, max_value=(1 << 64) + 2).map(str),
    st.integers(min_value=-3, max_value=20).map(str),
)
INT32_EDGES: Final[tuple[int, ...]] = (8, 1, 2, 0, -1, 64, 2147483647, -2147483648)
_INT32_EDGES: Final = st.sampled_from(INT32_EDGES)
_GUID_STRINGS: Final = st.one_of(st.sampled_from(GUIDS), st.uuids().map(str))


def numeric_annotation_values() -> st.SearchStrategy[str]:
    """A value for a uint64 annotation: boundary values and Go parser edge cases first, then any decimal."""
    return _NUMERIC_ANNOTATION_VALUES


def int32_edges() -> st.SearchStrategy[int]:
    return _INT32_EDGES


@functools.cache
def go_string_pool(*, max_size: int = 6, special: bool = True) -> tuple[str, ...]:
    """The pool :func:`go_strings` draws from (for strategies that draw a gate and a string in one choice)."""
    alphabet = _PLAIN_CHARS + (_SPECIAL_CHARS if special else "")
    rng = random.Random(f"go_strings{max_size}{special}")
    pool = ["", *alphabet]
    pool += (
        ["".join(rng.choice(alphabet) for _ in range(rng.randint(2, max_size))) for _ in range(64)]
        if max_size >= 2
        else []
    )
    return tuple(dict.fromkeys(s for s in pool if len(s) <= max_size))


@functools.cache
def go_strings(*, max_size: int = 6, special: bool = True) -> st.SearchStrategy[str]:
    """Short strings from a small alphabet; with ``special`` also the characters Go's encoder escapes.

    One draw from a fixed pool (built once from a fixed seed): ``""`` first (where the shrinker goes), then every
    character of the alphabet alone (so each escape rule is met), then mixed strings up to ``max_size``.
    """
    return st.sampled_from(go_string_pool(max_size=max_size, special=special))


def guid_strings() -> st.SearchStrategy[str]:
    return _GUID_STRINGS


@functools.cache
def volume_root_paths(*, matching: bool = True) -> st.SearchStrategy[str]:
    """``Root.Path`` for Argon (one draw from :func:`volume_root_path_pool`)."""
    return st.sampled_from(volume_root_path_pool(matching=matching))


@functools.cache
def volume_root_path_pool(*, matching: bool = True) -> tuple[str, ...]:
    """``Root.Path`` values for Argon. ``matching`` ones satisfy hcsshim's volume-GUID regexp (all its accepted shapes:
    optional opening brace, doubled closing brace, optional trailing backslash, upper-case hex); the others are
    near misses it rejects (``volume`` in lower case, two trailing backslashes, a trailing newline, ...)."""
    shapes: tuple[str, ...]
    if matching:
        shapes = (
            "\\\\?\\Volume{%s}\\",
            "\\\\?\\Volume{%s}",
            "\\\\?\\Volume%s}",
            "\\\\?\\Volume{%s}}",
            "\\\\?\\Volume{%s}}\\",
        )
    else:
        # Three shapes end in a newline: they are the near misses that tell a full match
        # (Go's RE2 ``$`` without multiline) from Python's ``$``, which also matches before a final newline.
        shapes = (
            "\\\\?\\volume{%s}\\",
            "\\\\?\\Volume{%s}\\\\",
            "\\\\?\\Volume{%s}\n",
            "\\\\?\\Volume{%s}\\\n",
            "\\\\?\\Volume%s}\n",
            "\\\\?\\Volume{%s}\\x",
            "//?/Volume{%s}/",
            "\\\\?\\Volume{%s",
            "C:\\%s",
            "",
        )
    return tuple(shape.replace("%s", guid) for shape in shapes for guid in GUIDS)


@dataclass(frozen=True)
class WinPath:
    """A Windows path as written in a case (``raw``) together with what Go computes from it.

    ``clean`` is ``filepath.Clean(raw)``; ``parent_clean`` is ``filepath.Clean(dir)`` and ``base`` the file part of
    ``filepath.Split(raw)``. They are known by construction (the raw form is a clean path with separators varied,
    ``.`` and ``x\\..`` elements inserted and maybe a trailing separator), so no port of Go's path code is needed.
    """

    raw: str
    clean: str
    parent_clean: str
    base: str


_SEGMENTS: Final = ("a", "b", "data", "l", "x y", "\u00fc")


_VOLUMES: Final = ("C:", "D:", "c:")
_SEPARATORS: Final = ("\\", "/", "\\\\")
_JUNK: Final = (".", "zz\\..", "./.", "q/..")
_POOL_SIZE: Final = 48


def _make_win_path(rng: random.Random, root: tuple[str, ...], names: tuple[str, ...], trailing_ok: bool) -> WinPath:
    """One path as written (separators varied, ``.`` and ``x\\..`` elements inserted, maybe a trailing separator)
    together with its clean form, known by construction."""
    volume = rng.choice(_VOLUMES)
    segs = [*root, *(rng.choice(_SEGMENTS) for _ in range(rng.randrange(3))), rng.choice(names)]
    clean = volume + "\\" + "\\".join(segs)
    parent_clean = volume + "\\" + "\\".join(segs[:-1])
    raw = volume
    for seg in segs:
        raw += rng.choice(_SEPARATORS) if rng.random() < 0.5 else "\\"
        if rng.random() < 0.5:
            raw += rng.choice(_JUNK) + "\\"
        raw += seg
    base = segs[-1]
    if trailing_ok and rng.random() < 0.5:
        raw += rng.choice(("\\", "/"))
        base = ""  # filepath.Split leaves no file part after a trailing separator
        parent_clean = clean  # ... and its directory part is the whole path
    return WinPath(raw=raw, clean=clean, parent_clean=parent_clean, base=base)


@functools.cache
def win_path_pool(root: tuple[str, ...], names: tuple[str, ...], trailing_ok: bool) -> tuple[WinPath, ...]:
    """The fixed pool that :func:`dir_paths` (``trailing_ok``) and :func:`file_paths` draw from.

    One draw from a fixed pool (built once, from a fixed seed): the plain clean path of every name first (what
    the shrinker goes to), then varied ones. A pool instead of a per-part composite: ~12 draws per path become one,
    which matters when the fuzz bridge draws a case per execution."""
    plain = []
    for name in names:
        clean = "C:\\" + "\\".join((*root, name))
        plain.append(WinPath(raw=clean, clean=clean, parent_clean="C:\\" + "\\".join(root), base=name))
    rng = random.Random(f"{root}{names}{trailing_ok}")
    varied = [_make_win_path(rng, root, names, trailing_ok) for _ in range(_POOL_SIZE)]
    return (*plain, *(p for p in varied if p not in plain))


@functools.cache
def _win_paths(root: tuple[str, ...], names: tuple[str, ...], trailing_ok: bool) -> st.SearchStrategy[WinPath]:
    return st.sampled_from(win_path_pool(root, names, trailing_ok))


def dir_paths(
    *, root: tuple[str, ...] = ("m",), names: tuple[str, ...] = ("d1", "d2", "base", "top")
) -> st.SearchStrategy[WinPath]:
    """Directory paths (may end in a separator)."""
    return _win_paths(root, names, True)


def file_paths(
    *, root: tuple[str, ...] = ("m",), names: tuple[str, ...] = ("f.txt", "g.cfg")
) -> st.SearchStrategy[WinPath]:
    """File paths (never end in a separator, so ``base`` is the file name)."""
    return _win_paths(root, names, False)
