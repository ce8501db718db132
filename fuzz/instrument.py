"""Coverage instrumentation for the harnesses: only the converter (package ``reference``), never everything.

atheris instruments modules as they are imported inside ``instrument_imports``; a module imported before (or a
submodule imported lazily after) stays uninstrumented and silently gives no coverage feedback. So the harness
calls :func:`instrumented_reference` first thing when it runs as a fuzzer, and it imports every submodule of
``reference`` inside the block. ``instrument_all()`` would take ~40 s to start and would add coverage noise from
the standard library and Hypothesis (research/testing-anchors.md §2.1).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import Any

PACKAGES = ("hcsdoc.reference",)


def already_imported() -> list[str]:
    return sorted(m for m in sys.modules if any(m == p or m.startswith(p + ".") for p in PACKAGES))


# ``--focus-converter`` leaves Go's JSON syntax scanner uninstrumented: libFuzzer then stops steering toward new
# syntax errors (about half of all executions otherwise, each costly under instrumentation) and spends its time on
# the converter. The scanner still runs on every input and the invariant is unchanged; Go's syntax errors have a
# separate differential test against Go's encoding/json (tests/gooracle/massdiff.py).
FOCUS_EXCLUDE = ("hcsdoc.reference.gojson.scanner",)


def focus_exclude() -> tuple[str, ...]:
    """:data:`FOCUS_EXCLUDE` when ``hcsdoc fuzz --focus-converter`` asked for it (HCSDOC_FUZZ_FOCUS_CONVERTER=1 in
    the harness's environment), else nothing."""
    return FOCUS_EXCLUDE if os.environ.get("HCSDOC_FUZZ_FOCUS_CONVERTER") == "1" else ()


_instrumented: ModuleType | None = None


def instrumented_reference(exclude: Sequence[str] = ()) -> ModuleType:
    """Import ``reference`` and all its submodules with atheris coverage instrumentation (except the modules in
    ``exclude``); return the package. A harness calls this first thing when run as a program (its own imports,
    the fuzz vocabulary among them, take facts from the reference); a second call returns the same package."""
    global _instrumented
    if _instrumented is not None:
        return _instrumented
    import atheris

    early = already_imported()
    if early:
        raise RuntimeError(
            "fuzz harness: these modules were imported before instrumentation and would give no coverage: "
            + ", ".join(early)
        )
    with atheris.instrument_imports(include=list(PACKAGES), exclude=list(exclude) or None):
        package = importlib.import_module("hcsdoc.reference")
        for info in pkgutil.walk_packages(package.__path__, prefix="hcsdoc.reference."):
            importlib.import_module(info.name)
    _instrumented = package
    return package


def run_case_of(package: ModuleType) -> Callable[[Mapping[str, Any]], Any]:
    """``reference.run_case`` (the public name), falling back to ``reference.api.run_case``."""
    fn = getattr(package, "run_case", None)
    if fn is None:
        fn = importlib.import_module(package.__name__ + ".api").run_case
    return fn  # type: ignore[no-any-return]


def plain_run_case() -> Callable[[Mapping[str, Any]], Any]:
    """The uninstrumented converter (tests, replay)."""
    return run_case_of(importlib.import_module("hcsdoc.reference"))
