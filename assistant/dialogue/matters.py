"""Dialogue policy over the case file: a message and the state → a :class:`Decision`.

understanding (:mod:`assistant.nlu.understand`, :mod:`assistant.nlu.items`) turns a message into
case-file updates; :func:`updates` applies them to the state (:mod:`assistant.dialogue.casefile`)
through its named operations; :func:`decide` maps the state and the message to a small
:class:`Decision`; :func:`assistant.answer.matters.act` turns it into a reply.

This layer answers what the single-matter path cannot: questions the policy does not cover,
several matters in one message, references to one of them ("第二个项目呢"), relative
hypotheticals ("再多一半呢", "再加200万呢") and yearly totals told in parts ("技术咨询合同
还有2200万"). Everything else returns ``None`` from :func:`decide` and is answered by the
engine's single-matter path, which tells the same case file (:mod:`assistant.dialogue.tracker`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from assistant.dialogue import casefile, facts
from assistant.dialogue.casefile import CaseFile, Matter, Outcome
from assistant.dialogue.eligibility import on_behalf_kinds, own_clauses
from assistant.dialogue.facts import APPLICANT_FACTS, MEASURES
from assistant.nlu import acts, items, references, roles, scope
from assistant.nlu.lexicon import lexicon
from assistant.nlu.numbers import find_numbers
from assistant.nlu.roles import Figure
from assistant.nlu.understand import STATUS_FACTS, Intent, Understanding, understand
from calculators.common import format_yuan
from calculators.registry import RULES, rule_parameters, speakers_rule

_NEUTRAL_LEVEL = {"project_level", "carrier_level"}


@dataclass
class Decision:
    """What to do with this message, before any wording."""

    kind: Literal["not_covered", "matters", "one_matter", "hypothetical"]
    not_covered: scope.NotCovered | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    note: str = ""
    retracted: list[str] = field(default_factory=list)  # facts taken back ("其实没拿到")
    # The asker's own figure for the whole ("两个项目加起来是不是80万"), to be answered.
    estimates: list[Figure] = field(default_factory=list)


# ------------------------------------------------------------------ understanding → matters
def matter_from(u: Understanding, rule: str, applicant: str | None, said: str) -> Matter:
    """One matter's typed facts from what a piece of a message says."""
    fields = RULES[rule].facts

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


def _pieces_to_matters(
    u: Understanding,
    today: date | None,
    topic: str | None,
    known: str | None = None,
    pairs: list[tuple[items.Piece, Understanding]] | None = None,
) -> list[Matter]:
    """The matters the message's items name. ``pairs``: its items already read, if they were."""
    out = []
    pairs = items.understand_items(u, today) if pairs is None else pairs
    counted = set(lexicon().raw["items"]["counted_rules"])
    on_behalf = on_behalf_kinds()
    for piece, pu in pairs:
        rule = (
            piece.rule
            if piece.rule in pu.topics
            else next((t for t in pu.topics if t in RULES), None) or piece.rule or topic
        )
        if rule is None:
            continue
        speaker = u.speaker(known)
        if speaker and speaker not in RULES[rule].applicants:
            # "还有一份技术开发合同" from a school told before is the school's （五）, not （四）.
            rule = speakers_rule(speaker, rule) or rule
            if (
                u.applicant_own
                and speaker not in on_behalf  # a facility speaks for the organisation running it
                and not RULES[rule].applicants & {speaker, *on_behalf, *u.runs}
            ):
                # "我们是一家企业…计划投资一个半亿": a measure for another kind of applicant
                # (（十一）'s financing institutions) is no matter of this speaker's.
                continue
        rule, pu = _switched(rule, pu)
        matter = matter_from(pu, rule, speaker, piece.own)
        if piece.exception or piece.exceptions:
            _split_counts(matter, piece)
        elif rule in counted and len(pairs) > 1:
            _one_person(matter, piece)
        out.append(matter)
    return out


