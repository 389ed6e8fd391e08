"""Batch matching (政策找企业): a table of applicants in, each one's measures and amounts out.

The template's Chinese headers come from the fact vocabulary (corpus/facts.yaml: one label per
fact, as the 政策体检 form shows it), so a fact added there appears here too.
Every row is validated cell by cell: a bad cell becomes an error naming its row and column,
and the row's other measures are still computed from its good cells. Amounts come from the
calculators only.

    python -m assistant batch in.xlsx -o out.xlsx      (or .csv in / out)
    python -m assistant batch --template template.xlsx
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from assistant.answer import presentation as pres
from assistant.dialogue.facts import APPLICANT_NAMES, facts_for
from assistant.nlu.normalize import clean, shown
from assistant.nlu.numbers import find_numbers
from assistant.service.config import load_config
from calculators.common import format_yuan
from calculators.errors import InputError
from calculators.inputs import ABSURD_YUAN, VALUE_NAMES
from calculators.registry import (
    APPLICANTS,
    DESCRIPTIVE_CLAUSES,
    compute,
    describe,
    missing_fields,
    rules_for_applicant,
)
from corpus.clauses import load_policy

NAME_HEADER = "名称"
APPLICANT_HEADER = "主体类型"
KIND_NAMES = {"exact": "确定金额", "up_to": "上限（不超过）", "no_fixed_amount": "无固定金额"}
STATUS_NAMES = {
    "computed": "已计算",
    "not_eligible": "不符合条件",
    "needs_facts": "需补充信息",
    "no_fixed_amount": "无固定金额",
}
RESULT_HEADERS = [
    "行号",
    NAME_HEADER,
    APPLICANT_HEADER,
    "条款",
    "措施",
    "结果",
    "金额（元）",
    "金额类型",
    "待证明的条件",
    "未满足的条件",
    "需补充的信息",
    "计算过程",
    "责任单位",
]
ERROR_HEADERS = ["行号", "列", "单元格内容", "问题"]
YES_WORDS = {"是", "y", "yes", "true", "1", "有", "对"}
NO_WORDS = {"否", "n", "no", "false", "0", "无", "没有", "不是"}
DATE_PATTERNS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


class BatchError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, too many rows)."""


# ------------------------------------------------------------------------- the columns
@dataclass(frozen=True)
class Column:
    """One template column: a fact, its Chinese header and how a cell is read."""

    name: str  # fact name, or "name" / "applicant"
    header: str
    widget: str  # text | applicant | yuan | int | number | bool | choice | date
    unit: str = ""
    options: tuple[str, ...] = ()
    help: str = ""

    def allowed(self) -> str:
        if self.widget == "choice":
            return "、".join(VALUE_NAMES.get(o, o) for o in self.options)
        if self.widget == "applicant":
            return "、".join(applicant_names().values())
        return {
            "yuan": f"数字，单位{self.unit}（也可写“1.3亿”“八百万”这样的金额）",
            "int": "整数",
            "number": "数字",
            "bool": "是 / 否",
            "date": "日期，如 2025-06-30",
            "text": "文字",
        }.get(self.widget, "")


@cache
def applicant_names() -> dict[str, str]:

    return dict(APPLICANT_NAMES)


@cache
def columns() -> tuple[Column, ...]:
    """名称, 主体类型, then every fact any applicant's measures take, each once."""
    cols = [
        Column("name", NAME_HEADER, "text", help="企业或机构名称（只用于结果表，不参与计算）"),
        Column("applicant", APPLICANT_HEADER, "applicant", help="从下拉列表中选择"),
    ]
    seen: set[str] = set()
    for applicant in applicant_names():
        for group in pres.form_groups(applicant):
            for spec in group.fields:
                if spec.name in seen:
                    continue
                seen.add(spec.name)
                header = spec.full_label if spec.unit else spec.label
                cols.append(
                    Column(spec.name, header, spec.widget, spec.unit, spec.options, spec.help)
                )
    headers = [c.header for c in cols]
    assert len(headers) == len(set(headers)), "two facts share a Chinese label"
    return tuple(cols)


def headers() -> list[str]:
    return [c.header for c in columns()]


