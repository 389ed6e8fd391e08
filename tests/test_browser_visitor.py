"""One visitor, one session, on every page — in a real (headless) Chromium.

A service window serves one visitor after another on one screen. Visitor A fills the 政策体检
form (a 760万 provincial project led and accepted) and gets a report; the clerk presses Alt+N on
that page. Visitor B must see an empty form and no report, and a report B asks for must be
computed from nothing of A's: the browser keeps a widget's last value on screen (and sends it
back) unless the app sets it back, which AppTest alone would not show. Also: what the chat was
told fills the form (each such field marked), and the form and its report survive a trip to
问答 and back. At 1280×900 and 390×844.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _servers import CHROMIUM, chromium, open_page, streamlit_server, switch_page

from ui.form_state import MARK

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ANSWER_MS = 180_000
ALLOCATION = "国拨/省拨经费（万元）"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian Chromium not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def server(engine, tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("visitor"), {}) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def _open(browser, url: str, viewport: dict, path: str = ""):
    return open_page(browser, url, viewport, path, timeout_ms=ANSWER_MS)


def _starts(text: str, end: str = "") -> re.Pattern:
    """A name that starts with ``text`` (a "/" escaped: playwright writes the pattern as /…/)."""
    return re.compile("^" + re.escape(text).replace("/", "\\/") + end)


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the select box whose name starts with ``label``."""
    box = page.get_by_role("combobox", name=_starts(label)).first
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):  # a click while the previous list is still closing may not open it
        box.click()
        if choice.is_visible() or (page.wait_for_timeout(500) or choice.is_visible()):
            break
    choice.click()
    page.wait_for_timeout(400)


def _field(page, label: str, end: str = ""):
    return page.get_by_role("main").get_by_role("spinbutton", name=_starts(label, end))


def _settled(page) -> None:
    """Until the app's run has finished (Streamlit shows its status widget while running)."""
    page.wait_for_timeout(600)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=ANSWER_MS
    )
    page.wait_for_timeout(300)


# What Streamlit writes in English on its own (ui/browser.py rewrites each of them).
ENGLISH = re.compile(
    r"Skip to main content|Chat message from|Feedback rating|Thumbs (up|down)|Help for|"
    r"Choose an option|Press Enter to|Page not found"
)


def _english_left(page) -> list[str]:
    """Texts, placeholders and accessible names still in Streamlit's English, and material
    icons a screen reader would read out by their ligature name ("account_balance")."""
    page.wait_for_timeout(500)
    found = page.evaluate(
        """() => {
          const out = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode())
            if (!['SCRIPT', 'STYLE'].includes(n.parentNode.nodeName)) out.push(n.nodeValue);
          document.querySelectorAll('[aria-label],[placeholder],[title]').forEach((e) => {
            for (const a of ['aria-label', 'placeholder', 'title'])
              if (e.getAttribute(a)) out.push(e.getAttribute(a));
          });
          document.querySelectorAll('[data-testid=stIconMaterial]').forEach((e) => {
            if (e.getAttribute('aria-hidden') !== 'true') out.push('icon read aloud: ' + e.textContent);
          });
          return out;
        }"""
    )
    return [t for t in found if ENGLISH.search(t) or t.startswith("icon read aloud")]


def _fill_a(page) -> None:
    """Visitor A: a provincial project of 760万, led and accepted."""
    from playwright.sync_api import expect

    main = page.get_by_role("main")
    kind = page.get_by_role("combobox", name=_starts("主体类型")).first
    expect(kind).to_be_visible(timeout=ANSWER_MS)  # the first page also loads the engine
    _settled(page)
    _choose(page, "主体类型", "入驻企业")
    allocation = _field(page, ALLOCATION)
    expect(allocation).to_have_count(1, timeout=30_000)
    allocation.fill("760")
    allocation.press("Tab")
    _settled(page)
    _choose(page, "牵头/参与", "牵头承担")
    _choose(page, "项目级别", "省级")
    _choose(page, "已通过验收", "是")
    main.get_by_role("button", name=re.compile("生成体检报告")).click()
    expect(main.get_by_text(re.compile("38万元")).first).to_be_visible(timeout=ANSWER_MS)


