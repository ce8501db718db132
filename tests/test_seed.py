"""The same seed gives the same case stream however the generator is run (conformance/strategies/reproducible.py):
in process here, and in a subprocess started from another folder, with another hash seed, another cache and
extra local modules loaded (whose literals Hypothesis would otherwise mix into generation), and through the CLI
with a planted bug. Nothing is written into the current folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis.configuration import storage_directory
from hypothesis.internal.conjecture import providers

from hcsdoc.conformance.differential import CaseGenerator
from hcsdoc.conformance.differential.digest import DigestSource, stream_digest
from hcsdoc.conformance.strategies.reproducible import reproducible_draws

SEED = 7
EXAMPLES = 400

# Imported by the subprocess: a local module full of literals (Hypothesis' local constants would pick them up).
_EXTRA_MODULE = "\n".join(
    [f"S{i} = {s!r}" for i, s in enumerate(("C:\\\\x", "sandbox://y", "{container_id}", "ñ", "0x1p3", "9" * 30))]
    + [f"N{i} = {n}" for i, n in enumerate((2**31, 2**63 - 1, -(2**15), 17763, 3))]
    + ["F0 = 1.5e300", "F1 = -0.0"]
)

_SCRIPT = f"""
import sys
import extra_constants
import hcsdoc.conformance.differential.mutants
from hcsdoc.conformance.differential import CaseGenerator
from hcsdoc.conformance.differential.digest import DigestSource
src = DigestSource(CaseGenerator(seed={SEED}), {EXAMPLES})
while src.count < {EXAMPLES}:
    src.batch(min(500, {EXAMPLES} - src.count))
print(src.digest)
"""


def _in_process() -> str:
    src = DigestSource(CaseGenerator(seed=SEED), EXAMPLES)
    while src.count < EXAMPLES:  # batches as the run loop asks for them (hcsdoc diff --batch 500)
        src.batch(min(500, EXAMPLES - src.count))
    return src.digest


def _env(tmp_path: Path, hash_seed: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYPOTHESIS")}
    env.update(
        {
            "PYTHONHASHSEED": hash_seed,
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "PYTHONPATH": str(tmp_path / "mods"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def test_stream_is_the_same_in_a_subprocess_from_another_folder(tmp_path: Path) -> None:
    (tmp_path / "mods").mkdir()
    (tmp_path / "mods" / "extra_constants.py").write_text(_EXTRA_MODULE + "\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        cwd=work,
        env=_env(tmp_path, "12345"),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == _in_process()
    assert list(work.iterdir()) == []  # no .hypothesis/ (constants, Unicode table) in the current folder


def test_cli_with_a_planted_bug_prints_the_same_digest(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "mods").mkdir()
    out = tmp_path / "findings"
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "hcsdoc", "diff", "--against", "reference", "--plant", "normalize-ge"),
            *("--seed", str(SEED), "--examples", str(EXAMPLES), "--no-shrink", "--out", str(out)),
        ],
        cwd=work,
        env=_env(tmp_path, "999"),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    m = re.search(r"case digest (sha256:[0-9a-f]{16}) \((\d+) cases", proc.stdout)
    assert m is not None, proc.stdout
    assert (m.group(1), int(m.group(2))) == (_in_process(), EXAMPLES)
    assert list(work.iterdir()) == []


def test_digest_covers_exactly_the_limit() -> None:
    class Fixed:
        def batch(self, n: int) -> list[dict[str, object]]:
            return [{"i": i} for i in range(n)]

    src = DigestSource(Fixed(), 5)
    src.batch(3)
    src.batch(3)
    assert src.count == 5
    assert src.digest == stream_digest([{"i": 0}, {"i": 1}, {"i": 2}, {"i": 0}, {"i": 1}])
    assert src.digest != stream_digest([{"i": 0}, {"i": 1}, {"i": 2}, {"i": 0}, {"i": 2}])


def test_reproducible_draws_restores_hypothesis() -> None:
    collector = providers._get_local_constants
    home = storage_directory(intent_to_write=False).home_directory
    with reproducible_draws():
        assert providers._get_local_constants is not collector
        assert len(providers._get_local_constants()) == 0
    assert providers._get_local_constants is collector
    assert storage_directory(intent_to_write=False).home_directory == home