@cache
def header_names() -> dict[str, str]:
    """Header as typed (normalised, so "（万元）" and "(万元)" are one) or fact name → fact name."""
    by_header = {clean(c.header): c.name for c in columns()}
    by_header.update({c.name: c.name for c in columns()})  # machine-written files may use names
    return by_header


# ------------------------------------------------------------------------- reading cells
class CellError(ValueError):
    pass


def _text(value: Any) -> str:
    """A cell as text, through the edge normaliser (a pasted "3\u200b00" is "300")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value)).strip()


def _decimal(value: Any, col: Column) -> Decimal:
    if isinstance(value, bool):
        raise CellError(f"应为{col.allowed()}")
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = _text(value).replace(",", "").replace("，", "")
        if col.unit and text.endswith(col.unit):
            text = text[: -len(col.unit)]
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = _as_said(_text(value), col)
    if not number.is_finite():
        raise CellError(f"应为{col.allowed()}")
    if number < 0:
        raise CellError("不能为负数")
    if number.adjusted() > 15:  # no fact is anywhere near; int() of 1e999999999 never ends
        raise CellError("数值过大，请核实")
    return number


def _as_said(text: str, col: Column) -> Decimal:
    """An amount cell written as chat takes it ("1.3亿", "八百万", "800万元", "两千块"), read by
    the one number reader (assistant.nlu.numbers), in the column's unit: the cell must hold
    that one figure and nothing else ("约800万", "800-900万" are refused, not guessed)."""
    found = find_numbers(text) if col.widget == "yuan" else []
    if len(found) != 1 or found[0].approx or found[0].high is not None:
        raise CellError(f"应为{col.allowed()}")
    n = found[0]
    rest = (text[: n.start] + text[n.end :]).strip()
    if rest and rest != col.unit:
        raise CellError(f"应为{col.allowed()}")
    if n.kind == "money":  # in 元: "1.3亿" in a 万元 column is 13000
        return n.value / (1 if col.unit == pres.YUAN else 10_000)
    if n.kind == "number":  # "八百": in the column's unit, as "800" is
        return n.value
    raise CellError(f"应为{col.allowed()}")


def _yuan(value: Any, col: Column) -> Decimal:
    """An amount cell in the column's unit → 元, refused above the ceiling the calculators
    (and so ``/v1/check``) refuse: 1e22 万元 was a decimal overflow, a 500."""
    number = _decimal(value, col)
    factor = 1 if col.unit == pres.YUAN else 10_000
    if number > ABSURD_YUAN / factor:
        raise CellError("数额过大（超过1万亿元），请核实")
    return number


def read_cell(col: Column, value: Any) -> Any:
    """A cell as the engine's fact; None for an empty cell; CellError says what is wrong."""
    if value is None or _text(value) == "":
        return None
    if col.widget == "text":
        return _text(value)
    if col.widget == "applicant":
        return _applicant(_text(value))
    if col.widget == "yuan":
        return pres.to_fact(
            pres.FieldSpec(col.name, col.header, "", "yuan", unit=col.unit), _yuan(value, col)
        )
    if col.widget == "number":
        return _decimal(value, col)
    if col.widget == "int":
        number = _decimal(value, col)
        if number != number.to_integral_value():
            raise CellError("应为整数")
        return int(number)
    if col.widget == "bool":
        word = _text(value).lower()
        if value is True or word in YES_WORDS:
            return True
        if value is False or word in NO_WORDS:
            return False
        raise CellError("应填“是”或“否”")
    if col.widget == "choice":
        word = _text(value)  # normalised: compared with the normalised names
        for option in col.options:
            if word in (option, clean(VALUE_NAMES.get(option, option))):
                return option
        raise CellError(f"只能是：{col.allowed()}")
    if col.widget == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        word = _text(value)
        for pattern in DATE_PATTERNS:
            try:
                return datetime.strptime(word, pattern).date()
            except ValueError:
                continue
        raise CellError("应为日期，如 2025-06-30")
    raise CellError("无法识别")


