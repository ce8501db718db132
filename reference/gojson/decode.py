"""``json.Unmarshal(data, &v)`` of Go 1.26 for a fresh ``v`` of a :mod:`reference.gotypes` type.

Go first checks the whole text (a syntax error wins over everything), then decodes. Here Python's C parser
does the first pass: it accepts exactly the JSON grammar Go accepts once NaN/Infinity are refused; whenever it
rejects a text, :func:`reference.gojson.scanner.check_valid` produces Go's error message. The parse keeps
duplicate keys (pairs, in order) and number spellings, which Go's decoder needs; the second pass walks that
tree with one precompiled decoder per Go type, following ``decodeState.value/array/object/literalStore``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from typing import Any

from hcsdoc.reference.gojson.room import with_room
from hcsdoc.reference.gojson.scanner import MAX_NESTING_DEPTH, check_valid
from hcsdoc.reference.gojson.types import fold_name, struct_plan, type_name
from hcsdoc.reference.gotypes import INT_KINDS, Basic, GoType, Map, Ptr, Slice, Struct


class _Num(str):
    """A JSON number, kept as its spelling: Go decides per target kind how to parse it."""

    __slots__ = ()


class _Obj(list[tuple[str, Any]]):
    """A JSON object as its (key, value) pairs in text order, duplicates kept."""

    __slots__ = ()


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity: not JSON for Go


_decoder = json.JSONDecoder(
    object_pairs_hook=_Obj, parse_int=_Num, parse_float=_Num, parse_constant=_refuse_constant, strict=True
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_INT_SPELLING = re.compile(r"-?[0-9]+")
_UINT_SPELLING = re.compile(r"[0-9]+")


class _State:
    """Go's decodeState: the first saved error, with its error context (struct name and field path).

    Go keeps the context (``d.errorContext``) up to date on every field it enters, and copies it into the error
    when one is saved. Only the first error is ever reported, so here the context is collected after the fact,
    while the decoders return: a type error remembers how many struct fields deep it happened
    (:attr:`err_depth`), and each enclosing ``dec_struct`` adds its field name when the error's field returns.
    Nothing is pushed or popped per field on the (error-free) common path.
    """

    __slots__ = ("depth", "err", "err_depth", "err_fields", "err_struct", "fix", "tails")

    def __init__(self, fix: bool) -> None:
        # The first type error: its ``Value`` word and the Go type; formatted by :meth:`message`.
        self.err: tuple[str, GoType] | None = None
        # True when the text can yield lone surrogates (invalid UTF-8 bytes, \uD800-style escapes); Go turns
        # each into U+FFFD.
        self.fix = fix
        # How many struct fields are being decoded, one inside the other (0: none, at the top value).
        self.depth = 0
        # The depth whose field must add its name to the first error's context when it returns (-1: none).
        self.err_depth = -1
        # The first error's field names (embedded struct names first), innermost struct first.
        self.err_fields: list[tuple[str, ...]] = []
        # The innermost struct holding the first error's field (UnmarshalTypeError.Struct).
        self.err_struct: str | None = None
        # Slice backing arrays: elements past a slice's length that a later, longer array reuses (see _slice).
        self.tails: dict[int, tuple[list[Any], list[Any]]] = {}

    def fixstr(self, s: str) -> str:
        return _SURROGATE.sub("\ufffd", s) if self.fix else s

    def type_error(self, value: str, go: GoType) -> None:
        """``saveError(&UnmarshalTypeError{...})``: only the first error is kept; its context is added by the
        enclosing struct decoders as they return (``addErrorContext``)."""
        if self.err is not None:
            return
        self.err = (value, go)
        self.err_depth = self.depth

    def add_context(self, struct: str, names: tuple[str, ...]) -> None:
        """The field (``names``) of struct ``struct`` holding the first error has returned: record it, and let
        the field one level up record itself next."""
        if self.err_struct is None:
            self.err_struct = struct  # the innermost struct: the one Go's errorContext.Struct names
        self.err_fields.append(names)
        self.err_depth -= 1

    def message(self) -> str | None:
        """The first error's text, as ``UnmarshalTypeError.Error()`` prints it after ``addErrorContext``."""
        if self.err is None:
            return None
        value, go = self.err
        if self.err_fields:
            path = ".".join(name for names in reversed(self.err_fields) for name in names)
            return (
                f"json: cannot unmarshal {value} into Go struct field {self.err_struct}.{path} of type {type_name(go)}"
            )
        return f"json: cannot unmarshal {value} into Go value of type {type_name(go)}"