def _inherit_told(told: Matter, matters: list[Matter]) -> None:
    """ "牵头了两个项目，都验收了" then "一个国拨3000万，另一个省拨800万": what was told of the
    matter before, that none of the matters now told says otherwise or at all, holds for each
    of them (its kinds and conditions; never a figure or a date, which are each one's own)."""
    if any(m.rule != told.rule for m in matters):
        return
    for name, value in told.facts.items():
        if name.endswith("_yuan") or name == "event_date" or any(name in m.facts for m in matters):
            continue
        for m in matters:
            m.facts[name] = value
            m.sources[name] = told.sources.get(name, told.said)


def _one_total(u: Understanding, matters: list[Matter]) -> Matter | None:
    """ "今年自费参加了两期培训，一期八千、一期五千": occasions of one person under a rule
    whose cap is per person per year are parts of that person's yearly total, one matter."""
    field = casefile.data().get("occasion_total", {}).get(matters[0].rule) if matters else None
    words = lexicon().raw["items"]
    if (
        field is None
        or len(matters) < 2
        or any(m.rule != matters[0].rule or field not in m.facts for m in matters)
        or not _occasions_of_one(u.text, words)
        or len({getattr(m.facts.get("event_date"), "year", None) for m in matters} - {None}) > 1
    ):
        return None  # the cap is per person *per year*: occasions of two years are two
    total = sum((Decimal(m.facts[field]) for m in matters), Decimal(0))
    first = matters[0]
    facts, sources = dict(first.facts), dict(first.sources)
    # A condition said with any occasion ("…晋级证书也拿到了") is the person's; one failed fails.
    for m in matters[1:]:
        for name, value in m.facts.items():
            if value is False or facts.get(name) is None:
                facts[name] = value
                sources[name] = m.sources.get(name, m.said)
    said = "、".join(m.said for m in matters)
    return Matter(first.rule, {**facts, field: total}, {**sources, field: said}, said)


def _occasions_of_one(text: str, words: dict) -> bool:
    """Two or more occasions ("一期…另一期", "两期") of one person: no one else is counted,
    and "分别" / "各" distribute over the people only when no occasions are counted."""
    listed = len(re.findall(words["occasions"], text)) >= 2
    counted = re.search(words["occasions_counted"], text) is not None
    if not (listed or counted) or re.search(words["several_people"], text):
        return False
    return counted or not re.search(words["distributive"], text)


def _switched(rule: str, pu: Understanding) -> tuple[str, Understanding]:
    """ "技术咨询合同5200万" read under （五）'s contracts is its second paragraph's yearly
    turnover (the switch is the policy's structure, corpus/measures.yaml)."""

    switch = MEASURES.switch_for(rule, pu.facts.get("contract_type"))
    if switch is None:
        return rule, pu
    return switch.id, pu.model_copy(update={"facts": MEASURES.switched_facts(switch, pu.facts)})


def _one_person(matter: Matter, piece: items.Piece) -> None:
    """ "两个博士，一个签了五年，另一个只签了一年": each enumerated item is one person."""
    counts = [c for c in casefile.HEAD_COUNTS if matter.facts.get(c)]
    own = understand(piece.own)
    if len(counts) == 1 and counts[0] not in own.facts:
        # "两名签了三年合同，一名签了两年": a number said of this part, else one person.
        leading = [n for n in find_numbers(piece.own) if n.kind == "count" and n.start <= 2]
        said = own.facts.get("count") or (leading[0].value if leading else 1)
        matter.facts[counts[0]] = int(said)


def _split_counts(matter: Matter, piece: items.Piece) -> None:
    """An exception takes its people out of the group ("有个硕士没交社保")."""
    counts = casefile.HEAD_COUNTS
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


