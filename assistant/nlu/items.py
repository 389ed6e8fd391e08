"""Split one message into the matters it speaks of, each with its own words.

People put several items in one message ("两个项目：省重点研发（省拨700万）和国家专项（国拨
3000万），都验收了"; "一份是技术开发合同，一份是专利许可"; "两个中试基地，一个…另一个任务还没
完成…"). One value per fact name cannot hold that. This module finds where each item's words
are and gives every item a text of its own: the words shared by all items (the lead-in before
the list and clauses said of all of them, "都验收了") plus the item's own segment. Each text
is then read by :func:`assistant.nlu.understand.understand`, so every mechanism there (polarity,
nearest labels, levels) works per item, and a condition said of one item stays with it.

Where the items are is decided by the message's structure, in this order:

1. enumerators ("一个…另一个…", "一份…一份…", "其中一个"), two or more;
2. several main figures for the same kind of money ("200万、350万、90万", "分别交了9000和1.6万");
3. the same kind of fact with different values ("孵化器新认定国家级，众创空间新备案省级");
4. a count of items with nothing else to tell them apart ("两个新认定的省级孵化器").

Different measures in one message ("新设院士工作站，又引进了两个博士") are cut first, at the
clause where the next measure starts. The words for all of this live in ``lexicon.yaml``
(``items``); this module holds only the mechanism.
"""

from __future__ import annotations

import bisect
import itertools
import re
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from assistant.nlu import acts, evidence
from assistant.nlu.conditions import in_money_had, other_partys_role
from assistant.nlu.context import Text, matches, negated
from assistant.nlu.figures import figure_roles, slot_for, unread_as_context
from assistant.nlu.lexicon import lexicon
from assistant.nlu.numbers import NumberMention, find_numbers, parse_count
from assistant.nlu.roles import frames
from assistant.nlu.topics import resolve_topics
from assistant.nlu.understand import Understanding, blank_set_aside, understand
from calculators.registry import RULES

# An English full stop ends a sentence too ("…maker space (众创空间). Both focus on…"); a
# decimal point ("5.6 million") has no space after it.
_EN_STOP = r"(?<=[A-Za-z)）])\.(?=\s)"
_STRONG = re.compile(r"[，。；！？;!?：:\n]|(?<!\d),|,(?!\d{3})|" + _EN_STOP)
# Where one item's sentence ends and the next one's starts ("…有效益；跟省农科院的…").
_ITEM_STOP = re.compile(r"[。；！？;!?\n]|" + _EN_STOP)


@dataclass
class Piece:
    """The words one item is read from."""

    rule: str | None
    text: str  # shared words + the item's own segment, to be understood on its own
    own: str  # the item's own segment only (what the user said of this item)
    span: tuple[int, int]  # the own segment's place in the message
    shared: str = ""
    copies: int = 1  # "两个新认定的省级孵化器": the same words stand for this many items
    # An exception inside a counted group ("有个硕士没交社保"): (which count, how many) it
    # takes out of the group; None for the count when the clause names no kind.
    # None for how many: the whole group of that kind ("硕士只签了两年").
    exception: tuple[str | None, int | None] | None = None
    exceptions: list[tuple[str | None, int | None]] = field(default_factory=list)


# ------------------------------------------------------------------ lexicon access
def _items_lex() -> dict:
    return lexicon().raw["items"]


@cache
def _rx(name: str) -> re.Pattern[str]:
    spec = _items_lex()[name]
    return re.compile("|".join(f"(?:{p})" for p in spec) if isinstance(spec, list) else spec)


# ------------------------------------------------------------------ main figures
def _figures(t: Text, start: int, end: int, rules: tuple[str, ...] = ()) -> list[NumberMention]:
    """Money figures in [start, end) that name an item's own amount: not what was already
    received or granted elsewhere, not a cap quoted back, not the asker's own estimate
    (their role, :mod:`assistant.nlu.roles`), not one said of each (各300万)."""
    lex = lexicon()
    shared = _rx("each_before")
    out: list[NumberMention] = []
    bare: list[NumberMention] = []
    numbers, amounts = _numbers_and_amounts(t.s, rules, _THIS_YEAR.get(), _SPEAKER.get())
    for n in numbers:
        if not (start <= n.start < end) or n.problem:
            continue
        if n.kind not in ("money", "number") or n.start not in amounts:
            continue
        if _refers_back(t, n, out):
            continue  # "五百万那个验收了": an item named by its figure, not one more item
        before = t.before(n.start, 8)
        if lex.money_ignore_before.search(before) or lex.money_ignore_after.search(
            t.after(n.end, 6)
        ):
            continue
        if shared.search(t.s[max(0, n.start - 3) : n.start]):
            continue
        slot = slot_for(t, n, lex)
        if slot is not None and slot.name in ("received", "other_policy"):
            continue
        if slot is None and n.kind == "number":
            bare.append(n)
            continue
        out.append(n)
    # A bare figure after a person's name, beside amounts, is that person's amount.
    named = _rx("person_before_figure")
    for n in list(bare):
        if out and named.search(t.s, max(0, n.start - 8), n.start):
            out.append(n)
            bare.remove(n)
    # A bare figure listed beside an amount ("培训费六千、八千和一万二") is one more item's amount:
    # the list joins it to the label its neighbour has.
    joiner = _rx("list_joiner")
    grew = True
    while grew and out:
        grew = False
        for n in list(bare):
            if any(joiner.fullmatch(t.s[min(n.end, m.end) : max(n.start, m.start)]) for m in out):
                out.append(n)
                bare.remove(n)
                grew = True
    return sorted(out, key=lambda n: n.start)


@lru_cache(maxsize=256)
def _numbers_and_amounts(
    s: str, rules: tuple[str, ...], this_year: int | None = None, speaker: str | None = None
) -> tuple[tuple[NumberMention, ...], frozenset[int]]:
    """The numbers of a text and where those that are amounts start (their role): the same
    text is asked again for each region, list and clause of it."""
    numbers = find_numbers(s)
    roles = unread_as_context(
        figure_roles(Text(s), numbers, rules, this_year), list(rules), speaker
    )
    return tuple(numbers), frozenset(f.mention.start for f in roles if f.is_amount)


# The year of the day a message is read on, while it is split into items: "2025年投了…今年又投
# 了2600万…2025年那几笔能拿多少" tells years apart only against today (set by understand_items).
_THIS_YEAR: ContextVar[int | None] = ContextVar("items_this_year", default=None)
# … and who speaks: an enterprise's "去年营收二十三亿" is no item (no measure of its reads revenue).
_SPEAKER: ContextVar[str | None] = ContextVar("items_speaker", default=None)


def _refers_back(t: Text, n: NumberMention, earlier: list[NumberMention]) -> bool:
    """A figure said again with "那个/的那份" after it names the item that has it."""
    return bool(_rx("figure_ref").match(t.s, n.end)) and any(m.value == n.value for m in earlier)


def _owner_by_figure(clause: str, values: list[set[Decimal]]) -> int | None:
    """The one item a clause names by its figure ("一千五百万那个验收没通过"), if any."""
    ref = _rx("figure_ref")
    for n in find_numbers(clause):
        if n.kind in ("money", "number") and ref.match(clause, n.end):
            owners = [k for k, vals in enumerate(values) if n.value in vals]
            if len(owners) == 1:
                return owners[0]
    return None


def _bind_by_figure(
    t: Text,
    figures: list[NumberMention],
    segments: list[tuple[int, int]],
    own_texts: list[str],
    shared_parts: list[str],
) -> None:
    """Move each clause that names an item by its figure to that item's own words, from the
    shared tail or from another item ("国拨分别是五百万和一千五百万，五百万那个验收了，一千五百万
    那个没通过": each 验收 stays with its own project)."""
    values = [{n.value for n in figures if a <= n.start < b} for a, b in segments]
    if sum(1 for v in values if v) < 2:
        return
    for k, text in enumerate(list(own_texts)):
        parts = [p for p in _STRONG.split(text) if p.strip()]
        moved = [(p, j) for p in parts if (j := _owner_by_figure(p, values)) not in (None, k)]
        if moved:
            own_texts[k] = "，".join(p for p in parts if p not in {q for q, _ in moved})
            for p, j in moved:
                own_texts[j] = _trim(own_texts[j]) + "，" + p
    kept = []
    for part in shared_parts:
        clauses = [c for c in _STRONG.split(part) if c.strip()]
        rest = []
        for c in clauses:
            if (j := _owner_by_figure(c, values)) is not None:
                own_texts[j] = _trim(own_texts[j]) + "，" + c
            else:
                rest.append(c)
        if rest:
            kept.append("，".join(rest))
    shared_parts[:] = kept


