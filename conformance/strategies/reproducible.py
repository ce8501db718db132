"""Seeded draws that depend on the seed only: not on which modules are loaded, the current folder, or the settings
profile of the calling process.

Hypothesis (6.131 and later) mixes *local constants* into generation: the literals of every loaded module whose
file lies outside site-packages (the checkout of an editable install, the user's own modules, a ``--plant``
mutant table, ...), collected when a draw starts and cached in ``.hypothesis/constants/`` under the current
folder. So the same seed drew other cases from the CLI than from a direct call, from an editable install than
from a wheel, and with ``--plant`` than without. Hypothesis has no setting for this (HypothesisWorks/hypothesis
issue 4627 asks for one), so :func:`reproducible_draws` swaps its collector
(``hypothesis.internal.conjecture.providers._get_local_constants``) for one that returns no constants, for the
duration of the draws only. Hypothesis' *global* constants (a fixed table) stay in use.

It also points Hypothesis' storage folder (its Unicode table cache) at the user's cache for the duration, so a
draw writes nothing into the current folder, and :func:`seeded_settings` builds the draw settings on Hypothesis'
``default`` profile, not on whatever profile the calling process loaded (a backend or a phase list of a test
profile would change the stream).

The stream still depends on the Hypothesis version (its generation algorithm changes between releases); the
version is pinned as a range in pyproject.toml, and :func:`stream_label` names it next to every case digest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis.configuration import set_hypothesis_home_dir, storage_directory
from hypothesis.internal.conjecture import providers
from hypothesis.internal.constants_ast import Constants

_COLLECTOR = "_get_local_constants"


def cache_home() -> Path:
    """Where Hypothesis may store files during seeded draws: ``$HYPOTHESIS_STORAGE_DIRECTORY``, else
    ``$XDG_CACHE_HOME/hcsdoc/hypothesis`` (``~/.cache/hcsdoc/hypothesis``); never the current folder."""
    env = os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hcsdoc" / "hypothesis"


def _no_local_constants() -> Constants:
    return Constants()


@contextmanager
def reproducible_draws() -> Iterator[None]:
    """Within the block, Hypothesis draws use no local constants and store nothing under the current folder."""
    collector: Callable[[], Any] | None = getattr(providers, _COLLECTOR, None)
    previous_home = storage_directory(intent_to_write=False).home_directory
    set_hypothesis_home_dir(cache_home())
    if collector is not None:
        setattr(providers, _COLLECTOR, _no_local_constants)
    # Hypothesis caches the constants allowed per draw kind; entries made with local constants must go.
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        yield
    finally:
        if collector is not None:
            setattr(providers, _COLLECTOR, collector)
        providers.CONSTANTS_CACHE.cache.clear()
        set_hypothesis_home_dir(previous_home)


def seeded_settings(max_examples: int) -> settings:
    """Settings for a collector of ``max_examples`` generated cases: generate phase only, no database, no deadline,
    quiet, built on Hypothesis' ``default`` profile so that the caller's loaded profile does not leak in."""
    return settings(
        settings.get_profile("default"),
        max_examples=max_examples,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        derandomize=False,
        verbosity=Verbosity.quiet,
        # Performance checks only: cases are large on purpose and this is a collector, not a test.
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


def stream_label() -> str:
    """What a case stream depends on besides the seed and the generator's own parameters."""
    return f"hypothesis {hypothesis.__version__}"
