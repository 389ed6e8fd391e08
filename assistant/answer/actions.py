"""Actions: a :class:`~assistant.dialogue.policy.Decision` → a structured :class:`~assistant.answer.reply.Reply`.

Every amount comes from the calculators; the wording from :mod:`assistant.answer.compose` and
:mod:`assistant.answer.from_text`. An action may leave the conversation a note of what it asked
(``conv.pending``) so a terse next answer ("是", "八百万") fills it.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.answer import compose, followup, newcomer
from assistant.answer import from_text as answers
from assistant.answer import matters as replies
from assistant.answer.citations import rule_citations, verbatim_sentences
from assistant.answer.reply import Headline, Reply, Retrieved, unit_lines
from assistant.dialogue import facts, tracker
from assistant.dialogue import matters as dialogue
from assistant.dialogue.casefile import CaseFile, Outcome, compute_matters
from assistant.dialogue.eligibility import each_figure, is_addressee, ruled_out
from assistant.dialogue.facts import APPLICANT_NAMES
from assistant.dialogue.policy import Decision, complete_rules
from assistant.dialogue.state import Conversation
from assistant.dialogue.tracker import ASK_APPLICANT, OFFERED_CLAUSE
from assistant.nlu.understand import Intent, Understanding
from calculators.common import format_rate, format_yuan
from calculators.model import Award, Citation
from calculators.registry import (
    DESCRIPTIVE_CLAUSES,
    RULES,
    Rule,
    compute,
    describe,
    missing_fields,
    rule_parameters,
    rules_for_applicant,
)
from calculators.thresholds import cap_reached_at
from corpus.clauses import APPENDIX_LABEL, load_policy

STILL_REMEMBERED = "您之前提供的其他信息我都还记着。"
RESET_DONE = "之前的信息已清空，我们从这一位重新开始。"

ASK_WHO = (
    "请问您是哪类主体？（入驻企业/团队、高校或科研院所、金融机构、技术转移机构、"
    "孵化器或众创空间、概念验证中心、中试基地、技术经纪人）"
)


def act(d: Decision, conv: Conversation, u: Understanding | None) -> Reply:
    """The reply for decision ``d``; the one place that maps kinds to replies."""
    if d.kind in ("not_covered", "matters", "one_matter", "hypothetical"):
        reply = replies.act(d.case, conv.case, u.intent)
        dialogue.after_decision(conv, d.case)
        return reply
    if u is not None and d.kind in CONTACT_KINDS and answers.asks_contact(u.text):
        # Whom to call and where the window is: the text's names, never an invented number.
        reply = answers.contact(u.text, d.intent, d.clauses or _topic_clause(conv))
    else:
        reply = _SIMPLE[d.kind](d, conv)
    if d.retrieval is not None:
        reply.retrieved = [
            Retrieved(clause=h.clause, score=round(h.score, 4)) for h in d.retrieval.hits
        ]
    if u is not None and d.kind not in NO_CASE:
        tracker.settle(conv, u)
        replies.explain(conv, u, reply)
    return reply


BEFORE_STATE = ("empty", "bad_input", "reset", "profile", "newcomer")
# Decisions whose reply touches no matter of the case file: nothing to settle or attach.
NO_CASE = (*BEFORE_STATE, "about_answer")
# Decisions a question about a telephone, an address or the window would otherwise dead-end in.
CONTACT_KINDS = ("responsible", "none_found", "greeting", "out_of_scope", "process", "clause_text")


def _topic_clause(conv: Conversation) -> list[str]:
    return [RULES[conv.topic].clause] if conv.topic in RULES else []


# ------------------------------------------------------------------ before the state
def _empty(d: Decision, conv: Conversation) -> Reply:
    return answers.help_reply("greeting", preface="您还没有输入问题。")


def _bad_input(d: Decision, conv: Conversation) -> Reply:
    after = RESET_DONE if d.reset else STILL_REMEMBERED
    return Reply(body=[f"{'；'.join(d.problems)} {after}"], intent="bad_input")


def _reset(d: Decision, conv: Conversation) -> Reply:
    if d.intent is not Intent.RESET:  # "下一位": a new visitor, nothing asked yet
        return Reply(body=[f"好的，{RESET_DONE}请问这一位是哪类主体、想了解什么？"], intent="reset")
    return Reply(body=["好的，已清空之前的信息，我们重新开始。"], intent=d.intent)


def _profile_reply(d: Decision, conv: Conversation) -> Reply:
    return Reply(body=[profile(conv)], intent=d.intent)


def _newcomer(d: Decision, conv: Conversation) -> Reply:
    if d.again:
        return newcomer.reminder(d.intent, overview_shown=True)
    conv.showed("newcomer")
    return newcomer.overview(d.intent)


def _about_answer(d: Decision, conv: Conversation) -> Reply:
    return followup.answer(conv.answered or {}, d.aspects)


# ------------------------------------------------------------------ one matter at a time
def _thanks(d: Decision, conv: Conversation) -> Reply:
    return Reply(body=["不客气！还有其他政策问题，随时问我。"], intent=d.intent)


def _greeting(d: Decision, conv: Conversation) -> Reply:
    return answers.help_reply(d.intent)


def _out_of_scope(d: Decision, conv: Conversation) -> Reply:
    return answers.help_reply(d.intent, not_covered="抱歉，这个问题超出了本政策的范围。")


def _process(d: Decision, conv: Conversation) -> Reply:
    if d.again:
        return newcomer.reminder(d.intent, overview_shown="newcomer" in conv.shown)
    conv.showed("process")
    return answers.process(d.intent, first=d.focus)


def _validity(d: Decision, conv: Conversation) -> Reply:
    reply = answers.validity(d.intent, day=d.day, combining="combining" in d.aspects)
    if "combining" in d.aspects and (line := _combined_with_told(conv)):
        reply.body.insert(0, line)
    return reply


def _combined_with_told(conv: Conversation) -> str | None:
    """ "两边能叠加吗" right after one matter was computed: that matter's own award is what the
    other grant is weighed against, so it is said again beside the rule."""
    awards = [
        o.award
        for o in compute_matters(conv.case)
        if o.award is not None and o.award.amount_yuan > 0
    ]
    if len(awards) != 1:
        return None
    a = awards[0]
    word = "最高" if a.kind.value == "up_to" else ""
    return (
        f"您这一项按{a.clause}{word}可得{format_yuan(a.amount_yuan)}。其他政策对同一事项的支持"
        f"与它不叠加：只按较高的一项支持；已拿到的少于{format_yuan(a.amount_yuan)}的，"
        "本条只补足差额。"
    )


def _clause_text(d: Decision, conv: Conversation) -> Reply:
    return answers.clause_text(d.clauses, d.intent)


def _responsible(d: Decision, conv: Conversation) -> Reply:
    return answers.responsible(d.clauses, d.intent)


def _describe(d: Decision, conv: Conversation) -> Reply:
    return compose.award_reply([describe(d.clauses[0])], d.intent)


NONE_FOUND = "抱歉，政策原文里没有找到和您的问题直接对应的内容。"


def _none_found(d: Decision, conv: Conversation) -> Reply:
    """A real question nothing in the text answers closely: say so, point to the nearest
    clauses by name (never "不涉及": that needs evidence) and ask for the facts — not the
    welcome text, which reads as if the question had not been heard."""
    hits = list(getattr(d.retrieval, "hits", None) or [])[:3]
    if not hits:
        return answers.help_reply(
            d.intent, headline=Headline(text=NONE_FOUND, verdict="none_found")
        )
    named = [h.clause if h.title in ("", h.clause) else h.clause + h.title for h in hits]
    nearest = "；".join(named)
    return Reply(
        intent=d.intent,
        headline=Headline(text=NONE_FOUND, verdict="none_found"),
        # Nothing is asserted, so the reply ends with the one question that settles it.
        follow_up=_offer(conv, hits[0].clause, f"您问的是不是{named[0]}这一条？"),
        body=[
            f"和您的问题最接近的条款是：{nearest}。它们不一定对得上您问的事，可以点条款看原文。",
            "您也可以告诉我您的单位类型和具体事项（金额、级别、进展等），我按条款帮您核对。",
        ],
    )


def _offer(conv: Conversation, clause: str, question: str) -> str:
    """Ask whether ``clause`` is what was meant; a bare "是的" then answers from it."""
    conv.pending = OFFERED_CLAUSE + clause
    return question + "如果是，回复“是的”；如果不是，请换个说法或说说具体事项。"


def _ask_applicant(d: Decision, conv: Conversation) -> Reply:
    conv.pending = ASK_APPLICANT
    return Reply(
        headline=Headline(text=ASK_WHO, verdict="needs_facts"), follow_up=ASK_WHO, intent=d.intent
    )


def _total(d: Decision, conv: Conversation) -> Reply:
    """ "总共能拿多少": every measure whose facts are complete, with the total."""

    awards = [compute(r, facts.facts_for(RULES[r], conv.facts)) for r in complete_rules(conv)]
    return compose.award_reply(awards, d.intent)


def _clause_focus(d: Decision, conv: Conversation) -> Reply:
    """A question about one matter from someone who has not said who they are."""
    label = d.focus
    clause = load_policy().clause(label)
    rules = [r for r in RULES.values() if r.clause == label]
    citations = [c for r in rules for c in rule_citations(r)] or [
        Citation(clause=label, quote=answers.without_units(clause))
    ]
    body = ["与您的问题最相关的是：", focus_text(label)]
    if rules:
        body.append("告诉我您的单位类型和具体情况（金额、级别等），我可以帮您算一算。")
    return Reply(
        body=body,
        citations=citations,
        unit_lines=unit_lines([(label, clause.units)]),
        intent=d.intent,
    )


# ------------------------------------------------------------------ amounts
def _compute(d: Decision, conv: Conversation) -> Reply:
    """The topic's award, one per figure said, and those the message also gave facts for."""
    rule = RULES[d.rule]
    given = facts.facts_for(rule, conv.facts)
    extra = [compute(r, facts.facts_for(RULES[r], conv.facts)) for r in d.also]
    main = each_figure(rule, given, d.extra_amounts)
    reply = compose.award_reply([*main, *extra], d.intent)
    note = addressee_note(conv, rule)
    reply.body[:0] = [note] if note else []
    # An assumed condition can be settled by a terse "是" / "还没" next turn.
    conv.pending = facts.first_unknown_condition(rule, given)
    return reply