def _exception_to_told(
    case: CaseFile, pairs: list[tuple[items.Piece, Understanding]], text: str
) -> Decision | None:
    """ "其中一个的社保还挂在原单位" after "招了两个博士…社保都交了": an exception said in a
    later turn takes its people out of the group told before, never a group of its own (nor
    the whole group's condition).

    Only when the message counts no group of its own and one group told can be meant."""
    excepted = [(p.exception, pu) for p, pu in pairs if p.exception]
    rest = [pu for p, pu in pairs if not p.exception]
    counts = casefile.HEAD_COUNTS
    if not excepted or any(c in pu.facts for pu in rest for c in counts):
        return None
    groups = [
        i
        for i, m in enumerate(case.matters)
        if m.rule in lexicon().raw["items"]["counted_rules"]
        and sum(int(m.facts.get(c) or 0) for c in counts) >= 2
    ]
    if len(groups) != 1:
        return None
    index = groups[0]
    told = case.matters[index]
    fields = RULES[told.rule].facts
    # "社保有两个在交，一个还没交": what the rest of the group is said to do is theirs.
    for pu in rest:
        for k, v in pu.facts.items():
            if k in fields and k not in counts:
                case.correct_fact(index, k, v, source=text)
    told = case.matters[index]
    for (name, n), pu in excepted:
        named = [c for c in counts if told.facts.get(c)] if name is None else [name]
        if len(named) != 1 or int(told.facts.get(named[0]) or 0) <= (n or 0) or n is None:
            return None
        own = {k: v for k, v in pu.facts.items() if k in fields and k not in counts}
        if not own:
            return None
        case.correct_fact(index, named[0], int(told.facts[named[0]]) - n, source=text)
        facts = {**told.facts, **own, **{c: (n if c == named[0] else 0) for c in counts}}
        sources = {**told.sources, **{k: text for k in own}}
        case.add_matter(Matter(told.rule, facts, sources, text))
    return Decision("matters", outcomes=casefile.compute_matters(case))


# ------------------------------------------------------------------ policy
def _for_whom(nc: scope.NotCovered, who: str | None) -> scope.NotCovered:
    """ "会计师事务所…有没有房租补贴": what is not covered points first to the measures of the
    asker's own type (（十） for a service institution), when that type is not a generic one."""
    if who in (None, "enterprise", "team"):
        return nc
    own = own_clauses(who)
    return replace(nc, nearby=own + [c for c in nc.nearby if c not in own])


def aside(u: Understanding) -> scope.NotCovered | None:
    """A kind of support the text does not offer, said beside a measure the message gives its
    own facts for ("博士能给10万，再加5万安家费，一共15万"): the measure is answered and the
    rest is said to be outside the policy, in a part of its own; neither hides the other."""
    if u.intent is not Intent.AMOUNT:
        return None
    # … a measure that supports the speaker (an enterprise's own loan is no bank's financing)
    told = any(
        rule in RULES
        and (u.applicant is None or u.applicant in RULES[rule].applicants)
        and (u.facts.keys() - STATUS_FACTS - {"event_date"}) & set(RULES[rule].facts)
        for rule in u.topics
    )
    nc = scope.check(u.text, has_facts=True) if told else None
    return nc if nc is not None and nc.kind == "topic" else None