_Decoder = Callable[[_State, Any, Any], Any]
_Zero = Callable[[], Any]
_DECODERS: dict[GoType, _Decoder] = {}
_ZEROS: dict[GoType, _Zero] = {}
_FLOAT64 = Basic("float64")


def _kind_of(raw: Any) -> str:
    """The ``Value`` word of an UnmarshalTypeError for a JSON value that has no literal spelling in it."""
    if type(raw) is _Obj:
        return "object"
    if type(raw) is list:
        return "array"
    if type(raw) is bool:
        return "bool"
    if type(raw) is _Num:
        return "number"
    return "string"


def zero(go: GoType) -> Any:
    """Go's zero value of ``go``."""
    return zero_maker(go)()


def zero_maker(go: GoType) -> _Zero:
    """A function making Go's zero value of ``go`` (a fresh one each time for structs)."""
    make = _ZEROS.get(go)
    if make is None:
        make = _ZEROS[go] = _compile_zero(go)
    return make


def _compile_zero(go: GoType) -> _Zero:
    if isinstance(go, Basic):
        value = go.zero
        return lambda: value
    if isinstance(go, Struct):
        return _struct_maker(go.cls)
    return lambda: None


def _struct_maker(cls: type[Any]) -> _Zero:
    """``cls()``, the zero struct, made faster for a plain dataclass: the dataclass ``__init__`` assigns every
    default one by one; here one ``__dict__.update`` from a template does it (in the same field order), and only
    the fields with a ``default_factory`` (nested struct values) are made fresh."""
    if hasattr(cls, "__slots__") or hasattr(cls, "__post_init__") or not dataclasses.is_dataclass(cls):
        return cls
    template: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            template[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            template[f.name] = None  # keeps the field's place in __dict__; replaced below
            factories.append((f.name, f.default_factory))
        else:
            return cls  # a field without a default: not a zero-constructible struct, let cls() say so
    new = object.__new__

    def make() -> Any:
        obj = new(cls)
        fields = obj.__dict__
        fields.update(template)
        for name, factory in factories:
            fields[name] = factory()
        return obj

    return make


def decoder(go: GoType) -> _Decoder:
    """The decoder of ``go``: ``dec(state, raw, current) -> new value``, decoding *into* ``current`` as Go
    decodes into an existing value (structs are updated in place, slices reuse their elements)."""
    dec = _DECODERS.get(go)
    if dec is None:
        dec = _compile(go)
        _DECODERS[go] = dec
    return dec


def _compile(go: GoType) -> _Decoder:
    if isinstance(go, Basic):
        return _compile_basic(go)
    if isinstance(go, Ptr):
        return _compile_ptr(go)
    if isinstance(go, Slice):
        return _compile_slice(go)
    if isinstance(go, Map):
        return _compile_map(go)
    if isinstance(go, Struct):
        return _compile_struct(go)
    return _decode_interface


def _compile_basic(go: Basic) -> _Decoder:
    kind = go.kind

    if kind == "string":

        def dec_string(d: _State, raw: Any, cur: Any) -> Any:
            if type(raw) is str:
                return d.fixstr(raw)
            if raw is not None:  # null leaves a string as it is
                d.type_error(_kind_of(raw), go)
            return cur

        return dec_string

    if kind == "bool":

        def dec_bool(d: _State, raw: Any, cur: Any) -> Any:
            if type(raw) is bool:
                return raw
            if raw is not None:
                d.type_error(_kind_of(raw), go)
            return cur

        return dec_bool

    if kind in INT_KINDS:
        lo, hi = INT_KINDS[kind]
        # strconv.ParseInt/ParseUint: an integer spelling only ("1.0", "1e2" fail; ParseUint refuses "-0").
        spelling = (_UINT_SPELLING if lo == 0 else _INT_SPELLING).fullmatch

        def dec_int(d: _State, raw: Any, cur: Any) -> Any:
            if type(raw) is _Num:
                # 21+ characters cannot be in range (and would hit Python's int() digit limit if huge).
                if len(raw) <= 20 and spelling(raw):
                    n = int(raw)
                    if lo <= n <= hi:
                        return n
                d.type_error("number " + raw, go)
                return cur
            if raw is not None:
                d.type_error(_kind_of(raw), go)
            return cur

        return dec_int

    if kind == "float64":

        def dec_float(d: _State, raw: Any, cur: Any) -> Any:
            if type(raw) is _Num:
                f = float(raw)  # correctly rounded, like strconv.ParseFloat
                if f in (float("inf"), float("-inf")):  # ParseFloat's ErrRange
                    d.type_error("number " + raw, go)
                    return cur
                return f
            if raw is not None:
                d.type_error(_kind_of(raw), go)
            return cur

        return dec_float

    raise NotImplementedError(f"decoding into Go {kind} is not modelled")


def _compile_ptr(go: Ptr) -> _Decoder:
    elem_go = go.elem
    # Resolved on first use: a struct may (through pointers and slices) hold its own type.
    elem: _Decoder | None = None
    make: _Zero | None = None

    def dec_ptr(d: _State, raw: Any, cur: Any) -> Any:
        nonlocal elem, make
        if raw is None:
            return None  # indirect(v, decodingNull) stops at the settable pointer: null makes it nil
        if elem is None or make is None:
            elem, make = decoder(elem_go), zero_maker(elem_go)
        if cur is None:
            # indirect allocates before looking at the value, so a type error leaves a pointer to a zero value.
            cur = make()
        return elem(d, raw, cur)

    return dec_ptr


def _compile_slice(go: Slice) -> _Decoder:
    elem_go = go.elem
    elem: _Decoder | None = None
    make: _Zero | None = None

    def dec_slice(d: _State, raw: Any, cur: Any) -> Any:
        nonlocal elem, make
        if type(raw) is not list:
            if raw is None:
                return None
            d.type_error(_kind_of(raw), go)
            return cur
        if not raw:
            return []  # Go: reflect.MakeSlice(t, 0, 0), a new empty (non-nil) slice
        if elem is None or make is None:
            elem, make = decoder(elem_go), zero_maker(elem_go)
        if cur is None:
            # A nil slice (the usual case: no duplicate key): every element decodes into a fresh zero value.
            return [elem(d, item, make()) for item in raw]
        # Go decodes into the existing elements (without zeroing them) and, past the length, into whatever the
        # backing array still holds from an earlier, longer array of the same field (a duplicate key):
        # {"mounts":[A,B],"mounts":[C],"mounts":[D,E]} decodes E into the old B. Elements never written are zero.
        backing: list[Any] = list(cur)
        kept = d.tails.pop(id(cur), None)
        if kept is not None and kept[0] is cur:
            backing.extend(kept[1])
        n = len(raw)
        for i in range(n):
            if i < len(backing):
                backing[i] = elem(d, raw[i], backing[i])
            else:
                backing.append(elem(d, raw[i], make()))
        out = backing[:n]
        if len(backing) > n:
            d.tails[id(out)] = (out, backing[n:])
        return out

    return dec_slice


def _compile_map(go: Map) -> _Decoder:
    elem_go = go.elem
    elem: _Decoder | None = None
    make: _Zero | None = None

    def dec_map(d: _State, raw: Any, cur: Any) -> Any:
        nonlocal elem, make
        if type(raw) is not _Obj:
            if raw is None:
                return None
            d.type_error(_kind_of(raw), go)
            return cur
        if elem is None or make is None:
            elem, make = decoder(elem_go), zero_maker(elem_go)
        m: dict[str, Any] = {} if cur is None else cur  # an existing map keeps its other keys
        fix = d.fixstr
        for key, value in raw:
            # Each value decodes into a fresh zero element (Go's mapElem.SetZero()), which is stored even after
            # a type error; a repeated key replaces the earlier value.
            m[fix(key)] = elem(d, value, make())
        return m

    return dec_map


# One struct field as dec_struct needs it: the attribute, its decoder, the names Go's error context gets for it
# (the embedded structs it is promoted from, then its JSON name), and whether it is a plain Go string (decoded
# inline in the common case: a JSON string, no bytes to fix).
_Field = tuple[str, _Decoder, tuple[str, ...], bool]


def _compile_struct(go: Struct) -> _Decoder:
    plan = struct_plan(go.cls)
    name = plan.name
    # Filled on first use (field decoders may refer back to this struct): JSON key -> field, and Go's folded
    # key -> field for the case-insensitive match.
    by_exact: dict[str, _Field] | None = None
    by_folded: dict[str, _Field] = {}

    def resolve() -> dict[str, _Field]:
        fields = {
            f.attr: (f.attr, decoder(f.go), (*f.embedded, f.json), isinstance(f.go, Basic) and f.go.kind == "string")
            for f in plan.fields
        }
        by_folded.update((k, fields[f.attr]) for k, f in plan.by_folded.items())
        return {k: fields[f.attr] for k, f in plan.by_exact.items()}

    def dec_struct(d: _State, raw: Any, cur: Any) -> Any:
        nonlocal by_exact
        if type(raw) is not _Obj:
            if raw is not None:  # null leaves a struct as it is
                d.type_error(_kind_of(raw), go)
            return cur
        if by_exact is None:
            by_exact = resolve()
        depth = d.depth = d.depth + 1
        plain = not d.fix
        for key, value in raw:
            f = by_exact.get(key)
            if f is None:
                folded = fold_name(d.fixstr(key))
                f = by_folded.get(folded) if folded is not None else None
                if f is None:
                    continue  # unknown field: skipped
            attr, dec, names, is_string = f
            if is_string and plain and type(value) is str:
                setattr(cur, attr, value)  # dec_string's common case
                continue
            setattr(cur, attr, dec(d, value, getattr(cur, attr)))
            if d.err_depth == depth:
                d.add_context(name, names)  # the first error happened in this field
        d.depth = depth - 1
        return cur

    return dec_struct


def _decode_interface(d: _State, raw: Any, cur: Any) -> Any:
    """``interface{}``: replaced by a fresh value (objects and arrays are never merged into). A number that
    does not fit a float64 is an error that leaves the interface as it was."""
    if type(raw) is _Num:
        f = float(raw)
        if f in (float("inf"), float("-inf")):
            d.type_error("number " + raw, _FLOAT64)
            return cur
        return f
    return _interface_value(d, raw)


def _interface_value(d: _State, raw: Any) -> Any:
    """Go's valueInterface: map[string]interface{}, []interface{}, string, float64, bool or nil."""
    t = type(raw)
    if t is str:
        return d.fixstr(raw)
    if t is _Obj:
        m: dict[str, Any] = {}
        for key, value in raw:
            m[d.fixstr(key)] = _interface_value(d, value)
        return m
    if t is list:
        return [_interface_value(d, item) for item in raw]
    if t is _Num:
        f = float(raw)
        if f in (float("inf"), float("-inf")):
            # literalInterface saves the error and stores nil.
            d.type_error("number " + raw, _FLOAT64)
            return None
        return f
    return raw  # bool or None


def _parse(text: str) -> Any:
    return _decoder.decode(text)


def unmarshal(data: bytes, go: GoType) -> tuple[Any, str | None]:
    """``var v T; err := json.Unmarshal(data, &v)`` for ``T`` = ``go``: returns ``(v, err.Error() or None)``.

    After a syntax error ``v`` is the zero value; after type errors it is what Go leaves (decoding goes on
    and the first error is returned). For ``Ptr(Struct(Spec))`` ``v`` is None or a ``Spec``.
    """
    try:
        text = data.decode("utf-8")
        fix = b"\\u" in data and re.search(rb"\\u[dD][89a-fA-F]", data) is not None
    except UnicodeDecodeError:
        # Each byte that is not UTF-8 becomes one lone surrogate, later U+FFFD, as Go's decoder does per byte.
        text = data.decode("utf-8", "surrogateescape")
        fix = True
    checked = False  # whether Go's scanner has already accepted the text
    if data.count(b"[") + data.count(b"{") > MAX_NESTING_DEPTH:
        # Enough brackets to pass Go's nesting limit, which Python's parser does not have: let Go's scanner judge.
        err = check_valid(data)
        if err is not None:
            return zero(go), err
        checked = True
    try:
        raw = _parse(text)
    except RecursionError:
        # (The scanner walks the text byte by byte in Python: for a deeply nested text it is the costliest step,
        # so it is not run a second time.)
        err = None if checked else check_valid(data)
        if err is not None:
            return zero(go), err
        return _deep(text, fix, go)
    except ValueError:
        err = check_valid(data)
        if err is None:  # pragma: no cover - would be a Python/Go grammar difference
            raise AssertionError("unreachable: Python rejected JSON that Go accepts") from None
        return zero(go), err
    try:
        return _decode_top(raw, fix, go)
    except RecursionError:
        # The text parsed within Python's default recursion limit, but the decoders take more Python frames per
        # nesting level than the parser (struct -> pointer -> slice -> struct ...): a few hundred levels, far
        # below Go's limit of 10000, can exhaust it. Go decodes such a text; so decode it again with room.
        return _deep_decode(raw, fix, go)


def _decode_top(raw: Any, fix: bool, go: GoType) -> tuple[Any, str | None]:
    d = _State(fix)
    value = decoder(go)(d, raw, zero_maker(go)())
    return value, d.message()


def _deep(text: str, fix: bool, go: GoType) -> tuple[Any, str | None]:
    """Valid JSON nested deeper than Python's default recursion limit (Go allows 10000 levels)."""
    return with_room(lambda: _decode_top(_parse(text), fix, go))


def _deep_decode(raw: Any, fix: bool, go: GoType) -> tuple[Any, str | None]:
    """:func:`_decode_top` of an already parsed, deeply nested text, with room for Go's 10000 levels."""
    return with_room(lambda: _decode_top(raw, fix, go))
