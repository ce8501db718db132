"""For people holding a ``config.json``: a plain OCI spec turned into a case, and every field of the documents the
reference makes of it explained by the inputs that produced it (``hcsdoc convert``, ``hcsdoc explain``).

* :mod:`.specinput` -- a plain spec plus a described machine (options with stated defaults) to a case;
* :mod:`.fields` -- the explanation, read from the reference's own trace (:mod:`hcsdoc.reference.trace`): each
  field with its inputs and rule, the failed check of an error, what the converter ignored;
* :mod:`.tracecost` -- what the trace sites cost a conversion when explaining is off.
"""