# ------------------------------------------------------------------ regions by measure
def _topic_positions(t: Text, u: Understanding) -> list[tuple[int, str]]:
    lex = lexicon()
    found: list[tuple[int, str]] = []
    for name, rx in lex.topics:
        for m in matches(rx, t.s):
            for topic in resolve_topics({name: m.start()}, u.applicant, u.facts):
                if topic in u.topics:
                    found.append((m.start(), topic))
    return sorted(found)


def _regions(t: Text, u: Understanding) -> list[tuple[int, int, str | None]]:
    """[start, end, rule]: one region per measure named, cut at the clause where the next
    measure's first word stands."""
    money_topics = [tp for tp in u.topics if tp in RULES]
    if len(money_topics) < 2:
        return [(0, len(t.s), money_topics[0] if money_topics else None)]
    order = sorted(_first_told(t, _topic_positions(t, u)).items(), key=lambda kv: kv[1])
    cuts = [0]
    for _tp, pos in order[1:]:
        left = 0
        for m in _STRONG.finditer(t.s, cuts[-1], pos):
            left = m.end()
        if left <= cuts[-1]:  # "一份技术转让合同三百万、一份技术服务合同两百万": a list mark
            for m in _rx("list_break").finditer(t.s, cuts[-1], pos):
                left = m.end()
        cuts.append(max(left, cuts[-1]))
    cuts.append(len(t.s))
    regions = []
    for i, (tp, _pos) in enumerate(order):
        if cuts[i + 1] > cuts[i]:
            regions.append((cuts[i], cuts[i + 1], tp))
    return regions or [(0, len(t.s), money_topics[0])]


def _first_told(t: Text, found: list[tuple[int, str]]) -> dict[str, int]:
    """Each measure's first word, passing over a clause that lists several ("运营一个众创空间
    和一个中试基地。众创空间今年…；中试基地…") when the measure is told again in a clause of
    its own: the list introduces the matters, the later clauses tell them."""

    # "运营着一个概念验证中心、一个中试基地，还有一个众创空间": a list goes on past a comma.
    goes_on = _rx("list_goes_on")
    starts = [0] + [m.end() for m in _STRONG.finditer(t.s) if not goes_on.match(t.s, m.end())]
    clause = [starts[bisect.bisect_right(starts, pos) - 1] for pos, _tp in found]
    named: dict[int, set[str]] = {}
    for c, (_pos, tp) in zip(clause, found, strict=True):
        named.setdefault(c, set()).add(tp)
    # Where each measure is last told in a clause naming it alone.
    last_alone = {tp: pos for c, (pos, tp) in zip(clause, found, strict=True) if len(named[c]) == 1}
    first: dict[str, int] = {}
    for c, (pos, tp) in zip(clause, found, strict=True):
        listed = len(named[c]) > 1
        if not (listed and last_alone.get(tp, -1) > pos):
            first.setdefault(tp, pos)
    return first


# ------------------------------------------------------------------ items in a region
def _enumerators(t: Text, start: int, end: int, rule: str | None = None) -> list[tuple[int, int]]:
    rx, not_after, speaker = _rx("enumerators"), _rx("not_item_after"), _rx("speaker_before")
    party = _party()
    people = _items_lex()["person_rules"] + _items_lex().get("counted_rules", [])
    hits = []
    for m in rx.finditer(t.s, start, end):
        if not_after.match(t.s, m.end()) or speaker.search(t.before(m.start(), 16)):
            continue
        if rule is not None and rule not in people and m.group().endswith("位"):
            continue  # "进站的有两位院士，一位中科院的、一位工程院的": people, not stations
        if (
            rule is not None
            and rule not in people
            and _rx("people_counted_before").search(t.s, max(0, m.start() - 24), m.start())
        ):
            continue  # "进站两名博士后，一个做针状焦，一个做锂电负极": the people counted
        if _rx("counted_as_before").search(t.before(m.start(), 4)):
            continue  # "会不会按集团只算一个": the count of awards asked about
        if _rx("each_one_before").search(t.before(m.start(), 8)):
            continue  # "各自新设立了一个…": one for each party enumerated
        if party.match(t.s, m.end()):
            continue  # "跟一个高校签了…": a party, not an item
        if (nxt := _FIGURE_NEXT.match(t.s, m.end())) and (
            frames()["computing_before"].search(t.sentence_before(m.start(), 60))
            or _no_amount_at(t, nxt.end(), rule)
        ):
            # "我算了下一份六万八一份两万", "每份按1%算，一份15万一份13万": the asker's results
            # listed (their role is no amount), no item
            continue
        if _rx("party_before").search(t.before(m.start(), 6)) and not _rx("item_noun_after").match(
            t.s, m.end()
        ):
            continue  # "跟着省里一家龙头参与了…": whom with, not what
        if t.s.startswith(m.group(), m.end()) or t.s.endswith(m.group(), 0, m.start()):
            continue  # "我按1%一份一份算的": one by one, no item
        if _points_back(t, m, start, rule):
            continue  # "…交易额250万…。第二个合同能再拿多少？": the second told, asked of
        if rule is not None and _names_another_measure(t, m.end(), rule):
            continue  # "运营一个众创空间和一个中试基地": the base is told in its own region
        if (
            hits
            and not _STRONG.search(t.s, hits[-1][1], m.start())
            and re.search(r"的\s*$", t.s[hits[-1][1] : m.start()])
        ):
            continue  # "一份是从中北大学受让的一项焊接专利": the item's own object, no new one
        hits.append((m.start(), m.end()))
    return hits


def _names_another_measure(t: Text, pos: int, rule: str) -> bool:
    """The item an enumerator introduces is a matter of another measure: its words, up to the
    next break, name that measure's topic and not this one's."""
    stop = _STRONG.search(t.s, pos)
    brk = _rx("list_break").search(t.s, pos)
    end = min(m.start() for m in (stop, brk) if m) if (stop or brk) else len(t.s)
    words = t.s[pos:end]
    named = {name for name, rx in lexicon().topics if name in RULES and rx.search(words)}
    return bool(named) and rule not in named


def _points_back(t: Text, m: re.Match[str], start: int, rule: str | None) -> bool:
    """An ordinal in a question with no figure of its own ("第二个合同能再拿多少？") names an
    item already told when at least that many amounts were said before it; with fewer
    ("…500万验收了；第二个呢？") it asks about one more."""
    ordinal = _rx("ordinal").match(m.group())
    if not ordinal:
        return False
    _a, b = t.sentence(m.start())
    if not acts.asks(t.s[m.start() : b]) or _figures(t, m.start(), b, (rule,) if rule else ()):
        return False
    return len(_figures(t, start, m.start(), (rule,) if rule else ())) >= parse_count(ordinal["n"])


# An enumerator right before a figure, no noun between ("一份六万八").
_FIGURE_NEXT = re.compile(r"\s*[\d一二两三四五六七八九十百千万]+\s*[万元块千百wW]")


def _no_amount_at(t: Text, pos: int, rule: str | None) -> bool:
    """The money figure ending at ``pos`` has a role other than an amount in the whole
    message (an estimate, a cap quoted back, money received)."""
    numbers, amounts = _numbers_and_amounts(
        t.s, (rule,) if rule else (), _THIS_YEAR.get(), _SPEAKER.get()
    )
    n = next((n for n in numbers if n.start < pos <= n.end and n.kind == "money"), None)
    return n is not None and n.start not in amounts


