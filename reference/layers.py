"""hcsshim ``internal/layers``: ``GetHCSLayers``, the V2 Xenon read-only layers as the UVM sees them."""

from __future__ import annotations

from hcsdoc.reference import hcsschema, wclayer
from hcsdoc.reference.host import Host
from hcsdoc.reference.uvm import UtilityVM


def GetHCSLayers(host: Host, vm: UtilityVM, paths: list[str]) -> list[hcsschema.Layer] | None:
    """For each path in order: its VSMB guest path (read-only share) first, then its layer ID; the first error of
    either is returned. The result is nil (``None``) for no paths."""
    layers: list[hcsschema.Layer] | None = None
    for path in paths:
        uvmPath = vm.GetVSMBUvmPath(path, True)
        layerID = wclayer.LayerID(host, path)
        if layers is None:
            layers = []
        layers.append(hcsschema.Layer(Id=layerID.String(), Path=uvmPath))
    return layers
