"""hcsshim ``internal/uvmfolder``: ``LocateUVMFolder``."""

from __future__ import annotations

from hcsdoc.reference import filepath_windows
from hcsdoc.reference.goerrors import ErrorString, GoError, IsNotExist
from hcsdoc.reference.host import Host


def LocateUVMFolder(host: Host, layerFolders: list[str]) -> str:
    """The first folder (in order) that has a ``UtilityVM`` entry. A stat error other than not-exist is returned
    as is; none found, *or a found folder that is the empty string*, is an error."""
    uvmFolder = ""
    for layerFolder in layerFolders:
        try:
            host.Stat(filepath_windows.Join(layerFolder, "UtilityVM"))
        except GoError as err:
            if not IsNotExist(err):
                raise
            continue
        uvmFolder = layerFolder
        break
    if uvmFolder == "":
        raise ErrorString("utility VM folder could not be found in layers")
    # (log) Debug "hcsshim::LocateUVMFolder: found" (index, count, folder)
    return uvmFolder
