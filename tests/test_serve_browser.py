"""``quizkit serve`` in a real browser: Chromium (Debian's, never downloaded) driven by Playwright.

The page draws the terminal on a canvas, so what the app shows is read from the websocket that
carries the terminal's output (text and escape sequences); a screenshot is kept as an artefact,
in ``$QUIZKIT_TEST_ARTEFACTS`` or the test's temp folder (its path is printed), for a person to
look at.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lrs_support import free_port

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]")


@pytest.fixture
def served(tmp_path: Path):
    pytest.importorskip("textual_serve", reason="textual-serve is not installed: pip install -e '.[test]'")
    port = free_port()
    environment = {name: value for name, value in os.environ.items() if not name.startswith("QUIZKIT_")}
    environment["QUIZKIT_CONFIG"] = str(tmp_path / "none.toml")
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "quizkit", "serve", "--port", str(port), "--data-dir",
                                    str(tmp_path / "data")], env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"quizkit serve did not start: {(tmp_path / 'serve.log').read_text(errors='replace')}")
        yield f"http://127.0.0.1:{port}", tmp_path
    finally:
        process.terminate()
        process.wait(10)


def test_a_trainee_answers_in_the_browser_and_sees_feedback_and_citation(served: tuple[str, Path]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install playwright")
    chromium = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or "/nonexistent")
    if not chromium.exists():
        pytest.skip("no Chromium at /usr/bin/chromium (apt-get install -y chromium); no browser is ever downloaded")
    url, folder = served
    shown: list[str] = []

    def screen() -> str:
        return _ESCAPES.sub("", "".join(shown))

    def wait_for(text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in screen():
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} never appeared; the screen's last text: {' '.join(screen().split())[-2500:]!r}")
            page.wait_for_timeout(200)

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})

            def listen(socket: object) -> None:
                socket.on("framereceived", lambda frame: shown.append(  # type: ignore[attr-defined]
                    frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame))

            page.on("websocket", listen)
            page.goto(url)
            with contextlib.suppress(sync_api.Error):
                page.click("#start", timeout=3000)  # textual-serve's start button, when it shows one
            wait_for("Your name for this quiz")
            page.click(".textual-terminal")  # keys go to the terminal once it has the focus
            page.keyboard.type("Ana-Browser")
            page.keyboard.press("Enter")
            wait_for("Part 1")  # the home screen lists the banks
            page.keyboard.press(" ")  # tick the highlighted bank
            page.keyboard.press("Control+s")  # the builder
            wait_for("Start")
            page.keyboard.press("Control+s")  # start the quiz
            wait_for("seed")
            page.keyboard.press("1")
            page.keyboard.press("Enter")  # submit: the app first asks how sure
            wait_for("How sure are you?")
            page.keyboard.press("s")  # sure: the answer is scored and the feedback shown
            wait_for("Section:")
            page.wait_for_timeout(500)
            # Kept where $QUIZKIT_TEST_ARTEFACTS says (CI uploads that folder), else in the temp folder.
            artefacts = Path(os.environ.get("QUIZKIT_TEST_ARTEFACTS") or folder)
            artefacts.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(artefacts / "serve-feedback.png"))
            print(f"screenshot: {artefacts / 'serve-feedback.png'}")
        finally:
            browser.close()
    text = screen()
    assert re.search(r"[✓✗◐] (Correct|Incorrect|Partly correct)", text), text[-2000:]
    assert "Source:" in text and re.search(r"Section: Part \d+", text)  # the citation, under the key
    assert (folder / "data" / "profiles" / "ana-browser" / "history.sqlite3").is_file()
