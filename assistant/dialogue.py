"""Dialogue policy and actions over the case file.

understanding (:mod:`assistant.understand`, :mod:`assistant.items`) turns a message into
case-file updates; :func:`updates` applies them to the state (:mod:`assistant.casefile`)
through its named operations; :func:`decide` maps the state and the message to a small
:class:`Decision`; :func:`act` turns a decision into a :class:`~assistant.reply.Reply`.

This layer answers what the single-matter path cannot: questions the policy does not cover,
several matters in one message, references to one of them ("第二个项目呢"), relative
hypotheticals ("再多一半呢", "再加200万呢") and yearly totals told in parts ("技术咨询合同
还有2200万"). Everything else returns ``None`` from :func:`decide` and is answered by the
engine's single-matter path, which tells the same case file (:mod:`assistant.tracker`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from assistant import casefile, compose, facts, items, scope
from assistant.casefile import CaseFile, Matter, Outcome
from assistant.numbers import find_numbers
from assistant.render.markdown import emphasised
from assistant.reply import Headline
from assistant.understand import (
    STATUS_FACTS,
    Intent,
    Understanding,
    lexicon,
    understand,
    yes_no,
)
from calculators.common import format_yuan
from calculators.model import Award, Kind, Status
from calculators.registry import RULES, compute
from corpus.clauses import load_policy

_NEUTRAL_LEVEL = {"project_level", "carrier_level"}


@dataclass
class Decision:
    """What to do with this message, before any wording."""

    kind: Literal["not_covered", "matters", "one_matter", "hypothetical"]
    not_covered: scope.NotCovered | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    note: str = ""
    retracted: list[str] = field(default_factory=list)  # facts taken back ("其实没拿到")


# ------------------------------------------------------------------ language data
@cache
def _cues() -> dict[str, re.Pattern[str]]:
    raw = lexicon().raw["dialogue"]
    return {name: re.compile(p) for name, p in raw.items() if isinstance(p, str)}


# ------------------------------------------------------------------ understanding → matters
def matter_from(u: Understanding, rule: str, applicant: str | None, said: str) -> Matter:
    """One matter's typed facts from what a piece of a message says."""
    fields = RULES[rule].facts
    from assistant.tracker import APPLICANT_FACTS

    got: dict[str, Any] = dict(APPLICANT_FACTS.get(applicant or "", {}))
    for name, value in u.facts.items():
        if name in fields:
            got[name] = value
    main = facts.main_amount_field(rule)
    if main and main not in got and "amount_yuan" in u.facts:
        got[main] = u.facts["amount_yuan"]
    # "技术咨询合同还有2200万" labelled as a contract: a single money fact this rule cannot
    # use is its main amount (what was received or granted elsewhere never is).
    stray = [k for k in u.facts if k.endswith("_yuan") and k not in fields and k != "amount_yuan"]
    if main and main not in got and len(stray) == 1:
        got[main] = u.facts[stray[0]]
    if "level" in u.facts:
        for target in _NEUTRAL_LEVEL & set(fields):
            got.setdefault(target, u.facts["level"])
    for name in ("years", "count"):
        if name in u.facts:
            pass  # bare durations and counts are answers to a question, not item facts
    got = {k: v for k, v in got.items() if k in fields}
    matter = Matter(rule, got, {k: said for k in got}, said)
    for name, (low, high) in u.ranges.items() if hasattr(u, "ranges") else ():
        if name in got or (name == "amount_yuan" and main in got):
            matter.ranges[main if name == "amount_yuan" else name] = (low, high)
    return matter


def _pieces_to_matters(u: Understanding, today: date | None, topic: str | None) -> list[Matter]:
    out = []
    pairs = items.understand_items(u, today)
    counted = set(lexicon().raw["items"]["counted_rules"])
    for piece, pu in pairs:
        rule = (
            piece.rule
            if piece.rule in pu.topics
            else next((t for t in pu.topics if t in RULES), None) or piece.rule or topic
        )
        if rule is None:
            continue
        rule, pu = _switched(rule, pu)
        matter = matter_from(pu, rule, u.applicant, piece.own)
        if piece.exception or piece.exceptions:
            _split_counts(matter, piece)
        elif rule in counted and len(pairs) > 1:
            _one_person(matter, piece)
        out.append(matter)
    return out


