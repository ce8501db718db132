"""Go's ``path/filepath`` with Windows rules (GOOS=windows), as Go 1.26 implements it in ``path/filepath`` and
``internal/filepathlite``: ``Split``, ``Join``, ``Clean``, ``VolumeName``.

Not ``ntpath``: Go cleans lexically with its own volume rules (``\\\\?\\`` and ``\\\\.\\`` device prefixes,
``\\??\\``, UNC ``\\\\host\\share``, ``X:`` for *any* byte before the colon), joins ``C:`` + ``x`` as ``C:x``, and
guards against cleaning a relative path into a rooted or drive one (``postClean``).

Go works on bytes; these functions work on ``str``. Every test Go makes is on an ASCII byte (``\\``, ``/``, ``:``,
``.``, ``?``, ASCII letters), and a UTF-8 multi-byte sequence contains no ASCII byte, so code points give the same
answers, with two exceptions handled explicitly: Go's drive test looks at *byte* 1, which is a continuation byte when
the first character is not ASCII (see :func:`volumeNameLen`), and ``Clean``'s buffer keeps stale *bytes* that
``postClean`` reads (so :func:`Clean` walks the bytes of a non-ASCII path).
"""

from __future__ import annotations

import re
from typing import Final

Separator: Final = "\\"


def IsPathSeparator(c: str) -> bool:
    return c == "\\" or c == "/"


def FromSlash(path: str) -> str:
    return path.replace("/", Separator)


def _pathHasPrefixFold(s: str, prefix: str) -> bool:
    """``s`` starts with ``prefix`` ignoring ASCII case, any separator matching any separator, and the prefix ends
    at a separator or at the end of ``s``."""
    n = len(prefix)
    if len(s) < n:
        return False
    head = s[:n]
    # Go compares byte by byte, upper-casing ASCII letters only. The prefixes are ASCII, so a non-ASCII character
    # (any byte of its UTF-8 form) never matches, and on ASCII text str.upper() is exactly that upper-casing.
    if not head.isascii() or head.replace("/", "\\").upper() != prefix.replace("/", "\\").upper():
        return False
    return not (len(s) > n and not IsPathSeparator(s[n]))


def _uncLen(path: str, prefixLen: int) -> int:
    """Length of a UNC volume: up to (not including) the second separator after ``prefixLen``."""
    count = 0
    for i in range(prefixLen, len(path)):
        if IsPathSeparator(path[i]):
            count += 1
            if count == 2:
                return i
    return len(path)


def _cutPath(path: str) -> tuple[str, str, bool]:
    for i, c in enumerate(path):
        if IsPathSeparator(c):
            return path[:i], path[i + 1 :], True
    return path, "", False


def volumeNameLen(path: str) -> int:
    """filepathlite.volumeNameLen (Windows)."""
    # Go: len(path) >= 2 && path[1] == ':' on bytes. Byte 1 is ':' only if character 0 is one byte long (ASCII);
    # any byte at all before the colon counts as a "drive letter" (Go does not check A-Z).
    if len(path) >= 2 and path[1] == ":" and path[0] < "\x80":
        return 2
    if len(path) == 0 or not IsPathSeparator(path[0]):
        return 0
    if _pathHasPrefixFold(path, "\\\\.\\UNC"):
        return _uncLen(path, len("\\\\.\\UNC\\"))
    if _pathHasPrefixFold(path, "\\\\.") or _pathHasPrefixFold(path, "\\\\?") or _pathHasPrefixFold(path, "\\??"):
        # Local Device (\\.\) or Root Local Device (\\?\, \??\) path: the next element is part of the volume.
        if len(path) == 3:
            return 3
        _, rest, ok = _cutPath(path[4:])
        if not ok:
            return len(path)
        return len(path) - len(rest) - 1
    if len(path) >= 2 and IsPathSeparator(path[1]):
        return _uncLen(path, 2)
    return 0


def VolumeName(path: str) -> str:
    return FromSlash(path[: volumeNameLen(path)])