def _ask(d: Decision, conv: Conversation) -> Reply:
    """The topic's first missing fact (with any other rule computed alongside)."""
    rule = RULES[d.rule]
    given = facts.facts_for(rule, conv.facts)
    missing = missing_fields(rule.id, given)
    conv.pending = missing[0]
    ask = rule.ask(missing[0])
    if d.also:
        extra = [compute(r, facts.facts_for(RULES[r], conv.facts)) for r in d.also]
        reply = compose.award_reply(extra, d.intent)
        reply.follow_up = ask
        reply.body.append(f"关于{rule.clause}{rule.name}，还需要知道：**{ask}**")
        return reply
    clause = load_policy().clause(rule.clause)
    # Nothing known yet ("5条的门槛是多少"): every part of the clause, so a figure of its
    # other paragraph (（五）'s 5000万 line) is there too.
    whole = not given and sum(r.clause == rule.clause for r in RULES.values()) > 1
    body = [
        f"这个问题对应 **{clause.heading}**。",
        "原文：\n" + focus_text(rule.clause) if whole else "原文：" + rule_summary(rule),
        facts.known_line(rule, given),
    ]
    caps = ceilings(rule) if "cap" in d.aspects else ""
    if "reach" in d.aspects:
        caps = "".join(reached_at(rule, given)) or caps
    citations = rule_citations(rule)
    if "combining" in d.aspects:  # another payer's grant had: whether this one still gives
        caps = compose.COMBINING + caps
        citations.append(
            Citation(clause=APPENDIX_LABEL, quote=compose.appendix_sentence("就高不重复"))
        )
    return Reply(
        headline=Headline(
            text=f"{caps}为了算出金额，还需要知道：{ask}", verdict="needs_facts", emphasis=[ask]
        ),
        body=[line for line in body if line],
        follow_up=ask,
        intent=d.intent,
        citations=citations,
        unit_lines=unit_lines([(clause.label, clause.units)]),
    )


