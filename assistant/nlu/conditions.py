"""Conditions said, denied or asked: two-valued facts, places, levels, enumerated values.

A condition heard wrongly decides an award on its own (a project led or not, a platform in the
valley or not), so each reader here records a value only where its cue is the speaker's own and
not asked, denied or said of another party; a denied two-valued fact is the other value.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from assistant.nlu import roles
from assistant.nlu.context import (
    Text,
    asked,
    is_counterparty,
    matches,
    negated,
    party,
    party_window,
    polarity,
    said_not,
    said_of_then,
)
from assistant.nlu.lexicon import Lexicon, Slot, lexicon
from assistant.nlu.numbers import NumberMention, find_numbers
from calculators.registry import RULES
from corpus import yamlfile
from corpus.parameters import get as get_parameter

SCOPE_PATH = Path(__file__).with_name("scope.yaml")  # the places other than 晋中


POLICY_START = get_parameter("validity_start").value  # the 附则's 施行 date


def doubted(name: str, text: str) -> str | None:
    """The words of ``text`` around a cue of two-valued fact ``name`` (not asked about) with a
    word of denial, delay or part in them ("备案材料还在准备", "任务只完成了七成"), or None.
    Such a condition, when no value was read from it, is doubt, not silence: the reply gate
    asks it instead of assuming it met. A cue said plainly ("证书已拿") is the condition
    stated; its default stands."""
    lex = lexicon()
    spec = next((s for s in lex.bool_facts if s.name == name), None)
    if spec is None:
        return None
    t = Text(text)
    for m in matches(spec.cues, t.s):
        if asked(t, m.start(), m.end(), lex):
            continue
        before, after = t.before(m.start(), 4), t.after(m.end(), 14)
        if lex.polarity["supposing_before"].search(t.before(m.start(), 12)) or lex.polarity[
            "doubt_asked_after"
        ].search(after):
            continue  # "协议任务没完成的话还能拿吗": a supposition or a question, not a statement
        if lex.polarity["doubt_before"].search(before) or lex.polarity["doubt"].search(after):
            return (before + m.group() + after).strip("，,。；; ")
    return None


def bool_facts(t: Text, lex: Lexicon) -> dict[str, bool]:
    facts: dict[str, bool] = {}
    concluded: dict[str, bool] = {}
    for spec in lex.bool_facts:
        for m in matches(spec.cues, t.s):
            if spec.self_only and (
                is_counterparty(t, m.start(), lex)
                or _OTHER_SUBJECT.search(t.sentence_before(m.start()))
                or re.search(lex.raw["holder_before"], t.before(m.start(), 10))
            ):
                continue  # "对方企业在省外，不在谷内": said of the other party
            value = polarity(t, m, spec, lex)
            if value is not None:
                facts[spec.name] = value  # the last statement wins: "不对，已经验收了"
                if lex.polarity["concluded_before"].search(t.before(m.start(), 10)):
                    concluded[spec.name] = value  # "…等于还是我自己出的"
        # A field outside the fact's own ("做光伏的孵化器"), with none of its own cues said.
        if spec.outside and spec.name not in facts and matches(spec.outside, t.s):
            facts[spec.name] = False
        if spec.field_frame and spec.name not in facts:
            for m in spec.field_frame.finditer(t.s):
                field = re.sub(
                    r"^(做|搞|孵化|服务|培育|扶持|的|些)+",
                    "",
                    next((v for k, v in m.groupdict().items() if k.startswith("field") and v), ""),
                )
                if len(field.strip()) >= 2 and not spec.cues.search(field):
                    facts[spec.name] = False  # "主要孵化餐饮外卖项目": a field outside
    spans: dict[str, list[re.Match[str]]] = {}
    # Facts of the speaker's own place: said of a holder ("集团总部不在谷里"), not the matter's.
    own = {spec.name for spec in lex.bool_facts if spec.self_only}
    for name, by_value in lex.phrase_facts.items():
        for value in (True, False):
            rx = by_value.get(value)
            if rx is None:
                continue
            found = [
                m
                for m in matches(rx, t.s)
                if not asked(t, m.start(), m.end(), lex)
                and not lex.polarity["supposed_before"].search(t.before(m.start(), 12))
                and not (
                    name in own and re.search(lex.raw["holder_before"], t.before(m.start(), 10))
                )
                # "上次窗口说要等验收结果": a "not yet" of an earlier time says nothing of now
                and not (value is False and said_of_then(t, m.start(), lex))
            ]
            if found:
                # "不是单位出的钱，是我自己掏的": a phrase denied says the other value.
                denied = all(_DENIED.search(t.before(m.start(), 4)) for m in found)
                facts[name] = (not value) if denied else value
                spans[name] = found
    said = _place_pattern("speaker_place").search(t.s)  # one list of places: scope.yaml's
    if said is None and re.search(lex.raw["relayed_ask"], t.s):
        # "帮一个客户问：他们的孵化器在长治高新区": the party relayed is who asks
        said = _place_pattern("relayed_place").search(t.s)
    if said and not _OTHER_SUBJECT.search(t.sentence_before(said.start()) + said.group()):
        facts["in_valley"] = False  # "我们公司在运城": a place other than 晋中 is outside
    employer = _place_pattern("employer_place").search(t.s)
    # … unless the speaker's own employer is in the valley and the place is another person's
    # ("我入职谷内一家企业…我对象在太原的一家企业上班"; a parent asking for a child keeps it).
    theirs = employer and _THIRD_PERSON.search(t.s, max(0, employer.start() - 16), employer.start())
    if employer and not (theirs and facts.get("in_valley") is True):
        facts["in_valley"] = False  # "要是去太原高新区的企业呢": the employer is outside
    if _place_pattern("counterparty_place").search(t.s):
        facts["counterparty_in_valley"] = False
    for winner, losers in lex.raw.get("phrase_overrides", {}).items():
        for loser in losers:
            if loser in spans and all(_OTHER_SUBJECT.match(m.group()) for m in spans[loser]):
                facts.pop(winner, None)  # "对方企业…不在谷内": the other party's place
                continue
            if (
                winner in spans
                and loser in spans
                and all(
                    any(w.start() < m.end() and m.start() < w.end() for w in spans[winner])
                    for m in spans[loser]
                )
            ):
                facts.pop(loser, None)
    return facts | concluded


def supposed_facts(t: Text, lex: Lexicon) -> set[str]:
    """Conditions the question supposes met ("要是搬过来了、项目也顺利验收了，到时候能拿多少"):
    a cue said as done inside a supposition. The case asked about is the supposed one, so these
    hold over what the message says of today ("明年验收"), and are said back."""
    out: set[str] = set()
    if not _SUPPOSING.search(t.s):
        return out  # the common case, without a reading per cue
    for spec in lex.bool_facts:
        for m in matches(spec.cues, t.s):
            if (
                lex.polarity["supposing_before"].search(t.sentence_before(m.start(), 18))
                and _DONE_AFTER.match(t.after(m.end(), 8))
                and polarity(t, m, spec, lex) is True
            ):
                out.add(spec.name)
    return out


# A word of supposition anywhere (supposing_before reads where it stands).
_SUPPOSING = re.compile(r"如果|要是|假如|假设|若是|倘若|万一|(?i:\bif\b|\bsuppos)")


# The cue said as done: "验收了", "验收通过", "认定下来".
_DONE_AFTER = re.compile(r"[^，。,；;？?！!、]{0,6}(了|过|通过|下来)")


_PRICED = re.compile(r"\s*(是|给|奖|补)?\s*[\d一二两三四五六七八九十百]+(\.\d+)?\s*万")


# Another person whose employer a place is said of ("我对象是博士，在太原的一家企业上班").
_THIRD_PERSON = re.compile(
    r"(他|她|对象|爱人|老婆|老公|媳妇|丈夫|妻子|同学|朋友|同事|师弟|师妹|师兄|师姐)[^。；;？?！!]{0,12}$"
)


_DENIED = re.compile(r"(不是|并不是|并非|而不是|倒不是)$")


# A sentence whose subject is the other party ("对方企业在省外，不在谷内").
_OTHER_SUBJECT = re.compile(
    r"^\s*(哦|噢|对了|另外|而且)?[，,\s]*(对方|人家|合作方|这家|那家|该(企业|公司))"
    # "900万那份的企业不在谷里": the company of one contract told
    r"|(那|这)(一)?(份|个|笔)(合同)?(的|里的|对应的)(企业|公司)[^，。,；;]{0,6}$"
)


@cache
def _place_pattern(name: str) -> re.Pattern[str]:
    """A lexicon pattern with scope.yaml's list of places other than 晋中 in it."""
    scope = yamlfile.read(SCOPE_PATH)
    return re.compile(lexicon().raw[name].replace("{places}", scope["other_place"]["places"]))


