"""Go error values, as Python exceptions.

A Go function returns ``(value, error)`` and its caller returns the first non-nil error up the stack. The reference
raises instead: every Go ``return ..., err`` that passes an error through becomes a plain propagation, and the first
error raised wins exactly as the first ``err != nil`` does in Go. ``str(exc)`` is the Go ``err.Error()`` text.

Only the error types the converter can produce are modelled:

* :class:`ErrorString`: ``errors.New`` / ``fmt.Errorf`` without ``%w`` (the text is all there is);
* :class:`Errno`: ``syscall.Errno`` (a Win32 error code; its text is Windows' English message);
* :class:`PathError`: ``*os.PathError`` (``Op Path: Err``);
* :func:`Wrapf`: ``github.com/pkg/errors.Wrapf`` (``msg: err``), keeping the cause for ``os.IsNotExist``.
"""

from __future__ import annotations

from hcsdoc.reference import winerror


class GoError(Exception):
    """A Go ``error``; ``str(self)`` is ``Error()``."""

    def Error(self) -> str:
        return str(self)


class ErrorString(GoError):
    """``errors.New(text)`` / ``fmt.Errorf(format, ...)`` (already formatted)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return self.text


class Errno(GoError):
    """``syscall.Errno``: a Win32 error code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return winerror.errno_text(self.code)


class PathError(GoError):
    """``*os.PathError{Op, Path, Err}``; ``Error()`` is ``Op + " " + Path + ": " + Err.Error()``."""

    def __init__(self, Op: str, Path: str, Err: GoError) -> None:
        super().__init__(Op, Path, Err)
        self.Op = Op
        self.Path = Path
        self.Err = Err

    def __str__(self) -> str:
        return f"{self.Op} {self.Path}: {self.Err}"


class WithMessage(GoError):
    """What ``github.com/pkg/errors.Wrapf`` returns: ``msg + ": " + cause.Error()`` (the stack is not printed by
    ``Error()``)."""

    def __init__(self, cause: GoError, msg: str) -> None:
        super().__init__(cause, msg)
        self.cause = cause
        self.msg = msg

    def __str__(self) -> str:
        return f"{self.msg}: {self.cause}"


def Wrapf(err: GoError, msg: str) -> GoError:
    """``errors.Wrapf(err, format, args...)`` with the message already formatted (never called with a nil err)."""
    return WithMessage(err, msg)


def IsNotExist(err: GoError) -> bool:
    """``os.IsNotExist(err)`` on Windows: unwraps a ``*PathError`` (``underlyingError``) and is true exactly for the
    not-exist Win32 codes (``ERROR_FILE_NOT_FOUND``, ``ERROR_PATH_NOT_FOUND``, ``ERROR_BAD_NETPATH``)."""
    if isinstance(err, PathError):
        err = err.Err
    return isinstance(err, Errno) and err.code in winerror.NOT_EXIST_CODES
