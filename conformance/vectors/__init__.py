"""The conformance vectors: this folder holds the vector files (``*.json``, captured from the real Go code) and the
code that owns their format (docs/vectors.md).

* :mod:`.files` -- the one canonical byte form of a vector file, generated-case ids, reading and listing files;
* :mod:`.suite` -- loading vector files into a :class:`~.suite.Suite`, with schema validation and errors that name
  the file and the problem.

Writing vectors is the capture tool's job (:mod:`hcsdoc.conformance.capture`); linting them is ``hcsdoc vectors``.
"""
