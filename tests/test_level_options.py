"""The comparison-level options (``--compare``, ``--errors``, ``--documents``) that ``check``, ``diff`` and
``fuzz`` share, and the words that select the same levels again in a repro line."""

from __future__ import annotations

import argparse
from types import ModuleType

import pytest

from hcsdoc.commands import check, diff, fuzz
from hcsdoc.conformance.differential.session import diff_argv
from hcsdoc.conformance.impl.resolve import parse_impl
from hcsdoc.conformance.results.compare import CompareLevels
from hcsdoc.conformance.runner.rerun import check_argv

LEVELS = (
    CompareLevels(),
    CompareLevels("structural", "text", "both"),
    CompareLevels("bytes", "kind", "v2"),
    CompareLevels("structural", "kind", "v1"),
)


def _parser(command: ModuleType) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(exit_on_error=False)
    command.add_arguments(parser)
    return parser


def test_default_levels_need_no_words() -> None:
    assert CompareLevels().cli_words() == []
    assert CompareLevels("structural", "outcome", "v1").cli_words() == [
        "--compare",
        "structural",
        "--errors",
        "outcome",
        "--documents",
        "v1",
    ]


@pytest.mark.parametrize("command", [check, diff, fuzz])
@pytest.mark.parametrize("levels", LEVELS)
def test_words_parse_back_to_the_same_levels(command: ModuleType, levels: CompareLevels) -> None:
    args = _parser(command).parse_args(levels.cli_words())
    if command in (check, diff):  # None: the default of the implementation (text and both for all but moby)
        args.errors = args.errors or "text"
        args.documents = args.documents or "both"
    assert CompareLevels(args.compare, args.errors, args.documents) == levels


@pytest.mark.parametrize("command", [check, diff])
def test_check_and_diff_leave_errors_and_documents_to_the_implementation(command: ModuleType) -> None:
    args = _parser(command).parse_args([])
    assert (args.compare, args.errors, args.documents) == ("bytes", None, None)
    assert _parser(command).parse_args(["--errors", "outcome"]).errors == "outcome"


@pytest.mark.parametrize("command", [fuzz])
def test_fuzz_defaults_to_the_strictest_levels_without_outcome(command: ModuleType) -> None:
    parser = _parser(command)
    args = parser.parse_args([])
    assert (args.compare, args.errors, args.documents) == ("bytes", "text", "both")
    with pytest.raises(argparse.ArgumentError, match="invalid choice: 'outcome'"):
        parser.parse_args(["--errors", "outcome"])


def test_repro_lines_carry_the_level_words() -> None:
    levels = CompareLevels("structural", "kind", "v1")
    words = levels.cli_words()
    argv = check_argv(parse_impl("go"), levels, "x.json")
    assert argv[-len(words) - 2 :] == [*words, "--expectations", "x.json"]
    argv = diff_argv(parse_impl("'my adapter'"), parse_impl("reference"), levels)
    assert argv[-len(words) :] == words
    assert check_argv(parse_impl("reference"), CompareLevels()) == ["hcsdoc", "check"]
