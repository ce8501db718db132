"""hcsdoc reference: hcsshim v0.11.8 ``createWindowsContainerDocument`` in pure Python (stdlib only).

``run_case(case) -> result`` is the whole reference as one function (docs/case-format.md §1 in, §2 out).
``prepare_case`` and ``convert_prepared`` split it for callers that run many conversions: the case read once,
then only the work Go does per case (decode the spec, convert, encode the documents' bytes).
"""

from hcsdoc.reference.api import CaseError, PreparedCase, convert_prepared, prepare_case, run_case, with_documents

__all__ = ["CaseError", "PreparedCase", "convert_prepared", "prepare_case", "run_case", "with_documents"]