def decide(
    case: CaseFile,
    u: Understanding,
    text: str,
    today: date | None,
    topic: str | None,
    retrieved: tuple[str, float] | None = None,
) -> Decision | None:
    """The decision for this message, or None when the single-matter path should answer.
    ``retrieved``: retrieval's first clause and score, evidence against "not covered"."""
    if u.intent in (Intent.RESET, Intent.PROFILE, Intent.GREETING):
        return None
    measured = u.facts.keys() - STATUS_FACTS - {"event_date"}
    if not u.topics:  # "外省的企业，还没入驻": yes/no facts with no measure say only who asks
        measured = {k for k in measured if not isinstance(u.facts[k], bool)}
    nc = scope.check(u.text, has_facts=bool(measured), retrieved=retrieved)
    if nc is not None and aside(u) is None:
        return Decision("not_covered", not_covered=_for_whom(nc, u.applicant or case.applicant))
    if case.pending is not None and (filled := _fill_in_order(case, u, today)):
        return filled
    if case.pending is not None and (answer := _answer_to_pending(case, u, text)) is not None:
        index, name = case.pending
        case.pending = None
        # "我们是中试基地…三百五十万" while the 概念验证中心 was asked: the matter of the kind named.
        named = _of_kind_named(u, case)
        index = named if named is not None else index
        rule = case.matters[index].rule
        # "每人培训费1.5万" after "5个技术经纪人…": the answer is said of each matter lacking it.
        each = re.search(lexicon().raw["items"]["each_clause"], u.text)
        for i, m in enumerate(case.matters):
            if i == index or (each and m.rule == rule and name in m.missing()):
                case.correct_fact(i, name, answer, source=text)
        # "一个是国家重点研发计划课题，国拨两千一百八十万" to "第一个项目是哪一级": what else the
        # answer tells of that matter is its too, where the matter has no value yet.
        told = case.matters[index].facts
        for key, value in u.facts.items():
            if key != name and key in RULES[rule].facts and told.get(key) is None:
                case.correct_fact(index, key, value, source=text)
        return Decision("matters", outcomes=casefile.compute_matters(case))
    case.pending = None
    if case.matters and (taken := _retraction(case, u, text)) is not None:
        return taken
    if (derived := _computed_on_told(case, u)) is not None:
        return Decision("matters", outcomes=casefile.compute_matters(case), estimates=derived)
    if case.matters and (rel := _relative(u.text, case)) is not None:
        return rel
    if (on_awards := _awards_summed(case, u)) is not None:
        # "财务说两项加起来一百二十万，是这样吗？": the asker's figure for what the matters told
        # give — every matter stands, the figure is answered as an estimate.
        return Decision("matters", outcomes=on_awards[0], estimates=on_awards[1])
    if _sum_of_told(case, u):
        # "我加起来是四百万，乘2%就是八万": the asker's own sum of the matters told, and what
        # they make of it — every matter stands, the estimate is answered.
        estimates = list(u.estimates)
        return Decision("matters", outcomes=casefile.compute_matters(case), estimates=estimates)
    new_facts = {k for k in u.facts if k != "event_date"}
    # "都登记了" after several matters: a condition said of all of them.
    conditions = {k: v for k, v in u.facts.items() if isinstance(v, bool)}
    # ... with a kind every matter already has ("专利权人都变更完了" implies 专利转让).
    agreeing = {
        k
        for k, v in u.facts.items()
        if k not in conditions and all(m.facts.get(k) == v for m in case.matters)
    }
    # ("另外…评上优秀个人能奖多少": a condition no told matter reads is another measure's)
    read = {name for m in case.matters for name in RULES[m.rule].facts}
    said_of_told = bool(set(conditions) & (read | STATUS_FACTS))
    if len(case.matters) >= 2 and said_of_told and new_facts <= set(conditions) | agreeing:
        for i, m in enumerate(case.matters):
            fields = RULES[m.rule].facts
            for name, value in conditions.items():
                if name in fields:
                    case.correct_fact(i, name, value, source=text)
        return Decision("matters", outcomes=casefile.compute_matters(case))
    if len(case.matters) >= 2 and u.flags.total and not new_facts:
        return Decision("matters", outcomes=casefile.compute_matters(case))
    # "多少钱" after several matters, naming nothing new: the matters told, answered again (the
    # one-fact-per-name state holds only the last figure of a yearly total told in parts).
    # A rate, cap or estimate quoted of the matters' own measure ("0.5%，就是千分之五对吧？那是
    # 多少") tells nothing new either.
    quoted = all(f.role in ("rate", "cap", "estimate") for f in u.figures)
    own = {t for t in u.topics if t in RULES} <= {m.rule for m in case.matters}
    asks_again = u.intent is Intent.AMOUNT and quoted and own and not u.clauses
    if len(case.matters) >= 2 and asks_again and not new_facts:
        return Decision("matters", outcomes=casefile.compute_matters(case))
    # "两个分别给多少？": each of the matters told, with only what they share said again.
    each = re.search(lexicon().raw["each_of_matters"], u.text)
    # ("两年的奖励分别是多少": the count of matters said is no fact of theirs)
    counted = {"years", "count"}
    if len(case.matters) >= 2 and each and new_facts <= agreeing | counted and not u.figures:
        return Decision("matters", outcomes=casefile.compute_matters(case))
    # "第二个项目经费应该是2000万": that matter's figure changes, every matter recomputed.
    if (
        len(case.matters) >= 2
        and new_facts
        and (ref := _pointed_at(u, case, new_facts)) is not None
        and (fixed := _ordinal_facts(case.matters[ref], u)) is not None
    ):
        for name, value in fixed.items():
            case.correct_fact(ref, name, value, source=text)
        return Decision("matters", outcomes=casefile.compute_matters(case))
    # "800万那个能拿多少？": the one matter told with that figure, asked of again.
    pointed = _pointed_figures(u)
    only_figures = all(k.endswith("_yuan") for k in new_facts)
    one = _the_one(case, pointed[0]) if len(pointed) == 1 and only_figures else None
    if len(case.matters) >= 2 and one is not None:
        case.focus_on(one)
        outcomes = [o for o in casefile.compute_matters(case) if o.index == one]
        return Decision("one_matter", outcomes=outcomes)
    if len(case.matters) >= 2 and not new_facts and (ref := _reference(u.text, case)) is not None:
        return Decision(
            "one_matter", outcomes=[o for o in casefile.compute_matters(case) if o.index == ref]
        )
    # "对了，去年也拿过这条的补助，12万": money had in an earlier year fills no fact (no
    # yearly cap is shared across years); the matters stand, and the reply says why.
    had = [f for f in u.figures if f.role == "received"]
    if len(case.matters) >= 2 and had and not new_facts:
        said = "、".join(format_yuan(f.value) for f in had)
        note = f"您说的{said}是往年所得，不计入本年度上限，各事项不变："
        return Decision("matters", outcomes=casefile.compute_matters(case), note=note)
    if not new_facts and u.intent is not Intent.AMOUNT:
        return None  # "投了个项目失败了，会被追责吗": measures named, no matter told of
    if not new_facts and not u.figures and len(case.matters) == 1:
        return None  # "这三个人一共能申请多少？": the people told, counted again — no new matter
    pairs = items.understand_items(u, today)  # read once: the exception check and the matters
    if case.matters and (split := _exception_to_told(case, pairs, text)) is not None:
        return split
    matters = _pieces_to_matters(u, today, topic, case.applicant, pairs)
    if (one := _one_total(u, matters)) is not None:
        case.replace_matters([one])
        return Decision(
            "matters", outcomes=casefile.compute_matters(case), estimates=list(u.estimates)
        )
    if (
        case.matters
        and len(matters) == len(case.matters) + 1
        and all(m.facts == matters[0].facts for m in matters)
        and references.cue("new_matter", u.text)
    ):
        # "还有个中试基地…380万，两个平台的协议任务都完成了": the count is of the matters
        # told and this one; the one it adds is said once.
        case.add_matter(matters[0])
        return Decision("matters", outcomes=casefile.compute_matters(case))
    if len(matters) >= 2 and len(case.matters) >= 2 and not any(_main_said(m) for m in matters):
        # "我觉得应该一份一份算？你直接帮我算下": the matters told, named again without a
        # figure of their own, are those matters — never replaced by empty ones.
        estimates = list(u.estimates)
        return Decision("matters", outcomes=casefile.compute_matters(case), estimates=estimates)
    # One item left of several, the others paid already ("这个合同已经批了7万…第二个合同能再拿
    # 多少"): still read from its own words, with what the paid ones took of its yearly cap.
    paid_left = len(pairs) == 1 and pairs[0][1] is not u
    if len(matters) >= 2 or (paid_left and len(matters) == 1):
        if len(case.matters) == 1:
            _inherit_told(case.matters[0], matters)
        case.set_applicant(u.speaker(case.applicant))
        case.replace_matters(matters)
        estimates = list(u.estimates)
        return Decision("matters", outcomes=casefile.compute_matters(case), estimates=estimates)
    # A yearly total told in parts: "技术咨询合同还有2200万" adds to the total so far.
    if (
        topic in casefile.data()["yearly_total"]
        and references.cue("adds", u.text)
        and (not u.flags.what_if or _left_out_part(u))
        and len(matters) == 1
        and matters[0].rule == topic
        and case.of_rule(topic)
    ):
        main = casefile.data()["yearly_total"][topic]
        if main in matters[0].facts:
            case.add_matter(matters[0])
            return Decision("matters", outcomes=casefile.compute_matters(case))
    # "5月又自费参加了更高一级的，培训费9000": one person's next occasion in the same year is
    # a part of that person's yearly figure (（八）"每人每年最高资助2000元").
    # "另外还有一块…收入，一百三十万，也是中试基地这块的": a part said to belong to the thing
    # told adds to its figure, whatever the measure.
    occasions = casefile.data()["occasion_total"]
    same = references.cue("same_object", u.text) and references.cue("adds", u.text)
    field = occasions.get(topic) or (facts.main_amount_field(topic) if same and topic else None)
    told = case.of_rule(topic) if field else []
    if (
        len(told) == 1
        and len(matters) == 1
        and matters[0].rule == topic
        and references.cue("adds", u.text)
        and (same or not references.cue("new_matter", u.text))
        and not u.flags.what_if
    ):
        before = case.matters[told[0]].facts
        new = matters[0].facts
        years = {getattr(f.get("event_date"), "year", None) for f in (before, new)} - {None}
        if before.get(field) is not None and new.get(field) is not None and len(years) <= 1:
            for name, value in new.items():
                total = Decimal(before[field]) + Decimal(value) if name == field else value
                case.correct_fact(told[0], name, total, source=text)
            return Decision("matters", outcomes=casefile.compute_matters(case))
    # "我同事交了1.6万", "另外还新设了一个院士工作站": one more matter beside those told;
    # "另外技术咨询合同今年有5200万" after two 技术开发 contracts: one more part of the same
    # clause (（五）'s second paragraph), so the clause's total is told across turns.
    same_clause = bool(
        matters
        and references.cue("adds", u.text)
        and any(m.clause == matters[0].clause and m.rule != matters[0].rule for m in case.matters)
    )
    # "另外…签了一份技术许可合同…这两块分别能拿多少？", "还运营一个众创空间…这两个各给多少":
    # a matter of another measure or another kind (`_distinct` below), asked about together
    # with those told.
    together = bool(matters) and bool(each or u.flags.total)
    if (
        case.matters
        and len(matters) == 1
        and (references.cue("new_matter", u.text) or same_clause or together)
        and not u.flags.what_if
        and _distinct(matters[0], case)
    ):
        case.add_matter(matters[0])
        return Decision("matters", outcomes=casefile.compute_matters(case))
    return None


