"""The hand-designed case catalogue (conformance/cases) and the error-kind table (conformance/results/errorkinds.py).

These check the catalogue as data: ids, descriptions, tags, complete and serialisable cases, that every reachable
error kind is targeted by some case, that cases aimed at a late check pass the early ones, and that the error-kind
patterns are unambiguous. Expected results are not here: they are captured from Go.
"""

from __future__ import annotations

import base64
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.conformance.cases import CaseDef, hand_cases
from hcsdoc.conformance.cases._build import DELETE, ID_RE, SCHEMA_V10, SCHEMA_V21, TAG_RE, merge
from hcsdoc.conformance.results.errorkinds import ERROR_KINDS, KINDS_BY_ID, UNKNOWN, classify_error, matching_kinds
from hcsdoc.reference import normalize_case

CASES: list[CaseDef] = hand_cases()
KIND_IDS = {k.id for k in ERROR_KINDS}
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "conformance" / "vectors.schema.json"

# Tags name topics only. The outcome of a case comes from Go, so no tag may guess it.
FORBIDDEN_TAGS = {
    "error",
    "errors-expected",
    "panic",
    "document",
    "documents",
    "ok",
    "pass",
    "fail",
    "success",
    "valid",
    "invalid",
}
OPTION_KEYS = {
    "id",
    "actualId",
    "owner",
    "schemaVersion",
    "scaleCpuLimitsToSandbox",
    "networkNamespace",
    "ccgState",
    "windowsAdditionalMounts",
}
HOST_KEYS = {"processorCount", "osBuild", "layerIds", "resolvedPaths", "files"}

# --- catalogue shape ---------------------------------------------------------------------------------------------


def test_catalogue_size() -> None:
    assert 600 <= len(CASES) <= 1300, len(CASES)


def test_ids_unique_and_well_formed() -> None:
    dupes = [i for i, n in Counter(c.id for c in CASES).items() if n > 1]
    assert dupes == []
    bad = [c.id for c in CASES if not ID_RE.fullmatch(c.id) or len(c.id) > 120]
    assert bad == []


def test_hand_cases_is_deterministic() -> None:
    again = hand_cases()
    assert [(c.id, c.description, c.tags, c.case, c.targets) for c in again] == [
        (c.id, c.description, c.tags, c.case, c.targets) for c in CASES
    ]


def test_descriptions_present_and_unique() -> None:
    short = [c.id for c in CASES if not 8 <= len(c.description) <= 300 or c.description != c.description.strip()]
    assert short == []
    dupes = [d for d, n in Counter(c.description for c in CASES).items() if n > 1]
    assert dupes == []


def test_tags_are_topics() -> None:
    for c in CASES:
        assert c.tags, c.id
        assert len(set(c.tags)) == len(c.tags), c.id
        for t in c.tags:
            assert TAG_RE.fullmatch(t), (c.id, t)
            assert t not in FORBIDDEN_TAGS and not t.startswith("expect"), (c.id, t)


def test_targets_name_known_kinds() -> None:
    unknown = [(c.id, t) for c in CASES for t in c.targets if t not in KIND_IDS]
    assert unknown == []


def test_every_reachable_kind_is_targeted() -> None:
    targeted = {t for c in CASES for t in c.targets}
    missing = sorted(k.id for k in ERROR_KINDS if k.reachable and k.id not in targeted)
    assert missing == []
    # An unreachable site cannot be targeted: a case claiming so would be wrong about the Go code.
    assert sorted(k.id for k in ERROR_KINDS if not k.reachable and k.id in targeted) == []


# --- every case is complete and serialisable ------------------------------------------------------------------


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_case_complete(c: CaseDef) -> None:
    case = c.case
    assert set(case) - {"specBase64"} == {"spec", "specText", "options", "uvm", "host"}
    assert set(case["options"]) == OPTION_KEYS
    assert set(case["host"]) == HOST_KEYS
    sources = [k for k in ("spec", "specText", "specBase64") if case.get(k) is not None]
    assert len(sources) <= 1
    if case["specText"] is not None:
        case["specText"].encode("utf-8")  # no lone surrogates: the text must have a UTF-8 form
    if "specBase64" in case:
        base64.b64decode(case["specBase64"], validate=True)
    # JSON round trip without loss (no NaN, no tuples, no non-str keys) ...
    text = json.dumps(case, ensure_ascii=False, allow_nan=False)
    text.encode("utf-8")
    assert json.loads(text) == case
    # ... and the shared normaliser sees nothing to fill in or reject.
    assert normalize_case(case) == case


