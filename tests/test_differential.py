"""The differential tester (conformance/differential/) and the planted bugs (conformance/differential/mutants.py).

The Go parts are skipped where Wine or the Go toolchain is missing; everything else uses the reference itself
(unmutated as the oracle, mutated as the subject), so it runs anywhere.
"""

from __future__ import annotations

import concurrent.futures
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.conformance import differential as d
from hcsdoc.conformance.differential.mutants import MUTANTS, Mutant, MutationError, applied, by_name, is_minimal
from hcsdoc.conformance.results.canonical import canonical_json
from hcsdoc.reference import make_case, normalize_case, run_case

VOL = "\\\\?\\Volume{12345678-1234-1234-1234-123456789abc}\\"
GUID = "AAAAAAAA-1234-1234-1234-123456789ABC"


def _argon(**spec: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"root": {"path": VOL}, "windows": {"layerFolders": ["C:\\l\\base", "C:\\s"]}}
    base.update(spec)
    return make_case(base, options={"id": "c1"}, host={"layerIds": {"base": GUID}})


class _Fixed:
    """A case source that hands out a fixed list once."""

    def __init__(self, cases: list[dict[str, Any]]) -> None:
        self.cases = cases

    def batch(self, n: int) -> list[dict[str, Any]]:
        out, self.cases = self.cases[:n], self.cases[n:]
        return out


# ------------------------------------------------------------------------------------------------------------------
# comparison, explanation, fingerprints


def test_comparison_is_type_strict() -> None:
    one = {"documents": {"v1": {"a": 1}, "v2": {}}}
    assert d.results_differ(one, {"documents": {"v1": {"a": 1.0}, "v2": {}}})
    assert d.results_differ(one, {"documents": {"v1": {"a": True}, "v2": {}}})
    assert not d.results_differ(one, {"documents": {"v2": {}, "v1": {"a": 1}}})  # key order is not a difference


def test_explain_gives_json_pointers_and_the_fingerprint_stars_indices() -> None:
    ref = {"documents": {"v1": {}, "v2": {"MappedDirectories": [{"HostPath": "C:\\a"}, {"HostPath": "C:\\b"}]}}}
    other = {"documents": {"v1": {}, "v2": {"MappedDirectories": [{"HostPath": "C:\\a"}, {"HostPath": "C:\\b\\"}]}}}
    paths = d.explain(ref, other)
    assert paths == ["/documents/v2/MappedDirectories/1/HostPath"]
    assert d.fingerprint(paths) == "/documents/v2/MappedDirectories/*/HostPath"
    assert d.fingerprint_id(d.fingerprint(paths)) == d.fingerprint_id("/documents/v2/MappedDirectories/*/HostPath")


def test_explain_catches_what_deepdiff_misses_in_ordered_lists() -> None:
    # deepdiff 9.1 reports nothing for [2] vs [2.0] (its issue #605); the type-strict walk does.
    assert d.explain({"documents": {"v1": {"x": [2]}}}, {"documents": {"v1": {"x": [2.0]}}}) == ["/documents/v1/x/0"]
    # '__' keys are not private here (deepdiff ignores them by default).
    assert d.explain({"documents": {"v1": {"__k": 1}}}, {"documents": {"v1": {"__k": 2}}}) == ["/documents/v1/__k"]


def test_explain_reports_bytes_only_when_the_documents_agree() -> None:
    docs = {"v1": {"A": 1}, "v2": {}}
    ref = {"documents": docs, "bytes": {"v1": '{"A":1}', "v2": "{}"}}
    other = {"documents": docs, "bytes": {"v1": '{ "A":1}', "v2": "{}"}}
    assert d.explain(ref, other) == ["/bytes/v1"]
    other2 = {"documents": {"v1": {"A": 2}, "v2": {}}, "bytes": {"v1": '{"A":2}', "v2": "{}"}}
    assert d.explain(ref, other2) == ["/documents/v1/A"]


