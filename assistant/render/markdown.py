"""The CLI / chat Markdown of a reply: direct answer, steps and conditions, then sources.

Built from the reply's blocks only. The chat page shows the same pieces in expanders and chips,
so each piece is its own function.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.reply import STATUS_WORDS, Headline, Reply
from calculators.model import Citation

CONDITION_LEGEND = "（已满足；待确认＝未说明，按满足估算；未满足）"


def join(*blocks: str) -> str:
    return "\n\n".join(b for b in blocks if b)


def emphasised(headline: Headline) -> str:
    text = headline.text
    for part in headline.emphasis:
        text = text.replace(part, f"**{part}**", 1)
    return text


def main_markdown(reply: Reply) -> str:
    """What the reply says: the not-covered notice, the headline and the body."""
    headline = emphasised(reply.headline) if reply.headline else ""
    notice = reply.not_covered if reply.not_covered and reply.not_covered != headline else ""
    return join(notice, headline, *reply.body)


def steps_markdown(reply: Reply) -> str:
    """Calculation steps per award, then the conditions with their status in words."""
    blocks = []
    for group in reply.steps:
        title = f"**计算过程**（{group.title}）" if len(reply.steps) > 1 else "**计算过程**"
        blocks.append(title + "\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(group.lines, 1)))
    if reply.conditions:
        lines = [f"- {STATUS_WORDS[c.status]}：{c.text}" for c in reply.conditions]
        blocks.append(f"**条件核对**{CONDITION_LEGEND}\n" + "\n".join(lines))
    return join(*blocks)


def citation_block(citations: Iterable[Citation]) -> str:
    lines = dict.fromkeys(f"- {c.clause}：“{c.quote}”" for c in citations if c.quote)
    return "**依据条款**\n" + "\n".join(lines) if lines else ""


def citations_markdown(reply: Reply) -> str:
    """The quotes the answer relies on, leaving out those its body or caveats already show."""
    shown = "\n".join([*reply.body, *reply.caveats])
    return citation_block(c for c in reply.citations if c.quote not in shown)


def units_markdown(reply: Reply) -> str:
    if len(reply.unit_lines) > 1:
        lines = [f"- {line.clause}：{'、'.join(line.units)}" for line in reply.unit_lines]
        return "**责任单位**\n" + "\n".join(lines)
    return f"**责任单位**：{'、'.join(reply.units)}" if reply.units else ""


def caveats_markdown(reply: Reply) -> str:
    return "**提示**\n" + "\n".join(f"- {c}" for c in reply.caveats) if reply.caveats else ""


def answer_markdown(reply: Reply) -> str:
    return join(
        main_markdown(reply),
        steps_markdown(reply),
        citations_markdown(reply),
        units_markdown(reply),
        caveats_markdown(reply),
    )
