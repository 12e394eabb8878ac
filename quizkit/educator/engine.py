"""Which implementation of the item statistics runs: pure Python, or numpy (and polars to read
the files) when ``quizkit[fast]`` is installed.

Both give the same figures (tests/test_stats_math.py, tests/test_stats_report.py and
tests/test_stats_fastread.py run through both); the fast one is only faster, so it is used
whenever it can be imported. ``QUIZKIT_STATS_ENGINE``
chooses one by name (``pure`` or ``fast``), to compare them or to rule out the optional one.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Sequence

from quizkit.educator.itemstats import Analysis, Column, analyse

#: The environment variable that picks the engine: ``pure``, ``fast``, or unset (fast when installed).
ENGINE_VARIABLE = "QUIZKIT_STATS_ENGINE"


class EngineError(Exception):
    """``QUIZKIT_STATS_ENGINE`` names an engine that cannot run here."""


def fast_available() -> bool:
    """Whether numpy is importable, without importing it (``quizkit --help`` must not pay for it)."""
    return importlib.util.find_spec("numpy") is not None


def columns_available() -> bool:
    """Whether results files can be read in columns: the fast engine runs and polars is importable.

    polars is part of the fast extra; with numpy alone (an older ``quizkit[fast]``) the files
    are read by the pure reader and the statistics still run on numpy.
    """
    return not _pure() and importlib.util.find_spec("polars") is not None


def _pure() -> bool:
    chosen = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if chosen not in ("", "pure", "fast"):
        raise EngineError(f"{ENGINE_VARIABLE}={chosen!r}: choose pure or fast, or leave it unset")
    return chosen == "pure" or (chosen == "" and not fast_available())


def analyser() -> Callable[[int, Sequence[Column]], Analysis]:
    """The function computing :class:`Analysis` for a test: ``itemstats.analyse`` or its numpy twin."""
    if _pure():
        return analyse
    if not fast_available():
        raise EngineError(f"{ENGINE_VARIABLE}=fast needs numpy: pip install 'quizkit[fast]'")
    from quizkit.educator.itemstats_np import analyse_columns

    return analyse_columns