def ceilings(rule: Rule) -> str:
    """ "一年最多给多少" asked with no figure: the rule's money ceilings as the text writes them
    ("上限按原文：“每家企业年度累计最高给予10万元奖励”。"), before the question for the figure."""
    quotes = [p.quote for p in rule_parameters(rule.id) if p.unit == "yuan" and p.is_ceiling]
    return "".join(f"上限按原文：“{q}”。" for q in dict.fromkeys(quotes))


def reached_at(rule: Rule, given: dict) -> list[str]:
    """ "融资额到多少就封顶了": where each rate of the rule meets its ceiling, computed by the
    calculators (ceiling ÷ rate), each figure with its quote."""
    kind = given.get("platform_type")
    return [
        f"按原文“{c.rate.quote}”与“{c.cap.quote}”，基数达到{format_yuan(c.base)}时"
        f"（{format_yuan(Decimal(c.cap.value))} ÷ {format_rate(Decimal(c.rate.value))}）"
        f"按比例计算的金额就到上限{format_yuan(Decimal(c.cap.value))}，再多也不增加。"
        for c in cap_reached_at(rule.id, kind)
    ]


def _not_addressee(d: Decision, conv: Conversation) -> Reply:
    """Not this user's measure: explain it, do not interview them for it."""
    rule = RULES[d.rule]
    clause = load_policy().clause(rule.clause)
    # The speaker's kind is unknown but it said it is none of the measure's ("学校不是高校").
    whom = "、".join(APPLICANT_NAMES[a] for a in sorted(rule.applicants))
    fallback = (
        f"**请注意**：按原文，{rule.clause}{rule.name}支持的对象是{whom}；"
        "按您说的情况，您不属于本条的支持对象，不能按本条申请。"
    )
    unsure = addressee_note(conv, rule)
    note = unsure or fallback
    conv.topic = None
    return Reply(
        # Unsure whose measure it is: the clause is shown, and the reply asks whether it is
        # the one meant (a question read as about another party's measure is often not).
        follow_up=_offer(conv, rule.clause, f"您问的确实是{rule.clause}{rule.name}吗？")
        if unsure
        else None,
        body=[
            note,
            "原文：" + rule_summary(rule),
            "想知道哪些措施适用于您，可以问：“我们能享受哪些政策？”",
        ],
        intent=d.intent,
        citations=rule_citations(rule),
        unit_lines=unit_lines([(clause.label, clause.units)]),
    )


