"""What encoding/json derives from a Go type once and caches: printed type names and struct field tables."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from hcsdoc.reference.gotypes import Basic, GoType, Interface, Map, Ptr, Slice, Struct, struct_fields


def struct_type_name(cls: type[Any]) -> str:
    """``reflect.Type.String()`` of a struct: ``<package>.<Name>``. The package is the defining module's
    ``GO_PACKAGE`` constant, else the module's last name component."""
    module = sys.modules[cls.__module__]
    package = getattr(module, "GO_PACKAGE", cls.__module__.rsplit(".", 1)[-1])
    return f"{package}.{cls.__name__}"


def type_name(go: GoType) -> str:
    """The type as Go's ``reflect.Type.String()`` prints it in ``UnmarshalTypeError`` messages."""
    if isinstance(go, Basic):
        return go.type_name
    if isinstance(go, Ptr):
        return "*" + type_name(go.elem)
    if isinstance(go, Slice):
        return "[]" + type_name(go.elem)
    if isinstance(go, Map):
        return "map[string]" + type_name(go.elem)
    if isinstance(go, Struct):
        return struct_type_name(go.cls)
    if isinstance(go, Interface):
        return "interface {}"
    raise AssertionError("unreachable: not a GoType")


# Non-ASCII runes whose simple case folding orbit has an ASCII smallest member (Go's foldRune), so that a
# JSON key containing them can match an ASCII field name: 'ſ' (U+017F) folds with "s" and the Kelvin
# sign (U+212A) with "k". Verified exhaustively against Go 1.26's unicode tables by tests/test_gojson_oracle.py.
_FOLD_TO_ASCII = {"\u017f": "S", "\u212a": "K"}


def fold_name(key: str) -> str | None:
    """Go's ``foldName`` for matching keys against ASCII field names: ASCII letters upper-cased, 'ſ' -> 'S',
    'K' -> 'K'. Returns None when the key holds another non-ASCII rune: its fold is not ASCII, so it
    cannot equal the fold of any (ASCII) field name."""
    if key.isascii():
        return key.upper()
    out = []
    for ch in key:
        if ch < "\x80":
            out.append(ch.upper())
        else:
            folded = _FOLD_TO_ASCII.get(ch)
            if folded is None:
                return None
            out.append(folded)
    return "".join(out)


@dataclass(frozen=True)
class FieldPlan:
    attr: str
    json: str
    go: GoType
    omitempty: bool
    # Names pushed on the error field path before ``json`` (embedded structs the field is promoted from).
    embedded: tuple[str, ...]


@dataclass(frozen=True)
class StructPlan:
    name: str  # the bare Go type name (UnmarshalTypeError.Struct)
    fields: tuple[FieldPlan, ...]
    by_exact: dict[str, FieldPlan]
    by_folded: dict[str, FieldPlan]


_PLANS: dict[type[Any], StructPlan] = {}


def struct_plan(cls: type[Any]) -> StructPlan:
    plan = _PLANS.get(cls)
    if plan is None:
        embedded: dict[str, str] = getattr(cls, "GO_EMBEDDED", {})
        fields = tuple(
            FieldPlan(
                f.attr,
                f.json,
                f.go,
                f.omitempty,
                tuple(embedded[f.attr].split(".")) if f.attr in embedded else (),
            )
            for f in struct_fields(cls)
            if f.json != "-"
        )
        by_exact: dict[str, FieldPlan] = {}
        by_folded: dict[str, FieldPlan] = {}
        for f in fields:
            by_exact[f.json] = f
            # Go: for historical reasons the first field with a given folded name wins.
            folded = fold_name(f.json)
            if folded is not None:
                by_folded.setdefault(folded, f)
        plan = StructPlan(cls.__name__, fields, by_exact, by_folded)
        _PLANS[cls] = plan
    return plan
