"""``hcsdoc check`` against adapters that misbehave in ways a stranger's adapter might (tests/fake_adapters/nasty.py).

Each test runs the real CLI on a few hand vectors through the nasty adapter (which answers with the reference's own
results) and checks the exit code, the outcome of every case, and what the user is told.
"""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.commands.check import _run, add_arguments

NASTY = Path(__file__).resolve().parent / "fake_adapters" / "nasty.py"
HAND = Path(__file__).resolve().parent.parent / "conformance" / "vectors" / "hand.json"
DOC_IDS = ["cpu.count.annotation-over-spec.0", "cpu.count.annotation-over-spec.7"]
ERR_IDS = ["cpu.exclusive.ann.all-three", "cpu.exclusive.ann.count-limit"]
IDS = DOC_IDS + ERR_IDS


def check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str, *extra: str, ids: list[str] = IDS
) -> tuple[int, dict[str, str], dict[str, Any], str]:
    """Run the check; (exit code, outcome per id, footer, what was printed)."""
    import argparse

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    events = tmp_path / "events.jsonl"
    argv = ["--impl", shlex.join([sys.executable, str(NASTY), *mode.split()]), "--vectors", str(HAND)]
    for cid in ids:
        argv += ["--id", cid]
    argv += ["--timeout", "2", "--start-timeout", "3", "--max-restarts", "2", "--no-progress"]
    argv += ["--events", str(events), *extra]
    code = _run(parser.parse_args(argv))
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    outcomes = {ev["id"]: ev["outcome"] for ev in lines if ev["type"] == "case"}
    return code, outcomes, lines[-1], out


def all_(outcome: str, ids: list[str] = IDS) -> dict[str, str]:
    return dict.fromkeys(ids, outcome)


@pytest.mark.parametrize("mode", ["bom", "crlf", "blank", "extra-fields", "extra-keys", "reorder", "fork-child"])
def test_tolerated_deviations_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str) -> None:
    t0 = time.monotonic()
    code, outcomes, footer, out = check(tmp_path, capsys, mode)
    assert (code, outcomes) == (0, all_("pass"))
    assert footer["restarts"] == 0
    assert time.monotonic() - t0 < 4, "a forked child holding stdout must not delay the stop"
    if mode == "extra-keys":
        assert footer["adapterNotes"] == ["ignored unknown key(s) in run replies: elapsedMs"]
        assert "adapter note: ignored unknown key(s) in run replies: elapsedMs" in out


@pytest.mark.parametrize("mode", ["log-before", "latin1-log"])
def test_stdout_noise_before_the_handshake_is_skipped_and_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str
) -> None:
    code, outcomes, footer, out = check(tmp_path, capsys, mode)
    assert (code, outcomes) == (0, all_("pass"))
    first = b"INFO loading implementation" if mode == "log-before" else b"caf\xe9 starting"
    n = 2 if mode == "log-before" else 1
    note = (
        f"ignored {n} line(s) on stdout before the handshake reply (stdout is for protocol messages only; "
        f"log to stderr): first {first!r}"
    )
    assert footer["adapterNotes"] == [note]
    assert f"adapter note: {note}" in out


