"""Hypothesis strategies for hcsdoc cases (public API).

Import these to property-test your own implementation of hcsshim v0.11.8's ``createWindowsContainerDocument``
against the reference or the vectors::

    from hypothesis import given
    from hcsdoc.conformance.strategies import cases

    @given(cases(region="document"))
    def test_mine_agrees(case): ...

Entry points (all keyword-only, all return strategies of JSON values):

* :func:`cases` - whole complete cases; ``region="document"`` (the host agrees with the spec: documents),
  ``"error"`` (one flaw hitting a chosen Go error or panic, see :data:`ERROR_KINDS`), ``"wild"`` or ``"any"``;
  ``isolation=`` one of :data:`ISOLATIONS`.
* :func:`specs`, :func:`windows_sections`, :func:`annotations`, :func:`mounts`, :func:`create_options`,
  :func:`uvms`, :func:`hosts` - case sections.
* :func:`spec_texts` - raw spec texts for Go's JSON decoder; :func:`numeric_annotation_values` - Go parser
  edge values for uint64 annotations.

The strategies record ``hypothesis.event`` labels (``isolation=v2xenon``, ``dump=on``, ``error=root-path``,
``mount=pipe``, ``json.key=fold``, ...) and ``hypothesis.target`` metrics (``spec-size``, ``layers``, ``mounts``,
``annotations``, ``devices``); run pytest with ``--hypothesis-show-statistics`` to see them. Every optional key the
converter decides on has a choice of its own (absent or a value, absent first), so the shrinker removes keys one at
a time; keys it only copies or ignores share one choice per group (see ``builder.py``).

Drawing speed: ``python -m conformance.strategies.bench`` prints draws per second for ``cases()`` and each region,
drawn the way the structured fuzzer draws them (``fuzz_one_input`` on pseudo-random bytes).

Coverage caveat: pytest-cov starts after Hypothesis' own plugin; measure strategies with ``coverage run -m pytest``.
"""

from hcsdoc.conformance.strategies.builder import ISOLATIONS
from hcsdoc.conformance.strategies.cases import (
    ERROR_KINDS,
    Region,
    annotations,
    cases,
    create_options,
    hosts,
    mounts,
    spec_texts,
    specs,
    uvms,
    windows_sections,
)
from hcsdoc.conformance.strategies.values import NUMERIC_EDGE_VALUES, numeric_annotation_values

__all__ = [
    "ERROR_KINDS",
    "ISOLATIONS",
    "NUMERIC_EDGE_VALUES",
    "Region",
    "annotations",
    "cases",
    "create_options",
    "hosts",
    "mounts",
    "numeric_annotation_values",
    "spec_texts",
    "specs",
    "uvms",
    "windows_sections",
]
