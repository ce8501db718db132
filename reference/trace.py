"""An optional recorder of where each document value comes from (``hcsdoc explain``); not part of hcsshim.

The converter asks ``trace.active`` once per call and, only when it is not ``None``, reports at the sites that
set a document field from its inputs (``field``) and at the parsers that choose between an annotation, the spec
and a default (``value``). With no tracer the cost is one attribute load and a ``None`` test per site, and the
control flow is Go's: a trace branch never changes a value, an order or an error.

Paths are the marshalled documents' JSON paths (``Processor.Maximum``, ``Storage.Layers[0].Id``); ``rule`` is the
Go function that applied the rule, optionally with a ``/`` and a tag telling its branches apart
(``ConvertCPULimits/normalized``); ``inputs`` are ``(name, value)`` pairs, names in the spec's JSON spelling
(``spec.windows.resources.cpu.maximum``), ``annotation:KEY``, ``options.X``, ``uvm.X``, ``host.X`` or ``value:KEY``
(a quantity a parser reported earlier with ``value``).
"""

from __future__ import annotations

from typing import Final, Protocol

Inputs = tuple[tuple[str, object], ...]


class _Struct:
    """The value of a ``field`` that is an object always present in the document (its fields are reported apart)."""

    def __repr__(self) -> str:
        return "{...}"


STRUCT: Final = _Struct()


class Tracer(Protocol):
    def field(self, doc: str, path: str, value: object, rule: str, inputs: Inputs = ()) -> None:
        """Document ``doc`` (``"v1"`` or ``"v2"``) gets ``value`` at ``path`` by ``rule`` from ``inputs``."""

    def value(self, key: str, origin: str, raw: object, value: object) -> None:
        """A parser chose ``value`` for the quantity ``key`` (an annotation name) from ``origin`` (an input name,
        or ``"default"``), whose value was ``raw``; ``origin`` ``"unparsable"`` reports an annotation it dropped."""


# The tracer of the running conversion, or None (the default: no recording).
active: Tracer | None = None
