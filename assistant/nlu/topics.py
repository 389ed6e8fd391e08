"""Which measures a message is about: topic cues counted, then resolved by who speaks.

A topic word names different measures for different speakers (a contract is （四） for a firm
and （五） for a school), so the raw counts are resolved against the speaker here, once.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.nlu import roles
from assistant.nlu.context import Text, matches
from assistant.nlu.lexicon import Lexicon, lexicon
from assistant.nlu.numbers import NumberMention
from assistant.nlu.speaker import part_words
from calculators.registry import RULES


def mask_context_clauses(s: str, numbers: list[NumberMention]) -> str:
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


def mask_bundled(s: str, lex: Lexicon) -> str:
    """ "一份是受让专利，同时打包了技术秘密和人员培训": what a contract bundles is its contents,
    naming no measure of its own (培训 here is no training paid for). (A clause set aside with
    除了 is blanked before, with the sentences set aside: understand.blank_set_aside.)"""
    return re.sub(lex.raw["bundled_contents"], lambda m: " " * len(m[0]), s)


def topic_positions(t: Text, lex: Lexicon, applicant: str | None = None) -> dict[str, int]:
    """Topic (or pseudo-topic contract/service) → position of its first word."""
    found: dict[str, int] = {}
    parts = part_words(lex, applicant)
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


def resolve_topics(
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


def topic_in_scope(name: str, topics: list[str], lex: Lexicon) -> bool:
    scope = lex.topic_scope.get(name) or frozenset()
    return not scope or not topics or bool(scope & set(topics))
