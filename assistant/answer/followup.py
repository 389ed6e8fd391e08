"""Questions about the answer just given, answered from that answer's blocks (issue 20).

"这个是按什么比例算的？有没有上限" after "中试基地服务收入300万能拿多少" used to get the whole amount
answer again. The dialogue now decides such a message is about the previous answer
(:func:`assistant.dialogue.policy.about_answer`, on the cue words of ``assistant/nlu/acts.yaml``)
and this module answers it shortly from the blocks that answer kept (:func:`snapshot`, held in
``Conversation.answered``):

- the rate and the cap: the clause's own sentence that sets each (the parameters of
  ``corpus/parameters.yaml`` say which quote is a rate and which a ceiling) and the step that
  used it ("65万元 超过每年最高奖励 50万元，封顶为 50万元");
- the steps; the conditions by status; why it is 0 (the unmet conditions, named); the 责任单位.

Nothing is computed again and no figure is written here: each comes from a quote or a step
of that reply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assistant.answer.reply import Headline, Reply, UnitLine
from assistant.answer.status import STATUS_WORDS
from calculators.common import format_yuan
from calculators.model import Citation
from corpus.clauses import APPENDIX_LABEL
from corpus.parameters import Parameter, load_parameters, notations

INTENT = "follow_up"
# Clauses an answer about a measure cites besides the measure itself: the 附则 (validity, "就高
# 不重复") and （一） (the 一站式服务窗口 a contact answer names). A reply citing only these and
# the answered measure still leaves that answer the one a follow-up asks about.
AROUND = (APPENDIX_LABEL, "（一）")
BLOCKS = {"intent", "headline", "steps", "conditions", "citations", "unit_lines", "awards"}
ZERO_VERDICTS = ("zero", "not_eligible")
POINTER = "（摘自上一条回答；完整的计算过程、条件核对和依据见上一条。）"


# ------------------------------------------------------------------ what a follow-up may refer to
def snapshot(reply: Reply) -> dict[str, Any] | None:
    """The blocks of ``reply`` a follow-up may ask about (JSON-safe), with the clauses it
    answers under ``clauses``; None for a reply with neither steps nor conditions."""
    if not (reply.steps or reply.conditions):
        return None
    data = reply.model_dump(mode="json", include=BLOCKS)
    data["clauses"] = answered_clauses(reply)
    return data


def answered_clauses(reply: Reply) -> list[str]:
    """The measures ``reply`` computed or checked, in order (not the 附则 or （一）)."""
    labels = [
        *(g.clause for g in reply.steps),
        *(a.clause for a in reply.awards),
        *(c.clause for c in reply.conditions),
    ]
    return [c for c in dict.fromkeys(labels) if c not in AROUND]


def carried(previous: dict[str, Any] | None, reply: Reply) -> dict[str, Any] | None:
    """What a follow-up after ``reply`` refers to: ``reply`` itself when it has steps or
    conditions; the earlier answer after a follow-up, or after a reply that asks nothing and
    cites nothing but that answer's measures ("找哪个部门", "有电话吗", "谢谢"); else nothing
    (a question asked back, another measure)."""
    if reply.intent == INTENT:
        return previous
    own = snapshot(reply)
    if own is not None or previous is None or reply.follow_up:
        return own
    cited = {c.clause for c in reply.citations} | {line.clause for line in reply.unit_lines}
    kept = set(previous.get("clauses") or ()) | set(AROUND)
    return previous if cited <= kept else None


# ------------------------------------------------------------------ the answer
@dataclass
class _Part:
    headline: str
    lines: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    emphasis: list[str] = field(default_factory=list)
    units: list[UnitLine] = field(default_factory=list)
    apart: bool = False  # each line is a block of its own (a titled list of steps)


def answer(previous: dict[str, Any], aspects: Sequence[str]) -> Reply:
    """The short answer to a question about ``previous`` (a :func:`snapshot`): one part per
    aspect asked (rate, cap, steps, conditions, why_zero, who), in that order."""
    last = Reply.model_validate({**previous, "answer": "-"})
    clauses = list(previous.get("clauses") or answered_clauses(last))
    parts = [_PARTS[a](last, clauses) for a in _ordered(aspects)]
    citations: dict[tuple[str, str], Citation] = {}
    for part in parts:
        for c in part.citations:
            citations.setdefault((c.clause, c.quote), c)
    # One block per part, each line once (（七）'s rate and cap are the same sentence).
    seen: set[str] = set()
    blocks = []
    for part in parts:
        fresh = [line for line in part.lines if not (line in seen or seen.add(line))]
        blocks += fresh if part.apart else ["\n".join(fresh)] if fresh else []
    return Reply(
        intent=INTENT,
        headline=Headline(
            text="；".join(p.headline for p in parts) + "。",
            verdict="info",
            emphasis=list(dict.fromkeys(e for p in parts for e in p.emphasis)),
        ),
        body=[*blocks, POINTER],
        citations=list(citations.values()),
        unit_lines=[u for p in parts for u in p.units],
    )


def _ordered(aspects: Sequence[str]) -> list[str]:
    return [a for a in _PARTS if a in aspects]


@dataclass(frozen=True)
class _Figure:
    """A figure of the policy a quote of the previous answer holds."""

    parameter: Parameter
    citation: Citation
    written: str  # as the quote writes it: "30%", "100万元"


def _figures(last: Reply, clause: str, unit: str) -> list[_Figure]:
    out = []
    for c in last.citations:
        if c.clause != clause:
            continue
        for p in load_parameters().values():
            if p.measure != clause or p.unit != unit or p.quote not in c.quote:
                continue
            written = next((n for n in notations(p.value, p.unit) if n in c.quote), None)
            if written and all(f.parameter.name != p.name for f in out):
                out.append(_Figure(p, c, written))
    return out


def _steps_using(last: Reply, clause: str, p: Parameter) -> list[str]:
    """The step lines of ``clause`` that use ``p``'s figure, in any of its notations."""
    marks = [re.compile(r"(?<![0-9.])" + re.escape(n)) for n in notations(p.value, p.unit)]
    return [
        line
        for g in last.steps
        if g.clause == clause
        for line in g.lines
        if any(m.search(line) for m in marks)
    ]


