"""The complete form of a case (docs/case-format.md §1): :func:`normalize_case` fills the defaults of a hand-written
case, rejects unknown keys, and validates the result by reading it exactly as the converter does
(:func:`hcsdoc.reference.api.prepare_case`, through :mod:`hcsdoc.reference.caseinput`), so a case is judged by one
set of rules whichever way it arrives.

In vectors and on the adapter protocol a case is always complete. Defaults (what the Go create flow would have
done, where it does something deterministic):

* ``options.actualId`` defaults to ``options.id`` (Go copies ``ID`` unless it is empty, then draws a random GUID;
  a case must be deterministic, so an empty id stays empty).
* ``options.schemaVersion`` defaults to what ``schemaversion.DetermineSchemaVersion(nil)`` and ``CreateContainer``
  pick: ``{2,1}`` with a UVM or when ``host.osBuild >= 17763`` (RS5), otherwise ``{1,0}``. An explicit ``null``
  is kept: it is the nil pointer that makes Go panic.
* ``host``: 8 processors, build 20348 (LTSC 2022), no layers, no resolvable paths, no files.
* ``uvm`` members: ``os`` ``"windows"``, 2 processors (hcsshim's default UVM size), no dump location, no shares;
  a share is a read-write folder whose guest path is the next one ``AddVSMB`` would give (``s1``, ``s2``, ...).
* Everything else defaults to Go's zero value (``""``, ``false``, ``null``). The Go structs a case carries whole
  (``schemaVersion``, ``ccgState``, a ``windowsAdditionalMounts`` entry) are not filled: every key is required.

Every string of the complete form is as Go holds it after decoding the case: a lone surrogate (an unpaired
``\\ud800``-``\\udfff`` escape) is U+FFFD, in ``spec`` and ``specText`` as everywhere else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from hcsdoc.reference import caseinput
from hcsdoc.reference.api import case_spec_bytes, prepare_case
from hcsdoc.reference.caseinput import CaseError, as_obj, gostr
from hcsdoc.reference.gojson.room import with_room_if_deep
from hcsdoc.reference.osversion import LTSC2022, RS5
from hcsdoc.reference.uvm import vsmbSharePrefix

__all__ = ["OPTION_KEYS", "CaseError", "make_case", "normalize_case"]

TOP_KEYS: Final = ("spec", "specText", "specBase64", "options", "uvm", "host")
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
UVM_KEYS: Final = ("os", "processorCount", "processDumpLocation", "vsmbShares")
SHARE_KEYS: Final = ("hostPath", "readOnly", "kind", "guestPath")
HOST_KEYS: Final = ("processorCount", "osBuild", "layerIds", "resolvedPaths", "files")
FILE_KEYS: Final = ("kind", "content", "contentBase64", "readErrno")
SCHEMA_VERSION_KEYS: Final = ("Major", "Minor")
CCG_KEYS: Final = ("Cookie", "RpcEndpoint", "Transport", "CredentialSpec")
MAPPED_DIRECTORY_KEYS: Final = ("HostPath", "HostPathType", "ContainerPath", "ReadOnly")

DEFAULT_HOST_PROCESSORS: Final = 8
DEFAULT_OS_BUILD: Final = LTSC2022
DEFAULT_UVM_PROCESSORS: Final = 2  # hcsshim's default UVM size
_loads: Final = json.loads
_ENCODER: Final = json.JSONEncoder(ensure_ascii=False)
SCHEMA_V10: Final = {"Major": 1, "Minor": 0}
SCHEMA_V21: Final = {"Major": 2, "Minor": 1}


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
        if key in TOP_KEYS:
            raw[key] = value
        elif key in OPTION_KEYS:
            if key in options:
                raise CaseError(f"make_case: options.{key} given twice")
            options[key] = value
        elif key in HOST_KEYS:
            if key in host:
                raise CaseError(f"make_case: host.{key} given twice")
            host[key] = value
        else:
            raise CaseError(f"make_case: unknown keyword {key!r}")
    raw["options"] = options
    raw["host"] = host
    return normalize_case(raw)


def normalize_case(c: Any) -> dict[str, Any]:
    """The complete form of ``c`` (a new dict; ``c`` is not modified). Raises :class:`CaseError` when malformed."""
    c = _known(as_obj(c, "case"), TOP_KEYS, "case")
    out: dict[str, Any] = {"spec": _go_json(c.get("spec"), "case.spec"), "specText": c.get("specText")}
    if isinstance(out["specText"], str):
        out["specText"] = gostr(out["specText"])
    if c.get("specBase64") is not None:
        out["specBase64"] = c["specBase64"]  # only present when used: §1 lists spec and specText as the complete form
    uvm = _uvm(c.get("uvm"))
    host = _host(c.get("host"))
    out["options"] = _options(c.get("options"), uvm is not None, host["osBuild"])
    out["uvm"] = uvm
    out["host"] = host
    prepare_case(out)  # every member read and checked as the converter reads it
    return out


def _known(m: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> Mapping[str, Any]:
    extra = sorted(str(k) for k in m if k not in allowed)
    if extra:
        raise CaseError(f"{path}: unknown key(s) {', '.join(extra)} (allowed: {', '.join(sorted(allowed))})")
    return m


def _or_empty(v: Any, path: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    return {} if v is None else _known(as_obj(v, path), allowed, path)


def _go_json(value: Any, path: str) -> Any:
    """A copy of the JSON value ``value`` with every string (keys too) as Go decodes it. The copy is made through
    the same serialisation the converter applies to ``spec`` (§1.1), so what cannot be serialised fails here with
    the converter's message."""
    if value is None:
        return None
    text = case_spec_bytes({"spec": value}).decode("utf-8")  # lone surrogates already U+FFFD
    try:
        return with_room_if_deep(lambda: _loads(text))
    except RecursionError:
        # Python's parser allows less nesting than its serialiser on a deep stack
        raise CaseError(f"{path}: nested too deeply to be a spec value; write it as specText") from None


