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
import contextlib
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hcsdoc.commands._common import seconds, signals_handled

_RUNNER_KEY = pytest.StashKey["_Batch"]()
_MAX_LINE = 400  # characters of one failure-report line


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
        "--hcsdoc-timeout", default=10.0, type=seconds, metavar="S", help="seconds per case for an adapter (default 10)"
    )
    group.addoption(
        "--hcsdoc-start-timeout",
        default=60.0,
        type=seconds,
        metavar="S",
        help="seconds for an adapter's handshake (default 60; a silent adapter costs this once per restart)",
    )
    group.addoption(
        "--hcsdoc-max-restarts", default=20, type=int, metavar="N", help="adapter restarts allowed (default 20)"
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
        from hcsdoc.commands.check import UsageError, build_implementation
        from hcsdoc.conformance.impl.adapters import program_problem
        from hcsdoc.conformance.runner.expectations import ExpectationsError
        from hcsdoc.conformance.vectors.suite import load_suite

        self.config = config
        # Everything the options can get wrong is checked here, at collection, so that it is one usage error
        # (pytest exit code 4) and not the same failure repeated by every item.
        try:
            self.suite = load_suite(config.getoption("hcsdoc_vectors") or None)
        except Exception as exc:
            raise pytest.UsageError(f"--hcsdoc-vectors: {exc}") from None
        try:
            self.exp = self._load_expectations()
        except (ExpectationsError, OSError, ValueError) as exc:
            raise pytest.UsageError(f"--hcsdoc-expectations: {exc}") from None
        self.impl: Any = None
        self.kind = "go"
        if self._args().impl.strip() != "go":
            # An adapter command line is only parsed here (nothing is started); ``go`` may need a build, which
            # waits until an item actually runs (not on --collect-only).
            try:
                self.impl, self.kind = build_implementation(self._args())
            except UsageError as exc:
                raise pytest.UsageError(f"--hcsdoc-impl: {exc}") from None
            argv = getattr(self.impl, "argv", None)
            problem = program_problem(argv, getattr(self.impl, "cwd", None)) if argv is not None else None
            if problem:
                raise pytest.UsageError(f"--hcsdoc-impl: {problem}")
        self.events: dict[str, dict[str, Any]] | None = None
        self.rerun = ""  # the ``hcsdoc check`` command line, once the batch ran
        self.failure = ""  # why the batch itself could not run (every item then fails with it)
        self.footer: dict[str, Any] = {}
        self.items: list[VectorItem] = []

    def _args(self) -> argparse.Namespace:
        opt = self.config.getoption
        return argparse.Namespace(
            impl=opt("hcsdoc_impl"),
            hcsshim=opt("hcsdoc_hcsshim"),
            timeout=opt("hcsdoc_timeout"),
            start_timeout=opt("hcsdoc_start_timeout"),
            max_restarts=opt("hcsdoc_max_restarts"),
            window=32,
            max_reply_bytes=64 << 20,
            validate_protocol=False,
            expectations=opt("hcsdoc_expectations"),
        )

    def expectations(self) -> Any:
        return self.exp

    def _load_expectations(self) -> Any:
        from hcsdoc.commands.check import DEFAULT_HCSSHIM
        from hcsdoc.conformance.runner.expectations import default_path, load_expectations

        args = self._args()
        kind = args.impl if args.impl in ("reference", "go") else "adapter"
        path = Path(args.expectations) if args.expectations else default_path(kind, args.hcsshim or DEFAULT_HCSSHIM)
        return load_expectations(path, must_exist=bool(args.expectations))

    def run(self) -> None:
        from hcsdoc.commands.check import UsageError, _rerun_argv, build_implementation
        from hcsdoc.conformance.results.compare import STRICTEST, CompareLevels
        from hcsdoc.conformance.runner.engine import CheckConfig, run_check

        args = self._args()
        levels = CompareLevels(self.config.getoption("hcsdoc_compare"), self.config.getoption("hcsdoc_errors"))
        if args.impl == "reference":
            levels = STRICTEST
        classify = None
        if levels.errors == "kind":
            try:
                from hcsdoc.conformance.results.errorkinds import classify_error

                classify = classify_error
            except ImportError:
                classify = None
        self.rerun = shlex.join(_rerun_argv(args, self.kind, levels))
        events: dict[str, dict[str, Any]] = {}
        # Set first: whatever happens below, the batch is run at most once (a failure must not be repeated by
        # every later item, each paying the adapter's start-up again).
        self.events = events
        impl = self.impl
        try:
            if impl is None:
                impl, self.kind = build_implementation(args)
                self.rerun = shlex.join(_rerun_argv(args, self.kind, levels))
            if self.kind == "reference":
                impl.timeout = None  # no SIGALRM inside pytest (pytest-timeout may own it)
            # SIGTERM/SIGHUP (a CI timeout) behave like Ctrl-C: the adapter and its helpers are killed first.
            with signals_handled(), contextlib.ExitStack() as stack:
                stack.callback(impl.close)
                info = impl.start()
                cfg = CheckConfig(
                    levels=levels,
                    expectations=self.exp,
                    classify=classify,
                    rerun_argv=_rerun_argv(args, self.kind, levels),
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
        except UsageError as exc:
            self.failure = str(exc)
        except Exception as exc:  # AdapterUnavailable (no such program), or a runner bug: say it once per item
            self.failure = f"{type(exc).__name__}: {exc}"

    def event(self, case_id: str) -> dict[str, Any] | None:
        if self.events is None:
            self.run()
        assert self.events is not None
        return self.events.get(case_id)


class VectorItem(pytest.Item):
    def __init__(self, *, vector: Any, batch: _Batch, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.vector = vector
        self.batch = batch
        # Tags are matchable with -k (as keywords, not marks: marks would need registering).
        self.extra_keyword_matches.update(vector.tags)

    def runtest(self) -> None:
        ev = self.batch.event(self.vector.id)
        if ev is None:
            why = self.batch.failure or "the runner returned no result for it"
            if self.batch.footer.get("stopped"):
                why += f" (run stopped: {self.batch.footer['stopped']})"
            rerun = self.batch.rerun
            pytest.fail(
                f"{self.vector.id}: not run: {why}"
                + (
                    f"\n    rerun: {rerun} --vectors {shlex.quote(str(self.vector.file))} --id {shlex.quote(self.vector.id)}"
                    if rerun
                    else ""
                ),
                pytrace=False,
            )
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
            from hcsdoc.conformance.runner.live import describe_case

            # An adapter's stderr tail may be one enormous line: keep every report line readable.
            lines = describe_case(excinfo.value.event, max_mismatches=20)
            return "\n".join(
                t if len(t) <= _MAX_LINE else f"{t[:_MAX_LINE]}... ({len(t) - _MAX_LINE} more)" for t in lines
            )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"hcsdoc vector {self.vector.id}"


class StaleItem(pytest.Item):
    def __init__(self, *, batch: _Batch, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.batch = batch

    def runtest(self) -> None:
        from hcsdoc.conformance.runner.engine import stale_ids

        stale = stale_ids(self.batch.suite, self.batch.expectations())
        if stale:
            # A plain failure (no traceback): the file, not the plugin, is what needs fixing.
            pytest.fail(
                f"{self.path}: stale expectations (no such case): {', '.join(stale)}\n"
                "    remove these entries (or run `hcsdoc check --update-expectations`)",
                pytrace=False,
            )

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


def _nodeid(config: pytest.Config, path: Path) -> str:
    """The file part of an item's node id: relative to the rootdir when inside it, else the absolute path (pytest's
    own fallback would be ``::<file name>``, which names no file)."""
    try:
        return path.relative_to(config.rootpath).as_posix()
    except ValueError:
        return path.as_posix()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("hcsdoc_impl", default=None):
        return
    batch = _Batch(config)
    config.stash[_RUNNER_KEY] = batch
    for f in batch.suite.files:
        collector = VectorFile.from_parent(
            session, path=f.path.resolve(), nodeid=_nodeid(config, f.path.resolve()), batch=batch
        )
        items.extend(collector.collect())
    exp = batch.expectations()
    if exp.path is not None and exp.entries:
        holder = ExpectationsFile.from_parent(
            session, path=exp.path.resolve(), nodeid=_nodeid(config, exp.path.resolve()), batch=batch
        )
        items.extend(holder.collect())


def pytest_collection_finish(session: pytest.Session) -> None:
    batch = session.config.stash.get(_RUNNER_KEY, None)
    if batch is not None:
        batch.items = [i for i in session.items if isinstance(i, VectorItem)]
