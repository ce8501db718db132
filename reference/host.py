"""The host machine, as the converter sees it: one method per seam (DESIGN.md "Seams"), and :class:`RecordedHost`,
which answers from a case's ``host`` object exactly as docs/case-format.md §1.4 "Seam semantics" says.

A method that fails raises the Go error the real call returns (:mod:`reference.goerrors`). Nothing else about the
machine is read by the converter.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol

from hcsdoc.reference import caseinput
from hcsdoc.reference.caseinput import CaseError
from hcsdoc.reference.goerrors import Errno, PathError
from hcsdoc.reference.guid import GUID, FromString, InvalidGUID
from hcsdoc.reference.winerror import EINVAL, ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND, NOT_EXIST_CODES

ERROR_INVALID_FUNCTION: Final = 1  # what ReadFile on a directory handle fails with


@dataclass(frozen=True, slots=True)
class FileInfo:
    """The part of ``os.FileInfo`` the converter reads."""

    isDir: bool

    def IsDir(self) -> bool:
        return self.isDir


class Host(Protocol):
    """The seams. Each method is the Go call it replaces."""

    def ProcessorCount(self) -> int:
        """``processorinfo.ProcessorCount()`` (int32)."""
        ...

    def OSBuild(self) -> int:
        """``osversion.Build()`` (uint16)."""
        ...

    def NameToGuid(self, name: str) -> GUID:
        """The ``vmcompute.dll!NameToGuid`` syscall on an already UTF-16-convertible name; raises :class:`Errno`."""
        ...

    def ResolvePath(self, path: str) -> str:
        """go-winio ``fs.ResolvePath(path)``."""
        ...

    def Stat(self, path: str) -> FileInfo:
        """``os.Stat(path)``."""
        ...

    def ReadFile(self, path: str) -> bytes:
        """``os.ReadFile(path)``."""
        ...


class RecordedHost:
    """A :class:`Host` answering from a case's ``host`` object. Keys match exactly (no case folding, no cleaning)."""

    def __init__(self, host: Mapping[str, Any]) -> None:
        # Every answer is checked here, so that a malformed host is reported before the converter runs.
        where = "case.host"
        self._processorCount = caseinput.integer(host, "processorCount", where, caseinput.INT32)
        self._osBuild = caseinput.integer(host, "osBuild", where, caseinput.UINT16)
        gostr = caseinput.gostr
        self._layerIds: dict[str, GUID | int] = {}
        table = f"{where}.layerIds"
        for name, answer in caseinput.obj(host, "layerIds", where).items():
            path = caseinput.member_path(table, name)
            if isinstance(answer, str):
                try:
                    self._layerIds[gostr(name)] = FromString(answer)
                except InvalidGUID as exc:
                    raise CaseError(f"{path}: {exc}") from None
            else:
                code = caseinput.errno_of(answer, path)
                if code is None:
                    raise CaseError(f'{path}: expected a GUID string or {{"errno": N}}, got {caseinput.type_name(answer)}')
                self._layerIds[gostr(name)] = code
        self._resolvedPaths: dict[str, str | int] = {}
        table = f"{where}.resolvedPaths"
        for key, answer in caseinput.obj(host, "resolvedPaths", where).items():
            path = caseinput.member_path(table, key)
            if isinstance(answer, str):
                self._resolvedPaths[gostr(key)] = gostr(answer)
            else:
                code = caseinput.errno_of(answer, path)
                if code is None:
                    raise CaseError(f'{path}: expected a string or {{"errno": N}}, got {caseinput.type_name(answer)}')
                self._resolvedPaths[gostr(key)] = code
        table = f"{where}.files"
        self._files: dict[str, _File] = {
            gostr(key): _File.from_case(entry, caseinput.member_path(table, key))
            for key, entry in caseinput.obj(host, "files", where).items()
        }

    def ProcessorCount(self) -> int:
        return self._processorCount

    def OSBuild(self) -> int:
        return self._osBuild

    def NameToGuid(self, name: str) -> GUID:
        answer = self._layerIds.get(name, ERROR_FILE_NOT_FOUND)
        if isinstance(answer, int):
            raise Errno(answer)
        return answer

    def ResolvePath(self, path: str) -> str:
        if "\x00" in path:
            # go-winio's openMetadata wraps every CreateFile failure, the UTF-16 conversion's EINVAL included, in
            # an *os.PathError (resolve.go). docs/case-format.md §1.4 says "raw"; the captured vector
            # mounts.argon.nul-source and the go-winio source both say wrapped, and they win.
            raise PathError("CreateFile", path, Errno(EINVAL))
        answer = self._resolvedPaths.get(path)
        if answer is None:
            # CreateFile("") fails with ERROR_PATH_NOT_FOUND, any other unknown path with ERROR_FILE_NOT_FOUND
            answer = ERROR_PATH_NOT_FOUND if path == "" else ERROR_FILE_NOT_FOUND
        if isinstance(answer, int):
            raise PathError("CreateFile", path, Errno(answer))
        return answer

    def Stat(self, path: str) -> FileInfo:
        # Go 1.26 os.Stat on Windows (os/stat_windows.go stat("Stat", name, true)).
        if path == "":
            raise PathError("Stat", path, Errno(ERROR_PATH_NOT_FOUND))
        if "\x00" in path:
            raise PathError("Stat", path, Errno(EINVAL))
        f = self._files.get(path)
        if f is None:
            raise PathError("GetFileAttributesEx", path, Errno(ERROR_FILE_NOT_FOUND))
        if f.errno is not None:
            # GetFileAttributesEx failing with a not-exist code is returned as is; any other failure falls through
            # to CreateFile, which fails the same way.
            op = "GetFileAttributesEx" if f.errno in NOT_EXIST_CODES else "CreateFile"
            raise PathError(op, path, Errno(f.errno))
        return FileInfo(f.isDir)

    def ReadFile(self, path: str) -> bytes:
        # Reached only after Stat succeeded on the same path; the other answers follow os.ReadFile's open step.
        if "\x00" in path:
            raise PathError("open", path, Errno(EINVAL))
        f = self._files.get(path)
        if f is None:
            raise PathError("open", path, Errno(ERROR_FILE_NOT_FOUND))
        if f.errno is not None:
            raise PathError("open", path, Errno(f.errno))
        if f.isDir:
            raise PathError("read", path, Errno(ERROR_INVALID_FUNCTION))
        if f.readErrno is not None:
            raise PathError("open", path, Errno(f.readErrno))
        return f.content


