"""Batch matching: the template, cell-by-cell validation, the result workbook, the CLI."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from assistant.answer import presentation as pres
from assistant.service import batch
from calculators.registry import RULES

ROOT = Path(__file__).resolve().parents[1]


def workbook(rows: list[dict[str, object]]) -> bytes:
    """An XLSX with the template's headers and the given cells (keyed by header)."""
    book = Workbook()
    sheet = book.active
    headers = batch.headers()
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD_LEAD = {
    "名称": "甲公司",
    "主体类型": "入驻企业",
    "牵头/参与": "牵头承担",
    "项目级别": "省级",
    "国拨/省拨经费（万元）": 800,
    "已通过验收": "是",
}
PILOT = {"名称": "乙基地", "主体类型": "中试基地", "服务性收入（万元）": 200}


def test_headers_come_from_the_fact_labels():
    headers = batch.headers()
    assert headers[:2] == ["名称", "主体类型"]
    assert len(headers) == len(set(headers))
    labels = {rule.label(name) for rule in RULES.values() for name in rule.facts}
    for col in batch.columns()[2:]:
        assert col.header.split("（")[0] in labels or col.header in labels
    # the empty template reads back as zero applicants, not as an error
    assert batch.run_file(batch.template_xlsx(), "t.xlsx").rows == 0
    assert batch.run_file(batch.template_csv(), "t.csv").rows == 0
    notes = load_workbook(io.BytesIO(batch.template_xlsx()))["说明"]
    assert any(r[0] == "国拨/省拨经费（万元）" for r in notes.iter_rows(values_only=True))


def test_good_rows_compute_from_the_calculators():
    result = batch.run_file(workbook([GOOD_LEAD, PILOT]), "in.xlsx")
    assert result.rows == 2 and not result.errors
    computed = {(m.name, m.clause): m for m in result.matches if m.status == "computed"}
    lead = computed[("甲公司", "（三）")]
    assert lead.amount_yuan == Decimal(400_000) and lead.kind == "exact"
    assert "市科技局" in lead.units and lead.steps
    pilot = computed[("乙基地", "（六）")]
    assert pilot.amount_yuan == Decimal(600_000)
    assert any("协议任务" in c for c in pilot.to_prove)  # a condition still to prove
    needs = [m for m in result.matches if m.name == "甲公司" and m.status == "needs_facts"]
    assert needs and all(m.missing for m in needs)


def test_bad_cells_are_named_and_good_cells_still_count():
    bad_amount = {**GOOD_LEAD, "名称": "丙", "国拨/省拨经费（万元）": "大约八百万"}
    bad_type = {"名称": "丁", "主体类型": "外星机构"}
    negative = {**PILOT, "名称": "戊", "服务性收入（万元）": -3, "已完成协议任务": "也许"}
    result = batch.run_file(
        workbook([GOOD_LEAD, bad_amount, bad_type, negative, {}, PILOT]), "in.xlsx"
    )
    assert result.rows == 5  # the blank line is not an applicant
    by_row = {(e.row, e.column) for e in result.errors}
    assert by_row == {
        (3, "国拨/省拨经费（万元）"),
        (4, "主体类型"),
        (5, "服务性收入（万元）"),
        (5, "已完成协议任务"),
    }
    assert all(e.message.startswith("「") for e in result.errors)
    # row 3 still gets its other measures; its (三) asks for the amount instead of guessing
    row3 = [m for m in result.matches if m.row == 3]
    assert row3 and next(m for m in row3 if m.clause == "（三）").status == "needs_facts"
    assert {m.row for m in result.matches} == {2, 3, 5, 7}