def _left_out_part(u: Understanding) -> bool:
    """ "不对，漏了一份技术咨询合同600万": a part left out, said as a correction, is added (a
    running total said with it, "加上是3300万", replaces the figure instead)."""
    total = roles.frames()["total_before"]
    said_total = any(f.role == "total" or total.search(f.mention.before) for f in u.figures)
    return references.cue("left_out", u.text) and not said_total


def main_figure(matter: Matter) -> Decimal | None:
    """The figure the matter's rule reads as its amount (its contract, funds, revenue …)."""
    main = facts.main_amount_field(matter.rule)
    value = matter.facts.get(main) if main else None
    return Decimal(value) if value is not None else None


def _main_said(matter: Matter) -> bool:
    """The matter carries the figure its rule reads as its amount."""
    return main_figure(matter) is not None


def _mains(case: CaseFile) -> list[Decimal]:
    """The main figures of the matters told, in order (matters without one left out)."""
    return [v for m in case.matters if (v := main_figure(m)) is not None]


def _about(said: Decimal, figure: Decimal) -> bool:
    """The asker's figure is this one, rounded as people round (within 0.5%)."""
    return abs(said - figure) <= figure * Decimal("0.005")


def _sum_of_told(case: CaseFile, u: Understanding) -> bool:
    """Every amount the message says is the sum of the main figures of the matters told."""
    said = [f.value for f in u.figures if f.is_amount]
    if len(case.matters) < 2 or not said:
        return False
    mains = _mains(case)
    if len(mains) < 2:
        return False
    whole = sum(mains, Decimal(0))
    return all(_about(v, whole) for v in said)


