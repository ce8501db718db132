"""pytest plugin ``hcsdoc``: run the conformance vectors as test items of any pytest session.

    pytest --hcsdoc-impl 'my-adapter --flag'       # one test item per vector: <vector file>::<case id>
    pytest --hcsdoc-impl 'my-adapter' --hcsdoc-diff 2000   # and a differential run: one item per finding class

The differential run (``--hcsdoc-diff N``: N generated cases against ``--hcsdoc-oracle``, the reference by default)
runs at collection, because its items are its finding classes: ``hcsdoc-diff::<finding id>`` per class (failed,
or xfail when ``--hcsdoc-diff-expectations`` accepts it, or when hcsshim says the reference is the one that
differs), or ``hcsdoc-diff::no-differences`` when there is none.

Without ``--hcsdoc-impl`` the plugin only registers its options and does nothing else (it is loaded into every
pytest session through the ``pytest11`` entry point, so it must stay harmless). All vectors are run in one
pipelined batch when the first item runs; each item then reports its own outcome. Expected failures
(``--hcsdoc-expectations``) show as xfail; an unexpected pass fails its item, and a stale expectations file fails
the extra item ``<expectations file>::expectations-not-stale``.
"""

from __future__ import annotations

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
        "--hcsdoc-documents",
        default="both",
        choices=("both", "v1", "v2"),
        help="documents compared (default both)",
    )
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
    group.addoption(
        "--hcsdoc-diff",
        default=0,
        type=int,
        metavar="N",
        help="also run a differential run of N generated cases against --hcsdoc-oracle (one item per finding class)",
    )
    group.addoption("--hcsdoc-oracle", default="reference", choices=("reference", "go"), help="oracle of --hcsdoc-diff")
    group.addoption(
        "--hcsdoc-arbitrate",
        default="auto",
        choices=("auto", "go", "none"),
        help="run --hcsdoc-diff findings through hcsshim too (auto: when it is set up here)",
    )
    group.addoption("--hcsdoc-diff-seed", default=0, type=int, metavar="S", help="generation seed of --hcsdoc-diff")
    group.addoption(
        "--hcsdoc-diff-expectations", default=None, metavar="FILE", help="accepted differences (by finding id)"
    )
    group.addoption(
        "--hcsdoc-diff-out", default="findings/diff", metavar="DIR", help="where --hcsdoc-diff writes its findings"
    )


class HcsdocCaseFailure(Exception):
    def __init__(self, event: dict[str, Any]) -> None:
        super().__init__(event.get("message", event["outcome"]))
        self.event = event


