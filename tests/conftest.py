"""Hypothesis settings profiles for the whole suite.

* ``ci``: derandomized (the same examples every run, so CI is reproducible), no example database, no deadline,
  ``print_blob`` for reproducing a failure, 100 examples. Loaded automatically when ``CI=true``.
* ``dev`` (the default elsewhere): 50 random examples, no deadline, an example database in the user's cache
  (``examples`` in Hypothesis's home below), never in the checkout.
* ``explore``: 5,000 random examples with targeting, for hunting (``HYPOTHESIS_PROFILE=explore pytest ...``).

Choose one with ``HYPOTHESIS_PROFILE=<name>`` or pytest's ``--hypothesis-profile=<name>``.
Only performance health checks are suppressed: cases are deliberately large JSON documents.

Hypothesis stores its files (the example database, its constants and Unicode caches) under the user's cache
(``$HYPOTHESIS_STORAGE_DIRECTORY``, else ``$XDG_CACHE_HOME/hcsdoc/hypothesis``), never in the checkout.
Markers (registered in pyproject.toml, ``--strict-markers``): ``go`` (the Go toolchain), ``wine`` (the capture
executable: Wine set up and Go) are skipped here with the reason when what they need is missing; ``slow`` only
labels (``-m "not slow"`` leaves them out).
"""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

from hcsdoc.conformance.capture.wine import WINE
from hcsdoc.conformance.strategies.reproducible import cache_home

set_hypothesis_home_dir(cache_home())

_PERF_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
# Hypothesis's own folder (failing examples kept for the next run, its cache of source constants) lives outside
# the checkout, not in ./.hypothesis: the tests write nothing into the checkout.
_DATABASE = DirectoryBasedExampleDatabase(cache_home() / "examples")

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    max_examples=100,
    suppress_health_check=_PERF_CHECKS,
)
settings.register_profile(
    "dev",
    max_examples=50,
    deadline=None,
    database=_DATABASE,
    suppress_health_check=_PERF_CHECKS,
)
settings.register_profile(
    "explore",
    max_examples=5000,
    deadline=None,
    database=_DATABASE,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=_PERF_CHECKS,
)


def _default_profile() -> str:
    if os.environ.get("HYPOTHESIS_PROFILE"):
        return os.environ["HYPOTHESIS_PROFILE"]
    return "ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev"


settings.load_profile(_default_profile())


def _missing(marker: str) -> str | None:
    """Why the tests with ``marker`` cannot run here, or None."""
    if shutil.which("go") is None:
        return "needs the Go toolchain (go on PATH)"
    if marker == "wine":
        if os.environ.get("HCSDOC_SKIP_GO") == "1":
            return "HCSDOC_SKIP_GO=1"
        if not WINE.exists():
            return f"needs Wine ({WINE}) set up by 'hcsdoc capture --setup'"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reasons = {m: _missing(m) for m in ("go", "wine")}
    for item in items:
        for marker, reason in reasons.items():
            if reason is not None and item.get_closest_marker(marker) is not None:
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_sessionfinish(session: object, exitstatus: int) -> None:
    """The folders reference/, conformance/ and fuzz/ are importable only as ``hcsdoc.*``. ruff bans bare import
    statements; this also catches a bare name reached through a string (``monkeypatch.setattr("conformance.x")``,
    ``importlib.import_module``), which would load a second copy of the package from the checkout."""
    import sys

    bare = sorted(m for m in sys.modules if m.split(".", 1)[0] in ("reference", "conformance", "fuzz"))
    if bare:
        raise RuntimeError(f"bare (non-hcsdoc) modules were imported during the tests: {', '.join(bare[:10])}")
