"""Downloads: the conversation as Markdown, and a 政策体检 report as Markdown or printable HTML.

Everything a user typed is escaped in the HTML page; the page is self-contained (no scripts or
styles from elsewhere) so it can be saved, mailed and printed as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from assistant.compose import totals
from assistant.presentation import (
    ESTIMATE_NOTE,
    KIND_NAMES,
    Stamp,
    award_name,
    clause_heading,
    escape_markdown,
    fact_lines,
    quotes_by_clause,
    stamp,
)
from assistant.render import markdown as md
from assistant.reply import Reply, status_word
from calculators.common import format_date
from calculators.model import Award, Kind, Status


def _yuan(amount: Decimal) -> str:
    from calculators.common import format_yuan

    return format_yuan(amount)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now()


def _when(now: datetime | None) -> str:
    moment = _now(now)
    return f"{format_date(moment)} {moment:%H:%M}"


def _reply_of(message: Mapping[str, Any]) -> Reply | None:
    reply = message.get("reply")
    if reply is None or isinstance(reply, Reply):
        return reply
    return Reply.model_validate(reply)


def _stamp_lines(s: Stamp) -> list[str]:
    return [
        f"- 政策：《{s.title}》",
        f"- 有效期：{s.validity}（附则：{s.validity_sentence}）",
        f"- {ESTIMATE_NOTE}",
    ]


# ------------------------------------------------------------------------- conversation
def conversation_markdown(
    messages: Iterable[Mapping[str, Any]], now: datetime | None = None
) -> str:
    """The chat as Markdown: each question, each answer, and the clauses each answer cites.

    A message is ``{"role": "user"|"assistant", "content": str, "reply": Reply | dict | None}``.
    """
    s = stamp()
    out = [
        "# 晋创谷·晋中 政策助手：对话记录",
        f"导出时间：{_when(now)}",
        "\n".join(_stamp_lines(s)),
    ]
    for message in messages:
        content = str(message.get("content", ""))
        if message.get("role") == "user":
            out.append("## 您\n\n" + escape_markdown(content, html_entities=True))
            continue
        reply = _reply_of(message)
        block = ["## 助手"]
        if reply is None:
            block.append(html.escape(content, quote=False))
        else:
            if reply.follow_up:
                block.append("*（助手在追问）*")
            # A downloaded .md may be opened in a viewer that renders raw HTML.
            shown = md.join(
                md.main_markdown(reply),
                md.steps_markdown(reply),
                md.units_markdown(reply),
                md.caveats_markdown(reply),
            )
            block.append(html.escape(shown, quote=False))
            lines = [
                f"- {label}：" + "；".join(f"“{q}”" for q in quotes)
                for label, quotes in quotes_by_clause(reply.citations).items()
            ]
            if lines:
                block.append("**依据条款**\n" + "\n".join(lines))
        out.append("\n\n".join(block))
    return "\n\n".join(out) + "\n"


# ------------------------------------------------------------------------- 体检 report
def _facts_lines(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    return fact_lines(dict(facts))


# Kinds and statuses are compared by value (StrEnum ==), never by identity: an award built by an
# engine that imported calculators.model before a module reload must still be recognised.
def _blocked(award: Award) -> bool:
    return any(c.status == Status.NOT_MET for c in award.conditions)


def _amount_text(award: Award) -> str:
    if award.kind == Kind.NO_FIXED_AMOUNT:
        return "原文未规定金额"
    if _blocked(award):
        return "0元（条件不满足）"
    if award.kind == Kind.UP_TO:
        return f"最高 {_yuan(award.amount_yuan)}"
    return _yuan(award.amount_yuan)


def _total_text(awards: list[Award]) -> str:
    exact, ceiling = totals(awards)
    if not (exact or ceiling):
        return "暂无可计算的金额（补充项目、金额等情况后可重新生成）"
    parts = [f"确定金额合计 {_yuan(exact)}"] if exact else []
    if ceiling:
        parts.append(f"上限合计 {_yuan(ceiling)}（“最高/不超过”，不是承诺）")
    return "；".join(parts)


def report_markdown(
    reply: Reply,
    applicant_name: str,
    facts: Mapping[str, Any],
    now: datetime | None = None,
) -> str:
    s = stamp()
    awards = list(reply.details)
    out = [
        "# 政策体检报告",
        f"生成时间：{_when(now)}",
        "\n".join(_stamp_lines(s)),
        "## 基本情况",
        "\n".join(
            [f"- 主体类型：{applicant_name}"] + [f"- {k}：{v}" for k, v in _facts_lines(facts)]
        ),
    ]
    if awards:
        rows = ["| 条款 | 事项 | 金额 | 类型 |", "|---|---|---|---|"]
        for a in awards:
            rows.append(
                f"| {a.clause}{a.measure} | {award_name(a)} | {_amount_text(a)} "
                f"| {KIND_NAMES[a.kind.value]} |"
            )
        out += ["## 结果一览", "\n".join(rows), f"**合计**：{_total_text(awards)}"]
    out += ["## 助手结论", md.main_markdown(reply)]
    details = []
    for a in awards:
        block = [f"### {a.clause}{award_name(a)}：{_amount_text(a)}"]
        if a.conditions:
            block.append(
                "条件：\n" + "\n".join(f"- {status_word(c.status)}：{c.text}" for c in a.conditions)
            )
        if a.steps:
            block.append(
                "计算过程：\n" + "\n".join(f"{i}. {st}" for i, st in enumerate(a.steps, 1))
            )
        if a.schedule:
            block.append(
                "分年安排："
                + "；".join(
                    f"第{i.year}年 "
                    + ("原文未分年列明" if i.amount_yuan is None else _yuan(i.amount_yuan))
                    for i in a.schedule
                )
            )
        if a.notes:  # one list, not a paragraph per note
            block.append("\n".join(f"- {n}" for n in a.notes))
        if a.units:
            block.append("责任单位：" + "、".join(a.units))
        details.append("\n\n".join(block))
    if details:
        out += ["## 各项明细", *details]
    grouped = quotes_by_clause(reply.citations)
    if grouped:
        out += [
            "## 依据条款",
            "\n".join(
                f"- {clause_heading(label)}：" + "；".join(f"“{q}”" for q in quotes)
                for label, quotes in grouped.items()
            ),
        ]
    if reply.units:
        out += ["## 责任单位", "、".join(reply.units)]
    if reply.caveats:
        out += ["## 提示", "\n".join(f"- {c}" for c in reply.caveats)]
    return "\n\n".join(p for p in out if p) + "\n"


# ------------------------------------------------------------------------- HTML
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<!\*)\*([^*\n]+)\*(?!\*)")
_ORDERED = re.compile(r"^\d+\.\s+")


def _inline(text: str) -> str:
    """Escape first, then the two inline marks compose uses: **bold** and *italic*."""
    escaped = html.escape(text, quote=True)
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return _ITALIC.sub(r"<em>\1</em>", escaped)


def markdown_to_html(text: str) -> str:
    """The small Markdown subset the engine writes (paragraphs, lists, quotes, tables, bold).

    Every character of the input is escaped; no raw HTML can pass through.
    """
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if all(ln.lstrip().startswith("|") for ln in lines) and len(lines) >= 2:
            rows = [
                [c.strip() for c in ln.strip().strip("|").split("|")]
                for ln in lines
                if not re.fullmatch(r"\|?[\s\-:|]+\|?", ln.strip())
            ]
            head, *body = rows
            cells = "".join(f"<th>{_inline(c)}</th>" for c in head)
            body_html = "".join(
                "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>" for r in body
            )
            blocks.append(
                f"<table><thead><tr>{cells}</tr></thead><tbody>{body_html}</tbody></table>"
            )
            continue
        html_lines: list[str] = []
        open_list: str | None = None
        for ln in lines:
            stripped = ln.strip()
            if stripped.startswith(("- ", "* ")):
                kind, item = "ul", stripped[2:]
            elif _ORDERED.match(stripped):
                kind, item = "ol", _ORDERED.sub("", stripped, count=1)
            else:
                kind, item = None, stripped
            if kind != open_list:
                if open_list:
                    html_lines.append(f"</{open_list}>")
                if kind:
                    html_lines.append(f"<{kind}>")
                open_list = kind
            if kind:
                html_lines.append(f"<li>{_inline(item)}</li>")
            elif item.startswith("#"):
                level = min(len(item) - len(item.lstrip("#")) + 1, 4)
                html_lines.append(f"<h{level}>{_inline(item.lstrip('#').strip())}</h{level}>")
            elif item.startswith(">"):
                html_lines.append(f"<blockquote>{_inline(item.lstrip('>').strip())}</blockquote>")
            else:
                html_lines.append(f"<p>{_inline(item)}</p>")
        if open_list:
            html_lines.append(f"</{open_list}>")
        blocks.append("\n".join(html_lines))
    return "\n".join(blocks)


PRINT_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       "WenQuanYi Zen Hei", sans-serif; color: #222; max-width: 860px; margin: 2em auto;
       padding: 0 1em; line-height: 1.65; }
h1 { color: #b22222; border-bottom: 2px solid #b22222; padding-bottom: .2em; }
h2 { border-left: 4px solid #b22222; padding-left: .5em; margin-top: 1.6em; }
.stamp { background: #fff7e6; border: 1px solid #f0c36d; padding: .6em 1em; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; }
th, td { border: 1px solid #ccc; padding: .35em .6em; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
blockquote { border-left: 3px solid #ccc; margin: .4em 0; padding-left: .8em; color: #555; }
.muted { color: #666; font-size: .9em; }
.totals { border: 2px solid #b22222; border-radius: 4px; padding: .5em 1em; margin: 1em 0;
          font-size: 1.15em; }
.totals strong { color: #b22222; }
table.facts th { width: 30%; }
button.print { float: right; padding: .4em 1em; }
@media print {
  .no-print { display: none !important; }
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { page-break-after: avoid; }
  table, .award { page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
@page { size: A4; margin: 16mm 14mm; }
"""


