"""Mutation testing of the reference converter (``hcsdoc mutate``): how many wrong implementations the suite
catches.

Modules, in the order data flows through them:

* :mod:`.points`: the mutants, enumerated with cosmic-ray's operators over ``reference/`` (a stable order, so a
  shard ``K/N`` is every N-th mutant);
* :mod:`.rawforms`: the vectors' raw forms, each vector's case with a lone surrogate where it holds U+FFFD (what
  ``normalize_case`` takes back to the vector's case, so the vector's expected result is theirs);
* :mod:`.execute`: each mutant in a forked child that imports a fresh ``hcsdoc.reference`` with the one mutated
  module, runs the vectors and then their raw forms, unnormalized (kill on the first that no longer passes at the
  strictest level) and, for a survivor, a differential run of generated cases against the pristine reference's
  results;
* :mod:`.judge`: survivors judged by rules checked on the source (annotations, dataclass options, omitempty of
  decode-only types), and the code outside the converter (the case model, the explain hook), not counted;
* :mod:`.report`: merges shard result files, the reruns after fixes, the rules and the argued equivalents
  (``equivalent.json`` and its topic files ``equivalent-<topic>.json``) into ``docs/mutation.md``.

Cost control, all printed in the report: the vectors stage runs only the vectors that execute the mutated
statement, and the differential stage, per survivor, only the cases that do (lines recorded once per vector and
case with a line tracer, the reference's memo tables emptied before each); a statement run only at import (a constant
table, a decorator, a default) gets the first ``--import-cap`` cases; ``--sample K`` runs every K-th mutant.
``--rerun-survivors`` runs the survivors of a finished run again after a fix (a vector captured from Go with
``hcsdoc capture --add-case``, or a generator improvement); the report shows both.

Why cosmic-ray and not mutmut: cosmic-ray's operators and their enumeration are a library (``operator_names``,
``mutation_positions``, ``mutate_code`` on a source string), so a mutant can be applied to a module's text in
memory and run by our own in-process harness (vectors, then the differential stream) in a forked child: no file
in the checkout is rewritten, and two shards can run side by side. mutmut 3 applies all mutants at once through
trampolines in a copied tree and runs them through pytest, which fits neither the vector fast path nor the
differential second stage.
"""
