"""hcsdoc conformance: vectors, capture tool, runner, strategies and reports."""
