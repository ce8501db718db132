"""hcsdoc matrix: the release table, eras, change classes, report rendering and expectations (no Go, no Wine)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hcsdoc.cli import main
from hcsdoc.conformance.capture.eras import ERAS, era_of, parse_version
from hcsdoc.conformance.capture.patches import PATCHES
from hcsdoc.conformance.capture.versions import Behaviour, Table, load_table, table_lines
from hcsdoc.conformance.matrix.expectations import Rule, load_reasons, update_version_expectations
from hcsdoc.conformance.matrix.report import badge, html_page, markdown, summary
from hcsdoc.conformance.matrix.run import Result, VersionRun, cause, changes_between, result_of, signature, template
from hcsdoc.conformance.results.outcomes import Reply
from hcsdoc.conformance.runner.expectations import load_expectations
from hcsdoc.conformance.vectors.suite import Suite, Vector


def test_table_covers_every_release_once_in_branch_order() -> None:
    table = load_table()
    tags = [t for b in table.behaviours for t in b.tags]
    assert tags[0] == "v0.8.7" and tags[-1] == "v0.14.1"
    assert tags == sorted(tags, key=parse_version)
    assert len(tags) == len(set(tags)) == len(table.tags)
    for b in table.behaviours:
        assert b.id in b.tags
        assert {table.tags[t]["fingerprint"] for t in b.tags} == {b.fingerprint}
    # v0.9.12 (2024) is ordered before v0.10.0 (2023): branch order, not date
    assert tags.index("v0.9.12") < tags.index("v0.10.0")
    assert table.tags["v0.9.12"]["date"] > table.tags["v0.10.0"]["date"]
    # the design's claim: v0.11.3 .. v0.11.8 is one behaviour
    assert table.behaviour("v0.11.3").id == table.behaviour("v0.11.8").id == "v0.11.8"


def test_every_tag_has_one_era_and_the_table_says_why_a_row_is_not_built() -> None:
    table = load_table()
    for tag in table.tags:
        assert sum(e.contains(tag) for e in ERAS) == 1, tag
    lines = table_lines(table)
    assert len(lines) == len(table.tags) + 1
    assert not any("not built: " in line for line in lines)  # v0.13+ are built too (go/eras/v0.13.0/)
    # v0.14.1 restores client-mounted roots in allocateWindowsResources, a root of the v0.13 era: its own row
    assert table.behaviour("v0.14.0").id == "v0.14.0" and table.behaviour("v0.14.1").id == "v0.14.1"
    assert any(line.startswith("v0.11.8 ") and "built (6 tags" in line for line in lines)
    with pytest.raises(KeyError, match=r"v0\.7\.0"):
        era_of("v0.7.0")


def test_era_variants_are_distinct_and_patch_existing_files() -> None:
    keys = [e.variant_key() for e in ERAS if not e.unsupported]
    assert keys.count("") == 1  # only the default era builds with the default files
    assert len(set(keys)) == len(keys)
    for e in ERAS:
        for path in [*e.override_paths().values(), *e.extra_paths().values()]:
            assert path.is_file(), path
        edits = [(p.file, p.func, p.old) for p in e.patches]
        assert len(edits) == len(set(edits)), e.name
        assert all(p in PATCHES or p.why for p in e.patches)


def _res(kind: str, text: str = "", docs: object = None) -> Result:
    r = {"documents": docs, "bytes": {"v1": json.dumps(docs)}} if kind == "documents" else {kind: text}
    return result_of(Reply("result", result=r))


def test_change_classes() -> None:
    a = _res("documents", docs={"v1": {"A": 1, "L": [{"x": 1}]}, "v2": {}})
    b = _res("documents", docs={"v1": {"A": 2, "L": [{"x": 2}], "N": 0}, "v2": {}})
    assert cause(a, b) == "documents differ at /v1/A, /v1/L/*/x, /v1/N (added)"
    e1 = _res("error", 'invalid "abc" at 12')
    e2 = _res("error", 'invalid "xyz" at 7')
    assert template(e1.text) == template(e2.text) == 'invalid "…" at N'
    assert cause(e1, _res("error", "other")) == 'error text: `invalid "…" at N` → `other`'
    assert cause(a, _res("panic", "runtime error: index out of range [3] with length 3")) == (
        "documents → panic `runtime error: index out of range [N] with length N`"
    )
    skipped = result_of(Reply("skipped", message="options.ccgState: not in this hcsshim"))
    assert skipped.kind == "skipped" and skipped.digest != a.digest
    assert cause(a, skipped) == "documents → n/a" and cause(skipped, e1) == "n/a → error"


def _vector(cid: str, size: int = 1) -> Vector:
    return Vector(cid, "", (), {"spec": {"x": "y" * size}}, {"error": "e"}, Path("v.json"))


def _run(bid: str, results: dict[str, Result], observed: dict[str, str] | None = None) -> VersionRun:
    run = VersionRun(Behaviour(bid, (bid,), "sha256:0", "v0.10.0"), "ran", results=results)
    run.observed = observed or {cid: "pass" for cid in results}
    run.counts = {"pass": len(results)}
    return run


def test_changes_between_groups_by_cause_panics_first_with_the_smallest_example() -> None:
    suite = Suite([_vector("a", 5), _vector("b", 1), _vector("c", 3), _vector("d")], [])
    docs = _res("documents", docs={"v": 1})
    prev = _run("v1", {"a": docs, "b": docs, "c": docs, "d": _res("error", "x")})
    cur = _run(
        "v2",
        {"a": _res("error", "bad 1"), "b": _res("error", "bad 2"), "c": _res("panic", "boom"), "d": prev.results["d"]},
    )
    changes = changes_between(prev, cur, suite)
    assert [c.panic for c in changes] == [True, False]
    assert changes[0].cases == ["c"] and changes[0].after == "panic: boom"
    assert changes[1].cases == ["a", "b"] and changes[1].example == "b"
    assert signature([prev, cur], "a") == ["A", "B"] and signature([prev, cur], "d") == ["A", "A"]


def test_report_views_agree_and_panics_lead() -> None:
    suite = Suite([_vector("a"), _vector("b")], [])
    docs = _res("documents", docs={"v": 1})
    prev = _run("v0.9.12", {"a": docs, "b": docs})
    cur = _run("v0.10.0", {"a": _res("panic", "boom"), "b": docs})
    missing = VersionRun(Behaviour("v0.13.0", ("v0.13.0",), "sha256:1", "v0.13.0"), "not built", "needs seams")
    table = Table(
        (prev.behaviour, cur.behaviour, missing.behaviour),
        {},
        {"v0.9.12..v0.10.0": [{"commit": "c0ffee" * 6 + "abcd", "subject": "s", "side": "to", "declarations": []}]},
    )
    data = summary(table, [prev, cur, missing], [("v0.9.12", "v0.10.0", changes_between(prev, cur, suite))], 2, {})
    md = markdown(data)
    assert md.index("## Panics") < md.index("## Outcomes per version")
    assert "**v0.9.12 → v0.10.0**: 1 case(s)" in md
    assert '  {"spec": {"x": "y"}}' in md  # the panic's minimal case itself
    assert "| v0.13.0 | v0.13.0 | v0.13.0 | not built: needs seams |" in md
    assert "/commit/c0ffee" in md
    assert data["lookup"]["cases"] == {"a": {"signature": "AB", "results": {"A": "documents", "B": "panic: boom"}}}
    page = html_page(data)
    assert page.count("<h2>") == 4 and "needs seams" in page and "</script><script>" in page
    assert badge(data["versions"][1]) == {
        "schemaVersion": 1,
        "label": "hcsshim v0.10.0",
        "message": "2/2 as v0.11.8",
        "color": "brightgreen",
    }
    assert badge(data["versions"][2])["color"] == "lightgrey"


def test_expectations_take_reasons_by_class(tmp_path: Path) -> None:
    suite = Suite([_vector("a"), _vector("b"), _vector("c")], [])
    run = _run(
        "v0.10.0",
        {"a": _res("error", "new text 1"), "b": _res("panic", "boom"), "c": _res("error", "e")},
        {"a": "error-mismatch", "b": "error-mismatch", "c": "pass"},
    )
    rules = [Rule("r1", "v0.10.0", "v0.12.9", re.compile(r"^error text: `e` → `new text N`"), "*", "why", "")]
    path = tmp_path / "go-v0.10.0.json"
    path.write_text(json.dumps({"format": 1, "expectations": {"c": {"outcome": "fail", "reason": "old"}}}))
    assert update_version_expectations(run, suite, rules, path) == 1
    entries = load_expectations(path).entries
    assert entries["a"].reason == "why"
    assert entries["b"].reason == "TODO: explain (error `e` → panic `boom`)"
    assert "c" not in entries


def test_committed_reasons_load() -> None:
    assert isinstance(load_reasons(), list)


def test_cli_table_and_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", "--table"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:4] == ["tag", "commit", "date", "behaviour"]
    assert "55 tags, 18 behaviours" in out
    assert main(["matrix", "--only", "v9.9.9", "--no-report"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["hcsdoc matrix: error: hcsshim v9.9.9 is not in the release table (v0.8.7..v0.14.1)"]


def test_era_build_args_pick_the_era_and_refuse_unsupported_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    from hcsdoc.conformance.capture import eras
    from hcsdoc.conformance.capture.build import BuildError
    from hcsdoc.conformance.capture.eras import Era, era_build_args

    assert era_build_args("v0.12.9") == (PATCHES, {}, {}, "")
    assert era_build_args("v0.11.8") == (PATCHES, {}, {}, "")
    patches, overrides, extra, variant = era_build_args("v0.8.7")
    assert patches != PATCHES and set(overrides) == {"coi.go", "uvm_capture.go"} and extra and variant
    assert era_build_args("main") == (PATCHES, {}, {}, "")
    patches, overrides, extra, variant = era_build_args("v0.14.0")
    assert set(overrides) == {"coi.go", "uvm_capture.go"} and set(extra) == {"hcsdocseam/hcsdoc_caller.go"}
    assert {p.file for p in patches} >= {"internal/hcsoci/resources_wcow.go", "internal/layers/helpers.go"}
    assert not any(p.func == "func IsCimLayer(" for p in patches)
    monkeypatch.setattr(eras, "ERAS", (Era("v9.0.0", "v9.0.0", "v9.9.9", "s", unsupported="needs seams"),))
    with pytest.raises(BuildError, match=r"^hcsshim v9\.1\.0: needs seams$"):
        era_build_args("v9.1.0")


FAKE_ADAPTER = """
import json, sys
version = sys.argv[1]
for raw in sys.stdin:
    req = json.loads(raw)
    if req["cmd"] == "start":
        print(json.dumps({"ok": True, "protocol": 1, "implementation": {"name": "fake", "version": version}}))
    elif req["cmd"] == "stop":
        print(json.dumps({"ok": True}))
        break
    else:
        n = req["case"]["spec"]["n"]
        if version == "v0.10.0" and n == 2:
            reply = {"panic": "runtime error: integer divide by zero"}
        elif version == "v0.10.0" and n == 3:
            reply = {"skipped": "options.x: not in this release"}
        else:
            reply = {"error": f"e{n}"}
        print(json.dumps({"seq": req["seq"], **reply}), flush=True)