def _applicant(word: str) -> str:
    if word in APPLICANTS:
        return word
    for code, name in applicant_names().items():
        name = clean(name)  # the cell was normalised: "（" is "(" now
        short = re.split(r"[（(]", name)[0].strip()
        if word in (name, short) or word in re.split(r"\s*/\s*", short):
            return code
    raise CellError(f"只能是：{'、'.join(applicant_names().values())}")


# ------------------------------------------------------------------------- rows
@dataclass
class RowError:
    row: int  # the row number as the user sees it in the sheet (header is row 1)
    column: str
    value: str
    message: str


# MatchRow fields whose JSON name says more than the field's.
JSON_NAMES = {
    "to_prove": "conditions_to_prove",
    "unmet": "conditions_unmet",
    "missing": "missing_facts",
}


@dataclass
class MatchRow:
    row: int
    name: str
    applicant: str
    clause: str
    measure: str
    status: str  # computed | not_eligible | needs_facts | no_fixed_amount
    amount_yuan: Decimal | None = None
    kind: str | None = None
    to_prove: list[str] = field(default_factory=list)
    unmet: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The row for JSON (the API): fields in order, amounts as plain decimal strings."""
        out = {JSON_NAMES.get(f.name, f.name): getattr(self, f.name) for f in fields(self)}
        out["amount_yuan"] = None if self.amount_yuan is None else _plain(self.amount_yuan)
        return out

    def cells(self) -> list[Any]:
        return [
            self.row,
            self.name,
            applicant_names().get(self.applicant, self.applicant),
            self.clause,
            self.measure,
            STATUS_NAMES[self.status],
            None if self.amount_yuan is None else float(self.amount_yuan),
            KIND_NAMES.get(self.kind or "", ""),
            "；".join(self.to_prove),
            "；".join(self.unmet),
            "、".join(self.missing),
            "；".join(self.steps),
            "、".join(self.units),
        ]


def _plain(amount: Decimal) -> str:
    amount = amount.normalize()
    return format(amount, "f") if amount == amount.to_integral() else str(amount)


@dataclass
class BatchResult:
    rows: int = 0  # applicant rows read
    matches: list[MatchRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def summary(self) -> list[tuple[str, Any]]:
        computed = [m for m in self.matches if m.status == "computed" and m.amount_yuan]
        exact = sum((m.amount_yuan for m in computed if m.kind == "exact"), Decimal(0))
        up_to = sum((m.amount_yuan for m in computed if m.kind == "up_to"), Decimal(0))
        bad_rows = {e.row for e in self.errors}
        return [
            ("读取的主体行数", self.rows),
            ("有问题的行数（其余单元格照常计算）", len(bad_rows)),
            ("问题单元格数", len(self.errors)),
            ("主体×措施结果行数", len(self.matches)),
            ("已算出金额的结果行数", len(computed)),
            ("需补充信息的结果行数", sum(m.status == "needs_facts" for m in self.matches)),
            ("确定金额合计", format_yuan(exact)),
            ("上限金额合计（不超过，非承诺）", format_yuan(up_to)),
            ("说明", pres.ESTIMATE_NOTE),
        ]

    def per_clause(self) -> list[tuple[str, int, Decimal]]:
        counts: dict[str, list[Any]] = {}
        for m in self.matches:
            if m.status != "computed":
                continue
            entry = counts.setdefault(m.clause, [0, Decimal(0)])
            entry[0] += 1
            entry[1] += m.amount_yuan or Decimal(0)
        order = {label: i for i, label in enumerate(load_policy().labels())}
        return [
            (c, n, s) for c, (n, s) in sorted(counts.items(), key=lambda x: order.get(x[0], 99))
        ]


def match_row(number: int, cells: dict[str, Any]) -> tuple[list[MatchRow], list[RowError]]:
    """One applicant row (cells keyed by fact name) → its measures, and its cell errors."""
    errors: list[RowError] = []
    facts: dict[str, Any] = {}
    by_name = {c.name: c for c in columns()}
    for name, raw in cells.items():
        col = by_name.get(name)
        if col is None:
            continue
        try:
            value = read_cell(col, raw)
        except CellError as err:
            typed = _text(raw) if isinstance(raw, float) else raw  # 380000.0 as typed: 380000
            errors.append(RowError(number, col.header, shown(typed), f"「{col.header}」{err}"))
            continue
        if value is not None:
            facts[name] = value
    applicant = facts.pop("applicant", None)
    name = str(facts.pop("name", "") or "")
    if applicant is None:
        if not any(e.column == APPLICANT_HEADER for e in errors):
            errors.append(RowError(number, APPLICANT_HEADER, "", "缺少「主体类型」，无法匹配措施"))
        return [], errors
    facts = {**pres.implied_facts(applicant), **facts}
    return _measures(number, name, applicant, facts, errors), errors


def _measures(
    number: int, name: str, applicant: str, facts: dict[str, Any], errors: list[RowError]
) -> list[MatchRow]:
    out = []
    for rule in rules_for_applicant(applicant):
        given = facts_for(rule, facts)
        missing = missing_fields(rule.id, given)
        base = dict(
            row=number, name=name, applicant=applicant, clause=rule.clause, measure=rule.name
        )
        if missing:
            labels = [pres.field_label(m) for m in missing]
            out.append(MatchRow(**base, status="needs_facts", missing=labels))
            continue
        try:
            award = compute(rule.id, given)
        except InputError as err:
            col = next((c for c in columns() if c.name == err.field), None)
            header = col.header if col else (err.label or "")
            errors.append(RowError(number, header, shown(given.get(err.field or "", "")), str(err)))
            out.append(MatchRow(**base, status="needs_facts", missing=[header]))
            continue
        out.append(_award_row(base, award))
    for key, who in DESCRIPTIVE_CLAUSES.items():
        if applicant in who:
            award = describe(key)
            base = dict(
                row=number,
                name=name,
                applicant=applicant,
                clause=award.clause,
                measure=award.measure if key == award.clause else key,
            )
            out.append(_award_row(base, award))
    return out


def _award_row(base: dict[str, Any], award: Any) -> MatchRow:
    if award.kind == "no_fixed_amount":
        status = "no_fixed_amount"
    elif award.blocked:
        status = "not_eligible"
    else:
        status = "computed"
    return MatchRow(
        **base,
        status=status,
        amount_yuan=None if status == "no_fixed_amount" else award.amount_yuan,
        kind=str(award.kind),
        to_prove=[c.text for c in award.assumptions],
        unmet=[c.text for c in award.conditions if c.status == "not_met"],
        steps=list(award.steps),
        units=list(award.units),
    )


def match_rows(
    rows: Iterable[tuple[int, dict[str, Any]]],
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    result = BatchResult()
    for i, (number, cells) in enumerate(rows, start=1):
        matches, errors = match_row(number, cells)
        result.rows += 1
        result.matches.extend(matches)
        result.errors.extend(errors)
        if progress is not None and i % 50 == 0:
            progress(i)
    return result


# ------------------------------------------------------------------------- files
def _header_map(header_row: list[Any]) -> dict[int, str]:
    """Column index → fact name; an unknown header is refused (it would be silently lost)."""
    by_header = header_names()
    mapping, unknown = {}, []
    for i, raw in enumerate(header_row):
        text = _text(raw)
        if not text:
            continue
        if text in by_header:
            mapping[i] = by_header[text]
        else:
            unknown.append(text)
    if unknown:
        raise BatchError(f"无法识别的列：{'、'.join(unknown)}。请使用模板中的列名。")
    if "applicant" not in mapping.values():
        raise BatchError(f"缺少「{APPLICANT_HEADER}」列。请使用模板。")
    return mapping


def _rows(table: Iterator[list[Any]], max_rows: int) -> Iterator[tuple[int, dict[str, Any]]]:
    header = next(table, None)
    if header is None:
        raise BatchError("文件是空的。")
    mapping = _header_map(list(header))
    count = 0
    for number, values in enumerate(table, start=2):
        if not any(_text(v) for v in values):
            continue  # a blank line is not an applicant
        count += 1
        if count > max_rows:
            raise BatchError(f"行数超过上限 {max_rows}，请分批上传。")
        yield number, {mapping[i]: v for i, v in enumerate(values) if i in mapping}


def read_table(data: bytes, filename: str) -> Iterator[list[Any]]:
    """Rows of the first sheet of an XLSX, or of a CSV (UTF-8, with or without BOM, or GBK)."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as err:
            raise BatchError("无法读取这个 Excel 文件（需要 .xlsx 格式）。") from err
        sheet = book.worksheets[0]
        return (list(r) for r in sheet.iter_rows(values_only=True))
    if suffix == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise BatchError("无法识别 CSV 文件的编码（请用 UTF-8）。")
        return iter(list(csv.reader(io.StringIO(text))))
    raise BatchError("只接受 .xlsx 或 .csv 文件。")


