"""Go's ``strconv.Quote`` (what ``fmt``'s ``%q`` prints for a string), and the byte quoting of Go's JSON
syntax errors.

A Go string is bytes; a Python ``str`` here is its UTF-8 decoding. Bytes that are not UTF-8 are carried as
lone surrogates: ``\\udc80``-``\\udcff`` is one byte (Python's ``surrogateescape``), any other surrogate is the
three bytes of its WTF-8 encoding (``surrogatepass``). Go quotes each such byte as ``\\xNN``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import Final

# strconv.IsPrint is Go's unicode tables (Unicode 15.0.0 in Go 1.26): letters, marks, numbers, punctuation,
# symbols and U+0020. Python's unicodedata may be another Unicode version; these are the runes on which they
# disagree, per unicodedata version (computed against Go for every code point by tests/test_gofmt.py, which
# prints the table to paste here when it changes).
_GO_PRINT_FIXES: Final[dict[str, tuple[tuple[int, int], ...]]] = {
    # Runes new in Unicode 15.0 that Go prints and Python 3.11 (Unicode 14.0) does not know.
    "14.0.0": (
        (0xCF3, 0xCF3),
        (0xECE, 0xECE),
        (0x10EFD, 0x10EFF),
        (0x1123F, 0x11241),
        (0x11B00, 0x11B09),
        (0x11F00, 0x11F10),
        (0x11F12, 0x11F3A),
        (0x11F3E, 0x11F59),
        (0x1342F, 0x1342F),
        (0x13440, 0x13455),
        (0x1B132, 0x1B132),
        (0x1B155, 0x1B155),
        (0x1D2C0, 0x1D2D3),
        (0x1DF25, 0x1DF2A),
        (0x1E030, 0x1E06D),
        (0x1E08F, 0x1E08F),
        (0x1E4D0, 0x1E4F9),
        (0x1F6DC, 0x1F6DC),
        (0x1F774, 0x1F776),
        (0x1F77B, 0x1F77F),
        (0x1F7D9, 0x1F7D9),
        (0x1FA75, 0x1FA77),
        (0x1FA87, 0x1FA88),
        (0x1FAAD, 0x1FAAF),
        (0x1FABB, 0x1FABD),
        (0x1FABF, 0x1FABF),
        (0x1FACE, 0x1FACF),
        (0x1FADA, 0x1FADB),
        (0x1FAE8, 0x1FAE8),
        (0x1FAF7, 0x1FAF8),
        (0x2B739, 0x2B739),
        (0x31350, 0x323AF),
    ),
    "15.0.0": (),
}
_FIXES: Final = _GO_PRINT_FIXES.get(unicodedata.unidata_version, ())
_FIX_STARTS: Final = [lo for lo, _ in _FIXES]


@lru_cache(maxsize=4096)
def is_print(r: int) -> bool:
    """``strconv.IsPrint(r)``."""
    if r <= 0xFF:
        # Go's Latin-1 fast path: ASCII space through '~', and U+00A1 through U+00FF except the soft hyphen.
        return 0x20 <= r <= 0x7E or (0xA1 <= r <= 0xFF and r != 0xAD)
    i = bisect_right(_FIX_STARTS, r) - 1
    if i >= 0 and r <= _FIXES[i][1]:
        return True
    if 0xD800 <= r <= 0xDFFF:
        return False
    return unicodedata.category(chr(r))[0] in "LMNPS"


_PLAIN = re.compile(r"[ !#-\[\]-~]*")  # printable ASCII except '"' and '\\': quoted as is
_ESCAPES: Final = {0x07: "\\a", 0x08: "\\b", 0x0C: "\\f", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x0B: "\\v"}


def _surrogate_bytes(ch: str) -> bytes:
    r = ord(ch)
    return bytes([r - 0xDC00]) if 0xDC80 <= r <= 0xDCFF else ch.encode("utf-8", "surrogatepass")


def _escaped_rune(r: int, quote: int) -> str:
    """Go's ``appendEscapedRune`` (ASCIIonly and graphicOnly false)."""
    if r == quote or r == 0x5C:
        return "\\" + chr(r)
    if is_print(r):
        return chr(r)
    esc = _ESCAPES.get(r)
    if esc is not None:
        return esc
    if r < 0x20 or r == 0x7F:
        return f"\\x{r:02x}"
    if r < 0x10000:
        return f"\\u{r:04x}"
    return f"\\U{r:08x}"


def quote(s: str) -> str:
    """``strconv.Quote(s)``: double-quoted, Go escapes, non-printable runes escaped, bad bytes as ``\\xNN``."""
    if _PLAIN.fullmatch(s):
        return '"' + s + '"'
    out = ['"']
    for ch in s:
        r = ord(ch)
        if 0xD800 <= r <= 0xDFFF:
            out.extend(f"\\x{b:02x}" for b in _surrogate_bytes(ch))
        else:
            out.append(_escaped_rune(r, 0x22))
    out.append('"')
    return "".join(out)


def quote_byte(c: int) -> str:
    """encoding/json's ``quoteChar``: the byte as a Go rune literal. Go converts the *byte* to a rune, so
    0xEF (the first byte of a UTF-8 BOM) prints as 'ï'."""
    if c == 0x27:
        return "'\\''"
    if c == 0x22:
        return "'\"'"
    return "'" + quote(chr(c))[1:-1] + "'"