def _totals_box(awards: list[Award]) -> list[str]:
    """The bottom line first, for the visitor who reads only the top of the printout."""
    if not awards:
        return []
    exact, ceiling = totals(awards)
    if not (exact or ceiling):
        return ['<p class="totals">暂无可计算的金额：补充项目、金额等情况后可重新生成本报告。</p>']
    parts = [f"确定金额合计 <strong>{html.escape(_yuan(exact))}</strong>"] if exact else []
    if ceiling:
        parts.append(
            f"上限合计 <strong>{html.escape(_yuan(ceiling))}</strong>（“最高/不超过”，不是承诺）"
        )
    return ['<p class="totals">' + "；".join(parts) + "</p>"]


def report_html(
    reply: Reply,
    applicant_name: str,
    facts: Mapping[str, Any],
    now: datetime | None = None,
) -> str:
    """The same report as a self-contained, printable page (all text escaped)."""
    s = stamp()
    e = html.escape
    when = _now(now)
    awards = list(reply.details)
    body = [
        '<button class="print no-print" onclick="window.print()">打印 / 存为 PDF</button>',
        "<h1>政策体检报告</h1>",
        f'<p class="muted">生成时间：{e(_when(when))}</p>',
        '<div class="stamp">'
        f"<div>政策：《{e(s.title)}》</div>"
        f"<div>有效期：<strong>{e(s.validity)}</strong>（附则：{e(s.validity_sentence)}）</div>"
        f"<div>{e(ESTIMATE_NOTE)}</div></div>",
        *_totals_box(awards),
        "<h2>基本情况</h2>",
        '<table class="facts"><tbody>'
        + f"<tr><th>主体类型</th><td>{e(applicant_name)}</td></tr>"
        + "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in _facts_lines(facts))
        + "</tbody></table>",
    ]
    if awards:
        rows = "".join(
            f"<tr><td>{e(a.clause + a.measure)}</td><td>{e(award_name(a))}</td>"
            f"<td>{e(_amount_text(a))}</td>"
            f"<td>{e(KIND_NAMES[a.kind.value])}</td></tr>"
            for a in awards
        )
        body += [
            "<h2>结果一览</h2>",
            "<table><thead><tr><th>条款</th><th>事项</th><th>金额</th><th>类型</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>",
            f"<p><strong>合计</strong>：{e(_total_text(awards))}</p>",
        ]
    body += ["<h2>助手结论</h2>", markdown_to_html(md.main_markdown(reply))]
    if awards:
        body.append("<h2>各项明细</h2>")
    for a in awards:
        parts = [f'<div class="award"><h3>{e(a.clause + award_name(a))}：{e(_amount_text(a))}</h3>']
        if a.conditions:
            parts.append(
                "<p>条件：</p><ul>"
                + "".join(f"<li>{e(status_word(c.status))}：{e(c.text)}</li>" for c in a.conditions)
                + "</ul>"
            )
        if a.steps:
            parts.append(
                "<p>计算过程：</p><ol>" + "".join(f"<li>{e(x)}</li>" for x in a.steps) + "</ol>"
            )
        if a.schedule:
            items = "".join(
                f"<li>第{i.year}年："
                + e("原文未分年列明" if i.amount_yuan is None else _yuan(i.amount_yuan))
                + "</li>"
                for i in a.schedule
            )
            parts.append(f"<p>分年安排：</p><ul>{items}</ul>")
        if a.notes:
            parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in a.notes) + "</ul>")
        if a.units:
            parts.append(f'<p class="muted">责任单位：{e("、".join(a.units))}</p>')
        parts.append("</div>")
        body.append("".join(parts))
    grouped = quotes_by_clause(reply.citations)
    if grouped:
        body.append("<h2>依据条款</h2><ul>")
        for label, quotes in grouped.items():
            body.append(
                f"<li><strong>{e(clause_heading(label))}</strong>："
                + "；".join(f"“{e(q)}”" for q in quotes)
                + "</li>"
            )
        body.append("</ul>")
    if reply.units:
        body += ["<h2>责任单位</h2>", f"<p>{e('、'.join(reply.units))}</p>"]
    if reply.caveats:
        items = "".join(f"<li>{e(c)}</li>" for c in reply.caveats)
        body += ["<h2>提示</h2>", f"<ul>{items}</ul>"]
    title = f"政策体检报告 · {applicant_name} · {format_date(when)}"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
