"""The JSON-aware mutator keeps what Go's decoder cares about and stays inside libFuzzer's limits."""

from __future__ import annotations

import json
import random

from hcsdoc.fuzz import jsonmut, vocab
from hcsdoc.fuzz.corpus import byte_seeds


def _flip(data: bytes, max_size: int) -> bytes:
    b = bytearray(data)
    if b:
        b[len(b) // 2] ^= 0x41
    return bytes(b[:max_size])


def test_round_trip_keeps_duplicates_number_spellings_and_bad_utf8() -> None:
    text = b'{"a":1,"A":{"x":1.0},"a":[-0,1e2,18446744073709551616],"s":"\xff\xfe"}'
    tree = jsonmut.parse(text.decode("utf-8", "surrogateescape"))
    assert [k for k, _v in tree] == ["a", "A", "a", "s"]
    assert jsonmut.serialize(tree) == text


def test_lone_surrogate_escape_switches_strings_to_ascii_escapes() -> None:
    # A "\ud800" escape cannot be written as UTF-8, so strings are escaped; raw bad bytes then become \udcXX
    # escapes, which Go's decoder also turns into U+FFFD: the decoded spec is the same.
    text = b'{"s":"\xff","u":"\\ud800"}'
    out = jsonmut.serialize(jsonmut.parse(text.decode("utf-8", "surrogateescape")))
    assert out == b'{"s":"\\udcff","u":"\\ud800"}'


def test_round_trip_of_valid_utf8_is_exact() -> None:
    text = '{"hostname":"h\u00fc<&>","n":[1,2.50,-3],"o":{},"l":[],"t":true,"f":false,"z":null}'
    assert jsonmut.serialize(jsonmut.parse(text)) == text.encode("utf-8")


def test_mutations_are_deterministic_bounded_and_mostly_json() -> None:
    seeds = byte_seeds(include_vectors=False)
    valid = changed = 0
    for i in range(600):
        data = seeds[i % len(seeds)]
        out = jsonmut.mutate(data, 4096, i, _flip)
        assert out == jsonmut.mutate(data, 4096, i, _flip)
        assert 1 <= len(out) <= 4096
        changed += out != data
        try:
            json.loads(out[1:])
            valid += 1
        except ValueError:
            pass
    assert changed > 500
    assert valid > 400  # structural mutations keep the JSON well-formed


def test_mutator_survives_non_json_and_empty_input() -> None:
    for i in range(50):
        assert len(jsonmut.mutate(b"", 64, i, _flip)) >= 1
        assert len(jsonmut.mutate(b"\x01{not json", 64, i, _flip)) <= 64


def test_case_variants_are_ones_go_folds() -> None:
    rng = random.Random(3)
    variants = {jsonmut.case_variant("layerFolders", rng) for _ in range(200)}
    assert "LAYERFOLDERS" in variants and "LayerFolders" in variants and "layerfolders" in variants
    assert "layerFolder\u017f" in variants  # long s folds to s under Go's EqualFold


def test_value_for_knows_the_fields() -> None:
    rng = random.Random(1)
    assert jsonmut.value_for("annotations.io.microsoft.wcow.processdumptype", rng) in vocab.ANNOTATION_VALUES
    folders = jsonmut.value_for("windows.layerfolders", rng)
    assert isinstance(folders, list) and all(f in vocab.LAYER_FOLDERS for f in folders)
    assert isinstance(jsonmut.value_for("windows.resources.cpu.count", rng), jsonmut.Num)
