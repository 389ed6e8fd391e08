"""Money figures to facts: the slot each figure fills, the anchor that names its matter, and
the figures left as context.

Which fact a figure is the base of decides the award, so a figure fills a slot only by a label
near it (or the one field its topic computes from), never by position alone; what no rule
reads stays context (turnover, a loan's interest), see :mod:`assistant.nlu.roles`.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any

from assistant.nlu import acts, roles
from assistant.nlu.conditions import had_slot
from assistant.nlu.context import FULL_STOP, Text, matches
from assistant.nlu.lexicon import Lexicon, Slot, lexicon
from assistant.nlu.numbers import NumberMention
from assistant.nlu.quantities import relative_year_at
from assistant.nlu.topics import resolve_topics
from calculators.common import format_rate, format_yuan
from calculators.registry import RULES, rules_for_applicant


def sole_amount(rule_id: str) -> str | None:
    """The rule's one required money fact; None where it takes two (a bare figure is open)."""
    names = [n for n in RULES[rule_id].required_facts if n.endswith("_yuan")]
    return names[0] if len(names) == 1 else None


def implied_topic(applicant: str | None) -> str | None:
    if not applicant:
        return None
    money_rules = [r.id for r in rules_for_applicant(applicant) if sole_amount(r.id)]
    return money_rules[0] if len(money_rules) == 1 else None


def topic_of_fields(money: dict[str, Decimal]) -> str | None:
    """The one rule whose main amount is among these labelled amounts, if exactly one."""
    owners = {
        rule_id for rule_id in RULES if (main := sole_amount(rule_id)) is not None and main in money
    }
    return owners.pop() if len(owners) == 1 else None


def default_amount_field(topics: list[str], applicant: str | None) -> str | None:
    for topic in topics:
        if main := sole_amount(topic):
            return main
    if applicant:
        mains = {sole_amount(r.id) for r in rules_for_applicant(applicant)} - {None}
        if len(mains) == 1:
            return mains.pop()
    return None


def unread_as_context(
    figures: list[roles.Figure], topics: list[str], applicant: str | None
) -> list[roles.Figure]:
    """Figures no measure the speaker may ask reads: a business's turnover ("一年营收才八百
    来万") or its own loans are no base unless a measure named, or the speaker's own, reads
    revenue or financing given; only a known speaker decides it. Money borrowed from a lender
    ("从银行贷了八百万") is never a base."""
    frames = roles.frames()
    borrowed = frames["borrowed_from_before"]
    figures = [
        roles.Figure(f.mention, "context")
        if f.role == "base" and borrowed.search(f.mention.before)
        else f
        for f in figures
    ]
    if applicant is None:
        return figures
    rules = [RULES[tp] for tp in topics if tp in RULES] or rules_for_applicant(applicant)
    # … and so are its own loans ("公司去年还有800万的银行贷款") unless a measure named, or the
    # speaker's own, reads financing given (（十一）, a lender's).
    unread = [
        frames[frame]
        for frame, facts in (("turnover_before", _REVENUE_FACTS), ("borrowed_before", _LENT))
        if not any(name in facts for r in rules for name in r.facts)
    ]
    return [
        roles.Figure(f.mention, "context")
        if f.role == "base"
        and any(rx.search(f.mention.before + "|" + f.mention.after) for rx in unread)
        else f
        for f in figures
    ]


