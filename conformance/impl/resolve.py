"""From a name to an :class:`~.base.Implementation`: ``reference``, ``go``, ``go@VERSION``, ``moby``,
``moby@VERSION`` or an adapter command.

* ``reference``: the Python reference in this process (:class:`~.adapters.InProcess`);
* ``go`` / ``go@VERSION``: the real hcsshim through the capture executable (built on demand, run under Wine),
  spoken to through the adapter protocol like any other implementation (:class:`~.adapters.Adapter`);
* ``moby`` / ``moby@VERSION``: Docker Engine's own conversion (``libcontainerd/local``), built the same way
  (:mod:`hcsdoc.conformance.moby`);
* anything else: a command line (split like a shell would) that starts a protocol adapter.

Every command (``check``, ``diff``, ``fuzz``, ``bench``) and the pytest plugin resolve ``--impl`` here, so the same
words mean the same implementation everywhere.
"""

from __future__ import annotations

import importlib
import shlex
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Final, Literal

from hcsdoc.conformance.impl.adapters import Adapter, InProcess, environment_with

DEFAULT_HCSSHIM: Final = "v0.11.8"

Kind = Literal["reference", "go", "moby", "adapter"]
GoCommand = Callable[[str], tuple[list[str], Mapping[str, str] | None]]


class ResolveError(Exception):
    """The name cannot be turned into an implementation (a usage error: one line, exit 2)."""


@dataclass(frozen=True)
class AdapterSettings:
    """How an adapter process is driven (see :class:`~.adapters.Adapter`)."""

    timeout: float = 10.0
    start_timeout: float = 60.0
    max_restarts: int = 20
    window: int = 32
    max_reply_bytes: int = 64 << 20
    validate_protocol: bool = False


@dataclass(frozen=True)
class ImplSpec:
    """A parsed ``--impl``: its kind, the hcsshim version (``go``) or the argv (``adapter``)."""

    text: str
    kind: Kind
    hcsshim: str = ""
    argv: tuple[str, ...] = ()
    moby: str = ""
    """The Docker Engine version (``moby``)."""

    @property
    def version(self) -> str:
        """The version of a built implementation (hcsshim's or Docker Engine's), else ``""``."""
        return self.hcsshim or self.moby

    @property
    def label(self) -> str:
        """How reports name it: ``reference``, ``go v0.11.8``, ``moby v28.5.2``, or the command line."""
        if self.kind in ("go", "moby"):
            return f"{self.kind} {self.version}"
        return self.text if self.kind == "adapter" else "reference"

    def cli_words(self) -> list[str]:
        """The options that name it again on a command line (``--impl``, and ``--hcsshim`` for Go)."""
        if self.kind == "reference":
            return ["--impl", "reference"]
        if self.kind == "go":
            return ["--impl", "go"] + (["--hcsshim", self.hcsshim] if self.hcsshim != DEFAULT_HCSSHIM else [])
        return ["--impl", self.text]


def parse_impl(text: str, hcsshim: str | None = None) -> ImplSpec:
    """``reference``, ``go``, ``go@VERSION`` or a command line; ``hcsshim`` is ``--hcsshim`` (only for Go)."""
    impl = text.strip()
    if impl == "reference":
        if hcsshim:
            raise ResolveError("--hcsshim only applies to --impl go")
        return ImplSpec(impl, "reference")
    if impl == "go" or impl.startswith("go@"):
        version = impl[3:] if impl.startswith("go@") else ""
        if version and hcsshim and version != hcsshim:
            raise ResolveError(f"--impl {impl} and --hcsshim {hcsshim} name two versions")
        version = version or hcsshim or DEFAULT_HCSSHIM
        return ImplSpec(impl, "go", hcsshim=version)
    if hcsshim:
        raise ResolveError("--hcsshim only applies to --impl go")
    if impl == "moby" or impl.startswith("moby@"):
        return ImplSpec(impl, "moby", moby=_moby_version(impl))
    try:
        argv = shlex.split(impl)
    except ValueError as exc:
        raise ResolveError(f"--impl {impl!r}: {exc}") from None
    if not argv:
        raise ResolveError("--impl: empty command")
    return ImplSpec(impl, "adapter", argv=tuple(argv))


