"""ANSI colours for terminal output (only on a terminal, and never when ``NO_COLOR`` is set)."""

from __future__ import annotations

import os
import re
from typing import Final, TextIO

_TOKEN: Final = re.compile(r'("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|\b(true|false|null)\b')
BOLD: Final = "1"
DIM: Final = "2"
KEY: Final = "34"
STRING: Final = "32"
NUMBER: Final = "36"
LITERAL: Final = "35"
RED: Final = "31"
YELLOW: Final = "33"


def enabled(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def paint(text: str, code: str, on: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if on else text


def json_text(text: str, on: bool) -> str:
    """``text`` (JSON, e.g. from ``json.dumps(..., indent=1)``) with keys, strings, numbers and literals coloured."""
    if not on:
        return text

    def repl(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return paint(m.group(1), KEY if m.group(2) else STRING, True) + (m.group(2) or "")
        if m.group(3) is not None:
            return paint(m.group(3), NUMBER, True)
        return paint(m.group(4), LITERAL, True)

    return _TOKEN.sub(repl, text)
