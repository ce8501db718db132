"""Harness (b) under pytest: replays (and shrinks) the failures the fuzzer saved in the example database.

The test itself is fuzz.structured_fuzzer.test_structured_case; importing it here makes pytest collect it.
"""

from __future__ import annotations

from hcsdoc.fuzz.structured_fuzzer import case_for_input, test_structured_case

__all__ = ["test_structured_case"]


def test_artifact_bytes_map_to_a_case() -> None:
    from hcsdoc.fuzz.corpus import structured_seeds

    seeds = structured_seeds(count=3, attempts=400)
    assert seeds
    case = case_for_input(seeds[0])
    assert case is not None and set(case) >= {"spec", "options", "uvm", "host"}
    assert case_for_input(seeds[0]) == case  # the same bytes draw the same case
