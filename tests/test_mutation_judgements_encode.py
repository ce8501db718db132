"""The facts that conformance/mutation/equivalent-encode.json relies on: which Go kinds the two encoded document
types hold, and which string values can reach the JSON encoder. Each test fails if a change to the reference makes
an argued-equivalent mutant of gojson/encode.py reachable."""

from __future__ import annotations

import json.encoder
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hcsdoc.reference import api, hcsschema
from hcsdoc.reference.caseinput import gostr
from hcsdoc.reference.gojson import encode
from hcsdoc.reference.gojson.decode import unmarshal
from hcsdoc.reference.gotypes import STRING, Basic, GoType, Interface, Map, Ptr, Slice, Struct, struct_fields

REFERENCE_DIR = Path(api.__file__).resolve().parent


def _document_types() -> Iterator[tuple[str, GoType, bool]]:
    """Every (path, type, is a struct field) of the two encoded document type trees, each struct visited once."""
    seen: set[type[Any]] = set()
    todo: list[tuple[str, GoType, bool]] = [("v1", api._V1_GO, False), ("v2", api._V2_GO, False)]
    while todo:
        path, go, field = todo.pop()
        yield path, go, field
        if isinstance(go, Ptr | Slice | Map):
            todo.append((path + ">", go.elem, False))
        elif isinstance(go, Struct) and go.cls not in seen:
            seen.add(go.cls)
            todo += [(f"{path}.{f.json}", f.go, True) for f in struct_fields(go.cls)]


def test_no_float_and_no_interface_in_the_encoded_document_types() -> None:
    kinds = {go.kind for _, go, _ in _document_types() if isinstance(go, Basic)}
    assert "string" in kinds and "bool" in kinds  # the walk reaches the leaves
    assert not kinds & {"float32", "float64"}
    assert not [p for p, go, _ in _document_types() if isinstance(go, Interface)]


def test_only_strings_are_encoded_outside_a_struct_field() -> None:
    # A Basic that is a struct field is written inline by enc_struct; only an element of a pointer, slice or map
    # goes through _compile's Basic branch.
    elements = {go for _, go, field in _document_types() if isinstance(go, Basic) and not field}
    assert elements == {STRING}


def test_pointers_point_to_structs_which_are_always_truthy() -> None:
    pointers = [go for _, go, _ in _document_types() if isinstance(go, Ptr)]
    assert pointers and all(isinstance(go.elem, Struct) for go in pointers)
    for go in pointers:
        assert isinstance(go.elem, Struct)
        cls = go.elem.cls
        assert not hasattr(cls, "__bool__") and not hasattr(cls, "__len__")
        assert bool(cls())


def test_the_only_map_is_the_hvsocket_service_table_which_the_converter_never_sets() -> None:
    maps = [p for p, go, _ in _document_types() if isinstance(go, Map)]
    assert maps == ["v2>.HvSocket>.Config>.ServiceTable"]
    assert hcsschema.Container().HvSocket is None
    mentions = [
        p.relative_to(REFERENCE_DIR).as_posix()
        for p in REFERENCE_DIR.rglob("*.py")
        if re.search(r"HvSocket|ServiceTable", p.read_text(encoding="utf-8"))
    ]
    assert mentions == ["hcsschema.py"]


def test_the_python_and_c_string_encoders_agree_on_every_non_surrogate() -> None:
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    c_encoder = getattr(json.encoder, "c_encode_basestring", None)
    assert c_encoder is not None and encode._encode_like_python is c_encoder
    assert c_encoder(text) == json.encoder.py_encode_basestring(text)


def test_case_strings_and_decoded_strings_hold_no_lone_surrogate() -> None:
    assert gostr("a\ud800b\udcff") == "a\ufffdb\ufffd"
    value, err = unmarshal(b'"\xff\xed\xa0\x80\\udc00\\ud800x"', STRING)
    assert err is None and value == "\ufffd" * 6 + "x"  # one per byte not UTF-8, one per lone surrogate escape


def test_only_known_modules_can_make_a_lone_surrogate() -> None:
    # The converter's strings come from case strings (gostr) and the JSON decoder (U+FFFD), then Python string
    # operations, which cut at code points. A surrogate can only be made by chr(), a surrogate literal or a
    # decode with a surrogate error handler: decode.py fixes what it makes, filepath_windows.py round-trips a
    # byte view of a surrogate-free path through latin-1 (Clean cuts only at ASCII bytes).
    makers = re.compile(r"\bchr\(|\\ud[89a-f]|surrogateescape|surrogatepass", re.IGNORECASE)
    found = {
        p.relative_to(REFERENCE_DIR).as_posix()
        for p in REFERENCE_DIR.rglob("*.py")
        if makers.search(p.read_text(encoding="utf-8"))
    }
    consumers = {"gojson/encode.py", "gofmt.py", "caseinput.py", "api.py", "case.py"}
    assert found - consumers == {"gojson/decode.py", "filepath_windows.py"}
