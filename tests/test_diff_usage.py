"""``hcsdoc diff --planted-bugs``: a --mutant name that no planted bug has is a usage error (one line, exit 2)."""

from __future__ import annotations

import pytest

from hcsdoc.cli import main
from hcsdoc.conformance.differential.mutants import MUTANTS


@pytest.mark.parametrize("extra", [[], ["--through-protocol"]])
def test_unknown_mutant_is_a_usage_error(extra: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    known = MUTANTS[0].name
    code = main(["diff", "--planted-bugs", "--seeds", "1", "--mutant", known, "--mutant", "no-such-bug", *extra])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.splitlines() == [f"hcsdoc diff: no mutant 'no-such-bug'; known: {', '.join(m.name for m in MUTANTS)}"]