def place_doubted(text: str) -> str | None:
    """The clause in which the speaker places itself somewhere other than 晋中 in words the
    readers of ``in_valley`` do not take ("我们这个机构一直扎根太原"), or None. Places that name a
    school, a counterparty, where someone studied or came from, or a move to come, are not the
    speaker's place."""
    t = Text(text)
    if _place_pattern("entry_supposed").search(t.s):
        return None  # "打算搬到晋创谷来…搬过来以后": answered as after entering, said back
    for m in _place_pattern("place_of_self").finditer(t.s):
        left, right = t.bounds(m.start(), m.end())
        if _place_pattern("place_not_self").search(t.s, left, right):
            continue
        return t.s[left:right].strip("，,。；; ")
    return None


def enum_facts(t: Text, lex: Lexicon) -> tuple[dict[str, str], set[str]]:
    """The earliest non-negated value of each enum; a ``weak`` cue counts only when no
    ordinary cue of that fact is there ("新设立的院士工作站每年给多少" is new: 每年 is weak).
    Also the enums only a weak cue speaks of ("那每年给多少"): a value told before in the
    conversation outweighs them (assistant.dialogue.tracker)."""
    facts: dict[str, str] = {}
    weak: set[str] = set()
    for name, (_scope, values) in lex.enum_facts.items():
        heard = False  # an ordinary cue of this fact, negated or not
        for candidates in (values, lex.enum_weak.get(name, [])):
            hits = [(m, value) for value, rx in candidates for m in matches(rx, t.s)]
            if candidates is values:
                heard = bool(hits)
            elif hits and not heard:
                weak.add(name)  # only a weak cue speaks of it
            joined = (
                _coordinated(t, hits)
                if lex.raw["enum_facts"][name].get("side_by_side_names_none")
                else set()
            )
            said = sorted(
                (m.start(), value)
                for m, value in hits
                if m.start() not in joined
                and not negated(t, m, lex, name)
                # "牵头单位说…": a role word naming another party is not the speaker's role.
                and not (name in lex.raw["other_subject_facts"] and _role_of_another(t, m, lex))
            )
            # "已经拿了技术开发这块的补助20万，又有一份技术转让合同": the kind of an award had
            # is the earlier matter's, not this one's (unless it is the only kind said).
            several = len({v for _p, v in said}) > 1  # only then can one be another's
            own = [(pos, v) for pos, v in said if not (several and in_money_had(t, pos, lex))]
            if name in (lex.raw.get("other_subject_facts") or []):
                # "一家牵头两家参与，我们是其中一家参与单位": the speaker's own role wins.
                mine = [(p, v) for p, v in own if party(party_window(t, p), lex) == "self"]
                own = mine or own
            if lex.raw["enum_facts"][name].get("asked_wins") and several:
                asked = [(p, v) for p, v in own if _ASKING.search(t.s[slice(*t.bounds(p, p))])]
                if len({v for _p, v in asked}) == 1:
                    own = asked
            if len({v for _p, v in own}) > 1 and _set_right(t, own, lex):
                own = own[-1:]  # "老板说是牵头的，可任务书上…我们是合作单位": the later wins
            if best := (own or said):
                facts[name] = best[0][1]
                break
    return facts, weak


