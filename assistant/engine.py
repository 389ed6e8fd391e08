"""The conversational engine: one message in, one cited answer out.

Deterministic and offline. Understanding extracts intent and facts, retrieval finds the
clauses, calculators compute every amount, and :mod:`assistant.compose` writes the answer.
Like a docassemble interview, a calculator declares the facts it needs and the engine asks
for the first one missing, then computes when it arrives.
"""

from __future__ import annotations

import logging
import time
import typing
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from assistant import answers, compose, dialogue, facts, newcomer, tracker
from assistant.reply import Headline, Reply, Retrieved, unit_lines
from assistant.state import Conversation
from assistant.tracker import APPLICANT_FACTS, ASK_APPLICANT
from assistant.understand import MAX_CHARS, Intent, Understanding, understand
from calculators.errors import InputError
from calculators.model import Award, Citation, Status
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
from corpus.clauses import APPENDIX_LABEL, load_policy
from corpus.measures import load_measures

log = logging.getLogger(__name__)


# Applicant names live in corpus/measures.yaml with the rest of the policy's structure; the
# newcomer's type (a person or an unregistered team, assistant/newcomer.py) joins them.
APPLICANT_NAMES: dict[str, str] = {
    **load_measures().applicants,
    newcomer.newcomer().applicant: newcomer.newcomer().name,
}


# Facts that say only who or where the user is ("我们是谷内的科技型企业").
APPLICANT_ONLY_FACTS = frozenset({"in_valley", "tech_enterprise"})

STILL_REMEMBERED = "您之前提供的其他信息我都还记着。"
RESET_DONE = "之前的信息已清空，我们从这一位重新开始。"

ASK_WHO = (
    "请问您是哪类主体？（入驻企业/团队、高校或科研院所、金融机构、技术转移机构、"
    "孵化器或众创空间、概念验证中心、中试基地、技术经纪人）"
)


