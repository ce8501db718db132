"""Choosing which vectors to run: tags, id globs, shards."""

from __future__ import annotations

import fnmatch
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from hcsdoc.conformance.vectors.suite import Vector


class SelectionError(ValueError):
    pass


@dataclass(frozen=True)
class Selection:
    """``tags``: a case runs if it has any of them (all cases if empty); ``exclude_tags``: it does not run if it
    has any of them; ``ids``: shell-style globs on the id (any may match); ``shard``: ``(i, n)``, 1-based, keeps
    the cases whose CRC-32 of the id is ``i - 1`` modulo ``n`` (stable when cases are added or removed)."""

    tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    shard: tuple[int, int] | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "tags": list(self.tags),
            "excludeTags": list(self.exclude_tags),
            "ids": list(self.ids),
            "shard": f"{self.shard[0]}/{self.shard[1]}" if self.shard else None,
        }

    @property
    def filters(self) -> bool:
        return bool(self.tags or self.exclude_tags or self.ids)


def parse_shard(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not m:
        raise SelectionError(f"--shard {text!r}: expected I/N, e.g. 1/4")
    i, n = int(m.group(1)), int(m.group(2))
    if n < 1 or not 1 <= i <= n:
        raise SelectionError(f"--shard {text!r}: need 1 <= I <= N (shards are numbered from 1)")
    return i, n


def in_shard(case_id: str, shard: tuple[int, int]) -> bool:
    i, n = shard
    return zlib.crc32(case_id.encode("utf-8")) % n == i - 1


def select(vectors: Sequence[Vector], sel: Selection) -> list[Vector]:
    tags = set(sel.tags)
    excluded = set(sel.exclude_tags)
    pats = [re.compile(fnmatch.translate(p)) for p in sel.ids]
    out = []
    for v in vectors:
        if tags and not tags.intersection(v.tags):
            continue
        if excluded and excluded.intersection(v.tags):
            continue
        if pats and not any(p.match(v.id) for p in pats):
            continue
        if sel.shard and not in_shard(v.id, sel.shard):
            continue
        out.append(v)
    return out
