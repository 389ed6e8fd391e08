"""What a message does besides asking about a measure: greeting, and asking several questions.

A greeting is a message of greeting words only (issue #18): "你好", "在吗？", "你能做什么".
A question that merely contains "帮助" ("核心技术员跳槽把图纸带走了，政策上有什么帮助吗") is a
question without a topic word and goes to retrieval, never to the welcome text. The greeting
words are the lexicon's ``intents.greeting`` (passed in, so understanding can ask this
while it reads); what may stand around them is ``acts.yaml``.

A message may hold several questions ("中试基地能补多少？另外两个员工自费考了技术经纪人证，
能报吗？"): :func:`questions` cuts it where a question ends, so each can be answered in its own
part (the engine decides whether the parts are about different things).

A message may ask about the answer just given ("这个是按什么比例算的？有没有上限", "为什么是0"):
:func:`about_answer` says what it asks about (its rate, cap, steps, conditions, why it is 0,
whom to go to), by the cue words of ``acts.yaml``, and which figures sit inside those words, so
the dialogue can tell such a question from a message that brings a new figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from assistant.nlu.numbers import find_numbers
from corpus import yamlfile

DATA = Path(__file__).with_name("acts.yaml")


@cache
def _data() -> dict[str, re.Pattern[str]]:
    raw = yamlfile.read(DATA)
    names = (
        "greeting_filler",
        "question_end",
        "question",
        "same",
        "other",
        "another",
        "check",
        "asks_amount",
        "cap_reached",
        "asks_procedure",
        "asks_date",
        "supposes",
        "counting",
        "computes",
        "contingent",
        "assent",
        "english_asks_amount",
        "english_second_question",
    )
    return {name: re.compile(raw[name]) for name in names}


@cache
def _about() -> dict[str, re.Pattern[str]]:
    raw = yamlfile.read(DATA)["about_answer"]
    return {aspect: re.compile(cue) for aspect, cue in raw.items()}


@dataclass(frozen=True)
class AboutAnswer:
    """What a message asks about the previous answer."""

    aspects: tuple[str, ...]  # rate, cap, steps, conditions, why_zero, who (acts.yaml's order)
    figures: tuple[Decimal, ...]  # figures inside the cue words ("为什么是0"), not new facts
    new_figure: bool  # a figure outside the cue words: the message says something new


def about_answer(text: str) -> AboutAnswer | None:
    """The aspects of the previous answer ``text`` asks about, or None when it names none."""
    text = text or ""
    spans: list[tuple[int, int]] = []
    aspects = []
    for aspect, cue in _about().items():
        found = [m.span() for m in cue.finditer(text)]
        if found:
            aspects.append(aspect)
            spans += found
    if not aspects:
        return None
    inside, outside = [], False
    for n in find_numbers(text):
        if any(a <= n.start and n.end <= b for a, b in spans):
            inside.append(n.value)
        else:
            outside = True
    return AboutAnswer(tuple(aspects), tuple(inside), outside)


def amount_asked_apart(text: str) -> bool:
    """ "这两块分别能补多少？合在一起有没有上限？": an amount asked in a clause of its own, one
    that asks nothing about the answer before it."""
    return any(
        asks_amount(c) and about_answer(c) is None
        for c in re.split(r"[，,。？?；;！!]", text or "")
    )


def _filler() -> re.Pattern[str]:
    return _data()["greeting_filler"]


def asks(text: str) -> bool:
    """The message asks something (a question mark or a question word), rather than only
    stating facts ("一个验收了（省拨400万），另一个还在执行期")."""
    return bool(_data()["question"].search(text or ""))


def supposes(text: str) -> bool:
    """The question supposes something ("要是…呢", "如果…")."""
    return bool(_data()["supposes"].search(text or ""))


def asks_cap_reached(text: str) -> bool:
    """The message asks at what base the ceiling is reached ("融资额到多少就封顶了")."""
    return bool(_data()["cap_reached"].search(text or ""))


def asks_amount(text: str) -> bool:
    """The message asks for an amount in so many words ("能拿多少", "多少钱")."""
    return bool(_data()["asks_amount"].search(text or ""))


def counting(text: str) -> bool:
    """The question asks whether the matters told are counted together or apart."""
    return bool(_data()["counting"].search(text or ""))


def computes(text: str) -> bool:
    """The message says the asker's own arithmetic ("我自己按百分之一算")."""
    return bool(_data()["computes"].search(text or ""))


def another(text: str) -> bool:
    """The question starts as a new one ("另外…", "还有个问题…", "顺便问一下…"), so it need not
    name a measure to be answered on its own."""
    return bool(_data()["another"].search(text or ""))