def grant_for_another_matter(
    t: Text, figures: list[roles.Figure], topics: list[str], lex: Lexicon
) -> tuple[int, str] | None:
    """Another policy's grant whose own words name what it was for, when that is no word of
    the measure asked about: "省里还给了我们一笔高新技术企业认定奖励15万" beside a project is
    money for another matter, not the same matter 就高不重复 weighs (index, what it was for)."""
    if not topics:
        return None
    spec = lex.raw["grant_for"]
    own = [rx for name, rx in lex.topics if name in topics]
    for i, f in enumerate(figures):
        if f.role != "other_policy":
            continue
        left = max((m.end() for m in FULL_STOP.finditer(t.s, 0, f.mention.start)), default=0)
        after = re.split(r"[，。；,;？?！!]", t.after(f.mention.end, 16))[0]  # "15万的安家补贴"
        words = t.s[left : f.mention.start] + "|" + after
        # the award word nearest the figure names what the grant was for
        m = next(reversed(list(re.finditer(spec["phrase"], words))), None)
        if m is None:
            continue
        what = m["what"]
        while (cut := re.sub(spec["lead"], "", what)) != what:
            what = cut
        core = re.sub(spec["generic"], "", what)
        if len(core) < 2 or re.search(spec["same"], what) or any(rx.search(what) for rx in own):
            continue
        return i, what + m.group(m.lastindex or 0)
    return None


_REVENUE_FACTS = {"service_revenue_yuan", "transfer_turnover_yuan", "service_turnover_yuan"}


_LENT = {"financing_total_yuan"}


def figure_roles(
    t: Text,
    numbers: list[NumberMention],
    topics: list[str] | tuple[str, ...] = (),
    this_year: int | None = None,
) -> list[roles.Figure]:
    """Each money or ratio figure of ``t`` with its role (:mod:`assistant.nlu.roles`), the
    rules' own rates and caps taken from ``topics`` (every rule when none is named)."""
    lex = lexicon()

    def label(n: NumberMention) -> roles.Label:
        slot = _label_slot(t, n, tuple(topics))
        return (slot.name if slot else None, slot is not None and _labelled_at(t, n, slot))

    correcting = bool(lex.what_if.search(t.s))

    def sentence_before(n: NumberMention) -> str:  # at most 60 characters of it
        return t.sentence_before(n.start, 60)

    # "去年…八千万，今年…三千万。去年那一年的奖励能拿多少？": the year the question asks about.
    # A sentence asking an amount says it best ("…这部分又能拿多少？另外…去年全部横向合同是
    # 3.6亿，不知道有没有用" asks of this year).
    sentences = [t.s[a:b] for a, b in t.sentences()]
    asking = [s for s in sentences if acts.asks_amount(s)] or [s for s in sentences if acts.asks(s)]
    asked_year = roles.year_said(asking[-1]) if asking else None
    # … the years named in the asking clauses themselves ("去年…一万块…今年能补多少" asks one)
    questions = [s for s in sentences if acts.asks(s)]
    asked_clauses = [re.split(r"[，,；;]", a.rstrip("？?。！!"))[-1] for a in questions]
    counted = roles.frames()["each_year_asked"]
    if any(counted.search(c) for c in asked_clauses):
        asked_year = roles.YEARS_COUNTED  # "两年分别怎么奖": each year's figure is a base
    elif len(set().union(*(roles.years_said(c, this_year) for c in asked_clauses))) >= 2:
        asked_year = roles.EACH_YEAR  # "去年和今年分别能拿多少": each year's figure is a base
    rules = [tp for tp in topics if tp in RULES]
    figures = roles.assign(
        numbers, rules, label, correcting, sentence_before, asked_year, this_year
    )
    caps = roles.rates_and_caps(rules)[1]
    fr = roles.frames()

    def asked_in(n: NumberMention) -> bool:  # the figure's sentence asks something
        return acts.asks(t.s[slice(*t.sentence(n.start))])

    # Labelled amounts said elsewhere: what the rule reads is there.
    told = [
        f for f in figures if f.role == "base" and label(f.mention)[1] and not asked_in(f.mention)
    ]
    out = []
    for f in figures:
        bare = f.role == "base" and not label(f.mention)[1]
        # "我自己估了一下，大概五六十万？": a figure guessed and asked about.
        guessed = bare and (
            fr["guess_before"].search(f.mention.before)
            and fr["guess_after"].match(t.s[f.mention.end : f.mention.end + 8])
        )
        # "…国拨经费一千万。我们能不能拿五十万？": a figure with no label of its own in a
        # sentence that asks, when the amounts were told in sentences that state.
        hoped = bare and f.mention.kind == "money" and told and asked_in(f.mention)
        # "…国拨经费一千万，领导说奖励这块大概五十万": a figure with no label of its own, after
        # award words in its sentence, beside an amount told with its label, is what they
        # expect, not a second amount (no larger than the rules' own largest award).
        awarded = (
            bare
            and f.mention.kind == "money"
            and told
            and fr["award_words_before"].search(f.mention.before)
            and f.value <= max(caps, default=Decimal(0))
            and all(f.value < b.value for b in told)
        )
        out.append(roles.Figure(f.mention, "estimate") if guessed or hoped or awarded else f)
    return out