@dataclass(frozen=True, slots=True)
class _File:
    """One ``host.files`` answer."""

    errno: int | None = None
    isDir: bool = False
    content: bytes = b""
    readErrno: int | None = None

    @staticmethod
    def from_case(entry: Any, where: str) -> _File:
        """The answer ``entry`` found at ``where`` (a member of ``host.files``)."""
        code = caseinput.errno_of(entry, where)
        if code is not None:
            return _File(errno=code)
        entry = caseinput.as_obj(entry, where)
        kind = entry.get("kind")
        if kind == "dir":
            return _DIR
        if kind != "file":
            raise CaseError(f'{where}.kind: expected "dir" or "file" (or an errno answer), got {kind!r}')
        if entry.get("content") is not None and entry.get("contentBase64") is not None:
            raise CaseError(f"{where}: at most one of content and contentBase64")
        if entry.get("contentBase64") is not None:
            try:
                content = base64.b64decode(caseinput.string(entry, "contentBase64", where), validate=True)
            except (binascii.Error, ValueError):
                raise CaseError(f"{where}.contentBase64: not valid base64") from None
        elif entry.get("content") is not None:
            content = caseinput.string(entry, "content", where).encode("utf-8")
        else:
            content = b""
        readErrno = None
        if entry.get("readErrno") is not None:
            readErrno = caseinput.integer(entry, "readErrno", where, caseinput.UINT32)
        return _File(content=content, readErrno=readErrno)


_DIR: Final = _File(isDir=True)  # frozen: every directory answer can be this one
