"""Hypothesis settings profiles for the whole suite.

* ``ci``: derandomized (the same examples every run, so CI is reproducible), no example database, no deadline,
  ``print_blob`` for reproducing a failure, 100 examples. Loaded automatically when ``CI=true``.
* ``dev`` (the default elsewhere): 50 random examples, no deadline, an example database in the user's cache.
* ``explore``: 5,000 random examples with targeting, for hunting (``HYPOTHESIS_PROFILE=explore pytest ...``).

Choose one with ``HYPOTHESIS_PROFILE=<name>`` or pytest's ``--hypothesis-profile=<name>``.
Only performance health checks are suppressed: cases are deliberately large JSON documents.

Hypothesis stores its files (the example database, its constants and Unicode caches) under the user's cache
(``$HYPOTHESIS_STORAGE_DIRECTORY``, else ``$XDG_CACHE_HOME/hcsdoc/hypothesis``), never in the checkout.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir

from hcsdoc.conformance.strategies.reproducible import cache_home

set_hypothesis_home_dir(cache_home())

_PERF_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    max_examples=100,
    suppress_health_check=_PERF_CHECKS,
)
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=_PERF_CHECKS)
settings.register_profile(
    "explore",
    max_examples=5000,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=_PERF_CHECKS,
)


def _default_profile() -> str:
    if os.environ.get("HYPOTHESIS_PROFILE"):
        return os.environ["HYPOTHESIS_PROFILE"]
    return "ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev"


settings.load_profile(_default_profile())


def pytest_sessionfinish(session: object, exitstatus: int) -> None:
    """The folders reference/, conformance/ and fuzz/ are importable only as ``hcsdoc.*``. ruff bans bare import
    statements; this also catches a bare name reached through a string (``monkeypatch.setattr("conformance.x")``,
    ``importlib.import_module``), which would load a second copy of the package from the checkout."""
    import sys

    bare = sorted(m for m in sys.modules if m.split(".", 1)[0] in ("reference", "conformance", "fuzz"))
    if bare:
        raise RuntimeError(f"bare (non-hcsdoc) modules were imported during the tests: {', '.join(bare[:10])}")
