"""pytest plugin ``hcsdoc``: run the conformance vectors as test items of any pytest session.

    pytest --hcsdoc-impl 'my-adapter --flag'       # one test item per vector: <vector file>::<case id>

Without ``--hcsdoc-impl`` the plugin only registers its options and does nothing else (it is loaded into every
pytest session through the ``pytest11`` entry point, so it must stay harmless). All vectors are run in one
pipelined batch when the first item runs; each item then reports its own outcome. Expected failures
(``--hcsdoc-expectations``) show as xfail; an unexpected pass fails its item, and a stale expectations file fails
the extra item ``<expectations file>::expectations-not-stale``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_RUNNER_KEY = pytest.StashKey["_Batch"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hcsdoc", "hcsdoc conformance vectors")
    group.addoption(
        "--hcsdoc-impl",
        default=None,
        metavar="IMPL",
        help="run the conformance vectors against IMPL: reference, go, or an adapter command line",
    )
    group.addoption("--hcsdoc-hcsshim", default=None, metavar="VERSION", help="hcsshim version for --hcsdoc-impl go")
    group.addoption(
        "--hcsdoc-vectors",
        action="append",
        default=[],
        metavar="PATH",
        help="vector file or folder (repeatable; default conformance/vectors/)",
    )
    group.addoption("--hcsdoc-expectations", default=None, metavar="FILE", help="expected-outcomes file")
    group.addoption(
        "--hcsdoc-compare", default="bytes", choices=("bytes", "structural"), help="comparison level (default bytes)"
    )
    group.addoption("--hcsdoc-errors", default="text", choices=("text", "kind"), help="error comparison (default text)")
    group.addoption(
        "--hcsdoc-timeout", default=10.0, type=float, metavar="S", help="seconds per case for an adapter (default 10)"
    )
    group.addoption(
        "--hcsdoc-tag", action="append", default=[], metavar="TAG", help="only vectors with this tag (repeatable)"
    )


class HcsdocCaseFailure(Exception):
    def __init__(self, event: dict[str, Any]) -> None:
        super().__init__(event.get("message", event["outcome"]))
        self.event = event


class _Batch:
    """Runs every selected vector once, pipelined, and hands out the per-case events."""

    def __init__(self, config: pytest.Config) -> None:
        from conformance.runner.suite import load_suite

        self.config = config
        try:
            self.suite = load_suite(config.getoption("hcsdoc_vectors") or None)
        except Exception as exc:
            raise pytest.UsageError(f"--hcsdoc-impl: {exc}") from None
        self.events: dict[str, dict[str, Any]] | None = None
        self.footer: dict[str, Any] = {}
        self.items: list[VectorItem] = []

    def _args(self) -> argparse.Namespace:
        opt = self.config.getoption
        return argparse.Namespace(
            impl=opt("hcsdoc_impl"),
            hcsshim=opt("hcsdoc_hcsshim"),
            timeout=opt("hcsdoc_timeout"),
            start_timeout=60.0,
            max_restarts=20,
            window=32,
            max_reply_bytes=64 << 20,
            validate_protocol=False,
            expectations=opt("hcsdoc_expectations"),
        )

    def expectations(self) -> Any:
        from conformance.runner.cli import DEFAULT_HCSSHIM
        from conformance.runner.expectations import default_path, load_expectations

        args = self._args()
        kind = args.impl if args.impl in ("reference", "go") else "adapter"
        path = Path(args.expectations) if args.expectations else default_path(kind, args.hcsshim or DEFAULT_HCSSHIM)
        return load_expectations(path, must_exist=bool(args.expectations))

    def run(self) -> None:
        from conformance.runner.cli import UsageError, _rerun_argv, build_implementation
        from conformance.runner.compare import STRICTEST, CompareLevels
        from conformance.runner.engine import CheckConfig, run_check

        args = self._args()
        levels = CompareLevels(self.config.getoption("hcsdoc_compare"), self.config.getoption("hcsdoc_errors"))
        if args.impl == "reference":
            levels = STRICTEST
        classify = None
        if levels.errors == "kind":
            try:
                from conformance.errorkinds import classify_error

                classify = classify_error
            except ImportError:
                classify = None
        try:
            impl, kind = build_implementation(args)
        except UsageError as exc:
            raise pytest.UsageError(str(exc)) from None
        if kind == "reference":
            impl.timeout = None  # no SIGALRM inside pytest (pytest-timeout may own it)
        events: dict[str, dict[str, Any]] = {}
        try:
            info = impl.start()
            cfg = CheckConfig(
                levels=levels,
                expectations=self.expectations(),
                classify=classify,
                rerun_argv=_rerun_argv(args, kind, levels),
            )
            selected = [item.vector for item in self.items]
            result = run_check(
                self.suite,
                selected,
                impl,
                info,
                cfg,
                lambda ev: events.__setitem__(ev["id"], ev) if ev.get("type") == "case" else None,
            )
            self.footer = result.footer
        finally:
            impl.close()
        self.events = events

    def event(self, case_id: str) -> dict[str, Any]:
        if self.events is None:
            self.run()
        assert self.events is not None
        return self.events[case_id]


class VectorItem(pytest.Item):
    def __init__(self, *, vector: Any, batch: _Batch, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.vector = vector
        self.batch = batch
        # Tags are matchable with -k (as keywords, not marks: marks would need registering).
        self.extra_keyword_matches.update(vector.tags)

    def runtest(self) -> None:
        ev = self.batch.event(self.vector.id)
        outcome = ev["outcome"]
        if outcome == "pass":
            return
        if outcome == "xfail" or (outcome == "skipped" and not ev["unexpected"]):
            reason = ev.get("expectation", {}).get("reason") or ev.get("message", "")
            if outcome == "xfail":
                pytest.xfail(f"{ev['observed']}: {reason}")
            pytest.skip(reason)
        raise HcsdocCaseFailure(ev)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, HcsdocCaseFailure):
            from conformance.runner.live import describe_case

            return "\n".join(describe_case(excinfo.value.event, max_mismatches=20))
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"hcsdoc vector {self.vector.id}"


class StaleItem(pytest.Item):
    def __init__(self, *, batch: _Batch, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.batch = batch

    def runtest(self) -> None:
        from conformance.runner.engine import stale_ids

        stale = stale_ids(self.batch.suite, self.batch.expectations())
        if stale:
            raise AssertionError("stale expectations (no such case): " + ", ".join(stale))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, "hcsdoc expectations not stale"


class VectorFile(pytest.File):
    def __init__(self, *, batch: _Batch, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.batch = batch

    def collect(self) -> Iterator[pytest.Item]:
        tags = set(self.config.getoption("hcsdoc_tag"))
        for v in self.batch.suite.vectors:
            if v.file.resolve() == self.path and (not tags or tags.intersection(v.tags)):
                yield VectorItem.from_parent(self, name=v.id, vector=v, batch=self.batch)


class ExpectationsFile(pytest.File):
    def __init__(self, *, batch: _Batch, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.batch = batch

    def collect(self) -> Iterator[pytest.Item]:
        yield StaleItem.from_parent(self, name="expectations-not-stale", batch=self.batch)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("hcsdoc_impl", default=None):
        return
    batch = _Batch(config)
    config.stash[_RUNNER_KEY] = batch
    for f in batch.suite.files:
        collector = VectorFile.from_parent(session, path=f.path.resolve(), batch=batch)
        items.extend(collector.collect())
    exp = batch.expectations()
    if exp.path is not None and exp.entries:
        holder = ExpectationsFile.from_parent(session, path=exp.path.resolve(), batch=batch)
        items.extend(holder.collect())


def pytest_collection_finish(session: pytest.Session) -> None:
    batch = session.config.stash.get(_RUNNER_KEY, None)
    if batch is not None:
        batch.items = [i for i in session.items if isinstance(i, VectorItem)]