def run_file(
    data: bytes,
    filename: str,
    *,
    max_rows: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:

    limit = max_rows if max_rows is not None else load_config().batch_max_rows
    return match_rows(_rows(read_table(data, filename), limit), progress)


def row_count(data: bytes, filename: str) -> int:
    """How many non-blank data rows a file has (for a progress bar's total)."""
    return sum(1 for r in list(read_table(data, filename))[1:] if any(_text(v) for v in r))


# ------------------------------------------------------------------------- writing
def template_xlsx(example: bool = True) -> bytes:
    """The input template: headers, a dropdown for choices, an example row, a 说明 sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "主体清单"
    cols = columns()
    sheet.append([c.header for c in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, col in enumerate(cols, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(col.header) * 2 + 2))
        choices = (
            [VALUE_NAMES.get(o, o) for o in col.options]
            if col.widget == "choice"
            else list(applicant_names().values())
            if col.widget == "applicant"
            else ["是", "否"]
            if col.widget == "bool"
            else None
        )
        if choices and len(",".join(choices)) < 250:
            rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"')
            rule.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(rule)
    notes = book.create_sheet("说明")
    if example:  # kept off the data sheet: a forgotten example row would become an applicant
        notes.append(["示例（填在“主体清单”表中）"])
        notes.append([c.header for c in cols])
        notes.append([_example(c) for c in cols])
        notes.append([])
    notes.append(["列名", "填写要求", "说明"])
    for col in cols:
        notes.append([col.header, col.allowed(), col.help])
    notes.append([])
    notes.append(
        ["提示", "一行一个主体；留空表示未知。金额列按列名中的单位填写。", pres.ESTIMATE_NOTE]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _example(col: Column) -> Any:
    return {
        "name": "晋中某科技有限公司",
        "applicant": applicant_names()["enterprise"],
        "role": VALUE_NAMES["lead"],
        "project_level": VALUE_NAMES["provincial"],
        "accepted": "是",
    }.get(col.name, 800 if col.name == "allocation_yuan" else None)


def template_csv() -> bytes:
    """The same headers as CSV (UTF-8 with BOM so Excel opens the Chinese correctly)."""
    out = io.StringIO()
    csv.writer(out).writerow(headers())
    return out.getvalue().encode("utf-8-sig")


def result_xlsx(result: BatchResult) -> bytes:
    """结果 (one row per applicant × measure), 汇总, 按条款汇总 and 错误 sheets."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("结果")
    sheet.append(RESULT_HEADERS)
    for m in result.matches:
        sheet.append(m.cells())
    summary = book.create_sheet("汇总")
    summary.append(["项目", "数值"])
    for label, value in result.summary():
        summary.append([label, value])
    clauses = book.create_sheet("按条款汇总")
    clauses.append(["条款", "已算出金额的主体数", "金额合计（元，确定与上限合计）"])
    for clause, count, total in result.per_clause():
        clauses.append([clause, count, float(total)])
    errors = book.create_sheet("错误")
    errors.append(ERROR_HEADERS)
    for e in result.errors:
        errors.append([e.row, e.column, e.value, e.message])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def result_csv(result: BatchResult) -> bytes:
    """The 结果 sheet as CSV, then the errors after a blank line."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(RESULT_HEADERS)
    for m in result.matches:
        writer.writerow(m.cells())
    writer.writerow([])
    writer.writerow(ERROR_HEADERS)
    for e in result.errors:
        writer.writerow([e.row, e.column, e.value, e.message])
    return out.getvalue().encode("utf-8-sig")