"""


def test_run_matrix_end_to_end_with_a_fake_adapter(tmp_path: Path) -> None:
    import sys

    from hcsdoc.conformance.capture.build import BuildError
    from hcsdoc.conformance.matrix.run import check_grouping, run_matrix

    script = tmp_path / "fake.py"
    script.write_text(FAKE_ADAPTER)

    def launcher(b: Behaviour) -> tuple[list[str], dict[str, str]]:
        if b.id == "v0.13.0":
            raise BuildError("needs seams")
        return [sys.executable, str(script), b.id], {}

    vectors = [Vector(f"c{n}", "", (), {"spec": {"n": n}}, {"error": f"e{n}"}, Path("v.json")) for n in (1, 2, 3)]
    suite = Suite(vectors, [])
    bs = [
        Behaviour("v0.9.12", ("v0.9.11", "v0.9.12"), "sha256:a", "v0.9.0"),
        Behaviour("v0.10.0", ("v0.10.0",), "sha256:b", "v0.10.0"),
        Behaviour("v0.13.0", ("v0.13.0",), "sha256:c", "v0.13.0"),
    ]
    seen: list[str] = []
    runs, pairs = run_matrix(bs, suite, vectors, launcher, after_run=lambda r: seen.append(r.behaviour.id))
    # v0.13.0's era is supported: a BuildError there is a build failure, not a row the capture cannot build
    assert [r.status for r in runs] == ["ran", "ran", "build failed"] and seen == ["v0.9.12", "v0.10.0"]
    assert runs[2].reason == "needs seams"
    assert runs[0].observed == {"c1": "pass", "c2": "pass", "c3": "pass"}
    assert runs[1].observed == {"c1": "pass", "c2": "error-mismatch", "c3": "skipped"}
    ((a, b, changes),) = pairs
    assert (a, b) == ("v0.9.12", "v0.10.0")
    assert [(c.cause, c.cases, c.panic) for c in changes] == [
        ("error `e2` → panic `runtime error: integer divide by zero`", ["c2"], True),
        ("error → n/a", ["c3"], False),
    ]
    checks = check_grouping(bs, suite, vectors, launcher)
    assert [(c.behaviour, c.tag, c.status, c.differing) for c in checks] == [("v0.9.12", "v0.9.11", "ran", [])]


def test_likely_commits_match_the_words_of_a_change() -> None:
    from hcsdoc.conformance.capture.versions import changed_tokens, likely_commits

    diff = '@@ -1 +1,2 @@ func f(\n+\tName: "DumpCount",\n-\tolder := 1\n context line ignored\n'
    assert changed_tokens(diff) == {"name", "dumpcount", "older"}
    commits = [
        {"commit": "a" * 40, "tokens": ["dumpcount", "registrykey"]},
        {"commit": "b" * 40, "tokens": ["processor", "count"]},
    ]
    assert likely_commits(commits, "documents differ at /v2/RegistryKey/DumpCount") == [commits[0]]
    assert likely_commits(commits, "documents differ at /v2/Processor (removed)") == [commits[1]]
    assert likely_commits(commits, "documents differ at /v2/Storage") == []


def test_a_missing_seam_target_is_a_build_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from hcsdoc.conformance.capture.build import BuildError
    from hcsdoc.conformance.capture.patches import PatchError
    from hcsdoc.conformance.matrix import run

    def build(version: str, force: bool = False) -> None:
        raise PatchError("internal/x.go: function 'func F(' not found")

    monkeypatch.setattr(run, "build", build)
    with pytest.raises(BuildError, match=r"^seam patch: internal/x\.go: function 'func F\(' not found$"):
        run.build_behaviour(Behaviour("v0.12.9", ("v0.12.9",), "sha256:0", "v0.10.0"))