def _labelled_at(t: Text, n: NumberMention, slot: Slot) -> bool:
    """The slot's cue stands right at the figure: just before it ("服务收入300万", "合同是
    300万") or right after it ("300万的合同")."""
    left, right = t.bounds(n.start, n.end)
    before = t.s[max(left, n.start - SLOT_WINDOW) : n.start]
    if any(len(before) - m.end() <= 6 for m in matches(slot.cues, before)):
        return True
    return bool(slot.cues.match(t.s[n.end : min(right, n.end + 10)].lstrip("的元")))


@functools.lru_cache(maxsize=4096)
def _slot_of(t: Text, n: NumberMention) -> Slot | None:
    """:func:`slot_for` with the lexicon, once per figure of a text (roles and amounts
    both ask)."""
    return slot_for(t, n, lexicon())


def slot_for(t: Text, n: NumberMention, lex: Lexicon) -> Slot | None:
    left, right = t.bounds(n.start, n.end)
    before = t.s[max(left, n.start - SLOT_WINDOW) : n.start]
    best: tuple[int, int, Slot] | None = None
    weak: tuple[int, int, Slot] | None = None
    for slot in lex.slots:
        for m in matches(slot.cues, before):
            key = (m.end(), m.end() - m.start())
            if best is None or key > best[:2]:
                best = (*key, slot)
        for m in matches(slot.weak_cues, before) if slot.weak_cues else ():
            key = (m.end(), m.end() - m.start())
            if weak is None or key > weak[:2]:
                weak = (*key, slot)
    after = t.s[n.end : min(right, n.end + 10)]

    def first_label_after() -> Slot | None:
        later = [(m.start(), slot) for slot in lex.slots for m in matches(slot.cues, after)]
        return min(later, key=lambda x: x[0])[1] if later else None

    # "合同已经把二十五万补助用满了": the figure is the object of the verb after it, and the
    # words before 把 are the clause's topic, not its label.
    if before.rstrip().endswith("把") and (label := first_label_after()) is not None:
        return label
    if best and len(before) - best[0] <= 6:
        return best[2]
    for slot in lex.slots:
        m = slot.cues.match(after.lstrip("的元"))
        if m:
            return slot
    # "拿了30万": a bare verb right before the figure, with no label after it.
    if weak and len(before) - weak[0] <= 4:
        return weak[2]
    if best:
        return best[2]
    # "500万的技术转让合同": a label later in the clause names a figure that has none before.
    if (label := first_label_after()) is not None:
        return label
    # "培训费自己出的，八千": a figure alone in its clause is labelled by the clause before.
    if left > 0 and _BARE_CLAUSE.fullmatch(t.s[left : n.start] + t.s[n.end : right]):
        prev_left, _ = t.bounds(left - 1, left - 1)
        prev = t.s[prev_left : left - 1]
        labels = [(m.end(), slot) for slot in lex.slots for m in matches(slot.cues, prev)]
        if labels:
            return max(labels, key=lambda x: x[0])[1]
        # "拿过一次奖励，10万": the bare verb at the clause's end labels it too.
        weak_labels = [
            (m.end(), slot)
            for slot in lex.slots
            if slot.weak_cues
            for m in matches(slot.weak_cues, prev)
            if len(prev) - m.end() <= 6 and _AWARD_WORD.search(prev[m.start() :])
        ]
        if weak_labels:
            return max(weak_labels, key=lambda x: x[0])[1]
    return None