def _ruled_out(d: Decision, conv: Conversation) -> Reply:
    rule = RULES[d.rule]
    given = facts.facts_for(rule, conv.facts)
    award = ruled_out(rule, given, missing_fields(rule.id, given))
    return compose.award_reply([award], d.intent)


def addressee_note(conv: Conversation, rule: Rule) -> str:
    """Said when the measure supports someone else ("企业贷款贴息" under （十一）)."""
    if is_addressee(conv.applicant, rule):
        return ""
    whom = "、".join(APPLICANT_NAMES[a] for a in sorted(rule.applicants))
    who = APPLICANT_NAMES.get(conv.applicant, conv.applicant)
    return (
        f"**请注意**：按原文，{rule.clause}{rule.name}支持的对象是{whom}；"
        f"您说是{who}，请先确认是否属于本条的支持对象，以下仅供了解。"
    )


# ------------------------------------------------------------------ which measures apply
def _list_measures(d: Decision, conv: Conversation) -> Reply:
    return list_measures(conv, d.intent, focus=d.focus)


def list_measures(
    conv: Conversation, intent: str, focus: str | None = None, case: CaseFile | None = None
) -> Reply:
    """Every measure that may apply; ``focus`` is a clause the question pointed at.

    A rule with matters in ``case`` (the 政策体检 form's several items) is computed per
    matter, with the caps the text shares; the others from the case file's shared facts
    (the form's), or ``conv.facts`` in a conversation."""
    if conv.applicant is None:
        return _ask_applicant(Decision("ask_applicant", intent), conv)
    rules = rules_for_applicant(conv.applicant)
    computed: list[Award] = []
    to_complete: list[str] = []
    next_facts: list[str] = []
    per_matter: dict[str, list[Outcome]] = {}
    for outcome in compute_matters(case) if case is not None else []:
        per_matter.setdefault(outcome.matter.rule, []).append(outcome)
    known = case.shared if case is not None else conv.facts
    for rule in rules:
        if rule.id in per_matter:
            outcomes = per_matter[rule.id]
            computed += [o.award for o in outcomes if o.award is not None]
            waiting = [o for o in outcomes if o.award is None]
            if waiting:
                to_complete.append("- " + rule_summary(rule))
                next_facts += [
                    f"{rule.clause}{case.label(o.index)}的{rule.label(o.missing[0])}"
                    if o.missing
                    else f"{rule.clause}{case.label(o.index)}：{o.error}"
                    for o in waiting
                ]
            continue
        given = facts.facts_for(rule, known)
        missing = missing_fields(rule.id, given)
        if missing:
            to_complete.append("- " + rule_summary(rule))
            next_facts.append(f"{rule.clause}{rule.label(missing[0])}")
            # With a single measure left to complete, a bare next answer completes it.
            conv.topic, conv.pending = rule.id, missing[0]
        else:
            computed.append(compute(rule.id, given))
    if len(to_complete) > 1:
        conv.topic, conv.pending = None, None
    keys = [key for key, who in DESCRIPTIVE_CLAUSES.items() if conv.applicant in who]
    descriptive = [describe(key) for key in keys]

    parts = []
    if focus and focus != APPENDIX_LABEL and focus not in {a.clause for a in computed}:
        # The question pointed at one matter ("研发失败会被追责吗"): answer it first.
        parts += ["与您的问题最相关的是：", focus_text(focus)]
    who = APPLICANT_NAMES.get(conv.applicant, conv.applicant)
    parts.append("可能适用的措施如下：")
    if computed:
        parts += ["**已能计算的**", *(compose.award_line(a) for a in computed)]
    if to_complete:
        parts.append("**还需补充信息才能计算的**\n" + "\n".join(to_complete))
    if descriptive:
        parts.append(
            "**没有固定金额、但可能相关的**\n"
            + "\n".join(
                f"- {a.clause}{a.measure}" if key == a.clause else f"- {key}"
                for key, a in zip(keys, descriptive, strict=True)
            )
        )
    follow_up = None
    if next_facts:
        follow_up = "下一步可以告诉我：" + "、".join(dict.fromkeys(next_facts)) + "。"
        parts.append(follow_up)

    total = compose.total_headline(computed)
    if total:
        total.text = f"按您是{who}来看，{total.text}"
    elif rules:
        total = Headline(
            text=f"按您是{who}来看，本政策有{len(rules)}项措施可能适用。", verdict="info"
        )
    else:  # never "有0项措施可能适用" over an empty list
        related = "".join(dict.fromkeys([*([focus] if focus else []), *keys]))
        total = Headline(
            text=f"按您是{who}来看，本政策没有按金额计算给您的措施"
            + (f"；与您相关的是{related}。" if related else "。"),
            verdict="info",
        )
    focus_citations = (
        [c for r in RULES.values() if r.clause == focus for c in rule_citations(r)]
        or [Citation(clause=focus, quote=answers.without_units(load_policy().clause(focus)))]
        if focus and focus != APPENDIX_LABEL
        else []
    )
    return compose.award_reply(
        computed + descriptive,
        intent,
        body=parts,
        citations=focus_citations + [c for r in rules for c in rule_citations(r)],
        units=[(r.clause, load_policy().clause(r.clause).units) for r in rules],
        headline_=total,
        detailed=False,
        listed=True,
        follow_up=follow_up,
    )


