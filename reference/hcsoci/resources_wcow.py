"""hcsshim ``internal/hcsoci/resources_wcow.go``: the ``sandbox://`` mount path rewrite."""

from __future__ import annotations

from typing import Final

from hcsdoc.reference import filepath_windows

wcowSandboxMountPath: Final = "C:\\SandboxMounts"
SandboxMountPrefix: Final = "sandbox://"  # internal/guestpath


def convertToWCOWSandboxMountPath(source: str) -> str:
    """``filepath.Join("C:\\SandboxMounts", TrimPrefix(source, "sandbox://"))`` with Windows rules: the rest is
    cleaned, so ``..`` can climb out of ``C:\\SandboxMounts`` (``sandbox://../../x`` is ``C:\\x``)."""
    subPath = source.removeprefix(SandboxMountPrefix)
    return filepath_windows.Join(wcowSandboxMountPath, subPath)
