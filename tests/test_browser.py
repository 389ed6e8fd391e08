"""What a person sees: the real server in a real (headless) Chromium.

One `streamlit run app.py` on a free port with a temporary data dir serves every test here.
At 1280×900 and 390×844: a question typed and sent with Enter is answered with its amount and
clause, the cited clause opens with the quote highlighted, the pinned input stays in the
viewport after a long answer, a typed "下一位" clears the screen and puts the caret back in the
input; the clause browser finds clauses by number and plain words; the 政策体检 report of the
standard enterprise profile prints (``page.pdf()``) on at most three A4 pages; the 体检 form
takes a second project without losing what was typed in the first (the accessibility check of
every page is tests/test_browser_a11y.py). Set ``DOCS_SCREENSHOTS=1`` to refresh the
screenshots the README and docs/pages.md show (docs/chat-desktop.png, docs/chat-phone.png,
docs/screenshot.png with a clause opened, docs/report-print.png); nothing here compares pixels.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from _servers import CHROMIUM, CHROMIUM_ARGS, open_page, streamlit_server  # noqa: F401 (used by others)
from _servers import chromium as launch_chromium

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "我们牵头的省级重点研发项目通过验收了，省拨经费800万，能拿多少？"
LONG_QUESTION = (
    "我们是谷内企业，牵头的省级重点研发项目通过验收了，省拨经费800万，"
    "还引进了两个博士三个硕士，都签了三年合同交了社保，能拿多少？"
)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
DOCS = ROOT / "docs"
ANSWER_MS = 180_000  # the first answer also builds the retrieval index

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian Chromium not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("browser")) as running:
        yield running


@pytest.fixture(scope="module")
def chromium():
    with launch_chromium() as browser:
        yield browser


def _ask(page, question: str, index: int):
    """Type, press Enter, and wait until the answer and the actions under it are drawn."""
    from playwright.sync_api import expect

    box = page.get_by_test_id("stChatInputTextArea")
    expect(box).to_be_visible(timeout=60_000)
    box.fill(question)
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(index)
    expect(answer).to_contain_text("万", timeout=ANSWER_MS)
    main = page.get_by_role("main")
    expect(main.get_by_role("button", name=re.compile("重新开始"))).to_be_visible(timeout=30_000)
    page.wait_for_timeout(1800)  # the scroll-into-view settles
    return box, answer


def _in_viewport(box: dict | None, viewport: dict) -> bool:
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


def _contrast(rgb: tuple[float, float, float], bg=(255, 255, 255)) -> float:
    def lum(c):
        ch = [v / 255 for v in c]
        ch = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    a, b = sorted((lum(rgb), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _save(page, name: str, tmp_path: Path) -> None:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    if os.environ.get("DOCS_SCREENSHOTS"):
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(shot, DOCS / name)


def test_chat_in_a_real_browser(server, chromium, tmp_path):
    from playwright.sync_api import expect

    url, log = server
    page = open_page(chromium, url, DESKTOP)
    try:
        # The first run of the app imports the engine and opens the index: wait for it as long
        # as the other page loads here wait (a bound on a hang, not a latency target).
        expect(page.get_by_text("有效期", exact=False).first).to_be_visible(timeout=120_000)
        # the page speaks Chinese, the input has a visible label, captions are readable (the
        # page script sets the language once it has run: on a loaded machine that can come
        # after the first text is visible, so it is waited for, not read at once)
        page.wait_for_function("document.documentElement.lang === 'zh-CN'", timeout=10_000)
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        expect(page.locator("#jcg-input-label")).to_be_visible(timeout=10_000)
        faded = page.evaluate(
            """() => { const e = document.querySelector('[data-testid=stCaptionContainer]');
                 const c = getComputedStyle(e).color.match(/\\d+/g).map(Number);
                 const o = parseFloat(getComputedStyle(e).opacity);
                 return c.slice(0, 3).map(v => v * o + 255 * (1 - o)); }"""
        )
        assert _contrast(tuple(faded)) >= 4.5

        _box, answer = _ask(page, QUESTION, 1)
        expect(answer).to_contain_text("40万")
        expect(answer).to_contain_text("（三）")
        expect(page.get_by_test_id("stChatMessage").first).to_contain_text(QUESTION)

        # The clause chip opens the clause with the cited sentence highlighted.
        answer.get_by_role("button", name="（三）支持开展关键核心技术攻关").click()
        mark = page.locator("mark", has_text="5%").first
        expect(mark).to_be_visible(timeout=10_000)
        page.wait_for_timeout(300)
        _save(page, "screenshot.png", tmp_path)
        target = os.environ.get("JCG_SCREENSHOT")
        if target:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(tmp_path / "screenshot.png", target)
    finally:
        page.close()
    assert "Traceback" not in log.read_text()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pinned_input_long_answer_and_typed_handover(server, chromium, tmp_path, viewport):
    from playwright.sync_api import expect

    url, log = server
    page = open_page(chromium, url, viewport)
    try:
        box, answer = _ask(page, LONG_QUESTION, 1)
        expect(answer).to_contain_text("（七）")
        # the input is pinned: still on screen after a long answer ...
        assert _in_viewport(box.bounding_box(), viewport)
        # ... and the answer is read from its start, on the first screen
        top = answer.bounding_box()["y"]
        assert 0 <= top < viewport["height"] * 0.6
        name = "chat-desktop.png" if viewport is DESKTOP else "chat-phone.png"
        _save(page, name, tmp_path)

        box.fill("下一位")
        box.press("Enter")
        expect(page.get_by_test_id("stChatMessage")).to_have_count(0, timeout=30_000)
        expect(page.get_by_role("button", name=re.compile("下载上一位的对话"))).to_be_visible()
        expect(page.get_by_text("没有找到", exact=False)).to_have_count(0)
        page.wait_for_timeout(800)
        focused = page.evaluate("document.activeElement.getAttribute('data-testid')")
        assert focused == "stChatInputTextArea"
    finally:
        page.close()
    assert "Traceback" not in log.read_text()


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("六", "（六）支持建设概念验证和中试平台"),
        ("第11条", "（十一）建立金融服务机制"),
        ("卡脖子", "（三）支持开展关键核心技术攻关"),
    ],
)
def test_clause_browser_search(server, chromium, query, heading):
    from playwright.sync_api import expect

    url, _ = server
    page = open_page(chromium, url, PHONE, "/clauses")
    try:
        field = page.get_by_label("查找条款")
        expect(field).to_be_visible(timeout=60_000)
        field.fill(query)
        field.press("Enter")
        first = page.get_by_role("main").get_by_test_id("stExpander").first
        expect(first).to_contain_text(heading, timeout=30_000)
        # figures are text on a phone: no table with a hidden column
        expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    finally:
        page.close()


# The standard enterprise profile of issue #11: an 入驻企业 with a couple of matters — a 牵头
# provincial project, a technology licence with a university and two 博士.
STANDARD_ENTERPRISE = {
    "role": "lead",
    "project_level": "provincial",
    "allocation_yuan": Decimal(8_000_000),
    "accepted": True,
    "contract_type": "tech_license",
    "contract_amount_yuan": Decimal(3_000_000),
    "counterparty_is_academic": True,
    "contract_registered": True,
    "economic_benefit": True,
    "phd_count": 2,
    "event_date": date(2025, 6, 30),
}
A4_PAGES_AT_MOST = 3


def _pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (Chromium writes one ``/Type /Page`` per page)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_self_check_report_prints_on_few_a4_pages(engine, chromium, tmp_path):
    from assistant.service.export import report_html

    reply = engine.self_check("enterprise", STANDARD_ENTERPRISE)
    figured = [a for a in reply.details if a.kind != "no_fixed_amount"]
    assert {a.rule for a in figured} >= {"major_project", "enterprise_transfer", "talent"}
    assert len(reply.details) > len(figured)  # figureless measures are in the report too
    html = report_html(reply, "入驻企业", STANDARD_ENTERPRISE, now=datetime(2025, 7, 1, 9, 30))
    page = chromium.new_page(viewport={"width": 794, "height": 1123})
    try:
        page.set_content(html, wait_until="load")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        pages = _pdf_pages(pdf)
        print(f"standard enterprise report: {pages} A4 pages")
        assert 1 <= pages <= A4_PAGES_AT_MOST, f"{pages} A4 pages"
        page.emulate_media(media="print")
        assert "没有固定金额" in page.locator("body").inner_text()
        shot = tmp_path / "report-print.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        if os.environ.get("DOCS_SCREENSHOTS"):
            shutil.copyfile(shot, DOCS / "report-print.png")
    finally:
        page.close()


def _choose(page, label: str, nth: int, option: str) -> None:
    """Pick ``option`` in the ``nth`` select box labelled ``label`` (Streamlit's selectbox)."""
    box = page.get_by_role("combobox", name=label).nth(nth)
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):  # a click while the previous list is still closing may not open it
        box.click()
        if choice.is_visible() or (page.wait_for_timeout(500) or choice.is_visible()):
            break
    choice.click()
    page.wait_for_timeout(300)


