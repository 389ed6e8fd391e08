"""What the policy does not cover: topics, other jurisdictions, applicants outside 附则.

The data is ``scope.yaml`` (each entry with the Chinese explanation shown to the user). A
question about any of these gets an answer whose first sentence says plainly that this
policy does not cover it; only after that may nearby measures be named. Never a list of
measures "按您是入驻企业来看".

"Not covered" needs evidence (issue #18), because a wrong one makes an enterprise give up
money it is owed. A guessed kind of support ("有没有X补贴" with X in no measure's vocabulary)
is said only when X is absent from the policy text and from ``corpus/synonyms.yaml``, no
topic or clause cue fired anywhere in the message, and retrieval ranks no clause first in
every channel. A listed topic of ``scope.yaml`` (a person checked it against the text) yields
to a measure's cue said after it: the head of a Chinese phrase comes last, so in
"办展会的服务公司入驻有支持吗" what is asked about is the 服务公司入驻 of （十）, not the 展会.
Each :class:`NotCovered` carries the evidence it rests on, for the reply gate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from corpus import yamlfile
from corpus.clauses import load_policy
from corpus.location import corpus_file

DATA = Path(__file__).with_name("scope.yaml")
LEXICON = Path(__file__).with_name("lexicon.yaml")  # the measures' vocabulary (topics, cues)
_FUNCTION_CHARS = set("有没无的么啥吗些能可以我们咱是否对给请申享受领拿还了")
_SENTENCE_END = re.compile(r"[。？?！!；;\n]")
_SUPPORT_WORD = re.compile(r"(补贴|补助|奖励|贴息|资助|奖补|补偿)$")
_BETWEEN = re.compile(r"(有没有|有无|没有|有|的|也|都|还)+$")


@dataclass(frozen=True)
class NotCovered:
    """Why a question is outside this policy, in words for the user."""

    kind: str  # "topic" | "other_place" | "applicant"
    name: str  # the topic, the place or the kind of applicant
    explanation: str  # first sentence: this policy does not cover it
    nearby: list[str] = field(default_factory=list)  # clause labels worth pointing to
    after: str = ""
    # What the verdict rests on, in words (scope.yaml's entry, the checks a guess passed):
    # the reply gate (assistant/answer/gate.py) lets no "not covered" out without it.
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Entry:
    name: str
    rx: re.Pattern[str]
    explanation: str
    nearby: list[str]
    only_without_facts: bool = False
    # What the text does cover for this asker ("在读研究生…能入驻吗": a team may enter, （一）（二）).
    unless: re.Pattern[str] | None = None


@cache
def _data() -> dict[str, Any]:
    raw = yamlfile.read(DATA)
    join = "|".join
    topics = [
        _Entry(
            t["name"],
            re.compile(join(f"(?:{p})" for p in t["patterns"])),
            t["explanation"],
            list(t.get("nearby") or []),
        )
        for t in raw["topics"]
    ]
    place = raw["other_place"]
    places = place["places"]
    applicants = [
        _Entry(
            a["explanation"][:12],
            re.compile(join(f"(?:{p})" for p in a["patterns"])),
            a["explanation"],
            [],
            bool(a.get("only_without_facts")),
            re.compile(a["unless"]) if a.get("unless") else None,
        )
        for a in raw["outside_applicants"]
    ]
    lexicon = yamlfile.read(LEXICON)
    vocabulary = [p for pats in lexicon["topics"].values() for p in pats]
    vocabulary += [p for pats in lexicon["clause_cues"].values() for p in pats]
    support = raw["unknown_support"]
    vocabulary += [re.escape(w) for w in support["covered_heads"]]
    return {
        "support_head": re.compile(support["head"]),
        "support_verb": re.compile(support["verb_head"]),
        "support_verb_kind": support["verb_kind"],
        "support_verb_not": re.compile(support["verb_head_not"]),
        "support_not_heads": re.compile(support["not_heads"]),
        "support_refers_back": re.compile(support["refers_back"]),
        "support_covered": re.compile(join(f"(?:{p})" for p in vocabulary)),
        "support_text": support["explanation"],
        "support_after": support["after"],
        "topics": topics,
        "places": re.compile(places),
        "about": re.compile(place["about"].replace("{places}", places)),
        "not_about": re.compile(place["not_about"].replace("{places}", places)),
        "in_scope": re.compile(place["in_scope"]),
        "place_text": place["explanation"],
        "place_after": place["after"],
        "applicants": applicants,
        "cues": [
            re.compile(p)
            for pats in (*lexicon["topics"].values(), *lexicon["clause_cues"].values())
            for p in pats
        ],
        "retrieval_line": float(raw["retrieval_line"]),
    }


def _asking_spans(text: str) -> list[tuple[int, int]]:
    """The sentences that ask, when a message of several sentences has any ([] otherwise:
    then every word may be what is asked)."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    asking = [(a, b) for a, b in spans if _ASKS.search(text[a:b])]
    return asking if len(spans) > 1 else []


_ASKS = re.compile(r"[？?]|吗|呢|么|多少|怎么|如何|哪|什么|啥|有没有|是否|能不能|可不可以|行不行")