def _set_right(t: Text, own: list[tuple[int, str]], lex: Lexicon) -> bool:
    """A word of contrast or correction stands between the first value said and the last
    ("…说是牵头的，可我翻了任务书…我们是合作单位"): the last is the fact, the first what was
    believed."""
    first, last = own[0][0], own[-1][0]
    return bool(re.search(lex.raw["value_set_right_between"], t.s[first:last]))


_ASKING = re.compile(r"[？?]|吗|多少|能拿|能给|能领|能不能")


_JOINER = re.compile(r"\s*(和|与|及|或|或者|还是|跟|、|/)?\s*")


def _coordinated(t: Text, hits: list[tuple[re.Match[str], str]]) -> set[int]:
    """The starts of values said side by side with another value of the same fact ("牵头参与
    都一样按5%", "牵头还是参与"): together they name neither."""
    out: set[int] = set()
    for m, v in hits:
        for o, w in hits:
            if v != w and o.start() >= m.end() and _JOINER.fullmatch(t.s[m.end() : o.start()]):
                out |= {m.start(), o.start()}
    return out


def other_partys_role(t: Text, m: re.Match[str], lex: Lexicon) -> bool:
    """ "牵头单位说…", "参与方", "牵头的是谷里另一家企业": a role word naming another party, unless
    the speaker says it is that party ("我们是牵头单位"). Items and facts read one party the
    same way: a role another holds is neither an item nor the speaker's role."""
    words = lex.raw["items"]
    return bool(
        re.match(words["party_role_after"], t.s[m.end() :])
        and not re.search(words["self_is_before"], t.before(m.start(), 8))
    ) or _role_of_another(t, m, lex)


