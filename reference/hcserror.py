"""hcsshim ``internal/hcserror``: the ``HcsError`` that wraps a failed HCS / vmcompute call."""

from __future__ import annotations

from typing import Final

from hcsdoc.reference.goerrors import Errno, GoError
from hcsdoc.reference.goint import uint32

ERROR_GEN_FAILURE: Final = 31


class HcsError(GoError):
    """``*hcserror.HcsError{title, rest, Err}``.

    ``Error()`` is ``title`` (plus a space unless it ends with one), ``failed in Win32: <Err> (0x<code>)`` with the
    code in lowercase hex, then ``rest`` (after a space unless it starts with one) when not empty.
    """

    def __init__(self, title: str, rest: str, Err: GoError) -> None:
        super().__init__(title, rest, Err)
        self.title = title
        self.rest = rest
        self.Err = Err

    def __str__(self) -> str:
        s = self.title
        if len(s) > 0 and s[-1] != " ":
            s += " "
        s += f"failed in Win32: {self.Err} (0x{Win32FromError(self.Err):x})"
        if self.rest != "":
            if self.rest[0] != " ":
                s += " "
            s += self.rest
        return s


def New(err: GoError, title: str, rest: str) -> GoError:
    """``hcserror.New``. (Go passes a ``*windows.DLLError`` through unwrapped; the seams never produce one.)"""
    return HcsError(title, rest, err)


def Win32FromError(err: GoError) -> int:
    """The Win32 code inside ``err`` (``uint32``), or ``ERROR_GEN_FAILURE`` when there is none."""
    if isinstance(err, HcsError):
        return Win32FromError(err.Err)
    if isinstance(err, Errno):
        return uint32(err.code)
    return ERROR_GEN_FAILURE
