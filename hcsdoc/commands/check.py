"""``hcsdoc check``: check an implementation against the conformance vectors."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from hcsdoc.conformance.impl.resolve import GoCommand, ImplSpec

from hcsdoc.commands._common import (
    OutputPathError,
    add_level_options,
    check_output_dir,
    check_output_file,
    seconds,
    silence_stdout,
)

HELP = "check an implementation (default: the built-in reference) against the conformance vectors"


EPILOG = """\
implementations (--impl):
  reference      the built-in Python reference, in-process (always checked at the strictest levels)
  go, go@VERSION the real hcsshim through the capture executable (--hcsshim VERSION, default v0.11.8)
  moby[@VERSION] Docker Engine's own conversion (libcontainerd/local, default v28.5.2), built from the Go
                 module proxy and run under Wine; checked with --documents v1 --errors outcome unless told
  'CMD ARGS'     any program speaking the adapter protocol (conformance/protocol/adapter.md)

outcomes: pass, fail, error-mismatch, unexpected-error, unexpected-documents, crash, timeout, harness-error,
skipped, xfail, xpass. Exit codes: 0 every outcome as expected; 1 unexpected outcomes, an xpass or stale
expectation, or an early stop; 2 usage or input error; 130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP and 141
stdout closed (the adapter is killed, the reports written so far are marked incomplete).
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    g = parser.add_argument_group("implementation")
    g.add_argument(
        "--impl",
        default="reference",
        metavar="IMPL",
        help="reference (default), go, go@VERSION, moby[@VERSION], or an adapter command line",
    )
    g.add_argument(
        "--hcsshim",
        default=None,
        metavar="VERSION",
        help="hcsshim version for --impl go (default v0.11.8; or --impl go@VERSION)",
    )
    g.add_argument("--timeout", type=seconds, default=10.0, metavar="S", help="seconds per case (default 10)")
    g.add_argument(
        "--start-timeout",
        type=seconds,
        default=60.0,
        metavar="S",
        help="seconds for an adapter's handshake (default 60)",
    )
    g.add_argument(
        "--max-restarts",
        type=int,
        default=20,
        metavar="N",
        help="adapter restarts allowed after crashes/hangs (default 20)",
    )
    g.add_argument("--window", type=int, default=32, metavar="N", help="run requests kept outstanding (default 32)")
    g.add_argument(
        "--max-reply-bytes",
        type=int,
        default=64 << 20,
        metavar="N",
        help="longest accepted reply line (default 64 MiB)",
    )
    g.add_argument(
        "--validate-protocol", action="store_true", help="validate every protocol message against the JSON Schemas"
    )
    g = parser.add_argument_group("vectors and selection")
    g.add_argument(
        "--vectors",
        action="append",
        default=[],
        metavar="PATH",
        help="vector file or folder (repeatable; default conformance/vectors/)",
    )
    g.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="run cases with this tag (repeatable: any)"
    )
    g.add_argument("--exclude-tag", action="append", default=[], metavar="TAG", help="do not run cases with this tag")
    g.add_argument(
        "--id",
        action="append",
        default=[],
        dest="ids",
        metavar="GLOB",
        help="run cases whose id matches (repeatable: any)",
    )
    g.add_argument("--shard", default=None, metavar="I/N", help="run shard I of N (1-based, stable by id)")
    g.add_argument("--max-fail", type=int, default=None, metavar="N", help="stop after N unexpected outcomes")
    add_level_options(parser.add_argument_group("comparison"), outcome=True, per_impl=True)
    g = parser.add_argument_group("expectations")
    g.add_argument(
        "--expectations",
        default=None,
        metavar="FILE",
        help="expected-outcomes file (default: conformance/expectations/reference.json, go-VERSION.json or moby-VERSION.json)",
    )
    g.add_argument(
        "--update-expectations",
        action="store_true",
        help="rewrite the expectations file from the observed outcomes (only the cases run)",
    )
    g = parser.add_argument_group("reports")
    g.add_argument("--events", default=None, metavar="FILE", help="write the JSON-lines event stream ('-': stdout)")
    g.add_argument("--junit", default=None, metavar="FILE", help="write JUnit XML")
    g.add_argument(
        "--markdown",
        default=None,
        metavar="FILE",
        help="write a Markdown summary (appended if FILE is $GITHUB_STEP_SUMMARY)",
    )
    g.add_argument(
        "--repro-dir",
        default=None,
        metavar="DIR",
        help="write each unexpected case (case, expected, actual) to DIR/<id>.json",
    )
    g.add_argument("--show-expected", action="store_true", help="also print expected failures and skips")
    g.add_argument("--no-progress", action="store_true", help="no progress bar")
    g.add_argument("-q", "--quiet", action="store_true", help="print only the final verdict (and unexpected outcomes)")