def _own_citations(last: Reply, clause: str) -> list[Citation]:
    return [c for c in last.citations if c.clause == clause]


def _with_steps(f: _Figure, steps: list[str]) -> list[str]:
    quoted = f"- {f.citation.clause}原文：“{f.citation.quote}”"
    return [quoted, *(f"- 按您的情况：{line}" for line in steps)]


def _rate(last: Reply, clauses: list[str]) -> _Part:
    heads, lines, cites, marks = [], [], [], []
    for clause in clauses:
        rates = _figures(last, clause, "ratio")
        if not rates:
            # A fixed sum per head or per item (（七）, （九）): the sentence that sets it.
            fixed = [f for f in _figures(last, clause, "yuan") if not f.parameter.is_ceiling]
            heads.append(f"{clause}不是按比例计算的")
            for f in fixed:
                lines += _with_steps(f, _steps_using(last, clause, f.parameter))
            shown = [f.citation for f in fixed] or _own_citations(last, clause)[:1]
            lines += [] if fixed else [f"- {c.clause}原文：“{c.quote}”" for c in shown]
            cites += shown
            continue
        for f in rates:
            word = "不超过" if f.parameter.is_ceiling else ""
            heads.append(f"{clause}按{word}{f.written}计算（{f.parameter.description}）")
            lines += _with_steps(f, _steps_using(last, clause, f.parameter))
            cites.append(f.citation)
            marks.append(f.written)
    return _Part("；".join(heads), lines, cites, marks)


def _cap(last: Reply, clauses: list[str]) -> _Part:
    heads, lines, cites, marks = [], [], [], []
    for clause in clauses:
        caps = [f for f in _figures(last, clause, "yuan") if f.parameter.is_ceiling]
        if not caps:
            heads.append(f"{clause}原文没有写金额上限（“最高/不超过”）")
            continue
        for f in caps:
            heads.append(f"{clause}的上限是{f.written}（{f.parameter.description}）")
            lines += _with_steps(f, _steps_using(last, clause, f.parameter))
            cites.append(f.citation)
            marks.append(f.written)
    return _Part("；".join(heads), lines, cites, marks)


