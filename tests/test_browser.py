"""What a person sees: the real server in a real (headless) Chromium.

Starts `streamlit run app.py` on a free port with a temporary data dir, types a question into
the chat box, presses Enter and waits for the amount and the clause label, opens the cited
clause and checks the quoted sentence is highlighted, and saves a screenshot. Set
``JCG_SCREENSHOT=docs/screenshot.png`` to also write the screenshot the README shows.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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
QUESTION = "我们牵头的省级重点研发项目通过验收了，省拨经费800万，能拿多少？"
STARTUP_SECONDS = 90
ANSWER_MS = 180_000  # the first answer also builds the retrieval index

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian Chromium not installed (apt-get install chromium)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"streamlit not healthy after {STARTUP_SECONDS}s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    log = tmp_path / "streamlit.log"
    env = {**os.environ, "JCG_DATA_DIR": str(tmp_path / "data")}
    streamlit = Path(sys.executable).with_name("streamlit")
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                str(streamlit),
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", proc, log)
        yield f"http://127.0.0.1:{port}", log
    finally:
        stop_process(proc)


def test_chat_in_a_real_browser(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, log = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1100}, locale="zh-CN")
            page.goto(url, wait_until="domcontentloaded")
            box = page.get_by_test_id("stChatInputTextArea")
            expect(box).to_be_visible(timeout=60_000)
            expect(page.get_by_text("有效期", exact=False).first).to_be_visible()

            box.fill(QUESTION)
            box.press("Enter")

            answer = page.get_by_test_id("stChatMessage").nth(1)
            expect(answer).to_contain_text("40万", timeout=ANSWER_MS)
            expect(answer).to_contain_text("（三）")
            expect(page.get_by_test_id("stChatMessage").first).to_contain_text(QUESTION)
            # The run has finished once the sidebar's export button is enabled.
            export = page.get_by_test_id("stSidebar").get_by_role("button", name="导出对话")
            expect(export).to_be_enabled(timeout=30_000)

            # The clause chip opens the clause with the cited sentence highlighted.
            answer.get_by_role("button", name="（三）支持开展关键核心技术攻关").click()
            mark = page.locator("mark", has_text="5%").first
            expect(mark).to_be_visible(timeout=10_000)
            page.wait_for_timeout(300)

            shot = tmp_path / "screenshot.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
            target = os.environ.get("JCG_SCREENSHOT")
            if target:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(shot, target)
        finally:
            browser.close()
    assert "Traceback" not in log.read_text()
