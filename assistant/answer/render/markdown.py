"""The CLI / chat Markdown of a reply: direct answer, steps and conditions, then sources.

Built from the reply's blocks only. The chat page shows the same pieces in expanders and chips,
so each piece is its own function.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.answer.render.awards import AwardGroup, award_groups

if TYPE_CHECKING:
    from assistant.answer.reply import Headline, Reply
from calculators.model import Citation

CONDITION_LEGEND = "（已满足；待确认＝未说明；未满足）"


def join(*blocks: str) -> str:
    return "\n\n".join(b for b in blocks if b)


def emphasised(headline: Headline) -> str:
    """The headline with each emphasised part in bold, in order: two equal parts ("确定 10万元；
    另有经评审的 10万元") are two occurrences, never the first one bolded twice."""
    text, done = headline.text, 0
    for part in headline.emphasis:
        at = text.find(part, done)
        if at < 0:
            continue
        text = f"{text[:at]}**{part}**{text[at + len(part) :]}"
        done = at + len(part) + 4
    return text


def main_markdown(reply: Reply) -> str:
    """What the reply says: the not-covered notice, the headline and the body."""
    headline = emphasised(reply.headline) if reply.headline else ""
    notice = reply.not_covered if reply.not_covered and reply.not_covered != headline else ""
    return join(notice, headline, *reply.body)


def steps_markdown(reply: Reply) -> str:
    """Calculation steps and conditions (status in words), per award under its own heading
    when there are several: two awards of one clause never share a title or one flat list."""
    groups = award_groups(reply)
    if len(groups) == 1 or (len(groups) == 2 and not groups[1].title and not groups[1].steps):
        # one award (or a read-back reply with one step block): no heading needed
        steps = [line for g in groups for line in g.steps]
        conditions = [c for g in groups for c in g.conditions]
        return join(_steps("**计算过程**", steps), _conditions("**条件核对**", conditions))
    blocks = [f"**{group.title or '条件核对'}**\n\n{group_markdown(group)}" for group in groups]
    return join(*blocks, legend_markdown(groups))


def group_markdown(group: AwardGroup) -> str:
    """One award's steps and conditions, without its heading (the chat puts that on an
    expander)."""
    return join(
        _steps("计算过程：", group.steps),
        _conditions("条件核对：" if group.title else "", group.conditions),
    )


def legend_markdown(groups: list[AwardGroup]) -> str:
    return f"条件状态说明{CONDITION_LEGEND}" if any(g.conditions for g in groups) else ""


def per_award(reply: Reply) -> list[AwardGroup]:
    """The award groups when the reply has several awards, each under its own title; else []."""
    groups = award_groups(reply)
    return groups if len(groups) > 1 and all(g.title for g in groups) else []


def _steps(title: str, lines: list[str]) -> str:
    if not lines:
        return ""
    return title + "\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(lines, 1))


def _conditions(title: str, lines: list[tuple[str, str]]) -> str:
    if not lines:
        return ""
    legend = CONDITION_LEGEND if title.startswith("**") else ""
    return (title + legend + "\n" if title else "") + "\n".join(f"- {w}：{t}" for w, t in lines)


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