def _awards_summed(case: CaseFile, u: Understanding) -> tuple[list[Outcome], list[Figure]] | None:
    """Every amount the message says (and no other fact) is the sum of the awards of the
    matters told: the asker's own figure for them, never a matter of its own."""
    said = [f for f in u.figures if f.is_amount]
    if len(case.matters) < 2 or not said or set(u.facts) - {"amount_yuan"}:
        return None
    outcomes = casefile.compute_matters(case)
    got = [o.award.amount_yuan for o in outcomes if o.award is not None]
    whole = sum((Decimal(a) for a in got), Decimal(0))
    if len(got) < 2 or not whole or not all(_about(f.value, whole) for f in said):
        return None
    return outcomes, [replace(f, role="estimate", how="inferred") for f in said]


def _computed_on_told(case: CaseFile, u: Understanding) -> list[Figure] | None:
    """ "我自己按百分之一算，一个十二万一个八万，合起来二十万…是不是还能再加四十万": every
    amount the message says is a told matter's figure, or their sum, times a rate the message
    says or the matter's rule sets — the asker's own arithmetic on the matters told. No matter
    is added; each figure is answered as an estimate. Only with a rate or 算 said."""
    said = [f for f in u.figures if f.is_amount]
    rates = {f.value for f in u.figures if f.role == "rate"}
    if len(case.matters) < 2 or not said or not (rates or acts.computes(u.text)):
        return None
    mains = _mains(case)
    if len(mains) < 2:
        return None
    for m in case.matters:
        rates |= {p.value for p in rule_parameters(m.rule) if p.unit == "ratio"}
    bases = [*mains, sum(mains, Decimal(0))]
    derived = {(b, r, b * r) for b in bases for r in rates}
    out = []
    for f in said:
        hit = next(((b, r) for b, r, v in derived if _about(f.value, v)), None)
        if hit is None:
            return None
        out.append(replace(f, role="estimate", how="inferred", of=hit[0], rate=hit[1]))
    return out


