"""The ``hcsdoc`` subcommands, one module each, dispatched by :mod:`hcsdoc.cli`.

Each module exposes ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``, keeps its heavy imports
inside ``run`` (so that ``hcsdoc --help`` stays fast), and is a thin layer over library functions: parse options,
call the library, print. Exit codes: 0 as expected, 1 unexpected outcome, 2 usage or input error.
"""
