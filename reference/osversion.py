"""hcsshim ``osversion``: the build numbers the document compares ``osversion.Build()`` with."""

from __future__ import annotations

from typing import Final

RS3: Final = 16299  # named pipe mounts need at least this build
LTSC2022: Final = 20348  # device extensions need at least this build (V21H2Server)
RS5: Final = 17763  # from this build on, CreateContainer defaults to schema 2.1 (schemaversion.DetermineSchemaVersion)