def _fill_in_order(case: CaseFile, u: Understanding, today: date | None) -> Decision | None:
    """ "一份三百万，一份七百万" after "两份合同": each item fills the next matter lacking it."""
    index, name = case.pending
    if index >= len(case.matters):
        return None
    rule = case.matters[index].rule
    lacking = [i for i, m in enumerate(case.matters) if m.rule == rule and name in m.missing()]
    new = [m for m in _pieces_to_matters(u, today, rule, case.applicant) if m.rule == rule]
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
    if facts.is_bool_field(rule, name) and len(text.strip()) <= references.TERSE_ANSWER_CHARS:
        return references.terse_yes_no(text)
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


def _reference(text: str, case: CaseFile) -> int | None:
    """ "第二个项目呢", "第一个呢": which matter a short follow-up points at."""
    n = references.ordinal(text)
    if n is None:
        return None
    focus_rule = case.matters[case.focus or 0].rule
    same = case.of_rule(focus_rule)
    return same[n - 1] if n and n <= len(same) else None


def _pointed_at(u: Understanding, case: CaseFile, new_facts: set[str]) -> int | None:
    """The matter a message points at: by its ordinal ("第一个项目"), else by its figure or kind."""
    ref = _reference(u.text, case)
    return ref if ref is not None else _named_by(u, case, new_facts)


def _pointed_figures(u: Understanding) -> list[Decimal]:
    """Figures pointed at as a matter's ("900万那份", "800万那个")."""
    after = lexicon().raw["items"]["pointed_after"]
    return [f.value for f in u.figures if re.match(after, f.mention.after)]


