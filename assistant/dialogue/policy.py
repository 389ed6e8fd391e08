"""Dialogue policy: the state and the message → one small :class:`Decision`.

The layers (issue #9): understanding (:mod:`assistant.nlu.understand`) → state
(:mod:`assistant.dialogue.tracker`, :mod:`assistant.dialogue.casefile`) → **policy** (this module, and
:func:`assistant.dialogue.matters.decide` for the case file's several matters) → actions
(:mod:`assistant.answer.actions`, :func:`assistant.dialogue.matters.act`). A decision names what to do and
with what, never how to word it, so "which answer" can be tested apart from "what it says"
(``tests/test_engine.py`` maps messages to decision kinds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from assistant.dialogue import facts, tracker
from assistant.dialogue import matters as case_policy
from assistant.dialogue.eligibility import is_addressee, on_behalf_kinds, own_clauses, ruled_out
from assistant.dialogue.state import Conversation
from assistant.nlu import acts, newcomer
from assistant.nlu.lexicon import lexicon
from assistant.nlu.understand import STATUS_FACTS, Intent, Understanding
from calculators.registry import (
    DESCRIPTIVE_CLAUSES,
    RULES,
    missing_fields,
    rule_parameters,
    rules_for_applicant,
)
from corpus.clauses import APPENDIX_LABEL
from corpus.measures import load_measures

PROCESS_CLAUSES = ("（一）", "（二）")  # entering the valley: the way in, and who may

Kind = Literal[
    # before anything is understood or remembered
    "empty",  # nothing typed
    "bad_input",  # understanding refused a value ("合同-5万")
    "reset",  # "重新开始"
    "profile",  # "你记住了什么"
    "newcomer",  # a person or a team without a company asks what the valley is
    "about_answer",  # a question about the answer just given ("有没有上限", "为什么是0")
    # the case file's decisions (assistant.dialogue.matters.decide)
    "not_covered",
    "matters",
    "one_matter",
    "hypothetical",
    # one matter at a time
    "thanks",
    "greeting",
    "out_of_scope",
    "process",  # how to enter / apply
    "clause_focus",  # one measure explained to someone who has not said who they are
    "validity",  # the 附则's dates
    "clause_text",
    "responsible",  # 责任单位
    "ask_applicant",  # who are you? (needed before listing measures)
    "list_measures",  # every measure for this applicant (with those computable computed)
    "total",  # every measure whose facts are complete, summed
    "compute",  # the topic's award (and those the message also gave facts for)
    "ask",  # the topic's first missing fact
    "not_addressee",  # the topic's measure supports someone else: explain, do not interview
    "ruled_out",  # a stated fact already fails the topic's condition: a 0 with its reason
    "describe",  # a measure with no figure
    "none_found",  # retrieval found nothing relevant
]


@dataclass
class Decision:
    """What to answer, before any wording: a kind and what that kind needs."""

    kind: Kind
    intent: str = "other"
    rule: str | None = None  # the calculator rule for compute/ask/not_addressee/ruled_out
    clauses: list[str] = field(default_factory=list)  # clause_text/responsible/describe
    focus: str | None = None  # a clause the question pointed at (list_measures, process)
    also: list[str] = field(default_factory=list)  # further rules the message gave facts for
    extra_amounts: dict[str, list[Decimal]] = field(default_factory=dict)
    day: date | None = None  # validity: the date asked about
    problems: list[str] = field(default_factory=list)  # bad_input
    reset: bool = False  # the state was reset by this message
    case: case_policy.Decision | None = None  # the case file's own decision
    retrieval: Any = None  # what retrieval found (shown as Reply.retrieved)
    aspects: tuple[str, ...] = ()  # about_answer: what it asks (assistant.nlu.acts.about_answer)
    again: bool = False  # newcomer/process: this visitor has read it in full already


# What a message may say of the speaker (where, when, which field: "做AI的", how long it has
# worked: "做了三十多年的研究") without naming a measure's facts: no reason to leave an
# orientation or to guess a measure.
_ABOUT_THE_SPEAKER = STATUS_FACTS | {"event_date", "in_focus_industry", "years"}


def before_state(conv: Conversation, u: Understanding, text: str, resets: bool) -> Decision | None:
    """Decisions that need nothing remembered: a refused value, reset, profile, newcomer."""
    if u.problems:
        return Decision("bad_input", u.intent, problems=list(u.problems), reset=resets)
    if u.intent is Intent.RESET or (resets and not _says_more(u)):
        # "下一位" alone is a fresh start, not a question to look up.
        return Decision("reset", u.intent, reset=True)
    if u.intent is Intent.PROFILE:
        return Decision("profile", u.intent)
    # A newcomer (a graduate, a person, a team without a company) asking what the valley
    # is or where: an orientation (assistant/answer/newcomer.py), not a question about a company
    # type they do not have. A message naming a measure or a fact goes the usual way.

    measured = u.facts.keys() - _ABOUT_THE_SPEAKER
    if not (u.topics or u.clauses or measured) and newcomer.asks_overview(text):
        return Decision("newcomer", u.intent, again=_seen(conv, "newcomer"))
    return None


def about_answer(conv: Conversation, u: Understanding, text: str) -> Decision | None:
    """A question about the answer just given ("这个是按什么比例算的？有没有上限", "为什么是0"),
    answered from that answer's blocks (``conv.answered``). Only when there is such an answer
    and the message says nothing new: no figure beyond its cue words, no fact, no other
    applicant or measure, no "要是…呢" or "一共". "找哪个部门" alone keeps the 责任单位 answer."""
    if conv.answered is None:
        return None
    asked = acts.about_answer(text)
    if asked is None or asked.new_figure or asked.aspects == ("who",):
        return None
    if set(asked.aspects) <= {"rate", "steps"} and acts.asks_amount(text):
        return None  # "那按这个比例我们能拿多少": the amount again (its steps hold the rate)
    if asked.aspects == ("cap",) and _OUR_CEILING.search(text) and not _LIMIT_NAMED.search(text):
        return None  # "那我们最多能拿多少": the asker's ceiling, i.e. the amount again
    if acts.amount_asked_apart(text):
        return None  # "这两块分别能补多少？合在一起有没有上限？": the amount asked in its own words
    if any(not (isinstance(v, Decimal) and v in asked.figures) for v in u.facts.values()):
        return None  # "协议任务已经完成了，为什么是0": a new fact, computed again
    if u.applicant is not None and u.applicant != conv.applicant:
        return None
    if u.flags.what_if or u.flags.total or u.flags.new_visitor:
        return None
    named = {RULES[t].clause for t in u.topics if t in RULES} | set(u.clauses)
    if named - set(conv.answered.get("clauses") or ()):
        return None  # "孵化器按什么比例算": another measure
    return Decision("about_answer", u.intent, aspects=asked.aspects)


# "我们最多能拿多少": the asker's own ceiling (its amount), whereas a bare "最多能拿多少" or the cap
# named as such ("上限是多少", "封顶多少") asks the measure's cap.
_OUR_CEILING = re.compile(
    r"((我们|咱们|我司|我|本单位)[^，。,；;？?]{0,4}|^\s*(那|那么|这样的话)[，,]?\s*)"
    r"(最多|最高|顶多)[^，。,；;？?]{0,3}(拿|领|得|给|补|奖)"
)
_LIMIT_NAMED = re.compile(r"上限|封顶|顶格|限额|有没有(个)?(头|顶)|(条|项|措施|政策)(的)?最(多|高)")


def _seen(conv: Conversation, *orientations: str) -> bool:
    """The visitor has read one of ``orientations`` in full: "怎么入驻" a second time, or after
    the overview (which holds the way in), points back to it."""
    return any(o in conv.shown for o in orientations)


def _says_more(u: Understanding) -> bool:
    """Anything beyond "下一位" (which understanding blanks out of the text)."""
    return bool(u.text.strip(" \t\n：:，,。.！!~") or u.facts or u.topics or u.applicant)


def single_matter(
    conv: Conversation, u: Understanding, retrieval: Any, asked_who: bool
) -> Decision:
    """One matter at a time, once the message is remembered (``tracker.remember``).

    Sets ``conv.topic`` where the message settles it (a keyword guess retrieval does not
    back is dropped; "我们是入驻企业" with one measure for them adopts it).
    """
    d = _route(conv, u, retrieval, asked_who)
    d.retrieval = retrieval
    return d


def _route(conv: Conversation, u: Understanding, retrieval: Any, asked_who: bool) -> Decision:
    intent = u.intent
    if asked_who and conv.applicant and not u.topics:
        return Decision("list_measures", Intent.ELIGIBILITY)
    top = retrieval.hits[0].clause if retrieval.relevant and retrieval.hits else None
    topic = trusted_topic(u, retrieval)
    if u.topics and topic is None and conv.topic == u.topics[0]:
        conv.topic = None  # a keyword guess the retrieval does not back: drop it
    if u.flags.thanks:
        return Decision("thanks", intent)
    if intent is Intent.GREETING:
        return Decision("greeting", intent)
    if intent is Intent.OUT_OF_SCOPE:
        return Decision("out_of_scope", intent)
    if intent is Intent.PROCESS:
        # "有没有人帮忙跑？我们就两个人": retrieval's clause counts only where the message
        # names a measure or who asks; help with the way in is the way in.
        named = bool(u.topics or u.clauses or u.part_named or u.applicant)
        if top and top not in PROCESS_CLAUSES and top != APPENDIX_LABEL and named:
            # "知识产权质押融资怎么办" asks how, but about one measure, not about entering.
            return Decision("clause_focus", intent, focus=top)
        return Decision("process", intent, focus=top, again=_seen(conv, "process", "newcomer"))
    subject = topic or conv.topic  # what "这个" / "原文" / "还能拿多少" refer to
    if intent is Intent.ELIGIBILITY and conv.topic and not u.topics and acts.asks_amount(u.text):
        intent = Intent.AMOUNT  # "我个人能拿到什么支持？多少钱" after the matter was told
    # "两名员工被评为优秀个人…两人一共多少": a total of the message's own one measure is that
    # measure computed (its count makes the items), not the conversation's sum.
    own_one = len(u.topics) == 1 and u.topics[0] in RULES and has_facts_for(u.topics[0], u)
    if u.flags.total and intent is not Intent.ELIGIBILITY and not own_one:
        return Decision("total", intent) if complete_rules(conv) else _list(conv, intent)
    # "政策管到哪一年，他后面还想再建一个众创空间": a kind named alone is what the date is
    # asked for, not a matter to compute.
    # "…要到2029年11月才能完成，到时候还能申请吗": the date is what is asked about, no fact.
    if intent is Intent.VALIDITY and not (
        subject
        and has_facts_for(
            subject, u, kinds=False, dates=not re.search(lexicon().raw["dates_asked"], u.text)
        )
    ):
        combining = ("combining",) if u.flags.combining else ()
        return Decision("validity", intent, day=u.facts.get("event_date"), aspects=combining)
    if intent in (Intent.CLAUSE_TEXT, Intent.RESPONSIBLE):
        # "原文怎么说的" / "这个找谁" refer to what is being discussed, unless they name it;
        # after a list of measures, to the measures listed.
        listed = [r.clause for r in rules_for_applicant(conv.applicant or "")]
        # … or what the reply just given was about ("这一条原文" after （十）'s text).
        before = conv.last_clauses
        labels = u.clauses or ([RULES[subject].clause] if subject else []) or before or [top]
        labels = [label for label in labels if label] or list(dict.fromkeys(listed))
        kind = "clause_text" if intent is Intent.CLAUSE_TEXT else "responsible"
        return Decision(kind, intent, clauses=labels)
    told = bool(u.facts.keys() - _ABOUT_THE_SPEAKER)
    if u.named_part and not told:
        # "专利能拿去银行抵押贷款吗", "市里有没有针对晋创谷的技术攻关专项": a part of a measure
        # that sets no figure, named with nothing to compute: its own text answers.
        return Decision("describe", intent, clauses=[u.named_part])
    if u.part_named and not topic and top and not told:
        return Decision("clause_focus", intent, focus=top)
    if (
        conv.last_part
        and intent in (Intent.AMOUNT, Intent.ELIGIBILITY)
        and not (u.topics or u.clauses or told)
    ):
        # "我们承担了，能给多少" right after that part: asked of it, not of a measure to guess.
        return Decision("describe", intent, clauses=[conv.last_part])
    if intent is Intent.ELIGIBILITY:
        if conv.applicant is None and (subject or top not in (None, APPENDIX_LABEL)):
            return Decision("clause_focus", intent, focus=RULES[subject].clause if subject else top)
        if not subject and top in DESCRIPTIVE_CLAUSES and not u.flags.asks_which:
            # "技术秘密被泄露了，有法律上的支持吗": one thing asked, not which measures apply
            return Decision("clause_focus", intent, focus=top)
        return _list(conv, intent, focus=RULES[topic].clause if topic else top)
    if u.applicant and not topic and not (u.facts.keys() - STATUS_FACTS):
        # "我们是入驻企业" says who: with one measure for them, that is the topic.
        own = rules_for_applicant(u.applicant)
        if len(own) != 1:
            return _list(conv, Intent.ELIGIBILITY, focus=top)
        conv.topic = own[0].id
    # An amount question, or one whose intent is unclear: compute if the topic is known.
    # "那按文件能拿多少", "我个人能拿到什么支持？多少钱": an amount of the measure being
    # discussed; a clause retrieval finds for words naming no measure does not move it.
    stays = conv.topic is not None and intent is Intent.AMOUNT
    if not topic and top and (conv.topic is None or not u.facts) and not stays:
        guessed = topic_for_clause(top, conv)
        if guessed:
            conv.topic = guessed
            hired: dict[str, Any] = {}  # "我是海归博士": the one hired is the speaker
            tracker.speaker_hired(conv, hired, u)
            for name, value in hired.items():
                conv.tell(name, value, u.text)
        elif top == APPENDIX_LABEL:
            return Decision("validity", intent)
        elif top in DESCRIPTIVE_CLAUSES:
            # "听说有拨投结合，能给多少钱？": a measure named in its own words outranks retrieval.
            named = [c for c in u.clauses if c in DESCRIPTIVE_CLAUSES]
            return Decision("describe", intent, clauses=named[:1] or [top])
    if conv.topic:
        also = [
            t
            for t in u.topics
            if t != conv.topic
            and has_facts_for(t, u)
            and (conv.applicant is None or conv.applicant in RULES[t].applicants)
        ]
        declared = _declared(u, conv) and not RULES[conv.topic].applicants & set(u.runs)
        # "学校不是高校，也不是科研院所": a measure only for kinds the speaker denies being
        declared = declared or RULES[conv.topic].applicants <= set(u.denied)
        d = _amount(conv, intent, also, u.extra_amounts, declared=declared)
        if d.kind == "ask" and (asked := acts.about_answer(u.text)) and "cap" in asked.aspects:
            d.aspects = ("cap",)  # "一年最多给多少" with no figure: the cap, then the question
        if d.kind == "ask" and acts.asks_cap_reached(u.text):
            d.aspects = (*d.aspects, "reach")  # "融资额到多少就封顶了": where it binds
        if d.kind == "ask" and u.flags.other_grant_asked:
            d.aspects = (*d.aspects, "combining")  # "省里给过…还能再给吗": 就高不重复 first
        return d
    if conv.applicant and intent is Intent.AMOUNT:
        return _list(conv, intent)
    if intent is Intent.AMOUNT and not conv.topic and not (u.facts.keys() - _ABOUT_THE_SPEAKER):
        return Decision("ask_applicant", intent)  # "能拿多少" from someone not yet known
    if top:
        return Decision("clause_text", intent, clauses=[top])
    if conv.applicant and newcomer.is_newcomer(conv.applicant):
        # "需要什么条件" from a person or an unregistered team: what is open to them
        return Decision("newcomer", intent, again=_seen(conv, "newcomer"))
    return Decision("none_found", intent)


def _list(conv: Conversation, intent: str, focus: str | None = None) -> Decision:
    if conv.applicant is None:
        return Decision("ask_applicant", intent)
    if not rules_for_applicant(conv.applicant):
        # No measure computes anything for this applicant: never "本政策有0项措施可能适用".
        # A person or an unregistered team gets the orientation (what is open before
        # registering); a service institution the clause about it.
        if newcomer.is_newcomer(conv.applicant):
            return Decision("newcomer", intent, again=_seen(conv, "newcomer"))
        # "我们是律师事务所…进驻以后有什么支持": the clause that names this kind of applicant
        # (（十） for a service institution) before whatever retrieval ranked first.
        own = next(iter(own_clauses(conv.applicant)), None)
        if own or focus:
            return Decision("clause_focus", intent, focus=own or focus)
        return Decision("none_found", intent)
    return Decision("list_measures", intent, focus=focus)


def _declared(u: Understanding, conv: Conversation) -> bool:
    """The speaker said what it is in this message ("我们是一家资产评估公司"), and it is no
    facility (which speaks for the organisation running it) nor a person an employer asks for."""
    kinds = on_behalf_kinds()
    return bool(u.applicant_own and u.applicant == conv.applicant and u.applicant not in kinds)


def _amount(
    conv: Conversation,
    intent: str,
    also: list[str],
    extra: dict[str, list[Decimal]],
    declared: bool = False,
) -> Decision:
    """Compute when the topic's facts are complete; otherwise what to do instead of asking.
    ``declared``: the speaker said what it is, so a measure for another kind of applicant
    is explained, never computed for it (an appraisal firm gets no bank's （十一） award)."""

    rule = RULES[conv.topic]
    given = facts.facts_for(rule, conv.facts)
    missing = missing_fields(rule.id, given)
    complete_also = [
        r for r in also if not missing_fields(r, facts.facts_for(RULES[r], conv.facts))
    ]
    d = Decision("compute", intent, rule=rule.id, also=complete_also, extra_amounts=extra)
    others = not is_addressee(conv.applicant, rule) or conv.applicant is None
    if declared and others and not rule.applicants & on_behalf_kinds():
        d.kind = "not_addressee"
        return d
    if not missing:
        return d
    if complete_also:
        d.kind = "ask"  # the others are computed alongside the question
    elif not is_addressee(conv.applicant, rule):
        d.kind = "not_addressee"
    elif ruled_out(rule, given, missing) is not None:
        d.kind = "ruled_out"
    else:
        d.kind = "ask"
    return d


# ------------------------------------------------------------------ what the policy reads
def has_facts_for(rule_id: str, u: Understanding, kinds: bool = True, dates: bool = True) -> bool:
    """``u`` tells a fact of the rule; with ``kinds=False``, more than which kind of item
    it is (lexicon.yaml ``items.kind_facts``); with ``dates=False``, more than when."""
    skip = set() if kinds else set(lexicon().raw["items"]["kind_facts"])
    if not dates:
        skip.add("event_date")
    return any(name in RULES[rule_id].facts and name not in skip for name in u.facts)


def trusted_topic(u: Understanding, retrieval: Any) -> str | None:
    """The keyword topic, unless retrieval confidently points elsewhere.

    A topic word is a strong cue ("孵化器"), but some are broad ("投资", "科技项目"):
    "投资科创企业赔钱了会追责吗" is about （十四）, not （十一）. Keep the topic when the
    message gives facts for its calculator or retrieval ranks its clause first.
    """
    if not u.topics:
        return None
    topic = u.topics[0]
    if has_facts_for(topic, u) or not retrieval.relevant or not retrieval.hits:
        return topic
    if _quotes_a_figure_of(topic, u):
        return topic  # "企业那个2%的奖励": the text's own figure backs the keyword
    return topic if RULES[topic].clause == retrieval.hits[0].clause else None


def _quotes_a_figure_of(topic: str, u: Understanding) -> bool:
    """The message quotes a rate or a cap the topic's rule sets: the policy's own figure names
    the measure, whatever clause retrieval ranks first for the other words."""
    quoted = {f.value for f in u.figures if f.role in ("rate", "cap")}
    return any(Decimal(str(p.value)) in quoted for p in rule_parameters(topic))


def topic_for_clause(clause: str, conv: Conversation) -> str | None:
    """The calculator for a retrieved clause; where a clause has two, the one that fits."""
    candidates = [r for r in RULES.values() if r.clause == clause]
    if not candidates:
        return None
    if conv.applicant:
        candidates = [r for r in candidates if conv.applicant in r.applicants] or candidates
    # The degree the speaker holds ("我是海归博士") is a fact of the hiring rule, not a station's.
    known = set(conv.facts) | ({conv.degree} if conv.degree else set())
    chosen = max(candidates, key=lambda r: len(known & set(r.facts))).id
    # "技术服务合同补贴能拿多少": the contract kind said moves （五） to its second paragraph.
    switch = load_measures().switch_for(chosen, conv.facts.get("contract_type"))
    if switch is None:
        return chosen
    for old, new in switch.extra["switch_from"].get("rename", {}).items():
        if old in conv.facts:
            conv.rename(old, new)
    conv.forget("contract_type")
    return switch.id


def complete_rules(conv: Conversation) -> list[str]:
    """Rules the user said something specific to and whose facts are all known."""
    rules = rules_for_applicant(conv.applicant) if conv.applicant else list(RULES.values())
    return [
        r.id
        for r in rules
        if _has_own_fact(r.id, conv)
        and not missing_fields(r.id, facts.facts_for(r, conv.facts))
        and not _other_side(r.id, conv.topic)
    ]


def _other_side(rule_id: str, topic: str | None) -> bool:
    """The rule reads the same figure as the topic for the other party ("跟太原理工签了一份
    合同…一共多少": （五） is the university's award for the contract whose （四） is ours)."""
    if topic is None or rule_id == topic:
        return False
    main = facts.main_amount_field(topic)
    return (
        main is not None
        and facts.main_amount_field(rule_id) == main
        and not RULES[rule_id].applicants & RULES[topic].applicants
    )


def _has_own_fact(rule_id: str, conv: Conversation) -> bool:
    """The user said something specific to this rule (not just a date or another policy)."""
    rule = RULES[rule_id]
    return any(conv.facts.get(name) is not None for name in rule.own_facts)