_AWARD_WORD = re.compile(r"奖|补|资助")


# "另一份2000万", "各300万": a figure whose clause adds only these words is bare too.
# "我七千五", "他俩各一万": a person named before the figure adds nothing to it either.
_BARE_CLAUSE = re.compile(
    r"(我|他俩|她俩|他仨|她仨|他们|她们|他|她)?"
    r"[\s吧呢啊吗哈的呀了约大概差不多左右是有就共一共总共合计块元钱整另外还再又各每份个笔项期次]*"
)


def topic_mentions(
    t: Text, lex: Lexicon, topics: list[str], applicant: str | None, facts: dict[str, Any]
) -> list[tuple[int, str]]:
    """Every topic word's position and the measure it names for this speaker."""
    found = []
    for name, rx in lex.topics:
        for m in matches(rx, t.s):
            found += [
                (m.start(), topic)
                for topic in resolve_topics({name: m.start()}, applicant, facts)
                if topic in topics
            ]
    return sorted(found)


def _anchor(t: Text, n: NumberMention, slot: Slot, mentions: list[tuple[int, str]]) -> str | None:
    """The measure a labelled figure belongs to: the nearest topic word before it in its
    clause, else after it in its clause, else the nearest before it in the message
    ("技术转让合同500万，另外技术服务合同累计登记了1亿": each figure has its own kind)."""
    wanted = slot.targets()
    own = [
        (pos, tp)
        for pos, tp in mentions
        if wanted & set(RULES[tp].facts) and not (n.start <= pos < n.end)
    ]
    left, right = t.bounds(n.start, n.end)
    before = [tp for pos, tp in own if left <= pos < n.start]
    after = [tp for pos, tp in own if n.end <= pos < right]
    earlier = [tp for pos, tp in own if pos < left]
    if before:
        return before[-1]
    if after:
        return after[0]
    return earlier[-1] if earlier else None


def _past_year_before(
    t: Text, n: NumberMention, lex: Lexicon, this_year: int | None = None
) -> bool:
    """ "去年拿了10万", "去年也拿过这条的补助，12万", "2025年…拿过一次奖励，10万" (in 2026):
    the last year word of the figure's sentence before it is an earlier year."""
    said = t.sentence_before(n.start, 60)
    written = roles.year_said(said)
    if written and written.isdigit() and this_year is not None:
        last_written = max(m.end() for m in roles.frames()["written_year"].finditer(said))
        relative_after = [
            i
            for word in lex.relative_years
            if (i := relative_year_at(said, word, lex, last=True)) >= last_written
        ]
        if not relative_after:
            return int(written) < this_year
    found = [
        (i, offset)
        for word, offset in lex.relative_years.items()
        if (i := relative_year_at(said, word, lex, last=True)) >= 0
    ]
    return bool(found) and max(found)[1] < 0


