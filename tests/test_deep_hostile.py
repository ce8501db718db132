"""Deep values from a hostile implementation, where a correct one would never put them or next to other oddities:
every path ends in a verdict or a one-line message, never a traceback (``tests/test_deep_documents.py`` covers the
deep documents a correct implementation returns)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from hcsdoc.cli import main
from hcsdoc.conformance.results import safejson
from hcsdoc.reference.gojson.room import with_room_if_deep

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "conformance" / "vectors" / "mutation-json.json"
ADAPTER = ROOT / "tests" / "fake_adapters" / "deep_hostile.py"


def _check(where: str, n: int, *extra: str) -> list[str]:
    return ["check", "--impl", f"{sys.executable} {ADAPTER} {where} {n}", "--vectors", str(VECTORS),
            "--id", "mutation.json.int-*", "--no-progress", *extra]  # fmt: skip


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("seq", "wrong seq: expected 1, got [[[[[...]]]]]"),
        ("start-error", "the adapter refused to start: [[[[[...]]]]]"),
        ("start-protocol", "the adapter speaks protocol [[[[[...]]]]], the runner speaks 1"),
    ],
)
def test_a_deep_value_in_a_message_is_cut_short(where: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(_check(where, 3000, "--max-restarts", "0"))
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert message in out + err


def test_a_repro_file_with_deep_documents_and_a_lone_surrogate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(_check("surrogate", 3000, "--repro-dir", str(tmp_path)))
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    [repro] = tmp_path.glob("*.json")
    text = repro.read_text(encoding="ascii")  # escaped, so that the lone surrogate is still exact JSON
    body = with_room_if_deep(lambda: json.loads(text))
    assert body["actual"]["documents"]["v2"]["S"] == "\ud800"
    assert safejson.nesting_depth(text, 0) == 3000 + 4  # the body, "actual", "documents", "v2" around "Deep"