def check(
    text: str, has_facts: bool = False, retrieved: tuple[str, float] | None = None
) -> NotCovered | None:
    """The first reason this question is outside the policy, or None.

    ``has_facts``: the message gives facts of a measure, so an applicant entry marked
    ``only_without_facts`` leaves the answer to that measure's own conditions.
    ``retrieved``: the clause retrieval ranks first for the whole message and its fused
    score (1.0 = first in every channel); a guessed kind of support yields to it."""
    d = _data()
    cues = cue_spans(text)
    asking = _asking_spans(text)
    for entry in d["topics"]:
        if (m := entry.rx.search(text)) is None:
            continue
        if asking and not any(a <= m.start() < b for a, b in asking):
            # "…服务过不少新品发布和成果展。…对我们这种服务公司有没有说法？": background, not
            # what is asked
            continue
        stop = _SENTENCE_END.search(text, m.end())
        limit = stop.start() if stop else len(text)
        if any(m.end() < end <= limit for _, end in cues):
            # "办展会的服务公司入驻": the phrase's head, said last, is a measure's
            continue
        return NotCovered(
            "topic",
            entry.name,
            entry.explanation,
            entry.nearby,
            evidence=(f"scope.yaml「{entry.name}」：{m.group()}",),
        )
    if not has_facts and not cues and (unknown := _unknown_support(text, d)) is not None:
        found = found_in_policy(_SUPPORT_WORD.sub("", unknown.name))
        confident = retrieved is not None and retrieved[1] >= d["retrieval_line"]
        if found is None and not confident:
            return unknown
    for entry in d["applicants"]:
        if (m := entry.rx.search(text)) is None or (has_facts and entry.only_without_facts):
            continue
        # The asker is outside the 适用主体 only for what the text does not offer them: a
        # measure named besides the words that say who they are ("在读研究生参加技术经纪人培训")
        # or what it offers such an asker (entry.unless) is answered by its clause.
        named = any(end <= m.start() or start >= m.end() for start, end in cues)
        if not named and not (entry.unless and entry.unless.search(text)):
            return NotCovered(
                "applicant",
                entry.name,
                entry.explanation,
                ["附则"],
                evidence=(f"附则的适用主体之外：{m.group()}",),
            )
    about = d["about"].search(text)
    if about and not d["in_scope"].search(text) and not d["not_about"].search(text):
        place = d["places"].search(about.group()).group()
        return NotCovered(
            "other_place",
            place,
            d["place_text"].replace("{place}", place),
            [],
            d["place_after"],
            evidence=(f"问的是{place}的政策：{about.group()}",),
        )
    return None


def cue_spans(text: str) -> list[tuple[int, int]]:
    """Where a measure's topic word or a clause cue (lexicon.yaml) occurs in ``text``."""
    return [(m.start(), m.end()) for rx in _data()["cues"] for m in rx.finditer(text)]


def found_in_policy(words: str) -> str | None:
    """Where ``words`` (the thing asked about) occur in the policy: the clause whose text
    holds three of its characters in a row, or whose plain words (synonyms.yaml) include one
    of its words; None when neither does. Function characters and generic words
    (scope.yaml's ``generic_words``) are no evidence."""
    v = _vocabulary()
    runs = [r for r in re.split(f"[{''.join(_FUNCTION_CHARS)}]+", words) if r]
    for label, body in v["texts"].items():
        if any(run[i : i + 3] in body for run in runs for i in range(len(run) - 2)):
            return label
    for label, plain in v["words"].items():
        if any(w in words for w in plain):
            return label
    return None


@cache
def _vocabulary() -> dict[str, dict[str, Any]]:
    generic = set(yamlfile.read(DATA)["generic_words"])
    synonyms = yamlfile.read(corpus_file("synonyms.yaml")) or {}
    words = {
        str(label): [w for w in map(str, entry.get("words") or []) if len(w) >= 2]
        for label, entry in synonyms.items()
    }
    return {
        "texts": {c.label: c.title + c.body for c in load_policy().clauses},
        "words": {k: [w for w in ws if w not in generic] for k, ws in words.items()},
    }


def _unknown_support(text: str, d: dict[str, Any]) -> NotCovered | None:
    """ "有没有算力补贴", "差旅费能不能补": a named kind of support whose head noun no
    measure's vocabulary matches is not covered. The head is read in the few characters
    before the support word or verb (within its clause); any measure word there ("孵化器奖补",
    "建站补助", "培训费能不能报") keeps it covered."""
    said_as_noun = [(m, m.group(2)) for m in d["support_head"].finditer(text)]
    said_as_verb = [
        (m, d["support_verb_kind"])
        for m in d["support_verb"].finditer(text)
        if not d["support_verb_not"].search(m.group(1))
    ]
    for m, kind in said_as_noun + said_as_verb:
        window = re.split(
            r"[，。,；;？?！!、\s]", text[max(0, m.end(2) - len(m.group(2)) - 12) : m.start(2)]
        )[-1]
        # "职称评审有奖励吗": what stands between the head and the support word is no head;
        # the six characters before it are the head's window, read whole ("这种情况有没有奖励"
        # is no kind of support named, whatever the cut would leave: "种情况").
        window = _BETWEEN.sub("", window)
        whole, window = window, window[-6:]
        if len(window) < 2 or d["support_not_heads"].search(whole):
            continue
        if d["support_refers_back"].search(whole):
            continue
        if d["support_covered"].search(window + m.group(2)):
            continue
        head = window[-2:]
        for n in (6, 5, 4, 3):
            if len(window) >= n and not _FUNCTION_CHARS & set(window[-n:]):
                head = window[-n:]
                break
        if _FUNCTION_CHARS & set(head):
            continue
        said = d["support_text"].replace("{head}", head).replace("{kind}", kind)
        evidence = (
            f"「{head}」不在原文和 synonyms.yaml 里",
            "没有措施的主题词或条款线索",
            "检索没有把任何条款排在每个通道的第一",
        )
        return NotCovered("topic", head + kind, said, [], d["support_after"], evidence)
    return None


__all__ = ["NotCovered", "check", "cue_spans", "found_in_policy"]