def _moby_version(impl: str) -> str:
    from hcsdoc.conformance.moby.build import DEFAULT_VERSION, VersionError, engine_line

    version = impl[len("moby@") :] if impl.startswith("moby@") else DEFAULT_VERSION
    if not version:
        raise ResolveError("--impl moby@VERSION: empty version")
    try:
        engine_line(version)
    except VersionError as exc:
        raise ResolveError(f"--impl {impl}: {exc}") from None
    return version


def _tool_version() -> str:
    try:
        from importlib.metadata import version

        return version("hcsdoc")
    except Exception:
        return "unknown"


def reference(timeout: float | None = None) -> InProcess:
    """The Python reference, in this process (``reference.run_case``, looked up now so that a test may replace
    it)."""
    try:
        package = importlib.import_module("hcsdoc.reference")
    except ImportError as exc:  # pragma: no cover - the package is part of the distribution
        raise ResolveError(f"the reference cannot be imported: {exc}") from None
    run_case: Any = getattr(package, "run_case", None)
    if run_case is None:
        run_case = importlib.import_module("hcsdoc.reference.api").run_case
    return InProcess(run_case=run_case, name="reference", version=_tool_version(), timeout=timeout)


def go_command(version: str) -> tuple[list[str], Mapping[str, str] | None]:
    """argv and extra environment that start the capture executable for ``version`` (``conformance.capture.process``
    sets Wine up and builds it on demand: the first time that may take a while)."""
    try:
        process = importlib.import_module("hcsdoc.conformance.capture.process")
    except ImportError as exc:
        raise ResolveError(f"--impl go needs conformance.capture.process, which is not available: {exc}") from None
    make = getattr(process, "adapter_command", None) or getattr(process, "command", None)
    if make is None:
        raise ResolveError("conformance.capture.process has no adapter_command(version)")
    try:
        argv, env = make(version)
    except Exception as exc:  # a failed build or Wine setup: the Go implementation is not available here
        raise ResolveError(
            f"cannot prepare the capture executable for hcsshim {version}: {type(exc).__name__}: {exc}"
        ) from None
    return list(argv), env


def go(
    version: str = DEFAULT_HCSSHIM, settings: AdapterSettings | None = None, go_cmd: GoCommand | None = None
) -> Adapter:
    """The real hcsshim ``version`` as a protocol adapter."""
    argv, env = (go_cmd or go_command)(version)
    return Adapter(
        argv, environment_with(env), kind="go", labels={"hcsshim": version}, **asdict(settings or AdapterSettings())
    )


def moby_command(version: str) -> tuple[list[str], Mapping[str, str] | None]:
    """argv and extra environment that start Docker Engine's conversion (built on first use)."""
    from hcsdoc.conformance.moby.process import adapter_command

    try:
        argv, env = adapter_command(version)
    except Exception as exc:  # a failed build or Wine setup: the engine is not available here
        raise ResolveError(f"cannot prepare Docker Engine {version}: {type(exc).__name__}: {exc}") from None
    return list(argv), env


def moby(version: str, settings: AdapterSettings | None = None, command: GoCommand | None = None) -> Adapter:
    """Docker Engine ``version``'s conversion as a protocol adapter."""
    argv, env = (command or moby_command)(version)
    return Adapter(
        argv, environment_with(env), kind="moby", labels={"moby": version}, **asdict(settings or AdapterSettings())
    )


def adapter(argv: tuple[str, ...] | list[str], settings: AdapterSettings | None = None) -> Adapter:
    return Adapter(list(argv), kind="adapter", **asdict(settings or AdapterSettings()))


def build(
    spec: ImplSpec,
    settings: AdapterSettings | None = None,
    *,
    reference_timeout: float | None = None,
    go_cmd: GoCommand | None = None,
) -> InProcess | Adapter:
    """The implementation ``spec`` names (not started)."""
    if spec.kind == "reference":
        return reference(reference_timeout)
    if spec.kind == "go":
        return go(spec.hcsshim, settings, go_cmd)
    if spec.kind == "moby":
        return moby(spec.moby, settings, go_cmd)
    return adapter(spec.argv, settings)


def resolve(
    text: str,
    *,
    hcsshim: str | None = None,
    settings: AdapterSettings | None = None,
    reference_timeout: float | None = None,
    go_cmd: GoCommand | None = None,
) -> tuple[InProcess | Adapter, ImplSpec]:
    """:func:`parse_impl` then :func:`build`."""
    spec = parse_impl(text, hcsshim)
    return build(spec, settings, reference_timeout=reference_timeout, go_cmd=go_cmd), spec
