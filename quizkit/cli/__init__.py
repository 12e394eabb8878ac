"""The ``quizkit`` command line: one module per subcommand, ``main`` to dispatch them.

Each command module has ``register(commands)``, which adds its parser and sets ``run``. A
command parses, builds what it needs from the core, runs it and returns an exit code
(``common``); it holds no rules of its own.
"""
