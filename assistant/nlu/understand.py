"""Read one Chinese message: intent, who is asking, typed facts, topics and clauses.

Deterministic and offline. The words live in ``lexicon.yaml`` (compiled by
:mod:`assistant.nlu.lexicon`); the clause-local readers (a cue said, denied or asked, and
whose it is) are :mod:`assistant.nlu.context`. This module holds the rest of the mechanisms:
nearest-cue assignment of amounts, topic resolution by speaker, and the reading as a whole.

Fact keys are the field names of :mod:`calculators.inputs` with the types those models
expect, plus four neutral keys the engine resolves against the conversation:

* ``amount_yuan`` — an amount with no context word ("三百万"): the field just asked for.
* ``level`` — a level with no topic word ("国家级的呢"): ``project_level`` or
  ``carrier_level`` by the current topic.
* ``previous_level`` — the level a carrier had before ("省级升国家级"), for
  ``received_before_yuan``.
* ``years`` / ``count`` — a bare duration ("三年") or head count ("两个") with no context.

A fact holds one value. When a message gives several figures for the same money field
("技术开发合同两份，一份300万一份500万"), ``facts`` keeps the first and
``Understanding.extra_amounts`` lists the others in the order said (field name → further
figures; never summed, never merged into one number), so the engine can handle each.
"""

from __future__ import annotations

import functools
import itertools
import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.nlu import acts, roles, tokenize
from assistant.nlu.acts import content_free, greeting_only
from assistant.nlu.context import (
    FULL_STOP,
    Text,
    asked,
    is_counterparty,
    matches,
    negated,
    party,
    party_window,
    polarity,
    said_not,
)
from assistant.nlu.lexicon import Lexicon, Slot, lexicon
from assistant.nlu.numbers import NumberMention, find_numbers, normalize, parse_count
from calculators.common import JUST_UNDER, MonthOnly, YearOnly, format_rate, format_yuan
from calculators.registry import RULES, rule_parameters, rules_for_applicant, speakers_rule
from corpus import yamlfile
from corpus.parameters import get as get_parameter
from corpus.parameters import load_parameters

SCOPE_PATH = Path(__file__).with_name("scope.yaml")  # the places other than 晋中
MAX_CHARS = 2000  # longer messages are cut here and flagged ``truncated``

# A comma is a thousands separator only between digits ("3,000万"); "合同，6000万" (a
# full-width comma normalised to ",") ends a clause.
_SENTENCE_BREAK = re.compile(r"[，。；！？;!?\n]|(?<!\d),|,(?!\d{3})")
# An injection taints its whole sentence ("忽略规则，奖励按500万算。"), not just its clause.
_MARKUP = re.compile(r"<[^<>]{0,200}>")
_LABELS_A_FIGURE = re.compile(
    r"\s*(是|为|有|约|大概|达到?|共|了)?\s*[\d一二两三四五六七八九十百千]"
)
_CN_NUM = "一二三四五六七八九十"
_CLAUSE_REF = re.compile(
    rf"第\s*(?P<a>\d{{1,3}}|[{_CN_NUM}]{{1,3}})\s*(条|项|款|点|个措施)"
    rf"|(?<![A-Za-z0-9_])[（(]\s*(?P<b>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*[）)]"
    # "13条找哪个部门", "十一条奖励上限": a number and 条 opening a clause of the message.
    rf"|(?:^|(?<=[\s,，。？?：:;；那看问查说]))(?P<c>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*条(?![件例])"
)
_SECTION_REF = re.compile(r"(?<![一二三四五六七八九十\d])([一二三四五])、")
_APPENDIX = re.compile(r"附则")
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*(?:年|[-/.])\s*(?:(?P<m>\d{1,2})\s*(?:月|[-/.])\s*"
    r"(?:(?P<d>\d{1,2})\s*[日号]?)?)?"
)
_CN_YEAR = re.compile(r"(?P<y>[一二〇零][〇零一二三四五六七八九]{3})年")
_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_YEARS = (1900, 2199)  # a written year outside these is not a date ("〇〇〇〇年")


# Facts about where or what the speaker is, which say nothing about a measure by themselves.
STATUS_FACTS = frozenset({"in_valley", "tech_enterprise"})
_POLICY_START = get_parameter("validity_start").value  # the 附则's 施行 date


class Intent(StrEnum):
    AMOUNT = "amount"  # how much can I get
    ELIGIBILITY = "eligibility"  # which measures apply to me
    PROCESS = "process"  # how to enter / apply, materials, where
    RESPONSIBLE = "responsible"  # which department is responsible
    VALIDITY = "validity"  # when valid, combining with other policies
    CLAUSE_TEXT = "clause_text"  # what does clause X say
    GREETING = "greeting"
    RESET = "reset"
    PROFILE = "profile"  # what do you know about me
    OUT_OF_SCOPE = "out_of_scope"
    UNKNOWN = "unknown"


class Flags(BaseModel):
    injection: bool = False  # the message tries to change the assistant's instructions
    truncated: bool = False  # only the first MAX_CHARS characters were read
    markup: bool = False  # HTML/script tags were present and ignored
    new_visitor: bool = False  # "下一位…": what was said before was about someone else
    what_if: bool = False  # "要是一千万呢" / "不对，是…": a figure replaces the current one
    total: bool = False  # "总共能拿多少": sum everything computable
    thanks: bool = False  # "谢谢" / "再见" on its own
    combining: bool = False  # asks whether support from two policies combines (附则)
    asks_which: bool = False  # "有哪些政策" asks for a list; "有法律上的支持吗" about one thing


