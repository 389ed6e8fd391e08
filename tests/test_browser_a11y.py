"""Every page, as a person with a screen reader or a keyboard meets it: axe-core in Chromium.

One `streamlit run app.py` with an ops passcode and its own records database serves both sizes
(1280×900 and 390×844). In one browser page per size, a visitor goes through the whole app the
way a window clerk does, without reloading: 问答 (empty, then with an answer, a 👎 with its
reason and an opened clause chip; on a phone also the sidebar), 政策体检 (prefilled from the
chat, then its report), 条款浏览 (a search), 政策匹配 (an uploaded list and its result) and
运营看板 (the passcode, the dashboard and an opened record). On each, axe-core (every rule of
its default set) must find no serious or critical violation, and none of the English strings
Streamlit writes itself (the ones ui/browser.py translates) may be left in a text or an
accessible name. And 我的情况 stays compact: three matters in well under a screen, one line per
fact, each fact's menu named for it (``DOCS_SCREENSHOTS=1`` saves docs/casefile-desktop.png).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from _axe import axe_violations, described, needs_axe
from _servers import CHROMIUM, chromium, streamlit_server, switch_page

from ui.browser import LABELS, PREFIXES, SUFFIXES, TEXTS

DOCS = Path(__file__).resolve().parents[1] / "docs"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ANSWER_MS = 180_000
PASSCODE = "看板-2025"
QUESTION = "我们是入驻企业，牵头的省级重点研发项目通过验收了，省拨经费800万，能拿多少？"
CHIP = "（三）支持开展关键核心技术攻关"
LIST_CSV = (
    "名称,主体类型,牵头/参与,项目级别,国拨/省拨经费（万元）\n"
    "甲公司,入驻企业,牵头承担,省级,800\n"
    "乙,火星公司,,,\n"
)

pytestmark = [
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian Chromium not installed (apt-get install chromium)",
    ),
    needs_axe,
]


@pytest.fixture(scope="module")
def server(engine, tmp_path_factory):
    """The app with 运营看板 switched on (the index is the session's, built by ``engine``)."""
    tmp = tmp_path_factory.mktemp("a11y")
    env = {
        "JCG_OPS_PASSCODE": PASSCODE,
        "JCG_DATABASE_URL": f"sqlite:///{tmp / 'records.sqlite3'}",
    }
    with streamlit_server(tmp, env) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def _settled(page) -> None:
    """Until the run has finished and nothing on screen is stale: Streamlit fades the previous
    run's elements while it reruns, and a faded caption would fail the contrast rule."""
    page.wait_for_timeout(600)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " && !document.querySelector('[data-stale=true]')",
        timeout=ANSWER_MS,
    )
    page.wait_for_timeout(400)  # the page glue (a MutationObserver) has run


def _go(page, title: str, viewport: dict) -> None:
    switch_page(page, title, phone=viewport is PHONE)
    _settled(page)


