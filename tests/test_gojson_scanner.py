"""The fast syntax check (``check_valid``: regex runs and whole tokens) against the byte-by-byte one
(``check_valid_stepwise``: one Go scanner step per byte), which mirrors Go's ``checkValid`` and is itself checked
against Go's ``encoding/json`` by tests/gooracle/massdiff.py and the decoder tests."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hcsdoc.conformance.vectors.files import load_vector_file, vector_paths
from hcsdoc.reference.api import case_spec_bytes
from hcsdoc.reference.gojson.scanner import MAX_NESTING_DEPTH, check_valid, check_valid_stepwise

_WS = st.sampled_from(["", "", " ", "\t", "\r\n", " \n ", "\x0b", "\xa0"])
_SCALARS = st.sampled_from(
    [
        "0", "-0", "1", "12", "0.5", "3.14159", "2.50e10", "1e5", "1E+2", "-1.5e-3", "01", "1.", "-", "1e", "1e+", "-a", ".5", "+1",
        '""', '"a"', '"\\u00e9"', '"\\uD800"', '"\\u12"', '"\\x"', '"a\\"b"', '"\\\\"', '"\\/"', '"tab\there"',
        '"\x01"', '"é"', '"', "true", "false", "null", "tru", "nul", "fals", "truex", "nan", "NaN", "Infinity",
    ]
)  # fmt: skip


@st.composite
def _texts(draw: st.DrawFn, depth: int = 4) -> str:
    kind = draw(st.integers(0, 3)) if depth > 0 else 0
    if kind <= 1:
        return draw(_SCALARS)
    if kind == 2:
        items = draw(st.lists(_texts(depth - 1), max_size=4))
        sep = draw(st.sampled_from([",", ",", " , ", ",,", ""]))
        close = draw(st.sampled_from(["]", "]", ",]", "", "}", "]]"]))
        return "[" + draw(_WS) + sep.join(x + draw(_WS) for x in items) + close
    keys = st.sampled_from(['"k"', '"k\\n"', "k", '""', '"a\\u0041"', "'k'", '"k'])
    colons = st.sampled_from([":", ":", " : ", "", ";", "::"])
    members = draw(st.lists(st.tuples(keys, colons, _texts(depth - 1)), max_size=4))
    sep = draw(st.sampled_from([",", ",", " ,\n", ",,", ""]))
    close = draw(st.sampled_from(["}", "}", ",}", "", "]", "}}"]))
    return "{" + draw(_WS) + sep.join(k + c + draw(_WS) + v + draw(_WS) for k, c, v in members) + close


@settings(max_examples=1500, deadline=None)
@given(text=_texts(), lead=_WS, trail=_WS, flip=st.none() | st.tuples(st.integers(0, 10_000), st.integers(0, 255)))
def test_fast_check_agrees_with_the_stepwise_one(
    text: str, lead: str, trail: str, flip: tuple[int, int] | None
) -> None:
    data = (lead + text + trail).encode("utf-8")
    if flip is not None and data:
        at, byte = flip[0] % len(data), flip[1]
        data = data[:at] + bytes([byte]) + data[at + 1 :]
    assert check_valid(data) == check_valid_stepwise(data)


def test_fast_check_agrees_on_corrupted_vector_specs() -> None:
    rng = random.Random(0)
    specs = [case_spec_bytes(v["case"]) for path in vector_paths(None) for v in load_vector_file(path).data["cases"]]
    alphabet = b' \t\r\n{}[]:,"\\/0123456789-+.eEtrufalsn\x00\x1f\x7f\x80\xffu'
    checked = 0
    for spec in specs:
        assert check_valid(spec) == check_valid_stepwise(spec)
        for _ in range(3):
            data = bytearray(spec)
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(data) + 1)
                op = rng.random()
                if op < 0.35:
                    data[at:at] = bytes([rng.choice(alphabet)])
                elif op < 0.7 and at < len(data):
                    del data[at]
                elif at < len(data):
                    data[at] = rng.choice(alphabet)
            assert check_valid(bytes(data)) == check_valid_stepwise(bytes(data)), bytes(data)[:200]
            checked += 1
    assert checked >= 3 * 2600


@pytest.mark.parametrize("opens", [MAX_NESTING_DEPTH - 1, MAX_NESTING_DEPTH, MAX_NESTING_DEPTH + 1])
@pytest.mark.parametrize("closes", [MAX_NESTING_DEPTH - 1, MAX_NESTING_DEPTH, MAX_NESTING_DEPTH + 1])
@pytest.mark.parametrize("inner", [b"", b"1", b'{"a":[]}', b"{", b"]"])
def test_deep_nesting_agrees(opens: int, closes: int, inner: bytes) -> None:
    data = b"[" * opens + inner + b"]" * closes
    assert check_valid(data) == check_valid_stepwise(data)


def test_stepwise_check_gives_gos_messages() -> None:
    # Go 1.26's encoding/json texts (also in the vectors); the stepwise walk must produce them on its own.
    assert check_valid_stepwise(b"") == "unexpected end of JSON input"
    assert check_valid_stepwise(b'{"a":1,}') == "invalid character '}' looking for beginning of object key string"
    assert check_valid_stepwise(b"[1,]") == "invalid character ']' looking for beginning of value"
    assert check_valid_stepwise(b"[" * (MAX_NESTING_DEPTH + 1)) == "invalid character '[' exceeded max depth"
    assert check_valid_stepwise(b"1 2") == "invalid character '2' after top-level value"
    assert check_valid_stepwise(b'{"a" 1}') == "invalid character '1' after object key"
    assert check_valid_stepwise(b"[[1]]") is None
