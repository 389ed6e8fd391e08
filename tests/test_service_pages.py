"""The 运营看板 and 政策匹配 pages through streamlit.testing (the browser test drives them too)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.dialogue.state import Conversation
from assistant.service.records import get_records
from assistant.service.records.export import turns_csv

ROOT = Path(__file__).resolve().parents[1]
OPS = str(ROOT / "app_pages" / "ops.py")
BATCH = str(ROOT / "app_pages" / "batch.py")
LEAD = "牵头的省级重点研发项目已验收，省拨经费800万，能拿多少？"
ODD = "今天食堂吃什么"


@pytest.fixture
def seeded(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JCG_OPS_PASSCODE", "s3cret-晋中")
    records = get_records()
    ids = {}
    for question in (LEAD, ODD, "中试基地服务收入300万能拿多少？"):
        conv = Conversation()
        ids[question] = records.record_turn(
            question, engine.reply(conv, question), channel="app", conversation_id=None
        )
    records.record_feedback(ids[LEAD], "down", reason="wrong_amount", comment="应为40万？")
    return ids


def login(at: AppTest, code: str) -> AppTest:
    at.text_input(key="ops_passcode").set_value(code)
    at.button[0].click().run()
    return at


def test_ops_needs_the_passcode(seeded, monkeypatch):
    at = AppTest.from_file(OPS, default_timeout=300).run()
    assert not at.exception and not at.metric
    login(at, "wrong")
    assert "口令不对" in at.error[0].value and not at.metric
    login(at, "s3cret-晋中")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["咨询次数"] == "3" and metrics["差评（👎）次数"] == "1"
    monkeypatch.delenv("JCG_OPS_PASSCODE")
    closed = AppTest.from_file(OPS, default_timeout=300).run()
    assert "未启用" in closed.error[0].value and not closed.text_input


def test_ops_lists_open_the_full_turn_and_filter_by_measure(seeded):
    at = login(AppTest.from_file(OPS, default_timeout=300).run(), "s3cret-晋中")
    text = " ".join(m.value for m in at.markdown)
    assert "原因：金额不对" in text and "应为40万？" in text
    assert ODD in text  # listed under 未能理解 (if the engine did not understand it)
    at.button(key="ops_down_0").click().run()
    assert not at.exception
    detail = " ".join(m.value for m in at.markdown)
    assert LEAD in detail and "40万" in detail  # the question and the full answer
    # the record opens above the lists: the page is scrolled to it, not left where it was
    assert any("st-key-ops_turn_detail" in h.proto.body for h in at.get("html"))
    assert any("（三）" in c.value for c in at.caption)
    at.selectbox(key="ops_measure").set_value("（六）").run()
    assert {m.label: m.value for m in at.metric}["咨询次数"] == "1"


def test_ops_csv_export(seeded):
    at = login(AppTest.from_file(OPS, default_timeout=300).run(), "s3cret-晋中")
    assert "ops_export" in {b.key for b in at.get("download_button")}
    records = get_records()
    turns = records.turns()
    votes = {f["turn_id"]: f for f in records.feedback()}
    text = turns_csv(turns, votes).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["时间", "渠道", "对话", "问题"] and len(rows) == 4
    lead = next(r for r in rows if r[3] == LEAD)
    assert lead[9] == "👎" and lead[10] == "金额不对" and "（三）" in lead[6]


def test_batch_page_offers_the_templates(tmp_path, monkeypatch):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(BATCH, default_timeout=300).run()
    assert not at.exception
    keys = {b.key for b in at.get("download_button")}
    assert {"batch_template_xlsx", "batch_template_csv"} <= keys


def test_batch_preview_shows_money_and_blank_cells():
    from assistant.service.batch import RESULT_HEADERS
    from ui.preview import AMOUNT, PREVIEW_HEADERS, preview_rows

    row = [None] * len(RESULT_HEADERS)
    row[0], row[1], row[3] = 2, "甲公司", "（三）"
    row[RESULT_HEADERS.index(AMOUNT)] = 380000.0
    row[RESULT_HEADERS.index("金额类型")] = "确定"
    (shown,) = preview_rows([row])
    cells = dict(zip(PREVIEW_HEADERS, shown, strict=True))
    assert cells[AMOUNT] == "38万元" and cells["行号"] == "2"
    assert "None" not in shown and "380000.0" not in shown
    assert cells["待证明的条件"] == ""
    assert PREVIEW_HEADERS.index(AMOUNT) < PREVIEW_HEADERS.index("计算过程")
    assert sorted(PREVIEW_HEADERS) == sorted(RESULT_HEADERS)
