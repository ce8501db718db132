"""Cases: fill defaults, validate, and turn the spec into the bytes Go decodes (docs/case-format.md §1).

A case in a vector or on the adapter protocol is always *complete*. People write cases by hand with only the keys
they care about; :func:`normalize_case` (or :func:`make_case`) fills the rest and rejects malformed input with a
:class:`CaseError` whose message names the offending key path, e.g. ``case.host.osBuild: expected uint16, got -1``.

Defaults (chosen to be what the Go create flow would have done, where it does something deterministic):

* ``options.actualId`` defaults to ``options.id`` (Go copies ``ID`` unless it is empty, then draws a random GUID;
  a case must be deterministic, so an empty id stays empty).
* ``options.schemaVersion`` defaults to what ``schemaversion.DetermineSchemaVersion(nil)`` and ``CreateContainer``
  pick: ``{2,1}`` with a UVM or when ``host.osBuild >= 17763`` (RS5), otherwise ``{1,0}``. An explicit ``null``
  is kept: it is the nil pointer that makes Go panic.
* ``host``: 8 processors, build 20348 (LTSC 2022), no layers, no resolvable paths, no files.
* ``uvm`` members: ``os`` ``"windows"``, 2 processors (hcsshim's default UVM size), no dump location, no shares.

Everything else defaults to Go's zero value (``""``, ``false``, ``null``).

JSON numbers are type-strict here: ``true`` is not an integer and ``1.0`` is not an integer (Python's ``bool`` is an
``int`` subclass and ``1 == 1.0``; Go's decoder distinguishes all three, so must we).
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import math
import re
from collections.abc import Mapping
from typing import Any, Final, TypeVar

from hcsdoc.conformance.vectors.files import canonical_json, generated_id

T = TypeVar("T")

__all__ = [
    "OPTION_KEYS",
    "VSMB_GUEST_PREFIX",
    "CaseError",
    "canonical_json",
    "case_spec_bytes",
    "generated_case_id",
    "json_copy",
    "make_case",
    "normalize_case",
]


class CaseError(ValueError):
    """A malformed case; the message starts with the key path of the first problem found."""


INT32_MIN: Final = -(1 << 31)
INT32_MAX: Final = (1 << 31) - 1
UINT16_MAX: Final = (1 << 16) - 1
UINT32_MAX: Final = (1 << 32) - 1

# The guest path prefix of every VSMB share hcsshim adds (internal/uvm/vsmb.go, vsmbSharePrefix + the VSMB GUID).
VSMB_GUEST_PREFIX: Final = "\\\\?\\VMSMB\\VSMB-{dcc079ae-60ba-4d07-847c-3493609c0870}\\"

# RS5: the build from which hcsshim defaults to schema 2.1 (osversion.RS5).
_RS5: Final = 17763

_TOP_KEYS: Final = frozenset({"spec", "specText", "specBase64", "options", "uvm", "host"})
OPTION_KEYS: Final = (
    "id",
    "actualId",
    "owner",
    "schemaVersion",
    "scaleCpuLimitsToSandbox",
    "networkNamespace",
    "ccgState",
    "windowsAdditionalMounts",
)
_UVM_KEYS: Final = frozenset({"os", "processorCount", "processDumpLocation", "vsmbShares"})
_SHARE_KEYS: Final = frozenset({"hostPath", "readOnly", "kind", "guestPath"})
_HOST_KEYS: Final = frozenset({"processorCount", "osBuild", "layerIds", "resolvedPaths", "files"})
_CCG_KEYS: Final = ("Cookie", "RpcEndpoint", "Transport", "CredentialSpec")
_MAPPED_DIR_KEYS: Final = ("HostPath", "HostPathType", "ContainerPath", "ReadOnly")
# go-winio guid.FromString accepts the 36-character form, hex digits of either case.
_GUID_RE: Final = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_SURROGATE_RE: Final = re.compile("[\ud800-\udfff]")


def json_copy(value: T) -> T:
    """A copy of the dicts and lists in a JSON value (everything else is immutable and shared): a deep copy of a
    case, much faster than ``copy.deepcopy`` for plain dicts, lists and scalars."""
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [json_copy(v) for v in value]  # type: ignore[return-value]
    return value


def generated_case_id(case: Mapping[str, Any]) -> str:
    """``gen.<12 hex digits of sha256(canonical JSON of the complete case)>`` (docs/vectors.md)."""
    return generated_id(normalize_case(case))


def case_spec_bytes(case: Mapping[str, Any]) -> bytes:
    """The exact bytes handed to Go's ``json.Unmarshal`` (§1.1), as the reference computes them.

    One stricter rule than the reference's: a lone surrogate in ``specText`` (or in ``spec``) is a malformed case
    here (write an escape or use ``specBase64``), where the reference, like Go decoding the case, reads it as U+FFFD.
    """
    from hcsdoc.reference.api import CaseError as ReferenceCaseError
    from hcsdoc.reference.api import case_spec_bytes as reference_case_spec_bytes

    text = case.get("specText")
    if text is not None and not isinstance(text, str):
        raise CaseError(f"case.specText: expected string or null, got {_tname(text)}")
    if text is not None and _SURROGATE_RE.search(text):
        raise CaseError("case.specText: contains a lone surrogate; use specBase64 for bytes")
    b64 = case.get("specBase64")
    if b64 is not None and not isinstance(b64, str):
        raise CaseError(f"case.specBase64: expected string or null, got {_tname(b64)}")
    if text is None and b64 is None:
        try:
            json.dumps(case.get("spec"), ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (ValueError, TypeError, UnicodeEncodeError) as exc:
            raise CaseError(f"case.spec: cannot be serialised as JSON: {exc}") from exc
    try:
        return reference_case_spec_bytes(case)
    except ReferenceCaseError as exc:
        raise CaseError(str(exc)) from exc


def make_case(spec: Any = None, **overrides: Any) -> dict[str, Any]:
    """A complete case from a spec plus keyword overrides, for hand-written cases and tests.

    Keyword names are the top-level keys (``specText``, ``uvm``, ``options``, ``host``) or, as a shortcut, any
    ``options`` or ``host`` member (``make_case(spec, id="c1", osBuild=17134, layerIds={...})``). A member given
    both ways is an error.
    """
    raw: dict[str, Any] = {"spec": spec}
    options: dict[str, Any] = dict(overrides.pop("options", None) or {})
    host: dict[str, Any] = dict(overrides.pop("host", None) or {})
    for key, value in overrides.items():
        if key in _TOP_KEYS:
            raw[key] = value
        elif key in OPTION_KEYS:
            if key in options:
                raise CaseError(f"make_case: options.{key} given twice")
            options[key] = value
        elif key in _HOST_KEYS:
            if key in host:
                raise CaseError(f"make_case: host.{key} given twice")
            host[key] = value
        else:
            raise CaseError(f"make_case: unknown keyword {key!r}")
    raw["options"] = options
    raw["host"] = host
    return normalize_case(raw)


def normalize_case(c: Mapping[str, Any]) -> dict[str, Any]:
    """The complete form of ``c`` (a new dict; ``c`` is not modified). Raises :class:`CaseError` when malformed."""
    if not isinstance(c, Mapping):
        raise CaseError(f"case: expected object, got {_tname(c)}")
    _no_unknown(c, _TOP_KEYS, "case")
    out: dict[str, Any] = {}

    spec = c.get("spec")
    spec_text = c.get("specText")
    spec_b64 = c.get("specBase64")
    given = [k for k, v in (("spec", spec), ("specText", spec_text), ("specBase64", spec_b64)) if v is not None]
    if len(given) > 1:
        raise CaseError(f"case: at most one of spec, specText, specBase64 may be non-null (got {', '.join(given)})")
    _check_json_value(spec, "case.spec")
    out["spec"] = copy.deepcopy(spec)
    if spec_text is not None and not isinstance(spec_text, str):
        raise CaseError(f"case.specText: expected string or null, got {_tname(spec_text)}")
    if spec_text is not None and _SURROGATE_RE.search(spec_text):
        raise CaseError("case.specText: contains a lone surrogate; write it as a \\uXXXX escape or use specBase64")
    out["specText"] = spec_text
    if spec_b64 is not None:
        # Only present when used: §1 lists spec and specText as the complete form.
        out["specBase64"] = spec_b64
        case_spec_bytes(out)  # validates the base64

    uvm = _normalize_uvm(c.get("uvm"))
    host = _normalize_host(c.get("host"))
    out["options"] = _normalize_options(c.get("options"), uvm, host)
    out["uvm"] = uvm
    out["host"] = host
    return out


# --------------------------------------------------------------------------------------------------------------
# sections


def _normalize_options(o: Any, uvm: dict[str, Any] | None, host: dict[str, Any]) -> dict[str, Any]:
    path = "case.options"
    o = _obj_or_empty(o, path)
    _no_unknown(o, frozenset(OPTION_KEYS), path)
    out: dict[str, Any] = {}
    out["id"] = _str(o.get("id", ""), f"{path}.id")
    out["actualId"] = _str(o.get("actualId", out["id"]), f"{path}.actualId")
    out["owner"] = _str(o.get("owner", ""), f"{path}.owner")
    if "schemaVersion" in o:
        sv = o["schemaVersion"]
        if sv is not None:
            sv = _obj(sv, f"{path}.schemaVersion")
            _no_unknown(sv, frozenset({"Major", "Minor"}), f"{path}.schemaVersion")
            sv = {
                "Major": _int(sv.get("Major", 0), f"{path}.schemaVersion.Major", INT32_MIN, INT32_MAX, "int32"),
                "Minor": _int(sv.get("Minor", 0), f"{path}.schemaVersion.Minor", INT32_MIN, INT32_MAX, "int32"),
            }
    else:
        sv = {"Major": 2, "Minor": 1} if uvm is not None or host["osBuild"] >= _RS5 else {"Major": 1, "Minor": 0}
    out["schemaVersion"] = sv
    out["scaleCpuLimitsToSandbox"] = _bool(o.get("scaleCpuLimitsToSandbox", False), f"{path}.scaleCpuLimitsToSandbox")
    out["networkNamespace"] = _str(o.get("networkNamespace", ""), f"{path}.networkNamespace")

    ccg = o.get("ccgState")
    if ccg is not None:
        ccg = _obj(ccg, f"{path}.ccgState")
        _no_unknown(ccg, frozenset(_CCG_KEYS), f"{path}.ccgState")
        present = {k: _str(ccg[k], f"{path}.ccgState.{k}") for k in _CCG_KEYS if k in ccg}
        missing = [k for k in _CCG_KEYS if k not in ccg]
        if missing:  # docs/case-format.md: all four keys present (a missing one is not silently "")
            raise CaseError(f"{path}.ccgState: missing key(s) {', '.join(missing)} (all of {', '.join(_CCG_KEYS)})")
        ccg = present
    out["ccgState"] = ccg

    wam = o.get("windowsAdditionalMounts")
    if wam is not None:
        if not isinstance(wam, list):
            raise CaseError(f"{path}.windowsAdditionalMounts: expected list or null, got {_tname(wam)}")
        mounts = []
        for i, m in enumerate(wam):
            mp = f"{path}.windowsAdditionalMounts[{i}]"
            m = _obj(m, mp)
            _no_unknown(m, frozenset(_MAPPED_DIR_KEYS), mp)
            mounts.append(
                {
                    "HostPath": _str(m.get("HostPath", ""), f"{mp}.HostPath"),
                    "HostPathType": _str(m.get("HostPathType", ""), f"{mp}.HostPathType"),
                    "ContainerPath": _str(m.get("ContainerPath", ""), f"{mp}.ContainerPath"),
                    "ReadOnly": _bool(m.get("ReadOnly", False), f"{mp}.ReadOnly"),
                }
            )
        wam = mounts
    out["windowsAdditionalMounts"] = wam
    return out


def _normalize_uvm(u: Any) -> dict[str, Any] | None:
    if u is None:
        return None
    path = "case.uvm"
    u = _obj(u, path)
    _no_unknown(u, _UVM_KEYS, path)
    shares_in = u.get("vsmbShares", [])
    if not isinstance(shares_in, list):
        raise CaseError(f"{path}.vsmbShares: expected list, got {_tname(shares_in)}")
    shares = []
    for i, s in enumerate(shares_in):
        sp = f"{path}.vsmbShares[{i}]"
        s = _obj(s, sp)
        _no_unknown(s, _SHARE_KEYS, sp)
        kind = s.get("kind", "dir")
        if kind not in ("dir", "file"):
            raise CaseError(f'{sp}.kind: expected "dir" or "file", got {kind!r}')
        if "hostPath" not in s:
            raise CaseError(f"{sp}.hostPath: required")
        shares.append(
            {
                "hostPath": _str(s["hostPath"], f"{sp}.hostPath"),
                "readOnly": _bool(s.get("readOnly", False), f"{sp}.readOnly"),
                "kind": kind,
                # AddVSMB names shares s1, s2, ... (hex counter) under the VSMB prefix.
                "guestPath": _str(s.get("guestPath", f"{VSMB_GUEST_PREFIX}s{i + 1:x}"), f"{sp}.guestPath"),
            }
        )
    return {
        "os": _str(u.get("os", "windows"), f"{path}.os"),
        "processorCount": _int(u.get("processorCount", 2), f"{path}.processorCount", INT32_MIN, INT32_MAX, "int32"),
        "processDumpLocation": _str(u.get("processDumpLocation", ""), f"{path}.processDumpLocation"),
        "vsmbShares": shares,
    }


def _normalize_host(h: Any) -> dict[str, Any]:
    path = "case.host"
    h = _obj_or_empty(h, path)
    _no_unknown(h, _HOST_KEYS, path)
    out: dict[str, Any] = {
        "processorCount": _int(h.get("processorCount", 8), f"{path}.processorCount", INT32_MIN, INT32_MAX, "int32"),
        "osBuild": _int(h.get("osBuild", 20348), f"{path}.osBuild", 0, UINT16_MAX, "uint16"),
    }
    layer_ids = _obj_or_empty(h.get("layerIds"), f"{path}.layerIds")
    out["layerIds"] = {}
    for name, v in layer_ids.items():
        vp = f"{path}.layerIds[{name!r}]"
        _check_str_value(name, vp)
        if isinstance(v, str):
            if not _GUID_RE.fullmatch(v):
                raise CaseError(f"{vp}: not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx): {v!r}")
            out["layerIds"][name] = v
        else:
            out["layerIds"][name] = _errno_obj(v, vp)
    resolved = _obj_or_empty(h.get("resolvedPaths"), f"{path}.resolvedPaths")
    out["resolvedPaths"] = {}
    for p, v in resolved.items():
        vp = f"{path}.resolvedPaths[{p!r}]"
        _check_str_value(p, vp)
        out["resolvedPaths"][p] = _str(v, vp) if isinstance(v, str) else _errno_obj(v, vp)
    files = _obj_or_empty(h.get("files"), f"{path}.files")
    out["files"] = {}
    for p, v in files.items():
        vp = f"{path}.files[{p!r}]"
        _check_str_value(p, vp)
        out["files"][p] = _normalize_file(v, vp)
    return out


def _normalize_file(v: Any, path: str) -> dict[str, Any]:
    v = _obj(v, path)
    if "errno" in v:
        return _errno_obj(v, path)
    kind = v.get("kind")
    if kind == "dir":
        _no_unknown(v, frozenset({"kind"}), path)
        return {"kind": "dir"}
    if kind != "file":
        raise CaseError(f'{path}.kind: expected "dir" or "file" (or an errno object), got {kind!r}')
    _no_unknown(v, frozenset({"kind", "content", "contentBase64", "readErrno"}), path)
    out: dict[str, Any] = {"kind": "file"}
    if "content" in v and "contentBase64" in v:
        raise CaseError(f"{path}: at most one of content and contentBase64")
    if "contentBase64" in v:
        b64 = _str(v["contentBase64"], f"{path}.contentBase64")
        try:
            base64.b64decode(b64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CaseError(f"{path}.contentBase64: not valid base64: {exc}") from exc
        out["contentBase64"] = b64
    else:
        out["content"] = _str(v.get("content", ""), f"{path}.content")
    if "readErrno" in v:
        out["readErrno"] = _int(v["readErrno"], f"{path}.readErrno", 0, UINT32_MAX, "uint32")
    return out


def _errno_obj(v: Any, path: str) -> dict[str, Any]:
    if not isinstance(v, Mapping) or set(v) != {"errno"}:
        raise CaseError(f'{path}: expected a string or {{"errno": N}}, got {_short(v)}')
    return {"errno": _int(v["errno"], f"{path}.errno", 0, UINT32_MAX, "uint32")}


# --------------------------------------------------------------------------------------------------------------
# scalar checks (type-strict: bool is not an int, 1.0 is not an int)


def _tname(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "list"
    if isinstance(v, Mapping):
        return "object"
    return type(v).__name__


def _short(v: Any) -> str:
    try:
        s = canonical_json(v)
    except (TypeError, ValueError):
        s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."


def _obj(v: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise CaseError(f"{path}: expected object, got {_tname(v)}")
    return v


def _obj_or_empty(v: Any, path: str) -> Mapping[str, Any]:
    return {} if v is None else _obj(v, path)


def _no_unknown(m: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
    extra = sorted(str(k) for k in m if k not in allowed)
    if extra:
        raise CaseError(f"{path}: unknown key(s) {', '.join(extra)} (allowed: {', '.join(sorted(allowed))})")


def _str(v: Any, path: str) -> str:
    if not isinstance(v, str):
        raise CaseError(f"{path}: expected string, got {_tname(v)}")
    _check_str_value(v, path)
    return v


def _check_str_value(v: str, path: str) -> None:
    if _SURROGATE_RE.search(v):
        # A lone surrogate cannot be encoded as UTF-8, so no Go string can hold it.
        raise CaseError(f"{path}: contains a lone surrogate code point")


def _bool(v: Any, path: str) -> bool:
    if not isinstance(v, bool):
        raise CaseError(f"{path}: expected bool, got {_tname(v)}")
    return v


def _int(v: Any, path: str, lo: int, hi: int, go: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise CaseError(f"{path}: expected {go} (an integer), got {_tname(v)}")
    if not lo <= v <= hi:
        raise CaseError(f"{path}: expected {go}, got {v} (out of range)")
    return v


def _check_json_value(v: Any, path: str, depth: int = 0) -> None:
    if depth > 200:
        raise CaseError(f"{path}: nested too deeply")
    if v is None or isinstance(v, bool | int):
        return
    if isinstance(v, float):
        if not math.isfinite(v):
            raise CaseError(f"{path}: NaN and infinities are not JSON; use specText")
        return
    if isinstance(v, str):
        if _SURROGATE_RE.search(v):
            raise CaseError(f"{path}: lone surrogate in a string; use specText with a \\uXXXX escape")
        return
    if isinstance(v, list):
        for i, x in enumerate(v):
            _check_json_value(x, f"{path}[{i}]", depth + 1)
        return
    if isinstance(v, Mapping):
        for k, x in v.items():
            if not isinstance(k, str):
                raise CaseError(f"{path}: object key {k!r} is not a string")
            if _SURROGATE_RE.search(k):
                raise CaseError(f"{path}: lone surrogate in key {k!r}; use specText")
            _check_json_value(x, f"{path}.{k}", depth + 1)
        return
    raise CaseError(f"{path}: {type(v).__name__} is not a JSON value")