def read_money(
    t: Text,
    numbers: list[NumberMention],
    topics: list[str],
    applicant: str | None,
    bare: bool,
    lex: Lexicon,
    mentions: list[tuple[int, str]] = (),
    what_if: bool = False,
    figures: list[roles.Figure] = (),
    this_year: int | None = None,
) -> tuple[dict[str, Decimal], dict[str, list[Decimal]]]:
    """Labelled amounts by field, and further figures for a field already filled.

    Only figures whose role is an amount (a base, a running total) or money already had
    are read: an estimate, a quoted cap, a rate or a part of a total never fill a fact."""
    facts: dict[str, Decimal] = {}
    extra: dict[str, list[Decimal]] = {}
    role_of = {f.mention.start: f for f in figures}
    parts = [f.mention for f in figures if f.role == "context"]
    for n in numbers:
        if n.kind not in ("money", "number") or n.problem:
            continue
        figure = role_of.get(n.start)
        if figure is None or not (figure.is_amount or figure.role in ("received", "other_policy")):
            continue
        if 0 < n.value < 1:
            continue  # no amount is below 1 元
        before = t.before(n.start, 8)
        after = t.after(n.end, 6)
        ignored = lex.money_ignore_before.search(before) or lex.money_ignore_after.search(after)
        if ignored and figure.role != "total":  # "再签200万，达到5000万" is the new total
            continue
        slot = _label_slot(t, n, tuple(topics))
        if slot is None and figure.role == "total":
            # "再登记200万，总共5000万": the total is of what its parts were labelled.
            slot = next((s for p in parts if (s := _slot_of(t, p)) is not None), None)
        if slot is None and n.kind == "number" and not bare and not lex.spent_before.search(before):
            continue  # a figure with no unit, no label and no verb of paying is not an amount
        target: str | None = None
        if slot is not None:
            if anchor := _anchor(t, n, slot, mentions):
                target = slot.by_topic.get(anchor)
                if target is None and slot.field in RULES[anchor].facts:
                    target = slot.field
            if target is None:
                target = next((slot.by_topic[tp] for tp in topics if tp in slot.by_topic), None)
            if target is None and slot.name == "received" and "今年" not in before:
                target = slot.by_topic.get("carrier") if "carrier" in topics else None
            target = target or slot.field
            if target == "received_this_year_yuan" and _past_year_before(t, n, lex, this_year):
                continue  # an earlier year's award says nothing about this year's cap
        if target is None:
            target = default_amount_field(topics, applicant)
        labelled = target is not None and (slot is not None or not what_if)
        if target is None or (target in facts and not labelled):
            target = "amount_yuan"  # "合同300万，要是500万呢": the hypothetical figure
        value = n.value
        if (
            slot is not None
            and slot.unitless_unit
            and n.kind == "number"
            and 0 < value < _UNITLESS_BELOW
            and value == int(value)
        ):
            value *= slot.unitless_unit  # "省拨500": 500万, no project is funded with 500元
        if target in facts:
            if value != facts[target] and value not in extra.get(target, []):
                extra.setdefault(target, []).append(value)
            continue
        facts[target] = value
    return facts, extra


def _read_by(slot: Slot, topics: list[str]) -> bool:
    """Whether a measure of the message reads the fact this label fills (none named: yes)."""
    rules = [RULES[tp] for tp in topics if tp in RULES]
    return not rules or any(
        slot.by_topic.get(r.id, slot.field) in r.facts or slot.field is None for r in rules
    )


def _label_slot(t: Text, n: NumberMention, topics: tuple[str, ...]) -> Slot | None:
    """The label of a figure for these measures: a label no measure reads gives way to money
    already had said in its clause ("省人社厅就同一件事给了建站经费10万": a station reads no
    经费, so it is another policy's grant)."""
    slot = _slot_of(t, n)
    if slot is None or _read_by(slot, topics):
        return slot
    left, _ = t.bounds(n.start, n.end)
    return had_slot(t.s[max(left, n.start - SLOT_WINDOW) : n.start], lexicon()) or slot


_UNITLESS_BELOW = Decimal(10_000)


# How far before a figure a label is looked for ("省里就这个中试基地的同一事项已经奖励了我们100万").
SLOT_WINDOW = 32


