"""The adapter protocol, version 1 (docs/case-format.md §3; schemas in ``conformance/protocol/``).

The runner checks every reply with :func:`reply_problem`, a hand-written check equivalent to
``run.response.schema.json`` (fast enough for thousands of replies a second). ``--validate-protocol`` additionally
validates every message, both directions, against the JSON Schemas themselves (:func:`schema_problem`).
"""

from __future__ import annotations

import json
import reprlib
from functools import cache
from pathlib import Path
from typing import Any, Final

PROTOCOL_VERSION: Final = 1
PROTOCOL_DIR: Final = Path(__file__).resolve().parent.parent / "protocol"
MESSAGES: Final = (
    "start.request",
    "start.response",
    "run.request",
    "run.response",
    "stop.request",
    "stop.response",
)

_RESULT_KEYS: Final = ("documents", "error", "panic", "skipped", "errored")
_ALLOWED: Final[dict[str, frozenset[str]]] = {
    "documents": frozenset({"seq", "documents", "bytes"}),
    "error": frozenset({"seq", "error", "errorKind"}),
    "panic": frozenset({"seq", "panic"}),
    "skipped": frozenset({"seq", "skipped"}),
    "errored": frozenset({"seq", "errored", "traceback"}),
}


_KNOWN_KEYS: Final = frozenset().union(*_ALLOWED.values())


_BRIEF: Final = reprlib.Repr()
_BRIEF.maxlevel = 4
_BRIEF.maxstring = 200
_BRIEF.maxother = 200


def brief(value: object) -> str:
    """A short repr of a value from a reply, for a message: arrays and objects are cut a few levels down (a reply
    may nest thousands of levels, past what ``repr`` can print)."""
    return _BRIEF.repr(value)


def unknown_keys(msg: dict[str, Any]) -> list[str]:
    """Keys of a run reply that no reply shape of protocol 1 has. The runner ignores them (an adapter may add
    diagnostics, and a later protocol minor version may add fields); ``--validate-protocol`` still rejects them."""
    return sorted(k for k in msg if k not in _KNOWN_KEYS)


def start_refused(msg: object) -> bool:
    """A start reply that will not change on a retry: an explicit refusal or another protocol version."""
    if not isinstance(msg, dict):
        return False
    protocol = msg.get("protocol")
    other_version = msg.get("ok") is True and isinstance(protocol, int) and not isinstance(protocol, bool)
    return msg.get("ok") is False or (other_version and protocol != PROTOCOL_VERSION)


def start_request() -> dict[str, Any]:
    return {"cmd": "start", "protocol": PROTOCOL_VERSION}


def start_problem(msg: object) -> str | None:
    """What is wrong with a start reply, or ``None`` if it accepts protocol 1."""
    if not isinstance(msg, dict):
        return "the start reply is not a JSON object"
    if msg.get("ok") is False:
        error = msg.get("error", "(no error given)")
        return f"the adapter refused to start: {error if isinstance(error, str) else brief(error)}"
    if msg.get("ok") is not True:
        return 'the start reply has no "ok": true'
    if msg.get("protocol") != PROTOCOL_VERSION or isinstance(msg.get("protocol"), bool):
        return f"the adapter speaks protocol {brief(msg.get('protocol'))}, the runner speaks {PROTOCOL_VERSION}"
    impl = msg.get("implementation")
    if not isinstance(impl, dict) or not isinstance(impl.get("name"), str) or not impl["name"]:
        return "the start reply has no implementation.name"
    if not isinstance(impl.get("version"), str):
        return "the start reply has no implementation.version"
    return None


def _is_seq(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def reply_problem(msg: dict[str, Any]) -> str | None:
    """What is wrong with a run reply whose ``seq`` was already matched, or ``None``; mirrors run.response.schema."""
    present = [k for k in _RESULT_KEYS if k in msg]
    if len(present) != 1:
        return f"a reply must hold exactly one of {', '.join(_RESULT_KEYS)} (found {present or 'none'})"
    kind = present[0]
    extra = sorted(msg.keys() - _ALLOWED[kind])
    if extra:
        return f"unexpected key(s) in a {kind} reply: {', '.join(extra)}"
    if kind == "documents":
        docs = msg["documents"]
        if not isinstance(docs, dict) or not isinstance(docs.get("v1"), dict) or not isinstance(docs.get("v2"), dict):
            return "'documents' must be an object with objects v1 and v2"
        if "bytes" in msg:
            b = msg["bytes"]
            if not isinstance(b, dict) or not isinstance(b.get("v1"), str) or not isinstance(b.get("v2"), str):
                return "'bytes' must be an object with strings v1 and v2"
        return None
    if not isinstance(msg[kind], str):
        return f"{kind!r} must be a string"
    for opt in ("errorKind", "traceback"):
        if opt in msg and not isinstance(msg[opt], str):
            return f"{opt!r} must be a string"
    return None


def result_problem(result: object) -> str | None:
    """The same check for a result without ``seq`` (the in-process reference's return value)."""
    if not isinstance(result, dict):
        return f"the result is a {type(result).__name__}, not a dict"
    present = [k for k in ("documents", "error", "panic") if k in result]
    if len(present) != 1:
        return f"a result must hold exactly one of documents, error, panic (found {present or 'none'})"
    return reply_problem(result)


@cache
def _validators() -> dict[str, Any]:
    import jsonschema
    from referencing import Registry, Resource

    resources = []
    vectors_schema = PROTOCOL_DIR.parent / "vectors.schema.json"
    if vectors_schema.is_file():
        resources.append(json.loads(vectors_schema.read_text(encoding="utf-8")))
    schemas = {m: json.loads((PROTOCOL_DIR / f"{m}.schema.json").read_text(encoding="utf-8")) for m in MESSAGES}
    resources.extend(schemas.values())
    registry: Registry[Any] = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in resources)
    out: dict[str, Any] = {}
    for name, schema in schemas.items():
        if name == "run.request" and not vectors_schema.is_file():
            schema = {**schema, "properties": {**schema["properties"], "case": {"type": "object"}}}
        out[name] = jsonschema.validators.validator_for(schema)(schema, registry=registry)
    return out


def schema_problem(message_name: str, msg: object) -> str | None:
    """Validate one message against ``conformance/protocol/<message_name>.schema.json``."""
    validator = _validators()[message_name]
    errors = sorted(validator.iter_errors(msg), key=lambda e: len(e.absolute_path), reverse=True)
    if not errors:
        return None
    err = errors[0]
    where = "/" + "/".join(str(p) for p in err.absolute_path)
    return f"{message_name} schema: {where}: {err.message[:300]}"