def test_cases_validate_against_vector_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA_PATH.exists():
        pytest.skip("conformance/vectors.schema.json not present")
    full = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    case_schema = {"$schema": full["$schema"], "$ref": "#/$defs/case", "$defs": full["$defs"]}
    validator = jsonschema.Draft202012Validator(case_schema)
    id_re = re.compile(full["$defs"]["id"]["pattern"])
    tag_re = re.compile(full["$defs"]["vector"]["properties"]["tags"]["items"]["pattern"])
    kind_re = re.compile(full["$defs"]["result"]["oneOf"][1]["properties"]["errorKind"]["pattern"])
    problems = []
    for c in CASES:
        problems += [f"{c.id}: {e.message}" for e in validator.iter_errors(c.case)]
        if not id_re.search(c.id) or not all(tag_re.search(t) for t in c.tags):
            problems.append(f"{c.id}: id or tag outside the vector schema")
    assert problems == []
    assert all(kind_re.search(k.id) for k in ERROR_KINDS)


# --- reachability: a case aimed at a late check passes the earlier ones ----------------------------------------

# The order in which createWindowsContainerDocument checks things (phase numbers). Kinds that two phases can raise
# (the VSMB lookups: layers or mounts) take the earlier phase.
PHASE = {
    "decode-syntax": 0, "decode-type": 0, "spec-missing": 1, "windows-missing": 2, "layer-folders": 3,
    "cpu-exclusive": 4, "root-missing": 5, "root-readonly": 6, "root-path-volume": 7, "hyperv-nil": 7,
    "uvm-folder-not-found": 8, "uvm-folder-stat": 8, "nametoguid": 8, "nametoguid-dll": 8,
    "vsmb-no-hostpath": 8, "vsmb-stat": 8, "vsmb-not-attached": 8,
    "mount-resolve": 9, "named-pipe-build": 10, "device-type": 11,
    "ext-stat": 12, "ext-build": 12, "ext-read": 12, "ext-unmarshal": 12,
    "dump-type": 13, "dump-count-atoi": 14, "dump-count-invalid": 14,
}  # fmt: skip
VOLUME_RE = re.compile(
    r"\\\\\?\\(Volume)\{{0,1}[0-9a-fA-F]{8}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{12}(\}){0,1}\}(|\\)"
)
GUID_RE = re.compile(r"\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?")
CPU_KEYS = (
    "io.microsoft.container.processor.count",
    "io.microsoft.container.processor.limit",
    "io.microsoft.container.processor.weight",
)


def _base_name(path: str) -> str:
    """The base name for paths the late-phase cases use (drive-rooted, no UNC): after the last separator."""
    return re.split(r"[\\/]", path[2:] if re.match(r"[A-Za-z]:", path) else path)[-1]


def _cpu_set(spec: dict[str, Any]) -> int:
    """How many of count/limit/weight a simple (decimal, < 2^31) annotation or spec field sets."""
    ann = spec.get("annotations") or {}
    cpu = ((spec["windows"].get("resources") or {}).get("cpu")) or {}
    n = 0
    for key, field in zip(CPU_KEYS, ("count", "maximum", "shares"), strict=True):
        v = ann.get(key)
        parsed = int(v) if v is not None and v.isascii() and v.isdigit() else 0  # unset/unparsable: spec fallback
        value = parsed if parsed else (cpu.get(field) or 0)
        n += 0 < value < 2**31
    return n


def _branch(case: dict[str, Any]) -> str:
    sv, uvm, spec = case["options"]["schemaVersion"], case["uvm"], case["spec"]
    if sv == SCHEMA_V21:
        return "argon" if uvm is None else "xenon-v2"
    if sv == SCHEMA_V10:
        if spec["windows"].get("hyperv") is None:
            return "argon"
        return "xenon-v1" if uvm is not None else "none"
    return "none"