def _switched(rule: str, pu: Understanding) -> tuple[str, Understanding]:
    """ "技术咨询合同5200万" read under （五）'s contracts is its second paragraph's yearly
    turnover (the switch is the policy's structure, corpus/measures.yaml)."""
    from assistant.tracker import MEASURES

    switch = MEASURES.switch_for(rule, pu.facts.get("contract_type"))
    if switch is None:
        return rule, pu
    return switch.id, pu.model_copy(update={"facts": MEASURES.switched_facts(switch, pu.facts)})


def _one_person(matter: Matter, piece: items.Piece) -> None:
    """ "两个博士，一个签了五年，另一个只签了一年": each enumerated item is one person."""
    counts = [c for c in ("phd_count", "master_count") if matter.facts.get(c)]
    own = understand(piece.own)
    if len(counts) == 1 and counts[0] not in own.facts:
        # "两名签了三年合同，一名签了两年": a number said of this part, else one person.
        leading = [n for n in find_numbers(piece.own) if n.kind == "count" and n.start <= 2]
        said = own.facts.get("count") or (leading[0].value if leading else 1)
        matter.facts[counts[0]] = int(said)


def _split_counts(matter: Matter, piece: items.Piece) -> None:
    """An exception takes its people out of the group ("有个硕士没交社保")."""
    counts = ("phd_count", "master_count")
    if piece.exception:
        name, n = piece.exception
        name = name or next((c for c in counts if matter.facts.get(c)), None)
        for c in counts:
            if c != name or n is not None:  # n None: the whole group keeps its count
                matter.facts[c] = n if c == name else 0
        return
    for name, n in piece.exceptions:
        name = name or next((c for c in counts if matter.facts.get(c)), None)
        if name and matter.facts.get(name):
            matter.facts[name] = 0 if n is None else max(0, int(matter.facts[name]) - n)


# ------------------------------------------------------------------ policy
def decide(
    case: CaseFile, u: Understanding, text: str, today: date | None, topic: str | None
) -> Decision | None:
    """The decision for this message, or None when the single-matter path should answer."""
    if u.intent in (Intent.RESET, Intent.PROFILE, Intent.GREETING):
        return None
    measured = u.facts.keys() - STATUS_FACTS - {"event_date"}
    if not u.topics:  # "外省的企业，还没入驻": yes/no facts with no measure say only who asks
        measured = {k for k in measured if not isinstance(u.facts[k], bool)}
    if (nc := scope.check(u.text, has_facts=bool(measured))) is not None:
        return Decision("not_covered", not_covered=nc)
    cues = _cues()
    if case.pending is not None and (filled := _fill_in_order(case, u, today)):
        return filled
    if case.pending is not None and (answer := _answer_to_pending(case, u, text)) is not None:
        index, name = case.pending
        case.pending = None
        case.correct_fact(index, name, answer, source=text)
        return Decision("matters", outcomes=casefile.compute_matters(case))
    case.pending = None
    if case.matters and (taken := _retraction(case, u, text)) is not None:
        return taken
    if case.matters and (rel := _relative(u.text, case)) is not None:
        return rel
    new_facts = {k for k in u.facts if k != "event_date"}
    # "都登记了" after several matters: a condition said of all of them.
    conditions = {k: v for k, v in u.facts.items() if isinstance(v, bool)}
    if len(case.matters) >= 2 and conditions and new_facts == set(conditions):
        for i, m in enumerate(case.matters):
            fields = RULES[m.rule].facts
            for name, value in conditions.items():
                if name in fields:
                    case.correct_fact(i, name, value, source=text)
        return Decision("matters", outcomes=casefile.compute_matters(case))
    if len(case.matters) >= 2 and u.flags.total and not new_facts:
        return Decision("matters", outcomes=casefile.compute_matters(case))
    # "第二个项目经费应该是2000万": that matter's figure changes, every matter recomputed.
    if (
        len(case.matters) >= 2
        and new_facts
        and (ref := _reference(u.text, case)) is not None
        and (fixed := _ordinal_facts(case.matters[ref], u)) is not None
    ):
        for name, value in fixed.items():
            case.correct_fact(ref, name, value, source=text)
        return Decision("matters", outcomes=casefile.compute_matters(case))
    if len(case.matters) >= 2 and not new_facts and (ref := _reference(u.text, case)) is not None:
        return Decision(
            "one_matter", outcomes=[o for o in casefile.compute_matters(case) if o.index == ref]
        )
    matters = _pieces_to_matters(u, today, topic)
    if len(matters) >= 2:
        case.set_applicant(u.applicant or case.applicant)
        case.replace_matters(matters)
        return Decision("matters", outcomes=casefile.compute_matters(case))
    # A yearly total told in parts: "技术咨询合同还有2200万" adds to the total so far.
    if (
        topic in casefile.data()["yearly_total"]
        and cues["adds"].search(u.text)
        and not u.flags.what_if
        and len(matters) == 1
        and matters[0].rule == topic
        and case.of_rule(topic)
    ):
        main = casefile.data()["yearly_total"][topic]
        if main in matters[0].facts:
            case.add_matter(matters[0])
            return Decision("matters", outcomes=casefile.compute_matters(case))
    # "我同事交了1.6万", "另外还新设了一个院士工作站": one more matter beside those told;
    # "另外技术咨询合同今年有5200万" after two 技术开发 contracts: one more part of the same
    # clause (（五）'s second paragraph), so the clause's total is told across turns.
    same_clause = bool(
        matters
        and cues["adds"].search(u.text)
        and any(m.clause == matters[0].clause and m.rule != matters[0].rule for m in case.matters)
    )
    if (
        case.matters
        and len(matters) == 1
        and (cues["new_matter"].search(u.text) or same_clause)
        and not u.flags.what_if
        and _distinct(matters[0], case)
    ):
        case.add_matter(matters[0])
        return Decision("matters", outcomes=casefile.compute_matters(case))
    return None


