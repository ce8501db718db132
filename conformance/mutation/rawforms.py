"""The vectors' raw forms: each vector's case with a lone surrogate written back where its complete form holds U+FFFD.

A vector's case is stored in its complete form (docs/case-format.md §1), where every string is as Go holds it
after decoding: an escaped lone surrogate of the case file (``"\\ud800"``) is U+FFFD. ``run_case`` reads a raw case
itself (its readers apply :func:`hcsdoc.reference.caseinput.gostr`), so the case model promises, for any case C,
``run_case(C) == run_case(normalize_case(C))``. A raw form R of a vector is therefore a case whose normalization is
the vector's case, and its expected result is the vector's captured one: no expected result is invented.

A raw form writes one lone surrogate (``\\ud800``, or ``\\udfff``: both ends of the range) for every U+FFFD of one
string or key of the case (a spec string or key, ``specText``, an option, a host table's key or answer, ...). The
same surrogate throughout a string never makes a pair, so each raw form is what ``json.loads`` reads from a case
file. Only the forms that the pristine :func:`~hcsdoc.reference.normalize_case` takes back to the vector's case are
kept (a string the case model keeps verbatim, such as ``specBase64``, gives none).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final, Protocol

from hcsdoc.conformance.differential.model import Case, Result
from hcsdoc.conformance.results.canonical import canonical_json

REPLACEMENT: Final = "\ufffd"
SURROGATES: Final = ("\ud800", "\udfff")

Step = str | int  # a member name or an array index


class Vector(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def case(self) -> Case: ...
    @property
    def expected(self) -> Result: ...


@dataclass(frozen=True)
class RawForm:
    """A vector's case with lone surrogates at ``where``; its expected result is the vector's."""

    id: str  # the vector's
    where: str  # the string or key rewritten, e.g. ``options.ccgState.Cookie`` or ``host.layerIds key 'a\ufffd'``
    surrogate: str
    case: Case
    expected: Result

    @property
    def label(self) -> str:
        """How a kill names it: the vector, the place and the surrogate's escape."""
        return f"{self.id} raw form: {self.where} \\u{ord(self.surrogate):04x}"


def _locations(v: Any, path: tuple[Step, ...] = ()) -> Iterator[tuple[tuple[Step, ...], bool]]:
    """Each string holding U+FFFD: its path, and whether it is the key at the path's end (not a value)."""
    if isinstance(v, str):
        if REPLACEMENT in v:
            yield path, False
    elif isinstance(v, dict):
        for k, x in v.items():
            if REPLACEMENT in k:
                yield (*path, k), True
            yield from _locations(x, (*path, k))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from _locations(x, (*path, i))


def _rewrite(v: Any, path: tuple[Step, ...], key: bool, surrogate: str) -> Any:
    """A copy of ``v`` with U+FFFD made ``surrogate`` in the one string at ``path`` (only that path is copied)."""
    if not path:
        assert isinstance(v, str)
        return v.replace(REPLACEMENT, surrogate)
    head, rest = path[0], path[1:]
    if isinstance(v, dict):
        out: dict[str, Any] = {}
        for k, x in v.items():
            if k != head:
                out[k] = x
            elif key and not rest:
                out[k.replace(REPLACEMENT, surrogate)] = x
            else:
                out[k] = _rewrite(x, rest, key, surrogate)
        return out
    assert isinstance(v, list) and isinstance(head, int)
    items = list(v)
    items[head] = _rewrite(v[head], rest, key, surrogate)
    return items


def _where(path: tuple[Step, ...], key: bool) -> str:
    parts = [f"[{s}]" if isinstance(s, int) else s for s in (path[:-1] if key else path)]
    text = ".".join(parts).replace(".[", "[")
    return f"{text} key {path[-1]!r}" if key else text


def raw_variants(case: Case) -> list[tuple[str, str, Case]]:
    """(where, surrogate, raw case) for every string or key of ``case`` holding U+FFFD and both surrogates; not
    checked (:func:`raw_forms` keeps those that normalize back)."""
    return [(_where(path, key), s, _rewrite(case, path, key, s)) for path, key in _locations(case) for s in SURROGATES]


def raw_forms(vectors: Iterable[Vector]) -> list[RawForm]:
    """The raw forms of ``vectors`` that the loaded (pristine) reference's ``normalize_case`` takes back to their
    vector's case, compared as canonical JSON."""
    from hcsdoc.reference import CaseError, normalize_case

    out: list[RawForm] = []
    for v in vectors:
        text = canonical_json(v.case)
        if REPLACEMENT not in text:
            continue
        for where, s, raw in raw_variants(v.case):
            try:
                same = canonical_json(normalize_case(raw)) == text
            except CaseError:
                same = False
            if same:
                out.append(RawForm(v.id, where, s, raw, v.expected))
    return out
