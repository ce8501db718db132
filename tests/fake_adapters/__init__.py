"""Deliberately broken adapters (and helpers) for testing the conformance runner."""
