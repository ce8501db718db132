"""The Docker Engine differential run (``hcsdoc moby diff``) and its part of the report, without Wine: the reference
stands in for hcsshim and a scripted engine (the reference plus a few of the engine's known differences) for
Docker Engine."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.conformance.differential.levels import Levels
from hcsdoc.conformance.differential.model import Case, Result
from hcsdoc.conformance.differential.run import reference_runner
from hcsdoc.conformance.moby import differential as md
from hcsdoc.conformance.moby.classes import BY_ID, CLASSES, Observation, spec_view
from hcsdoc.conformance.moby.observe import LEVELS, observation
from hcsdoc.conformance.moby.report import render
from hcsdoc.conformance.results.compare import CompareLevels

V1 = {"SystemType": "Container", "Name": "c1", "HvPartition": False}
V1_BYTES = '{"SystemType":"Container","Name":"c1","HvPartition":false}'
DOCS = {"documents": {"v1": V1, "v2": {}}, "bytes": {"v1": V1_BYTES, "v2": "{}"}}


def _hcsshim(cases: Sequence[Case]) -> list[Result]:
    return reference_runner()(cases)


def _scripted_engine(*, layers_differ: bool = False) -> md.BatchRunner:
    """The reference's answers, changed the way the engine is known to change them: no UVM and no schema versions
    (skipped), a panic on a null spec, any Root.Path accepted. ``layers_differ``: a difference no class explains."""

    def run(cases: Sequence[Case]) -> list[Result]:
        out: list[Result] = []
        for case, r in zip(cases, _hcsshim(cases), strict=True):
            sv = case["options"].get("schemaVersion")
            if case.get("uvm") is not None:
                out.append({"skipped": "hosted in a utility VM (scripted)"})
            elif sv not in ({"Major": 1, "Minor": 0}, {"Major": 2, "Minor": 1}):
                out.append({"skipped": "the point is hcsshim's schema version (scripted)"})
            elif (view := spec_view(case)) is not None and not view.spec:
                out.append({"panic": "runtime error: invalid memory address or nil pointer dereference"})
            elif "must be a volume GUID path" in str(r.get("error", "")):
                out.append(copy.deepcopy(DOCS))
            elif layers_differ and "documents" in r:
                docs = copy.deepcopy(r)
                docs["documents"]["v1"]["Layers"] = "changed"
                docs["bytes"]["v1"] = json.dumps(docs["documents"]["v1"])
                out.append(docs)
            else:
                out.append(r)
        return out

    return run


@pytest.fixture(scope="module")
def small_run() -> md.DiffRun:
    return md.run_differential(_scripted_engine(), _hcsshim, version="v28.5.2", examples=400, seed=5, max_tests=300)


def test_every_generated_case_is_counted_once(small_run: md.DiffRun) -> None:
    r = small_run
    assert r.generated == 400
    assert not r.unclassified
    classed = sum(g.cases for g in r.classes.values())
    assert r.passed + classed + r.oracle_failed == r.generated
    skipped = sum(g.cases for k, g in r.classes.items() if BY_ID[k].category == "not-applicable")
    assert r.compared == r.generated - skipped - r.oracle_failed
    assert {"na.uvm", "na.schema-version", "crash.nil-spec"} <= set(r.classes)
    assert r.digest.startswith("sha256:") and r.stream.startswith("hypothesis ")


def test_each_minimal_case_stays_in_its_class_and_is_no_larger(small_run: md.DiffRun) -> None:
    from hcsdoc.conformance.differential.casetree import simplicity

    engine = _scripted_engine()
    for cid, g in small_run.classes.items():
        assert g.minimal is not None and g.simplest is not None
        assert simplicity(g.minimal) <= simplicity(g.simplest)
        (x,), (y,) = engine([g.minimal]), _hcsshim([g.minimal])
        o = observation("m", g.minimal, y, md.engine_answer(x))
        assert md.class_of(o) is BY_ID[cid], cid
        assert g.moby == md.engine_answer(x) and g.hcsshim == y


def test_a_null_spec_shrinks_to_the_smallest_case(small_run: md.DiffRun) -> None:
    g = small_run.classes["crash.nil-spec"]
    assert g.minimal is not None
    assert g.minimal["spec"] is None and g.minimal["uvm"] is None
    assert g.moby == {"panic": "runtime error: invalid memory address or nil pointer dereference"}
    assert "error" in (g.hcsshim or {})
    assert small_run.panics["moby panic, hcsshim error"] == g.cases
    assert small_run.cross_crashes == 0


def test_the_record_is_reproducible_and_in_class_order(small_run: md.DiffRun) -> None:
    again = md.run_differential(_scripted_engine(), _hcsshim, version="v28.5.2", examples=400, seed=5, max_tests=300)
    assert md.dumps_record(again) == md.dumps_record(small_run)
    rec = md.record_json(small_run)
    order = [c.id for c in CLASSES]
    ids = [e["id"] for e in rec["classes"]]
    assert ids == sorted(ids, key=order.index)
    assert rec["command"] == "hcsdoc moby diff --examples 400 --seed 5"
    assert rec["generated"] == 400 and rec["digest"] == small_run.digest
    assert "seconds" not in json.dumps(rec)
    assert sum(rec["categories"].values()) == sum(e["cases"] for e in rec["classes"])
    # Only the schema-1 document of a result is recorded.
    for e in rec["classes"]:
        for side in ("hcsshim", "moby"):
            docs = e[side].get("documents")
            assert docs is None or set(docs) == {"v1"}


def test_another_seed_draws_other_cases() -> None:
    a = md.run_differential(_scripted_engine(), _hcsshim, version="v28.5.2", examples=60, seed=1, do_shrink=False)
    b = md.run_differential(_scripted_engine(), _hcsshim, version="v28.5.2", examples=60, seed=2, do_shrink=False)
    assert a.digest != b.digest


def test_a_difference_no_class_explains_is_grouped_and_shrunk() -> None:
    r = md.run_differential(
        _scripted_engine(layers_differ=True), _hcsshim, version="v28.5.2", examples=200, seed=3, max_tests=300
    )
    assert r.unclassified
    sig, g = next(iter(r.unclassified.items()))
    assert sig.startswith("fail: hcsshim documents, moby documents at ") and "/v1/Layers" in sig
    assert g.minimal is not None and g.moby is not None and g.moby["documents"]["v1"]["Layers"] == "changed"


def _obs(paths: set[str], case: Case | None = None) -> Observation:
    from hcsdoc.reference import make_case

    c = case or make_case({"windows": {}}, schemaVersion={"Major": 1, "Minor": 0})
    return Observation("x", c, DOCS, DOCS, "fail", frozenset(paths))


def test_a_second_unexplained_field_makes_a_documents_difference_unclassified() -> None:
    assert md.class_of(_obs({"/v1/VolumePath"})) is BY_ID["differ.volume-path"]
    assert md.class_of(_obs({"/v1/VolumePath", "/v1/ProcessorCount"})) is BY_ID["differ.volume-path"]
    assert md.class_of(_obs({"/v1/VolumePath", "/v1/Layers"})) is None
    assert md.signature(_obs({"/v1/VolumePath", "/v1/Layers"})) == (
        "fail: hcsshim documents, moby documents at /v1/Layers, /v1/VolumePath"
    )


def test_engine_failures_become_errored() -> None:
    assert md.engine_answer({"timeout": "5 s"}) == {"errored": "timeout: 5 s"}
    assert md.engine_answer({"crash": "exit 2"}) == {"errored": "crash: exit 2"}
    assert md.engine_answer({"skipped": "x"}) == {"skipped": "x"}
    assert md.engine_answer(DOCS) is DOCS


# -- the record file and the report ---------------------------------------------------------------------------


def test_load_record_refuses_what_is_not_a_record(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    with pytest.raises(md.RecordError, match="cannot read"):
        md.load_record(p)
    p.write_text("{}", encoding="utf-8")
    with pytest.raises(md.RecordError, match="not a differential record"):
        md.load_record(p)
    p.write_text(json.dumps({"format": md.FORMAT, "classes": [{"id": "no.such"}]}), encoding="utf-8")
    with pytest.raises(md.RecordError, match=r"unknown class 'no\.such'"):
        md.load_record(p)


def test_committed_record_is_consistent_with_the_classes() -> None:
    rec = md.load_record(md.RECORD)
    assert rec["examples"] >= 20_000 and rec["compared"] >= 20_000
    assert rec["generated"] == rec["examples"]
    classed = sum(e["cases"] for e in rec["classes"])
    assert rec["pass"] + classed + rec["oracleFailed"] == rec["generated"]
    for e in rec["classes"]:
        o = observation("m", e["case"], e["hcsshim"], e["moby"])
        assert md.class_of(o) is BY_ID[e["id"]], e["id"]
        assert e["category"] == BY_ID[e["id"]].category


def _record(small_run: md.DiffRun, **changes: Any) -> dict[str, Any]:
    rec = md.record_json(small_run)
    rec.update(changes)
    return rec


def test_report_has_the_differential_counts_and_minimal_cases(small_run: md.DiffRun) -> None:
    from hcsdoc.reference import make_case

    case = make_case(None, schemaVersion={"Major": 1, "Minor": 0})
    nil = observation(
        "v.nil",
        case,
        {"error": "OCI spec is missing"},
        {"panic": "runtime error: invalid memory address or nil pointer dereference"},
    )
    assert nil.outcome == "error-mismatch"
    text = render({"v28.5.2": [nil]}, "v28.5.2", _record(small_run))
    assert "| class | category | vectors | generated cases |" in text
    g = small_run.classes["crash.nil-spec"]
    assert f"| [crash.nil-spec](#crashnil-spec) a null spec crashes the engine | crash | 1 | {g.cases} |" in text
    assert "* Minimal generated case (the simplest of the class, first seen at case" in text
    assert "## The differential run" in text and small_run.digest in text
    assert "**Neither side crashes on a spec the other accepts**" in text
    assert "Classes that neither a vector nor a generated case reached" in text and "`differ.hyperv-v1`" in text
    assert "`crash.nil-spec` (" not in text
    # Without a record: the vector-only report.
    plain = render({"v28.5.2": [nil]}, "v28.5.2")
    assert "generated" not in plain and "| class | category | cases |" in plain


def test_a_crash_on_an_accepted_spec_is_the_headline(small_run: md.DiffRun) -> None:
    from hcsdoc.reference import make_case

    case = make_case({"windows": {}}, schemaVersion={"Major": 1, "Minor": 0})
    ok = Observation("v.ok", case, DOCS, DOCS, "pass", frozenset())
    rec = _record(small_run, panicsOnAcceptedSpecs=3)
    text = render({"v28.5.2": [ok]}, "v28.5.2", rec)
    assert f"**Headline: a spec one side accepts crashes the other: 0 of 1 vectors, 3 of {rec['compared']}" in text
    assert "Neither side crashes" not in text


def test_report_command_refuses_a_bad_record_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hcsdoc.cli import main

    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    assert main(["moby", "report", "--differential", str(bad), "--output", str(tmp_path / "r.md")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a differential record" in err[0]
    assert not (tmp_path / "r.md").exists()


def test_diff_command_refuses_bad_options_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from hcsdoc.cli import main

    assert main(["moby", "diff", "--examples", "0"]) == 2
    assert capsys.readouterr().err.strip() == "hcsdoc moby: error: --examples must be positive"
    assert main(["moby", "diff", "--version", "v1.0.0"]) == 2
    assert "--version must be one of" in capsys.readouterr().err


# -- the outcome level of hcsdoc diff -------------------------------------------------------------------------


def test_diff_outcome_level_compares_kinds_not_texts() -> None:
    lv = Levels.of(CompareLevels("bytes", "outcome", "v1"))
    assert lv.levels == LEVELS
    assert not lv.differ({"error": "a"}, {"error": "b"})
    assert not lv.differ({"panic": "a"}, {"panic": "b"})
    assert lv.differ({"error": "a"}, {"panic": "a"})
    assert lv.differ({"error": "a"}, DOCS)
    assert lv.outcome({"panic": "p"}, {"error": "e"}) == "error-mismatch"
    assert lv.fingerprint({"error": "a"}, {"panic": "b"}) == lv.fingerprint({"error": "x"}, {"panic": "y"})
    text = Levels.of(CompareLevels("bytes", "text", "v1"))
    assert text.differ({"error": "a"}, {"error": "b"})


def test_diff_defaults_to_the_engine_levels_for_moby() -> None:
    from hcsdoc.conformance.differential.session import diff_argv
    from hcsdoc.conformance.impl.resolve import parse_impl

    argv = diff_argv(parse_impl("moby@v23.0.5"), parse_impl("go"), LEVELS)
    assert argv[2:] == ["--impl", "moby@v23.0.5", "--oracle", "go", "--errors", "outcome", "--documents", "v1"]


# -- hcsdoc diff --impl moby: one finding per class -----------------------------------------------------------


def test_generic_diff_groups_findings_by_class_and_shrinks_within_it() -> None:
    from hcsdoc.conformance.differential.digest import DigestSource
    from hcsdoc.conformance.differential.generate import CaseGenerator
    from hcsdoc.conformance.differential.run import run_differential

    lv = Levels.of(LEVELS)
    kwargs: dict[str, Any] = {"subject": _scripted_engine(), "levels": lv, "batch_size": 200, "max_shrinks": 10}
    grouped = run_differential(
        400, _hcsshim, generator=DigestSource(CaseGenerator(seed=3), 400), group=md.diff_group, **kwargs
    )
    assert grouped.findings

    def class_of(case: Case) -> str | None:
        (x,), (y,) = _scripted_engine()([case]), _hcsshim([case])
        return md.diff_group(case, x, y)

    for fp, f in grouped.findings.items():
        assert fp.startswith("moby:"), fp
        assert class_of(f.case) == class_of(f.original) == fp
    # Without the grouping, shrinking takes a difference to the smallest difference of all, of another class:
    # here a Root.Path the engine accepts becomes a null spec the engine panics on.
    plain = run_differential(400, _hcsshim, generator=DigestSource(CaseGenerator(seed=3), 400), **kwargs)
    assert grouped.mismatches == plain.mismatches
    assert any(class_of(f.case) != class_of(f.original) for f in plain.findings.values())
    assert {class_of(f.case) for f in plain.findings.values()} == {"moby:crash.nil-spec"}


def test_diff_expectations_have_one_entry_per_compared_class() -> None:
    from hcsdoc.conformance.differential.explain import fingerprint_id

    exp = md.diff_expectations("v28.5.2")
    compared = [c for c in CLASSES if c.category != "not-applicable"]
    assert len(exp.entries) == len(compared)
    for c in compared:
        e = exp.entries[fingerprint_id(f"moby:{c.id}")]
        assert e.outcome == md.CATEGORY_OUTCOMES[c.category]
        assert e.reason.startswith(f"[{c.id}] ") and e.link == " ".join(c.links)


def test_committed_diff_expectations_are_what_the_command_writes(tmp_path: Path) -> None:
    from hcsdoc.cli import main

    for version in ("v28.5.2", "v23.0.5"):
        out = tmp_path / f"{version}.json"
        assert main(["moby", "diff-expectations", "--version", version, "--output", str(out)]) == 0
        assert out.read_text(encoding="utf-8") == md.diff_expectations_path(version).read_text(encoding="utf-8")


# -- the rules read the spec as Go decodes it -----------------------------------------------------------------


def test_rules_read_the_spec_as_go_decodes_it() -> None:
    from hcsdoc.reference import make_case

    def hyperv_v1(**case: Any) -> bool:
        c = make_case(case.pop("spec", None), schemaVersion={"Major": 1, "Minor": 0}, **case)
        return BY_ID["rejects.hyperv-v1"].rule(
            Observation("x", c, DOCS, {"error": "e"}, "unexpected-error", frozenset())
        )

    assert hyperv_v1(spec={"windows": {"hyperv": {}}})
    assert hyperv_v1(spec={"WINDOWS": {"HyperV": {}}})
    # Go folds the long s (U+017F) to "s" when it matches keys; Python's lower() does not.
    assert hyperv_v1(spec={"window\u017f": {"hyperv": {}}})
    # Two keys for one field: Go decodes both into the same struct, in order.
    assert hyperv_v1(specText='{"windows": {}, "WINDOWS": {"hyperv": {}}}')
    assert not hyperv_v1(specText='{"windows": {"hyperv": {}}, "windows": {"hyperv": null}}')
    assert not hyperv_v1(spec={"windows": {"hyperv": None}})
    assert not hyperv_v1(specText='{"windows": 5}')  # does not decode: no view, no class from it
    view = spec_view(make_case({"annotations": {"a": "1"}, "windows": {}}))
    assert view is not None and view.annotations == {"a"} and view.windows and not view.root
    assert spec_view(make_case(None)) == spec_view(make_case(None, specText="null"))
