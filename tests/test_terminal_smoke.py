"""The real app in a real terminal: tmux runs `quizkit take`, send-keys answers, capture-pane reads.

This is the one test that exercises the terminal driver, the console-script path and the bundled
banks together, as a trainee's terminal would.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = [pytest.mark.tmux, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def wait_for(session: str, text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def test_take_a_quiz_in_tmux(tmp_path) -> None:
    session = f"quizkit-smoke-{uuid.uuid4().hex[:8]}"
    command = f"{sys.executable} -m quizkit take --seed 1 --count 2 --no-shuffle --data-dir {tmp_path}"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    try:
        assert "seed 1" in wait_for(session, "question 1/2")        # the seed that repeats this quiz, on screen
        tmux("send-keys", "-t", session, "1", "Enter")
        wait_for(session, "How sure are you?")                    # asked before the answer is shown
        tmux("send-keys", "-t", session, "s")                     # sure: scored, then the feedback
        screen = wait_for(session, "Key:")
        assert "Source: What Do Breast Cancer Metastases Look Like?" in screen
        assert "Section: Part 1: Why Understanding Skin Metastases Matters" in screen
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "question 2/2")
        tmux("send-keys", "-t", session, "2", "u", "Enter")        # how sure given with the pick
        wait_for(session, "Key:")
        tmux("send-keys", "-t", session, "Enter")
        screen = wait_for(session, "Score ")
        assert "Questions (Enter opens the explanation)" in screen
        tmux("send-keys", "-t", session, "q")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
