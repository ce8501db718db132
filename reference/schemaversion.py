"""hcsshim ``internal/schemaversion``: ``IsV10`` / ``IsV21``.

Both dereference the version pointer: a nil ``actualSchemaVersion`` panics at the first predicate Go evaluates.
"""

from __future__ import annotations

from typing import Final

from hcsdoc.reference import hcsschema
from hcsdoc.reference.goint import GoPanic

NIL_DEREFERENCE: Final = "runtime error: invalid memory address or nil pointer dereference"


def IsV10(sv: hcsschema.Version | None) -> bool:
    if sv is None:
        raise GoPanic(NIL_DEREFERENCE)
    return sv.Major == 1 and sv.Minor == 0


def IsV21(sv: hcsschema.Version | None) -> bool:
    if sv is None:
        raise GoPanic(NIL_DEREFERENCE)
    return sv.Major == 2 and sv.Minor == 1