def assents(text: str) -> bool:
    """The whole message says yes ("是的", "对，就是这条", "yes"): the answer to a question
    that offered one reading ("您问的是不是（九）这一条？")."""
    return bool(_data()["assent"].fullmatch((text or "").strip()))


def same_or_other(text: str) -> str | None:
    """The answer to "是同一个项目吗？" (asked when a figure named no matter of its own):
    ``"other"`` (another matter), ``"same"`` (one matter; the figure was the asker's own
    arithmetic or estimate) or None (the message is about something else)."""
    d = _data()
    if d["other"].search(text or ""):
        return "other"
    if d["same"].search(text or ""):
        return "same"
    return None


def questions(text: str) -> list[str]:
    """The questions of ``text`` in order, each with what leads up to it; one item when the
    message asks one thing. Words after the last question belong to it."""
    parts, start = [], 0
    for m in _data()["question_end"].finditer(text or ""):
        if text[start : m.end()].strip(" \t\n，,。.；;？?！!"):
            parts.append(text[start : m.end()].strip())
        start = m.end()
    tail = (text or "")[start:].strip()
    if tail.strip(" \t\n，,。.；;？?！!"):
        if parts and (len(tail) < 4 or not asks(tail)):
            # "…吗？谢谢": a courtesy; "…能拿多少？另外我们去年已经拿过10万了": a fact for
            # the question before it, not another question
            parts[-1] += tail
        else:
            parts.append(tail)
    # "…对吗？有没有哪里算错了": a check of what the question before it said is that question's;
    # so is one that holds only if its answer is no ("要是不行，那得等到什么时候").
    joined: list[str] = []
    for part in parts:
        if joined and (_data()["check"].search(part) or _data()["contingent"].match(part)):
            joined[-1] += part
        else:
            joined.append(part)
    pieces = [q for part in joined for q in _by_semicolon(part)]
    return [q for piece in pieces for q in _by_kind(piece)] or [text]


def _by_kind(part: str) -> list[str]:
    """ "…大概能拿多少，具体需要走什么申报流程、找哪个部门？", "申报截止日期是哪天，材料交到
    哪儿": after a clause that asks an amount or a date, a clause asking the procedure or whom
    to see is a question of its own. A space between two Chinese clauses parts them like a
    comma ("补多少 找哪个部门报")."""
    for m in re.finditer(r"[，,]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", part):
        before, after = part[: m.end()], part[m.end() :]
        asked = _data()["asks_amount"].search(before) or _data()["asks_date"].search(before)
        if asked and _data()["asks_procedure"].match(after):
            return [before, after]
    # "how much reward can our branch get, and if one of these loans goes bad, is there …?":
    # an English amount question joined to another question by "and".
    if (m := _data()["english_second_question"].search(part)) and _data()[
        "english_asks_amount"
    ].search(part[: m.start()]):
        return [part[: m.start()], part[m.end() :]]
    return [part]


def _by_semicolon(part: str) -> list[str]:
    """ "…两千八百万，奖多少；我们一个员工…评为优秀个人，奖多少": a semicolon ends a question
    when the words before it ask something and so do the words after it."""
    pieces: list[str] = []
    current = ""
    for seg in re.split(r"(?<=[；;])", part):
        current += seg
        # The sentence the semicolon ends must ask ("…四份：技术开发900万；转让…" lists).
        said = re.sub(r"[。！!\s]+$", "", current.rstrip("；; "))
        if asks(re.split(r"[。！!]", said)[-1]) and seg.strip("；; "):
            pieces.append(current)
            current = ""
    if current.strip("；; \t\n"):
        if pieces:
            pieces[-1] += current  # the words after the last question belong to it
        else:
            pieces.append(current)
    return pieces if all(asks(p) for p in pieces) else [part]


def greeting_only(text: str, greeting: re.Pattern[str]) -> bool:
    """True when ``text`` holds ``greeting`` words and nothing else but fillers and
    punctuation."""
    s = (text or "").strip()
    if not greeting.search(s):
        return False
    rest = greeting.sub("", s)
    while (shorter := greeting.sub("", rest)) != rest:  # "你好你好"
        rest = shorter
    return not _filler().sub("", rest).strip()


def content_free(text: str) -> bool:
    """True when ``text`` only announces a question ("有个问题", "我想咨询一下"): fillers and a
    word of asking, nothing asked yet. ("嗯", "好的" may answer a question and are not this.)"""
    s = (text or "").strip()
    return bool(_ANNOUNCES.search(s)) and not _filler().sub("", s).strip()


_ANNOUNCES = re.compile(r"问|咨询|请教|打听|了解|情况|事")


__all__ = [
    "AboutAnswer",
    "about_answer",
    "another",
    "asks",
    "content_free",
    "greeting_only",
    "questions",
    "same_or_other",
]
