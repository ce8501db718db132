"""Planted bugs: deliberate one-line mutations of the reference, to measure the differential tester itself.

Each :class:`Mutant` names one reference function and one line of it to rewrite: :func:`applied` recompiles that
function's source with the line replaced (in the function's own module globals, plus any extra module it needs) and
monkeypatches every ``reference.*`` module attribute bound to the original, restoring them on exit. Each mutant
reproduces a bug a plausible port of hcsshim could have (see ``why``).

*The minimal case* of a mutant is stated as data: ``minimal`` is the smallest case we know that shows the bug (a
partial case, completed by :func:`reference.case.normalize_case`). A shrunk case *is minimal* when it shows the bug
and its canonical JSON is no longer than ``minimal``'s (:func:`is_minimal`); the tests check that ``minimal`` shows
the bug and that the shrinker cannot make it smaller, so the bound is reachable and tight.

``equivalent=True`` marks a mutant that cannot change any result (a control: the check must *never* find it).
"""

from __future__ import annotations
import __future__

import importlib
import inspect
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FunctionType, ModuleType
from typing import Any, Final

from hcsdoc.conformance.differential.model import REFERENCE_LOCK
from hcsdoc.reference import normalize_case
from hcsdoc.reference.annotations import ContainerProcessDumpLocation as _DUMP_LOCATION
from hcsdoc.reference.annotations import ContainerProcessorCount as _CPU_COUNT
from hcsdoc.reference.annotations import WCOWProcessDumpCount as _DUMP_COUNT

__all__ = ["MUTANTS", "Mutant", "MutationError", "applied", "by_name", "is_minimal"]


class MutationError(Exception):
    """A mutant that no longer applies (its line is not found exactly once in the function)."""


@dataclass(frozen=True)
class Mutant:
    name: str
    module: str  # e.g. "hcsdoc.reference.hcsoci.hcsdoc_wcow"
    function: str  # a module-level function of that module
    old: str  # the exact text replaced (must occur once in the function's source)
    new: str
    why: str
    # Partial cases, each the smallest we know for one way of showing the bug (see the module docstring).
    minimal: tuple[dict[str, Any], ...] = ()
    equivalent: bool = False
    imports: tuple[str, ...] = ()  # extra modules the new line uses

    def minimal_cases(self) -> list[dict[str, Any]]:
        return [normalize_case(c) for c in self.minimal]


# Every minimal case below has the simplest values the shrinker knows for everything the bug does not need: no
# id, schema version {0,0} (neither Argon nor Xenon: no volume or layer checks), 0 processors, build 0.
_SIMPLEST: Final[dict[str, Any]] = {
    "options": {"schemaVersion": {"Major": 0, "Minor": 0}},
    "host": {"processorCount": 0, "osBuild": 0},
}
# Two layer folders (fewer is an error before anything else); null decodes to "" in a Go []string.
_BARE_SPEC: Final[dict[str, Any]] = {"root": {}, "windows": {"layerFolders": [None, None]}}


