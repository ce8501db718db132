"""``hcsdoc reach``: how much of the converter the case strategies reach.

Draws N cases from :func:`conformance.strategies.cases` (deterministically, see :func:`draw_cases`), runs each
through the reference under coverage.py in branch mode (measuring ``reference/``), and reports the share of
branches reached per part and per module, and every branch never taken (``file:line->line``; a negative target
is an exit from the function). Exit status 0 when every reachable converter branch was reached, 1 otherwise.

What "the converter" is (:data:`PARTS`, decided per function, since a few modules serve two parts):

* **converter**: ``createWindowsContainerDocument`` and everything it calls, i.e. ``reference/hcsoci/*``,
  ``annotations``, ``oci``, ``layers``, ``wclayer``, ``uvm`` (the UtilityVM as the converter queries it),
  ``uvmfolder``, ``guid`` (GUID values), ``hcserror``, ``strconv``, ``filepath_windows``, ``schemaversion``,
  ``osversion``, ``goint``, ``goerrors``, ``winerror``, ``gofmt`` (``%q``), the schema types (``specs``,
  ``hcsschema``, ``schema1``) and the host *seams* (``RecordedHost``'s ``ProcessorCount``, ``OSBuild``,
  ``NameToGuid``, ``ResolvePath``, ``Stat``, ``ReadFile``).
* **codec**: Go's ``encoding/json`` (``reference/gojson/*``, ``gotypes``, and ``gofmt.quote_byte``), which decodes
  the spec and the device-extension files and encodes the documents. Reported, not part of the target.
* **input**: reading a case (``api``, ``caseinput``, ``RecordedHost.__init__``/``_File.from_case``/``_errno_of``,
  ``UtilityVM.from_case``, ``guid.FromString``): mostly rejections of malformed cases, which the strategies never
  draw. Reported, not part of the target.

Converter branches that no valid case can take (:data:`UNREACHABLE`, each with its argument; the reference is
left as it is because each mirrors Go code that *is* reachable from other callers in hcsshim). They are counted,
shown, and *checked*: if one is ever taken, the argument is wrong and the run fails.

* ``filepath_windows.Join`` stripping leading separators of a later element: every Join call of the converter
  has as later element ``"UtilityVM"``, a ``Split`` file part (never holds a separator) or the rest of a
  ``sandbox://`` source after ``"C:\\SandboxMounts"`` (whose last character is not a separator).
* ``gofmt.is_print`` on a surrogate and ``gofmt.quote`` of one: the converter quotes only strings decoded by Go's
  JSON decoder (mount sources, annotation values), which never hold a lone surrogate (it makes them U+FFFD).
* ``goerrors.IsNotExist`` of an error that is not a ``*PathError``: its only caller passes ``Stat``'s error,
  always a ``*PathError``.
* ``hcserror``: its only caller (``wclayer.NameToGuid``) passes the title ``"hcsshim::NameToGuid"`` (not empty,
  no trailing space), an empty ``rest`` and a bare ``Errno`` (so never an ``HcsError`` or another error type).
* ``RecordedHost.ReadFile``'s NUL, unknown-path and errno answers: ``ReadFile`` is only called on an extension
  path that ``Stat`` accepted just before (every path is stat-ed before any is read), which rules all three out.
* ``schemaversion.IsV10(nil)``: every ``IsV10`` is evaluated after an ``IsV21`` of the same version
  (``isV2Argon()`` comes first), which panics on nil already.
* ``strconv`` ``ParseInt`` of an empty string: ``Atoi`` calls it only for inputs of 19 bytes or more.

:func:`draw_cases` is also the deterministic case source for the capture tool's generated vectors and for the
fuzzers' seed corpora.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final

from hcsdoc.conformance.results.canonical import canonical_json

_INPUT_SIZE: Final = 4096  # bytes per draw (libFuzzer's default -max_len)

__all__ = [
    "PARTS",
    "UNREACHABLE",
    "PartTally",
    "draw_cases",
    "measure",
    "part_of",
    "tally",
]


def draw_cases(n: int, seed: int, region: str = "any", *, isolation: str | None = None) -> list[dict[str, Any]]:
    """``n`` distinct complete cases drawn from ``cases(region=..., isolation=...)``, in draw order.

    Each case is one independent draw, made the way the structured fuzzer makes them: ``fuzz_one_input`` of a
    ``@given`` test, fed pseudo-random bytes from ``random.Random(seed)``. So the cases follow the strategies'
    own distribution (Hypothesis's generate phase would instead mutate earlier examples, which clusters them) and
    are deterministic for a given ``seed`` and Hypothesis version, whatever else is loaded (see
    :mod:`conformance.strategies.reproducible`). Duplicates (by canonical JSON) are dropped.
    """
    import random

    from hypothesis import HealthCheck, given, settings

    from hcsdoc.conformance.strategies import cases
    from hcsdoc.conformance.strategies.reproducible import reproducible_draws

    strategy = cases(region=region, isolation=isolation)  # type: ignore[arg-type]
    drawn: list[dict[str, Any]] = []

    @settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(case: dict[str, Any]) -> None:
        drawn.append(case)

    fuzz_one = collect.hypothesis.fuzz_one_input  # type: ignore[attr-defined]
    rng = random.Random(seed)
    with reproducible_draws():
        return _distinct(fuzz_one, drawn, rng, n)


def _distinct(fuzz_one: Any, drawn: list[dict[str, Any]], rng: Any, n: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    tries = 0
    while len(out) < n:
        tries += 1
        if tries > 20 * n + 1000:
            raise RuntimeError(f"could not draw {n} distinct cases (got {len(out)})")
        drawn.clear()
        fuzz_one(rng.randbytes(_INPUT_SIZE))
        for case in drawn:
            key = canonical_json(case)
            if key not in seen:
                seen.add(key)
                out.append(case)
    return out


def _reference_dir() -> str:
    from hcsdoc import reference

    return os.path.dirname(os.path.abspath(reference.__file__))


@contextmanager
def fresh_import(package: str) -> Iterator[None]:
    """Inside the block, ``package`` and its submodules are imported anew (so that their module-level lines run under
    whatever measures them); afterwards the modules that were loaded before come back, so that the rest of the
    process keeps one copy of each class (a second ``CaseError`` would slip past ``except`` clauses)."""
    parent, _, leaf = package.rpartition(".")
    saved = {n: m for n, m in sys.modules.items() if n == package or n.startswith(package + ".")}
    saved_attr = getattr(sys.modules[parent], leaf, None) if parent in sys.modules else None
    for name in saved:
        del sys.modules[name]
    try:
        yield
    finally:
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
        sys.modules.update(saved)
        if saved_attr is not None:
            setattr(sys.modules[parent], leaf, saved_attr)


def measure(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Run ``cases`` through ``reference.run_case`` under branch coverage of ``reference/``; coverage.py's JSON
    report plus an ``outcomes`` tally (documents / error / panic / exception)."""
    import coverage

    ref_dir = _reference_dir()
    cov = coverage.Coverage(branch=True, source=[ref_dir], data_file=None, config_file=False)
    outcomes: Counter[str] = Counter()
    # Import the reference only while measuring so its module-level lines count as reached.
    with fresh_import("hcsdoc.reference"):
        cov.start()
        try:
            from hcsdoc.reference import run_case

            for case in cases:
                try:
                    result = run_case(case)
                except Exception as exc:  # an unmodelled failure of the reference: count it, keep measuring
                    outcomes[f"exception:{type(exc).__name__}"] += 1
                    continue
                outcomes[next(iter(k for k in ("documents", "error", "panic") if k in result), "other")] += 1
        finally:
            cov.stop()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "cov.json")
        cov.json_report(outfile=path, show_contexts=False)
        with open(path, encoding="utf-8") as f:
            report: dict[str, Any] = json.load(f)
    report["outcomes"] = dict(outcomes)
    return report