def test_error_paths_carry_both_skeletons() -> None:
    ref = {"error": 'failed to resolve path for mount source "C:\\\\x": CreateFile C:\\x: boom'}
    other = {"error": "invalid spec - not enough layer folders supplied"}
    assert d.explain(ref, other) == [
        "/error{failed to resolve path for mount source|invalid spec - not enough layer folders}"
    ]
    assert d.explain({"error": "x 12 y"}, {"panic": "runtime error: integer divide by zero"}) == ["/error", "/panic"]


# ------------------------------------------------------------------------------------------------------------------
# shrinking


def test_shrink_reaches_the_smallest_case_for_a_synthetic_predicate() -> None:
    case = _argon(
        hostname="host-name",
        annotations={"keep": "xxbxx", "drop": "1"},
        mounts=[{"destination": "C:\\d", "source": "C:\\s"}],
    )

    def pred(cases: Any) -> list[bool]:
        return [
            isinstance(c["spec"], dict)
            and isinstance(c["spec"].get("annotations"), dict)
            and "b" in str(c["spec"]["annotations"].get("keep", ""))
            for c in cases
        ]

    small, stats = d.shrink(case, pred)
    assert small == normalize_case(
        {
            "spec": {"annotations": {"keep": "b"}},
            "options": {"schemaVersion": None},
            "host": {"processorCount": 0, "osBuild": 0},
        }
    )
    assert stats.accepted > 0 and stats.tests >= stats.accepted


def test_shrink_never_returns_a_malformed_case_or_a_larger_one() -> None:
    case = _argon(process={"cwd": "C:\\"})
    small, _ = d.shrink(case, lambda cs: [True] * len(cs))
    assert normalize_case(small) == small
    assert d.simplicity(small) < d.simplicity(case)
    assert small["spec"] is None and small["uvm"] is None


def test_simplicity_orders_null_false_true() -> None:
    assert d.simplicity(None) < d.simplicity(False) < d.simplicity(True)
    assert d.simplicity("") < d.simplicity("a") < d.simplicity("ab")
    assert d.simplicity([]) < d.simplicity([None]) and d.simplicity(0) < d.simplicity(10)


# ------------------------------------------------------------------------------------------------------------------
# generation


def test_generator_is_deterministic_and_yields_complete_cases() -> None:
    a = d.CaseGenerator(seed=7, derive=4).batch(20)
    b = d.CaseGenerator(seed=7, derive=4).batch(20)
    assert [canonical_json(c) for c in a] == [canonical_json(c) for c in b]
    assert len(a) >= 4  # 4 drawn + up to 16 variants, a malformed variant is dropped
    for c in a:
        assert normalize_case(c) == c
    # Most variants are well-formed: over several seeds, at least 60% of them survive (about 78% do).
    survived = sum(len(d.CaseGenerator(seed=s, derive=4).batch(20)) - 4 for s in range(10))
    assert survived >= 0.6 * 10 * 16


# ------------------------------------------------------------------------------------------------------------------
# mutants


def test_mutants_apply_and_restore() -> None:
    from hcsdoc.reference.hcsoci import hcsdoc_wcow, resources_wcow

    original = resources_wcow.convertToWCOWSandboxMountPath
    with applied(by_name("sandbox-join-ntpath")):
        assert resources_wcow.convertToWCOWSandboxMountPath is not original
        assert vars(hcsdoc_wcow)["convertToWCOWSandboxMountPath"]("sandbox://a/b") == "C:\\SandboxMounts\\a/b"
    assert resources_wcow.convertToWCOWSandboxMountPath is original
    assert vars(hcsdoc_wcow)["convertToWCOWSandboxMountPath"] is original
    assert original("sandbox://a/b") == "C:\\SandboxMounts\\a\\b"


def test_a_mutant_whose_line_is_gone_is_an_error() -> None:
    bogus = Mutant("bogus", "hcsdoc.reference.hcsoci.resources", "NormalizeProcessorCount", "no such line", "x", "test")
    with pytest.raises(MutationError, match="occurs 0 times"), applied(bogus):
        pass


