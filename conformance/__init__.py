"""hcsdoc conformance: everything that checks an implementation of the conversion against the reference's lineage.

Subpackages, each owning one concern (data flows top to bottom; imports only go to the ones above it):

* :mod:`.results` -- the result format (docs/case-format.md §2): canonical JSON, outcomes, comparison levels and
  the one explainer of a mismatch, stable error kinds;
* :mod:`.vectors` -- the vector files (this folder also holds them): their one byte form, ids, loading into a suite
  with schema validation;
* :mod:`.impl` -- implementations that turn cases into results: the in-process reference, the Go capture
  executable, any adapter speaking the JSON-lines protocol (:mod:`.protocol` holds its schemas and docs);
* :mod:`.runner` -- ``hcsdoc check``: select vectors, run them through an implementation, compare, keep
  expectations, report (events, JUnit, Markdown, run diffs);
* :mod:`.capture` -- building the real Go hcsshim for Windows with seams, running it under Wine, writing vectors;
* :mod:`.cases` and :mod:`.strategies` -- the hand-designed cases and the Hypothesis strategies that generate more;
* :mod:`.differential` -- generated cases through two implementations, differences explained, shrunk and
  deduplicated; planted bugs; reach.

The case model itself lives in :mod:`hcsdoc.reference` (``normalize_case``), which imports nothing from here.
"""
