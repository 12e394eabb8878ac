"""The quiz engine: building a quiz from banks, taking it, scoring it, adding it up.

Plain Python with no storage and no terminal: a quiz is built from a ``QuizSpec`` and a seed,
answered through an ``Attempt``, each response scored by ``scoring``, and the finished attempt
summarised by ``results``. The history package saves what happens here; the app presents it.
"""