@pytest.mark.parametrize("m", [m for m in MUTANTS if not m.equivalent], ids=lambda m: m.name)
def test_each_declared_minimal_case_shows_the_bug_and_cannot_shrink(m: Mutant) -> None:
    pred = d.mutant_predicate(m.name)
    assert m.minimal
    for case in m.minimal_cases():
        assert pred([case]) == [True]
        small, _ = d.shrink(case, pred)
        assert small == case
        assert is_minimal(m, small)


def test_the_equivalent_mutant_changes_no_result() -> None:
    m = by_name("normalize-ge")
    assert m.equivalent
    cases = [c for other in MUTANTS for c in other.minimal_cases()]
    cases += d.CaseGenerator(seed=3, derive=9).batch(200)
    pred = d.mutant_predicate(m.name)
    assert not any(pred(cases))


def test_planted_bug_is_found_shrunk_deduplicated_and_written(tmp_path: Path) -> None:
    m = by_name("sandbox-join-ntpath")
    uvm_case = make_case(
        {"root": {"path": "C:\\r"}, "windows": {"layerFolders": ["C:\\l\\base", "C:\\s"], "hyperv": {}}},
        uvm={"os": "linux"},  # not "windows": no layers to set up for the VSMB shares
    )
    trigger1 = json.loads(json.dumps(uvm_case))
    trigger1["spec"]["mounts"] = [{"destination": "C:\\d", "source": "sandbox://a/b"}]
    trigger2 = json.loads(json.dumps(uvm_case))
    trigger2["spec"]["mounts"] = [
        {"destination": "C:\\e", "source": "sandbox://x/../y"},
        {"destination": "C:\\f", "source": "sandbox://"},
    ]
    stats = d.run_differential(
        10, d.reference_runner(), subject=d.planted_runner(m), generator=_Fixed([_argon(), trigger1, trigger2])
    )
    assert stats.cases == 3 and stats.mismatches == 2
    assert list(stats.findings) == ["/documents/v2/MappedDirectories/*/HostPath"]
    f = stats.findings["/documents/v2/MappedDirectories/*/HostPath"]
    assert f.found_at == 2 and f.duplicates == 1
    assert f.case == m.minimal_cases()[0]
    # "reference" is the subject (here the planted bug), "other" the oracle.
    assert f.reference["documents"]["v2"]["MappedDirectories"] == [{"HostPath": "C:\\SandboxMounts\\"}]
    assert f.other["documents"]["v2"]["MappedDirectories"] == [{"HostPath": "C:\\SandboxMounts"}]
    case_path, report_path = d.write_finding(f, tmp_path)
    assert case_path.name == f.id + ".jsonl"
    lines = case_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0]) == f.case
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["fingerprint"] == ["/documents/v2/MappedDirectories/*/HostPath"]
    assert report["original"] == trigger1 and report["foundAt"] == 2


def test_the_oracle_thread_never_sees_a_planted_bug() -> None:
    # run_differential runs the oracle on a thread while the subject runs; a planted bug patches the reference's
    # modules, so the oracle (the unmutated reference) waits until they are restored (model.REFERENCE_LOCK).
    m = by_name("sandbox-join-ntpath")
    trigger = m.minimal_cases()[0]
    ref = d.reference_runner()
    (clean,) = ref([trigger])
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        with applied(m):
            (planted,) = ref([trigger])
            oracle = pool.submit(ref, [trigger])
            with pytest.raises(concurrent.futures.TimeoutError):
                oracle.result(timeout=0.2)  # blocked for as long as the bug is in place
        assert oracle.result() == [clean]
    assert d.results_differ(planted, clean)


def test_planted_check_small_run() -> None:
    # Seed 2 finds it at case 72 today; the bound leaves room for changes in the strategies.
    results = d.planted_check([2], examples=600, names=["sandbox-join-ntpath", "normalize-ge"], derive=9)
    by = {r.mutant: r for r in results}
    sandbox = by["sandbox-join-ntpath"].seeds[0]
    assert sandbox.found_at is not None and sandbox.found_at <= 600
    assert sandbox.minimal and sandbox.shrunk is not None
    assert run_case(sandbox.shrunk)["documents"]["v2"]["MappedDirectories"] == [{"HostPath": "C:\\SandboxMounts"}]
    assert by["normalize-ge"].seeds[0].found_at is None