# ------------------------------------------------------------------------------------------------------------
# what the converter is

PARTS: Final = ("converter", "codec", "input")
_CODEC_MODULES: Final = ("gotypes.py",)
_INPUT_MODULES: Final = ("__init__.py", "api.py", "caseinput.py")
# Functions of converter modules that belong to another part (module relative to reference/, qualname).
_FUNCTION_PARTS: Final = {
    ("host.py", "RecordedHost.__init__"): "input",
    ("host.py", "_File.from_case"): "input",
    ("host.py", "_errno_of"): "input",
    ("uvm.py", "UtilityVM.from_case"): "input",
    ("guid.py", "FromString"): "input",
    ("gofmt.py", "quote_byte"): "codec",
}


def part_of(module: str, function: str) -> str:
    """The part (:data:`PARTS`) of ``function`` (a qualname, ``""`` for module level) in ``module`` (a path
    relative to ``reference/``)."""
    if module.startswith("gojson/") or module in _CODEC_MODULES:
        return "codec"
    if module in _INPUT_MODULES:
        return "input"
    return _FUNCTION_PARTS.get((module, function), "converter")


# Converter branches no valid case can take; the module docstring argues each. A branch is named by its module,
# function, source line and target line (stripped text, "<exit>" for leaving the function), not by line numbers,
# so the list survives edits elsewhere in the reference.
UNREACHABLE: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("filepath_windows.py", "Join", "while len(e) > 0 and IsPathSeparator(e[0]):", "e = e[1:]"),
    ("gofmt.py", "is_print", "if 0xD800 <= r <= 0xDFFF:", "return False"),
    ("gofmt.py", "quote", "if 0xD800 <= r <= 0xDFFF:", 'out.extend(f"\\\\x{b:02x}" for b in _surrogate_bytes(ch))'),
    (
        "goerrors.py",
        "IsNotExist",
        "if isinstance(err, PathError):",
        "return isinstance(err, Errno) and err.code in winerror.NOT_EXIST_CODES",
    ),
    (
        "hcserror.py",
        "HcsError.__str__",
        'if len(s) > 0 and s[-1] != " ":',
        's += f"failed in Win32: {self.Err} (0x{Win32FromError(self.Err):x})"',
    ),
    ("hcserror.py", "HcsError.__str__", 'if self.rest != "":', 'if self.rest[0] != " ":'),
    ("hcserror.py", "HcsError.__str__", 'if self.rest[0] != " ":', 's += " "'),
    ("hcserror.py", "HcsError.__str__", 'if self.rest[0] != " ":', "s += self.rest"),
    ("hcserror.py", "Win32FromError", "if isinstance(err, HcsError):", "return Win32FromError(err.Err)"),
    ("hcserror.py", "Win32FromError", "if isinstance(err, Errno):", "return ERROR_GEN_FAILURE"),
    ("host.py", "RecordedHost.ReadFile", 'if "\\x00" in path:', 'raise PathError("open", path, Errno(EINVAL))'),
    (
        "host.py",
        "RecordedHost.ReadFile",
        "if f is None:",
        'raise PathError("open", path, Errno(ERROR_FILE_NOT_FOUND))',
    ),
    ("host.py", "RecordedHost.ReadFile", "if f.errno is not None:", 'raise PathError("open", path, Errno(f.errno))'),
    ("schemaversion.py", "IsV10", "if sv is None:", "raise GoPanic(NIL_DEREFERENCE)"),
    ("strconv.py", "_parse_int10", "if not s:", "raise _ParseFailure(ErrSyntax)"),
)


