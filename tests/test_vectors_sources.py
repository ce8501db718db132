"""The committed vectors are what the capture tool would write from the committed case sources.

Expected results can only be checked against Go by re-capturing (``hcsdoc capture --verify``); the *inputs* can be
checked here, cheaply: every hand-designed case in ``conformance/cases`` is stored verbatim in ``hand.json`` under its
id with its description and tags, and nothing else is, so a case edited after its capture cannot go unnoticed.
"""

from __future__ import annotations

from hcsdoc.conformance.cases import hand_cases
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.conformance.vectors.files import VECTORS_DIR, load_vector_file
from hcsdoc.reference import normalize_case


def test_hand_vectors_match_the_case_sources() -> None:
    stored = {v["id"]: v for v in load_vector_file(VECTORS_DIR / "hand.json").data["cases"]}
    defined = {c.id: c for c in hand_cases()}
    assert sorted(set(defined) - set(stored)) == [], "hand cases not captured yet: run `hcsdoc capture`"
    assert sorted(set(stored) - set(defined)) == [], "captured cases without a source: run `hcsdoc capture`"
    drifted = [
        cid
        for cid, c in defined.items()
        if canonical_json(normalize_case(c.case)) != canonical_json(stored[cid]["case"])
        or c.description != stored[cid]["description"]
        or list(c.tags) != stored[cid]["tags"]
    ]
    assert drifted == [], f"cases edited since their capture (run `hcsdoc capture`): {drifted[:10]}"


def test_generated_vectors_are_normal_cases() -> None:
    for v in load_vector_file(VECTORS_DIR / "generated.json").data["cases"]:
        assert canonical_json(normalize_case(v["case"])) == canonical_json(v["case"]), v["id"]
