"""The protocol's JSON Schemas and the runner's fast reply check agree."""

from __future__ import annotations

from typing import Any

import pytest
from fake_adapters.helpers import DOCS, complete_case

from hcsdoc.conformance.impl.protocol import reply_problem, schema_problem, start_problem

REPLIES: list[tuple[dict[str, Any], bool]] = [
    ({"seq": 1, **DOCS}, True),
    ({"seq": 1, "documents": DOCS["documents"]}, True),
    ({"seq": 1, "error": "e"}, True),
    ({"seq": 1, "error": "e", "errorKind": "k"}, True),
    ({"seq": 1, "panic": "p"}, True),
    ({"seq": 1, "skipped": "why"}, True),
    ({"seq": 1, "errored": "m", "traceback": "t"}, True),
    ({"seq": 1}, False),
    ({"seq": 1, "error": "e", "panic": "p"}, False),
    ({"seq": 1, "error": 5}, False),
    ({"seq": 1, "error": "e", "extra": 1}, False),
    ({"seq": 1, "documents": {"v1": {}}}, False),
    ({"seq": 1, "documents": {"v1": {}, "v2": []}}, False),
    ({"seq": 1, "documents": {"v1": {}, "v2": {}}, "bytes": {"v1": "{}"}}, False),
    ({"seq": 1, "skipped": None}, False),
]


@pytest.mark.parametrize(("msg", "ok"), REPLIES)
def test_fast_check_matches_schema(msg: dict[str, Any], ok: bool) -> None:
    assert (reply_problem(msg) is None) is ok
    assert (schema_problem("run.response", msg) is None) is ok


def test_requests_validate() -> None:
    assert schema_problem("start.request", {"cmd": "start", "protocol": 1}) is None
    assert schema_problem("run.request", {"cmd": "run", "seq": 3, "case": complete_case({"x": 1})}) is None
    assert schema_problem("stop.request", {"cmd": "stop"}) is None
    # the expected result can never ride along
    assert (
        schema_problem("run.request", {"cmd": "run", "seq": 3, "case": complete_case(None), "expected": DOCS})
        is not None
    )


def test_start_replies() -> None:
    good = {"ok": True, "protocol": 1, "implementation": {"name": "x", "version": "1"}}
    assert start_problem(good) is None and schema_problem("start.response", good) is None
    refused = {"ok": False, "error": "unsupported protocol 1"}
    assert start_problem(refused) == "the adapter refused to start: unsupported protocol 1"
    assert schema_problem("start.response", refused) is None
    assert start_problem({**good, "protocol": True}) is not None
    assert start_problem({"ok": True, "protocol": 1}) == "the start reply has no implementation.name"
