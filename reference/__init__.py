"""hcsdoc reference: hcsshim v0.11.8 ``createWindowsContainerDocument`` in pure Python (stdlib only).

``run_case(case) -> result`` is the whole reference as one function (docs/case-format.md §1 in, §2 out).
"""

from reference.api import CaseError, run_case

__all__ = ["CaseError", "run_case"]