@cache
def _party() -> re.Pattern[str]:
    """An enumerator's noun that names a party (who), never an item (what)."""
    lex, items = lexicon(), _items_lex()
    types = set(items["party_types"])
    nouns = [rx.pattern for name, rx in lex.applicants if name in types]
    nouns.append(items["party_people"])
    return re.compile(items["party_modifier"] + "(?:" + "|".join(f"(?:{n})" for n in nouns) + ")")


def _kind_hits(
    s: str, rule: str | None, start: int = 0, end: int | None = None
) -> dict[str, list[tuple[re.Match[str], str]]]:
    """Every mention of a value of ``rule``'s kind facts (a carrier's type, a contract's kind,
    a project's role…) in ``s[start:end]``, by fact: (match, value). One reading for both the
    strict count of items (:func:`_kind_mentions`) and the plain list (:func:`_kinds_named`).
    A kind named in what was heard ("听说国家级孵化器给50万") is the policy as told, no item."""
    if rule is None:
        return {}
    fields, kinds = set(RULES[rule].facts), set(_items_lex()["kind_facts"])
    end = len(s) if end is None else end
    heard = _rx("heard_before")
    return {
        name: [
            (m, value)
            for value, rx in values
            for m in rx.finditer(s, start, end)
            if m.end() > m.start() and not heard.search(s, 0, m.start())
        ]
        for name, (_scope, values) in lexicon().enum_facts.items()
        if name in fields and name in kinds
    }


def _kind_mentions(t: Text, start: int, end: int, rule: str | None) -> list[tuple[int, int]]:
    """Mentions of one item-kind fact (type, level, role) taking two or more values; a value
    negated, naming who speaks or another party, or of money had is no item."""
    lex = lexicon()
    groups: list[list[tuple[int, int, str]]] = []
    speaker = _rx("speaker_after")
    for name, found in _kind_hits(t.s, rule, start, end).items():
        hits = [
            (m.start(), m.end(), value)
            for m, value in found
            if not negated(t, m, lex, name)  # "不是牵头的，只是参与"
            and not speaker.match(t.s, m.end())  # "孵化器运营方": who speaks, not an item
            and not other_partys_role(t, m, lex)  # "牵头单位说他们能按5%拿": another party
            and not in_money_had(t, m.start(), lex)  # "已经拿了技术开发这块的补助20万"
            and not _rx("rate_of_kind_after").match(t.s, m.end())  # "参与的最高百分之二"
            and not _rx("compared_after").match(t.s, m.end())  # "参与和牵头应该不一样"
            and _names_object(t, m, rule)  # "可我们就是牵头单位": a role said, no item
        ]
        # "专利许可合同" is one mention (专利许可), not also a 许可合同 of another kind.
        kept: list[tuple[int, int, str]] = []
        for hit in sorted(hits, key=lambda h: (h[0], h[0] - h[1])):
            if not kept or hit[0] >= kept[-1][1]:
                kept.append(hit)
        groups.append(_one_object_of_kinds(t, kept, rule))
    # Levels alone never mark items: "省级孵化器…今年评上国家级" is one carrier's two
    # levels; several projects of different levels come with figures or enumerators.
    best: list[tuple[int, int]] = []
    for hits in groups:
        # "a health incubator recognised as a national-level technology business incubator":
        # a kind named again before any other kind is the same item's, within one sentence.
        told = [
            h
            for k, h in enumerate(hits)
            if k == 0 or h[2] != hits[k - 1][2] or _ITEM_STOP.search(t.s, hits[k - 1][1], h[0])
        ]
        if len({v for *_, v in told}) >= 2 and len(told) > len(best):
            best = [(a, b) for a, b, _ in told]
    return best


def _one_object_of_kinds(
    t: Text, hits: list[tuple[int, int, str]], rule: str | None
) -> list[tuple[int, int, str]]:
    """Kinds said side by side ("技术开发和技术转让合同…合计3160万") name one object of both
    kinds, unless the clause gives each its own figure ("分别是300万和200万")."""
    out: list[tuple[int, int, str]] = []
    for hit in hits:
        if out and _JOINED.fullmatch(t.s[out[-1][1] : hit[0]]) and hit[2] != out[-1][2]:
            stop = _ITEM_STOP.search(t.s, hit[1])
            sentence_end = stop.start() if stop else len(t.s)
            own = _figures(t, hit[1], sentence_end, (rule,) if rule else ())
            if len(own) <= 1 and not _EACH.search(t.s, hit[1], sentence_end):
                continue
        out.append(hit)
    return out


_JOINED = re.compile(r"\s*(和|与|及|以及|、|跟|/)\s*")
_EACH = re.compile(r"分别|各(自|是|为)?(?!种|类)|其中|一(个|份|项)是")


def _names_object(t: Text, m: re.Match[str], rule: str | None) -> bool:
    """A kind's mention marks an item only where its clause names the item's object (an
    anchor noun, a classifier "一个/那个"), or an amount of its own: "牵头给5%、参与再给2%" and
    "可我们就是牵头单位" say how the measure pays and who speaks, about the one project told."""
    left = max((b.end() for b in _STRONG.finditer(t.s, 0, m.start())), default=0)
    found = _STRONG.search(t.s, m.end())
    right = found.start() if found else len(t.s)
    clause = t.s[left:right]
    start = left + max((b.end() for b in re.finditer("[、/]", t.s[left : m.start()])), default=0)
    end = start + len(re.split("[、/]", t.s[start:right])[0])
    numbers, _ = _numbers_and_amounts(
        t.s, (rule,) if rule else (), _THIS_YEAR.get(), _SPEAKER.get()
    )
    kinds = {n.kind for n in numbers if start <= n.start < end}
    if "ratio" in kinds and "money" not in kinds:
        return False  # "参与再给2%": the rate of a kind, not an item
    if evidence.anchor_in(clause, rule) or _rx("classifier_near").search(clause):
        return True
    return bool(_figures(t, left, right, (rule,) if rule else ()))


# The noun of a count of people ("七八个人", "两位同事").
_PERSON_NOUN = re.compile(r"(同事|经纪人|经理人|人|员工|职工)$")


def _count_of_items(t: Text, start: int, end: int, rule: str | None) -> int:
    if rule in _items_lex().get("counted_rules", []):
        return 1  # 博士、硕士 are counts inside one matter, not matters
    linear = rule in _items_lex()["total_over_count_rules"] or (
        rule is None and _rx("contract_word").search(t.s, start, end)
    )
    if linear and _one_total(t, start, end):
        return 1  # "三个合同，一共一千九百万": one total at one rate and one yearly cap
    if _rx("each_clause").search(t.s, start, end) and (group := _group_with_speaker(t, start, end)):
        return group
    persons = rule is None or rule in _items_lex()["person_rules"]
    if persons and (named := _rx("named_people").search(t.s, start, end)):
        return _named_count(named["names"])  # "小张和老李都评上了"
    m = _count_of_the_measure(t, start, end, rule)
    if not m and _rx("each_clause").search(t.s, start, end):
        # "跟三家企业签了技术开发合同，各800万": one matter per counterparty, when a figure is
        # said of each of them; without 各 the count may be of parties to one matter.
        m = _rx("party_count").search(t.s, start, end)
    if not m or (not persons and _PERSON_NOUN.search(m[0])):
        return 1  # "技术转移机构，七八个人": the staff of one matter, no matters of their own
    group = _rx("with_speaker").search(t.s, start, end)
    if group and group.start() <= m.start() < group.end():
        return _speaker_and_others(group)  # "我和另外两个同事": three people
    if _rx("part_count").search(m[0]) and _rx("one_contract").search(t.s, start, end):
        return 1  # "一份专利转让合同，合同里打包了三项专利": parts of the one contract
    if any(_rx("one_item").match(t.s, a, b) for a, b in _enumerators(t, m.end(), len(t.s))):
        return 1  # "签了三份技术合同：一份…一份…还有一份…": the count of the items listed after
    raw = m.group("n") or m.group("m")
    return int(raw) if raw.isdigit() else _DIGITS.get(raw.lower(), 1)