class UsageError(Exception):
    pass


def build_implementation(args: argparse.Namespace, go_cmd: GoCommand | None = None) -> tuple[Any, ImplSpec]:
    """The implementation ``--impl`` names (not started) and its parsed form."""
    from hcsdoc.conformance.impl.resolve import AdapterSettings, ResolveError, resolve

    settings = AdapterSettings(
        timeout=args.timeout,
        start_timeout=args.start_timeout,
        max_restarts=args.max_restarts,
        window=args.window,
        max_reply_bytes=args.max_reply_bytes,
        validate_protocol=args.validate_protocol,
    )
    try:
        return resolve(
            args.impl, hcsshim=args.hcsshim, settings=settings, reference_timeout=args.timeout, go_cmd=go_cmd
        )
    except ResolveError as exc:
        raise UsageError(str(exc)) from None


@contextlib.contextmanager
def _open_out(path: str | None, append: bool = False) -> Iterator[TextIO | None]:
    if path is None:
        yield None
    elif path == "-":
        yield sys.stdout
    else:
        # The path was checked before the run (check_output_file): no folder is created for it.
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            yield f


def _err(msg: str) -> int:
    print(f"hcsdoc check: error: {msg}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except UsageError as exc:
        return _err(str(exc))


def _run(args: argparse.Namespace, go_cmd: GoCommand | None = None) -> int:
    from hcsdoc.conformance.impl.adapters import AdapterUnavailable
    from hcsdoc.conformance.results.compare import STRICTEST, CompareLevels
    from hcsdoc.conformance.runner.engine import CheckConfig, CheckInterrupted, run_check
    from hcsdoc.conformance.runner.expectations import (
        ExpectationsError,
        default_path,
        dumps_expectations,
        load_expectations,
        update_expectations,
    )
    from hcsdoc.conformance.runner.live import LiveView
    from hcsdoc.conformance.runner.report import Events, EventWriter, render_junit, render_markdown
    from hcsdoc.conformance.runner.selection import Selection, SelectionError, parse_shard, select
    from hcsdoc.conformance.vectors.suite import SuiteError, load_suite

    for name in ("timeout", "start_timeout"):
        if getattr(args, name) <= 0:
            raise UsageError(f"--{name.replace('_', '-')} must be positive")
    if args.window < 1 or args.max_restarts < 0 or args.max_reply_bytes < 1024:
        raise UsageError("--window must be >= 1, --max-restarts >= 0, --max-reply-bytes >= 1024")
    if args.max_fail is not None and args.max_fail < 1:
        raise UsageError("--max-fail must be >= 1")
    if args.update_expectations and args.max_fail is not None:
        raise UsageError("--update-expectations needs a complete run: drop --max-fail")
    from hcsdoc.conformance.impl.resolve import ResolveError, parse_impl
    from hcsdoc.conformance.runner.rerun import check_argv

    # Every output path is checked before any work: a typo must not cost a whole run.
    try:
        for option in ("events", "junit", "markdown"):
            check_output_file(f"--{option}", getattr(args, option))
        check_output_dir("--repro-dir", args.repro_dir)
    except OutputPathError as exc:
        raise UsageError(str(exc)) from None
    try:
        spec = parse_impl(args.impl, args.hcsshim)
    except ResolveError as exc:
        raise UsageError(str(exc)) from None
    try:
        shard = parse_shard(args.shard) if args.shard else None
    except SelectionError as exc:
        raise UsageError(str(exc)) from None
    selection = Selection(tuple(args.tag), tuple(args.exclude_tag), tuple(args.ids), shard)

    try:
        suite = load_suite(args.vectors or None)
    except SuiteError as exc:
        return _err(str(exc))
    selected = select(suite.vectors, selection)
    if selection.filters and not selected:
        return _err("no case matches the selection (--tag/--exclude-tag/--id)")

    impl_kind = spec.kind
    levels = CompareLevels(
        args.compare,
        args.errors or ("outcome" if impl_kind == "moby" else "text"),
        args.documents or ("v1" if impl_kind == "moby" else "both"),
    )
    if impl_kind == "reference" and levels != STRICTEST:
        print(
            "hcsdoc check: the reference is always checked at the strictest levels (bytes, text, both documents)",
            file=sys.stderr,
        )
        levels = STRICTEST
    exp_path = Path(args.expectations) if args.expectations else default_path(impl_kind, spec.version)
    if args.update_expectations and exp_path is None:
        raise UsageError("--update-expectations needs --expectations FILE for an external adapter")
    try:
        expectations = load_expectations(exp_path, must_exist=bool(args.expectations) and not args.update_expectations)
    except ExpectationsError as exc:
        return _err(str(exc))
    if not expectations.implementation:
        expectations.implementation = spec.label

    classify = None
    if levels.errors == "kind":
        try:
            from hcsdoc.conformance.results.errorkinds import classify_error

            classify = classify_error
        except ImportError:
            print(
                "hcsdoc check: conformance.errorkinds is missing: error kinds come only from the adapter's errorKind",
                file=sys.stderr,
            )

    try:
        impl, spec = build_implementation(args, go_cmd)
        info = impl.start()
    except AdapterUnavailable as exc:
        return _err(str(exc))

    config = CheckConfig(
        levels=levels,
        expectations=expectations,
        selection=selection,
        max_fail=args.max_fail,
        classify=classify,
        rerun_argv=check_argv(spec, levels, args.expectations),
        repro_dir=Path(args.repro_dir) if args.repro_dir else None,
        argv=sys.argv[1:],
    )
    if args.repro_dir:
        Path(args.repro_dir).mkdir(exist_ok=True)
    interrupted: CheckInterrupted | None = None
    human = sys.stderr if args.events == "-" else sys.stdout
    view = LiveView(
        human, progress=human.isatty() and not args.no_progress, quiet=args.quiet, show_expected=args.show_expected
    )
    try:
        with _open_out(args.events) as events_out:
            writer = EventWriter(events_out) if events_out is not None else None

            def emit(ev: dict[str, Any]) -> None:
                if writer is not None:
                    writer(ev)
                view.handle(ev)

            try:
                result = run_check(suite, selected, impl, info, config, emit)
            except CheckInterrupted as exc:
                interrupted = exc
                result = exc.run
    finally:
        impl.close()

    events = Events(result.header, result.cases, result.footer, args.events or "")
    if args.junit:
        with _open_out(args.junit) as f:
            assert f is not None
            f.write(render_junit(events))
    if args.markdown:
        append = args.markdown == os.environ.get("GITHUB_STEP_SUMMARY")
        with _open_out(args.markdown, append=append) as f:
            assert f is not None
            f.write(render_markdown(events))
    if interrupted is not None:
        # The reports above hold the cases done and say the run is incomplete; nothing else is written.
        if interrupted.signum == signal.SIGPIPE:
            silence_stdout()
        print(
            f"hcsdoc check: {interrupted.why}: {len(result.cases)} of {len(selected)} case(s) done; the adapter was "
            "stopped and the reports are marked incomplete",
            file=sys.stderr,
        )
        return interrupted.exit_code
    exit_code = result.exit_code
    if args.update_expectations:
        assert exp_path is not None
        observed = {c["id"]: c["observed"] for c in result.cases if c["expected"] != "skip"}
        summary = update_expectations(expectations, observed, result.footer["stale"])
        if summary or not exp_path.exists():
            exp_path.parent.mkdir(parents=True, exist_ok=True)
            exp_path.write_text(dumps_expectations(expectations), encoding="utf-8")
        print(
            f"hcsdoc check: {exp_path}: {len(summary.added)} added, {len(summary.changed)} changed, {len(summary.removed)} removed",
            file=human,
        )
        # The file now says what was observed; the run is "as expected" unless it stopped early.
        exit_code = 1 if result.footer["stopped"] else 0
    return exit_code
