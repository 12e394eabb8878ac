"""Runs Ralph's LRS (the test LRS) on 127.0.0.1:PORT with its file backend appending.

Ralph 5.1's file LRS backend writes with the ``CREATE`` operation, which refuses to write to
a file that exists, so every POST after the first fails with a 500. Appending is what an LRS
on a file must do; this sets it before the app is imported. Run: ``python ralph_server.py PORT``.
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402 (after the fix above, which the app's backend must see)

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
