"""What a message says about the conversation so far: the words that point back.

A follow-up is read here, never in the dialogue layer (issue #18: nothing outside
``assistant/nlu`` parses a message): a terse yes/no, an ordinal that names one of the matters
("第二个项目呢"), a change relative to the figure under discussion ("再多一半呢", "打个八折呢",
"再加200万呢"), money taken back ("那30万其实没拿到"), and "one more" ("另外还有…", "我同事…").
:mod:`assistant.dialogue.matters` applies what is read to the case file. The words are
``lexicon.yaml``'s ``dialogue`` section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from assistant.nlu import acts
from assistant.nlu.lexicon import lexicon
from assistant.nlu.numbers import find_numbers
from assistant.nlu.understand import yes_no

# "是的，已经交了" answers a yes/no; a longer message says more than an answer.
TERSE_ANSWER_CHARS = 8
_ORDINALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "最后": -1}
_TIMES = {"一": 1, "两": 2, "二": 2, "三": 3}


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    raw = lexicon().raw["dialogue"]
    return {name: re.compile(p) for name, p in raw.items() if isinstance(p, str)}


def cue(name: str, text: str) -> bool:
    """One of the dialogue cues of ``lexicon.yaml`` ("adds", "new_matter" …) is in ``text``."""
    return bool(_cues()[name].search(text or ""))


def not_an_answer(text: str) -> bool:
    """ "之前没拿过" is about money received, not a yes/no to the condition just asked; and a
    message that asks ("为什么不是更多") is a question, never a "不是" to it."""
    return cue("not_a_yes_no", text) or acts.asks(text)


def terse_yes_no(text: str) -> bool | None:
    """A short reply's yes or no to the question just asked; None when it is not one."""
    return None if not_an_answer(text) else yes_no(text)


def done_after_all(text: str) -> bool:
    """ "不对，年底已经全部完成了": a completion said with no object (one with its object,
    "协议任务已经完成了", is read by understanding)."""
    return cue("done_after_all", text)


def ordinal(text: str) -> int | None:
    """ "第二个项目呢": which of the matters (1-based; -1 the last), or None."""
    m = _cues()["ordinal_ref"].search(text or "")
    if not m:
        return None
    n = m["n"]
    return int(n) if n.isdigit() else _ORDINALS.get(n)


def retracts(text: str) -> bool:
    """ "那30万其实没拿到", "我记错了，那笔钱…": money said before is taken back."""
    slip = cue("misremembered", text) and cue("money_ref", text)
    return cue("retracts", text) or bool(slip)


@dataclass(frozen=True)
class Change:
    """A figure moved relative to the one under discussion: times ``scale``, or by ``step``
    (up, or down when ``down``). ``step_bare``: the step was said without a unit ("再加200")."""

    down: bool = False
    scale: Decimal | None = None
    step: Decimal | None = None
    step_bare: bool = False


def relative(text: str) -> Change | None:
    """ "再多一半呢", "少三成呢", "打个八折呢", "翻倍呢", "再加200万呢", "what if it were half?":
    the change said, or None (also when it names no exact figure: "少一倍")."""
    if zeros := _ZEROS.search(text or ""):  # "打错了，少写了个零": a digit slip, ×10 / ÷10
        n = _TIMES.get(zeros["n"] or "一", 1)
        ten = Decimal(10) ** n
        return Change(scale=ten if zeros["dir"] == "少" else 1 / ten)
    if times := _DOUBLINGS.search(text or ""):  # "翻两番": four times
        return Change(scale=Decimal(2) ** (_TIMES.get(times["n"]) or int(times["n"])))
    m = _cues()["relative"].search(text or "")
    said = (text[m.start() : m.start("what")], m["what"]) if m else _relative_en(text or "")
    if said is None:
        return None
    verb, what = said
    down = bool(_cues()["relative_down"].search(verb))
    if what in ("一半", "半"):
        return Change(down, scale=Decimal("0.5") if down else Decimal("1.5"))
    if what in ("番", "倍"):  # "翻番", "翻倍": twice the figure
        return None if down else Change(scale=Decimal(2))
    if what.endswith("%") or what.startswith("百分之"):
        share = find_numbers(what)
        if not share or share[0].kind != "ratio":
            return None
        v = share[0].value
        return Change(down, scale=1 - v if down else 1 + v)
    if "倍" in what:
        if down:
            return None  # "少一倍" says nothing exact
        times = re.search(r"(一|两|二|三|\d+)倍", what)
        n = (_TIMES.get(times[1]) or int(times[1])) if times else 1
        return Change(scale=Decimal(n + 1))
    if what.endswith(("折", "成")):
        tenths = find_numbers(what[:-1] + "个")  # "八" alone is no number: "八个" is
        digit = tenths[0].value if tenths else None
        if digit is None or not 0 < digit < 10:
            return None
        if what.endswith("折"):  # "打八折": to 80%
            return Change(scale=digit / 10)
        return Change(down, scale=(10 - digit if down else 10 + digit) / Decimal(10))
    figures = [x for x in find_numbers(what) if x.kind in ("money", "number")]
    if not figures:
        return None
    return Change(down, step=figures[0].value, step_bare=figures[0].kind == "number")


# "少写了个零", "多打了两个0": the figure said lacks (has too many) zeros.
_ZEROS = re.compile(
    r"(?P<dir>少|多)(写|打|输|敲|算|填)?了?(?P<n>一|两|二|三)?个?(零|0)(?![件部碎头售钱花星散\d.])"
)
# "翻两番", "翻一番": doubled that many times.
_DOUBLINGS = re.compile(r"翻(了)?(?P<n>一|两|二|三|\d)番")


def _relative_en(text: str) -> tuple[str, str] | None:
    """ "what if it were half?", "20% higher?": the Chinese verb and amount it stands for."""
    if not (lexicon().what_if.search(text) or "?" in text):
        return None
    for pattern, verb, what in lexicon().raw["dialogue"]["relative_en"]:
        if m := re.search(pattern, text):
            return verb, what.replace("{n}", m.groupdict().get("n") or "")
    return None


__all__ = [
    "TERSE_ANSWER_CHARS",
    "Change",
    "cue",
    "not_an_answer",
    "ordinal",
    "relative",
    "retracts",
    "terse_yes_no",
]
