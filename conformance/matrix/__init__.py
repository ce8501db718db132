"""The regression oracle across hcsshim releases (``hcsdoc matrix``): every distinct behaviour of the converter from
v0.8.7 on, built once, run over the vectors, and compared pair by pair in branch order.

* :mod:`.run` -- build each behaviour, run the vectors through it, find what changed between neighbours and why;
* :mod:`.expectations` -- per-version expectations files, with reasons by class of change;
* :mod:`.report` -- the Markdown, HTML, JSON and badge outputs (docs/hcsshim-versions.md).

The release table and the per-era entry points live with the capture tool (:mod:`hcsdoc.conformance.capture`).
"""