@pytest.mark.parametrize(
    ("cell", "yuan"),
    [
        ("1.3亿", 130_000_000),
        ("1.3亿元", 130_000_000),
        ("八百万", 8_000_000),
        ("800万元", 8_000_000),
        ("八百", 8_000_000),  # a figure without a unit is in the column's unit, as "800" is
        ("13000", 130_000_000),
    ],
)
def test_an_amount_cell_is_read_as_chat_reads_it(cell, yuan):
    """A 万元 cell written as chat accepts it ("1.3亿", "八百万") is that amount, through the
    one number reader; chat gives the same figure for the same words."""
    from assistant.nlu.numbers import parse_amount

    col = next(c for c in batch.columns() if c.header == "当年融资总额（万元）")
    assert batch.read_cell(col, cell) == Decimal(yuan)
    if not cell.isdigit() and cell != "八百":
        assert parse_amount(cell) == Decimal(yuan)


def test_a_bank_row_with_1_3_yi_gets_the_capped_award():
    bank = {"名称": "某银行", "主体类型": "金融机构", "当年融资总额（万元）": "1.3亿"}
    result = batch.run_file(workbook([bank]), "in.xlsx")
    assert not result.errors
    [award] = [m for m in result.matches if m.status == "computed" and m.clause == "（十一）"]
    assert award.amount_yuan == Decimal(500_000)
    assert any("65万元" in s and "50万元" in s for s in award.steps)


@pytest.mark.parametrize("cell", ["大约八百万", "800-900万", "800万和900万", "待定", "八百万美元"])
def test_an_amount_cell_that_is_not_one_amount_is_refused_not_guessed(cell):
    col = next(c for c in batch.columns() if c.header == "当年融资总额（万元）")
    with pytest.raises(batch.CellError, match="应为数字"):
        batch.read_cell(col, cell)


def test_the_template_explains_in_plain_text():
    notes = load_workbook(io.BytesIO(batch.template_xlsx()))["说明"]
    text = [str(v) for row in notes.iter_rows(values_only=True) for v in row if v is not None]
    assert not [t for t in text if "**" in t]
    assert any("单位：万元" in t for t in text) and any("1.3亿" in t for t in text)


def test_result_workbook_has_results_summary_and_errors(tmp_path):
    result = batch.run_file(workbook([GOOD_LEAD, {"名称": "x", "主体类型": "?"}]), "in.xlsx")
    book = load_workbook(io.BytesIO(batch.result_xlsx(result)))
    assert book.sheetnames == ["结果", "汇总", "按条款汇总", "错误"]
    rows = list(book["结果"].iter_rows(values_only=True))
    assert list(rows[0]) == batch.RESULT_HEADERS
    lead = next(r for r in rows[1:] if r[3] == "（三）" and r[5] == "已计算")
    assert lead[6] == 400000 and lead[7] == "确定金额" and "市科技局" in lead[12]
    errors = list(book["错误"].iter_rows(values_only=True))
    assert errors[1][:2] == (3, "主体类型")
    summary = dict(book["汇总"].iter_rows(values_only=True))
    assert summary["有问题的行数（其余单元格照常计算）"] == 1
    assert summary["说明"] == pres.ESTIMATE_NOTE


def test_csv_in_and_a_refused_file():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(batch.headers())
    writer.writerow([GOOD_LEAD.get(h, "") for h in batch.headers()])
    for encoding in ("utf-8-sig", "gb18030"):
        result = batch.run_file(out.getvalue().encode(encoding), "in.csv")
        assert any(m.amount_yuan == Decimal(400_000) for m in result.matches)
    with pytest.raises(batch.BatchError, match="无法识别的列"):
        batch.run_file("公司,主体类型\nx,入驻企业\n".encode(), "in.csv")
    with pytest.raises(batch.BatchError, match="只接受"):
        batch.run_file(b"x", "in.pdf")
    with pytest.raises(batch.BatchError, match="上限"):
        batch.run_file(workbook([PILOT, PILOT, PILOT]), "in.xlsx", max_rows=2)


def test_command_line(tmp_path):
    source = tmp_path / "in.xlsx"
    source.write_bytes(workbook([GOOD_LEAD, {"名称": "y", "主体类型": "?"}]))
    out = tmp_path / "out.xlsx"
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "JCG_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "batch", str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "2 行主体" in done.stdout and "1 个问题单元格" in done.stdout
    assert load_workbook(out).sheetnames[0] == "结果"