def test_self_check_items_in_a_real_browser(server, chromium):
    """Two projects in the 体检 form: adding the second keeps what was typed in the first, Enter
    in a field adds nothing (only a click submits a form with item buttons), and the report
    gives each project its own heading: a national 2400万 project led gives 5% = 120万, capped
    at the 100万 per project; a provincial 700万 one 35万."""
    from playwright.sync_api import expect

    url, _ = server
    page = open_page(chromium, url, DESKTOP, "/self_check")
    try:
        main = page.get_by_role("main")
        _choose(page, "主体类型", 0, "入驻企业")
        allocation = main.get_by_role("spinbutton", name="国拨/省拨经费（万元）")
        expect(allocation).to_have_count(1, timeout=30_000)
        allocation.fill("2400")
        allocation.press("Enter")
        page.wait_for_timeout(1500)
        expect(main.get_by_text("第二个项目")).to_have_count(0)
        main.get_by_role("button", name=re.compile("再添加一个项目")).click()
        expect(main.get_by_text("第二个项目", exact=True)).to_be_visible(timeout=30_000)
        expect(allocation).to_have_count(2, timeout=ANSWER_MS)  # the rerun has finished
        expect(allocation.first).to_have_value(re.compile("^2400"))
        allocation.nth(1).fill("700")
        for n, level in ((0, "国家级"), (1, "省级")):
            _choose(page, "牵头/参与", n, "牵头承担")
            _choose(page, "项目级别", n, level)
            _choose(page, "已通过验收", n, "是")
        main.get_by_role("button", name=re.compile("生成体检报告")).click()
        expect(main.get_by_text(re.compile("（第一个项目）：确定 100万元"))).to_be_visible(
            timeout=ANSWER_MS
        )
        expect(main.get_by_text(re.compile("（第二个项目）：确定 35万元"))).to_be_visible()
    finally:
        page.close()