# ------------------------------------------------------------------ small pieces
def focus_text(label: str) -> str:
    rules = [r for r in RULES.values() if r.clause == label]
    if rules:
        # Parts of the clause with no figure (（三）市本级专项, （七）柔性引才) come along.
        extras = [k for k in DESCRIPTIVE_CLAUSES if k != label and k.startswith(label)]
        lines = [rule_summary(r) for r in rules] + [
            f"**{key}**：{'；'.join(c.quote for c in describe(key).citations)}" for key in extras
        ]
        return "\n".join("- " + line for line in lines)
    clause = load_policy().clause(label)
    return f"**{clause.heading}**：{answers.without_units(clause)}"


def profile(conv: Conversation) -> str:
    if not conv.facts and not conv.applicant:
        return "目前我还不了解您的情况。您可以告诉我单位类型和具体情况（如项目级别、经费、合同金额等）。"
    lines = []
    if conv.applicant:
        lines.append(f"- 主体类型：{APPLICANT_NAMES.get(conv.applicant, conv.applicant)}")
    if conv.topic:
        lines.append(f"- 正在讨论：{RULES[conv.topic].clause}{RULES[conv.topic].name}")
    lines += [f"- {facts.any_label(k)}：{facts.show(k, v)}" for k, v in conv.facts.items()]
    return "目前我掌握的情况：\n" + "\n".join(lines) + "\n\n说“重新开始”可以清空。"


def rule_summary(rule: Rule) -> str:
    """The rule in the text's own words: what someone gets before any fact is known.

    Whole sentences of the clause, verbatim, never fragments stitched together: a fragment
    drops conditions (（七）'s "达到考核评估要求的") and is then not 原文 at all."""
    sentences = verbatim_sentences(rule.clause, [c.quote for c in rule_citations(rule)])
    return f"**{rule.clause}{rule.name}**：“{''.join(sentences)}”"


_SIMPLE = {
    "empty": _empty,
    "bad_input": _bad_input,
    "reset": _reset,
    "profile": _profile_reply,
    "newcomer": _newcomer,
    "about_answer": _about_answer,
    "thanks": _thanks,
    "greeting": _greeting,
    "out_of_scope": _out_of_scope,
    "process": _process,
    "clause_focus": _clause_focus,
    "validity": _validity,
    "clause_text": _clause_text,
    "responsible": _responsible,
    "ask_applicant": _ask_applicant,
    "list_measures": _list_measures,
    "total": _total,
    "compute": _compute,
    "ask": _ask,
    "not_addressee": _not_addressee,
    "ruled_out": _ruled_out,
    "describe": _describe,
    "none_found": _none_found,
}

_ = Intent  # re-exported for callers that build decisions by hand