@dataclass
class PartTally:
    """Branches of one part: per module ``[branches, reached]``, and the arcs not reached / argued unreachable."""

    modules: dict[str, list[int]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    unreachable_reached: list[str] = field(default_factory=list)

    @property
    def branches(self) -> int:
        return sum(n for n, _ in self.modules.values())

    @property
    def reached(self) -> int:
        return sum(c for _, c in self.modules.values())


def tally(report: dict[str, Any]) -> tuple[dict[str, PartTally], list[str]]:
    """Split a coverage.py JSON report (branch mode, with per-function regions) into :data:`PARTS`; also the
    :data:`UNREACHABLE` entries that name no branch at all (stale)."""
    parts = {p: PartTally() for p in PARTS}
    wanted = {(m, f, src, dst): False for m, f, src, dst in UNREACHABLE}
    ref_dir = _reference_dir()
    for path, data in report["files"].items():
        norm = "/" + path.replace(os.sep, "/")
        module = norm[norm.rindex("/reference/") + len("/reference/") :]
        with open(os.path.join(ref_dir, *module.split("/")), encoding="utf-8") as fh:
            lines = fh.read().splitlines()

        def text(n: int, lines: list[str] = lines) -> str:
            return "<exit>" if n < 0 else lines[n - 1].strip()

        for function, fdata in data["functions"].items():
            tally_ = parts[part_of(module, function)]
            counts = tally_.modules.setdefault(module, [0, 0])
            for arcs, taken in ((fdata["executed_branches"], True), (fdata["missing_branches"], False)):
                for src, dst in arcs:
                    counts[0] += 1
                    counts[1] += taken
                    name = f"reference/{module}:{src}->{dst}"
                    key = (module, function, text(src), text(dst))
                    if key in wanted:
                        wanted[key] = True
                        if taken:
                            tally_.unreachable_reached.append(f"{name} ({function})")
                        else:
                            tally_.unreachable.append(f"{name} ({function})")
                    elif not taken:
                        tally_.missing.append(f"{name} ({function})")
    stale = [" | ".join(k) for k, seen in wanted.items() if not seen]
    return parts, stale