def _named_by(u: Understanding, case: CaseFile, new_facts: set[str]) -> int | None:
    """The one matter a message names by its figure ("900万那份的企业不在谷里") or by its kind
    ("众创空间那个还没正式备案下来": type, contract kind, role…), when exactly one matter told
    has that figure or is of that kind — only when it says more of it than what names it
    ("众创空间那个呢" asks of that matter; the case file's reference answers it)."""
    words = lexicon().raw["items"]
    kinds = words["kind_facts"]
    if not {k for k in new_facts if k not in kinds and not k.endswith("_yuan")}:
        return None
    said = [(u.facts[name], name) for name in kinds if u.facts.get(name) is not None]
    for value, name in [(v, None) for v in _pointed_figures(u)] + said:
        if (hit := _the_one(case, value, name)) is not None:
            return hit
    return None


def _of_kind_named(u: Understanding, case: CaseFile) -> int | None:
    """The one matter of the kind the message names (its type, contract kind, role…)."""
    kinds = lexicon().raw["items"]["kind_facts"]
    hits = {
        hit
        for name in kinds
        if u.facts.get(name) is not None
        and (hit := _the_one(case, u.facts[name], name)) is not None
    }
    return hits.pop() if len(hits) == 1 else None


def _the_one(case: CaseFile, value: Any, name: str | None = None) -> int | None:
    """The one matter whose ``name`` fact (its main amount when None) is ``value``, if only one."""
    hits = [
        i
        for i, m in enumerate(case.matters)
        if m.facts.get(name or facts.main_amount_field(m.rule)) == value
    ]
    return hits[0] if len(hits) == 1 else None


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


def _relative(text: str, case: CaseFile) -> Decision | None:
    """ "再多一半呢", "再加200万呢", "要是再多一倍呢", "少一半呢", "打个八折呢": a hypothetical
    on the figure under discussion; computed, never stored."""
    change = references.relative(text)
    if change is None or case.focus is None:
        return None
    matter = case.matters[case.focus]
    main = facts.main_amount_field(matter.rule)
    if not main or matter.facts.get(main) is None:
        return None
    base = Decimal(matter.facts[main])
    value = _moved(base, change, main)
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
    this_year_only = not references.retracts(u.text)
    if this_year_only and not references.cue("earlier_year", u.text):
        return None
    said = {Decimal(v) for k, v in u.facts.items() if k.endswith("_yuan")}
    order = [case.focus] if case.focus is not None else []
    order += [i for i in range(len(case.matters)) if i not in order]
    kinds = [
        n for n in casefile.per_matter() if not this_year_only or n.endswith("_this_year_yuan")
    ]
    for i in order:
        held = [n for n in kinds if case.matters[i].facts.get(n) is not None]
        named = [n for n in held if Decimal(case.matters[i].facts[n]) in said]
        chosen = named or (held if not said and len(held) == 1 else [])
        if chosen:
            name = chosen[0]
            gone = format_yuan(Decimal(case.matters[i].facts[name]))
            case.retract_fact(i, name)
            case.focus_on(i)
            note = (
                f"按您的更正，{gone}是往年所得，不计入本年度上限，重算如下："
                if this_year_only
                else f"已撤回：{facts.any_label(name)}{gone}不再计入，按您更正后的情况重算："
            )
            return Decision(
                "matters", outcomes=casefile.compute_matters(case), note=note, retracted=[name]
            )
    return None


def _moved(base: Decimal, change: references.Change, main: str) -> Decimal:
    """The figure a relative hypothetical names, from the one under discussion. A step said
    without a unit ("再加200") is in 万, except for a fee, which people say in 元."""
    if change.scale is not None:
        return base * change.scale
    step = change.step or Decimal(0)
    if change.step_bare and step < 10_000:
        step *= 10_000 if main != "training_fee_yuan" else 1
    return max(Decimal(0), base - step) if change.down else base + step


def after_decision(conv: Any, decision: Decision) -> None:
    """The case file answered: the dialogue now stands on its focused matter."""
    case = conv.case
    if decision.kind == "matters" and case.focus is not None:
        # What a retraction took back (decision.retracted) is gone from the one store.
        conv.topic, conv.pending = case.matters[case.focus].rule, None