class Understanding(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    text: str = ""
    intent: Intent = Intent.UNKNOWN
    applicant: str | None = None
    # The applicant was said as the speaker's own ("我们学校…"), not only named ("也是谷内企业
    # 的"): only then does it replace who a conversation already knows the speaker to be.
    applicant_own: bool = False
    facts: dict[str, Any] = Field(default_factory=dict)
    topics: list[str] = Field(default_factory=list)
    clauses: list[str] = Field(default_factory=list)  # "（三）", "附则"
    sections: list[str] = Field(default_factory=list)  # "三、": a section, not a measure
    problems: list[str] = Field(default_factory=list)
    flags: Flags = Field(default_factory=Flags)
    # Further figures for a money field already in ``facts`` ("一份300万一份500万": facts has
    # 300万, this has {"contract_amount_yuan": [500万]}), in the order said; a figure equal
    # to the one kept is a restatement and is not repeated here.
    extra_amounts: dict[str, list[Decimal]] = Field(default_factory=dict)
    # Approximate ranges ("六七千万"): fact → (low, high); ``facts`` holds the low end.
    ranges: dict[str, tuple[Decimal, Decimal]] = Field(default_factory=dict)
    # How an open wording was read, said back to the user ("「省里给了500万」按省拨项目经费
    # 理解…"), so a reading is never taken silently.
    readings: list[str] = Field(default_factory=list)
    # "一千多万", "五百来万": figures said as at least this much (fact → the floor).
    floors: dict[str, Decimal] = Field(default_factory=dict)
    # Every money or ratio figure with its one role (assistant.nlu.roles): the asker's own
    # estimate ("按5%是不是170万"), a quoted cap, a rate, a base …, in the order said.
    figures: list[roles.Figure] = Field(default_factory=list)
    # The degree the speaker says they hold ("我是海归博士"), its head-count field, read with or
    # without a measure: a conversation remembers it for a later "我能拿多少" about hiring.
    speaker_degree: str | None = None
    # The message names a degree of anyone ("公司还招了硕士"): hiring it speaks of is not
    # necessarily the speaker's.
    degree_named: bool = False
    # The message names a part of a measure that sets no figure ("知识产权质押贷款", "市本级
    # 专项"): retrieval's clause is answered from its text, not guessed as its calculated rule.
    part_named: bool = False
    # … which part it is ("（三）市本级专项"), a key of corpus/measures.yaml's parts.
    named_part: str | None = None
    # The words asking about the other party of a contract, by the speaker's rule ("企业那边又能
    # 奖多少" for a school's （五）): lexicon.yaml ``other_side``.
    other_side: dict[str, str] = Field(default_factory=dict)
    # Types the speaker says it runs or also does ("同时也做技术转移服务"): their measures are
    # the speaker's too, whatever type it names itself.
    runs: list[str] = Field(default_factory=list)
    # Kinds the speaker says it is not ("学校不是高校"): a measure only for them is not its.
    denied: list[str] = Field(default_factory=list)
    # Facts only a weak cue says ("那每年给多少" → a running station): what was told before wins.
    weak: list[str] = Field(default_factory=list)

    def speaker(self, known: str | None) -> str | None:
        """Who the speaker is, given who a conversation already knew: a type only named, not
        said as the speaker's own ("还有一份技术开发合同，也是谷内企业的" after "我们学校…"),
        does not replace the one known when the measures named are the known one's too."""
        if not self.applicant or self.applicant_own or known in (None, self.applicant):
            return self.applicant or known
        named = [t for t in self.topics if t in RULES]
        fits = all(speakers_rule(known, t) for t in named)  # none named: nothing against it
        return known if fits else self.applicant

    @property
    def estimates(self) -> list[roles.Figure]:
        """Figures the asker offered as their own result, to be answered."""
        return [f for f in self.figures if f.role == "estimate"]


# --------------------------------------------------------------------------- pieces


def _clean(message: str, lex: Lexicon) -> tuple[str, Flags]:
    flags = Flags()
    if len(message) > MAX_CHARS:
        message, flags.truncated = message[:MAX_CHARS], True
    if _MARKUP.search(message):
        flags.markup = True
        message = _MARKUP.sub(lambda m: " " * len(m.group()), message)
    text = tokenize.normalize(normalize(message))
    # "去年认定的省级 已经拿了10万 今年又评上国家级了": typed or dictated without punctuation,
    # a space between words is where a clause ends (same length: one comma, then the spaces).
    text = re.sub(lex.raw["space_break"], lambda m: "，" + m.group()[1:], text)
    if visitor := lex.new_visitor.match(text):
        flags.new_visitor = True
        text = " " * visitor.end() + text[visitor.end() :]
    flags.what_if = bool(lex.what_if.search(text))
    # "合同总额五百万", "一共两个项目": a total word before a figure labels it; only one that
    # labels no figure asks for a sum ("总共能拿多少").
    flags.total = any(not _LABELS_A_FIGURE.match(text, m.end()) for m in lex.total.finditer(text))
    flags.thanks = bool(lex.thanks.match(text))
    return text, flags


def blank_set_aside(text: str, lex: Lexicon) -> str:
    """``text`` with each sentence the asker sets aside ("这次先不问"), or that tells what
    another party got ("同事签的三年合同都拿到了"), blanked (same length).
    The words are found first and their sentence after, so a long text with no full stop is
    read once, not once per character."""
    for m in reversed(list(re.finditer(lex.raw["set_aside"], text))):
        left = max(text.rfind(c, 0, m.start()) for c in "。！!？?") + 1
        ends = [i for c in "。！!？?" if (i := text.find(c, m.end())) >= 0]
        right = min(ends) + 1 if ends else len(text)
        if text[right - 1 : right] in ("？", "?"):
            continue  # a question is not set aside ("…以后再说？")
        text = text[:left] + " " * (right - left) + text[right:]
    for m in reversed(list(re.finditer(lex.raw["others_got"], text))):
        ends = [i for c in "。！!？?" if (i := text.find(c, m.end())) >= 0]
        right = min(ends) + 1 if ends else len(text)
        if text[right - 1 : right] not in ("？", "?"):
            text = text[: m.start()] + " " * (right - m.start()) + text[right:]
    return text


def _mask_speaker(text: str, lex: Lexicon) -> str:
    """``text`` with each kind of person said of the speaker blanked (same length)."""
    for rx in (
        lex.raw["speaker_is"],
        lex.raw["speaker_like"],
        lex.raw["speakers_are"],
        lex.raw["speakers_team"],
    ):
        text = re.sub(
            rx,
            lambda m: (
                m[0][: m.start("who") - m.start()]
                + " " * len(m["who"])
                + m[0][m.end("who") - m.start() :]
            ),
            text,
        )
    return text


def _mask_person_roles(text: str, lex: Lexicon) -> str:
    """``text`` with the roles said of a person blanked (same length): "他…又是一个省级重点
    研发项目的技术负责人" names no project of the speaker's."""
    return re.sub(lex.raw["person_roles"], lambda m: " " * len(m[0]), text)


def _read_vague(unit: str, topics: list[str]) -> bool:
    """Whether a vague figure ("七八年", "七八个") is one a measure of the message reads, so it
    must be made exact: "在太原干了七八年了" is background no measure reads."""
    reads = {f for tp in topics if tp in RULES for f in RULES[tp].facts}
    if _VAGUE_DURATION.match(unit):
        return bool(reads & {"contract_years", "years_running"})
    if _VAGUE_COUNT.match(unit):
        return bool(reads & {"phd_count", "master_count"})
    return True


_FRAGMENT_CHARS = 20
_FREQUENCY_BEFORE = re.compile(r"(每|一)(个)?(周|星期|礼拜|月|年|季度)[^，。,；;\d]{0,4}$")
_VAGUE_DURATION = re.compile(r"\s*[多来余]?(年|个月|月|天|周)")
_VAGUE_COUNT = re.compile(r"\s*[多来余]?(名|个|位|人|家|项|件|次|份)")


def _pair_degrees(text: str, lex: Lexicon) -> dict[str, int]:
    """The head counts of the speaker and a partner said with them ("我和我爱人都是博士" is two
    博士; "我是博士她是硕士" one of each), or nothing when no partner is said."""
    if not re.search(lex.raw["speaker_pair"], text):
        return {}
    out: dict[str, int] = {}
    for m in re.finditer(lex.raw["pair_degree"], text):
        field = next((f for f, rx in lex.counts if rx.search(m["degree"])), None)
        if field:
            both = m["both"] == "都" or m["who"] in ("我们俩", "我俩", "咱俩")
            out[field] = out.get(field, 0) + (2 if both else 1)
    return out if sum(out.values()) <= 2 else {}


def _speaker_degree(text: str, lex: Lexicon) -> tuple[str, int] | None:
    """The head-count field of the degree the speaker says they hold ("我是博士毕业"), or a
    relative of theirs ("我闺女今年硕士毕业"), and how many hold it with them ("我和两个同学今年
    硕士毕业" is 3)."""
    kinds = (
        "speaker_is",
        "speaker_graduated",
        "speaker_studied",
        "speaker_terse",
        "speaker_is_en",
        "speaker_like",
        "relative_graduated",
        "relative_studied",
    )
    for m in (m for k in kinds for m in re.finditer(lex.raw[k], text)):
        # "我研究生毕业，硕士": a bare 研究生 names no degree; the next saying may name one.
        who = m["who"] or m.groupdict().get("who2") or ""
        field = next((f for f, rx in lex.counts if rx.search(who)), None)
        if field:
            plus = m.groupdict().get("plus")
            return field, ((parse_count(plus) or 0) if plus else 0) + 1
    return next(
        (
            (field, 1)
            for field, rx in lex.raw["speaker_degree_implied"].items()
            if re.search(rx, text)
        ),
        None,
    )


def _mask_injection(text: str, lex: Lexicon) -> tuple[str, bool]:
    """Blank each sentence that carries an injection, so "按500万算" is never a fact."""
    hits = matches(lex.injection, text)
    if not hits:
        return text, False
    chars = list(text)
    for m in hits:
        left = 0
        for b in FULL_STOP.finditer(text, 0, m.start()):
            left = b.end()
        nxt = FULL_STOP.search(text, m.end())
        right = nxt.start() if nxt else len(text)
        chars[left:right] = " " * (right - left)
    return "".join(chars), True


def _clauses(text: str) -> tuple[list[str], list[str], list[str]]:
    labels: list[str] = []
    problems: list[str] = []
    for m in _CLAUSE_REF.finditer(text):
        raw = m["a"] or m["b"] or m["c"]
        if m["c"] == "一" and text[max(0, m.start() - 1) : m.start()] in ("那", "这"):
            continue  # "技术经纪人培训资助那一条", "这一条原文": "that one", not （一）
        number = int(raw) if raw.isdigit() else _cn_int(raw)
        if number is None:
            continue
        if 1 <= number <= 14:
            label = f"（{_cn_label(number)}）"
            if label not in labels:
                labels.append(label)
        elif m["a"]:
            problems.append(
                f"政策只有（一）至（十四）共十四项措施和附则，没有「{m.group()}」，请确认一下条款。"
            )
    if _APPENDIX.search(text) and "附则" not in labels:
        labels.append("附则")
    sections = [f"{m[1]}、" for m in _SECTION_REF.finditer(text)]
    return labels, list(dict.fromkeys(sections)), problems


def _cn_int(s: str) -> int | None:
    digits = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
    if s == "十":
        return 10
    if len(s) == 1:
        return digits.get(s)
    if s.startswith("十") and len(s) == 2:
        return 10 + digits.get(s[1], 0) if s[1] in digits else None
    if len(s) in (2, 3) and s[1] == "十" and s[0] in digits:
        tail = digits.get(s[2]) if len(s) == 3 else 0
        return None if tail is None else digits[s[0]] * 10 + tail
    return None


def _cn_label(n: int) -> str:
    units = "一二三四五六七八九"
    if n <= 9:
        return units[n - 1]
    if n == 10:
        return "十"
    return "十" + units[n - 11]


def _applicant(
    t: Text, lex: Lexicon, among: frozenset[str] | None = None, denied: frozenset[str] = frozenset()
) -> str | None:
    """The speaker's type; with ``among``, only those types are candidates; ``denied``: the
    types it says it is not (:func:`denied_types`)."""
    mentions = _type_mentions(t.s)
    hits = [
        (start, end, name)
        for start, end, name in mentions
        if (among is None or name in among)
        and not _not_the_speaker(t, start)
        and not re.match(lex.raw["with_us_after"], t.s[end:])
        and not re.search(lex.raw["goes_to_before"], t.before(start, 14))
        and not re.match(lex.raw["studies_at_after"], t.s[end:])
    ]
    # "学校不是高校，也不是科研院所，就是一所中职": a type the speaker says it is not is
    # none of its names.
    hits = [h for h in hits if h[2] not in denied]
    # A shorter hit inside a longer one is part of that name: 企业 in 科技企业孵化器.
    hits = [
        h
        for h in hits
        if not any(o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0]) for o in hits)
    ]
    # "一所高校的技术转移中心": an office of the organisation named right before it is that
    # organisation ("一所高校" alone reads as a counterparty; with its office, it speaks).
    offices = lex.raw.get("office_of", {})
    owners = [
        (start, end, name)
        for start, end, name in mentions
        if any(name in owned for owned in offices.values())
    ]
    for h in list(hits):
        owner = next((o for o in owners if _office_of(t, o, h, offices)), None)
        if owner is not None:  # the two names are one speaker: the owner, over both spans
            hits = [x for x in hits if x not in (h, owner)] + [(owner[0], h[1], owner[2])]
    # "技术转移机构的技术经纪人": the noun after 的 is who it is; the one before, whose.
    of_whom = [h for h in hits if any(o[0] - h[1] == 1 and t.s[h[1]] == "的" for o in hits)]
    hits = [h for h in hits if h not in of_whom] or hits
    # "在谷里一家公司做技术经纪": where the speaker works, when what they do is named too.
    # "我在谷里一家企业上班": a person says where they work; the workplace is not who speaks.
    at_work = [h for h in hits if _WORKPLACE.search(t.before(h[0], 10))]
    mine = [h for h in at_work if (w := _WORKPLACE.search(t.before(h[0], 10))) and w[1]]
    if at_work and (len(at_work) < len(hits) or len(mine) == len(hits)):
        hits = [h for h in hits if h not in at_work]
    # "我们公司说白了就是个中介": what the generic name is said to be is the speaker's type.
    said_to_be = [
        g
        for g in hits
        if g[2] in _GENERIC_TYPES
        and any(h[0] > g[1] and _SAID_TO_BE.fullmatch(t.s[g[1] : h[0]]) for h in hits)
    ]
    if said_to_be:  # every later "我们这种公司" is that same speaker
        hits = [h for h in hits if h[2] not in _GENERIC_TYPES] or hits
    # "从中北大学受让专利…另一份是山西中医药大学的专利许可": a kind the speaker acquires from
    # is the other party wherever it is named.
    acquired = [m.span() for m in re.finditer(lex.raw["acquires_from"], t.s)]
    source = {
        name for start, end, name in mentions if any(a <= start and end <= b for a, b in acquired)
    }
    neutral = None
    for start, end, name in sorted(hits):
        whose = party(party_window(t, start), lex)
        if name in source and whose == "neutral":
            continue
        if re.search(lex.raw["relayed_before"], t.before(start, 30)) and re.match(
            lex.raw["relayed_after"], t.s[end:]
        ):
            whose = "self"  # "有个…中介公司，就在谷里，问有没有奖励": the visitor relayed
        if whose == "self":
            return name
        if neutral is None and whose == "neutral":
            neutral = name
    return neutral


