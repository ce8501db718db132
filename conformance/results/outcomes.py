"""The outcome vocabulary of a check, and what an implementation answered for one case.

Observed outcomes (what happened):

* ``pass`` -- the result matched at the requested levels;
* ``fail`` -- documents expected and documents produced, but they differ;
* ``error-mismatch`` -- an error (or panic) expected and one produced, but not the same one (text, kind or
  error-vs-panic);
* ``unexpected-error`` -- documents expected, an error or panic produced;
* ``unexpected-documents`` -- an error or panic expected, documents produced;
* ``crash`` -- the implementation died on the case (process exit, an exception in-process, or an ``errored`` reply,
  which is a crash the adapter caught itself);
* ``timeout`` -- no reply within the per-case timeout;
* ``harness-error`` -- the reply broke the protocol (not JSON, wrong ``seq``, partial line, too large, wrong shape);
* ``skipped`` -- the adapter declined the case, or the expectations file says not to run it.

After the expectations file is applied, a listed non-pass outcome that happened becomes ``xfail`` and a listed
case that passed becomes ``xpass`` (which is unexpected: the list is stale).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

Outcome = Literal[
    "pass",
    "fail",
    "error-mismatch",
    "unexpected-error",
    "unexpected-documents",
    "crash",
    "timeout",
    "harness-error",
    "skipped",
    "xfail",
    "xpass",
]

OUTCOMES: Final[tuple[str, ...]] = get_args(Outcome)  # one list: the Literal above

# Outcomes an expectations entry may name: every observed non-pass outcome, plus "skip" (do not run the case).
EXPECTABLE: Final[frozenset[str]] = (frozenset(OUTCOMES) - {"pass", "xfail", "xpass"}) | {"skip"}

ReplyKind = Literal["result", "skipped", "errored", "crash", "timeout", "harness-error"]


@dataclass
class Reply:
    """What an implementation answered for one case, before comparison.

    ``kind`` is ``result`` (``result`` holds a result dict, docs/case-format.md §2), ``skipped``/``errored`` (the
    adapter's own answer, ``message`` holds its text), or one of the runner-detected failures ``crash``, ``timeout``
    and ``harness-error`` (``message`` says what happened). ``stderr`` is what the adapter wrote to stderr while the
    case was being processed (only kept for non-``result`` replies and failures).
    """

    kind: ReplyKind
    result: dict[str, Any] | None = None
    message: str = ""
    stderr: str = ""
    duration: float = 0.0
