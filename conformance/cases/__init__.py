"""The hand-designed conformance cases (inputs only; expected results are captured from the real Go code).

`hand_cases()` returns every case, grouped by topic module, in a stable order. Ids are stable: a case that is
removed keeps its id retired in the vector file (docs/vectors.md), it is never renumbered or reused.
"""

from __future__ import annotations

from hcsdoc.conformance.cases import (
    cpu,
    credential,
    decoding,
    devices,
    dump,
    errors,
    extensions,
    hostname,
    isolation,
    layers,
    memory,
    mounts,
    network,
    root,
    storage_qos,
)
from hcsdoc.conformance.cases._build import CaseDef

__all__ = ["CaseDef", "hand_cases"]

_MODULES = (
    errors,
    isolation,
    decoding,
    root,
    layers,
    cpu,
    memory,
    storage_qos,
    hostname,
    network,
    credential,
    mounts,
    devices,
    extensions,
    dump,
)


def hand_cases() -> list[CaseDef]:
    """Every hand-designed case, module by module."""
    out: list[CaseDef] = []
    for module in _MODULES:
        out.extend(module.cases())
    return out
