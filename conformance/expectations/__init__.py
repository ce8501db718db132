"""Per-implementation expected-outcome files for ``hcsdoc check`` (see conformance/runner/expectations.py)."""
