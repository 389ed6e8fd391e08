"""The real processes the browser and scale-out tests drive, started one way everywhere.

A server starts on a free loopback port with its output in a log file, is waited on until its
health URL answers (a failure shows the log's tail), and is always stopped. Chromium is the
Debian package, driven by Python playwright.
"""

from __future__ import annotations

import contextlib
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
from conftest import stop_process

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
STREAMLIT_SECONDS = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    """``cmd`` in the repository root, its output into ``log``."""
    with open(log, "w") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_for(url: str, proc: subprocess.Popen, log: Path, seconds: float) -> None:
    """Until ``url`` answers 200; fail with the log's tail if the process exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{url}: process exited {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{url} not up after {seconds}s:\n{log.read_text()[-3000:]}")


def streamlit_command(port: int) -> list[str]:
    """``streamlit run app.py`` headless on a loopback port, with no usage statistics sent."""
    streamlit = Path(sys.executable).with_name("streamlit")
    return [
        *(str(streamlit), "run", "app.py", "--server.headless", "true"),
        *("--server.port", str(port), "--server.address", "127.0.0.1"),
        *("--browser.gatherUsageStats", "false"),
    ]


@contextlib.contextmanager
def streamlit_server(
    tmp_path: Path, env: dict[str, str] | None = None
) -> Iterator[tuple[str, Path]]:
    """The real app on a free loopback port, stopped on exit; yields (url, log).

    Without ``env`` it gets its own data dir (and builds its own index); with ``env`` it runs
    with those variables added and the session's data dir.
    """
    port = free_port()
    log = tmp_path / "streamlit.log"
    extra = env if env is not None else {"JCG_DATA_DIR": str(tmp_path / "data")}
    proc = start(streamlit_command(port), {**os.environ, **extra}, log)
    try:
        wait_for(f"http://127.0.0.1:{port}/_stcore/health", proc, log, STREAMLIT_SECONDS)
        yield f"http://127.0.0.1:{port}", log
    finally:
        stop_process(proc)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Any, url: str, viewport: dict, path: str = "", timeout_ms: int = 60_000):
    """A new page of the app at ``path``, once its main area is drawn. (Not "main or
    sidebar": ``.first`` of that union is whichever the DOM holds first, and a phone's folded
    sidebar, drawn before the main area, is hidden, so the wait could end only by timing out.)"""
    from playwright.sync_api import expect

    page = browser.new_page(viewport=viewport, locale="zh-CN")
    page.goto(url + path, wait_until="domcontentloaded")
    # By id, not test id: Streamlit 1.67 renders the main area as a scroll-to-bottom container
    # (data-testid "stAppScrollToBottomContainer") once a chat input sits at the bottom, and only
    # the id "stMain" is the same in both forms (CI failed once on the test id).
    expect(page.locator("#stMain")).to_be_visible(timeout=timeout_ms)
    return page


def switch_page(page: Any, title: str, phone: bool) -> None:
    """Go to another page through the sidebar's navigation, in the same session: a phone opens
    the folded sidebar first and folds it again. A field's help tooltip, opened by focus, may
    cover the link, so it is closed first. The caller waits for the page's run to finish."""
    from playwright.sync_api import expect

    nav = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title)
    page.keyboard.press("Escape")
    opener = page.get_by_test_id("stExpandSidebarButton")
    if phone and opener.is_visible():
        opener.click()
        page.wait_for_timeout(800)
    expect(nav).to_be_visible(timeout=10_000)
    nav.click()
    if phone and page.get_by_test_id("stSidebarCollapseButton").is_visible():
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()


def ask_in_chat(page: Any, question: str, answer_holds: str, timeout_ms: int) -> Any:
    """Type a question into the chat input, press Enter, wait for the answer to hold a text."""
    from playwright.sync_api import expect

    box = page.get_by_test_id("stChatInputTextArea")
    expect(box).to_be_visible(timeout=60_000)
    box.fill(question)
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(1)
    expect(answer).to_contain_text(answer_holds, timeout=timeout_ms)
    return answer