def read_shares(
    s: str, numbers: list[NumberMention], figures: list[roles.Figure], money: dict[str, Decimal]
) -> list[str]:
    """ "总收入420万，其中服务性收入占六成": a ratio said as a share of the money figure before
    it, in the same sentence, makes the fact that figure filled that share of it (420万 × 60%),
    said back. A share of people ("研发人员占比30%") is of no money."""
    frames = roles.frames()
    share, people = frames["share_before"], frames["people_before_share"]
    said: list[str] = []
    for f in figures:
        n = f.mention
        if f.role != "context" or n.kind != "ratio" or not 0 < n.value < 1:
            continue
        if not (frame := share.search(n.before)):
            continue
        whole = [m for m in numbers if m.kind == "money" and m.end <= n.start]
        if not whole or people.search(n.before[: frame.start()]):
            continue
        if re.search(r"[。！!？?；;]", s[whole[-1].end : n.start]):
            continue  # the whole was said in another sentence
        of = whole[-1].value
        field = next((k for k, v in money.items() if v == of), None)
        if field is None:
            continue
        money[field] = of * n.value
        words = re.sub(r"^(其中|里面|里头|当中)", "", n.before[frame.start() :].strip())
        said.append(
            f"您说的“{words}{n.raw}”，按 {format_yuan(of)} × {format_rate(n.value)}"
            f" = {format_yuan(money[field])} 计算。"
        )
    return said


def read_parts(
    t: Text, money: dict[str, Decimal], extra: dict[str, list[Decimal]], lex: Lexicon
) -> list[str]:
    """ "服务性收入分三块：中试熟化一百二十万、…": figures said as the parts of one are that
    one figure, summed (and said back)."""
    said = re.search(lex.raw["items"]["parts"], t.s)
    yearly = set(lex.raw["items"]["yearly_fields"]) if _one_named(t, lex) else set()
    out = []
    for name, more in list(extra.items()):
        if name not in money or not (said or name in yearly):
            continue
        parts = [money[name], *more]
        del extra[name]
        # "分别是一百八十万、四十万、三十万，…交易额也是二百五十万": a figure equal to the sum
        # of the others is their whole, said again; it is not one more part.
        whole = next((p for p in parts if len(parts) > 2 and 2 * p == sum(parts)), None)
        if whole is not None:
            parts.remove(whole)
        money[name] = sum(parts, Decimal(0))
        shown = " + ".join(format_yuan(p) for p in parts)
        count = "两" if len(parts) == 2 else str(len(parts))
        what = f"您说的{count}笔是同一家一年里的"
        if said:  # "收入分三块" is said back as such; a contract's contents as its parts
            what = (
                f"您说的{said.group()}"
                if said.group()[0] in "分包拆"
                else f"您说的{count}笔是同一份合同的组成部分"
            )
        out.append(f"{what}，合计 {shown} = {format_yuan(money[name])}，按一笔计算。")
    return out


def _one_named(t: Text, lex: Lexicon) -> bool:
    """The message names one thing of its kind: no count ("两个中试基地"), no two enumerators
    ("一家…一家…"), no two kinds ("概念验证中心…中试基地…"), no 分别."""
    items = lex.raw["items"]
    if any(re.search(items[k], t.s) for k in ("count_words", "respectively", "several_named")):
        return False
    if sum(1 for p in items["enumerators"] for _ in re.finditer(p, t.s)) >= 2:
        return False
    kinds = set(items["kind_facts"])
    return all(
        sum(1 for _v, rx in values if rx.search(t.s)) < 2
        for name, (_scope, values) in lex.enum_facts.items()
        if name in kinds
    )


def whose_money(t: Text, money: dict[str, Decimal], topics: list[str], lex: Lexicon) -> list[str]:
    """ "省里给了五百万" about a project is its 省拨经费 unless an award word says otherwise.

    A figure from a higher level of government can be the project's own funds or another
    policy's award for it (就高不重复). When the measure has a funds fact that is still empty
    and nothing names the figure an award, the reading that does not zero the award is
    taken, and said back.
    """
    spec = lex.raw.get("whose_money") or {}
    if "other_policy_award_yuan" not in money:
        return []
    for topic in topics:
        fields = RULES[topic].facts if topic in RULES else ()
        own = spec.get("own_funds", {}).get(topic)
        if not own or own not in fields or own in money:
            continue
        if re.search(spec["award_words"], t.s):
            return []
        value = money.pop("other_policy_award_yuan")
        money[own] = value
        return [spec["said_back"]]
    return []
