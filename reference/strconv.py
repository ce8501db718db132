"""The parts of Go's ``strconv`` the converter calls: ``ParseUint``, ``ParseInt`` and ``Atoi`` (base 10, as
hcsshim calls them), with Go's exact ``*NumError`` texts.

Go parses the string's UTF-8 *bytes*, left to right, and stops at the first problem: a digit that overflows is
reported as ``value out of range`` even when a non-digit follows it (``"99999999999999999999x"`` is a range
error, not a syntax error). The functions below keep that order, and work on the UTF-8 bytes so that every length
test (``Atoi``'s fast path is taken for fewer than 19 *bytes*) is Go's.
"""

from __future__ import annotations

from typing import Final

from hcsdoc.reference.goerrors import GoError
from hcsdoc.reference.gofmt import quote

ErrRange: Final = "value out of range"
ErrSyntax: Final = "invalid syntax"

_MAX_UINT64: Final = (1 << 64) - 1
_INT_SIZE: Final = 64  # amd64 / arm64: Go's int is 64 bits wide


class NumError(GoError):
    """``*strconv.NumError{Func, Num, Err}``; ``Error()`` is ``strconv.<Func>: parsing <Quote(Num)>: <Err>``."""

    def __init__(self, Func: str, Num: str, Err: str) -> None:
        super().__init__(Func, Num, Err)
        self.Func = Func
        self.Num = Num
        self.Err = Err

    def __str__(self) -> str:
        return f"strconv.{self.Func}: parsing {quote(self.Num)}: {self.Err}"


class _ParseFailure(Exception):
    """internal/strconv's bare ``Error`` (ErrRange / ErrSyntax), before the exported function names it."""

    def __init__(self, err: str) -> None:
        super().__init__(err)
        self.err = err


def _parse_uint10(s: bytes, bit_size: int) -> int:
    """internal/strconv.ParseUint(s, 10, bitSize): digits only, no sign, no ``_`` (base is not 0)."""
    if not s:
        raise _ParseFailure(ErrSyntax)
    cutoff = _MAX_UINT64 // 10 + 1
    max_val = (1 << bit_size) - 1
    n = 0
    for c in s:
        # Go: '0' <= c <= '9' -> digit; a letter (c | 0x20 in 'a'..'z') is a digit >= 10, invalid in base 10;
        # anything else is a syntax error. Both are the same error here.
        if not 0x30 <= c <= 0x39:
            raise _ParseFailure(ErrSyntax)
        if n >= cutoff:
            raise _ParseFailure(ErrRange)  # n*10 overflows uint64
        n = n * 10 + (c - 0x30)
        if n > max_val:
            raise _ParseFailure(ErrRange)
    return n


def _parse_int10(s: bytes, bit_size: int) -> int:
    """internal/strconv.ParseInt(s, 10, bitSize): an optional ``+``/``-`` then ParseUint; range errors from the
    unsigned parse are re-judged against the signed cutoff."""
    if not s:
        raise _ParseFailure(ErrSyntax)
    neg = False
    if s[0] == 0x2B:  # '+'
        s = s[1:]
    elif s[0] == 0x2D:  # '-'
        s = s[1:]
        neg = True
    try:
        un = _parse_uint10(s, bit_size)
    except _ParseFailure as exc:
        if exc.err != ErrRange:
            raise
        un = (1 << bit_size) - 1  # ParseUint returns maxVal with ErrRange
    cutoff = 1 << (bit_size - 1)
    if not neg and un >= cutoff:
        raise _ParseFailure(ErrRange)
    if neg and un > cutoff:
        raise _ParseFailure(ErrRange)
    return -un if neg else un


def ParseUint(s: str, bitSize: int) -> int:
    """``strconv.ParseUint(s, 10, bitSize)``; raises :class:`NumError` with Func ``ParseUint``."""
    try:
        return _parse_uint10(s.encode("utf-8"), bitSize)
    except _ParseFailure as exc:
        raise NumError("ParseUint", s, exc.err) from None


def Atoi(s: str) -> int:
    """``strconv.Atoi(s)`` (64-bit int); raises :class:`NumError` with Func ``Atoi``.

    Go takes a fast path for 1..18 bytes (sign allowed, then digits only, no overflow possible) and otherwise
    ``ParseInt(s, 10, 0)``; both fail with the same texts, so the split only matters for the error order, which
    the slow path's left-to-right scan already gives.
    """
    b = s.encode("utf-8")
    try:
        if 0 < len(b) < 19:
            digits = b[1:] if b[0] in (0x2B, 0x2D) else b
            if not digits:
                raise _ParseFailure(ErrSyntax)  # a lone sign
            n = 0
            for c in digits:
                if not 0x30 <= c <= 0x39:
                    raise _ParseFailure(ErrSyntax)
                n = n * 10 + (c - 0x30)
            return -n if b[0] == 0x2D else n
        return _parse_int10(b, _INT_SIZE)
    except _ParseFailure as exc:
        raise NumError("Atoi", s, exc.err) from None
