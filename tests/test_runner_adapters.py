"""The adapter client against deliberately broken fake adapters (tests/fake_adapters/scripted.py).

Every broken behaviour must cost exactly the case it happened on: the cases around it still pass.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from fake_adapters.helpers import DOCS, FAKE, complete_case, vector

from hcsdoc.conformance.impl.adapters import Adapter, AdapterUnavailable, InProcess
from hcsdoc.conformance.results.outcomes import Reply


def fake(*args: str, **kw: Any) -> Adapter:
    kw.setdefault("timeout", 2.0)
    kw.setdefault("start_timeout", 10.0)
    return Adapter([sys.executable, str(FAKE), *args], **kw)


def run(adapter: Adapter, scripts: list[dict[str, Any]]) -> list[Reply]:
    """Start, run one case per script (``{"do": ..., ...}``), stop; the replies in order."""
    adapter.start()
    try:
        cases = [vector(f"c{i}", **s)["case"] for i, s in enumerate(scripts)]
        out = list(adapter.run(enumerate(cases)))
    finally:
        adapter.close()
    assert [i for i, _ in out] == list(range(len(scripts))), "replies come back in request order"
    return [r for _, r in out]


def kinds(replies: list[Reply]) -> list[str]:
    return [r.kind for r in replies]


ECHO = {"do": "echo"}


def test_well_behaved_adapter_pipelined() -> None:
    a = fake(window=8)
    replies = run(a, [ECHO] * 50)
    assert kinds(replies) == ["result"] * 50
    assert replies[0].result == DOCS
    assert a.info == {"name": "scripted-fake", "version": "0"}
    assert a.restarts == 0


def test_crash_costs_one_case_and_restarts() -> None:
    a = fake()
    replies = run(a, [ECHO, {"do": "crash"}, ECHO, ECHO])
    assert kinds(replies) == ["result", "crash", "result", "result"]
    assert replies[1].message == "the adapter exited (exit code 3)"
    assert "fake: crashing on seq 2" in replies[1].stderr
    assert a.restarts == 1


def test_hang_is_a_timeout_and_restarts() -> None:
    a = fake(timeout=0.5)
    replies = run(a, [ECHO, {"do": "hang"}, ECHO])
    assert kinds(replies) == ["result", "timeout", "result"]
    assert replies[1].message == "no reply within 0.5 s"
    assert a.restarts == 1


def test_garbage_line_is_a_harness_error_for_that_case_only() -> None:
    a = fake()
    replies = run(a, [ECHO, {"do": "garbage"}, ECHO])
    assert kinds(replies) == ["result", "harness-error", "result"]
    assert replies[1].message.startswith("reply is not JSON")
    assert "this is not json" in replies[1].message
    assert a.restarts == 0


def test_stdout_noise_before_a_reply_does_not_shift_later_replies() -> None:
    replies = run(fake(), [{"do": "garbage-then-echo"}, ECHO, ECHO])
    assert kinds(replies) == ["harness-error", "result", "result"]


def test_wrong_seq() -> None:
    """A seq never sent is not blamed on the oldest case: it is noted, and the case that got no reply says so."""
    a = fake()
    replies = run(a, [ECHO, {"do": "wrong-seq"}, ECHO])
    assert kinds(replies) == ["result", "harness-error", "result"]
    assert replies[1].message == "no reply (the adapter answered seq 3 first)"
    assert "ignored a reply for seq 1002, which was never sent" in a.notes


def test_a_reply_for_a_seq_never_sent_does_not_blame_the_next_case() -> None:
    a = fake()
    replies = run(a, [ECHO, {"do": "stray-then-echo"}, ECHO])
    assert kinds(replies) == ["result", "result", "result"]
    assert replies[1].result == DOCS
    assert a.notes == ["ignored a reply for seq 999999, which was never sent"]


def test_a_stray_reply_and_no_answer_is_a_harness_error_without_restart() -> None:
    a = fake(timeout=0.3, window=1)
    replies = run(a, [ECHO, {"do": "wrong-seq"}, ECHO])
    assert kinds(replies) == ["result", "harness-error", "result"]
    assert replies[1].message == (
        "no reply within 0.3 s; meanwhile the adapter sent a reply for seq 1002, which was never sent"
    )
    assert a.restarts == 0


def test_replies_all_one_seq_off_are_named_once() -> None:
    a = fake("--seq-offset", "-1")
    run(a, [ECHO] * 12)
    systematic = [n for n in a.notes if n.startswith("systematic seq error")]
    assert systematic == [
        "systematic seq error: 12 of 12 replies carried the seq of the request sent 1 before the one they "
        "answered (seq -1); the adapter must copy each request's seq into its reply. Results were matched to "
        "other cases, so most failures of this run are this one fault"
    ]


def test_reordered_replies_are_not_a_systematic_seq_error() -> None:
    a = fake(window=8)
    run(a, [ECHO] * 12)
    assert not [n for n in a.notes if n.startswith("systematic")]


def test_killed_adapter_is_reported_by_signal() -> None:
    a = fake()
    replies = run(a, [ECHO, {"do": "kill-self"}, ECHO])
    assert kinds(replies) == ["result", "crash", "result"]
    assert replies[1].message == "the adapter was killed by SIGKILL"


def test_stderr_comes_with_a_result_reply() -> None:
    a = fake()
    replies = run(a, [{"do": "stderr", "text": "fake: I computed this wrongly"}])
    assert kinds(replies) == ["result"]
    assert "fake: I computed this wrongly" in replies[0].stderr


def test_a_silent_handshake_is_tried_twice_in_all(tmp_path: Path) -> None:
    count = tmp_path / "starts"
    a = fake("--hang-start", "--count", str(count), start_timeout=0.3, max_restarts=10)
    replies = run(a, [ECHO])
    assert kinds(replies) == ["crash"]
    assert count.read_text().splitlines() == ["start", "start"]
    assert a.restarts == 1


def test_missing_reply_is_detected_by_the_next_seq() -> None:
    replies = run(fake(), [ECHO, {"do": "no-reply"}, ECHO, ECHO])
    assert kinds(replies) == ["result", "harness-error", "result", "result"]
    assert replies[1].message == "no reply (the adapter answered seq 3 first)"


def test_partial_line_then_exit() -> None:
    a = fake()
    replies = run(a, [{"do": "partial-exit"}, ECHO])
    assert kinds(replies) == ["harness-error", "result"]
    assert replies[0].message == "partial reply line (27 bytes, no newline), then the adapter exited (exit code 0)"
    assert a.restarts == 1


def test_partial_line_then_hang() -> None:
    replies = run(fake(timeout=0.5), [{"do": "partial-hang"}, ECHO])
    assert kinds(replies) == ["harness-error", "result"]
    assert replies[0].message == "partial reply line (27 bytes, no newline) and nothing more within 0.5 s"


def test_huge_reply() -> None:
    a = fake(max_reply_bytes=100_000)
    replies = run(a, [ECHO, {"do": "huge", "size": 3_000_000}, ECHO])
    assert kinds(replies) == ["result", "harness-error", "result"]
    assert replies[1].message.startswith("reply line longer than 100000 bytes")
    assert a.restarts == 0


def test_skipped_errored_and_malformed_replies() -> None:
    replies = run(fake(), [{"do": "skip"}, {"do": "errored"}, {"do": "echo", "reply": {"documents": {"v1": {}}}}])
    assert kinds(replies) == ["skipped", "errored", "harness-error"]
    assert replies[0].message == "not modelled by the fake"
    assert replies[2].message == "malformed reply: 'documents' must be an object with objects v1 and v2"


def test_stderr_is_captured_per_case() -> None:
    """A result reply carries the stderr written while it was worked on (the report shows it only on failure)."""
    replies = run(fake(), [{"do": "stderr", "text": "hello from stderr"}, {"do": "errored"}])
    assert replies[0].kind == "result" and replies[0].stderr == "hello from stderr\n"
    assert replies[1].kind == "errored" and "hello from stderr" not in replies[1].stderr


def test_slow_start_is_not_a_case_timeout() -> None:
    a = fake("--slow-start", "1.0", timeout=0.5)
    assert kinds(run(a, [ECHO, ECHO])) == ["result", "result"]


def test_slow_start_beyond_the_start_timeout_gives_up() -> None:
    a = fake("--slow-start", "3", timeout=0.5, start_timeout=0.5, max_restarts=1)
    replies = run(a, [ECHO, ECHO])
    assert kinds(replies) == ["crash", "crash"]
    assert replies[0].message.startswith(
        "not run: adapter unavailable (no handshake reply within 0.5 s (2 starts in a row): giving up"
    )
    assert a.given_up


def test_exit_during_handshake_once_is_retried(tmp_path: Path) -> None:
    a = fake("--exit-during-handshake", "--once", str(tmp_path / "marker"))
    assert kinds(run(a, [ECHO, ECHO])) == ["result", "result"]
    assert a.restarts == 1


def test_exit_during_handshake_always_gives_up_with_the_reason() -> None:
    a = fake("--exit-during-handshake", max_restarts=2)
    replies = run(a, [ECHO, ECHO])
    assert kinds(replies) == ["crash", "crash"]
    msg = replies[0].message
    assert "restart budget (2) spent" in msg
    assert "exited during the handshake (exit code 4); stderr: fake: exiting during the handshake" in msg
    assert a.restarts == 2


def test_protocol_version_mismatch() -> None:
    a = fake("--protocol", "2", max_restarts=0)
    replies = run(a, [ECHO])
    assert "the adapter speaks protocol 2, the runner speaks 1" in replies[0].message


def test_restart_budget_limits_crash_loops() -> None:
    a = fake(max_restarts=2)
    replies = run(a, [{"do": "crash"}] * 4 + [ECHO])
    assert kinds(replies) == ["crash"] * 5
    assert replies[2].message == "the adapter exited (exit code 3)"
    assert replies[3].message.startswith("not run: adapter unavailable (restart budget (2) spent")
    assert a.restarts == 2


def test_outstanding_requests_are_resent_after_a_crash() -> None:
    # With a wide window, the cases after the crash were already sent to the dead process.
    a = fake(window=16)
    replies = run(a, [ECHO, {"do": "crash"}] + [ECHO] * 10)
    assert kinds(replies) == ["result", "crash"] + ["result"] * 10


def test_unstartable_program() -> None:
    with pytest.raises(AdapterUnavailable, match="cannot start"):
        Adapter(["/nonexistent/adapter"]).start()


def test_validate_protocol_with_the_json_schemas() -> None:
    replies = run(fake(validate_protocol=True), [ECHO, {"do": "echo", "reply": {"error": "e", "errorKind": 5}}])
    assert kinds(replies) == ["result", "harness-error"]
    assert replies[1].message == "malformed reply: 'errorKind' must be a string"


def test_in_process_crash_timeout_and_malformed() -> None:
    def run_case(case: Any) -> Any:
        what = case["spec"]["fake"]["do"]
        if what == "crash":
            raise KeyError("boom")
        if what == "hang":
            while True:
                pass
        if what == "bad":
            return {"documents": 1}
        return DOCS

    impl = InProcess(run_case, timeout=0.3)
    cases = [complete_case({"fake": {"do": d}}) for d in ("echo", "crash", "hang", "bad", "echo")]
    out = [r for _, r in impl.run(enumerate(cases))]
    assert kinds(out) == ["result", "crash", "timeout", "harness-error", "result"]
    assert out[1].message == "KeyError: 'boom'"
    assert "run_case" in out[1].stderr
    assert out[2].message == "no result within 0.3 s"