def _count_of_the_measure(t: Text, start: int, end: int, rule: str | None) -> re.Match[str] | None:
    """The count said of what the measure reads: of several counts ("一共七个人。去年有四位
    同事…参加了…培训"), the one in a clause that names the measure's own words; else the first."""
    proposed = _rx("proposed_count_before")
    found = [
        m
        for m in _rx("count_words").finditer(t.s, start, end)
        if not proposed.search(t.before(m.start(), 6))
    ]
    if len(found) < 2 or rule is None:
        return found[0] if found else None
    own = dict(lexicon().topics).get(rule)
    for m in found:
        a, b = t.bounds(m.start(), m.end())
        if own is not None and own.search(t.s, a, b):
            return m
    return found[0]


def _one_total(t: Text, start: int, end: int) -> bool:
    """The region's one money figure is said as a total ("一共一千九百万")."""
    figures = [n for n in _figures(t, start, end) if n.kind == "money"]
    return len(figures) == 1 and bool(_rx("total_before").search(t.before(figures[0].start, 8)))


def _group_with_speaker(t: Text, start: int, end: int) -> int | None:
    """How many people a group that counts the speaker in stands for ("我和另外两个同事" is 3,
    "我跟小王、小李" is 3, "我们仨" is 3), or None when no such group is said."""
    if m := _rx("with_speaker").search(t.s, start, end):
        return _speaker_and_others(m)
    if m := _rx("we_count").search(t.s, start, end):
        raw = (m["n"] or m["en"]).lower()
        return int(raw) if raw.isdigit() else _DIGITS.get(raw)
    if m := _rx("named_with_speaker").search(t.s, start, end):
        return m["names"].count("、") + 2
    return None


def _speaker_and_others(with_speaker: re.Match[str]) -> int:
    raw = with_speaker["plus"] or with_speaker["fused"]
    return (int(raw) if raw.isdigit() else _DIGITS.get(raw, 1)) + 1


