"""The reference as a function: a case (docs/case-format.md §1) in, a result (§2) out.

``run_case`` turns the spec into the bytes Go decodes (§1.1), decodes them with Go's rules, builds the create
options, the recorded host and the UVM from the case, runs :func:`createWindowsContainerDocument`, and marshals
both documents with Go's ``json.Marshal`` rules.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from hcsdoc.reference import caseinput, hcsschema, schema1, specs
from hcsdoc.reference.caseinput import CaseError
from hcsdoc.reference.goerrors import GoError
from hcsdoc.reference.goint import GoPanic
from hcsdoc.reference.gojson.decode import unmarshal
from hcsdoc.reference.gojson.encode import marshal_text
from hcsdoc.reference.gojson.room import with_room_if_deep
from hcsdoc.reference.gotypes import Ptr, Struct
from hcsdoc.reference.hcsoci.create import createOptionsInternal
from hcsdoc.reference.hcsoci.hcsdoc_wcow import createWindowsContainerDocument
from hcsdoc.reference.host import RecordedHost
from hcsdoc.reference.uvm import UtilityVM

__all__ = [
    "CaseError",
    "PreparedCase",
    "case_spec_bytes",
    "convert_prepared",
    "prepare_case",
    "run_case",
    "with_documents",
]

_SPEC_GO: Final = Ptr(Struct(specs.Spec))
_V1_GO: Final = Ptr(Struct(schema1.ContainerConfig))
_V2_GO: Final = Ptr(Struct(hcsschema.Container))
# json.dumps(spec, ensure_ascii=False, separators=(",", ":")) builds a new encoder on every call (it caches only
# the default one); this one encoder gives the same text.
_SPEC_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_loads: Final = json.JSONDecoder().decode


def case_spec_bytes(case: Mapping[str, Any]) -> bytes:
    """The JSON text Go decodes (§1.1): ``specBase64`` (raw bytes), else ``specText`` (UTF-8), else ``spec``
    serialized as Python's compact ``json.dumps(..., ensure_ascii=False)``; all null means the text ``null``.

    A lone surrogate in a case string (``"\\ud800"`` in the case file) is what Go's decoding of the case makes
    U+FFFD, so it is replaced before encoding (Python could not encode it as UTF-8 anyway).
    """
    b64 = case.get("specBase64")
    text = case.get("specText")
    spec = case.get("spec")
    given = [k for k, v in (("spec", spec), ("specText", text), ("specBase64", b64)) if v is not None]
    if len(given) > 1:
        raise CaseError(f"case: at most one of spec, specText, specBase64 may be non-null (got {', '.join(given)})")
    if b64 is not None:
        b64 = caseinput.as_str(b64, "case.specBase64")
        try:
            return base64.b64decode(b64, validate=True)
        except (binascii.Error, ValueError):
            raise CaseError("case.specBase64: not valid base64") from None
    if text is not None:
        return caseinput.as_str(text, "case.specText").encode("utf-8")
    try:
        # with room: Go decodes a spec nested up to 10000 levels (unknown keys included)
        dumped = with_room_if_deep(lambda: _SPEC_ENCODER.encode(spec))
    except (ValueError, TypeError, RecursionError) as exc:
        # NaN and infinities are not JSON (Go's decoder would see Python's NaN token); sets, bytes and the like
        # are no JSON value; a spec nested beyond even that room cannot be serialised: all three need specText,
        # which carries any text.
        raise CaseError(f"case.spec: not a JSON value ({exc}); write it as specText") from None
    return caseinput.gostr(dumped).encode("utf-8")


def _options(case: Mapping[str, Any], spec: specs.Spec | None, host: RecordedHost) -> createOptionsInternal:
    where = "case.options"
    opts = caseinput.obj(case, "options", "case")
    sv = caseinput.opt_obj(opts, "schemaVersion", where)
    version = None
    if sv is not None:
        w = f"{where}.schemaVersion"
        version = hcsschema.Version(
            Major=caseinput.integer(sv, "Major", w, caseinput.INT32),
            Minor=caseinput.integer(sv, "Minor", w, caseinput.INT32),
        )
    ccg = caseinput.opt_obj(opts, "ccgState", where)
    ccgState = None
    if ccg is not None:
        w = f"{where}.ccgState"
        ccgState = hcsschema.ContainerCredentialGuardState(
            Cookie=caseinput.string(ccg, "Cookie", w),
            RpcEndpoint=caseinput.string(ccg, "RpcEndpoint", w),
            Transport=caseinput.string(ccg, "Transport", w),
            CredentialSpec=caseinput.string(ccg, "CredentialSpec", w),
        )
    additional = caseinput.opt_list(opts, "windowsAdditionalMounts", where)
    mounts = None
    if additional is not None:
        mounts = []
        for i, m in enumerate(additional):
            w = f"{where}.windowsAdditionalMounts[{i}]"
            m = caseinput.as_obj(m, w)
            mounts.append(
                hcsschema.MappedDirectory(
                    HostPath=caseinput.string(m, "HostPath", w),
                    HostPathType=caseinput.string(m, "HostPathType", w),
                    ContainerPath=caseinput.string(m, "ContainerPath", w),
                    ReadOnly=caseinput.boolean(m, "ReadOnly", w),
                )
            )
    uvm_case = caseinput.opt_obj(case, "uvm", "case")
    return createOptionsInternal(
        Spec=spec,
        ID=caseinput.string(opts, "id", where),
        actualID=caseinput.string(opts, "actualId", where),
        actualOwner=caseinput.string(opts, "owner", where),
        actualSchemaVersion=version,
        HostingSystem=UtilityVM.from_case(uvm_case, host) if uvm_case is not None else None,
        ScaleCPULimitsToSandbox=caseinput.boolean(opts, "scaleCpuLimitsToSandbox", where),
        actualNetworkNamespace=caseinput.string(opts, "networkNamespace", where),
        ccgState=ccgState,
        windowsAdditionalMounts=mounts,
    )


@dataclass(frozen=True, slots=True)
class PreparedCase:
    """A case read once: the spec text Go decodes, the host's answers, and the create options with the UVM.

    This is what Go's capture executable holds after decoding a case message, before it calls the converter; a
    caller running one case many times (``hcsdoc bench``) or many specs on one case (the bytes fuzz harness)
    prepares once and calls :func:`convert_prepared` each time. The converter only reads the host, the UVM and
    the options (each run gets its own copy of the options, holding its own decoded spec).
    """

    spec: bytes
    host: RecordedHost
    options: createOptionsInternal


def prepare_case(case: Mapping[str, Any]) -> PreparedCase:
    """Read ``case``: its spec text, host, options and UVM. Raises :class:`CaseError` when any of them is
    malformed (a malformed case is reported as such even when its spec would not decode)."""
    case = caseinput.as_obj(case, "case")
    data = case_spec_bytes(case)
    host = RecordedHost(caseinput.obj(case, "host", "case"))
    return PreparedCase(data, host, _options(case, None, host))


def convert_prepared(prepared: PreparedCase) -> dict[str, Any]:
    """The work Go does per case (and ``hcsdoc bench`` times on both sides): decode the spec text, run the
    document builder, marshal both documents. Returns ``{"bytes": {"v1", "v2"}}``, ``{"error": text}`` or
    ``{"panic": text}``."""
    decoded, decodeErr = unmarshal(prepared.spec, _SPEC_GO)
    if decodeErr is not None:
        return {"error": decodeErr}
    coi = prepared.options.withSpec(decoded)
    try:
        v1, v2 = createWindowsContainerDocument(prepared.host, coi)
    except GoError as err:
        return {"error": str(err)}
    except GoPanic as panic:
        return {"panic": str(panic)}
    return {"bytes": {"v1": marshal_text(v1, _V1_GO), "v2": marshal_text(v2, _V2_GO)}}


def with_documents(result: dict[str, Any]) -> dict[str, Any]:
    """``result`` with its documents: the parsed form of its exact bytes (json.loads is C code: cheaper than
    building them from the Go values in Python, and right by construction)."""
    encoded = result.get("bytes")
    if encoded is None:
        return result
    # A device extension may nest as deep as Go's decoder allows (10000 levels), and the document holding it a
    # few levels deeper: parse with room for that depth when needed.
    return {"documents": with_room_if_deep(lambda: _documents(encoded)), "bytes": encoded}


def _documents(encoded: Mapping[str, str]) -> dict[str, Any]:
    return {"v1": _loads(encoded["v1"]), "v2": _loads(encoded["v2"])}


def run_case(case: Mapping[str, Any]) -> dict[str, Any]:
    """The result of ``case``: ``{"documents": {"v1", "v2"}, "bytes": {"v1", "v2"}}``, ``{"error": text}`` or
    ``{"panic": text}``. Raises :class:`CaseError` when ``case`` is not a well-formed case."""
    return with_documents(convert_prepared(prepare_case(case)))
