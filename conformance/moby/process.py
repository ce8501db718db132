"""How a runner starts Docker Engine's conversion: ``adapter_command(version) -> (argv, env)``.

The executable (built on first use, :mod:`.build`) runs under the capture tool's Wine prefix and speaks the
adapter protocol (conformance/protocol/adapter.md) itself.
"""

from __future__ import annotations

from hcsdoc.conformance.capture.wine import setup
from hcsdoc.conformance.moby.build import DEFAULT_VERSION, build


def adapter_command(version: str = DEFAULT_VERSION) -> tuple[list[str], dict[str, str]]:
    """argv and the extra environment that start the adapter for Docker Engine ``version`` (set up and built on
    demand; the first build downloads the engine's dependencies through the Go module proxy)."""
    wine = setup()
    b = build(version)
    # hcsshim merges this variable's JSON into every document it sends; the recording must be the engine's alone.
    return wine.argv(b.exe), {**wine.env(), "HCSSHIM_CREATECONTAINER_ADDITIONALJSON": ""}
