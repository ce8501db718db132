"""The adapter protocol's message schemas (``*.schema.json``), ``adapter.md`` and ``examples/``."""
