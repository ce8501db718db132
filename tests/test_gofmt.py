"""reference.gofmt: strconv.Quote and encoding/json's quoteChar, table-driven and against Go itself."""

from __future__ import annotations

import importlib.util
import random
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.reference.gofmt import is_print, quote, quote_byte

_spec = importlib.util.spec_from_file_location("gooracle_client", Path(__file__).parent / "gooracle" / "client.py")
assert _spec is not None and _spec.loader is not None
client = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("gooracle_client", client)
_spec.loader.exec_module(client)


@pytest.mark.parametrize(
    ("s", "want"),
    [
        ("", '""'),
        ("plain text 123", '"plain text 123"'),
        ('a"b\\c', '"a\\"b\\\\c"'),
        ("\x00\x07\x08\x0c\n\r\t\x0b\x1f\x7f", '"\\x00\\a\\b\\f\\n\\r\\t\\v\\x1f\\x7f"'),
        ("\u00a0\u00ad\u00e9\u00ff", '"\\u00a0\\u00adéÿ"'),
        ("\u2028\ufeff\ufffd", '"\\u2028\\ufeff�"'),
        ("\U0001f600\U000e0001\U0010ffff", '"😀\\U000e0001\\U0010ffff"'),
        ("\udcff\udc80", '"\\xff\\x80"'),  # surrogateescape: one byte each
        ("\ud800", '"\\xed\\xa0\\x80"'),  # any other surrogate: its three WTF-8 bytes
        ("'", '"\'"'),
        ("\u0cf3", '"\u0cf3"'),  # new in Unicode 15.0: printable for Go 1.26
    ],
)
def test_quote(s: str, want: str) -> None:
    assert quote(s) == want


@pytest.mark.parametrize(
    ("c", "want"),
    [
        (0x27, "'\\''"),
        (0x22, "'\"'"),
        (0x78, "'x'"),
        (0x00, "'\\x00'"),
        (0x0A, "'\\n'"),
        (0xEF, "'ï'"),
        (0x80, "'\\u0080'"),
    ],
)
def test_quote_byte(c: int, want: str) -> None:
    assert quote_byte(c) == want


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    exe = client.build(tmp_path_factory.mktemp("gooracle"))
    if isinstance(exe, str):
        pytest.skip(exe)
    o = client.Oracle(exe)
    yield o
    o.close()


@pytest.mark.go
def test_is_print_matches_go_for_every_rune(oracle: Any) -> None:
    nonprint = oracle.ask({"op": "tables"})["nonprint"]
    go_print = bytearray([1]) * 0x110000
    for lo, hi in nonprint:
        go_print[lo : hi + 1] = bytes(hi - lo + 1)
    wrong = [r for r in range(0x110000) if is_print(r) != bool(go_print[r])]
    ranges: list[list[int]] = []
    for r in wrong:
        if ranges and ranges[-1][1] == r - 1:
            ranges[-1][1] = r
        else:
            ranges.append([r, r])
    assert not ranges, (
        f"unicodedata {unicodedata.unidata_version} disagrees with Go; add to _GO_PRINT_FIXES: "
        + ", ".join(f"(0x{a:X}, 0x{b:X})" for a, b in ranges)
    )


@pytest.mark.go
def test_quote_matches_go(oracle: Any) -> None:
    rng = random.Random(3)
    samples = ["", "abc", '"\\', "\u00ad\u0378\u0cf3\U0001fae8\U000323af\U000e0100\ufeff\u200b"]
    for _ in range(400):
        samples.append(
            "".join(
                chr(rng.choice([rng.randrange(0x80), rng.randrange(0x800), rng.randrange(0x110000)]))
                for _ in range(rng.randrange(12))
            )
        )
    samples.append("\udcff\ud800x\udc80")
    for s in samples:
        # The Go bytes the way reference.gofmt documents lone surrogates.
        data = b"".join(
            bytes([ord(c) - 0xDC00]) if 0xDC80 <= ord(c) <= 0xDCFF else c.encode("utf-8", "surrogatepass") for c in s
        )
        assert quote(s) == oracle.quote(data), repr(s)
