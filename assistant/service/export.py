"""Downloads: the conversation as Markdown, and a 政策体检 report as Markdown or printable HTML.

The report is built once (:mod:`assistant.answer.render.report`) and written by two templates. What a
user typed stays plain text: no image, link or raw HTML is made of it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from assistant.answer.compose import totals
from assistant.answer.presentation import escape_markdown, quotes_by_clause
from assistant.answer.render import markdown as md
from assistant.answer.render import report
from assistant.answer.render.report import PRINT_CSS, markdown_to_html, when_text
from assistant.answer.reply import Reply

__all__ = [
    "PRINT_CSS",
    "conversation_markdown",
    "markdown_to_html",
    "report_html",
    "report_markdown",
    "totals",
]


def _reply_of(message: Mapping[str, Any]) -> Reply | None:
    reply = message.get("reply")
    if reply is None or isinstance(reply, Reply):
        return reply
    return Reply.model_validate(reply)


# ------------------------------------------------------------------------- conversation
def conversation_markdown(
    messages: Iterable[Mapping[str, Any]], now: datetime | None = None
) -> str:
    """The chat as Markdown: each question, each answer, and the clauses each answer cites.

    A message is ``{"role": "user"|"assistant", "content": str, "reply": Reply | dict | None}``.
    """
    out = [
        "# 晋创谷·晋中 政策助手：对话记录",
        f"导出时间：{when_text(now)}",
        "\n".join(f"- {line}" for line in report.stamp_lines()),
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
def report_markdown(
    reply: Reply, applicant_name: str, facts: Mapping[str, Any], now: datetime | None = None
) -> str:
    return report.as_markdown(report.build(reply, applicant_name, facts, now))


def report_html(
    reply: Reply, applicant_name: str, facts: Mapping[str, Any], now: datetime | None = None
) -> str:
    """The same report as a self-contained, printable page (all text escaped)."""
    return report.as_html(report.build(reply, applicant_name, facts, now))
