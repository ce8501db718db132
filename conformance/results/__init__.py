"""Results (docs/case-format.md §2) and how two of them compare.

* :mod:`.canonical` -- canonical JSON (the type-strict equality every verdict rests on), strict parsing, JSON
  pointers, cheap copies;
* :mod:`.outcomes` -- the outcome vocabulary of a check and what an implementation answered for one case;
* :mod:`.compare` -- comparison levels (structural/bytes, error text/kind) and the one mismatch explainer;
* :mod:`.errorkinds` -- one stable id per Go error site, for implementations checked by error kind.
"""
