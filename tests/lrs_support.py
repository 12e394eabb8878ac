"""A real Learning Record Store for the tests: Ralph, on 127.0.0.1, storing into a temp folder.

Ralph (``ralph-malph[cli,lrs]``, in the test extra) runs under uvicorn in a child process
(tests/ralph_server.py, which fixes its file backend to append) with its file backend, one JSON
line per statement, so a test can count what arrived. Its one user's
password is hashed with bcrypt at a low cost: the tests log in hundreds of times.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

USER, PASSWORD = "quizkit", "correct horse battery staple"
HOME_PAGE = "https://hospital.example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Ralph:
    """One Ralph LRS; :meth:`stop` and :meth:`start` again keep its statements (same folder, same port)."""

    def __init__(self, folder: Path) -> None:
        import bcrypt

        self.folder = folder
        self.port = free_port()
        self.data = folder / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        auth = folder / "auth.json"
        auth.write_text(json.dumps([{
            "agent": {"account": {"homePage": HOME_PAGE, "name": USER}, "objectType": "Agent"},
            "scopes": ["all"], "username": USER,
            "hash": bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()}]), encoding="utf-8")
        self.environment = {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_AUTH_FILE": str(auth),
                            "RALPH_APP_DIR": str(folder), "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data),
                            "RALPH_SENTRY_DSN": "", "PYTHONWARNINGS": "ignore"}
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "ralph.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("ralph_server.py")), str(self.port)],
                env=self.environment, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            with contextlib.suppress(OSError), urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2):
                return
            time.sleep(0.2)
        self.stop()
        pytest.skip(f"Ralph (the test LRS) did not start on 127.0.0.1:{self.port}; its log: "
                    f"{self.log.read_text(encoding='utf-8', errors='replace')[-800:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def stored(self) -> list[dict[str, Any]]:
        """Every statement Ralph wrote, in order, read from its file (duplicates would show here)."""
        path = self.data / "fs_lrs.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def running_ralph(tmp_path: Path) -> Iterator[Ralph]:
    """A started Ralph for one test (the ``ralph`` fixture of the tests that use it), stopped after."""
    missing = [name for name in ("bcrypt", "ralph", "uvicorn", "requests") if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"Ralph cannot run here ({', '.join(missing)} missing): pip install -e '.[test]' installs "
                    "ralph-malph[cli,lrs]")
    server = Ralph(tmp_path / "lrs")
    server.start()
    try:
        yield server
    finally:
        server.stop()
