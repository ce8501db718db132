"""A small builder for complete hand-written cases (docs/case-format.md section 1).

Every function here returns a *complete* case: all five top-level keys, every `options` and `host` key. The
cases are inputs only; their expected results are captured from the real Go code later.

The baselines are chosen so that every early check of `createWindowsContainerDocument` passes: two layer folders,
a Root whose path is a volume GUID path (Argon), a layer GUID for the read-only layer, a VSMB share and a stat
answer for it (Xenon), a findable UtilityVM folder (V1 Xenon). A case then changes one thing on top of a baseline
with `merge`, so it reaches exactly the check it is about.
"""

from __future__ import annotations

import base64
import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any, Final

from hcsdoc.reference import annotations as ann
from hcsdoc.reference import uvm

# A JSON value as Python's json module represents it. Cases are plain JSON data, so `Any` is the honest type.
JSON = Any


class _Delete:
    """Marker for `merge`: remove this key from the base."""

    def __repr__(self) -> str:
        return "DELETE"


DELETE: Final = _Delete()

# --- fixed inputs used by the baselines -------------------------------------------------------------------------

VOLUME_GUID: Final = "6a1d2a7e-5c3b-4f8e-9d2c-1b0a9f8e7d6c"
VOLUME_PATH: Final = "\\\\?\\Volume{" + VOLUME_GUID + "}\\"
LAYER_BASE: Final = "C:\\layers\\base"
LAYER_SCRATCH: Final = "C:\\layers\\scratch"
GUID_BASE: Final = "8d3c9a5e-3f2b-4c1d-9e8f-0a1b2c3d4e5f"
GUID_2: Final = "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9"
GUID_3: Final = "0c0ffee0-1234-4abc-8def-0123456789ab"
# The VSMB share prefix every Xenon guest path starts with (internal/uvm/vsmb.go, vsmbSharePrefix).
VSMB_PREFIX: Final = uvm.vsmbSharePrefix
# The annotation keys the converter reads (pkg/annotations).
ANN_CPU_COUNT: Final = ann.ContainerProcessorCount
ANN_CPU_LIMIT: Final = ann.ContainerProcessorLimit
ANN_CPU_WEIGHT: Final = ann.ContainerProcessorWeight
ANN_MEMORY: Final = ann.ContainerMemorySizeInMB
ANN_STORAGE_BPS: Final = ann.ContainerStorageQoSBandwidthMaximum
ANN_STORAGE_IOPS: Final = ann.ContainerStorageQoSIopsMaximum
ANN_DEVICE_EXTENSIONS: Final = ann.DeviceExtensions
ANN_DUMP_LOCATION: Final = ann.ContainerProcessDumpLocation
ANN_DUMP_TYPE: Final = ann.WCOWProcessDumpType
ANN_DUMP_COUNT: Final = ann.WCOWProcessDumpCount
XENON_ROOT: Final = "C:\\c\\1"
UTILITY_VM_DIR: Final = LAYER_BASE + "\\UtilityVM"


SCHEMA_V10: Final = {"Major": 1, "Minor": 0}
SCHEMA_V21: Final = {"Major": 2, "Minor": 1}

DEFAULT_OPTIONS: Final[dict[str, JSON]] = {
    "id": "c1",
    "actualId": "c1",
    "owner": "containerd-shim-runhcs-v1.exe",
    "schemaVersion": SCHEMA_V21,
    "scaleCpuLimitsToSandbox": False,
    "networkNamespace": "",
    "ccgState": None,
    "windowsAdditionalMounts": None,
}

DEFAULT_HOST: Final[dict[str, JSON]] = {
    "processorCount": 8,
    "osBuild": 20348,
    "layerIds": {},
    "resolvedPaths": {},
    "files": {},
}

ARGON_SPEC: Final[dict[str, JSON]] = {
    "ociVersion": "1.0.2",
    "root": {"path": VOLUME_PATH},
    "windows": {"layerFolders": [LAYER_BASE, LAYER_SCRATCH]},
}

XENON_SPEC: Final[dict[str, JSON]] = {
    "ociVersion": "1.0.2",
    "root": {"path": XENON_ROOT},
    "windows": {"layerFolders": [LAYER_BASE, LAYER_SCRATCH]},
}

