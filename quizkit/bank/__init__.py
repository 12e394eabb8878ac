"""Question banks: reading, checking and describing them.

Everything that turns a YAML file into trusted, typed objects lives here: the strict YAML
reader that keeps positions, the JSON Schema check, the typed model, the checks of meaning a
schema cannot express, the source texts that citations are checked against, the cache of banks
already validated, and the one pipeline (``pipeline.py``) every command and the app load banks
through. Nothing here knows about quizzes, trainees or terminals.
"""