class _lazybuf:
    """filepathlite.lazybuf: the output is a prefix of the input until it first differs; only then is a buffer
    made. Whether it was made matters (``postClean`` does nothing without one), and so does its stale tail:
    Go's buffer has the input's length and ``postClean`` scans all of it, not just the first ``w`` bytes."""

    __slots__ = ("buf", "path", "volAndPath", "volLen", "w")

    def __init__(self, path: str, volAndPath: str, volLen: int) -> None:
        self.path = path
        self.buf: list[str] | None = None
        self.w = 0
        self.volAndPath = volAndPath
        self.volLen = volLen

    def index(self, i: int) -> str:
        if self.buf is not None:
            return self.buf[i]
        return self.path[i]

    def append(self, c: str) -> None:
        if self.buf is None:
            if self.w < len(self.path) and self.path[self.w] == c:
                self.w += 1
                return
            # make([]byte, len(path)): zero bytes past what is copied
            self.buf = list(self.path[: self.w]) + ["\x00"] * (len(self.path) - self.w)
        self.buf[self.w] = c
        self.w += 1

    def extend(self, s: str) -> None:
        """``append`` of each character of ``s`` (which holds no separator), in one go."""
        w = self.w
        if self.buf is None:
            if self.path.startswith(s, w):
                self.w = w + len(s)
                return
            for c in s:
                self.append(c)
            return
        # Go's buffer is as long as the input, and the output is never longer: the slice keeps its length.
        self.buf[w : w + len(s)] = s
        self.w = w + len(s)

    def prepend(self, *prefix: str) -> None:
        assert self.buf is not None  # postClean only prepends once the buffer exists
        self.buf[0:0] = prefix
        self.w += len(prefix)

    def string(self) -> str:
        if self.buf is None:
            return self.volAndPath[: self.volLen + self.w]
        return self.volAndPath[: self.volLen] + "".join(self.buf[: self.w])


def Clean(path: str) -> str:
    """filepath.Clean (Windows)."""
    if not path.isascii():
        # Go cleans the UTF-8 *bytes* (filepathlite.Clean), and postClean scans the stale tail of the lazybuf
        # buffer, which holds bytes: after a ".." backs up over a multi-byte character, the stale tail is shifted
        # by bytes, not by characters (Clean("z/../a/:/../../é") is ".\\é" in Go). So the walk is done on a
        # Latin-1 view of the bytes, one character per byte; every test is on an ASCII byte, and separators and
        # element boundaries are ASCII, so the result is whole UTF-8 again.
        view = path.encode("utf-8", "surrogatepass").decode("latin-1")
        return _clean(view).encode("latin-1").decode("utf-8", "surrogatepass")
    return _clean(path)


def _clean(path: str) -> str:
    originalPath = path
    volLen = volumeNameLen(path)
    path = path[volLen:]
    if path == "":
        if volLen > 1 and IsPathSeparator(originalPath[0]) and IsPathSeparator(originalPath[1]):
            return FromSlash(originalPath)  # UNC volume alone
        return originalPath + "."
    if "/" not in originalPath:
        # Fast paths, same result: on an already clean path the walk below only advances lazybuf.w and never makes
        # a buffer (so postClean does nothing either), and the result is the input itself. str.split finds that
        # out much faster in Python than the walk, and most paths the converter cleans are clean.
        if _isClean(path):
            return originalPath
        # The same with one trailing separator (a VSMB share's guest path): the walk stops before it, still
        # without a buffer, and the result is the input without it.
        if len(path) > 1 and path[-1] == Separator and _isClean(path[:-1]):
            return originalPath[:-1]
    rooted = IsPathSeparator(path[0])

    n = len(path)
    out = _lazybuf(path, originalPath, volLen)
    r, dotdot = 0, 0
    if rooted:
        out.append(Separator)
        r, dotdot = 1, 1

    while r < n:
        if IsPathSeparator(path[r]):
            r += 1  # empty element
        elif path[r] == "." and (r + 1 == n or IsPathSeparator(path[r + 1])):
            r += 1  # . element
        elif path[r] == "." and path[r + 1] == "." and (r + 2 == n or IsPathSeparator(path[r + 2])):
            # .. element: back up to the last separator
            r += 2
            if out.w > dotdot:
                out.w -= 1
                while out.w > dotdot and not IsPathSeparator(out.index(out.w)):
                    out.w -= 1
            elif not rooted:
                if out.w > 0:
                    out.append(Separator)
                out.append(".")
                out.append(".")
                dotdot = out.w
        else:
            if (rooted and out.w != 1) or (not rooted and out.w != 0):
                out.append(Separator)
            # The element up to the next separator, copied as Go copies it byte by byte.
            end = _elementEnd(path, r)
            out.extend(path[r:end])
            r = end

    if out.w == 0:
        out.append(".")

    _postClean(out)
    return FromSlash(out.string())