def _strings(v: Any) -> Any:
    """A copy of a (case-format) JSON value with its keys and strings as Go decodes them. Made through Python's JSON
    text (C code, cheaper than a walk in Python); NaN and the like are kept, so the read that follows rejects them
    with their path."""
    try:
        text = _ENCODER.encode(v)
    except TypeError:
        return v  # holds a value no JSON text has (bytes, a set): the read that follows names it
    return _loads(gostr(text))


def _options(o: Any, has_uvm: bool, os_build: Any) -> dict[str, Any]:
    path = "case.options"
    o = _or_empty(o, path, OPTION_KEYS)
    out: dict[str, Any] = {"id": o.get("id", "")}
    out["actualId"] = o.get("actualId", out["id"])
    out["owner"] = o.get("owner", "")
    if "schemaVersion" in o:
        sv = o["schemaVersion"]
        if sv is not None:
            _known(as_obj(sv, f"{path}.schemaVersion"), SCHEMA_VERSION_KEYS, f"{path}.schemaVersion")
    else:
        sv = SCHEMA_V21 if has_uvm or os_build >= RS5 else SCHEMA_V10
    out["schemaVersion"] = sv
    out["scaleCpuLimitsToSandbox"] = o.get("scaleCpuLimitsToSandbox", False)
    out["networkNamespace"] = o.get("networkNamespace", "")
    ccg = o.get("ccgState")
    if ccg is not None:
        _known(as_obj(ccg, f"{path}.ccgState"), CCG_KEYS, f"{path}.ccgState")
    out["ccgState"] = ccg
    mounts = caseinput.as_opt_list(o.get("windowsAdditionalMounts"), f"{path}.windowsAdditionalMounts")
    for i, m in enumerate(mounts or ()):
        where = f"{path}.windowsAdditionalMounts[{i}]"
        _known(as_obj(m, where), MAPPED_DIRECTORY_KEYS, where)
    out["windowsAdditionalMounts"] = mounts
    return _strings(out)  # type: ignore[no-any-return]


def _uvm(u: Any) -> dict[str, Any] | None:
    if u is None:
        return None
    path = "case.uvm"
    u = _known(as_obj(u, path), UVM_KEYS, path)
    shares = []
    for i, s in enumerate(caseinput.as_opt_list(u.get("vsmbShares", []), f"{path}.vsmbShares") or ()):
        where = f"{path}.vsmbShares[{i}]"
        s = _known(as_obj(s, where), SHARE_KEYS, where)
        shares.append(
            {
                "hostPath": s.get("hostPath"),  # required: None fails the read below with its path
                "readOnly": s.get("readOnly", False),
                "kind": s.get("kind", "dir"),
                # AddVSMB names shares s1, s2, ... (hex counter) under the VSMB prefix.
                "guestPath": s.get("guestPath", f"{vsmbSharePrefix}s{i + 1:x}"),
            }
        )
        if "hostPath" not in s:
            raise CaseError(f"{where}.hostPath: required")
    out = {
        "os": u.get("os", "windows"),
        "processorCount": u.get("processorCount", DEFAULT_UVM_PROCESSORS),
        "processDumpLocation": u.get("processDumpLocation", ""),
        "vsmbShares": shares,
    }
    return _strings(out)  # type: ignore[no-any-return]


def _host(h: Any) -> dict[str, Any]:
    path = "case.host"
    h = _or_empty(h, path, HOST_KEYS)
    out: dict[str, Any] = {
        "processorCount": h.get("processorCount", DEFAULT_HOST_PROCESSORS),
        # read here already: the default schema version depends on it
        "osBuild": caseinput.as_int(h.get("osBuild", DEFAULT_OS_BUILD), f"{path}.osBuild", caseinput.UINT16),
        "layerIds": dict(_table(h.get("layerIds"), f"{path}.layerIds")),
        "resolvedPaths": dict(_table(h.get("resolvedPaths"), f"{path}.resolvedPaths")),
    }
    files: dict[str, Any] = {}
    for key, v in _table(h.get("files"), f"{path}.files").items():
        where = caseinput.member_path(f"{path}.files", key)
        files[key] = _file(v, where)
    out["files"] = files
    return _strings(out)  # type: ignore[no-any-return]


def _table(v: Any, path: str) -> Mapping[str, Any]:
    """A host table (keys are data: names, paths); absent or null is empty."""
    return {} if v is None else as_obj(v, path)


def _file(v: Any, where: str) -> Any:
    if caseinput.errno_of(v, where) is not None:
        return {"errno": v["errno"]}
    v = as_obj(v, where)
    if v.get("kind") != "file":
        # a folder has no other key; any other kind fails the read with its path
        return dict(_known(v, ("kind",), where)) if v.get("kind") == "dir" else dict(v)
    out = dict(_known(v, FILE_KEYS, where))
    if "contentBase64" not in out:
        out.setdefault("content", "")
    return out
