"""The one implementation interface: names resolve to the same kinds everywhere, and a batch gives one result per
case with failures as results of their own kind."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from fake_adapters.helpers import DOCS, FAKE, complete_case

from hcsdoc.conformance.impl.adapters import Adapter, InProcess
from hcsdoc.conformance.impl.base import is_failure, reply_result, run_batch
from hcsdoc.conformance.impl.resolve import (
    DEFAULT_HCSSHIM,
    AdapterSettings,
    ResolveError,
    build,
    parse_impl,
    resolve,
)
from hcsdoc.conformance.results.compare import CompareLevels, compare_result
from hcsdoc.conformance.results.outcomes import Reply


def test_names() -> None:
    assert parse_impl("reference").kind == "reference"
    go = parse_impl("go")
    assert (go.kind, go.hcsshim, go.label) == ("go", DEFAULT_HCSSHIM, f"go {DEFAULT_HCSSHIM}")
    assert parse_impl("go@v0.12.9").hcsshim == "v0.12.9"
    assert parse_impl("go", "v0.12.9").cli_words() == ["--impl", "go", "--hcsshim", "v0.12.9"]
    assert parse_impl(" go@v0.12.9 ", "v0.12.9").hcsshim == "v0.12.9"
    a = parse_impl("python3 'my adapter.py' --fast")
    assert (a.kind, a.argv, a.label) == (
        "adapter",
        ("python3", "my adapter.py", "--fast"),
        "python3 'my adapter.py' --fast",
    )


@pytest.mark.parametrize(
    ("text", "hcsshim", "message"),
    [
        ("go@v0.12.9", "v0.11.8", "name two versions"),
        ("reference", "v0.12.9", "--hcsshim only applies to --impl go"),
        ("./adapter", "v0.12.9", "--hcsshim only applies to --impl go"),
        ("   ", None, "empty command"),
        ("python3 'unclosed", None, "No closing quotation"),
    ],
)
def test_bad_names(text: str, hcsshim: str | None, message: str) -> None:
    with pytest.raises(ResolveError, match=message):
        parse_impl(text, hcsshim)


def test_kinds_built() -> None:
    ref, _ = resolve("reference")
    assert isinstance(ref, InProcess) and ref.timeout is None
    seen: list[str] = []

    def go_cmd(version: str) -> tuple[list[str], dict[str, str]]:
        seen.append(version)
        return ["true"], {"X": "1"}

    go = build(parse_impl("go@v0.12.9"), AdapterSettings(window=7), go_cmd=go_cmd)
    assert isinstance(go, Adapter) and go.kind == "go" and go.window == 7 and go.labels == {"hcsshim": "v0.12.9"}
    assert seen == ["v0.12.9"] and go.env is not None and go.env["X"] == "1"
    a, spec = resolve("prog --x", settings=AdapterSettings(timeout=3.0))
    assert isinstance(a, Adapter) and list(a.argv) == ["prog", "--x"] and a.timeout == 3.0 and spec.kind == "adapter"


def test_a_go_that_cannot_be_prepared_is_a_resolve_error() -> None:
    def broken(version: str) -> tuple[list[str], dict[str, str]]:
        raise RuntimeError("no wine")

    import types

    module = types.ModuleType("hcsdoc.conformance.capture.process")
    module.adapter_command = broken  # type: ignore[attr-defined]
    saved = sys.modules.get(module.__name__)
    sys.modules[module.__name__] = module
    try:
        with pytest.raises(ResolveError, match=r"cannot prepare the capture executable for hcsshim v0\.11\.8"):
            build(parse_impl("go"))
    finally:
        if saved is not None:
            sys.modules[module.__name__] = saved
        else:
            del sys.modules[module.__name__]


def test_run_batch_gives_failures_as_results() -> None:
    a = Adapter([sys.executable, str(FAKE)], timeout=2.0, start_timeout=10.0)
    a.start()
    try:
        scripts = ({"do": "echo"}, {"do": "crash"}, {"do": "skip"}, {"do": "echo"})
        cases = [complete_case({"fake": {**s, "reply": DOCS}}) for s in scripts]
        results = run_batch(a, cases)
    finally:
        a.close()
    assert results[0] == DOCS and results[3] == DOCS
    assert results[1] == {"crash": "the adapter exited (exit code 3)"}
    assert list(results[2]) == ["skipped"]
    assert [is_failure(r) for r in results] == [False, True, True, False]


def test_in_process_crash_is_a_result() -> None:
    def run_case(case: Any) -> Any:
        raise ValueError("boom")

    assert run_batch(InProcess(run_case), [{}]) == [{"crash": "ValueError: boom"}]
    assert reply_result(Reply("timeout", message="no reply within 1 s")) == {"timeout": "no reply within 1 s"}


def test_document_selection() -> None:
    exp = {"documents": {"v1": {"a": 1}, "v2": {"b": 1}}, "bytes": {"v1": '{"a":1}', "v2": '{"b":1}'}}
    only_v1 = {"documents": {"v1": {"a": 1}, "v2": {}}, "bytes": {"v1": '{"a":1}', "v2": "{}"}}
    assert compare_result(exp, only_v1).outcome == "fail"
    assert compare_result(exp, only_v1, CompareLevels(documents="v1")).outcome == "pass"
    cmp = compare_result(exp, only_v1, CompareLevels(documents="v2"))
    assert cmp.outcome == "fail" and cmp.mismatches[0]["path"].startswith("/v2")
    assert CompareLevels(documents="v1").to_json() == {"compare": "bytes", "errors": "text", "documents": "v1"}
