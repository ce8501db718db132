"""go-winio ``pkg/guid``: the ``GUID`` value NameToGuid fills in, ``FromString`` and ``String``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from hcsdoc.reference.gofmt import quote

# FromString: exactly 36 bytes, '-' at 8, 13, 18 and 23, and every other pair of characters parsed by
# strconv.ParseUint(.., 16, ..), which takes ASCII hex digits only (no sign, no '_' outside base 0).
_GUID_RE: Final = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", re.ASCII)


@dataclass(frozen=True, slots=True)
class GUID:
    """``guid.GUID{Data1 uint32, Data2 uint16, Data3 uint16, Data4 [8]byte}``."""

    Data1: int = 0
    Data2: int = 0
    Data3: int = 0
    Data4: bytes = bytes(8)

    def String(self) -> str:
        """``%08x-%04x-%04x-%04x-%012x`` of Data1, Data2, Data3, Data4[:2], Data4[2:]: lowercase, no braces."""
        return f"{self.Data1:08x}-{self.Data2:04x}-{self.Data3:04x}-{self.Data4[:2].hex()}-{self.Data4[2:].hex()}"


class InvalidGUID(ValueError):
    """``FromString``'s error ``invalid GUID %q`` (never part of a converter result: a recorded host must answer
    NameToGuid with a valid GUID, so this marks a malformed case)."""


def FromString(s: str) -> GUID:
    """``guid.FromString``: the canonical 8-4-4-4-12 form, any hex case, no braces."""
    if _GUID_RE.fullmatch(s) is None:
        raise InvalidGUID(f"invalid GUID {quote(s)}")
    return GUID(int(s[0:8], 16), int(s[9:13], 16), int(s[14:18], 16), bytes.fromhex(s[19:23] + s[24:36]))