def test_extra_keys_are_rejected_under_validate_protocol(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, outcomes, _, out = check(tmp_path, capsys, "extra-keys", "--validate-protocol", ids=DOC_IDS[:1])
    assert (code, outcomes) == (1, all_("harness-error", DOC_IDS[:1]))
    assert "malformed reply: unexpected key(s) in a documents reply: elapsedMs" in out


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("refuse", "the adapter refused to start: unsupported protocol 1 (I speak 3)"),
        ("proto2", "the adapter speaks protocol 2, the runner speaks 1"),
    ],
)
def test_a_refusal_is_final(tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str, why: str) -> None:
    code, outcomes, footer, out = check(tmp_path, capsys, mode)
    assert (code, outcomes) == (1, all_("crash"))
    assert footer["restarts"] == 0, "retrying a refusal cannot help"
    assert footer["stopped"] == f"adapter unavailable: {why}"
    # one line for the first case, a count for the rest
    assert out.count("not run: adapter unavailable") == 1
    assert "... and 3 more case(s) not run because the adapter is unavailable" in out


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("exit0", "exited during the handshake (exit code 0)"),
        ("crash-start", "exited during the handshake (exit code 5); stderr: nasty: cannot initialise (missing config)"),
    ],
)
def test_a_start_that_always_fails_spends_the_budget(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str, why: str
) -> None:
    code, outcomes, footer, _ = check(tmp_path, capsys, mode)
    assert (code, outcomes) == (1, all_("crash"))
    assert footer["restarts"] == 2
    assert footer["stopped"] == f"adapter unavailable: restart budget (2) spent; last failure: {why}"


def test_reply_shape_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, outcomes, _, out = check(tmp_path, capsys, "docs-and-error", ids=DOC_IDS[:1])
    assert (code, outcomes) == (1, all_("harness-error", DOC_IDS[:1]))
    assert "found ['documents', 'error']" in out
    code, outcomes, _, out = check(tmp_path, capsys, "array", ids=DOC_IDS[:1])
    assert (code, outcomes) == (1, all_("harness-error", DOC_IDS[:1]))
    assert "reply is a JSON array, not an object" in out
    code, outcomes, _, out = check(tmp_path, capsys, "number", ids=IDS[:2])
    assert (code, outcomes) == (1, all_("harness-error", IDS[:2]))
    assert f"HARNESS-ERROR {IDS[1]}: reply is a JSON number, not an object: b'2'" in out
    code, outcomes, _, out = check(tmp_path, capsys, "seq-string", ids=IDS[:1])
    assert (code, outcomes) == (1, all_("harness-error", IDS[:1]))
    assert "wrong seq: expected 1, got '1' (seq must be the JSON integer of the request, not a string)" in out


def test_missing_bytes_fail_in_bytes_mode_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, outcomes, _, out = check(tmp_path, capsys, "no-bytes")
    assert (code, outcomes) == (1, {**all_("fail", DOC_IDS), **all_("pass", ERR_IDS)})
    assert f"FAIL {DOC_IDS[0]}: documents equal, but the reply has no 'bytes' (needed by --compare bytes)" in out
    assert check(tmp_path, capsys, "no-bytes", "--compare", "structural")[:2] == (0, all_("pass"))
    code, outcomes, _, _ = check(tmp_path, capsys, "bytes-not-json")
    assert (code, outcomes) == (1, {**all_("fail", DOC_IDS), **all_("pass", ERR_IDS)})
    assert check(tmp_path, capsys, "bytes-not-json", "--compare", "structural")[:2] == (0, all_("pass"))


def test_duplicate_replies_are_ignored_and_noted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, outcomes, footer, _ = check(tmp_path, capsys, "twice", "--window", "1", ids=IDS[:2])
    assert (code, outcomes) == (0, all_("pass", IDS[:2]))
    assert (
        "ignored a reply for seq 1: that request was already answered (a duplicate) or given up"
        in footer["adapterNotes"]
    )


def test_a_dropped_reply_costs_its_case_without_a_restart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, outcomes, footer, out = check(tmp_path, capsys, "drop 2")
    assert (code, outcomes) == (1, {**all_("pass"), IDS[1]: "harness-error"})
    assert f"HARNESS-ERROR {IDS[1]}: no reply (the adapter answered seq 3 first)" in out
    assert footer["restarts"] == 0


def test_stderr_flood_without_reading_stdin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(tmp_path, capsys, "stderr-flood 16", ids=IDS[:2])[:2] == (0, all_("pass", IDS[:2]))