def _fill_in_order(case: CaseFile, u: Understanding, today: date | None) -> Decision | None:
    """ "一份三百万，一份七百万" after "两份合同": each item fills the next matter lacking it."""
    index, name = case.pending
    if index >= len(case.matters):
        return None
    rule = case.matters[index].rule
    lacking = [i for i, m in enumerate(case.matters) if m.rule == rule and name in m.missing()]
    new = [m for m in _pieces_to_matters(u, today, rule) if m.rule == rule]
    if len(new) < 2 or len(lacking) < 2:
        return None
    case.pending = None
    for i, m in zip(lacking, new, strict=False):
        for key, value in m.facts.items():
            case.correct_fact(i, key, value, source=m.said)
    return Decision("matters", outcomes=casefile.compute_matters(case))


def _answer_to_pending(case: CaseFile, u: Understanding, text: str) -> Any:
    """The value a short reply gives for the fact one matter was asked for ("600万")."""
    index, name = case.pending
    if index >= len(case.matters):
        return None
    rule = case.matters[index].rule
    if name in u.facts:
        return u.facts[name]
    if name.endswith("_yuan"):
        return u.facts.get("amount_yuan")
    if name in _NEUTRAL_LEVEL and "level" in u.facts:
        return u.facts["level"]
    if facts.is_bool_field(rule, name) and not other_subject(text) and len(text) <= 8:
        return yes_no(text)
    if name.endswith(("_count", "_years")) and name not in u.facts:
        for neutral in ("count", "years"):
            if neutral in u.facts:
                return facts.plain_number(u.facts[neutral])
    return None


def _distinct(matter: Matter, case: CaseFile) -> bool:
    """A new matter says something of its own: its main amount or a kind the others lack."""
    main = facts.main_amount_field(matter.rule)
    if main and main in matter.facts:
        return True
    kinds = set(lexicon().raw["items"]["kind_facts"])
    mine = {(k, v) for k, v in matter.facts.items() if k in kinds}
    theirs = {(k, v) for m in case.matters for k, v in m.facts.items() if k in kinds}
    return bool(mine - theirs)


def other_subject(text: str) -> bool:
    """ "之前没拿过" is about money received, not a yes/no to the condition just asked."""
    return bool(_cues()["not_a_yes_no"].search(text))


def _reference(text: str, case: CaseFile) -> int | None:
    """ "第二个项目呢", "第一个呢": which matter a short follow-up points at."""
    m = _cues()["ordinal_ref"].search(text)
    if not m:
        return None
    n = _ordinal(m["n"])
    focus_rule = case.matters[case.focus or 0].rule
    same = case.of_rule(focus_rule)
    return same[n - 1] if n and n <= len(same) else None


def _ordinal_facts(matter: Matter, u: Understanding) -> dict[str, Any] | None:
    """What a message naming one matter says of it, in that matter's own fields; None when
    something said does not fit the matter (then it is not a correction of it)."""
    fields = set(RULES[matter.rule].facts)
    main = facts.main_amount_field(matter.rule)
    said = {k: v for k, v in u.facts.items() if k != "event_date"}
    money = [k for k in said if k.endswith("_yuan") and k not in fields]
    out: dict[str, Any] = {}
    for name, value in said.items():
        if name in fields:
            out[name] = value
        elif name == "level" and (levels := _NEUTRAL_LEVEL & fields):
            out[next(iter(levels))] = value
        elif name in money and len(money) == 1 and main and main not in said:
            out[main] = value  # "第一个合同其实是900万": the neutral or stray figure is its amount
        else:
            return None
    return out or None