_DIGITS = {
    "两": 2,
    "二": 2,
    "俩": 2,
    "三": 3,
    "仨": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_DIGITS.update({"one": 1, "two": 2, "three": 3, "four": 4, "five": 5})


def _each_kind_before_its_figure(
    kinds: list[tuple[int, int]], figures: list[NumberMention]
) -> bool:
    """As many kinds as figures, each kind said before its own figure and after the figure
    before it ("中试基地…280万…概念验证中心…90万")."""
    if len(kinds) != len(figures) or len(kinds) < 2:
        return False
    return all(b <= f.start for (_a, b), f in zip(kinds, figures, strict=True)) and all(
        f.end <= a for f, (a, _b) in zip(figures, kinds[1:], strict=False)
    )


def _list_break_after(t: Text, pos: int, limit: int) -> int:
    m = _rx("list_break").search(t.s, pos, limit)
    return m.end() if m else limit


def _strong_left(t: Text, pos: int, floor: int) -> int:
    left = floor
    for m in _STRONG.finditer(t.s, floor, pos):
        left = m.end()
    return left


def _people(t: Text, start: int, end: int, rule: str | None) -> list[Piece]:
    """ "我跟俩同事…，我七千五，他俩各一万": in a group that counts the speaker in, each
    clause that starts with a person and holds a figure is that person's item (a count said
    of each in it: that many items; "他们各…" without one: the rest of the group); the
    other clauses are shared, read in their place. A bare figure there is the person's money
    ("我八千" = 8000元)."""
    group = _group_with_speaker(t, start, end)
    if group is None:
        return []
    bounds = [start] + [m.end() for m in _STRONG.finditer(t.s, start, end)] + [end]
    own: list[tuple[int, int, NumberMention]] = []
    for a, b in itertools.pairwise(bounds):
        figures = [n for n in find_numbers(t.s[a:b]) if n.kind in ("money", "number")]
        if len(figures) == 1 and _rx("person_clause").match(t.s[a:b]):
            own.append((a, b, figures[0]))
    if len(own) < 2:
        return []
    copies: list[int | None] = []
    for a, b, _n in own:
        clause = t.s[a:b]
        count = _rx("person_count").search(clause)
        if not _rx("each_clause").search(clause):
            copies.append(1)
        elif count:
            raw = count["n"] or count["d"]
            copies.append(int(raw) if raw.isdigit() else _DIGITS.get(raw, 1))
        else:
            copies.append(None if _rx("person_plural").match(clause) else 1)
    rest = group - sum(c for c in copies if c is not None)
    pieces = []
    for (a, b, n), k in zip(own, copies, strict=True):
        clause = t.s[a:b]
        if n.kind == "number":
            clause = clause[: n.end] + "元" + clause[n.end :]
        text = t.s[start:a] + clause + t.s[b:end]
        for x, y, _m in own:
            if (x, y) != (a, b):
                text = text.replace(t.s[x:y], "", 1)
        text = re.sub(r"[，,；;]{2,}", "，", text)
        pieces.append(Piece(rule, text, clause.strip("，,；; "), (a, b), copies=k or max(rest, 1)))
    return pieces


def _split_region(t: Text, start: int, end: int, rule: str | None) -> list[Piece]:
    if people := _people(t, start, end, rule):
        return people
    if _rx("parts").search(t.s, start, end) or (
        _rx("one_object").search(t.s, start, end) and len(_figures(t, start, end)) <= 1
    ):
        # "一个专利转让一个专利许可，但都写在同一份技术合同里": the kinds are parts of one
        # contract, so one matter (its first kind is the one computed); "收入分三块：…": the
        # figures are parts of one (understanding sums them).
        return [Piece(rule, t.s[start:end], t.s[start:end], (start, end))]
    enum = _enumerators(t, start, end, rule)
    figures = _figures(t, start, end, (rule,) if rule else ())
    kinds = _kind_mentions(t, start, end, rule)
    if (
        rule in _items_lex()["yearly_rules"]
        and len(figures) >= 2
        and len(enum) < 2
        and len(kinds) < 2
        and not _rx("count_words").search(t.s, start, end)
        and not _rx("respectively").search(t.s, start, end)
        and not _rx("several_named").search(t.s, start, end)
    ):
        # "中试服务性收入二百万，另外试生产服务收入一百五十万": one institution's yearly total
        # in parts (understanding sums them).
        return [Piece(rule, t.s[start:end], t.s[start:end], (start, end))]
    separated = False
    if len(enum) >= 2:
        # A later item starts at the list break before its enumerator ("、参与一个…").
        bounds = [enum[0][0]]
        for (_pa, pb), (na, _nb) in itertools.pairwise(enum):
            brk = None
            for m in _rx("list_break").finditer(t.s, pb, na):
                brk = m.end()
            for m in _STRONG.finditer(t.s, pb, na):
                brk = max(brk or 0, m.end())
            bounds.append(brk if brk is not None else na)
        mode = "enum"
    elif len(figures) >= 2:
        # The lead-in up to the first figure ("我们牵头了两个项目：省重点研发（省拨") is read
        # with every item; each item's own words still win over it. Items that each end at
        # a full stop ("A合同400万，有效益；B合同120万，没效益") have sentences of their own:
        # each item runs to its stop, and the lead-in is only what comes before the first.
        stops = [_ITEM_STOP.search(t.s, p.end, n.start) for p, n in itertools.pairwise(figures)]
        separated = all(stops)
        if separated:
            bounds = [_strong_left(t, figures[0].start, start)]
            for p, n in itertools.pairwise(figures):
                bounds.append(max(m.end() for m in _ITEM_STOP.finditer(t.s, p.end, n.start)))
        elif _each_kind_before_its_figure(kinds, figures):
            # "中试基地…二百八十万，协议任务完成了，另外还有个概念验证中心，服务收入九十万":
            # each item starts at the clause that names its kind, not after the figure before.
            bounds = [_strong_left(t, kinds[0][0], start)]
            bounds += [
                _strong_left(t, a, f.end) for (a, _b), f in zip(kinds[1:], figures, strict=False)
            ]
        else:
            bounds = [figures[0].start]
            for prev, nxt in itertools.pairwise(figures):
                bounds.append(_list_break_after(t, prev.end, nxt.start))
        mode = "figures"
    elif len(kinds) >= 2:
        # The lead-in before the first kind ("新设了一个院士工作站和一个博士后工作站") is shared.
        bounds = [kinds[0][0]]
        for prev, nxt in itertools.pairwise(kinds):
            # A sentence of its own ("博士后站去年新设的，一直在开展工作，今年…？院士工作站…")
            # runs to its stop; kinds listed in one clause part at the list mark.
            stop = _strong_left(t, nxt[0], prev[1])
            bounds.append(stop if stop > prev[1] else _list_break_after(t, prev[1], nxt[0]))
        mode = "kinds"
    else:
        text = t.s[start:end]
        return [Piece(rule, text, text, (start, end), copies=_count_of_items(t, start, end, rule))]
    prefix = t.s[start : bounds[0]]
    segments = [
        (bounds[i], bounds[i + 1] if i + 1 < len(bounds) else end) for i in range(len(bounds))
    ]
    # Clauses after the last item's own clause: said of all items ("，都登记了") unless the
    # items are enumerated and the clause names nothing common.
    shared_rx = _rx("shared")
    last_a, last_b = segments[-1]
    tail_cut = _STRONG.search(t.s, last_a + 1, last_b)
    shared_parts: list[str] = []
    # Enumerated items all inside one clause ("一个150万一个250万，登记了"): what follows is
    # said of all of them; items with clauses of their own keep theirs unless it says 都.
    one_clause = not _STRONG.search(t.s, segments[0][0], last_a)
    if tail_cut:
        tail = t.s[tail_cut.start() : last_b]
        stop = _ITEM_STOP.search(t.s, tail_cut.start(), last_b)
        if (
            mode == "figures"
            and stop
            and not shared_rx.search(t.s[tail_cut.start() : stop.start()])
        ):
            # "…省拨经费800万，原定今年5月验收，延期到明年了。请问…各自…": the last item's
            # sentence is its own; only what follows its full stop may be said of all.
            after = t.s[stop.end() : last_b]
            if not separated or shared_rx.search(after):
                segments[-1] = (last_a, stop.end())
                shared_parts.append(after)
        elif (mode != "enum" and not separated) or one_clause or shared_rx.search(tail):
            segments[-1] = (last_a, tail_cut.start())
            shared_parts.append(tail)
    if mode == "kinds" and one_clause:
        # "院士工作站、博士后工作站今年都在谷里新设": what follows the last kind in the list's
        # clause, said with 都, is said of every kind listed.
        last_a, last_b = segments[-1]
        rest = t.s[kinds[-1][1] : last_b]
        cut = _STRONG.search(rest)
        said = rest[: cut.start()] if cut else rest
        if _rx("said_of_all").match(said):
            segments[-1] = (last_a, kinds[-1][1])
            shared_parts.insert(0, said)
    own_texts = [t.s[a:b] for a, b in segments]
    if mode == "enum":
        segments, own_texts = _merge_references(t, enum, segments, own_texts)
    # "各一百万" inside one item's words is said of every item.
    if mode in ("enum", "kinds"):
        each = _rx("each_clause")
        for k, text in enumerate(own_texts):
            parts = [p for p in _STRONG.split(text) if p]
            mine = [p for p in parts if not each.search(p)]
            if len(mine) < len(parts):
                shared_parts += [p for p in parts if each.search(p)]
                own_texts[k] = "，".join(mine)
    # Within an enumerated segment, a clause said of all ("都有效益") is shared too.
    if mode == "enum" or separated:
        kept = []
        for text in own_texts:
            parts = re.split(r"(?<=[，；,;])", text)
            mine = [p for p in parts if not (shared_rx.search(p) and p is not parts[0])]
            shared_parts += [p for p in parts if p not in mine]
            kept.append("".join(mine))
        own_texts = kept
    # A lead-in clause holding one figure per item ("国拨分别是两千万和五百万，一个牵头一个参与")
    # gives each item its own, like a shared clause does.
    if mode == "enum":
        lead_clauses = [c for c in _STRONG.split(prefix) if c.strip()]
        for c in lead_clauses:
            if len(_figures(Text(c), 0, len(c))) == len(segments) > 1:
                prefix = prefix.replace(c, "")
                shared_parts.append(c)
    _bind_by_figure(t, figures, segments, own_texts, shared_parts)
    clauses = [c for p in shared_parts for c in _STRONG.split(p) if c.strip()]
    # "服务收入分别是300万和200万" after enumerated items: the k-th figure is the k-th item's.
    listed = [c for c in clauses if len(_figures(Text(c), 0, len(c))) == len(segments) > 1]
    for c in listed:
        for j, variant in enumerate(one_each(c, len(segments))):
            own_texts[j] = _trim(own_texts[j]) + "，" + variant
    # "运营一个孵化器和一个众创空间，今年孵化器新认定为国家级…众创空间这边没什么变化": a clause
    # naming one item's kind and no other's is said of that item, not of all.
    item_kinds = [set(_kinds_named(o, rule)) for o in own_texts]
    if len(segments) > 1 and all(item_kinds):
        for c in [c for c in clauses if c not in listed]:
            named = set(_kinds_named(c, rule))
            owners = [j for j, ks in enumerate(item_kinds) if ks & named]
            if len(named) == 1 and len(owners) == 1:
                own_texts[owners[0]] = _trim(own_texts[owners[0]]) + "，" + c
                clauses.remove(c)
    shared = "，".join(c.strip("，,；; ") for c in clauses if c not in listed)
    pieces = []
    for i, ((a, b), own) in enumerate(zip(segments, own_texts, strict=True)):
        text = prefix + own + ("，" + shared if shared else "")
        if i == 0 and mode == "figures":
            a = _strong_left(t, a, start)  # the first item's own words include its label
            own = t.s[a : bounds[0]] + own
        pieces.append(Piece(rule, text, own, (a, b), shared=shared))
    return pieces


def _merge_references(
    t: Text, enum: list[tuple[int, int]], segments: list[tuple[int, int]], own_texts: list[str]
) -> tuple[list[tuple[int, int]], list[str]]:
    """An enumerator that points back ("…一个新认定国家级，国家级那个做光伏") is no new item:
    its words join the one earlier item that has the word it points with."""
    ref = _rx("enumerator_ref")
    keep_seg, keep_own = [segments[0]], [own_texts[0]]
    for k in range(1, len(segments)):
        m = ref.fullmatch(t.s, enum[k][0], enum[k][1])
        earlier = [j for j, text in enumerate(keep_own) if m and m["word"] in text]
        # "一份…，另一份八十一万，哦不对，第二份是八十四万": an ordinal naming an item already
        # told is that item again.
        nth = _ordinal(t.s[enum[k][0] : enum[k][1]])
        if nth is not None and nth <= len(keep_own):
            earlier = [nth - 1]
        if len(earlier) == 1:
            j = earlier[0]
            keep_own[j] = _trim(keep_own[j]) + "，" + own_texts[k]
            continue
        keep_seg.append(segments[k])
        keep_own.append(own_texts[k])
    return keep_seg, keep_own


def _ordinal(words: str) -> int | None:
    """N of an ordinal enumerator ("第二份" → 2), None for any other."""
    m = re.match(r"第(.)", words)
    return parse_count(m.group(1)) if m else None


def _trim(text: str) -> str:
    """An item's words without the list mark that joined it to the next ("…和", "…，")."""
    text = re.sub(r"[，,、；;\s]+$", "", text)
    return re.sub(r"(?<!参)(和|与|及|跟)$", "", text)


def one_each(clause: str, k: int) -> list[str]:
    """ "服务收入分别是300万和200万" → ["服务收入是300万", "服务收入是200万"]."""
    t = Text(clause)
    figures = _figures(t, 0, len(clause))
    out = []
    for j in range(k):
        mine = clause
        for other in reversed([n for i, n in enumerate(figures) if i != j]):
            mine = mine[: other.start] + mine[other.end :]
        mine = re.sub(r"(分别|各自|依次)", "", mine)
        mine = re.sub(r"(是|为|：|:)\s*(?<!参)[和与及、]", r"\1", mine)  # "是和五百万"
        mine = re.sub(r"(?<!参)[和与及、]+(?=[，,]|$)", "", mine)
        out.append(mine)
    return out


# ------------------------------------------------------------------ exceptions in a group
def _breakdown(clause: str) -> bool:
    """ "六个研究生，其中两个博士、四个硕士": a clause saying only head counts breaks the group
    down by degree; it takes no one out."""
    said = understand(clause).facts
    return bool(said) and all(k.endswith("_count") for k in said)


def _exceptions(piece: Piece) -> list[Piece]:
    """ "招了两个硕士三个博士，有个硕士没交社保": the exception is a piece of its own, and
    the rest of the group is read without the exception's clause."""
    rx = _rx("exception")
    parts = re.split(r"(?<=[，；。,;])", piece.text)
    groups = [[i] for i, p in enumerate(parts) if rx.match(p.strip()) and not _breakdown(p)]
    taken: list[tuple[str | None, int | None]] = [_taken(parts[g[0]]) for g in groups]
    if kinds := _kind_clauses(parts):
        # "博士签了五年，硕士只签了两年": the first kind's clause stays with the rest of the
        # words; each later kind's clauses take that whole group out as a matter of its own.
        # One kind's clause alone ("合同都是五年，硕士只签了两年") takes that kind out, beside
        # any exception of one person ("其中一个社保还没交").
        if len(kinds) > 1:
            groups = [idx for idx, _name in kinds[1:]]
            taken = [(name, None) for _idx, name in kinds[1:]]
        else:
            ((idx, name),) = kinds
            if not any(set(idx) & set(g) for g in groups):
                groups.append(idx)
                taken.append((name, None))
    if not groups:
        return [piece]
    found = ["".join(parts[i] for i in g) for g in groups]
    # "一位硕士…；还有一位硕士合同只签了两年": people added to the group, counted, not taken
    # out of the rest of it.
    added = [bool(_rx("added_people").match(f.strip())) for f in found]
    taken = [
        (name, parse_count(m["n"]) if more and (m := _rx("added_people").match(f.strip())) else n)
        for (name, n), f, more in zip(taken, found, added, strict=True)
    ]
    out_of_rest = {i for g in groups for i in g}
    rest = "".join(p for i, p in enumerate(parts) if i not in out_of_rest)
    kept = [t for t, more in zip(taken, added, strict=True) if not more]
    out = [Piece(piece.rule, rest, rest, piece.span, piece.shared, exceptions=kept)]
    for p, take in zip(found, taken, strict=True):
        text = rest.rstrip("，,；; ") + "，" + p
        out.append(Piece(piece.rule, text, p, piece.span, piece.shared, exception=take))
    return out


def _kind_clauses(parts: list[str]) -> list[tuple[list[int], str]]:
    """Clauses each said of one whole kind of person, when the text counts both kinds: the
    indices of each kind's parts and its count.

    The kind stays the subject of the clauses after its own up to the sentence's end or the
    next kind ("硕士合同签了三年，社保下个月才开始交": both are the 硕士's); a clause said of
    all ("社保都交了") is not carried."""
    rx, shared = _rx("kind_clause"), _rx("shared")
    out: list[tuple[list[int], str]] = []
    carried = False
    alone = False  # the kind's clause names only the kind: all that follows is said of it
    for i, p in enumerate(parts):
        m = rx.match(p.strip())
        bare = m is not None and not p.strip()[m.end() :].strip("，, ")
        if bare and not m.group().startswith(("另外", "还有", "另")):
            m = None  # "引进了3个博士，": the group told, not one kind's clause of its own
        if m:
            name = "phd_count" if m["kind"].startswith("博士") else "master_count"
            out.append(([i], name))
            carried = True
            alone = bare
        elif out and carried and (alone or not shared.search(p)):
            out[-1][0].append(i)
        else:
            carried = False
        if re.search(r"[。；;]\s*$", p):
            carried = alone = False
    if len(out) == 1:
        # One kind's own clause, beside words that count the other kind too.
        other = "硕士" if out[0][1] == "phd_count" else "博士"
        rest = "".join(p for i, p in enumerate(parts) if i not in out[0][0])
        return out if re.search(other + ("(?!后)" if other == "博士" else ""), rest) else []
    return out if len({name for _, name in out}) == len(out) > 1 else []


def _taken(clause: str) -> tuple[str | None, int]:
    """Which head count an exception clause takes from, and how many."""
    lead = _rx("exception").match(clause.strip())
    words = lead.group() if lead else clause
    n = 2 if re.search(r"[两俩2]", words) else 1
    field = None
    for name, rx in lexicon().counts:
        if rx.search(clause):
            field = name
            break
    return field, n


# ------------------------------------------------------------------ entry
def split(u: Understanding) -> list[Piece]:
    """The items of one understood message, each with its own words (at least one). A
    sentence the asker sets aside ("这个应该不算") holds no item."""
    t = Text(blank_set_aside(u.text, lexicon()))
    pieces: list[Piece] = []
    regions = _regions(t, u)
    if len(regions) > 1 and (respective := _respective(t, regions)):
        _share_across_regions(t, u, regions, respective)
        return respective
    for start, end, rule in regions:
        counted = rule in _items_lex().get("counted_rules", [])
        if counted and (persons := _ordinal_people(t, start, end, rule)):
            pieces += persons
            continue
        found = _same_kind_joined(_split_region(t, start, end, rule), rule)
        if counted and (by_condition := _counted_by_condition(found)):
            pieces += by_condition
            continue
        persons = rule in _items_lex()["person_rules"]
        for piece in found:
            if counted:
                pieces += _exceptions(piece)
            elif persons and piece.copies > 1 and (groups := _subgroups(piece)):
                pieces += groups
            else:
                pieces.append(piece)
    if len(regions) > 1:
        _share_across_regions(t, u, regions, pieces)
    return pieces


def _ordinal_people(t: Text, start: int, end: int, rule: str | None) -> list[Piece]:
    """ "第一个是博士，缴了社保，签了五年；第二个也是博士，只签了两年…": people told one by
    one, each with conditions of their own, are one hire each (read as "一个博士…")."""
    # The first ordinal may stand just before the region ("第三，招了一个硕士…；第四，…").
    found = list(_rx("ordinal_person").finditer(t.s, max(0, start - 4), end))
    if len(found) < 2:
        return []
    start = min(start, found[0].start())
    lead = t.s[start : found[0].start()]
    pieces = []
    for k, m in enumerate(found):
        stop = found[k + 1].start() if k + 1 < len(found) else end
        own = t.s[m.start() : stop]
        if k + 1 == len(found) and (brk := _ITEM_STOP.search(own)):
            own = own[: brk.end()]  # the question after the last person is said of all
        said = "一个" + own[m.end() - m.start() :]
        pieces.append(Piece(rule, lead + said, said, (m.start(), m.start() + len(own))))
    return pieces


def _named_count(names: str) -> int:
    """How many people ``names`` names by a surname with 小/老/大 ("小王和小李" is 2)."""
    return len(re.findall(r"(小|老|大)[一-龥]", names))


def _subgroups(piece: Piece) -> list[Piece]:
    """ "四个人…其中小王和小李是自己掏的钱，另外两个人的培训费是公司报销的": a counted group
    of persons split by who did what; each clause that starts with some of them is read with
    the words said of all, for that many items, and the rest of the group without them.
    Empty when no clause does, or they count more people than the group."""
    parts = re.split(r"(?<=[，；。,;])", piece.text)
    own: list[tuple[int, int]] = []
    for i, p in enumerate(parts):
        if m := _rx("subgroup").match(p):
            names = m["names"]
            k = _named_count(names) if names else parse_count(m["n"])
            own.append((i, k or 1))
    if not own or sum(k for _i, k in own) > piece.copies:
        return []
    taken = {i for i, _k in own}
    rest = "".join(p for i, p in enumerate(parts) if i not in taken)
    out = [
        Piece(
            piece.rule,
            rest.rstrip("，,；; ") + "，" + parts[i],
            parts[i].strip("，,；; "),
            piece.span,
            piece.shared,
            copies=k,
        )
        for i, k in own
    ]
    left = piece.copies - sum(k for _i, k in own)
    if left:
        out.insert(0, Piece(piece.rule, rest, rest, piece.span, piece.shared, copies=left))
    return out


def _counted_by_condition(pieces: list[Piece]) -> list[Piece]:
    """ "社保有两个在交，一个还没交" (of a group told before): people counted by a condition,
    no kind named. Each later piece takes its count out of the group, as "其中一个…" does;
    the first is the rest of the group. Empty when the pieces are not all so counted."""
    counts = [_rx("bare_count").match(p.own.lstrip("，,；; ")) for p in pieces]
    if len(pieces) < 2 or not all(counts) or any(p.exception or p.exceptions for p in pieces):
        return []
    taken = [(None, parse_count(m["n"])) for m in counts[1:]]
    first = replace(pieces[0], exceptions=taken)
    return [first] + [replace(p, exception=t) for p, t in zip(pieces[1:], taken, strict=True)]


def _kinds_named(text: str, rule: str | None) -> list[str]:
    """The values of the rule's kind facts ``text`` names, in order, unfiltered."""
    found = [(m.start(), v) for hits in _kind_hits(text, rule).values() for m, v in hits]
    return [value for _pos, value in sorted(found)]


def _same_kind_joined(pieces: list[Piece], rule: str | None) -> list[Piece]:
    """ "运营着一个孵化器和一个众创空间…今年孵化器新认定为省级…众创空间也新备案成了省级":
    each kind named again is the item named before, not one more; a piece naming no kind and
    no figure says more of the item before it. Items of one kind told apart by a figure of
    their own ("一个孵化器收入200万，一个孵化器收入300万") stay apart; money received or a
    figure heard ("当时已经拿了30万", "听说国家级给50万") tells no item apart."""
    if len(pieces) < 3:
        return pieces
    if sum(bool(_rx("listed_item").match(p.own)) for p in pieces) >= 2:
        # "二是…众创空间，今年新备案为省级众创空间；三是…众创空间": items the asker numbered
        # apart; a piece with no number of its own says more of the item before it.
        out: list[Piece] = []
        for p in pieces:
            if out and not _rx("listed_item").match(p.own):
                prev = out[-1]
                own = prev.own + p.own
                text = prev.text.replace(prev.own, own, 1) if prev.own in prev.text else prev.text
                out[-1] = Piece(prev.rule, text, own, (prev.span[0], p.span[1]), prev.shared)
            else:
                out.append(p)
        return out
    named = [_kinds_named(p.own, rule) for p in pieces]
    values = {v for vs in named for v in vs}
    if not values or len(values) >= len(pieces) or any(len(set(vs)) > 1 for vs in named):
        return pieces
    rules = (rule,) if rule else ()
    if any(_figures(Text(p.own), 0, len(p.own), rules) for p in pieces):
        return pieces  # an item's own amount tells it apart (money had or heard does not)
    if any(p.copies != 1 or p.exception or p.exceptions for p in pieces):
        return pieces
    groups: dict[str, list[Piece]] = {}
    last: str | None = None
    for piece, vs in zip(pieces, named, strict=True):
        last = vs[0] if vs else last
        if last is None:
            return pieces  # words before any kind: no item to join them to
        groups.setdefault(last, []).append(piece)
    out = []
    for group in groups.values():
        first = group[0]
        own, end = "", None
        for p in group:  # pieces cut at a kind's word ("省级科技企业|孵化器") join back
            part = p.own.strip("，,；; ") if p.span[0] != end else p.own
            own = (own + part) if p.span[0] == end or not own else (own + "，" + part)
            end = p.span[1]
        text = first.text.replace(first.own, own, 1) if first.own in first.text else first.text
        span = (min(p.span[0] for p in group), max(p.span[1] for p in group))
        out.append(Piece(first.rule, text, own, span, first.shared))
    return out


def _respective(t: Text, regions: list[tuple[int, int, str | None]]) -> list[Piece]:
    """ "技术转让和技术服务合同各一份，分别是300万和200万": one clause holds a figure per measure
    named, in order, and no measure has a figure of its own; the k-th is the k-th measure's."""
    bounds = [0] + [m.end() for m in _STRONG.finditer(t.s)] + [len(t.s)]
    for a, b in itertools.pairwise(bounds):
        word = _rx("respectively").search(t.s, a, b)
        figures = _figures(t, a, b) if word else []
        if len(figures) != len(regions) or len(_figures(t, 0, len(t.s))) != len(figures):
            continue
        if word.start() < regions[-1][0]:
            continue  # "两项专利…分别是260万和310万。…硕士…": said before the last measure is named
        cut = (word.start(), figures[-1].end)  # "分别是300万和200万" leaves every region
        pieces = []
        for (start, end, rule), n in zip(regions, figures, strict=True):
            before = t.s[start : max(start, min(cut[0], end))].rstrip("和与及、，, ")
            after = t.s[min(max(cut[1], start), end) : end]
            own = before + n.raw + after  # "专利许可合同" + "200万"
            pieces.append(Piece(rule, own, own, (start, end)))
        return pieces
    return []


def _share_across_regions(
    t: Text, u: Understanding, regions: list[tuple[int, int, str | None]], pieces: list[Piece]
) -> None:
    """Several measures in one message: the lead-in before the first measure's word ("我们学院
    对谷内企业…") and closing clauses said of all ("，都认定登记了") belong to every measure."""
    positions = [pos for pos, _tp in _topic_positions(t, u)]
    first = min(positions) if positions else regions[0][0]
    lead = t.s[regions[0][0] : _strong_left(t, first, regions[0][0])]
    lead = lead or t.s[regions[0][0] : _enumerator_or(t, first, regions[0][0])]
    last_start, last_end, _rule = regions[-1]
    tail = [
        c
        for c in _STRONG.split(t.s[last_start:last_end])[1:]
        if c.strip() and _rx("shared").search(c)
    ]
    for piece in pieces:
        add_lead = lead and not piece.text.startswith(lead)
        add_tail = [c for c in tail if c not in piece.text]
        piece.text = (lead if add_lead else "") + piece.text
        if add_tail:
            piece.text = piece.text.rstrip("，,") + "，" + "，".join(add_tail)


def _enumerator_or(t: Text, pos: int, floor: int) -> int:
    """Where the words before a measure's first word stop being a lead-in: at an enumerator
    ("我们学院对谷内企业一份技术转让合同"), else at the word itself."""
    hits = [a for a, _b in _enumerators(t, floor, pos)]
    return hits[0] if hits else pos


_NEUTRAL = ("amount_yuan", "level", "previous_level", "years", "count")


def understand_items(
    u: Understanding, today: date | None = None
) -> list[tuple[Piece, Understanding]]:
    """Each piece and what it says, read with the whole message's speaker.

    A piece is read twice: with the shared words (so labels and topics said once count for
    every item) and alone (so what this item says of itself wins over the lead-in: in
    "牵头一个省级项目…、参与一个国家项目…" the second item is 参与 though 牵头 comes first).
    Each text is understood once per message (:class:`_Reads`): the shared clauses recur in
    every piece's words.
    """
    token = _THIS_YEAR.set(today.year if today else None)
    speaker = _SPEAKER.set(u.applicant)
    try:
        pieces = split(u)
    finally:
        _THIS_YEAR.reset(token)
        _SPEAKER.reset(speaker)
    if len(pieces) == 1 and pieces[0].copies == 1:
        return [(pieces[0], u)]
    pieces = [_with_object(p, pieces) for p in pieces]
    reads = _Reads(today)
    out = []
    paid_this_year: dict[str | None, Decimal] = {}
    for k, piece in enumerate(pieces):
        # The piece's own reading is changed below, so it is never one handed out before.
        pu = understand(piece.text, today=today, applicant_hint=u.applicant)
        alone = reads(piece.own, u.applicant) if piece.own != piece.text else None
        if k > 0 and "event_date" in pu.facts and not _dated_for_all(piece, reads, alone or pu):
            del pu.facts["event_date"]  # the first item's own date is not this item's
        if piece.rule and piece.rule not in pu.topics:
            pu.topics.insert(0, piece.rule)
        if alone is not None and "event_date" in alone.facts:
            # "我们银行去年…1.2个亿，今年…5000万。去年和今年分别…": an item's own date wins over
            # one the shared words (the question) carry.
            pu.facts["event_date"] = alone.facts["event_date"]
        if alone is not None:
            for name, value in alone.facts.items():
                if name in _NEUTRAL or name.endswith("_yuan") or name == "event_date":
                    continue
                if name.endswith("_count") and name in pu.facts:
                    continue  # "博士交了社保" alone is one 博士; with the lead-in, "两个博士"
                pu.facts[name] = value
            if "level" in alone.facts and piece.rule:
                fields = RULES[piece.rule].facts
                for target in ("project_level", "carrier_level"):
                    if target in fields:
                        pu.facts[target] = alone.facts["level"]
        if _paid_only(alone or pu) and k == 0 and (len(pieces) > 2 or _earlier(alone or pu, today)):
            continue  # "去年受让了一项专利，已经拿到了10万…今年又签了两个，一个300万…"
        if len(pieces) > 1 and (paid := _paid_in_own_words(alone or pu)) is not None:
            # "一项专利，交易额350万…这个合同已经批了7万奖励。又签了…250万": that item is
            # paid; what it got this year counts against the others' yearly cap.
            if paid:
                paid_this_year[piece.rule] = paid_this_year.get(piece.rule, Decimal(0)) + paid
            continue
        for _ in range(piece.copies):
            out.append((piece, pu))
    for piece, pu in out:
        if piece.rule in paid_this_year:
            pu.facts.setdefault(_RECEIVED_THIS_YEAR, paid_this_year[piece.rule])
    return _labelled_figures(out)


_RECEIVED_THIS_YEAR = "received_this_year_yuan"


def _paid_in_own_words(read: Understanding) -> Decimal | None:
    """What an item says it already got for itself, in the sentence of its own sum ("交易额
    350万…这个合同已经批了7万奖励", "国拨1600万，去年已经拿到了奖励80万"): that item is paid,
    not open again; what it got this year (0 for an earlier year) counts against the others'
    yearly cap."""
    figures = [f for f in read.figures if f.mention.kind == "money"]
    for base, got in itertools.pairwise(figures):
        between = read.text[base.mention.end : got.mention.start]
        if base.role == "base" and got.role == "received" and not re.search(r"[。！!？?]", between):
            return Decimal(read.facts.get(_RECEIVED_THIS_YEAR) or 0)
    return None


def _earlier(read: Understanding, today: date | None) -> bool:
    """The item is dated in a year before ``today``'s ("去年被认定为省级众创空间，已经拿到了10万"):
    paid then, it shares no cap with this year's items."""
    when = read.facts.get("event_date")
    return today is not None and when is not None and when.year < today.year


def _paid_only(read: Understanding) -> bool:
    """An item told only by the award it already got ("去年受让了一项专利，已经按政策拿到了
    10万的奖励"), before items counted with figures of their own, is paid, not open: no sum
    of its own, and every money figure it says is money received."""
    money = [f for f in read.figures if f.mention.kind == "money"]
    own_sum = any(k.endswith("_yuan") and not k.startswith("received") for k in read.facts)
    return bool(money) and not own_sum and all(f.role == "received" for f in money)


# Between a kind's name and the figure it labels: its label words, no clause break.
_LABEL_GAP = re.compile(r"[^，。,；;？?！!、\d]{0,8}$")


def _labelled_figures(
    items: list[tuple[Piece, Understanding]],
) -> list[tuple[Piece, Understanding]]:
    """ "概念验证中心服务性收入三百万，中试基地服务性收入五百万": items told apart by their
    kind, with their figures said together, each take the one figure their own kind's name
    labels (else every item reads the first)."""
    enums = lexicon().enum_facts
    for name, (_scope, values) in enums.items():
        kinds = {pu.facts.get(name) for _p, pu in items}
        if None in kinds or len(kinds) < 2:
            continue
        patterns = dict(values)
        for piece, pu in items:
            money = [
                k
                for k in pu.facts
                if k.endswith("_yuan") and not k.startswith(("received", "other"))
            ]
            own = patterns.get(pu.facts[name])
            if len(money) != 1 or own is None:
                continue
            labelled = {
                n.value
                for n in find_numbers(piece.text)
                if n.kind == "money"
                and any(
                    _LABEL_GAP.match(piece.text[m.end() : n.start])
                    for m in own.finditer(piece.text, 0, n.start)
                )
            }
            # "概念验证中心去年总收入520万，其中服务性收入380万": the figure the kind's name
            # labels may be a whole; the amount its sentence goes on to read is the kind's.
            bases = [
                f.mention for f in pu.figures if f.role == "base" and f.mention.kind == "money"
            ]
            others = [rx for v, rx in values if v != pu.facts[name]]
            read = {
                n.value
                for m in own.finditer(piece.text)
                if (n := next((b for b in bases if b.start >= m.end()), None))
                and not re.search(r"[。；;！!？?]", piece.text[m.end() : n.start])
                and not any(rx.search(piece.text, m.end(), n.start) for rx in others)
            }
            if len(read) == 1 and not labelled & read:
                labelled = read
            if len(labelled) == 1:
                pu.facts[money[0]] = labelled.pop()
    return items


class _Reads:
    """What :func:`understand` reads in each text of one message, read once: the readings
    are only looked at, never changed (a reading to change is understood afresh)."""

    def __init__(self, today: date | None) -> None:
        self.today = today
        self._seen: dict[tuple[str, str | None], Understanding] = {}

    def __call__(self, text: str, applicant_hint: str | None = None) -> Understanding:
        key = (text, applicant_hint)
        if (found := self._seen.get(key)) is None:
            found = understand(text, today=self.today, applicant_hint=applicant_hint)
            self._seen[key] = found
        return found


def _dated_for_all(piece: Piece, reads: _Reads, own: Understanding) -> bool:
    """Whether the date a later item's words carry is its own or said of all items: in its
    own words (``own``, their reading: a date is read the same whoever speaks), or in a clause
    that counts the items or says 都 ("今年签了两份合同", "都是2025年验收的"). A date in the
    words before the first item's figure ("牵头的省级项目2025年已经通过验收，省拨600万；另外
    参与了一个…") is that first item's only."""
    if "event_date" in own.facts:
        return True
    for clause in _STRONG.split(piece.text):
        for_all = _rx("shared").search(clause) or _rx("count_words").search(clause)
        if for_all and "event_date" in reads(clause).facts:
            return True
    return False


_SHORT_ITEM = 8  # an item this short may leave out what its sibling said ("一名没交")


def _with_object(piece: Piece, pieces: list[Piece]) -> Piece:
    """ "两名交了社保，一名没交": a negated verb whose object a sibling item said is read with it
    ("一名没交" → "一名没交社保"), so the condition stays with the item that fails it."""
    m = _rx("elided_object").search(piece.own)
    if not m:
        return piece
    left = max((b.end() for b in _STRONG.finditer(piece.own, 0, m.start())), default=0)
    if m.end() - left > _SHORT_ITEM:  # the verb's own clause is short: "一名没交"
        return piece
    verb = m["verb"]
    for other in pieces:
        if other is piece:
            continue
        if found := re.search(
            re.escape(verb) + r"了?(?P<obj>(?![了过没未不])[^，。；,;\s]{1,6})", other.own
        ):
            own = piece.own[: m.end()] + found["obj"] + piece.own[m.end() :]
            return replace(piece, own=own, text=piece.text.replace(piece.own, own))
    return piece


__all__ = ["Piece", "split", "understand_items"]
_ = Decimal  # figures are Decimal throughout