def denied_types(t: Text, lex: Lexicon) -> set[str]:
    """The kinds of applicant the speaker says it is not ("学校不是高校，也不是科研院所")."""
    return {
        name for start, _end, name in _type_mentions(t.s) if _DENIED_TYPE.search(t.before(start, 8))
    }


@functools.lru_cache(maxsize=256)
def _type_mentions(s: str) -> tuple[tuple[int, int, str], ...]:
    """Every name of a kind of applicant in ``s`` (start, end, kind), in the lexicon's order:
    matched once per message, read by who speaks, whom it denies being and whom it acquires
    from."""
    return tuple(
        (m.start(), m.end(), name) for name, rx in lexicon().applicants for m in matches(rx, s)
    )


def _office_of(
    t: Text, owner: tuple[int, int, str], office: tuple[int, int, str], offices: dict
) -> bool:
    """``office`` is named right after ``owner`` as part of it ("高校的技术转移中心"), or in
    English right before it ("the tech transfer office of Shanxi Agricultural University")."""
    if owner[2] not in offices.get(office[2], ()):
        return False
    named = re.match(lexicon().raw["office_words"], t.s[office[0] : office[1]])
    if owner[1] <= office[0]:
        return t.s[owner[1] : office[0]] in ("", "的") and bool(named)
    between = t.s[office[1] : owner[0]] if office[1] <= owner[0] else None
    return between is not None and bool(_OF_THE.fullmatch(between)) and bool(named)


_OF_THE = re.compile(r"(?i)\s+(of|at)\s+(the\s+)?([A-Z][a-z]+\s+){0,4}")


def _types_run(t: Text, lex: Lexicon) -> frozenset[str]:
    """Types the speaker says it runs ("我们运营的众创空间", "旗下两个中试基地")."""
    rx = re.compile(lex.raw["operates_before"])
    far = re.compile(lex.raw["operates_far_before"])
    run = {
        name
        for name, pattern in lex.applicants
        for m in matches(pattern, t.s)
        if rx.search(t.before(m.start(), 10)) or far.search(t.sentence_before(m.start(), 40))
    }
    run |= {name for name, cue in lex.raw["business_lines"].items() if re.search(cue, t.s)}
    return frozenset(run)


def _not_the_speaker(t: Text, start: int) -> bool:
    """ "我不是企业，就是个人": a type the speaker says they are not."""
    return bool(_NOT_A.search(t.before(start, 8)))


_GENERIC_TYPES = frozenset({"enterprise", "team"})
_SAID_TO_BE = re.compile(
    r"[^，。,；;]{0,6}?(就|也|其实|实际上)?(是|算是|属于)(个|一个|一家|一所|家)?"
)
_NOT_A = re.compile(r"(我|我们|本人|咱)(也|都|又|并|可)?(不是|并非|不算|不属于)(一家|一个|个|家)?$")
_DENIED_TYPE = re.compile(
    r"((?<![是算])不是|并非|(?<!算)不算|不属于|(?<=[也又])不在)(一家|一个|一所|个|家|所)?$"
)
_WORKPLACE = re.compile(r"(我|本人)?(在|就职于|任职于)[^，。,；;]{0,6}(一家|一个|个|家)?$")


def _said_as_speaker(t: Text, lex: Lexicon, applicant: str) -> bool:
    """ "我们是孵化器…": the type is the speaker's own, not only a kind of matter named."""
    rx = dict(lex.applicants)[applicant]
    return any(party(party_window(t, m.start()), lex) == "self" for m in matches(rx, t.s))


def _parts_for(lex: Lexicon, applicant: str | None) -> list[dict[str, str]]:
    """The parts of measures that set no figure, with their words, as ``applicant`` would
    mean them (a lender's "知识产权质押贷款" is its financing, not （十一）'s products)."""
    return [
        p
        for p in lex.raw["part_words"]
        if "unless_speaker" not in p or p["unless_speaker"] != applicant
    ]


def _part_words(lex: Lexicon, applicant: str | None) -> re.Pattern[str] | None:
    """Words naming a part of a measure that sets no figure, as ``applicant`` would mean them."""
    said = [p["words"] for p in _parts_for(lex, applicant)]
    return _compiled("|".join(f"(?:{w})" for w in said)) if said else None


def _named_part(text: str, lex: Lexicon, applicant: str | None) -> str | None:
    """The part (corpus/measures.yaml ``parts``) whose words the message says first."""
    found = [
        (m.start(), p["part"])
        for p in _parts_for(lex, applicant)
        if (m := _compiled(p["words"]).search(text))
    ]
    return min(found)[1] if found else None


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _mask_context_clauses(s: str, numbers: list[NumberMention]) -> str:
    """ "剩下140万是承办培训的收入": a clause that only describes money no rule reads names no
    measure by its words (培训 here is what the income came from, not a training paid for)."""
    unread = roles.frames()["unread_before"]
    t = Text(s)
    for n in numbers:
        if n.kind == "money" and unread.search(n.before):
            a, b = t.bounds(n.start, n.end)
            if not any(m.kind == "money" and a <= m.start < b and m is not n for m in numbers):
                s = s[:a] + " " * (b - a) + s[b:]
    return s


def _raw_topics(t: Text, lex: Lexicon, applicant: str | None = None) -> dict[str, int]:
    """Topic (or pseudo-topic contract/service) → position of its first word."""
    found: dict[str, int] = {}
    parts = _part_words(lex, applicant)
    s = parts.sub(lambda m: " " * len(m[0]), t.s) if parts else t.s
    for name, rx in lex.topics:
        hits = matches(rx, s)
        if hits:
            found[name] = hits[0].start()
    # A topic named by weak words only ("我导师是博士") gives way to any other one named.
    weak = {n for n, rx in lex.strong_topics.items() if n in found and not matches(rx, s)}
    if found.keys() - weak:
        for name in weak:
            del found[name]
    return found


