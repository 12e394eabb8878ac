"""Pausing Python's cyclic garbage collector while quizkit builds many objects at once.

Reading a 10,000-question bank makes half a million lists, dicts and tuples; collecting a
cohort makes a million small tuples; unpickling a cached bank makes a hundred thousand objects.
None of them is garbage while it is made and none holds a reference cycle, yet the collector
walks them again and again as they appear: a third of ``quizkit validate``'s time, a quarter
of ``quizkit stats``'s. Reference counting still frees whatever such a block leaves behind.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """Run the block without the cyclic collector. With ``freeze``, what exists at the end is
    moved out of later collections too: for objects that live as long as the process (a bank)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