def _minimal(spec: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    case: dict[str, Any] = {**_SIMPLEST, "spec": {**_BARE_SPEC, **spec}}
    for k, v in overrides.items():
        case[k] = {**case.get(k, {}), **v}
    return case



MUTANTS: Final[tuple[Mutant, ...]] = (
    Mutant(
        name="volume-regexp-dollar",
        module="hcsdoc.reference.hcsoci.hcsdoc_wcow",
        function="createWindowsContainerDocument",
        old="if _volumeGUIDRegex.fullmatch(root.Path) is None:",
        new='if re.match(_volumeGUIDRegex.pattern + "$", root.Path) is None:',
        why="Go's $ (RE2: end of text) ported as Python's $, which also matches before a final newline",
        minimal=(
            _minimal(
                # v1 Argon ({1,0}, no hyperv) checks Root.Path; the opening brace is optional.
                {"root": {"path": "\\\\?\\Volume00000000-0000-0000-0000-000000000000}\n"}},
                options={"schemaVersion": {"Major": 1, "Minor": 0}},
            ),
        ),
    ),
    Mutant(
        name="dump-count-no-int32",
        module="hcsdoc.reference.hcsoci.hcsdoc_wcow",
        function="parseDumpCount",
        old="return int32(dumpCount)",
        new="return dumpCount",
        why="int32(dumpCount) wrap forgotten: Atoi's int64 kept as is",
        minimal=(
            # A dump location (annotation or UVM) and a ten-digit count above 2^31-1 ("2147483648" and up). The
            # shrinker cannot move the location from the UVM to the annotation: two local minima.
            _minimal({"annotations": {_DUMP_LOCATION: "0", _DUMP_COUNT: "4004000000"}}),
            _minimal(
                {"annotations": {_DUMP_COUNT: "4004000000"}},
                uvm={"os": "", "processorCount": 0, "processDumpLocation": "0"},
            ),
        ),
    ),
    Mutant(
        name="cpu-count-no-int32",
        module="hcsdoc.reference.oci",
        function="ParseAnnotationsCPUCount",
        old="return int32(m)",
        new="return m",
        why="the uint64 annotation value not truncated to int32",
        minimal=(
            # Go wraps the count to a negative int32 (ignored); the mutant keeps it (capped to the host's 0).
            _minimal({"annotations": {_CPU_COUNT: "4004000000"}}),
            # With a limit or a weight too, the mutant fails early (count and limit/weight "mutually exclusive")
            # while Go goes on to panic on the nil schema version. The shrinker cannot trade the second annotation
            # for a root, nor the weight for the (shorter) limit: more local minima.
            *(
                {
                    "options": {"schemaVersion": None},
                    "host": _SIMPLEST["host"],
                    "spec": {
                        "annotations": {_CPU_COUNT: "4004000000", f"io.microsoft.container.processor.{other}": "1"},
                        "windows": {"layerFolders": [None, None]},
                    },
                }
                for other in ("limit", "weight")
            ),
        ),
    ),
    Mutant(
        name="dump-suffix-fold",
        module="hcsdoc.reference.hcsoci.hcsdoc_wcow",
        function="createWindowsContainerDocument",
        old="if dumpPath.endswith(createContainerSubdirectoryForProcessDumpSuffix):",
        new="if dumpPath.lower().endswith(createContainerSubdirectoryForProcessDumpSuffix):",
        why="the {container_id} suffix matched case-insensitively (Go checks the exact and the all-upper spelling)",
        minimal=(
            # A mixed-case suffix, and an id to append (an empty id would hide the difference).
            _minimal({"annotations": {_DUMP_LOCATION: "{Container_Id}"}}, options={"id": "0", "actualId": ""}),
            # The same with the UVM's dump location (the shrinker cannot move it to the annotation).
            _minimal(
                {},
                options={"id": "0", "actualId": ""},
                uvm={"os": "", "processorCount": 0, "processDumpLocation": "{Container_Id}"},
            ),
        ),
    ),
    Mutant(
        name="sandbox-join-ntpath",
        module="hcsdoc.reference.hcsoci.resources_wcow",
        function="convertToWCOWSandboxMountPath",
        old="return filepath_windows.Join(wcowSandboxMountPath, subPath)",
        new="return ntpath.join(wcowSandboxMountPath, subPath)",
        why="Go's filepath.Join (which cleans) ported as ntpath.join (which does not)",
        minimal=(
            # Join("C:\\SandboxMounts", "") is "C:\\SandboxMounts"; ntpath.join adds a trailing backslash.
            _minimal({"mounts": [{"source": "sandbox://"}]}, uvm={"os": "", "processorCount": 0}),
        ),
        imports=("ntpath",),
    ),
    Mutant(
        name="normalize-ge",
        module="hcsdoc.reference.hcsoci.resources",
        function="NormalizeProcessorCount",
        old="if requestedCount > hostCount:",
        new="if requestedCount >= hostCount:",
        why="'>=' for '>': equivalent (when equal, both branches return the same number); a control",
        equivalent=True,
    ),
)


def by_name(name: str) -> Mutant:
    for m in MUTANTS:
        if m.name == name:
            return m
    raise KeyError(f"no mutant {name!r}; known: {', '.join(m.name for m in MUTANTS)}")


def _mutated(m: Mutant) -> tuple[FunctionType, FunctionType]:
    mod = importlib.import_module(m.module)
    orig = getattr(mod, m.function)
    if not isinstance(orig, FunctionType):
        raise MutationError(f"{m.module}.{m.function} is not a function")
    src = textwrap.dedent(inspect.getsource(orig))
    if src.count(m.old) != 1:
        raise MutationError(f"{m.name}: {m.old!r} occurs {src.count(m.old)} times in {m.module}.{m.function}")
    new_src = src.replace(m.old, m.new)
    glb = dict(mod.__dict__)
    for name in m.imports:
        glb[name] = importlib.import_module(name)
    code = compile(new_src, f"<mutant {m.name}>", "exec", flags=__future__.annotations.compiler_flag, dont_inherit=True)
    ns: dict[str, Any] = {}
    exec(code, glb, ns)  # our own source text, one line changed
    new = ns[m.function]
    assert isinstance(new, FunctionType)
    return orig, new


@contextmanager
def applied(m: Mutant) -> Iterator[None]:
    """The reference with ``m`` planted, for the duration of the block. It patches modules, so it holds
    :data:`~hcsdoc.conformance.differential.model.REFERENCE_LOCK` throughout: another thread's reference runner
    waits until the modules are restored."""
    orig, new = _mutated(m)
    bound: list[tuple[ModuleType, str]] = []
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "hcsdoc.reference" or name.startswith("hcsdoc.reference.")):
            continue
        for attr, value in list(vars(module).items()):
            if value is orig:
                bound.append((module, attr))
    with REFERENCE_LOCK:
        for module, attr in bound:
            setattr(module, attr, new)
        try:
            yield
        finally:
            for module, attr in bound:
                setattr(module, attr, orig)


def is_minimal(m: Mutant, shrunk: dict[str, Any]) -> bool:
    """``shrunk`` is no more complex (:func:`conformance.differential.simplicity`, without the final tie-break on
    the text) than one of the mutant's declared minimal cases; the caller checks that it shows the bug."""
    from hcsdoc.conformance.differential.casetree import simplicity

    return any(simplicity(shrunk)[:2] <= simplicity(c)[:2] for c in m.minimal_cases())
