"""条款浏览's search: a clause by its number in any form, or by words in the text or the plain
words people use for it (corpus/synonyms.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.clauses import APPENDIX_LABEL, Clause, load_policy

_NUMERALS = "一二三四五六七八九"
_NUMBER = re.compile(
    r"^\s*第?\s*[（(]?\s*(?P<n>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]?\s*[条项款]?\s*$"
)


@dataclass(frozen=True)
class Hit:
    clause: Clause
    why: str  # 条款编号 | 原文 | 常用说法：…
    marks: tuple[str, ...]  # text to highlight in the clause


def _cn_number(text: str) -> int | None:
    if text == "十":
        return 10
    if len(text) == 1:
        return _NUMERALS.index(text) + 1 if text in _NUMERALS else None
    if text.startswith("十") and len(text) == 2:
        return 10 + _NUMERALS.index(text[1]) + 1 if text[1] in _NUMERALS else None
    if len(text) >= 2 and text[1] == "十" and text[0] in _NUMERALS:
        tail = text[2:]
        ones = _NUMERALS.index(tail) + 1 if tail and tail in _NUMERALS else 0
        return (_NUMERALS.index(text[0]) + 1) * 10 + ones
    return None


def clause_number(query: str) -> int | None:
    """6, ６, 六, 第六条, （六）, (6) → 6; anything else → None."""
    m = _NUMBER.match(query)
    if not m:
        return None
    raw = m.group("n").translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return int(raw) if raw.isdigit() else _cn_number(raw)


def search(query: str) -> list[Hit]:
    """Clauses for ``query``, best first: by number, then literal text, then plain words."""
    policy = load_policy()
    q = query.strip()
    if not q:
        return [Hit(c, "", ()) for c in policy.clauses]
    if q in (APPENDIX_LABEL, "附 则", "有效期"):
        return [Hit(policy.appendix, "条款编号", ())]
    number = clause_number(q)
    if number is not None:
        return [Hit(c, "条款编号", ()) for c in policy.measures if c.number == number]
    hits: dict[str, Hit] = {}
    for c in policy.clauses:
        if q in c.heading + c.body:
            hits[c.label] = Hit(c, "原文", (q,))
    from assistant.retrieval.hybrid import KeywordChannel
    from assistant.retrieval.vectorstore import load_synonyms

    channel = KeywordChannel(load_synonyms())
    words = channel.matches(q)
    scores = channel.scores(q)
    for label, _ in sorted(scores.items(), key=lambda kv: -kv[1]):
        if label in hits:
            continue
        said = [w for w in words if label in channel.owners[w]]
        hits[label] = Hit(policy.clause(label), "常用说法：" + "、".join(said), ())
    order = policy.labels()
    literal = [h for h in hits.values() if h.why == "原文"]
    plain = [h for h in hits.values() if h.why != "原文"]
    return sorted(literal, key=lambda h: order.index(h.clause.label)) + plain