def test_reference_against_itself_has_no_mismatch() -> None:
    stats = d.run_differential(150, d.reference_runner(), generator=d.CaseGenerator(seed=11, derive=9))
    assert stats.cases == 150 and stats.mismatches == 0 and not stats.findings


def test_cli_planted_bugs_prints_per_mutant(capsys: pytest.CaptureFixture[str]) -> None:
    from hcsdoc.cli import main

    argv = ["diff", "--planted-bugs", "--seeds", "1", "--examples", "600", "--mutant", "sandbox-join-ntpath"]
    code = main(argv)
    out = capsys.readouterr().out
    assert "sandbox-join-ntpath: found within 600 examples in 1/1 seeds" in out
    assert "shrunk to the minimal case in 1/1 seeds (100%; 1/1 of those found)" in out
    assert code == 0


# ------------------------------------------------------------------------------------------------------------------
# against the real Go hcsshim


@pytest.mark.wine
def test_against_go_no_mismatch_and_a_planted_bug_shrinks_the_same(tmp_path: Path) -> None:
    oracle, stop = d.go_runner()
    try:
        clean = d.run_differential(400, oracle, generator=d.CaseGenerator(seed=5, derive=9))
        assert clean.cases == 400 and clean.mismatches == 0, [f.paths for f in clean.findings.values()]
        m = by_name("sandbox-join-ntpath")
        trigger = m.minimal_cases()[0]
        trigger["spec"]["mounts"] = [{"destination": "C:\\d", "source": "sandbox://q/r"}]
        planted = d.run_differential(1, oracle, subject=d.planted_runner(m), generator=_Fixed([trigger]))
        (f,) = planted.findings.values()
        assert f.case == m.minimal_cases()[0]
        assert f.other["documents"]["v2"]["MappedDirectories"] == [{"HostPath": "C:\\SandboxMounts"}]
    finally:
        stop()


def test_a_one_sided_panic_stays_a_panic_while_shrinking() -> None:
    """The oracle differs from the reference on every case with a non-empty hostname (another error text), and
    panics when the hostname holds a digit: plain shrinking would end at the smallest difference (a one-letter
    hostname, no panic); grouped by one_sided_panic, the panic's finding keeps a digit."""

    def oracle(cases: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for c in cases:
            host = str(((c.get("spec") or {}) if isinstance(c.get("spec"), dict) else {}).get("hostname", ""))
            if any(ch.isdigit() for ch in host):
                out.append({"panic": f"runtime error: index out of range [{len(host)}]"})
            elif host:
                out.append({"error": "another text"})
            else:
                out.append(run_case(c))
        return out

    base = make_case({"ociVersion": "1.0.2", "hostname": "host-name-42", "windows": {"layerFolders": ["C:\\l"]}})
    assert d.one_sided_panic(base, {"error": "x"}, {"panic": "index [12]"}) == "panic only in the oracle: index [#]"
    assert d.one_sided_panic(base, {"panic": "a"}, {"panic": "b"}) is None
    assert d.one_sided_panic(base, {"skipped": "n/a"}, {"panic": "b"}) is None  # not compared at all
    stats = d.run_differential(1, oracle, generator=_Fixed([base]), group=d.one_sided_panic)
    (finding,) = stats.findings.values()
    assert "panic" in finding.other and any(ch.isdigit() for ch in finding.case["spec"]["hostname"])
    assert len(finding.case["spec"]["hostname"]) == 1  # shrunk within the class: one digit left
    plain = d.run_differential(1, oracle, generator=_Fixed([base]))
    (finding,) = plain.findings.values()
    assert "panic" not in finding.other  # what the grouping prevents
