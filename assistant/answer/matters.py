"""Replies about the case file's matters: a :class:`~assistant.dialogue.matters.Decision`
becomes a :class:`~assistant.answer.reply.Reply`.

Several matters in one message get one line each and a total; a single matter's zero, range
or floor is said first. Every figure comes from a calculator through the case file.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from assistant.answer import compose
from assistant.answer import reply as reply_module
from assistant.answer.citations import rule_citations
from assistant.answer.compose import caveats
from assistant.answer.estimates import (
    cap_line,
    estimate_line,
    rate_line,
    several_estimate_lines,
)
from assistant.answer.render.awards import kind_word, kinded, sum_text
from assistant.answer.render.markdown import emphasised
from assistant.answer.reply import Headline, Reply
from assistant.dialogue import casefile, facts
from assistant.dialogue.casefile import CaseFile, Matter, Outcome
from assistant.dialogue.matters import Decision, main_figure
from assistant.nlu import roles, scope
from assistant.nlu.understand import Understanding
from calculators.common import format_yuan
from calculators.model import Award, Citation, Kind, Status
from calculators.registry import RULES, compute
from corpus.clauses import load_policy

_NEUTRAL_LEVEL = {"project_level", "carrier_level"}


# ------------------------------------------------------------------ actions
def act(decision: Decision, case: CaseFile, intent: str) -> Any:
    if decision.kind == "not_covered":
        return not_covered_reply(decision.not_covered, intent)
    outcomes = decision.outcomes
    awards = [o.award for o in outcomes if o.award is not None]
    lines: list[str] = []
    if decision.note:
        lines.append(decision.note)
    several = len(outcomes) > 1
    head = None
    if several:
        total = compose.total_headline(awards)
        head = Headline(
            text=matters_headline(case, outcomes),
            verdict=total.verdict if total else "needs_facts",
            amount_yuan=total.amount_yuan if total else None,
        )
        if total and len(awards) > 1:
            lines.append(emphasised(total))
        if awards and len(awards) == len(outcomes):  # every matter computed: the sum is known
            labels = [case.label(o.index) for o in outcomes]
            bases = [main_figure(o.matter) for o in outcomes]
            lines += several_estimate_lines(awards, labels, list(decision.estimates), bases)
    elif awards and decision.estimates:
        # "两期各补20%是不是两千四百四十": one person's occasions summed into one matter; the
        # asker's figure is answered against it.
        said = {f.value: f for f in decision.estimates}.values()
        lines += list(dict.fromkeys(estimate_line(awards[0], outcomes[0].matter, f) for f in said))
    for o in outcomes:
        label = case.label(o.index) if several else ""
        if o.award is not None:
            if label:
                lines += [f"**{label}**（{facts_line(o.matter)}）", compose.award_line(o.award)]
            lines += [compose.schedule_line(o.award), compose.notes_line(o.award)]
        elif o.error:
            lines.append(f"**{label}**：{o.error}")
        else:
            rule = RULES[o.matter.rule]
            lines.append(
                f"**{label or rule.clause + rule.name}**：还需要知道{facts.label(rule, o.missing[0])}。"
            )
    follow_up = None
    pending = next((o for o in outcomes if o.award is None and o.missing), None)
    if pending is not None:
        case.pending = (pending.index, pending.missing[0])
        rule = RULES[pending.matter.rule]
        ask = facts.question(rule, pending.missing[0])
        follow_up = f"{case.label(pending.index)}：{ask}" if several else ask
        if head is None and not awards:
            head = Headline(
                text=f"还需要知道：{follow_up}", verdict="needs_facts", emphasis=[follow_up]
            )
        else:
            lines.append(f"还需要知道：**{follow_up}**")
    citations = []
    for o in outcomes:
        if o.award is None:
            citations += rule_citations(RULES[o.matter.rule])
    units = (
        []
        if awards
        else [(o.matter.clause, load_policy().clause(o.matter.clause).units) for o in outcomes]
    )
    reply = compose.award_reply(
        awards,
        intent,
        body=[line for line in lines if line],
        citations=citations,
        units=units,
        headline_=head,
        listed=True,
        follow_up=follow_up,
    )
    if awards and (zero := zero_headline(awards[0], outcomes[0].matter)) and not several:
        lead(reply, zero)
    return reply


def lead(reply: Any, text: str) -> None:
    """``text`` becomes the headline (a 0's reason, a range's two ends); the calculator's own
    headline follows as the first body line."""
    old = reply.headline
    if old is not None:
        reply.body.insert(0, emphasised(old))
    reply.headline = Headline(
        text=text,
        verdict=old.verdict if old else "info",
        amount_yuan=old.amount_yuan if old else None,
    )


def facts_line(matter: Matter) -> str:
    rule = RULES[matter.rule]
    shown = [
        f"{facts.label(rule, k)}：{facts.show(k, v)}"
        for k, v in matter.given().items()
        if not isinstance(v, bool) and k != "event_date"
    ]
    return "，".join(shown) or rule.name


def matters_headline(case: CaseFile, outcomes: list[Outcome]) -> str:
    """One sentence: how many matters and what they add up to."""
    computed = [o for o in outcomes if o.award is not None]
    parts = "；".join(
        f"{case.label(o.index)}"
        + (
            f"{format_yuan(o.award.amount_yuan)}（{_why_zero(o.award, o.matter)}）"
            if o.award.amount_yuan == 0
            else kinded(o.award)
        )
        for o in computed
    )
    total = sum_text(o.award for o in computed)
    waiting = "；".join(
        f"{case.label(o.index)}还需要{facts.label(RULES[o.matter.rule], o.missing[0])}"
        for o in outcomes
        if o.award is None and o.missing
    )
    head = f"您说的是{len(outcomes)}个事项，每项单独计算"
    if computed:
        head += f"：{parts}" + (f"，合计{total}" if total else "")  # like with like
    head += f"（{waiting}）。" if waiting else "。"
    return head


# ------------------------------------------------------------------ a zero is never bare
def _why_zero(award: Award, matter: Matter) -> str:
    reasons = []
    for c in award.conditions:
        if c.status is Status.NOT_MET:
            requirement, _, rest = c.text.partition("——")
            m = re.search(r"不满足（(.+)）$", rest)
            reasons.append(f"{m[1]}，不满足“{requirement}”" if m else f"不满足“{requirement}”")
    if reasons:
        return "；".join(dict.fromkeys(reasons))
    other = matter.other_policy_yuan
    if other:
        return f"同一事项其他政策已给{format_yuan(other)}，按“就高不重复”本政策不再补差"
    if matter.received_yuan:
        return f"本条已获{format_yuan(matter.received_yuan)}，已达上限"
    return "按原文计算为0"


def zero_headline(award: Award, matter: Matter | None) -> str | None:
    """The first sentence for a 0 or a 就高不重复 deduction: the reason in words, and what
    would change it ("验收通过后，按现在的数字可得40万元")."""
    if award.kind is Kind.NO_FIXED_AMOUNT:
        return None
    given = matter.given() if matter else {}
    name = f"{award.clause}{award.measure}"
    other = Decimal(given.get("other_policy_award_yuan") or 0)
    if award.amount_yuan == 0 and award.blocked:
        why = _why_zero(award, matter or Matter(award.rule))
        text = f"按您说的情况，{name}目前拿不到：{why}。"
        flip = {k: True for k, v in given.items() if v is False}
        if flip:
            try:
                could = compute(award.rule, {**given, **flip})
            except Exception:
                could = None
            if could is not None and could.amount_yuan > 0 and not could.blocked:
                word = f"{kind_word(could)}可得"
                text += f"这些条件满足后，按现在的数字{word}{format_yuan(could.amount_yuan)}。"
        return text
    if other > 0:
        own = compute(
            award.rule, {k: v for k, v in given.items() if k != "other_policy_award_yuan"}
        )
        if award.amount_yuan == 0:
            return (
                f"同一事项其他政策已给{format_yuan(other)}，不低于本政策的"
                f"{format_yuan(own.amount_yuan)}，按“就高不重复”本政策不再补差。"
            )
        return (
            f"同一事项其他政策已给{format_yuan(other)}，本政策按“就高不重复”只补差额"
            f"{format_yuan(award.amount_yuan)}（本政策可得{format_yuan(own.amount_yuan)}）。"
        )
    if award.amount_yuan == 0:
        if matter and matter.received_yuan:
            # The cap the received money used up, in the step's own words: a yearly cap
            # ("每家企业年度累计最高") or a total one ("单个载体奖补总额最高").
            used = next((s for s in award.steps if "已获" in s), None)
            why = f"（{used}）" if used else ""
            return (
                f"按您说的情况，{name}已获{format_yuan(matter.received_yuan)}，"
                f"已达上限{why}，这次可得0元。"
            )
        reasons = [s for s in award.steps if "0元" in s or "上限" in s or "额度" in s]
        if reasons:
            return f"按您说的情况，{name}可得0元：{reasons[-1]}。"
    return None


def not_covered_reply(nc: scope.NotCovered, intent: str) -> Any:

    lines = [nc.explanation]
    if nc.after:
        lines.append(nc.after)
    citations = []
    nearby = [label for label in nc.nearby if label != "附则"]
    if nearby:
        pointers = []
        for label in nearby:
            clause = load_policy().clause(label)
            pointers.append(f"- **{clause.heading}**")
            cited = [c for r in RULES.values() if r.clause == label for c in rule_citations(r)]
            # A measure with no money (（十）): its first sentence, verbatim.
            first = clause.paragraphs[0].split("。")[0] + "。"
            citations += cited or [Citation(clause=label, quote=first)]
        lines.append("本政策里相近的措施：\n" + "\n".join(pointers))
    if "附则" in nc.nearby:
        citations += caveats()[:1]
    return Reply(
        headline=Headline(text=nc.explanation, verdict="not_covered"),
        not_covered=nc.explanation,
        body=lines[1:],
        intent="not_covered",
        citations=citations,
    )


def explain(conv: Any, u: Understanding, reply: Any) -> None:
    """After the single-matter path answered: a zero gets its reason first, an approximate
    figure both ends of its range, a floor ("一千多万") its reading."""
    index = conv.focused()
    matter = None
    if index is not None:
        real = conv.case.matters[index]
        # The matter as the answer computed it: every fact the dialogue reads for its rule.
        given = facts.facts_for(RULES[real.rule], conv.facts)
        matter = Matter(real.rule, given, dict(real.sources), real.said, dict(real.ranges))
    awards = [a for a in getattr(reply, "details", []) if a.kind is not Kind.NO_FIXED_AMOUNT]
    if len(awards) == 1 and matter is not None and awards[0].clause == matter.clause:
        # A range across a line ("四五千万" and （五）'s 5000万) is answered at both ends before
        # the low end's 0 is explained: the exact figure decides.
        both_ends = range_line(awards[0], matter, only_if_differs=True)
        first = (
            both_ends
            or zero_headline(awards[0], matter)
            or range_line(awards[0], matter)
            or floor_line(awards[0], matter, u)
        )
        if first:
            lead(reply, first)
        # The asker's own figure ("按5%是不是170万") is answered, never dropped in silence.
        # The same figure said twice ("2%就是1.6万，能拿1.6万吗") is answered once.
        said = {f.value: f for f in u.estimates}.values()
        answered = list(dict.fromkeys(estimate_line(awards[0], matter, f) for f in said))
        if answered and first is None:
            lead(reply, answered.pop(0))
        answered += projection_lines(matter, u)
        caps = {f.value: f for f in u.figures if f.role == "cap"}.values()
        shown = [*reply.body, reply.headline.text if reply.headline else ""]
        for f in caps:  # not when the answer so far quotes the same sentence already
            if line := cap_line(matter, f, [*answered, *shown]):
                answered.append(line)
        rates = [f for f in u.figures if f.role == "rate"]
        answered += [line for f in rates if (line := rate_line(awards[0], matter, f))]
        reply.body[:0] = list(dict.fromkeys(answered))  # "按5%拿…也按5%": said once
    if u.readings and awards:
        reply.body[:0] = u.readings


def projection_lines(matter: Matter, u: Understanding) -> list[str]:
    """ "年底估计能到六千万": what the projected figure would give, said as an if."""
    main = facts.main_amount_field(matter.rule)
    out = []
    for f in u.figures:
        if not main or f.role != "context" or not roles.projected(f.mention):
            continue
        try:
            then = compute(matter.rule, {**matter.given(), main: f.value})
        except Exception:
            continue
        got = format_yuan(then.amount_yuan)
        out.append(
            f"若达到您预计的{format_yuan(f.value)}：按{format_yuan(f.value)}计{kind_word(then)}可得{got}。"
        )
    return out


def floor_line(award: Award, matter: Matter, u: Understanding) -> str | None:
    """ "一千多万": the answer for the floor, said as such."""
    main = facts.main_amount_field(matter.rule)
    if not main or main not in u.floors or matter.facts.get(main) != u.floors[main]:
        return None
    word = kind_word(award)
    floor = u.floors[main]
    try:  # "一千多万" is below twice its floor: does the exact figure matter at all?
        above = compute(matter.rule, {**matter.given(), main: floor * 2})
    except Exception:
        above = award
    tail = (
        "已到本条上限，确切数字不影响结果。"
        if above.amount_yuan == award.amount_yuan
        else "确切数字更高时金额相应略高，以认定登记的数字为准。"
    )
    return f"您说的是约数：按下限{format_yuan(floor)}计{word}可得{format_yuan(award.amount_yuan)}，{tail}"


def range_line(award: Award, matter: Matter, only_if_differs: bool = False) -> str | None:
    """ "六七千万": the answer for both ends of the range, low end first."""
    main = facts.main_amount_field(matter.rule)
    if not main or main not in matter.ranges:
        return None
    low, high = matter.ranges[main]
    try:
        top = compute(matter.rule, {**matter.given(), main: high})
    except Exception:
        return None
    if only_if_differs and (top.amount_yuan == award.amount_yuan or award.amount_yuan != 0):
        return None
    word, top_word = kind_word(award), kind_word(top)
    why = f"（{_why_zero(award, matter)}）" if award.amount_yuan == 0 and award.blocked else ""
    return (
        f"您说的是大概范围（{format_yuan(low)}到{format_yuan(high)}）：按{format_yuan(low)}计"
        f"{word}可得{format_yuan(award.amount_yuan)}{why}，按{format_yuan(high)}计{top_word}可得"
        f"{format_yuan(top.amount_yuan)}。确切金额以认定登记的数字为准。"
    )


# ------------------------------------------------------------------ what callers see
def matter_summaries(case: CaseFile, awards: list[Any], not_covered: str | None = None) -> list:
    """One entry per matter (clause, rule, label, facts, status, index of its award)."""
    out = []
    if not_covered:
        out.append(
            {"clause": "", "rule": None, "label": not_covered, "facts": {}, "status": "not_covered"}
        )
        return out
    used: set[int] = set()
    for o in casefile.compute_matters(case):
        index = None
        if o.award is not None:
            amount = str(o.award.amount_yuan.normalize())
            for i, a in enumerate(awards):
                same = a.clause == o.award.clause and Decimal(a.amount_yuan) == Decimal(amount)
                if i not in used and same:
                    index = i
                    used.add(i)
                    break
        shown = {k: facts.show(k, v) for k, v in o.matter.given().items()}
        out.append(
            {
                "clause": o.matter.clause,
                "rule": o.matter.rule,
                "label": case.label(o.index),
                "facts": shown,
                "status": o.status,
                "award": index,
            }
        )
    return out


def attach(reply: Any, case: CaseFile, decision: Decision | None) -> None:
    """Fill ``Reply.matters`` (where the Reply has that field) from the case file."""

    summary = getattr(reply_module, "MatterSummary", None)
    if summary is None or "matters" not in type(reply).model_fields:
        return
    nc = decision.not_covered.name if decision and decision.not_covered else None
    if decision is None and not case.matters:
        return
    reply.matters = [summary(**m) for m in matter_summaries(case, reply.awards, nc)]