def _ordinal(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    table = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "最后": -1}
    return table.get(s)


def _relative(text: str, case: CaseFile) -> Decision | None:
    """ "再多一半呢", "再加200万呢", "要是再多一倍呢", "少一半呢", "打个八折呢": a hypothetical
    on the figure under discussion; computed, never stored."""
    cues = _cues()
    m = cues["relative"].search(text)
    said = (text[m.start() : m.start("what")], m["what"]) if m else _relative_en(text)
    if said is None or case.focus is None:
        return None
    matter = case.matters[case.focus]
    main = facts.main_amount_field(matter.rule)
    if not main or matter.facts.get(main) is None:
        return None
    base = Decimal(matter.facts[main])
    value = _moved(base, *said, main)
    if value is None:
        return None
    hypo = CaseFile(
        case.applicant,
        [Matter(matter.rule, {**matter.facts, main: value})],
        0,
        shared=dict(case.shared),
    )
    outcomes = casefile.compute_matters(hypo)
    note = f"按{facts.any_label(main)}{format_yuan(value)}（在{format_yuan(base)}基础上）假设计算："
    return Decision("hypothetical", outcomes=outcomes, note=note)


def _retraction(case: CaseFile, u: Understanding, text: str) -> Decision | None:
    """ "之前那30万其实没拿到": money the user said was received (or granted by another
    policy) is taken back from its matter (``CaseFile.retract_fact``) and every matter is
    recomputed. The figure said picks which; with none, the matter must hold only one."""
    cues = _cues()
    slip = cues["misremembered"].search(u.text) and cues["money_ref"].search(u.text)
    if not (cues["retracts"].search(u.text) or slip):
        return None
    said = {Decimal(v) for k, v in u.facts.items() if k.endswith("_yuan")}
    order = [case.focus] if case.focus is not None else []
    order += [i for i in range(len(case.matters)) if i not in order]
    for i in order:
        held = [n for n in casefile.per_matter() if case.matters[i].facts.get(n) is not None]
        named = [n for n in held if Decimal(case.matters[i].facts[n]) in said]
        chosen = named or (held if not said and len(held) == 1 else [])
        if chosen:
            name = chosen[0]
            gone = format_yuan(Decimal(case.matters[i].facts[name]))
            case.retract_fact(i, name)
            case.focus_on(i)
            note = f"已撤回：{facts.any_label(name)}{gone}不再计入，按您更正后的情况重算："
            return Decision(
                "matters", outcomes=casefile.compute_matters(case), note=note, retracted=[name]
            )
    return None


def _relative_en(text: str) -> tuple[str, str] | None:
    """ "what if it were half?", "20% higher?": the Chinese verb and amount it stands for."""
    if not (lexicon().what_if.search(text) or "?" in text):
        return None
    for pattern, verb, what in lexicon().raw["dialogue"]["relative_en"]:
        if m := re.search(pattern, text):
            return verb, what.replace("{n}", m.groupdict().get("n") or "")
    return None


def _moved(base: Decimal, verb: str, what: str, main: str) -> Decimal | None:
    """The figure a relative hypothetical names: up or down by a half, a multiple, a
    fraction ("打八折" = to 80%, "少三成" = by 30%) or an amount."""
    down = bool(_cues()["relative_down"].search(verb))
    if what in ("一半", "半"):
        return base * (Decimal("0.5") if down else Decimal("1.5"))
    if what in ("番", "倍"):  # "翻番", "翻倍": twice the figure
        return None if down else base * 2
    if what.endswith("%") or what.startswith("百分之"):
        share = find_numbers(what)
        if not share or share[0].kind != "ratio":
            return None
        return base * (1 - share[0].value if down else 1 + share[0].value)
    if "倍" in what:
        if down:
            return None  # "少一倍" says nothing exact
        times = re.search(r"(一|两|二|三|\d+)倍", what)
        n = {"一": 1, "两": 2, "二": 2, "三": 3}.get(times[1]) if times else 1
        n = n if n is not None else int(times[1])
        return base * (n + 1)
    if what.endswith(("折", "成")):
        tenths = find_numbers(what[:-1] + "个")  # "八" alone is no number: "八个" is
        digit = tenths[0].value if tenths else None
        if digit is None or not 0 < digit < 10:
            return None
        if what.endswith("折"):  # "打八折": to 80%
            return base * digit / 10
        return base * (10 - digit if down else 10 + digit) / 10  # "少三成", "多两成"
    figures = [x for x in find_numbers(what) if x.kind in ("money", "number")]
    if not figures:
        return None
    step = figures[0].value
    if figures[0].kind == "number" and step < 10_000:
        step *= 10_000 if main != "training_fee_yuan" else 1
    return max(Decimal(0), base - step) if down else base + step


