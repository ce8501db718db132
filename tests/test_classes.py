"""Input-class reach (conformance/differential/classes.py) and the value-class probes that draw every class
(conformance/strategies/probes.py)."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hcsdoc.conformance.differential.classes import (
    measure_classes,
    number_classes,
    path_shapes,
    spec_bytes,
    string_classes,
    text_int_classes,
    tokens,
    utf8_classes,
)
from hcsdoc.conformance.strategies._util import Chooser
from hcsdoc.conformance.strategies.probes import CLASSES_OF_KIND, FIELDS, TOKENS, probe, tokens_for
from hcsdoc.reference import run_case


def test_tokens_fold_struct_keys_but_not_annotation_keys() -> None:
    text = b'{"Windows":{"LayerFolders":["C:\\\\a",1]},"annotations":{"A.B":"x"},"mounts":[]}'
    got = [(t.path, t.kind, t.raw) for t in tokens(text)]
    assert ("windows.layerfolders.*", "string", b"C:\\\\a") in got
    assert ("windows.layerfolders.*", "number", b"1") in got
    assert ("annotations.A.B", "string", b"x") in got
    assert ("mounts", "empty-array", b"") in got


def test_tokens_stop_at_broken_text_and_keep_what_came_before() -> None:
    assert [t.path for t in tokens(b'{"hostname":"h","root":{"path":')] == ["", "hostname", "root"]


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        (b"0", {"zero"}),
        (b"-1", {"negative"}),
        (b"255", {"edge-8"}),
        (b"65536", {"edge-16"}),
        (b"-2147483648", {"negative", "edge-32"}),
        (b"18446744073709551616", {"edge-64"}),
        (b"1.0", {"float-integral"}),
        (b"1e2", {"float-integral", "exponent"}),
        (b"1.5", {"float-fraction"}),
        (b"1e400", {"beyond-float64", "exponent"}),
    ],
)
def test_number_classes(raw: bytes, want: set[str]) -> None:
    assert number_classes(raw) == want


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        (b"a\x80", {"utf8-lone-continuation"}),
        (b"a\xc3", {"utf8-truncated-2"}),
        (b"a\xe2\x82", {"utf8-truncated-3"}),
        (b"a\xf0\x9f\x98", {"utf8-truncated-4"}),
        (b"\xc0\xaf", {"utf8-overlong"}),
        (b"\xe0\x80\xaf", {"utf8-overlong"}),
        (b"\xed\xa0\x80", {"utf8-surrogate"}),
        (b"\xf4\x90\x80\x80", {"utf8-beyond-10ffff"}),
        (b"\xff", {"utf8-invalid-byte"}),
        ("é€😀".encode(), set()),
    ],
)
def test_utf8_classes(raw: bytes, want: set[str]) -> None:
    assert utf8_classes(raw) == want


def test_string_and_text_classes() -> None:
    assert string_classes(b"a\\ud800b") == {"escape", "lone-surrogate-escape"}
    assert string_classes(b"\\ud83d\\ude00") == {"escape"}  # a pair is not lone
    assert string_classes(b"\\udc00") == {"escape", "lone-surrogate-escape"}
    assert text_int_classes("+007") == {"sign", "leading-zero"}
    assert text_int_classes(" 1") == {"space"}
    assert text_int_classes("18446744073709551616") == {"beyond-uint64", "edge-64"}
    assert path_shapes("\\\\?\\Volume{x}\\") == {"device", "volume-guid", "trailing-separator"}
    assert path_shapes("C:x/y") == {"drive-relative", "forward-slash"}


def _nest(path: str, raw: bytes) -> bytes:
    if path.startswith("annotations."):
        return b'{"annotations":{' + json.dumps(path.removeprefix("annotations.")).encode() + b":" + raw + b"}}"
    out = raw
    for part in reversed(path.split(".")):
        out = b"[" + out + b"]" if part == "*" else b"{" + json.dumps(part).encode() + b":" + out + b"}"
    return out


def test_every_token_of_a_class_is_measured_as_that_class() -> None:
    for path, kind in FIELDS.items():
        for cls in CLASSES_OF_KIND[kind]:
            for raw in tokens_for(kind, cls, path):
                case = {"specBase64": base64.b64encode(_nest(path, raw)).decode()}
                assert measure_classes([case]).counts[path][cls] == 1, (path, cls, raw)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_a_probe_is_a_case_and_carries_its_classes(data: st.DataObject) -> None:
    from hcsdoc.conformance.strategies.cases import _build

    chooser = Chooser(data.draw)
    case = probe(chooser, _build(chooser, None, False))
    assert case["spec"] is None
    result = run_case(case)  # a complete case: documents, an error or a panic, never an exception
    assert set(result) & {"documents", "error", "panic"}
    reach = measure_classes([case])
    assert sum(sum(c.values()) for c in reach.counts.values()) > 0


def test_spec_bytes_of_each_payload() -> None:
    assert spec_bytes({"specBase64": base64.b64encode(b"{\xff}").decode()}) == b"{\xff}"
    assert spec_bytes({"specText": '{"a":"\ud800"}'}) == '{"a":"\ud800"}'.encode("utf-8", "surrogatepass")
    assert spec_bytes({"spec": {"a": 1}}) == b'{"a": 1}'
    assert spec_bytes({"spec": None}) is None


def test_tables_agree() -> None:
    assert set(TOKENS) == set(FIELDS)
    for path, kind in FIELDS.items():
        assert tuple(TOKENS[path]) == CLASSES_OF_KIND[kind]
