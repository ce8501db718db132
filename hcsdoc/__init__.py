"""hcsdoc: an executable specification of hcsshim's OCI spec -> HCS container document conversion.

One import name, four parts (each folder of the repository is a subpackage):

* :mod:`hcsdoc.reference` -- the reference converter (``reference/``): hcsshim v0.11.8's
  ``createWindowsContainerDocument`` in pure Python, stdlib only, importing nothing from the rest; also the one
  case model (``normalize_case``, ``CaseError``).
* :mod:`hcsdoc.conformance` -- everything that checks an implementation (``conformance/``): vectors, results and
  their comparison, implementations, the runner, the capture tool, strategies, differential testing.
* :mod:`hcsdoc.fuzz` -- atheris harnesses (``fuzz/``).
* :mod:`hcsdoc.commands` and :mod:`hcsdoc.cli` -- the ``hcsdoc`` command line, a thin layer over the library;
  :mod:`hcsdoc.pytest_plugin` -- the vectors as pytest items.

Imports go one way: commands -> fuzz -> conformance -> reference.
"""