# ------------------------------------------------------------------ actions
def act(decision: Decision, case: CaseFile, intent: str) -> Any:
    from assistant.actions import rule_citations

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
    total = sum((o.award.amount_yuan for o in computed), Decimal(0))
    up_to = any(o.award.kind is Kind.UP_TO for o in computed)
    parts = "；".join(
        f"{case.label(o.index)}{format_yuan(o.award.amount_yuan)}"
        + (f"（{_why_zero(o.award, o.matter)}）" if o.award.amount_yuan == 0 else "")
        for o in computed
    )
    waiting = "；".join(
        f"{case.label(o.index)}还需要{facts.label(RULES[o.matter.rule], o.missing[0])}"
        for o in outcomes
        if o.award is None and o.missing
    )
    head = f"您说的是{len(outcomes)}个事项，每项单独计算"
    if computed:
        head += f"：{parts}，合计{'最高' if up_to else ''}{format_yuan(total)}"
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
                word = "最高可得" if could.kind is Kind.UP_TO else "可得"
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
            return (
                f"按您说的情况，{name}本年度已获{format_yuan(matter.received_yuan)}，"
                "已达年度上限，这次可得0元。"
            )
        reasons = [s for s in award.steps if "0元" in s or "上限" in s or "额度" in s]
        if reasons:
            return f"按您说的情况，{name}可得0元：{reasons[-1]}。"
    return None


def not_covered_reply(nc: scope.NotCovered, intent: str) -> Any:
    from assistant.actions import rule_citations
    from assistant.reply import Reply

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
            citations += [c for r in RULES.values() if r.clause == label for c in rule_citations(r)]
        lines.append("本政策里相近的措施：\n" + "\n".join(pointers))
    if "附则" in nc.nearby:
        from assistant.compose import caveats

        citations += caveats()[:1]
    return Reply(
        headline=Headline(text=nc.explanation, verdict="not_covered"),
        not_covered=nc.explanation,
        body=lines[1:],
        intent="not_covered",
        citations=citations,
    )


# ------------------------------------------------------------------ after either path
def after_decision(conv: Any, decision: Decision) -> None:
    """The case file answered: the dialogue now stands on its focused matter."""
    case = conv.case
    if decision.kind == "matters" and case.focus is not None:
        # What a retraction took back (decision.retracted) is gone from the one store.
        conv.topic, conv.pending = case.matters[case.focus].rule, None


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
    if u.readings and awards:
        reply.body[:0] = u.readings


def floor_line(award: Award, matter: Matter, u: Understanding) -> str | None:
    """ "一千多万": the answer for the floor, said as such."""
    main = facts.main_amount_field(matter.rule)
    if not main or main not in u.floors or matter.facts.get(main) != u.floors[main]:
        return None
    word = "最高" if award.kind is Kind.UP_TO else ""
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
    word = "最高" if award.kind is Kind.UP_TO else ""
    top_word = "最高" if top.kind is Kind.UP_TO else ""
    why = f"（{_why_zero(award, matter)}）" if award.amount_yuan == 0 and award.blocked else ""
    return (
        f"您说的是大概范围（{format_yuan(low)}到{format_yuan(high)}）：按{format_yuan(low)}计"
        f"{word}可得{format_yuan(award.amount_yuan)}{why}，按{format_yuan(high)}计{top_word}可得"
        f"{format_yuan(top.amount_yuan)}。确切金额以认定登记的数字为准。"
    )


__all__ = ["Decision", "act", "decide", "matter_from", "not_covered_reply", "zero_headline"]
_ = (Kind, Status)


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
    from assistant import reply as reply_module

    summary = getattr(reply_module, "MatterSummary", None)
    if summary is None or "matters" not in type(reply).model_fields:
        return
    nc = decision.not_covered.name if decision and decision.not_covered else None
    if decision is None and not case.matters:
        return
    reply.matters = [summary(**m) for m in matter_summaries(case, reply.awards, nc)]