def _phases_passed(case: dict[str, Any]) -> int:
    """The last phase a structured-spec case surely gets through (a simplified reading of the Go checks)."""
    spec = case["spec"]
    if not isinstance(spec, dict):
        return 0
    if not isinstance(spec.get("windows"), dict):
        return 1
    folders = spec["windows"].get("layerFolders")
    if not isinstance(folders, list) or len(folders) < 2:
        return 2
    if _cpu_set(spec) > 1:
        return 3
    root = spec.get("root")
    if not isinstance(root, dict):
        return 4
    if root.get("readonly"):
        return 5
    if case["options"]["schemaVersion"] is None:
        return 6
    branch = _branch(case)
    if branch == "argon" and not VOLUME_RE.fullmatch(root.get("path", "")):
        return 6
    host = case["host"]
    ro_layers = folders[:-1]
    if branch == "argon" and not all(isinstance(host["layerIds"].get(_base_name(p)), str) for p in ro_layers):
        return 7
    if branch == "xenon-v2" and case["uvm"]["os"] == "windows":
        shares = {(s["hostPath"], s["readOnly"], s["kind"]) for s in case["uvm"]["vsmbShares"]}
        for p in ro_layers:
            if host["files"].get(p) != {"kind": "dir"} or (p, True, "dir") not in shares:
                return 7
            if not isinstance(host["layerIds"].get(_base_name(p)), str):
                return 7
    if branch == "xenon-v1" and not (spec["windows"]["hyperv"].get("utilityVMPath")):
        found = [p for p in folders if host["files"].get(p + "\\UtilityVM", {}).get("kind") in ("dir", "file")]
        if not found:
            return 7
    return 8


@pytest.mark.parametrize("c", [c for c in CASES if c.targets and c.case["spec"] is not None], ids=lambda c: c.id)
def test_targeted_case_passes_the_earlier_checks(c: CaseDef) -> None:
    needed = min(PHASE[t] for t in c.targets) - 1
    assert _phases_passed(c.case) >= min(needed, 8), (c.id, c.targets, _phases_passed(c.case))


def test_reachability_checker_detects_an_early_failure() -> None:
    # The checker itself must be able to fail: a mount-phase case without a layer GUID does not get past phase 7.
    late = next(c for c in CASES if c.id == "errors.site.mount-resolve")
    assert _phases_passed(late.case) == 8
    broken = merge(late.case, {"host": {"layerIds": {"base": DELETE}}})
    assert _phases_passed(broken) == 7


# --- the error-kind table -----------------------------------------------------------------------------------------


def test_error_kind_ids_well_formed_and_unique() -> None:
    ids = [k.id for k in ERROR_KINDS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)
    assert set(KINDS_BY_ID) == set(ids)
    assert all(k.site and k.examples for k in ERROR_KINDS)
    assert set(PHASE) == set(ids)


@pytest.mark.parametrize("kind", ERROR_KINDS, ids=[k.id for k in ERROR_KINDS])
def test_examples_match_exactly_their_own_kind(kind: Any) -> None:
    for example in kind.examples:
        assert matching_kinds(example) == [kind.id], example
        assert classify_error(example) == kind.id


def test_no_example_matches_two_kinds() -> None:
    every = [e for k in ERROR_KINDS for e in k.examples]
    clashes = {e: matching_kinds(e) for e in every if len(matching_kinds(e)) != 1}
    assert clashes == {}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Anchored at both ends: a prefix or a suffix of a known text is not that kind.
        ("cannot create HCS container document - OCI spec Windows section is missing", UNKNOWN),
        ("not attached ", UNKNOWN),
        ("xnot attached", UNKNOWN),
        ("", UNKNOWN),
        ("some other failure", UNKNOWN),
        # A wrapped decode error belongs to the wrapper, not to the spec decode.
        (
            "failed to unmarshal extension file at C:\\e: invalid character 'x' looking for beginning of value",
            "ext-unmarshal",
        ),
        # The stat error of a VSMB share vs LocateUVMFolder's.
        ("CreateFile C:\\data\\UtilityVM: Access is denied.", "uvm-folder-stat"),
        ("CreateFile C:\\data\\UtilityVMs: Access is denied.", "vsmb-stat"),
        ("GetFileAttributesEx C:\\data\\UtilityVM: The system cannot find the file specified.", "vsmb-stat"),
        # Messages whose variable part holds newlines.
        (
            "invalid container spec - Root.Path 'a\nb' must be a volume GUID path in the format '\\\\?\\Volume{GUID}\\'",
            "root-path-volume",
        ),
        ("specified device a\nb has unsupported type c\nd", "device-type"),
        ("invaid dump count specified: -1\n", "dump-count-invalid"),
        # The CPU message only ever carries decimal int32 values.
        (
            "invalid spec - Windows Container CPU Count: 'x', Limit: '0', and Weight: '0' are mutually exclusive",
            UNKNOWN,
        ),
    ],
)
def test_classify_edge_texts(text: str, kind: str) -> None:
    assert classify_error(text) == kind