_SEPARATOR: Final = re.compile(r"[\\/]")


def _elementEnd(path: str, r: int) -> int:
    """The index of the first separator at or after ``r`` (``len(path)`` if none)."""
    m = _SEPARATOR.search(path, r)
    return len(path) if m is None else m.start()


def _isClean(path: str) -> bool:
    """Whether Clean would leave ``path`` (no volume, no ``/``) unchanged: a lone separator, or elements that are
    neither empty (doubled or trailing separators) nor ``.`` nor ``..``, with at most one leading separator."""
    elems = path.split(Separator)
    if elems[0] == "":  # rooted
        if path == Separator:
            return True
        elems = elems[1:]
    return all(e and e != "." and e != ".." for e in elems)


def _postClean(out: _lazybuf) -> None:
    """Keep a relative result relative: ``a/../c:`` must not become the drive path ``c:``, and ``\\a\\..\\??\\c:``
    must not become the Root Local Device path ``\\??\\c:``."""
    if out.volLen != 0 or out.buf is None:
        return
    # Go ranges over the whole buffer (stale bytes past w included) up to the first separator.
    for c in out.buf:
        if IsPathSeparator(c):
            break
        if c == ":":
            out.prepend(".", Separator)
            return
    if len(out.buf) >= 3 and IsPathSeparator(out.buf[0]) and out.buf[1] == "?" and out.buf[2] == "?":
        out.prepend(Separator, ".")


def Split(path: str) -> tuple[str, str]:
    """filepath.Split (Windows): ``dir`` up to and including the last separator after the volume, ``file`` the rest."""
    vol = VolumeName(path)
    # Go walks back from the end to the last separator at or after the volume (len(vol) - 1 when there is none).
    i = max(path.rfind("\\"), path.rfind("/"), len(vol) - 1)
    return path[: i + 1], path[i + 1 :]


def Join(*elem: str) -> str:
    """filepath.Join (Windows): non-empty elements joined with ``\\``, then cleaned; never makes a UNC path out of
    non-UNC elements; ``C:`` + ``f`` is ``C:f``."""
    b: list[str] = []
    blen = 0
    lastChar = ""
    for e in elem:
        if blen == 0:
            pass  # the first non-empty element goes in unchanged
        elif IsPathSeparator(lastChar):
            # strip leading separators of the next element so that "\" + "\host" is not a UNC path
            while len(e) > 0 and IsPathSeparator(e[0]):
                e = e[1:]
            # "\" + "??" would be the Root Local Device prefix \??\: write \.\?? instead
            if blen == 1 and e.startswith("??") and (len(e) == 2 or IsPathSeparator(e[2])):
                b.append(".\\")
                blen += 2
        elif lastChar == ":":
            pass  # keep C: + f relative to the drive's current directory: C:f
        else:
            b.append("\\")
            blen += 1
            lastChar = "\\"
        if len(e) > 0:
            b.append(e)
            blen += len(e)
            lastChar = e[-1]
    if blen == 0:
        return ""
    return Clean("".join(b))
