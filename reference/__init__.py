"""hcsdoc reference: hcsshim v0.11.8 ``createWindowsContainerDocument`` in pure Python (stdlib only).

``run_case(case) -> result`` is the whole reference as one function (docs/case-format.md §1 in, §2 out).
``prepare_case`` and ``convert_prepared`` split it for callers that run many conversions: the case read once,
then only the work Go does per case (decode the spec, convert, encode the documents' bytes). ``normalize_case``
and ``make_case`` give the complete form of a hand-written case (docs/case-format.md §1); every way a case is read
raises the one :class:`CaseError`.
"""

from hcsdoc.reference.api import PreparedCase, convert_prepared, prepare_case, run_case, with_documents
from hcsdoc.reference.case import make_case, normalize_case
from hcsdoc.reference.caseinput import CaseError

__all__ = [
    "CaseError",
    "PreparedCase",
    "convert_prepared",
    "make_case",
    "normalize_case",
    "prepare_case",
    "run_case",
    "with_documents",
]
