"""The staff pages in a real (headless) Chromium: 运营看板 and 政策匹配.

Starts `streamlit run app.py` with an ops passcode and its own records database (the index is
the session's, already built by the ``engine`` fixture), then: types the passcode, sees a chart,
exports the CSV; downloads the batch template, fills it with one good and two bad rows, uploads
it, runs the match and downloads the result workbook.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from _servers import CHROMIUM, chromium, streamlit_server
from openpyxl import load_workbook

from assistant.dialogue.state import Conversation
from assistant.service.records import Records, forget

PASSCODE = "看板-2025"
SEEDED = "牵头的省级重点研发项目已验收，省拨经费800万，能拿多少？"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian Chromium not installed (apt-get install chromium)"
)


@pytest.fixture
def server(engine, tmp_path):
    db = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    records = Records(db)
    turn = records.record_turn(SEEDED, engine.reply(Conversation(), SEEDED), channel="app")
    records.record_feedback(turn, "down", reason="wrong_amount")
    forget()
    with streamlit_server(tmp_path, {"JCG_DATABASE_URL": db, "JCG_OPS_PASSCODE": PASSCODE}) as up:
        yield up


def test_ops_and_batch_pages_in_a_real_browser(server, tmp_path):
    from playwright.sync_api import expect

    url, log = server
    with chromium() as browser:
        page = browser.new_page(
            viewport={"width": 1280, "height": 1000}, locale="zh-CN", accept_downloads=True
        )
        # ---- 运营看板: passcode, a chart, the export
        page.goto(url + "/ops", wait_until="domcontentloaded")
        box = page.get_by_label("口令")
        expect(box).to_be_visible(timeout=60_000)
        box.fill("wrong")
        page.get_by_role("button", name="进入").click()
        expect(page.get_by_text("口令不对")).to_be_visible(timeout=20_000)
        box.fill(PASSCODE)
        page.get_by_role("button", name="进入").click()
        expect(page.get_by_test_id("stMetric").first).to_contain_text("咨询次数", timeout=30_000)
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("原因：金额不对")).to_be_visible()
        with page.expect_download() as info:
            page.get_by_role("button", name="导出 CSV").click()
        rows = list(
            csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig")))
        )
        assert rows[0][3] == "问题" and any(r[3] == SEEDED and r[9] == "👎" for r in rows)

        # ---- 政策匹配: template → two bad rows → upload → result
        page.goto(url + "/batch", wait_until="domcontentloaded")
        with page.expect_download() as info:
            page.get_by_role("button", name="下载模板（Excel）").click(timeout=60_000)
        template = tmp_path / "template.xlsx"
        info.value.save_as(template)
        book = load_workbook(template)
        sheet = book["主体清单"]
        headers = [c.value for c in sheet[1]]

        def row(**cells: object) -> list[object]:
            return [cells.get(h) for h in headers]

        sheet.append(
            row(
                **{
                    "名称": "甲公司",
                    "主体类型": "入驻企业",
                    "牵头/参与": "牵头承担",
                    "项目级别": "省级",
                    "国拨/省拨经费（万元）": 800,
                }
            )
        )
        sheet.append(row(**{"名称": "乙", "主体类型": "火星公司"}))
        sheet.append(
            row(**{"名称": "丙基地", "主体类型": "中试基地", "服务性收入（万元）": "很多"})
        )
        filled = tmp_path / "filled.xlsx"
        book.save(filled)
        page.locator("input[type=file]").set_input_files(str(filled))
        page.get_by_role("button", name="开始匹配").click(timeout=30_000)
        expect(page.get_by_text("完成：3 行")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("有 2 个单元格有问题")).to_be_visible()
        with page.expect_download() as info:
            page.get_by_role("button", name="下载结果（Excel）").click()
        out = tmp_path / "result.xlsx"
        info.value.save_as(out)
        assert info.value.suggested_filename.endswith(".xlsx")
        result = load_workbook(out)
        errors = list(result["错误"].iter_rows(values_only=True))[1:]
        assert sorted((e[0], e[1]) for e in errors) == [
            (3, "主体类型"),
            (4, "服务性收入（万元）"),
        ]
        found = [
            r
            for r in result["结果"].iter_rows(values_only=True)
            if r[1] == "甲公司" and r[3] == "（三）" and r[5] == "已计算"
        ]
        assert found and found[0][6] == 400000
    assert "Traceback" not in log.read_text()
