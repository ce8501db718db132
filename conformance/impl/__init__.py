"""Implementations under test: anything that turns cases into results.

* :mod:`.adapters` -- the in-process reference and the client of an adapter process (start, run a window of
  cases, restart on crash or hang, stop);
* :mod:`.protocol` -- the adapter protocol, version 1 (docs/case-format.md §3, schemas in ``conformance/protocol/``).
"""
