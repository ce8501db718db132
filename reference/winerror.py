"""Windows' English system messages for the Win32 error codes a recorded host may answer with.

The Go code formats a Windows error with ``syscall.Errno.Error()``, which asks Windows for the system message in
US English. Under Wine (where vectors are captured) the texts would be Wine's, so both the capture executable and
the reference take them from this table. The Go capture build embeds this table (it is generated from here).
"""

from __future__ import annotations

from typing import Final

WINDOWS_ERROR_TEXTS: Final[dict[int, str]] = {
    1: "Incorrect function.",
    2: "The system cannot find the file specified.",
    3: "The system cannot find the path specified.",
    5: "Access is denied.",
    6: "The handle is invalid.",
    15: "The system cannot find the drive specified.",
    21: "The device is not ready.",
    31: "A device attached to the system is not functioning.",
    32: "The process cannot access the file because it is being used by another process.",
    53: "The network path was not found.",
    67: "The network name cannot be found.",
    87: "The parameter is incorrect.",
    123: "The filename, directory name, or volume label syntax is incorrect.",
    161: "The specified path is invalid.",
    206: "The filename or extension is too long.",
    1168: "Element not found.",
    1920: "The file cannot be accessed by the system.",
}

# Go's syscall package on Windows invents errno values above APPLICATION_ERROR for POSIX names it needs;
# EINVAL is one of them (syscall/zerrors_windows.go). Its text is Go's, not Windows'.
APPLICATION_ERROR: Final = 1 << 29
EINVAL: Final = APPLICATION_ERROR + 39
EINVAL_TEXT: Final = "invalid argument"

# os.IsNotExist on Windows is true for exactly these codes (syscall.Errno.Is(oserror.ErrNotExist)).
ERROR_FILE_NOT_FOUND: Final = 2
ERROR_PATH_NOT_FOUND: Final = 3
ERROR_BAD_NETPATH: Final = 53
NOT_EXIST_CODES: Final = frozenset({ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND, ERROR_BAD_NETPATH})


def errno_text(code: int) -> str:
    """``syscall.Errno(code).Error()`` as Go prints it on an English Windows."""
    if code == EINVAL:
        return EINVAL_TEXT
    text = WINDOWS_ERROR_TEXTS.get(code)
    if text is None:
        # FormatMessage found no message: Go falls back to this text (syscall_windows.go, Errno.Error).
        return f"winapi error #{code}"
    return text