BASE_SHARE: Final[dict[str, JSON]] = {
    "hostPath": LAYER_BASE,
    "readOnly": True,
    "kind": "dir",
    "guestPath": VSMB_PREFIX + "s1",
}

DEFAULT_UVM: Final[dict[str, JSON]] = {
    "os": "windows",
    "processorCount": 2,
    "processDumpLocation": "",
    "vsmbShares": [BASE_SHARE],
}


# --- generic helpers ---------------------------------------------------------------------------------------------


def merge(base: JSON, patch: JSON) -> JSON:
    """A deep copy of `base` with `patch` applied: dicts merge key by key, `DELETE` removes a key, anything else
    (lists included) replaces."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = copy.deepcopy(base)
        for key, value in patch.items():
            if value is DELETE:
                out.pop(key, None)
            elif key in out:
                out[key] = merge(out[key], value)
            else:
                out[key] = _strip_deletes(value)
        return out
    return _strip_deletes(patch)


def compose(first: JSON, second: JSON) -> JSON:
    """One patch equivalent to applying `first` then `second`; `DELETE` markers are kept for the final `merge`."""
    if isinstance(first, dict) and isinstance(second, dict):
        out = dict(first)
        for key, value in second.items():
            out[key] = compose(out[key], value) if key in out else value
        return out
    return second


def _strip_deletes(value: JSON) -> JSON:
    if isinstance(value, dict):
        return {k: _strip_deletes(v) for k, v in value.items() if v is not DELETE}
    if isinstance(value, list):
        return [_strip_deletes(v) for v in value]
    return copy.deepcopy(value)


# Host tables whose entries are whole answers: a patch entry replaces the base entry (an errno answer must not be
# merged into a file answer), `DELETE` removes it.
_HOST_TABLES: Final = ("layerIds", "resolvedPaths", "files")


def compose_host(first: dict[str, JSON] | None, second: dict[str, JSON] | None) -> dict[str, JSON]:
    """One host patch equivalent to `first` then `second`: seam-table entries replace, never merge."""
    out = dict(first or {})
    for key, value in (second or {}).items():
        if key in _HOST_TABLES and isinstance(out.get(key), dict) and isinstance(value, dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def merge_host(base: dict[str, JSON], patch: dict[str, JSON] | None) -> dict[str, JSON]:
    """`base` host with `patch` applied: scalars replace, the seam tables are patched entry by entry."""
    out = copy.deepcopy(base)
    for key, value in (patch or {}).items():
        if key in _HOST_TABLES:
            table = dict(out.get(key, {}))
            for k, v in value.items():
                if v is DELETE:
                    table.pop(k, None)
                else:
                    table[k] = _answer(key, v)
            out[key] = table
        elif value is DELETE:
            out.pop(key, None)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _answer(table: str, value: JSON) -> JSON:
    """One seam answer in its complete form (a file answer always carries its content, "" by default)."""
    value = copy.deepcopy(value)
    is_file = table == "files" and isinstance(value, dict) and value.get("kind") == "file"
    if is_file and "content" not in value and "contentBase64" not in value:
        value["content"] = ""
    return value


def make_case(
    spec: JSON = None,
    *,
    spec_text: str | None = None,
    spec_bytes: bytes | None = None,
    options: dict[str, JSON] | None = None,
    uvm: dict[str, JSON] | None = None,
    host: dict[str, JSON] | None = None,
) -> dict[str, JSON]:
    """A complete case. `spec_text` / `spec_bytes` (raw bytes, carried as `specBase64`) replace `spec`."""
    if sum(x is not None for x in (spec, spec_text, spec_bytes)) > 1:
        raise ValueError("give at most one of spec, spec_text, spec_bytes")
    case: dict[str, JSON] = {
        "spec": copy.deepcopy(spec) if spec_text is None and spec_bytes is None else None,
        "specText": spec_text,
        "options": merge(DEFAULT_OPTIONS, options or {}),
        "uvm": copy.deepcopy(uvm),
        "host": merge_host(DEFAULT_HOST, host),
    }
    if spec_bytes is not None:
        case["specBase64"] = base64.b64encode(spec_bytes).decode("ascii")
    return case


# --- isolation-mode baselines --------------------------------------------------------------------------------------
# Each takes a spec patch (merged into the mode's baseline spec) and partial overrides of options/uvm/host.


def argon(
    patch: JSON = None,
    *,
    options: dict[str, JSON] | None = None,
    host: dict[str, JSON] | None = None,
    uvm: dict[str, JSON] | None = None,
) -> dict[str, JSON]:
    """V2 Argon (schema 2.1, no utility VM): a volume GUID root and a GUID for the one read-only layer."""
    return make_case(
        merge(ARGON_SPEC, patch or {}),
        options=options,
        uvm=uvm,
        host=compose_host({"layerIds": {"base": GUID_BASE}}, host),
    )


def argon_v1(
    patch: JSON = None, *, options: dict[str, JSON] | None = None, host: dict[str, JSON] | None = None
) -> dict[str, JSON]:
    """V1 Argon (schema 1.0, no utility VM, no windows.hyperv)."""
    return argon(patch, options=compose({"schemaVersion": SCHEMA_V10}, options or {}), host=host)


def xenon(
    patch: JSON = None,
    *,
    options: dict[str, JSON] | None = None,
    uvm: dict[str, JSON] | None = None,
    host: dict[str, JSON] | None = None,
) -> dict[str, JSON]:
    """V2 Xenon (schema 2.1 with a utility VM): the read-only layer is a read-only VSMB directory share."""
    return make_case(
        merge(XENON_SPEC, patch or {}),
        options=options,
        uvm=merge(DEFAULT_UVM, uvm or {}),
        host=compose_host({"layerIds": {"base": GUID_BASE}, "files": {LAYER_BASE: {"kind": "dir"}}}, host),
    )


def xenon_v1(
    patch: JSON = None,
    *,
    options: dict[str, JSON] | None = None,
    uvm: dict[str, JSON] | None = None,
    host: dict[str, JSON] | None = None,
) -> dict[str, JSON]:
    """V1 Xenon (schema 1.0, a utility VM and windows.hyperv {}): only reachable by building the options directly.
    The base layer holds a UtilityVM folder, so LocateUVMFolder finds it."""
    return xenon(
        compose({"windows": {"hyperv": {}}}, patch or {}),
        options=compose({"schemaVersion": SCHEMA_V10}, options or {}),
        uvm=uvm,
        host=compose_host({"files": {UTILITY_VM_DIR: {"kind": "dir"}}}, host),
    )


def hyperv_v1_classic(
    patch: JSON = None, *, options: dict[str, JSON] | None = None, host: dict[str, JSON] | None = None
) -> dict[str, JSON]:
    """A classic v1 Hyper-V container: schema 1.0, no utility VM, windows.hyperv present (matches no branch)."""
    return argon(
        compose({"windows": {"hyperv": {}}}, patch or {}),
        options=compose({"schemaVersion": SCHEMA_V10}, options or {}),
        host=host,
    )


MODES: Final = {"argon": argon, "xenon": xenon}


def share(host_path: str, *, read_only: bool = True, kind: str = "dir", guest: str = "s2") -> dict[str, JSON]:
    """One VSMB share of the utility VM (guest path under the VSMB prefix)."""
    return {"hostPath": host_path, "readOnly": read_only, "kind": kind, "guestPath": VSMB_PREFIX + guest}


def mount(
    source: str, destination: str = "C:\\dst", *, type_: str | None = None, options: list[str] | None = None
) -> dict[str, JSON]:
    """An OCI mount as JSON."""
    m: dict[str, JSON] = {"destination": destination, "source": source}
    if type_ is not None:
        m["type"] = type_
    if options is not None:
        m["options"] = options
    return m


# --- the catalogue entry ---------------------------------------------------------------------------------------------

ID_RE: Final = re.compile(r"[a-z0-9][a-z0-9._-]*")
TAG_RE: Final = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class CaseDef:
    """One hand-designed case: a stable id, what it probes, topic tags, the complete case, and the error kinds
    (conformance/results/errorkinds.py) it is designed to reach, if any. The expected result is not here: it is captured."""

    id: str
    description: str
    tags: tuple[str, ...]
    case: dict[str, JSON]
    targets: tuple[str, ...] = field(default=())


def isolation_tag(case: dict[str, JSON]) -> str:
    """A topic tag derived from the inputs that decide the branch (schema version, utility VM, windows.hyperv)."""
    sv = case["options"]["schemaVersion"]
    has_uvm = case["uvm"] is not None
    if sv is None:
        return "schema-nil"
    if sv == SCHEMA_V21:
        return "xenon-v2" if has_uvm else "argon-v2"
    if sv == SCHEMA_V10:
        spec = case["spec"]
        windows = spec.get("windows") if isinstance(spec, dict) else None
        hyperv = windows.get("hyperv") if isinstance(windows, dict) else None
        if has_uvm:
            return "argon-v1" if hyperv is None else "xenon-v1"
        return "argon-v1" if hyperv is None else "hyperv-v1-classic"
    return "schema-other"


def cdef(
    id: str,
    description: str,
    tags: tuple[str, ...] | list[str],
    case: dict[str, JSON],
    targets: tuple[str, ...] | list[str] = (),
) -> CaseDef:
    """A CaseDef whose tags also carry the isolation tag (for cases with a structured spec)."""
    all_tags = list(dict.fromkeys(tags))
    if case["spec"] is not None or (case["specText"] is None and "specBase64" not in case):
        iso = isolation_tag(case)
        if iso not in all_tags:
            all_tags.append(iso)
    return CaseDef(id=id, description=description, tags=tuple(all_tags), case=case, targets=tuple(targets))


def text_of(spec: JSON) -> str:
    """The spec as JSON text exactly as the case format turns a `spec` value into text (compact, UTF-8)."""
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":"))


# --- boundary values for the uint64 annotations (strconv.ParseUint(v, 10, 64), then int32(...) for most keys) ---

UINT_ANNOTATION_VALUES: Final[tuple[tuple[str, str, str], ...]] = (
    # (id slug, annotation value, what it probes)
    ("0", "0", "zero parses but is treated as unset"),
    ("1", "1", "smallest positive value"),
    ("2pow31m1", "2147483647", "2^31-1, MaxInt32"),
    ("2pow31", "2147483648", "2^31, one past MaxInt32 (int32 wrap)"),
    ("2pow31p1", "2147483649", "2^31+1 (int32 wrap)"),
    ("2pow32m1", "4294967295", "2^32-1, MaxUint32 (int32 wrap to -1)"),
    ("2pow32", "4294967296", "2^32: non-zero as uint64 but zero as int32"),
    ("2pow32p1", "4294967297", "2^32+1 (int32 wrap to 1)"),
    ("2pow63", "9223372036854775808", "2^63, one past MaxInt64"),
    ("2pow64m1", "18446744073709551615", "2^64-1, MaxUint64"),
    ("2pow64", "18446744073709551616", "2^64, out of uint64 range"),
    ("1e24", "1000000000000000000000000", "far out of uint64 range"),
    ("neg1", "-1", "negative: ParseUint accepts no sign"),
    ("neg0", "-0", "minus zero: ParseUint accepts no sign"),
    ("plus5", "+5", "plus sign: ParseUint accepts no sign"),
    ("space5", " 5", "leading space"),
    ("5space", "5 ", "trailing space"),
    ("5newline", "5\n", "trailing newline"),
    ("underscore", "5_000", "digit separator underscore (base 10 ParseUint rejects it)"),
    ("hex", "0x10", "hex prefix (base 10 ParseUint rejects it)"),
    ("float", "1.5", "decimal fraction"),
    ("exp", "1e3", "exponent notation"),
    ("nonnumeric", "abc", "not a number"),
    ("empty", "", "empty value (present key)"),
    ("leading-zeros", "0005", "leading zeros"),
    ("all-zeros", "0000", "several zeros"),
    ("arabic-indic", "\u0665", "Arabic-Indic digit five (not an ASCII digit)"),
    ("fullwidth", "\uff15", "fullwidth digit five (not an ASCII digit)"),
    ("10000", "10000", "10000, the CPU limit scale maximum"),
)