def _nothing_of_a(page) -> None:
    """The form is empty and no figure of visitor A is on screen."""
    from playwright.sync_api import expect

    main = page.get_by_role("main")
    allocation = _field(page, ALLOCATION)
    expect(allocation).to_have_value("", timeout=30_000)
    expect(main.get_by_text(re.compile("38万"))).to_have_count(0)
    text = main.inner_text()
    assert "760" not in text and "牵头承担" not in text


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_handover_on_the_self_check_page(server, browser, viewport):
    from playwright.sync_api import expect

    url, log = server
    page = _open(browser, url, viewport, "/self_check")
    try:
        _fill_a(page)
        assert _english_left(page) == []
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.keyboard.press("Alt+n")
        _settled(page)
        _nothing_of_a(page)
        # visitor B asks for a report at once: computed from B's (empty) form, not A's figures
        main = page.get_by_role("main")
        main.get_by_role("button", name=re.compile("生成体检报告")).click()
        expect(main.get_by_text(re.compile("还没有能算出金额"))).to_be_visible(timeout=ANSWER_MS)
        _nothing_of_a(page)
    finally:
        page.close()
    assert "Traceback" not in log.read_text()


def _go(page, title: str, viewport: dict) -> None:
    switch_page(page, title, phone=viewport is PHONE)
    _settled(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_chat_fills_the_form_and_the_form_outlives_a_page_switch(server, browser, viewport):
    from playwright.sync_api import expect

    url, log = server
    page = _open(browser, url, viewport)
    try:
        box = page.get_by_test_id("stChatInputTextArea")
        expect(box).to_be_visible(timeout=60_000)
        box.fill("我们是入驻企业，牵头的省级重点研发项目通过验收了，省拨经费800万，能拿多少？")
        box.press("Enter")
        answer = page.get_by_test_id("stChatMessage").nth(1)
        expect(answer).to_contain_text("40万", timeout=ANSWER_MS)
        # 打印版 opens the answer's print page (and the print dialog), it downloads nothing
        with page.expect_popup() as opened:
            answer.get_by_role("button", name="打印版").click()
        printed = opened.value
        expect(printed.locator("h1")).to_contain_text("答复", timeout=10_000)
        expect(printed.locator("body")).to_contain_text("40万元")
        printed.close()
        assert _english_left(page) == []
        if viewport is DESKTOP:  # each fact's menu, and its 更正/删除, say which fact they edit
            side = page.get_by_test_id("stSidebar")
            side.get_by_role("button", name="更正/删除 国拨/省拨经费").click()
            for action in ("更正", "删除"):
                named = page.get_by_role("button", name=f"{action} 国拨/省拨经费", exact=True)
                expect(named).to_have_count(1)
            page.keyboard.press("Escape")
            _settled(page)
        _go(page, "政策体检", viewport)
        allocation = _field(page, ALLOCATION + MARK)
        expect(allocation).to_have_value(re.compile("^800"), timeout=30_000)
        main = page.get_by_role("main")
        expect(main.get_by_text(MARK).first).to_be_visible()
        main.get_by_role("button", name=re.compile("生成体检报告")).click()
        expect(main.get_by_text(re.compile("40万元")).first).to_be_visible(timeout=ANSWER_MS)
        # the visitor's own figure replaces the told one and is no longer marked
        allocation.fill("700")
        allocation.press("Tab")
        _settled(page)
        own = _field(page, ALLOCATION, "$")
        expect(own).to_have_value(re.compile("^700"))
        _go(page, "问答", viewport)
        _go(page, "政策体检", viewport)
        expect(own).to_have_value(re.compile("^700"), timeout=30_000)
        expect(main.get_by_text(re.compile("40万元")).first).to_be_visible()  # its report
        page.keyboard.press("Alt+n")
        _settled(page)
        _nothing_of_a(page)
        expect(page.get_by_text(MARK)).to_have_count(0)
        expect(main.get_by_text(re.compile("40万|700"))).to_have_count(0)
    finally:
        page.close()
    assert "Traceback" not in log.read_text()