def _steps(last: Reply, clauses: list[str]) -> _Part:
    groups = [g for g in last.steps if g.clause in clauses] or list(last.steps)
    if not groups:
        return _Part("上一条回答没有计算步骤")
    numbered = ["\n".join(f"{i}. {line}" for i, line in enumerate(g.lines, 1)) for g in groups]
    if len(groups) > 1:
        numbered = [b for g, n in zip(groups, numbered, strict=True) for b in (f"**{g.title}**", n)]
    titles = "、".join(dict.fromkeys(g.title for g in groups))
    cites = [c for g in groups for c in _own_citations(last, g.clause)]
    return _Part(f"{titles}是这样算的", numbered, cites, apart=True)


def _condition_lines(conditions: list[Any]) -> list[str]:
    order = {"unmet": 0, "unknown": 1, "met": 2}
    ranked = sorted(conditions, key=lambda c: order[c.status])
    return [f"- {c.clause} {STATUS_WORDS[c.status]}：{c.text}" for c in ranked]


def _conditions(last: Reply, clauses: list[str]) -> _Part:
    conditions = list(last.conditions)
    if not conditions:
        return _Part("上一条回答没有需要核对的条件")
    unmet = [c for c in conditions if c.status == "unmet"]
    unknown = [c for c in conditions if c.status == "unknown"]
    if unmet:
        head = "未满足的条件：" + "；".join(c.text for c in unmet)
    elif unknown:
        head = f"还有{len(unknown)}项条件待确认（未说明的，按满足估算）"
    else:
        head = "您说的情况满足列出的全部条件"
    cites = [
        c
        for label in dict.fromkeys(x.clause for x in conditions)
        for c in _own_citations(last, label)
    ]
    return _Part(head, _condition_lines(conditions), cites)


def _why_zero(last: Reply, clauses: list[str]) -> _Part:
    unmet = [c for c in last.conditions if c.status == "unmet"]
    cites = [
        c for label in dict.fromkeys(x.clause for x in unmet) for c in _own_citations(last, label)
    ]
    if unmet:
        named = "；".join(f"{c.clause}的“{c.text}”" for c in unmet)
        return _Part(f"是0，因为不满足{named}", _condition_lines(unmet), cites)
    verdict = last.headline.verdict if last.headline else None
    zero = verdict in ZERO_VERDICTS or any(Decimal(a.amount_yuan) == 0 for a in last.awards)
    if zero:
        text = last.headline.text.rstrip("。") if last.headline else "上一条回答是0"
        return _Part(text, [], [c for label in clauses for c in _own_citations(last, label)])
    amounts = "、".join(
        f"{a.clause}{'最高' if a.kind == 'up_to' else ''}{format_yuan(Decimal(a.amount_yuan))}"
        for a in last.awards
    )
    unknown = [c for c in last.conditions if c.status == "unknown"]
    lines = []
    if unknown:
        lines = ["以下条件您没有说明，是按满足估算的；如果其中有不满足的，就拿不到："]
        lines += _condition_lines(unknown)
    head = f"上一条回答算出的不是0：{amounts}" if amounts else "上一条回答算出的不是0"
    return _Part(head, lines, [c for label in clauses for c in _own_citations(last, label)])


def _who(last: Reply, clauses: list[str]) -> _Part:
    units = [u for u in last.unit_lines if u.clause in clauses] or list(last.unit_lines)
    if not units:
        return _Part("上一条回答没有列出责任单位")
    head = "；".join(f"{u.clause}的责任单位：{'、'.join(u.units)}" for u in units)
    return _Part(head, units=units)


_PARTS = {
    "rate": _rate,
    "cap": _cap,
    "steps": _steps,
    "conditions": _conditions,
    "why_zero": _why_zero,
    "who": _who,
}
