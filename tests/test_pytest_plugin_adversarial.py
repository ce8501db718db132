"""The ``hcsdoc`` pytest plugin against hostile adapters (``tests/fake_adapters/nasty.py``) and bad options.

Each case runs a child pytest in an empty directory, on the 47 ``devices`` vectors, with short timeouts: the session
must end, every item must say what happened to its case, and nothing may come out as a plugin traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

NASTY = Path(__file__).resolve().parent / "fake_adapters" / "nasty.py"
DEVICES = 47  # vectors tagged "devices" in the default suite


def run_pytest(tmp_path: Path, *args: str, timeout: float = 90.0) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return proc.returncode, proc.stdout + proc.stderr


def nasty(mode: str) -> list[str]:
    return ["--hcsdoc-impl", f"{sys.executable} {NASTY} {mode}", "--hcsdoc-tag", "devices", "--hcsdoc-timeout", "3"]


def assert_no_plugin_traceback(out: str) -> None:
    assert "INTERNALERROR" not in out
    assert "pytest_plugin.py" not in out
    assert "_pytest.runner.CallInfo" not in out


def test_inert_without_impl(tmp_path: Path) -> None:
    (tmp_path / "test_one.py").write_text("def test_one() -> None:\n    pass\n")
    code, out = run_pytest(tmp_path)
    assert code == 0, out
    assert out.splitlines()[-1].startswith("1 passed"), out


def test_crash_every_n(tmp_path: Path) -> None:
    code, out = run_pytest(tmp_path, *nasty("crash-every 5"))
    assert code == 1, out
    assert out.splitlines()[-1].startswith(f"9 failed, {DEVICES - 9} passed"), out
    # the 5th request is devices.argon.empty-list (the vectors run in file order)
    assert "CRASH devices.argon.empty-list: the adapter exited (exit code 3)" in out
    assert "    stderr| nasty: crashing on request 5 (seq 5)" in out
    assert "    rerun: hcsdoc check --impl " in out
    assert "--id devices.argon.empty-list" in out
    assert_no_plugin_traceback(out)


def test_silent_adapter_ends(tmp_path: Path) -> None:
    args = [*nasty("silent"), "--hcsdoc-start-timeout", "0.5", "--hcsdoc-max-restarts", "1"]
    code, out = run_pytest(tmp_path, *args, timeout=60)
    assert code == 1, out
    assert out.splitlines()[-1].startswith(f"{DEVICES} failed"), out
    assert (
        "not run: adapter unavailable (no handshake reply within 0.5 s (2 starts in a row): giving up)" in out
    )
    assert_no_plugin_traceback(out)


def test_unstartable_program_is_one_usage_error(tmp_path: Path) -> None:
    """As in ``hcsdoc check``: a program that does not exist is one usage error, not a failure of every item."""
    code, out = run_pytest(tmp_path, "--hcsdoc-impl", str(tmp_path / "no-such-adapter"), "--hcsdoc-tag", "devices")
    assert code == 4, out
    assert "ERROR: --hcsdoc-impl: cannot start" in out and "No such file or directory" in out
    assert "not run" not in out
    assert_no_plugin_traceback(out)


@pytest.mark.parametrize(
    ("option", "content", "message"),
    [
        ("--hcsdoc-vectors", '{"cases": ', "ERROR: --hcsdoc-vectors: bad.json:1:"),
        ("--hcsdoc-expectations", '{"format": 1', "ERROR: --hcsdoc-expectations: bad.json: not JSON:"),
        ("--hcsdoc-impl", None, 'ERROR: --hcsdoc-impl: --impl "python \'x": No closing quotation'),
    ],
)
def test_bad_option_is_one_usage_error(tmp_path: Path, option: str, content: str | None, message: str) -> None:
    if content is None:
        args = [option, "python 'x"]
    else:
        (tmp_path / "bad.json").write_text(content)
        args = ["--hcsdoc-impl", "reference", option, "bad.json"]
    code, out = run_pytest(tmp_path, *args)
    assert code == 4, out
    assert message in out, out
    assert_no_plugin_traceback(out)


def test_expectations_xfail_xpass_stale(tmp_path: Path) -> None:
    # "refuse": every case is a crash (the adapter refuses the handshake).
    exp = {
        "format": 1,
        "expectations": {
            "devices.argon.all-three": {"outcome": "crash", "reason": "refuses everything"},
            "devices.argon.class": {"outcome": "fail", "reason": "wrong outcome"},
            "devices.no-such-case": {"outcome": "crash", "reason": "stale"},
        },
    }
    (tmp_path / "exp.json").write_text(json.dumps(exp))
    code, out = run_pytest(tmp_path, *nasty("refuse"), "--hcsdoc-expectations", "exp.json", "-rfx")
    assert code == 1, out
    assert out.splitlines()[-1].startswith(f"{DEVICES} failed, 1 xfailed"), out
    assert "XFAIL" in out and "devices.argon.all-three - crash: refuses everything" in out
    assert "expected outcome 'fail', observed 'crash'" in out
    assert "stale expectations (no such case): devices.no-such-case" in out
    assert "exp.json::expectations-not-stale" in out
    assert_no_plugin_traceback(out)