def test_closed_stdout_is_a_crash_that_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, outcomes, _, out = check(tmp_path, capsys, "close-stdout", "--max-restarts", "0", ids=IDS[:1])
    assert (code, outcomes) == (1, all_("crash", IDS[:1]))
    assert f"CRASH {IDS[0]}: the adapter closed its stdout but did not exit" in out


def test_ignoring_stop_and_sigterm_is_killed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    t0 = time.monotonic()
    assert check(tmp_path, capsys, "ignore-term", ids=IDS[:1])[:2] == (0, all_("pass", IDS[:1]))
    assert time.monotonic() - t0 < 8


def test_errored_and_skipped_replies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, outcomes, _, out = check(tmp_path, capsys, "errored", ids=IDS[:1])
    assert (code, outcomes) == (1, all_("crash", IDS[:1]))
    assert f"CRASH {IDS[0]}: the adapter reported an internal failure: adapter bug: KeyError 'x'" in out
    assert "stderr| KeyError: 'x'" in out
    code, outcomes, _, out = check(tmp_path, capsys, "skipped", ids=IDS[:1])
    assert (code, outcomes) == (1, all_("skipped", IDS[:1]))
    exp = tmp_path / "exp.json"
    code, _, _, _ = check(tmp_path, capsys, "skipped", "--expectations", str(exp), "--update-expectations", ids=IDS[:1])
    assert code == 0
    assert json.loads(exp.read_text())["expectations"][IDS[0]]["outcome"] == "skipped"
    code, outcomes, _, _ = check(tmp_path, capsys, "skipped", "--expectations", str(exp), ids=IDS[:1])
    assert (code, outcomes) == (0, all_("xfail", IDS[:1]))


def test_error_kind_contradicted_by_the_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A wrong errorKind with the exact text: the text is the stronger evidence.
    assert check(tmp_path, capsys, "wrong-kind", "--errors", "kind", ids=ERR_IDS)[:2] == (0, all_("pass", ERR_IDS))
    code, outcomes, _, out = check(tmp_path, capsys, "kind-contradicts", "--errors", "kind", ids=ERR_IDS[:1])
    assert (code, outcomes) == (1, all_("error-mismatch", ERR_IDS[:1]))
    assert (
        "expected error kind 'cpu-exclusive', got 'decode-syntax' (the reply's errorKind 'cpu-exclusive' "
        "contradicts its text, which is a 'decode-syntax' error)"
    ) in out


def test_slow_and_crashing_adapters_with_max_fail_and_junit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, outcomes, footer, _ = check(tmp_path, capsys, "crash-every 2", "--window", "1", "--max-fail", "1")
    assert (code, outcomes) == (1, {IDS[0]: "pass", IDS[1]: "crash"})
    assert footer["stopped"] == "max-fail (1)" and footer["notRun"] == 2
    junit = tmp_path / "j.xml"
    code, outcomes, footer, _ = check(
        tmp_path, capsys, "slow 1.5", "--timeout", "0.5", "--max-restarts", "1", "--junit", str(junit), ids=IDS[:2]
    )
    assert (code, outcomes) == (1, all_("timeout", IDS[:2]))
    assert footer["restarts"] == 1 and footer["stopped"].startswith("adapter unavailable: restart budget (1) spent")
    assert junit.read_text().count('<error message="no reply within 0.5 s" type="timeout"') == 2


def test_an_adapter_that_never_answers_the_handshake_is_given_up_early(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A silent adapter is not retried for the whole restart budget (20 x the start timeout by default): after two
    handshake timeouts in a row the runner gives up, and every case says why."""
    t0 = time.monotonic()
    code, outcomes, footer, out = check(
        tmp_path, capsys, "silent", "--start-timeout", "0.5", "--max-restarts", "20", ids=DOC_IDS
    )
    elapsed = time.monotonic() - t0
    assert code == 1
    assert set(outcomes.values()) == {"crash"}
    assert footer["restarts"] == 1  # two starts in all (was three)
    assert "no handshake reply within 0.5 s" in out
    assert "giving up" in out
    assert elapsed < 10