def _role_of_another(t: Text, m: re.Match[str], lex: Lexicon) -> bool:
    """ "牵头单位说我们出力大", "牵头的是山西农大": the role word names who holds it after it, so
    it is not the speaker's role (a bare "参与单位，国家重点研发项目…" still is)."""
    rest = t.s[m.start() :]
    word = re.match(r"牵头|参与|主持|承担|协作|合作|配合", rest)
    return bool(
        word
        and re.match(lex.raw["role_of_party_after"], rest[word.end() :])
        and not re.search(lex.raw["role_is_speaker_before"], t.before(m.start(), 12))
    )


def in_money_had(t: Text, pos: int, lex: Lexicon) -> bool:
    """The clause at ``pos`` tells of money already had, under this measure or another."""
    left, right = t.bounds(pos, pos)
    clause = t.s[left:right]
    had = had_slot(clause, lex) is not None
    return had and any(n.kind == "money" for n in find_numbers(clause))


def had_slot(words: str, lex: Lexicon) -> Slot | None:
    """The label of money already had that ``words`` say: another policy's grant before what
    was received under this measure."""
    by_name = {s.name: s for s in lex.slots}
    return next(
        (by_name[h] for h in ("other_policy", "received") if matches(by_name[h].cues, words)), None
    )


def _two_values(name: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The two values of a fact declared with exactly two options (corpus/facts.yaml), each
    with its Chinese name; None for any other fact."""
    rule = next((r for r in RULES.values() if name in r.facts), None)
    if rule is None:
        return None
    fact = rule.fact(name)
    if len(fact.options) != 2:
        return None
    return tuple(zip(fact.options, fact.option_names, strict=True))  # type: ignore[return-value]


def other_value(t: Text, lex: Lexicon, said: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """A two-valued fact said only negated is its other value, said back: "项目不是我们牵头"
    is 参与, so 牵头/参与 is never asked again."""
    out: dict[str, str] = {}
    heard: list[str] = []
    template = lex.raw.get("negated_said_back", "")
    for name, (_scope, values) in lex.enum_facts.items():
        if name in said or (pair := _two_values(name)) is None:
            continue
        denied = {
            value
            for value, rx in values
            for m in matches(rx, t.s)
            if lex.polarity["negative_before"].search(t.before(m.start(), 3))
            or negated(t, m, lex, name)
        }
        if len(denied) != 1:
            continue
        no = denied.pop()
        (a, a_name), (b, b_name) = pair
        if no not in (a, b):
            continue
        out[name] = b if no == a else a
        if template:
            heard.append(
                template.format(no=a_name if no == a else b_name, yes=b_name if no == a else a_name)
            )
    return out, heard


def settle_station_stage(facts: dict[str, Any], lex: Lexicon) -> None:
    """A station said to be 新设 but running for ``new_until_years`` or more is running
    ("新建的博士后工作站，运行两年了"); 新设 with a shorter or no running time stays new."""
    limit = lex.raw["enum_facts"]["station_stage"].get("new_until_years")
    years = facts.get("years_running")
    stated = limit is not None and years is not None
    if facts.get("station_stage") == "new" and stated and years >= Decimal(str(limit)):
        facts["station_stage"] = "running"


def year_before_the_policy(numbers: list[NumberMention]) -> int | None:
    """A year of a recognition said that is before the 附则's 施行 date ("18年认定的",
    "2019年评上省级"), or None; "2019年成立" dates something else."""
    years = [
        int(n.value)
        for n in numbers
        if n.kind == "year"
        and n.value < POLICY_START.year
        and _RECOGNISED.search(n.before[-4:] + n.after[:6])
    ]
    return years[0] if years else None


_RECOGNISED = re.compile("认定|备案|评上|评为|获批|挂牌|省级|国家级")


def _level_of_another_thing(t: Text, end: int, topics: list[str], lex: Lexicon) -> bool:
    """The level is said of a thing the measure does not read ("市级创业孵化基地")."""
    own = [lex.raw["level_objects"][tp] for tp in topics if tp in lex.raw["level_objects"]]
    if len(own) != 1:
        return False
    after = t.after(end, 12)
    if re.match(rf"[^，。,；;、]{{0,8}}?({own[0]})", after):
        return False  # "省级科技企业孵化器"
    return bool(re.match(rf"[^，。,；;、]{{0,6}}?({lex.raw['level_other_objects']})", after))


def read_levels(t: Text, topics: list[str], lex: Lexicon) -> dict[str, str]:
    current: str | None = None
    previous: str | None = None
    # "不是省级的，是国家级": a level said negated is not the matter's; "之前没认定过省级"
    # names no level held before.
    never = lex.polarity["not_before_now"]
    mentions = sorted(
        (m.start(), m.end(), v)
        for v, rx in lex.levels
        for m in matches(rx, t.s)
        if not said_not(t, m.start(), lex)
        and not lex.polarity["short_of_after"].match(t.s[m.end() : m.end() + 16])
        and not never.search(t.before(m.start(), 12))
        and not re.search(lex.raw["level_not_sought_before"], t.before(m.start(), 10))
        and not _level_of_another_thing(t, m.end(), topics, lex)
    )
    # "网上说省级10万国家级20万": levels each followed by a sum are the text's schedule quoted,
    # not levels this carrier or project holds.
    priced = [x for x in mentions if _PRICED.match(t.s, x[1])]
    if len(priced) >= 2:
        mentions = [x for x in mentions if x not in priced]
    upgraded = next(
        (v for s, _e, v in mentions if lex.upgraded_to_before.search(t.s[max(0, s - 6) : s])),
        None,
    )
    # "市级和省级都认定了": levels held together by one thing; the highest is its level.
    held = [
        (a, b)
        for a, b in itertools.pairwise(mentions)
        if re.fullmatch(r"\s*(和|与|、|跟|及|以及)\s*", t.s[a[1] : b[0]])
        and re.match(r"(的)?(都|均|全)", t.s[b[1] :])
    ]
    if held and not upgraded:
        pair = {held[0][0][2], held[0][1][2]}
        top = next(v for v in _LEVEL_RANK if v in pair)
        mentions = [x for x in mentions if x[2] not in pair or x[2] == top]
    for start, end, value in mentions:
        before = t.s[max(0, start - 6) : start]
        after = t.s[end : end + 12]
        if upgraded and value != upgraded:
            previous = previous or value  # "认定省级时…今年升成国家级": 省级 was before
        elif lex.previous_before.search(before) or lex.previous_after.search(after):
            previous = previous or value
        elif current is None:
            current = value
    values = {v for _s, _e, v in mentions}
    if previous is None and len(values) == 2 and "major_project" not in topics:
        # "去年省级孵化器的30万已到账，今年被认定为国家级": the level of an earlier year is
        # the earlier level (only beside another: "去年认定省级" alone is the level).
        fr = roles.frames()
        clause = {s: t.s[t.bounds(s, s)[0] : s] for s, _e, _v in mentions}
        dated = {v for s, _e, v in mentions if fr["earlier_year_before"].search(clause[s])}
        # "2024年认定的省级，今年又认定国家级": the level of this year is the current one.
        now = {v for s, _e, v in mentions if _NOW.search(clause[s])}
        if len(dated) == 1 or (len(now) == 1 and not dated):
            previous = dated.pop() if dated else (values - now).pop()
            current = (values - {previous}).pop()
    if previous is None and current and "major_project" not in topics:
        previous = next(
            (v for v, rx in lex.previous_implied if v != current and rx.search(t.s)), None
        )
    out: dict[str, str] = {}
    if previous:
        out["previous_level"] = previous
    if current is None and "major_project" in topics:
        for value, rx in lex.level_from_funding:
            if rx.search(t.s):
                current = value
                break
    if current is None:
        return out
    target = next((lex.level_field[tp] for tp in topics if tp in lex.level_field), "level")
    if target == "carrier_level" and current in ("municipal", "county"):
        target = "level"  # no 市级 carrier in （九）; the engine says so
    out[target] = current
    return out


_LEVEL_RANK = ("national", "provincial", "municipal", "county")  # highest first


# Words before a level that say it is this year's: "今年又认定国家级", "这次升了".
_NOW = re.compile(r"(今年|本年|这次|这回|最近|刚刚?|又|再|升|现在|目前)[^，。,；;]{0,8}$")