def _resolve_topics(
    raw: dict[str, int],
    applicant: str | None,
    facts: dict[str, Any],
    own_only: bool = True,
    runs: frozenset[str] = frozenset(),
    known_speaker: str | None = None,
    denied: frozenset[str] = frozenset(),
) -> list[str]:
    """Contract words mean （四）, （五） or （十二） depending on who speaks (``applicant``, or
    when this message names no one, the ``known_speaker`` of the conversation).

    ``own_only``: the speaker's type was said ("我们是孵化器运营单位"), so only its measures
    count. A type merely named ("新认定了一个国家级孵化器，还新设了个博士后工作站") is one
    matter among others and filters none of them out. ``runs``: the types the speaker says it
    runs ("他们运营的众创空间"), whose measures are the speaker's too."""
    # With no speaker named, a contract with a 谷内企业, or a 技术开发 contract (which （四）
    # does not cover) not signed with a 高校/院所, is a university's or institute's.
    who = applicant or known_speaker
    # "我是个人发明人，不是高校老师，也不在科研院所": a speaker denying both is neither.
    academic = who in ("university", "institute") or (
        who is None
        and not {"university", "institute"} <= denied
        and (
            facts.get("counterparty_in_valley") is True
            or (
                facts.get("contract_type") == "tech_development"
                and facts.get("counterparty_is_academic") is not True
            )
        )
    )
    # A speaker that also runs a transfer business ("同时也做技术转移服务") means its own.
    brokers = who == "transfer_institution" or "transfer_institution" in runs
    resolved: dict[str, int] = {}
    for name, pos in raw.items():
        if name == "contract":
            if brokers:
                resolved.setdefault("transfer_service", pos)
            elif academic:
                resolved.setdefault("academic_contract", pos)
            elif who in (None, "enterprise", "team"):
                resolved.setdefault("enterprise_transfer", pos)
        elif name == "service":
            if brokers:
                resolved.setdefault("transfer_service", pos)
            elif academic:
                resolved["academic_service"] = pos
        else:
            resolved.setdefault(name, pos)
    # 技术开发 with 技术服务: both （五） rules are meant only when both kinds were named.
    if (
        "academic_service" in resolved
        and "academic_contract" in resolved
        and facts.get("contract_type") in ("tech_service", "tech_consulting")
    ):
        resolved.pop("academic_contract")
    topics = sorted(resolved, key=lambda k: resolved[k])
    if applicant:
        own = [r for r in topics if RULES[r].applicants & {applicant, *runs}]
        runs_it = lexicon().raw.get("runs_it")
        staff = lexicon().raw.get("staff_rules", [])
        # A facility ("我们的概念验证中心") is run by an organisation: said as the speaker's,
        # it leaves that organisation's measures in view as a type merely named does.
        facility = applicant in lexicon().raw["facility_types"]
        others = [
            r
            for r in topics
            if r not in own
            and (
                r in staff
                or ((not own_only or facility) and len(own) == 1 and runs_it in RULES[r].applicants)
            )
        ]
        topics = (own + others) if own else topics
        topics.sort(key=lambda k: resolved[k])
    return topics


def _in_scope(name: str, topics: list[str], lex: Lexicon) -> bool:
    scope = lex.topic_scope.get(name) or frozenset()
    return not scope or not topics or bool(scope & set(topics))


def _bool_facts(t: Text, lex: Lexicon) -> dict[str, bool]:
    facts: dict[str, bool] = {}
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
        # A field outside the fact's own ("做光伏的孵化器"), with none of its own cues said.
        if spec.outside and spec.name not in facts and matches(spec.outside, t.s):
            facts[spec.name] = False
        if spec.field_frame and spec.name not in facts:
            for m in spec.field_frame.finditer(t.s):
                field = re.sub(
                    r"^(做|搞|孵化|服务|培育|扶持|的|些)+", "", m["field"] or m["field2"] or ""
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
            ]
            if found:
                # "不是单位出的钱，是我自己掏的": a phrase denied says the other value.
                denied = all(_DENIED.search(t.before(m.start(), 4)) for m in found)
                facts[name] = (not value) if denied else value
                spans[name] = found
    said = _place_pattern("speaker_place").search(t.s)  # one list of places: scope.yaml's
    if said and not _OTHER_SUBJECT.search(t.sentence_before(said.start()) + said.group()):
        facts["in_valley"] = False  # "我们公司在运城": a place other than 晋中 is outside
    if _place_pattern("employer_place").search(t.s):
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
    return facts


_PRICED = re.compile(r"\s*(是|给|奖|补)?\s*[\d一二两三四五六七八九十百]+(\.\d+)?\s*万")
_DEGREE_WORD = re.compile(r"博士(?!后)|硕士|研究生|(?i:\bph\.?\s?d\b|\bmaster'?s?\b|\bdoctoral\b)")
_DENIED = re.compile(r"(不是|并不是|并非|而不是|倒不是)$")


# A sentence whose subject is the other party ("对方企业在省外，不在谷内").
_OTHER_SUBJECT = re.compile(
    r"^\s*(哦|噢|对了|另外|而且)?[，,\s]*(对方|人家|合作方|这家|那家|该(企业|公司))"
)


@cache
def _place_pattern(name: str) -> re.Pattern[str]:
    """A lexicon pattern with scope.yaml's list of places other than 晋中 in it."""
    scope = yamlfile.read(SCOPE_PATH)
    return re.compile(lexicon().raw[name].replace("{places}", scope["other_place"]["places"]))


def _enum_facts(t: Text, lex: Lexicon) -> tuple[dict[str, str], set[str]]:
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
            own = [(pos, v) for pos, v in said if not (several and _in_money_had(t, pos, lex))]
            if name in (lex.raw.get("other_subject_facts") or []):
                # "一家牵头两家参与，我们是其中一家参与单位": the speaker's own role wins.
                mine = [(p, v) for p, v in own if party(party_window(t, p), lex) == "self"]
                own = mine or own
            if lex.raw["enum_facts"][name].get("asked_wins") and several:
                asked = [(p, v) for p, v in own if _ASKING.search(t.s[slice(*t.bounds(p, p))])]
                if len({v for _p, v in asked}) == 1:
                    own = asked
            if best := (own or said):
                facts[name] = best[0][1]
                break
    return facts, weak


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
    """ "牵头单位说…", "参与方": a role word naming another party, unless the speaker says it is
    that party ("我们是牵头单位")."""
    words = lex.raw["items"]
    return bool(
        re.match(words["party_role_after"], t.s[m.end() :])
        and not re.search(words["self_is_before"], t.before(m.start(), 8))
    )


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


def _in_money_had(t: Text, pos: int, lex: Lexicon) -> bool:
    """The clause at ``pos`` tells of money already had, under this measure or another."""
    left, right = t.bounds(pos, pos)
    clause = t.s[left:right]
    had = _had_slot(clause, lex) is not None
    return had and any(n.kind == "money" for n in find_numbers(clause))


def _had_slot(words: str, lex: Lexicon) -> Slot | None:
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