class _Batch:
    """Runs every selected vector once, pipelined, and hands out the per-case events."""

    def __init__(self, config: pytest.Config) -> None:
        from hcsdoc.conformance.impl.adapters import program_problem
        from hcsdoc.conformance.impl.resolve import ResolveError, parse_impl
        from hcsdoc.conformance.runner.expectations import ExpectationsError
        from hcsdoc.conformance.vectors.suite import load_suite

        self.config = config
        try:
            self.spec = parse_impl(config.getoption("hcsdoc_impl"), config.getoption("hcsdoc_hcsshim"))
        except ResolveError as exc:
            raise pytest.UsageError(f"--hcsdoc-impl: {exc}") from None
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
        if self.spec.kind != "go":
            # An adapter command line is only parsed here (nothing is started); ``go`` may need a build, which
            # waits until an item actually runs (not on --collect-only).
            try:
                self.impl = self._build()
            except ResolveError as exc:
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

    def _build(self) -> Any:
        from hcsdoc.conformance.impl.resolve import AdapterSettings, build

        opt = self.config.getoption
        settings = AdapterSettings(
            timeout=opt("hcsdoc_timeout"),
            start_timeout=opt("hcsdoc_start_timeout"),
            max_restarts=opt("hcsdoc_max_restarts"),
        )
        # No SIGALRM timer for the reference inside pytest (pytest-timeout may own it).
        return build(self.spec, settings)

    def expectations(self) -> Any:
        return self.exp

    def _load_expectations(self) -> Any:
        from hcsdoc.conformance.runner.expectations import default_path, load_expectations

        given = self.config.getoption("hcsdoc_expectations")
        path = Path(given) if given else default_path(self.spec.kind, self.spec.hcsshim)
        return load_expectations(path, must_exist=bool(given))

    def run(self) -> None:
        from hcsdoc.conformance.impl.resolve import ResolveError
        from hcsdoc.conformance.results.compare import STRICTEST, CompareLevels
        from hcsdoc.conformance.runner.engine import CheckConfig, run_check
        from hcsdoc.conformance.runner.rerun import check_argv

        opt = self.config.getoption
        levels = CompareLevels(opt("hcsdoc_compare"), opt("hcsdoc_errors"), opt("hcsdoc_documents"))
        if self.spec.kind == "reference":
            levels = STRICTEST
        classify = None
        if levels.errors == "kind":
            try:
                from hcsdoc.conformance.results.errorkinds import classify_error

                classify = classify_error
            except ImportError:
                classify = None
        rerun_argv = check_argv(self.spec, levels, opt("hcsdoc_expectations"))
        self.rerun = shlex.join(rerun_argv)
        events: dict[str, dict[str, Any]] = {}
        # Set first: whatever happens below, the batch is run at most once (a failure must not be repeated by
        # every later item, each paying the adapter's start-up again).
        self.events = events
        impl = self.impl
        try:
            if impl is None:
                impl = self._build()
            # SIGTERM/SIGHUP (a CI timeout) behave like Ctrl-C: the adapter and its helpers are killed first.
            with signals_handled(), contextlib.ExitStack() as stack:
                stack.callback(impl.close)
                info = impl.start()
                cfg = CheckConfig(
                    levels=levels,
                    expectations=self.exp,
                    classify=classify,
                    rerun_argv=rerun_argv,
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
        except ResolveError as exc:
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
    if (config.getoption("hcsdoc_diff") or 0) > 0 and not config.getoption("collectonly"):
        items.extend(_diff_items(session, config))
    exp = batch.expectations()
    if exp.path is not None and exp.entries:
        holder = ExpectationsFile.from_parent(
            session, path=exp.path.resolve(), nodeid=_nodeid(config, exp.path.resolve()), batch=batch
        )
        items.extend(holder.collect())


class DiffItem(pytest.Item):
    """One finding class of the differential run (or the one passing item when there is none)."""

    def __init__(self, *, judged: Any, summary: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.judged = judged
        self.summary = summary

    def runtest(self) -> None:
        from hcsdoc.conformance.differential import session as ses
        from hcsdoc.conformance.differential.arbitrate import REPORT_HINT

        j = self.judged
        if j is None:
            return
        f = j.finding
        head = f"{f.id} [{f.outcome}]: {self.summary}"
        if j.status == ses.REFERENCE_BUG:
            pytest.xfail(f"{head}: {f.verdict}: {REPORT_HINT}")
        if j.status == ses.ACCEPTED:
            pytest.xfail(f"{head}: accepted: {j.entry.reason if j.entry else ''}")
        lines = [head, *(f"    {p}" for p in f.paths[:20])]
        if f.verdict:
            lines.append(f"    arbitration: {f.verdict}")
        lines += [f"    repro: {j.repro}", f"    report: {j.report_file}"]
        pytest.fail("\n".join(t if len(t) <= _MAX_LINE else t[:_MAX_LINE] + "..." for t in lines), pytrace=False)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"hcsdoc differential {self.name}"


class DiffRun(pytest.File):
    def __init__(self, *, result: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.result = result

    def collect(self) -> Iterator[pytest.Item]:
        r = self.result
        stats = r.stats
        summary = f"{r.subject} vs {r.oracle}, {stats.cases} cases"
        if not r.judged:
            yield DiffItem.from_parent(self, name="no-differences", judged=None, summary=summary)
        for j in r.judged:
            yield DiffItem.from_parent(self, name=j.finding.id, judged=j, summary=summary)


def _diff_items(session: pytest.Session, config: pytest.Config) -> list[pytest.Item]:
    from hcsdoc.conformance.differential import session as ses
    from hcsdoc.conformance.impl.resolve import ResolveError
    from hcsdoc.conformance.results.compare import CompareLevels
    from hcsdoc.conformance.runner.expectations import ExpectationsError

    opt = config.getoption
    levels = CompareLevels(opt("hcsdoc_compare"), opt("hcsdoc_errors"), opt("hcsdoc_documents"))
    given = opt("hcsdoc_diff_expectations")
    try:
        result = ses.run_session(
            opt("hcsdoc_impl"),
            oracle=opt("hcsdoc_oracle"),
            examples=opt("hcsdoc_diff"),
            seed=opt("hcsdoc_diff_seed"),
            levels=levels,
            hcsshim=opt("hcsdoc_hcsshim"),
            out=Path(opt("hcsdoc_diff_out")),
            expectations=Path(given) if given else None,
            arbitrate=opt("hcsdoc_arbitrate"),
        )
    except (ResolveError, ses.SideUnavailable, ExpectationsError) as exc:
        raise pytest.UsageError(f"--hcsdoc-diff: {exc}") from None
    holder = DiffRun.from_parent(session, path=config.rootpath / "hcsdoc-diff", nodeid="hcsdoc-diff", result=result)
    return list(holder.collect())


def pytest_collection_finish(session: pytest.Session) -> None:
    batch = session.config.stash.get(_RUNNER_KEY, None)
    if batch is not None:
        batch.items = [i for i in session.items if isinstance(i, VectorItem)]