_STRINGS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode())
    if (!['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(n.parentNode.nodeName)) out.push(n.nodeValue.trim());
  document.querySelectorAll('[aria-label],[placeholder],[title]').forEach((e) => {
    for (const a of ['aria-label', 'placeholder', 'title'])
      if (e.getAttribute(a)) out.push(e.getAttribute(a));
  });
  return out;
}"""


def _english_left(page) -> list[str]:
    """Streamlit's own English strings (those ui/browser.py translates) still on the page."""
    whole = set(TEXTS) | set(LABELS)
    return sorted(
        {
            s
            for s in page.evaluate(_STRINGS)
            if s in whole or s.startswith(tuple(PREFIXES)) or s.endswith(tuple(SUFFIXES))
        }
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_has_no_serious_accessibility_violation(server, browser, viewport, tmp_path):
    from playwright.sync_api import expect

    url, log = server
    page = browser.new_page(viewport=viewport, locale="zh-CN")
    violations: dict[str, list[dict]] = {}
    english: dict[str, list[str]] = {}

    def check(where: str) -> None:
        _settled(page)
        violations[where] = axe_violations(page)
        english[where] = _english_left(page)

    try:
        # ---- 问答
        page.goto(url, wait_until="domcontentloaded")
        box = page.get_by_test_id("stChatInputTextArea")
        expect(box).to_be_visible(timeout=ANSWER_MS)
        check("问答")
        box.fill(QUESTION)
        box.press("Enter")
        answer = page.get_by_test_id("stChatMessage").nth(1)
        expect(answer).to_contain_text("40万", timeout=ANSWER_MS)
        _settled(page)
        answer.get_by_role("radio", name="没有帮助").click()  # a toast, then the reasons
        _settled(page)
        answer.get_by_text("金额不对", exact=True).click()
        check("问答：答复、👎 与原因")
        answer.get_by_role("button", name=CHIP).click()
        expect(page.locator("mark", has_text="5%").first).to_be_visible(timeout=10_000)
        check("问答：条款原文")
        page.keyboard.press("Escape")
        if viewport is PHONE:
            page.get_by_test_id("stExpandSidebarButton").click()
            expect(page.get_by_test_id("stSidebar")).to_contain_text("国拨/省拨经费")
            check("侧栏（手机）")
            page.get_by_test_id("stSidebarCollapseButton").locator("button").click()

        # ---- 政策体检: prefilled from the chat, then its report
        _go(page, "政策体检", viewport)
        main = page.get_by_role("main")
        expect(main.get_by_role("button", name=re.compile("生成体检报告"))).to_be_visible()
        check("政策体检")
        main.get_by_role("button", name=re.compile("生成体检报告")).click()
        expect(main.get_by_text(re.compile("40万元")).first).to_be_visible(timeout=ANSWER_MS)
        check("政策体检：报告")

        # ---- 条款浏览
        _go(page, "条款浏览", viewport)
        field = page.get_by_label("查找条款")
        field.fill("六")
        field.press("Enter")
        expect(main.get_by_test_id("stExpander").first).to_contain_text("（六）", timeout=30_000)
        check("条款浏览：查找")

        # ---- 政策匹配
        _go(page, "政策匹配", viewport)
        check("政策匹配")
        listing = tmp_path / "list.csv"
        listing.write_text(LIST_CSV, encoding="utf-8-sig")
        page.locator("input[type=file]").set_input_files(str(listing))
        _settled(page)
        page.get_by_role("button", name="开始匹配").click(timeout=30_000)
        expect(page.get_by_text("完成：2 行")).to_be_visible(timeout=60_000)
        check("政策匹配：结果")

        # ---- 运营看板 (the 👎 above is one of its records)
        _go(page, "运营看板", viewport)
        passcode = page.get_by_label("口令", exact=True)
        expect(passcode).to_be_visible(timeout=30_000)
        check("运营看板：口令")
        passcode.fill(PASSCODE)
        page.get_by_role("button", name="进入").click()
        expect(page.get_by_test_id("stMetric").first).to_contain_text("咨询次数", timeout=30_000)
        check("运营看板")
        page.get_by_role("button", name=re.compile("查看")).first.click()
        expect(page.locator(".st-key-ops_turn_detail")).to_be_visible(timeout=30_000)
        check("运营看板：完整记录")
    finally:
        page.close()
    assert len(violations) >= 10  # every page above was reached and checked
    blocking = {where: described(v) for where, v in violations.items() if v}
    assert not blocking, "\n".join(f"[{where}]\n{text}" for where, text in blocking.items())
    left = {where: found for where, found in english.items() if found}
    assert not left, left
    assert "Traceback" not in log.read_text()


# Three matters of 14 facts in 我的情况 (issue 20 measured 2,251 px for three matters; the
# layout with 更正/删除 under each fact measured 1,489 px for this one at 1280×900).
THREE_MATTERS = (
    "我们是谷内企业，牵头的省级重点研发项目通过验收了，省拨经费800万；跟山西大学签了技术转让"
    "合同300万，已认定登记；还引进了两个博士，签了三年合同交了社保，能拿多少？"
)
CASE_FILE_PX_AT_MOST = 900
ONE_LINE_PX = 32
_SIZES = """() => {
  const side = document.querySelector('[data-testid=stSidebarContent]');
  const head = [...side.querySelectorAll('h3')].find((h) => h.textContent.includes('我的情况'));
  const top = head.closest('[data-testid=stElementContainer]').getBoundingClientRect().top;
  const end = side.querySelector('.st-key-dl_chat').getBoundingClientRect().top;
  const rows = [...side.querySelectorAll('[class*="st-key-cf_menu_cf_"]')]
    .filter((m) => !/cf_menu_cf_matter_/.test(m.className))
    .map((m) => m.closest('[data-testid=stHorizontalBlock]').getBoundingClientRect().height);
  return {case_file: Math.round(end - top), sidebar: side.scrollHeight, rows: rows};
}"""


def test_the_case_file_is_one_line_per_fact_with_a_named_menu(server, browser, tmp_path):
    """我的情况 for three matters fits well within a screen: one line per fact, its 更正/删除 in
    a menu whose name, like each of its buttons, says which fact it edits; the menu passes the
    axe check open, 更正 opens the fact's form in it, and saving folds it and re-answers."""
    from playwright.sync_api import expect

    url, log = server
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    try:
        page.goto(url, wait_until="domcontentloaded")
        box = page.get_by_test_id("stChatInputTextArea")
        expect(box).to_be_visible(timeout=ANSWER_MS)
        box.fill(THREE_MATTERS)
        box.press("Enter")
        expect(page.get_by_test_id("stChatMessage").nth(1)).to_contain_text("万", timeout=ANSWER_MS)
        side = page.get_by_test_id("stSidebar")
        expect(side.locator('[class*="st-key-cf_box_"]')).to_have_count(3, timeout=30_000)
        _settled(page)
        sizes = page.evaluate(_SIZES)
        print(f"我的情况, three matters: {sizes['case_file']} px; sidebar {sizes['sidebar']} px")
        assert sizes["case_file"] <= CASE_FILE_PX_AT_MOST, sizes
        assert len(sizes["rows"]) >= 12 and max(sizes["rows"]) <= ONE_LINE_PX, sizes

        side.get_by_role("button", name="更正/删除 国拨/省拨经费", exact=True).click()
        correct = page.get_by_role("button", name="更正 国拨/省拨经费", exact=True)
        expect(correct).to_be_visible(timeout=10_000)
        expect(page.get_by_role("button", name="删除 国拨/省拨经费", exact=True)).to_be_visible()
        _settled(page)
        violations = axe_violations(page)
        assert not violations, described(violations)
        correct.click()
        field = page.get_by_role("textbox", name="国拨/省拨经费（")  # its label, with a hint
        expect(field).to_have_value("800万元", timeout=30_000)
        _settled(page)
        if os.environ.get("DOCS_SCREENSHOTS"):
            page.screenshot(path=str(DOCS / "casefile-desktop.png"))
        field.fill("760万")
        field.press("Enter")
        expect(page.get_by_test_id("stPopoverBody")).to_have_count(0, timeout=30_000)
        expect(side).to_contain_text("760万元")
        reply = page.get_by_test_id("stChatMessage").last
        expect(reply).to_contain_text("按更正后的情况", timeout=ANSWER_MS)
    finally:
        page.close()
    assert "Traceback" not in log.read_text()


def test_the_accessibility_check_finds_what_it_must(browser):
    """The check above can fail: an image without a text alternative and a button without a
    name are critical violations here."""
    page = browser.new_page()
    try:
        page.set_content(
            '<html lang="zh-CN"><title>t</title><main><img src="x.png">'
            "<button></button></main></html>"
        )
        found = {v["id"] for v in axe_violations(page)}
        assert {"image-alt", "button-name"} <= found
    finally:
        page.close()