def _other_value(t: Text, lex: Lexicon, said: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
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


def _running_since(t: Text, today: date, lex: Lexicon) -> Decimal | None:
    """How long a station set up in a month said ("2024年9月在谷里设的") has run by ``today``,
    in years, rounded down to hundredths (so "满3年" is never met early)."""
    m = re.search(lex.raw["founded_in"], t.s)
    if m is None:
        return _running_since_year(t, today, lex)
    month = (_cn_int(m["m"]) or int(m["m"])) if m["m"] else lex.raw["founded_part_month"][m["part"]]
    if not 1 <= month <= 12:
        return None
    year = int(m["y"]) if m["y"] else today.year + lex.relative_years[m["rel"]]
    days = (today - date(year, month, 1)).days
    if days < 0:
        return None
    return (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.01"), rounding="ROUND_DOWN")


def _running_since_year(t: Text, today: date, lex: Lexicon) -> Decimal | None:
    """How long a station set up in a year said has surely run (counted from that year's
    end), when every running-time condition of the text has one answer over the whole year;
    else None (still open)."""
    m = re.search(lex.raw["founded_year"], t.s)
    if m is None:
        return None
    year = int(m["y"]) if m["y"] else today.year + lex.relative_years[m["rel"]]

    def years_since(d: date) -> Decimal:
        return Decimal((today - d).days) / Decimal("365.25")

    if year > today.year:
        return None
    least, most = years_since(date(year, 12, 31)), years_since(date(year, 1, 1))
    limits = [p.value for k, p in load_parameters().items() if k.endswith("_min_years_running")]
    if any((least >= x) != (most >= x) for x in limits):
        return None
    return max(least, Decimal(0)).quantize(Decimal("0.01"), rounding="ROUND_DOWN")


def _station_stage(facts: dict[str, Any], lex: Lexicon) -> None:
    """A station said to be 新设 but running for ``new_until_years`` or more is running
    ("新建的博士后工作站，运行两年了"); 新设 with a shorter or no running time stays new."""
    limit = lex.raw["enum_facts"]["station_stage"].get("new_until_years")
    years = facts.get("years_running")
    stated = limit is not None and years is not None
    if facts.get("station_stage") == "new" and stated and years >= Decimal(str(limit)):
        facts["station_stage"] = "running"


def _before_the_policy(numbers: list[NumberMention]) -> int | None:
    """A year of a recognition said that is before the 附则's 施行 date ("18年认定的",
    "2019年评上省级"), or None; "2019年成立" dates something else."""
    years = [
        int(n.value)
        for n in numbers
        if n.kind == "year"
        and n.value < _POLICY_START.year
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


def _levels(t: Text, topics: list[str], lex: Lexicon) -> dict[str, str]:
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


def _counts(t: Text, numbers: list[NumberMention], lex: Lexicon) -> dict[str, int]:
    facts: dict[str, int] = {}
    named = _count_nouns(t.s, lex)
    for n in numbers:
        if n.kind not in ("count", "number") or n.problem or n.value != int(n.value):
            continue
        after = t.s[n.end : n.end + 14]
        before = t.before(n.start, 10)
        window = t.s[max(0, n.start - 10) : n.start]
        both = lex.count_both.search(window)
        if both and both.end() >= len(window) - 1:  # 博士、硕士各一名
            facts.setdefault("phd_count", int(n.value))
            facts.setdefault("master_count", int(n.value))
            continue
        # "两名博士" names what follows; "博士两名" what precedes. The former wins, unless
        # the noun after has its own figure: "博士2人硕士4人".
        name, following = None, ""
        for f, rx in lex.counts:
            if m := re.match(rf"\s*(的|都是|是|都为|为)?(?:{rx.pattern})", after):
                name, following = f, after[m.end() :]
                break
        preceding = next(
            (
                f
                for f, rx in lex.counts
                if re.search(rf"(?:{rx.pattern})\s*(有|是|引进了?|招了?|来了)?\s*$", before)
            ),
            None,
        )
        if n.kind == "count" and (name is None or (preceding and _NUMERAL_START.match(following))):
            name = preceding or name
        # "硕士呢？三个": a count with no noun in its clause, in a message naming one kind.
        # Not "两件事" nor "两个项目": the count stands alone, or its noun is one of people.
        alone = re.match(r"\s*([，,。.？?！!；;、]|$|都|也|呢|吧|了|啊)", after)
        if re.match(r"\s*(都|也)(符合|满足|能|可以|行|算|有资格|适用)", after):
            alone = None  # "如果两个都符合，能不能同时拿": both policies, no head count
        of_people = not re.search(
            r"[次遍回趟件项份家年月天]$", n.raw
        )  # "帮我问过一次" counts no one
        # … but "员工86人" counts the staff its own noun names, not the hires.
        own_noun = _STAFF_BEFORE.search(before)
        if name is None and n.kind == "count" and len(named) == 1 and alone and of_people:
            name = None if own_noun else next(iter(named))
        if name:
            facts.setdefault(name, int(n.value))
    return facts


_STAFF_BEFORE = re.compile(
    r"(员工|职工|人员|工人|团队|同事|学生|老师|专家|员|全公司|公司)(总数|人数|数量)?"
    r"(有|是|共|一共|总共|大概|约|将近|差不多)?\s*$"
)


def _one_each(t: Text, counts: dict[str, int], lex: Lexicon) -> list[str]:
    """ "张博士…今年刚引进", "博士入职合同签了三年": a degree named of one person with no
    number and nothing plural about it, in a sentence that tells of a hiring that happened
    ("引进博士能拿多少" asks in general) and asks no conditions, is one hire, said back. Near a plural word ("都是博士", "我们俩", "几个硕士")
    the number stays open and is asked; "研发部有博士、硕士" is staff, no hire."""
    spec = lex.raw["one_hire"]
    said = []
    for name, rx in lex.counts:
        if name in counts:
            continue
        found = [
            m
            for m in matches(rx, t.s)
            if not re.match(spec["not_a_hire_after"], t.s[m.end() :])
            and not re.search(spec["not_a_hire_before"], t.before(m.start(), 8))
            and re.search(spec["hired"], sentence := t.s[slice(*t.sentence(m.start()))])
            and (re.search(spec["happened"], sentence) or re.search(spec["described"], sentence))
            and not re.search(spec["asks_conditions"], sentence)
        ]
        if not found or any(
            re.search(spec["plural_before"], t.before(m.start(), 8))
            or re.match(spec["plural_after"], t.s[m.end() :])
            for m in found
        ):
            continue
        counts[name] = 1
        said.append(spec["said_back"].format(who=found[0].group()))
    return said


_NUMERAL_START = re.compile(r"\s*(\d|[一二两三四五六七八九十俩仨])")


def _count_nouns(text: str, lex: Lexicon) -> set[str]:
    """Which head-count fields the message names anywhere (博士研究生 is a 博士 only)."""
    spans = [(m.start(), m.end(), f) for f, rx in lex.counts for m in matches(rx, text)]
    return {
        f
        for a, b, f in spans
        if not any(x <= a and b <= y and (y - x) > (b - a) for x, y, _ in spans)
    }


def _durations(t: Text, numbers: list[NumberMention], lex: Lexicon) -> dict[str, Decimal]:
    facts: dict[str, Decimal] = {}
    for n in numbers:
        if n.kind != "duration" or n.problem:
            continue
        # English words are long: "pays RMB 300k per year for three years".
        width = 40 if n.raw.isascii() and t.before(n.start, 6).isascii() else 6
        if re.search(lex.raw["award_duration_before"], t.before(n.start, width)):
            continue  # "每年给一百万、连给三年": how long an award is paid, not a fact
        if re.match(lex.raw["duration_each_after"], t.s[n.end : n.end + 4]):
            continue  # "两年各能拿多少": the years asked of, each
        if re.match(r"\s*(以后|之后|后|往后)", t.s[n.end : n.end + 4]) and acts.asks(
            t.s[slice(*t.sentence(n.start))]
        ):
            continue  # "设立满一年以后每年还有没有": a time asked about, not how long it ran
        if n.value == 1 and re.match(lex.raw["per_year_after"], t.s[n.end : n.end + 6]):
            continue  # "一年最多给多少": the span a cap is counted over
        if re.search(lex.raw["time_from_now_before"], t.before(n.start, 4)):
            continue  # "会不会过两年就停了", "接下来三年": a time from now, no fact of a matter
        name = _nearest_duration_field(t.before(n.start, 10), t.after(n.end, 10), lex)
        value = n.value
        if re.search(lex.raw["less_than_before"], t.before(n.start, 4)):
            value -= JUST_UNDER  # "还不到一年": under the figure, so "1年以上" is not met
        facts.setdefault(name, value)
    return facts


def _nearest_duration_field(before: str, after: str, lex: Lexicon) -> str:
    """The duration field whose word stands nearest the figure ("设站才两年的院士工作站续签了":
    the station's age, not the contract's), the earlier field on a tie; ``years`` if none."""
    best: tuple[int, int, str] | None = None
    context, at = before + "|" + after, len(before)  # "|" stands for the figure ("签|")
    for order, (name, rx) in enumerate(lex.durations):
        gaps = [max(at - m.end(), m.start() - at - 1, 0) for m in rx.finditer(context)]
        if gaps and (best is None or (min(gaps), order) < best[:2]):
            best = (min(gaps), order, name)
    return best[2] if best else "years"


def _event_date(
    t: Text, today: date, lex: Lexicon, numbers: list[NumberMention] = ()
) -> date | None:
    found: list[tuple[int, date]] = []
    for n in numbers:  # "18年验收的": a short year numbers.py has already recognised
        if n.kind == "year" and n.value < 2000 + 100 and len(n.raw.strip()) == 3:
            month = re.match(r"\s*(\d{1,2})月", t.s[n.end :])
            m_no = int(month[1]) if month and 1 <= int(month[1]) <= 12 else 1
            if t.s[n.end : n.end + 1] in ("底", "末"):
                m_no = 12
            said_month = month is not None or m_no == 12
            if _YEARS[0] <= n.value <= _YEARS[1]:
                found.append((n.start, _day(int(n.value), m_no, 1, said_month)))
    for m in _DATE.finditer(t.s):
        year = int(m["y"])
        if m["m"] is None and "年" not in m.group():
            continue  # "2024-2026" or a bare "2024" is not a date
        month = int(m["m"]) if m["m"] else 1
        day = int(m["d"]) if m["d"] else 1
        try:
            found.append((m.start(), _day(year, month, day, bool(m["m"]), bool(m["d"]))))
        except ValueError:
            found.append((m.start(), YearOnly(year, 1, 1)))
    for m in _CN_YEAR.finditer(t.s):
        year = int(m["y"].translate(_CN_YEAR_DIGITS))
        if _YEARS[0] <= year <= _YEARS[1]:  # "〇〇〇〇年" names no year
            found.append((m.start(), YearOnly(year, 1, 1)))
    # Relative years ("前年", "今年") count alongside written ones.
    for word, offset in sorted(lex.relative_years.items(), key=lambda kv: -len(kv[0])):
        if (i := relative_year_at(t.s, word, lex)) >= 0:
            if word in lex.raw["same_year"] and any(pos < i for pos, _ in found):
                continue  # "2025年签的，当年就完成了变更": the year said before
            month = re.match(r"\s*(\d{1,2})月", t.s[i + len(word) :])
            m_no = int(month[1]) if month and 1 <= int(month[1]) <= 12 else 1
            found.append((i, _day(today.year + offset, m_no, 1, month is not None)))
    for word, offset in lex.relative_months.items():  # "上个月刚通过验收"
        if (i := t.s.find(word)) >= 0:
            month_no = today.year * 12 + today.month - 1 + offset
            found.append((i, MonthOnly(month_no // 12, month_no % 12 + 1, 1)))
    # "今年我们没有申报新的认定": a year of something not done dates nothing.
    found = [d for d in found if not re.match(lex.raw["undone_after_date"], t.s[d[0] :])]
    # "2023年入驻晋创谷": the company's entry dates the company, not the matter.
    found = [d for d in found if not re.match(lex.raw["entry_date_after"], t.s[d[0] :])]
    # "2023年设的，今年想申请": the day one applies is not the day of the matter.
    applying = [d for d in found if _APPLYING_AFTER.match(t.s, d[0])]
    if len(applying) < len(found):
        found = [d for d in found if d not in applying]
    # "去年也拿过这条的补助，12万": the year money was had in is not the matter's date.
    had = next(sl for sl in lex.slots if sl.name == "received").cues
    found = [d for d in found if not had.match(t.s, d[0])]
    # The latest date is the one that decides: "2023年立项，2025年验收" is judged on 验收, and
    # "前年认定省级…今年升成国家级" on this year's upgrade.
    return max(day for _, day in found) if found else None


# A date followed by the wish to apply: "今年想申请", "明年打算报".
_APPLYING_AFTER = re.compile(
    r"[^，。,；;]{0,8}?(想|打算|准备|计划|要|再|来|去)(申请|申报|报名?|问问?|咨询)"
)


def _day(year: int, month: int, day: int, month_said: bool, day_said: bool = False) -> date:
    """The date as said: a day, a month ("2024年3月") or a year only ("2025年验收", "今年"),
    each kept at what was said (shown so, never as a day nobody named)."""
    if day_said:
        return date(year, month, day)
    return MonthOnly(year, month, 1) if month_said else YearOnly(year, 1, 1)


def sole_amount(rule_id: str) -> str | None:
    """The rule's one required money fact; None where it takes two (a bare figure is open)."""
    names = [n for n in RULES[rule_id].required_facts if n.endswith("_yuan")]
    return names[0] if len(names) == 1 else None


def _implied_topic(applicant: str | None) -> str | None:
    if not applicant:
        return None
    money_rules = [r.id for r in rules_for_applicant(applicant) if sole_amount(r.id)]
    return money_rules[0] if len(money_rules) == 1 else None


def _topic_of_fields(money: dict[str, Decimal]) -> str | None:
    """The one rule whose main amount is among these labelled amounts, if exactly one."""
    owners = {
        rule_id for rule_id in RULES if (main := sole_amount(rule_id)) is not None and main in money
    }
    return owners.pop() if len(owners) == 1 else None


def _default_amount_field(topics: list[str], applicant: str | None) -> str | None:
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
    if len(set().union(*(roles.years_said(c, this_year) for c in asked_clauses))) >= 2:
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
    """:func:`_slot_for` with the lexicon, once per figure of a text (roles and amounts
    both ask)."""
    return _slot_for(t, n, lexicon())


def _slot_for(t: Text, n: NumberMention, lex: Lexicon) -> Slot | None:
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
    if best and len(before) - best[0] <= 6:
        return best[2]
    after = t.s[n.end : min(right, n.end + 10)]
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
    later = [(m.start(), slot) for slot in lex.slots for m in matches(slot.cues, after)]
    if later:
        return min(later, key=lambda x: x[0])[1]
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


def _topic_mentions(
    t: Text, lex: Lexicon, topics: list[str], applicant: str | None, facts: dict[str, Any]
) -> list[tuple[int, str]]:
    """Every topic word's position and the measure it names for this speaker."""
    found = []
    for name, rx in lex.topics:
        for m in matches(rx, t.s):
            found += [
                (m.start(), topic)
                for topic in _resolve_topics({name: m.start()}, applicant, facts)
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


def relative_year_at(s: str, word: str, lex: Lexicon, last: bool = False) -> int:
    """Where ``word`` ("前年") names a year in ``s`` (the first, or the ``last``), or -1: not
    inside another word ("税前年薪")."""
    inside = lex.raw["relative_year_inside"]
    hits = [
        m.start()
        for m in re.finditer(re.escape(word), s)
        if not re.search(inside["before"], s[: m.start()])
        and not re.match(inside["after"], s[m.end() :])
    ]
    return (hits[-1] if last else hits[0]) if hits else -1


def _money(
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
        if slot is None and n.kind == "number" and not bare:
            continue  # a figure with no unit and no label is not an amount
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
            target = _default_amount_field(topics, applicant)
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
    return _had_slot(t.s[max(left, n.start - SLOT_WINDOW) : n.start], lexicon()) or slot


_UNITLESS_BELOW = Decimal(10_000)
_FLOOR_WORDS = r"[多余来]|^上|出头"  # "一千多万", "上千万", "一千万出头"
# How far before a figure a label is looked for ("省里就这个中试基地的同一事项已经奖励了我们100万").
SLOT_WINDOW = 32


def _shares(
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


def _parts(
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


def _whose_money(t: Text, money: dict[str, Decimal], topics: list[str], lex: Lexicon) -> list[str]:
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


def _grant_named(s: str, lex: Lexicon) -> re.Match[str] | None:
    """Another policy's grant in the words ("省里给过", "国家已经奖励了"): the money slot's cues."""
    return next(sl for sl in lex.slots if sl.name == "other_policy").cues.search(s)


def _intent(
    t: Text,
    lex: Lexicon,
    facts: dict[str, Any],
    topics: list[str],
    applicant: str | None,
    clauses: list[str],
    sections: list[str],
) -> Intent:
    """Explicit requests first (reset, profile, scope, a named clause, who/when/how), then
    "which measures" over "how much", and any stated fact makes a fragment an amount
    follow-up ("那如果我们只是参与呢？")."""
    s = t.s.strip()
    if not s:
        return Intent.UNKNOWN

    def has(name: str) -> bool:
        if name == "process" and has("amount"):
            # "正在办理入驻的手续…到时候能拿多少奖励？": progress told in a clause that asks
            # nothing beside an amount asked is no question about the procedure.
            return any(
                acts.asks(t.s[slice(*t.bounds(m.start(), m.end()))])
                for m in lex.intents[name].finditer(s)
            )
        return bool(lex.intents[name].search(s))

    substantive = {k: v for k, v in facts.items() if k != "event_date"}
    if has("reset") and len(s) <= 40:
        return Intent.RESET
    if has("profile"):
        return Intent.PROFILE
    about_us = lex.in_scope_place.search(s)
    if has("other_place") and not about_us:
        return Intent.OUT_OF_SCOPE
    if has("out_of_scope") and not (substantive or topics or clauses):
        return Intent.OUT_OF_SCOPE
    if clauses or sections:
        if has("responsible"):
            return Intent.RESPONSIBLE
        if has("validity") or (clauses == ["附则"] and not has("clause_text")):
            return Intent.VALIDITY
        if has("amount") and not has("clause_text"):
            return Intent.AMOUNT
        if has("process"):
            return Intent.PROCESS
        if any(k.endswith("_yuan") for k in substantive) and not has("clause_text"):
            return Intent.AMOUNT  # "今年已经从第四条拿了8万，又签了…": a case, not a reading
        return Intent.CLAUSE_TEXT
    if has("responsible"):
        return Intent.RESPONSIBLE
    # Another policy's grant is all the message says, of no measure named ("国家那边已经奖励了
    # 我们这个项目80万，市里还能再给吗"): it asks how the two combine — the 附则's 就高不重复.
    money = {k for k in substantive if k.endswith("_yuan")}
    granted = _grant_named(s, lex)
    # … a grant had ("给过", "已经奖励了"), not "市里还奖吗" (the question itself)
    had = granted and (money or re.search(lex.raw["granted_words"], granted.group()))
    if had and not topics and money <= {"other_policy_award_yuan"}:
        return Intent.VALIDITY
    if has("validity") and not (has("amount") and substantive):
        return Intent.VALIDITY
    # "…国拨3500万…我们该怎么报，最多能拿多少？": with a figure told, 怎么报 asks what to claim.
    based = {k for k in money if not k.startswith(("received", "other_policy"))}
    if has("process") and not (has("amount") and based):
        return Intent.PROCESS
    if has("eligibility"):
        # "…签三年的劳动合同，社保由单位给交。能拿到什么支持？": a case told under one measure,
        # with every fact its amount needs but none of money, asks that amount.
        # (the kind or level of the thing says only what it is: "我们是孵化器运营单位，适用哪些")
        kinds = set(lex.raw["items"]["kind_facts"])
        told = {
            k
            for k in substantive.keys() - STATUS_FACTS
            if not isinstance(facts[k], bool) and k not in kinds and not k.endswith("level")
        }
        if len(topics) == 1 and told and not money:
            return Intent.AMOUNT
        return Intent.ELIGIBILITY
    if has("rate_question") and not money:
        return Intent.CLAUSE_TEXT  # "概念验证中心的奖补比例是多少": its clause says
    if has("amount"):
        return Intent.AMOUNT
    # "…三百万，备案、登记都办完了…政策上怎么说": a case told with its figure asks what it
    # gives, unless the words themselves are asked for ("原文怎么写的").
    case_told = money and not re.search(lex.raw["verbatim_words"], s)
    if has("clause_text") and (topics or not substantive) and not case_told:
        return Intent.CLAUSE_TEXT  # "原文怎么写的": about the measure under discussion
    if has("clause_text_weak") and not (substantive.keys() - STATUS_FACTS):
        return Intent.CLAUSE_TEXT  # "给我看看（九）" — with facts, "帮我看一下" checks the case
    if has("eligibility_weak"):
        # "农高区的企业能申请吗": where the speaker is says nothing about an amount.
        measured = substantive.keys() - STATUS_FACTS
        return Intent.AMOUNT if (measured or topics) else Intent.ELIGIBILITY
    if has("process_weak") and not topics and not (substantive.keys() - STATUS_FACTS):
        return Intent.PROCESS
    if facts or topics:
        return Intent.AMOUNT
    if has("greeting") and greeting_only(s, lex.intents["greeting"]):
        return Intent.GREETING  # "…政策上有什么帮助吗" is a question, not a greeting
    if content_free(s):
        return Intent.GREETING  # "有个问题": nothing asked yet, so the welcome invites it
    if applicant:
        return Intent.ELIGIBILITY
    if lex.in_scope.search(s):
        return Intent.ELIGIBILITY
    return Intent.UNKNOWN


# --------------------------------------------------------------------------- entry
def understand(
    message: str,
    today: date | None = None,
    applicant_hint: str | None = None,
    known_speaker: str | None = None,
) -> Understanding:
    """Everything one message says; never raises on any string.

    ``applicant_hint`` is who spoke when the text itself does not say (a piece of a longer
    message about one of several matters, see :mod:`assistant.nlu.items`). ``known_speaker``
    is who the conversation knows is speaking: it only decides which measure contract words
    name, as who speaks does (it is not said back as this message's applicant)."""
    lex = lexicon()
    today = today or date.today()
    text, flags = _clean(message or "", lex)
    injected = bool(lex.injection.search(text))
    work, _ = _mask_injection(text, lex) if injected else (text, False)
    work = re.sub(lex.raw["proxy"], lambda m: " " * len(m[0]), work)
    work = blank_set_aside(work, lex)
    flags.injection = injected
    t = Text(work)

    clauses, sections, problems = _clauses(work)
    for label, rx in lex.clause_cues:
        if label not in clauses and matches(rx, work):
            clauses.append(label)
    numbers = find_numbers(work)
    vague = [n for n in numbers if n.problem]
    if not clauses:
        clauses += _clauses_by_rate(numbers, lex)

    # "上午来了两拨人…第一拨是…第二拨是…": a clerk relaying several visitors speaks for none
    # of them; each visitor's matter keeps its own measure.
    denied = frozenset(denied_types(t, lex))
    said = None if re.search(lex.raw["several_visitors"], t.s) else _applicant(t, lex, None, denied)
    applicant = said or applicant_hint
    facts: dict[str, Any] = {}
    facts.update(_bool_facts(t, lex))
    enums, weak = _enum_facts(t, lex)
    facts.update(enums)
    other_values, heard = _other_value(t, lex, facts)
    facts.update(other_values)
    # A kind of person said of the speaker ("我是一个研究生") anchors no matter: it is read
    # neither as a topic nor as a head count.
    anchored = Text(
        _mask_context_clauses(_mask_person_roles(_mask_speaker(work, lex), lex), numbers)
    )
    raw_topics = _raw_topics(anchored, lex, applicant)
    own_only = said is None or _said_as_speaker(t, lex, said)
    runs = _types_run(t, lex)
    topics = _resolve_topics(raw_topics, applicant, facts, own_only, runs, known_speaker, denied)
    supposed = re.search(lex.raw["entry_supposed"], t.s)
    # A matter whose measure never asks where the speaker is (a 高校's contract, told of a
    # partner company "要是以后企业搬进来了") supposes the other party's entry, not the speaker's.
    placed = not topics or any(tp in RULES and "in_valley" in RULES[tp].facts for tp in topics)
    if supposed and placed and not re.search(lex.raw["entry_denied"], supposed.group()):
        # "搬过来以后…能奖多少": after entering ("如果不入驻的话" supposes the opposite)
        facts["in_valley"] = True
        heard.append(lex.raw["entry_supposed_said_back"])
    # "来了个做检测的公司，问中试基地…": a generic 公司 whose matter belongs to a more
    # specific type named in the same message is that type (the company runs the base).
    if applicant and topics and not any(applicant in RULES[tp].applicants for tp in topics):
        wanted = frozenset(a for tp in topics for a in RULES[tp].applicants)
        if (better := _applicant(t, lex, among=wanted, denied=denied)) is not None:
            applicant = better
            topics = _resolve_topics(raw_topics, applicant, facts, runs=runs)
    for label in clauses:
        for rule in RULES.values():
            if rule.clause == label and rule.id not in topics:
                topics.append(rule.id)
    fragment = len(work.strip()) <= _FRAGMENT_CHARS  # "合同签了两三年": the case at hand
    for n in vague:
        if _FREQUENCY_BEFORE.search(work[max(0, n.start - 8) : n.start]):
            continue  # "每个月来两三天": how often, which no measure reads
        if n.problem not in problems and (
            (fragment and not topics) or _read_vague(work[n.end : n.end + 2], topics)
        ):
            problems.append(n.problem)
    facts = {k: v for k, v in facts.items() if _in_scope(k, topics, lex)}
    facts.update(_levels(t, topics, lex))
    if "previous_level" in facts and (year := _before_the_policy(numbers)) is not None:
        # "省级是18年认定的，今年升国家级": the earlier level was not awarded under this policy
        facts["previous_before_policy"] = True
        heard.append(
            f"您说之前的认定在{year}年，早于本措施施行（{_POLICY_START.year}年），"
            "按未从本措施领过那一级的奖补计算。"
        )
    counts = _counts(anchored, numbers, lex)
    pair = _pair_degrees(work, lex) if "talent" in topics and sum(counts.values()) <= 2 else {}
    if pair:  # "我和我爱人都是博士", "我是博士她是硕士，我们俩…": the speaker and a partner
        counts = pair
    degree = _speaker_degree(work, lex)
    if "talent" in topics and not counts and degree:
        counts[degree[0]] = degree[1]  # "我是博士，刚入职…社保交了": the speaker is the one hired
    if "talent" in topics:
        heard += _one_each(anchored, counts, lex)
    # "替我儿子问问…那家企业在太原，不在晋中": of a hire with no contract in view, the other
    # party is the employer, and its place is the hire's.
    if (
        "talent" in topics
        and "in_valley" not in facts
        and "counterparty_in_valley" in facts
        and not {"enterprise_transfer", "academic_contract", "academic_service"} & set(topics)
    ):
        facts["in_valley"] = facts.pop("counterparty_in_valley")
    # A head count is of hires only where the message is about hiring ("工作站里有五个博士").
    facts.update({k: v for k, v in counts.items() if "talent" in topics or not topics})
    facts.update(_durations(t, numbers, lex))
    for name, pattern in (lex.raw.get("zero_durations") or {}).items():
        if name not in facts and re.search(pattern, t.s):
            facts[name] = Decimal(0)
    student = re.search(lex.raw["student_speaker"], t.s)
    if "talent" in topics and "contract_years" not in facts and student:
        facts["contract_years"] = Decimal(0)
    # A bare duration under a measure with one duration fact is that fact ("博后站…还不到一年").
    by_topic = [
        lex.raw["duration_by_topic"][tp] for tp in topics if tp in lex.raw["duration_by_topic"]
    ]
    if "years" in facts and len(set(by_topic)) == 1 and by_topic[0] not in facts:
        facts[by_topic[0]] = facts.pop("years")
    station = "workstation" in topics or "站" in t.s
    running = _running_since(t, today, lex) if station and "years_running" not in facts else None
    if running is not None:
        facts["years_running"] = running
    _station_stage(facts, lex)
    # … not "总共多少": a total asked in a clause that asks ("一共补一百万" heard asks none).
    total_asked = flags.total and any(
        not _LABELS_A_FIGURE.match(t.s, m.end()) and acts.asks(t.s[slice(*t.bounds(*m.span()))])
        for m in lex.total.finditer(t.s)
    )
    one_year = re.search(lex.raw["one_year_asked"], t.s) and not total_asked
    if facts.get("station_stage") == "running" and one_year:
        facts["years_asked"] = 1  # "今年能拿多少工作补助": one year of the cycle
    if when := _event_date(t, today, lex, numbers):
        facts["event_date"] = when
    only_number = [n for n in numbers if n.kind in ("money", "number", "count", "duration")]
    bare = (
        len(only_number) == 1
        and len(re.sub(r"[\s吧呢啊吗哈的呀了约大概差不多左右？?。.!！~]", "", work))
        <= len(only_number[0].raw) + 2
    )
    # With no topic word, a speaker with a single money rule (a bank → （十一）) names it.
    implied = _implied_topic(applicant) if not topics else None
    money_topics = topics or ([implied] if implied else [])
    mentions = _topic_mentions(t, lex, money_topics, applicant, facts)
    figures = figure_roles(t, numbers, money_topics, today.year)
    figures = unread_as_context(figures, money_topics, applicant)
    if (named := _named_by_quoted_rate(t, lex, topics, figures, applicant)) is not None:
        # "中北大学专利许可260万…有效益，2%算下来5万2": 2% is （四）'s rate, not （五）'s — the
        # university is the counterparty, the speaker the enterprise that took the licence.
        old_topic, topics[topics.index(old_topic)] = named
        applicant = None
        facts["counterparty_is_academic"] = True
    if any(f.role == "context" and roles.span_total(f.mention) for f in figures):
        # "六百万是两年加起来的，去年单年是三百五十万": corrects a figure told before; its
        # 加起来 and 两年 describe that figure, not a sum asked for or a duration.
        flags.what_if, flags.total = True, False
        facts.pop("years", None)
    if any(f.role == "total" and not f.restates for f in figures):
        # "再登记200万，总共5000万": the running total replaces the figure told before;
        # 总共 here names the figure, not a sum over the measures.
        flags.what_if, flags.total = True, False
    money, extra_amounts = _money(
        t, numbers, money_topics, applicant, bare, lex, mentions, flags.what_if, figures, today.year
    )
    if implied and money.keys() - {"amount_yuan"}:
        topics.append(implied)
    elif not topics and (by_field := _topic_of_fields(money)):
        topics.append(by_field)  # "今年放了3000万": the figure's own label names （十一）
    readings = _whose_money(t, money, money_topics, lex)
    readings += _shares(t.s, numbers, figures, money)
    readings += _parts(t, money, extra_amounts, lex)
    readings += _projected_base(t, money, figures, _default_amount_field(money_topics, applicant))
    facts.update(money)
    topics[:] = _staff_asked(topics, applicant, facts, lex)
    ranges, floors = _approximations(t, numbers, money)
    if bare and not facts:
        n = only_number[0]
        if n.kind == "count" and not n.problem:
            facts["count"] = int(n.value)
    intent = _intent(t, lex, facts, topics, applicant, clauses, sections)
    if intent is Intent.UNKNOWN and any(f.role in ("estimate", "cap") for f in figures):
        intent = Intent.AMOUNT  # "他们自己按1%算的28万…可以吗？": an amount to check
    if intent is Intent.UNKNOWN and not topics and degree:
        topics.append("talent")  # "你好，我是海归博士": who they are points at hiring, （七）
        facts[degree[0]] = degree[1]
    flags.asks_which = bool(lex.intents["eligibility"].search(t.s))
    flexible = _flexible_engagement(t, lex, facts)
    if flexible:
        # "柔性引进一位专家…不签劳动合同、不交社保", "请我去当技术顾问，不坐班": （七）'s 柔性引才,
        # which sets no figure, not a hire (or a station) with its conditions failing; the
        # facts only those measures read ("院士", "不交社保") go with them.
        topics = [tp for tp in topics if tp not in _HIRING]
        others = {k for r in RULES.values() if r.id not in _HIRING for k in r.facts}
        facts = {
            k: v
            for k, v in facts.items()
            if k in others or not any(k in RULES[r].facts for r in _HIRING)
        }
    # "两头都能拿吗", "省里给过…还补吗": the question is whether support combines (就高不重复).
    flags.combining = intent is Intent.VALIDITY and bool(
        lex.intents["combining"].search(t.s)
        or "other_policy_award_yuan" in facts
        or _grant_named(t.s, lex) is not None
    )
    levels_said = {name for name, rx in lex.levels if rx.search(t.s)}
    if (
        intent is Intent.VALIDITY
        and (any(tp in RULES for tp in topics) or len(levels_said) >= 2)
        and not re.search(lex.raw["dates_asked"], t.s)
        and "other_policy_award_yuan" not in facts
        and not re.search(lex.raw["other_giver"], t.s)
    ):
        # "听说省级10万、国家级20万，能不能两个都拿": one measure's own items, no other payer
        flags.combining, intent = False, Intent.AMOUNT
    # "2029年以后签的合同还算不算": the day asked about is after that year, not in it.
    if intent is Intent.VALIDITY and (after := re.search(lex.raw["after_year"], t.s)):
        facts["event_date"] = YearOnly(int(after["y"]) + 1, 1, 1)
    # Who spoke and of what, what the message points at, and how its figures were read.
    said = {"applicant": applicant, "facts": facts, "topics": topics, "intent": intent}
    said["applicant_own"] = applicant is not None and _said_as_speaker(t, lex, applicant)
    pointed = {"clauses": clauses, "sections": sections, "problems": problems, "flags": flags}
    read = {"extra_amounts": extra_amounts, "ranges": ranges, "floors": floors}
    said["speaker_degree"] = degree[0] if degree and degree[1] == 1 else None
    said["degree_named"] = bool(_DEGREE_WORD.search(work))
    said["named_part"] = _named_part(work, lex, applicant) or (
        lex.raw["flexible_part"] if flexible else None
    )
    said["part_named"] = said["named_part"] is not None
    said["other_side"] = {
        rule: m.group()
        for rule, side in lex.raw["other_side"].items()
        if rule != "shared" and (m := re.search(side["asked"], work))
    }
    said["runs"] = sorted(runs)
    said["denied"] = sorted(denied)
    said["weak"] = [name for name in lex.enum_facts if name in weak and name in facts]
    return Understanding(
        text=text, readings=heard + readings, figures=figures, **said, **pointed, **read
    )


def _named_by_quoted_rate(
    t: Text, lex: Lexicon, topics: list[str], figures: list[roles.Figure], applicant: str | None
) -> tuple[str, str] | None:
    """(the topic read, the one the asker's quoted rate names) when the same words name either
    of a pair of measures (``rate_named_pairs``: a contract is （四）'s or （五）'s by who speaks),
    the speaker was only inferred, and the rate quoted is the other measure's alone."""
    if applicant is None or _said_as_speaker(t, lex, applicant):
        return None
    quoted = {f.value for f in figures if f.role == "rate"}
    if not quoted:
        return None

    def rates(rule: str) -> set[Decimal]:
        return {Decimal(str(p.value)) for p in rule_parameters(rule) if p.unit == "ratio"}

    for pair in lex.raw["rate_named_pairs"]:
        for read, other in (pair, pair[::-1]):
            named = quoted & rates(other) and not quoted & rates(read)
            if read in topics and other not in topics and named:
                return read, other
    return None


_HIRING = ("talent", "workstation")  # the measures a flexible engagement is mistaken for


def _flexible_engagement(t: Text, lex: Lexicon, facts: dict[str, Any]) -> bool:
    """A flexible engagement is told ("柔性引进", "不坐班", "当技术顾问，不签劳动合同") with no degree
    hire counted and no station named: （七）'s 柔性引才 part is the message's, not the hiring
    measures (``_HIRING``) it reads like."""
    if not re.search(lex.raw["flexible_hire"], t.s):
        return False
    hired = facts.keys() & {"phd_count", "master_count"}
    return not hired and not re.search(lex.raw["station_named"], t.s)


def _clauses_by_rate(numbers: list[NumberMention], lex: Lexicon) -> list[str]:
    """The measures a rate points at ("0.2‰那条是指什么" is （五）; "2%那条" both （三） and
    （四）, which set it), in the text's order."""
    for n in numbers:
        if n.kind == "ratio" and re.match(lex.raw["named_by_rate"], n.after):
            params = load_parameters().values()
            labels = [p.measure for p in params if p.unit == "ratio" and p.value == n.value]
            return list(dict.fromkeys(labels))
    return []


def _staff_asked(
    topics: list[str], applicant: str | None, facts: dict[str, Any], lex: Lexicon
) -> list[str]:
    """ "我们技术转移中心有两个人入选了优秀技术转移转化个人": an organisation asking a measure
    of persons for its staff names its own type only to say who speaks; its own measure, told
    no fact of its own, is no matter beside them."""
    staff = lex.raw.get("staff_rules", [])
    if not applicant or not any(tp in staff for tp in topics):
        return topics
    return [
        tp
        for tp in topics
        if tp in staff
        or applicant not in RULES[tp].applicants
        or RULES[tp].own_facts & facts.keys()
    ]


def _projected_base(
    t: Text, money: dict[str, Decimal], figures: list[roles.Figure], main: str | None
) -> list[str]:
    """ "去年2300万…今年到年底估计能做到3500万，今年能拿多少？": with no amount told for now
    (none, or only one said of an earlier year), the one figure projected is what the answer
    reads, said back as an assumption."""
    projected = [
        i for i, f in enumerate(figures) if f.role == "context" and roles.projected(f.mention)
    ]
    if main is None or len(projected) != 1:
        return []
    if main in money:
        told = [f for f in figures if f.is_amount and f.value == money[main]]
        earlier = told and all(
            roles.year_said(t.sentence_before(f.mention.start, 60)) == "earlier_year_before"
            for f in told
        )
        asked = [t.s[a:b] for a, b in t.sentences() if acts.asks(t.s[a:b])]
        if not earlier or (asked and roles.year_said(asked[-1]) == "earlier_year_before"):
            return []
        for k, f in enumerate(figures):
            if f in told:
                figures[k] = roles.Figure(f.mention, "context", "inferred")
    i = projected[0]
    figures[i] = roles.Figure(figures[i].mention, "base", "inferred")
    money[main] = figures[i].value
    return [f"按您预计的{format_yuan(figures[i].value)}计算，实际以认定登记的数字为准。"]


def _approximations(
    t: Text, numbers: list[NumberMention], money: dict[str, Any]
) -> tuple[dict[str, tuple[Decimal, Decimal]], dict[str, Decimal]]:
    """Money facts said as a range ("六七千万": fact → both ends) or a floor ("一千多万")."""
    ranges = {
        name: (n.value, n.high)
        for n in numbers
        if n.high is not None
        for name, value in money.items()
        if value == n.value
    }
    floors = {
        name: n.value
        for n in numbers
        if n.approx and n.high is None and re.search(_FLOOR_WORDS, n.raw + t.s[n.end : n.end + 2])
        for name, value in money.items()
        if value == n.value
    }
    return ranges, floors


def yes_no(text: str) -> bool | None:
    """A terse reply to a yes/no question: True, False, or None when it says neither.

    A negation word counts only where it negates: "不久前验收了" is a yes, "还没" a no."""
    spec = lexicon().raw["terse_answer"]
    if re.search(spec["negative"], text):
        return False
    return True if re.search(spec["positive"], text) else None


__all__ = [
    "MAX_CHARS",
    "Flags",
    "Intent",
    "Understanding",
    "blank_set_aside",
    "lexicon",
    "understand",
    "yes_no",
]