class Assistant:
    """Answers messages; holds the retriever (heavy) and nothing per user."""

    def __init__(self, retriever: Any, llm: Any | None = None) -> None:
        self.retriever = retriever
        self.llm = llm

    @classmethod
    def default(cls) -> Assistant:
        """The embedded default: local index, and an LLM only if the environment configures one."""
        from assistant.llm import from_env
        from assistant.retrieval import get_retriever

        return cls(get_retriever(), llm=from_env())

    # ----------------------------------------------------------------- entry points
    def reply(self, conv: Conversation, message: str, today: date | None = None) -> Reply:
        started = time.perf_counter()
        try:
            result = self._reply(conv, message or "", today)
        except InputError as err:
            # A value the calculator refuses is forgotten, so it cannot poison later turns.
            conv.facts.pop(err.field, None)
            result = Reply(body=[f"{err} {STILL_REMEMBERED}"], intent="bad_input")
            if conv.topic:  # "市级孵化器" is refused by （九）: say which clause refuses it
                rule = RULES[conv.topic]
                result.citations = rule_citations(rule)
                result.body.append("原文：" + self._rule_summary(rule))
        except Exception:  # a user must never see a traceback
            log.exception("engine failure on message %r", (message or "")[:200])
            result = Reply(
                body=[f"抱歉，我没能处理这条消息。请换个说法再试一次，{STILL_REMEMBERED}"],
                intent="error",
            )
        conv.turns += 1
        result.render()
        if self.llm is not None and result.intent not in ("error", "bad_input"):
            result = self.llm.polish(message, result)
        result.elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    def self_check(self, applicant: str, known: dict[str, Any]) -> Reply:
        """政策体检: every measure that may apply to this applicant, from a form's facts."""
        started = time.perf_counter()
        if applicant == newcomer.newcomer().applicant:
            return newcomer.overview(Intent.ELIGIBILITY)
        stated = {k: v for k, v in known.items() if v is not None}
        conv = Conversation(
            applicant=applicant, facts={**APPLICANT_FACTS.get(applicant, {}), **stated}
        )
        try:
            result = self._eligibility(conv, Intent.ELIGIBILITY)
        except InputError as err:
            result = Reply(body=[str(err)], intent="bad_input")
        result.render()
        result.elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    def _reply(self, conv: Conversation, message: str, today: date | None) -> Reply:
        text = message.strip()
        if not text:
            return answers.help_reply("greeting", preface="您还没有输入问题。")
        u = understand(text, today=today)  # reads at most MAX_CHARS, flags the rest
        # Reset is decided first: it is a state operation that no other outcome of the same
        # message (a refused value, a question) may skip, or the next visitor inherits the
        # previous one's facts.
        resets = u.intent is Intent.RESET or u.flags.new_visitor
        if resets:
            conv.reset()
        if u.problems:
            after = RESET_DONE if resets else STILL_REMEMBERED
            return Reply(body=[f"{'；'.join(u.problems)} {after}"], intent="bad_input")
        if u.intent is Intent.RESET:
            return Reply(body=["好的，已清空之前的信息，我们重新开始。"], intent=u.intent)
        if u.intent is Intent.PROFILE:
            return Reply(body=[self._profile(conv)], intent=u.intent)
        # A newcomer (a graduate, a person, a team without a company) asking what the valley
        # is or where: an orientation (assistant/newcomer.py), not a question about a company
        # type they do not have. A message naming a measure or a fact goes the usual way.
        if not (u.topics or u.clauses or u.facts) and newcomer.asks_overview(text):
            if newcomer.is_individual(text):
                conv.applicant = newcomer.newcomer().applicant
            conv.pending = None
            return newcomer.overview(u.intent)

        # The case file answers what one fact per name cannot (assistant.dialogue): not
        # covered, several matters, a reference to one of them, a relative hypothetical.
        decision = dialogue.decide(conv.case, u, text, today, conv.topic)
        if decision is not None:
            reply = dialogue.act(decision, conv.case, u.intent)
            dialogue.after_decision(conv, decision)
        else:
            asked_who = conv.pending == ASK_APPLICANT
            tracker.remember(conv, u, text)
            retrieval = self.retriever.search(text, k=5)  # the retriever truncates its query
            if asked_who and conv.applicant and not u.topics:
                reply = self._eligibility(conv, Intent.ELIGIBILITY)
            else:
                reply = self._route(conv, u, retrieval)
            reply.retrieved = [
                Retrieved(clause=h.clause, score=round(h.score, 4)) for h in retrieval.hits
            ]
            dialogue.mirror(conv, u, reply)
        dialogue.attach(reply, conv.case, decision)
        if u.flags.injection:
            reply.body.insert(
                0, "（您的消息里有要求改变我工作方式的内容，我只会依据政策原文和计算器回答。）"
            )
        if u.flags.truncated:
            reply.body.insert(
                0, f"（您的消息较长，我只读了前 {MAX_CHARS} 个字；其余部分请分开再问。）"
            )
        return reply

    # ----------------------------------------------------------------- routing
    def _route(self, conv: Conversation, u: Understanding, retrieval: Any) -> Reply:
        intent = u.intent
        top = retrieval.hits[0].clause if retrieval.relevant and retrieval.hits else None
        topic = self._trusted_topic(u, retrieval)
        if u.topics and topic is None and conv.topic == u.topics[0]:
            conv.topic = None  # a keyword guess the retrieval does not back: drop it
        if u.flags.thanks:
            return Reply(body=["不客气！还有其他政策问题，随时问我。"], intent=intent)
        if intent is Intent.GREETING:
            return answers.help_reply(intent)
        if intent is Intent.OUT_OF_SCOPE:
            return answers.help_reply(intent, not_covered="抱歉，这个问题超出了本政策的范围。")
        if intent is Intent.PROCESS:
            if top and top not in answers.PROCESS_CLAUSES and top != APPENDIX_LABEL:
                # "知识产权质押融资怎么办" asks how, but about one measure, not about entering.
                return self._clause_focus(top, intent)
            return answers.process(intent, first=top)
        subject = topic or conv.topic  # what "这个" / "原文" / "还能拿多少" refer to
        if u.flags.total and intent is not Intent.ELIGIBILITY:
            return self._total(conv, intent)
        if intent is Intent.VALIDITY and not (subject and self._has_facts_for(subject, u)):
            return answers.validity(intent, day=u.facts.get("event_date"))
        if intent in (Intent.CLAUSE_TEXT, Intent.RESPONSIBLE):
            # "原文怎么说的" / "这个找谁" refer to what is being discussed, unless they name it;
            # after a list of measures, to the measures listed.
            listed = [r.clause for r in rules_for_applicant(conv.applicant or "")]
            labels = u.clauses or ([RULES[subject].clause] if subject else []) or [top]
            labels = [label for label in labels if label] or list(dict.fromkeys(listed))
            if intent is Intent.CLAUSE_TEXT:
                return answers.clause_text(labels, intent)
            return answers.responsible(labels, intent)
        if intent is Intent.ELIGIBILITY:
            if conv.applicant is None and (subject or top not in (None, APPENDIX_LABEL)):
                return self._clause_focus(RULES[subject].clause if subject else top, intent)
            focus = RULES[topic].clause if topic else top
            return self._eligibility(conv, intent, focus=focus)
        if u.applicant and not topic and not (u.facts.keys() - APPLICANT_ONLY_FACTS):
            # "我们是入驻企业" says who: with one measure for them, that is the topic.
            own = rules_for_applicant(u.applicant)
            if len(own) != 1:
                return self._eligibility(conv, Intent.ELIGIBILITY, focus=top)
            conv.topic = own[0].id
        # An amount question, or one whose intent is unclear: compute if the topic is known.
        if not topic and top and (conv.topic is None or not u.facts):
            guessed = self._topic_for_clause(top, conv)
            if guessed:
                conv.topic = guessed
            elif top == APPENDIX_LABEL:
                return answers.validity(intent)
            elif top in DESCRIPTIVE_CLAUSES:
                return self._award_reply([describe(top)], intent)
        if conv.topic:
            also = [
                t
                for t in u.topics
                if t != conv.topic
                and self._has_facts_for(t, u)
                and (conv.applicant is None or conv.applicant in RULES[t].applicants)
            ]
            return self._amount(conv, intent, also=also, extra_amounts=u.extra_amounts)
        if conv.applicant and intent is Intent.AMOUNT:
            return self._eligibility(conv, intent)
        if top:
            return answers.clause_text([top], intent)
        return answers.help_reply(
            intent,
            headline=Headline(
                text="抱歉，我没有在政策中找到和您的问题足够相关的条款。", verdict="none_found"
            ),
        )

    @staticmethod
    def _has_facts_for(rule_id: str, u: Understanding) -> bool:
        fields = RULES[rule_id].input_model.model_fields
        return any(name in fields for name in u.facts)

    def _trusted_topic(self, u: Understanding, retrieval: Any) -> str | None:
        """The keyword topic, unless retrieval confidently points elsewhere.

        A topic word is a strong cue ("孵化器"), but some are broad ("投资", "科技项目"):
        "投资科创企业赔钱了会追责吗" is about （十四）, not （十一）. Keep the topic when the
        message gives facts for its calculator or retrieval ranks its clause first.
        """
        if not u.topics:
            return None
        topic = u.topics[0]
        if self._has_facts_for(topic, u) or not retrieval.relevant or not retrieval.hits:
            return topic
        return topic if RULES[topic].clause == retrieval.hits[0].clause else None

    def _topic_for_clause(self, clause: str, conv: Conversation) -> str | None:
        """The calculator for a retrieved clause; where a clause has two, the one that fits."""
        candidates = [r for r in RULES.values() if r.clause == clause]
        if not candidates:
            return None
        if conv.applicant:
            candidates = [r for r in candidates if conv.applicant in r.applicants] or candidates
        known = set(conv.facts)
        return max(candidates, key=lambda r: len(known & set(r.input_model.model_fields))).id

    # ----------------------------------------------------------------- amounts
    def _amount(
        self,
        conv: Conversation,
        intent: str,
        also: Sequence[str] = (),
        extra_amounts: dict[str, list[Decimal]] | None = None,
    ) -> Reply:
        """Compute the topic's award, or ask for its first missing fact.

        ``also`` are further rules the same message gave facts for ("牵头项目800万，还招了两个
        博士"): those that are complete are computed alongside.
        """
        rule = RULES[conv.topic]
        given = facts.facts_for(rule, conv.facts)
        missing = missing_fields(rule.id, given)
        note = self._addressee_note(conv, rule)
        extra = [
            compute(r, facts.facts_for(RULES[r], conv.facts))
            for r in also
            if not missing_fields(r, facts.facts_for(RULES[r], conv.facts))
        ]
        if not missing:
            main = self._each_figure(rule, given, (extra_amounts or {}))
            reply = self._award_reply([*main, *extra], intent)
            reply.body[:0] = [note] if note else []
            # An assumed condition can be settled by a terse "是" / "还没" next turn.
            conv.pending = facts.first_unknown_condition(rule, given)
            return reply
        if extra:
            reply = self._award_reply(extra, intent)
            reply.follow_up = facts.question(rule, missing[0])
            conv.pending = missing[0]
            reply.body.append(f"关于{rule.clause}{rule.name}，还需要知道：**{reply.follow_up}**")
            return reply
        clause = load_policy().clause(rule.clause)
        if note:  # not this user's measure: explain it, do not interview them for it
            conv.topic = None
            return Reply(
                body=[
                    note,
                    "原文：" + self._rule_summary(rule),
                    "想知道哪些措施适用于您，可以问：“我们能享受哪些政策？”",
                ],
                intent=intent,
                citations=rule_citations(rule),
                unit_lines=unit_lines([(clause.label, clause.units)]),
            )
        if ruled_out := self._ruled_out(rule, given, missing):
            return self._award_reply([ruled_out], intent)
        conv.pending = missing[0]
        ask = facts.question(rule, missing[0])
        # Nothing known yet ("5条的门槛是多少"): every part of the clause, so a figure of its
        # other paragraph (（五）'s 5000万 line) is there too.
        whole = not given and sum(r.clause == rule.clause for r in RULES.values()) > 1
        body = [
            f"这个问题对应 **{clause.heading}**。",
            "原文：\n" + self._focus_text(rule.clause)
            if whole
            else "原文：" + self._rule_summary(rule),
            facts.known_line(rule, given),
        ]
        return Reply(
            headline=Headline(
                text=f"为了算出金额，还需要知道：{ask}", verdict="needs_facts", emphasis=[ask]
            ),
            body=[line for line in body if line],
            follow_up=ask,
            intent=intent,
            citations=rule_citations(rule),
            unit_lines=unit_lines([(clause.label, clause.units)]),
        )

    def _total(self, conv: Conversation, intent: str) -> Reply:
        """ "总共能拿多少": every measure whose facts are complete, with the total."""
        rules = rules_for_applicant(conv.applicant) if conv.applicant else list(RULES.values())
        complete = [
            r
            for r in rules
            if self._has_any_fact(r, conv)
            and not missing_fields(r.id, facts.facts_for(r, conv.facts))
        ]
        if not complete:
            return self._eligibility(conv, intent)
        return self._award_reply(
            [compute(r.id, facts.facts_for(r, conv.facts)) for r in complete], intent
        )

    @staticmethod
    def _has_any_fact(rule: Rule, conv: Conversation) -> bool:
        """The user said something specific to this rule (not just a date or another policy)."""
        model = rule.input_model
        own = {n for n, f in model.model_fields.items() if f.is_required()}
        own |= set(getattr(model, "ask_one_of", ()))
        return any(conv.facts.get(name) is not None for name in own)

    @staticmethod
    def _each_figure(
        rule: Rule, given: dict[str, Any], extra_amounts: dict[str, list[Decimal]]
    ) -> list[Award]:
        """One award per figure said ("两份合同，一份300万一份500万").

        Where the text caps a year's total ("年度累计最高"), each later award counts what the
        earlier ones already took, so the calculator's own cap arithmetic applies.
        """
        awards = [compute(rule.id, given)]
        field = facts.main_amount_field(rule.id)
        cumulative = "received_this_year_yuan" in rule.input_model.model_fields
        received = given.get("received_this_year_yuan", Decimal(0))
        for figure in extra_amounts.get(field or "", []):
            data = {**given, field: figure}
            if cumulative:
                received += awards[-1].amount_yuan
                data["received_this_year_yuan"] = received
            awards.append(compute(rule.id, data))
        return awards

    def _award_reply(self, awards: list[Award], intent: str) -> Reply:
        return compose.award_reply(awards, intent)

    # ----------------------------------------------------------------- which measures apply
    def _eligibility(self, conv: Conversation, intent: str, focus: str | None = None) -> Reply:
        """Every measure that may apply; ``focus`` is a clause the question pointed at."""
        if conv.applicant is None:
            conv.pending = ASK_APPLICANT
            return Reply(
                headline=Headline(text=ASK_WHO, verdict="needs_facts"),
                follow_up=ASK_WHO,
                intent=intent,
            )
        rules = rules_for_applicant(conv.applicant)
        computed: list[Award] = []
        to_complete: list[str] = []
        next_facts: list[str] = []
        for rule in rules:
            given = facts.facts_for(rule, conv.facts)
            missing = missing_fields(rule.id, given)
            if missing:
                to_complete.append("- " + self._rule_summary(rule))
                next_facts.append(f"{rule.clause}{facts.label(rule, missing[0])}")
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
            parts += ["与您的问题最相关的是：", self._focus_text(focus)]
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
        else:
            total = Headline(
                text=f"按您是{who}来看，本政策有{len(rules)}项措施可能适用。", verdict="info"
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

    def _focus_text(self, label: str) -> str:
        rules = [r for r in RULES.values() if r.clause == label]
        if rules:
            # Parts of the clause with no figure (（三）市本级专项, （七）柔性引才) come along.
            extras = [k for k in DESCRIPTIVE_CLAUSES if k != label and k.startswith(label)]
            lines = [self._rule_summary(r) for r in rules] + [
                f"**{key}**：{'；'.join(c.quote for c in describe(key).citations)}"
                for key in extras
            ]
            return "\n".join("- " + line for line in lines)
        clause = load_policy().clause(label)
        return f"**{clause.heading}**：{answers.without_units(clause)}"

    def _clause_focus(self, label: str, intent: str) -> Reply:
        """A question about one matter from someone who has not said who they are."""
        clause = load_policy().clause(label)
        rules = [r for r in RULES.values() if r.clause == label]
        citations = [c for r in rules for c in rule_citations(r)] or [
            Citation(clause=label, quote=answers.without_units(clause))
        ]
        body = ["与您的问题最相关的是：", self._focus_text(label)]
        if rules:
            body.append("告诉我您的单位类型和具体情况（金额、级别等），我可以帮您算一算。")
        return Reply(
            body=body,
            citations=citations,
            unit_lines=unit_lines([(label, clause.units)]),
            intent=intent,
        )

    # ----------------------------------------------------------------- small pieces
    def _profile(self, conv: Conversation) -> str:
        if not conv.facts and not conv.applicant:
            return "目前我还不了解您的情况。您可以告诉我单位类型和具体情况（如项目级别、经费、合同金额等）。"
        lines = []
        if conv.applicant:
            lines.append(f"- 主体类型：{APPLICANT_NAMES.get(conv.applicant, conv.applicant)}")
        if conv.topic:
            lines.append(f"- 正在讨论：{RULES[conv.topic].clause}{RULES[conv.topic].name}")
        lines += [f"- {facts.any_label(k)}：{facts.show(k, v)}" for k, v in conv.facts.items()]
        return "目前我掌握的情况：\n" + "\n".join(lines) + "\n\n说“重新开始”可以清空。"

    @staticmethod
    def _ruled_out(rule: Rule, given: dict[str, Any], missing: list[str]) -> Award | None:
        """The award when a fact already stated rules it out, so nothing needs asking.

        "培训费是单位报销的" fails （八）'s 自费 condition whatever the fee; "2030年验收" fails
        the 附则's window whatever the allocation. Only stated facts can fail a condition: the
        missing ones are filled with a neutral choice and never shown, because the award is 0.
        """
        # Any stated fact may fail a condition ("只签了两年劳动合同" fails 三年期以上 whatever
        # the head count), so try two different stand-ins for what is missing: a condition
        # that fails under both is failed by what was said.
        tries = []
        for end in (0, -1):
            neutral = {name: _stand_in(rule, name, end) for name in missing}
            tries.append(compute(rule.id, {**given, **neutral}))
        award = tries[0]
        failed = [{c.text for c in a.conditions if c.status == Status.NOT_MET} for a in tries]
        common = failed[0] & failed[1]
        if not common:
            return None
        reasons = [c for c in award.conditions if c.status == Status.NOT_MET and c.text in common]
        return award.model_copy(
            update={
                "steps": [f"不满足：{c.text}" for c in reasons],
                "conditions": reasons,  # the others were judged on stand-ins: not shown
                "schedule": [],
                "notes": [],
            }
        )

    @staticmethod
    def _addressee_note(conv: Conversation, rule: Rule) -> str:
        """Said when the measure supports someone else ("企业贷款贴息" under （十一）)."""
        if conv.applicant is None or conv.applicant in rule.applicants:
            return ""
        whom = "、".join(APPLICANT_NAMES[a] for a in sorted(rule.applicants))
        who = APPLICANT_NAMES.get(conv.applicant, conv.applicant)
        return (
            f"**请注意**：按原文，{rule.clause}{rule.name}支持的对象是{whom}；"
            f"您说是{who}，请先确认是否属于本条的支持对象，以下仅供了解。"
        )

    @staticmethod
    def _rule_summary(rule: Rule) -> str:
        """The rule in the text's own words: what someone gets before any fact is known.

        Whole sentences of the clause, verbatim, never fragments stitched together: a fragment
        drops conditions (（七）'s "达到考核评估要求的") and is then not 原文 at all."""
        sentences = verbatim_sentences(rule.clause, [c.quote for c in rule_citations(rule)])
        return f"**{rule.clause}{rule.name}**：“{''.join(sentences)}”"


def _stand_in(rule: Rule, name: str, end: int) -> Any:
    """A valid value for a missing fact: the first or last choice of a closed set."""
    annotation = rule.input_model.model_fields[name].annotation
    choices = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return choices[end]
    return facts.neutral_value(rule, name)


def verbatim_sentences(label: str, quotes: list[str]) -> list[str]:
    """The sentences of clause ``label`` that hold any of ``quotes``, in the text's order."""
    clause = load_policy().clause(label)
    found = []
    for paragraph in clause.paragraphs:
        for sentence in paragraph.split("。"):
            if sentence.strip() and any(q and q in sentence for q in quotes):
                found.append(sentence + "。")
    covered = "".join(found)
    found += [q for q in quotes if q not in covered]  # a quote across a full stop: as quoted
    return found


def rule_citations(rule: Rule) -> list[Citation]:
    quotes = dict.fromkeys(p.quote for p in rule_parameters(rule.id))
    return [Citation(clause=rule.clause, quote=q) for q in quotes]
