"""No third-party request from the browser: every request the page makes goes to the server.

An offline government intranet shows a broken icon for anything fetched elsewhere, and a public
deployment would leak each visit. The real server runs in a real (headless) Chromium; every
request of every page (chat with one question answered, 政策体检, 条款浏览) is recorded, and
any host that is not loopback fails the test.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from _servers import ask_in_chat
from test_browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian Chromium not installed (apt-get install chromium)"
)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension"}
QUESTION = "中试基地服务收入300万能拿多少？"


@pytest.fixture
def server(tmp_path):
    with streamlit_server(tmp_path) as (url, _log):
        yield url


def third_party(urls: list[str]) -> list[str]:
    out = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.hostname not in LOCAL_HOSTS:
            out.append(url)
    return sorted(set(out))


def test_the_page_requests_nothing_from_another_host(server):
    from playwright.sync_api import expect, sync_playwright

    requested: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
            context.on("request", lambda request: requested.append(request.url))
            page = context.new_page()
            page.goto(server, wait_until="networkidle")
            ask_in_chat(page, QUESTION, "90万", 180_000)
            page.wait_for_load_state("networkidle")
            for path in ("self_check", "clauses"):
                page.goto(f"{server}/{path}", wait_until="networkidle")
                expect(page.get_by_test_id("stSidebar")).to_be_visible(timeout=60_000)
                page.wait_for_timeout(1500)  # late icons and fonts
            icon = page.locator("link[rel*='icon']").first.get_attribute("href") or ""
        finally:
            browser.close()
    assert requested, "no request was recorded at all"
    assert third_party(requested) == []
    assert not icon or urlsplit(icon).hostname in (None, *LOCAL_HOSTS)
