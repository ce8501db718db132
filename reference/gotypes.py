"""Go type descriptors shared by the Go-compatible JSON decoder and encoder.

Every Go struct the reference touches (the runtime-spec ``specs.Spec`` tree it decodes, the schema1 and hcsschema
documents it encodes, the device-extension tree it decodes and re-encodes) is a Python dataclass whose attributes
are named exactly like the Go fields, so the converter reads like the Go (``spec.Windows.LayerFolders``).
Each field carries its Go type and JSON tag in ``dataclasses.field(metadata=...)``, built with :func:`gofield`.

Python values by Go kind:

* ``string`` -> ``str``; ``bool`` -> ``bool``; integer kinds -> ``int`` (always in range of the Go kind);
  ``float32``/``float64`` -> ``float``;
* pointer -> ``T | None`` (``None`` is nil);
* slice -> ``list[T] | None`` (``None`` is a nil slice, ``[]`` an empty non-nil one: Go tells them apart);
* map -> ``dict[str, T] | None``;
* struct -> the dataclass instance;
* ``interface{}`` -> what ``encoding/json`` puts there: ``str``, ``float``, ``bool``, ``None``,
  ``dict[str, object]`` or ``list[object]``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Final, TypeVar

INT_KINDS: Final = {
    "int8": (-(1 << 7), (1 << 7) - 1),
    "int16": (-(1 << 15), (1 << 15) - 1),
    "int32": (-(1 << 31), (1 << 31) - 1),
    "int64": (-(1 << 63), (1 << 63) - 1),
    "int": (-(1 << 63), (1 << 63) - 1),  # amd64
    "uint8": (0, (1 << 8) - 1),
    "uint16": (0, (1 << 16) - 1),
    "uint32": (0, (1 << 32) - 1),
    "uint64": (0, (1 << 64) - 1),
    "uint": (0, (1 << 64) - 1),
}
FLOAT_KINDS: Final = frozenset({"float32", "float64"})

_T = TypeVar("_T")


def _hashed_once(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass a hash computed once per instance. Go type descriptors are the keys of the JSON
    codec's caches (compiled decoders, encoders, zero values), looked up on every decode and encode; a frozen
    dataclass otherwise hashes its fields in Python on every lookup. Equal descriptors hash alike: the hash is
    that of the class and the field values, as dataclass equality compares them."""

    def __hash__(self: Any) -> int:
        h: int | None = self.__dict__.get("_hash")
        if h is None:
            h = hash((type(self), *(getattr(self, f.name) for f in dataclasses.fields(self))))
            object.__setattr__(self, "_hash", h)
        return h

    cls.__hash__ = __hash__  # type: ignore[method-assign]
    return cls


@_hashed_once
@dataclass(frozen=True)
class Basic:
    """A Go basic type: ``string``, ``bool``, an integer kind or a float kind. ``name`` is the Go type name as it
    appears in decode error messages (``DeviceType`` for a named string type, else the kind)."""

    kind: str
    name: str = ""

    @property
    def type_name(self) -> str:
        return self.name or self.kind

    @property
    def zero(self) -> object:
        """Go's zero value of the type: ``""``, ``False``, ``0.0`` or ``0``."""
        return "" if self.kind == "string" else False if self.kind == "bool" else 0.0 if self.kind in FLOAT_KINDS else 0


@_hashed_once
@dataclass(frozen=True)
class Ptr:
    elem: GoType


@_hashed_once
@dataclass(frozen=True)
class Slice:
    elem: GoType


@_hashed_once
@dataclass(frozen=True)
class Map:
    """``map[string]V`` (the only map key type in the trees we handle)."""

    elem: GoType


@_hashed_once
@dataclass(frozen=True)
class Struct:
    cls: type[Any]


@_hashed_once
@dataclass(frozen=True)
class Interface:
    """``interface{}``."""


GoType = Basic | Ptr | Slice | Map | Struct | Interface

STRING: Final = Basic("string")
BOOL: Final = Basic("bool")
INT32: Final = Basic("int32")
INT64: Final = Basic("int64")
UINT16: Final = Basic("uint16")
UINT32: Final = Basic("uint32")
UINT64: Final = Basic("uint64")


def gofield(json: str, go: GoType, *, omitempty: bool = False, default: Any = dataclasses.MISSING) -> Any:
    """A dataclass field with its Go JSON tag and type. ``json`` is the tag name ("-" for never encoded/decoded).

    The default is Go's zero value for ``go`` unless given: ``""``, ``False``, ``0``, ``None`` for pointers, slices,
    maps and interfaces, and a fresh zero struct for struct values.
    """
    meta = {"json": json, "go": go, "omitempty": omitempty}
    if default is not dataclasses.MISSING:
        return dataclasses.field(default=default, metadata=meta)
    if isinstance(go, Basic):
        return dataclasses.field(default=go.zero, metadata=meta)
    if isinstance(go, Struct):
        return dataclasses.field(default_factory=go.cls, metadata=meta)
    return dataclasses.field(default=None, metadata=meta)


@dataclass(frozen=True)
class FieldInfo:
    attr: str
    json: str
    go: GoType
    omitempty: bool


_FIELDS_CACHE: dict[type[Any], tuple[FieldInfo, ...]] = {}


def struct_fields(cls: type[Any]) -> tuple[FieldInfo, ...]:
    """The Go fields of a struct dataclass, in declaration order (= Go's JSON emission order)."""
    cached = _FIELDS_CACHE.get(cls)
    if cached is None:
        cached = tuple(
            FieldInfo(f.name, f.metadata["json"], f.metadata["go"], f.metadata["omitempty"])
            for f in dataclasses.fields(cls)
            if "go" in f.metadata
        )
        _FIELDS_CACHE[cls] = cached
    return cached
