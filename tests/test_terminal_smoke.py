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
        assert "seed 1" in wait_for(session, "Practice 1/2")        # the seed that repeats this quiz, on screen
        tmux("send-keys", "-t", session, "1", "Enter")
        wait_for(session, "How sure are you?")                    # asked before the answer is shown
        tmux("send-keys", "-t", session, "s")                     # sure: scored, then the feedback
        screen = wait_for(session, "Key:")
        assert "Source: What Do Breast Cancer Metastases Look Like?" in screen
        assert "Section: Part 1: Why Understanding Skin Metastases Matters" in screen
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "Practice 2/2")
        tmux("send-keys", "-t", session, "2", "u", "Enter")        # how sure given with the pick
        wait_for(session, "Key:")
        tmux("send-keys", "-t", session, "Enter")
        screen = wait_for(session, "Score ")
        assert "Questions (Enter opens the explanation)" in screen
        tmux("send-keys", "-t", session, "q")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)


def test_configured_folder_and_source_text_in_tmux(tmp_path) -> None:
    """Configure a bank folder and a source text as an educator would, then take a quiz on the
    folder's bank and open the cited section at its quote, in a real terminal."""
    import os

    from conftest import DATA

    config = tmp_path / "config.toml"
    config.write_text(f'[banks]\nfolders = ["{DATA / "folder-banks"}"]\nbundled = false\n\n[builder]\nshuffle = false\n',
                      encoding="utf-8")
    guide = tmp_path / "guide.txt"
    filler = "\n\n".join(f"Paragraph {n} of part 1, before the quoted one." for n in range(30))
    guide.write_text(f"Guide\n\nPart 1: Why Understanding Skin Metastases Matters\n\n{filler}\n\nIn some women the skin "
                     "may be the first place where spread becomes visible, long after treatment.\n", encoding="utf-8")
    environment = {**os.environ, "QUIZKIT_CONFIG": str(config)}
    added = subprocess.run([sys.executable, "-m", "quizkit", "sources", "add", "skin-metastases-guide", str(guide)],
                           env=environment, capture_output=True, text=True, check=False)
    assert added.returncode == 0 and "Recorded the text" in added.stdout, added.stderr
    # tmux runs the command in its server's environment, so the variables are given on the command line.
    variables = " ".join(f"{name}={environment[name]}" for name in ("QUIZKIT_CONFIG", "QUIZKIT_CACHE_DIR"))
    session = f"quizkit-config-{uuid.uuid4().hex[:8]}"
    command = f"env {variables} {sys.executable} -m quizkit --data-dir {tmp_path / 'data'}"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    try:
        screen = wait_for(session, "Ward teaching bank (2) · folder-banks")
        assert "Part 1:" not in screen                                  # bundled = false
        tmux("send-keys", "-t", session, "Enter")                       # Enter: a quiz on that bank
        wait_for(session, "Practice 1/2")
        tmux("send-keys", "-t", session, "1", "Enter")
        wait_for(session, "How sure are you?")
        tmux("send-keys", "-t", session, "Enter")                       # skipped: the feedback
        wait_for(session, "Key:")
        tmux("send-keys", "-t", session, "o")
        screen = wait_for(session, "▶ the skin may be the first place where spread")  # highlighted, ▶ … ◀
        assert "visible ◀" in screen and "Paragraph 0 " not in screen     # scrolled down to the quote
        tmux("send-keys", "-t", session, "o")                           # o closes it too (Esc then q reads as alt+q)
        wait_for(session, "⏎ Next")
        tmux("send-keys", "-t", session, "q")
        wait_for(session, "Quit (y)")
        tmux("send-keys", "-t", session, "y")
        wait_for(session, "Ward teaching bank")                          # home again
        tmux("send-keys", "-t", session, "q")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
