"""The conversational engine: one message in, one cited answer out.

Deterministic and offline, and a thin orchestrator of the dialogue layers (issue #9):
understanding (:func:`assistant.nlu.understand.understand`) → state (:mod:`assistant.dialogue.tracker`,
the case file) → policy (:mod:`assistant.dialogue.policy`, :func:`assistant.dialogue.matters.decide`: a small
:class:`~assistant.dialogue.policy.Decision`) → actions (:mod:`assistant.answer.actions`: the Reply).
Calculators compute every amount; :mod:`assistant.answer.compose` writes the answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

from assistant.answer import actions, compose, followup, gate, newcomer, parts
from assistant.answer import matters as replies
from assistant.answer.actions import STILL_REMEMBERED
from assistant.answer.citations import rule_citations
from assistant.answer.reply import Reply
from assistant.dialogue import casefile, facts, policy, tracker
from assistant.dialogue import matters as dialogue
from assistant.dialogue.casefile import Matter
from assistant.dialogue.policy import Decision
from assistant.dialogue.state import Conversation
from assistant.dialogue.tracker import APPLICANT_FACTS, ASK_APPLICANT, OFFERED_CLAUSE
from assistant.nlu import acts, scope
from assistant.nlu import newcomer as newcomer_cues
from assistant.nlu.lexicon import lexicon
from assistant.nlu.normalize import clean_value, debris_free
from assistant.nlu.understand import MAX_CHARS, STATUS_FACTS, Intent, Understanding, understand
from calculators.errors import InputError
from calculators.registry import PART_RULES, RULES, compute, rules_for_applicant
from corpus.clauses import APPENDIX_LABEL
from corpus.measures import load_measures

log = logging.getLogger(__name__)


# Kinds of question asked about the measure just named rather than naming one ("申请找哪个部门",
# "需要什么材料", "有效期到什么时候"): in one message they are answered in that measure's context.
_ABOUT_A_MEASURE = frozenset({Intent.RESPONSIBLE, Intent.PROCESS, Intent.VALIDITY})


def _by_rule(labels: set[str]) -> set[str]:
    """Labels as rules: a clause stands for every rule it holds, so "（六）" found by retrieval
    and the rule ``platform`` named by a topic are the same measure."""
    out: set[str] = set()
    for label in labels:
        rules = {r.id for r in RULES.values() if r.clause == label}
        out |= rules or {label}
    return out


class Assistant:
    """Answers messages; holds the retriever (heavy) and nothing per user."""

    def __init__(self, retriever: Any, llm: Any | None = None) -> None:
        self.retriever = retriever
        self.llm = llm

    @classmethod
    def default(cls, background: bool = True) -> Assistant:
        """The embedded default: local index, and an LLM only if the environment configures one.

        With ``background`` (the default) it returns at once and answers from BM25 and the
        keywords while the models and the index load (``self.retriever.wait_ready()`` waits
        for them): a process answers in about a second, even on an empty data directory."""
        from assistant.llm.writer import from_env
        from assistant.retrieval.hybrid import get_retriever

        return cls(get_retriever(background=background), llm=from_env())

    # ----------------------------------------------------------------- entry points
    def reply(self, conv: Conversation, message: str, today: date | None = None) -> Reply:
        started = time.perf_counter()
        message = debris_free(message or "")  # copy-paste debris never reaches the reading
        try:
            questions = self._questions(conv, message, today)
            if len(questions) > 1:
                # Each question answered in its own part, in order: one that names a measure
                # as if asked alone, one of another kind about the measure just asked ("…能给
                # 多少？申请找哪个部门") in the context the part before it left.
                result = parts.combine(
                    [(q, self._part(conv, q, today, fresh)) for q, fresh in questions]
                )
            else:
                result = self._reply(conv, message, today)
        except InputError as err:
            # A value the calculator refuses is forgotten, so it cannot poison later turns.
            conv.forget(err.field)
            result = Reply(body=[f"{err} {STILL_REMEMBERED}"], intent="bad_input")
            if conv.topic:  # "市级孵化器" is refused by （九）: say which clause refuses it
                rule = RULES[conv.topic]
                result.citations = rule_citations(rule)
                result.body.append("原文：" + actions.rule_summary(rule))
        except Exception:  # a user must never see a traceback
            log.exception("engine failure on message %r", (message or "")[:200])
            result = Reply(
                body=[f"抱歉，我没能处理这条消息。请换个说法再试一次，{STILL_REMEMBERED}"],
                intent="error",
            )
        conv.turns += 1
        # What "有没有上限" / "为什么是0" next turn is about (assistant/answer/followup.py).
        conv.answered = followup.carried(conv.answered, result)
        conv.last_clauses = _about(result) or conv.last_clauses
        conv.last_part = _part_about(result)
        result.render()
        if self.llm is not None and result.intent not in ("error", "bad_input"):
            result = self.llm.polish(message, result)
        result.elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        # A retriever loading its models in the background starts once an answer is out.
        if (answered := getattr(self.retriever, "answered", None)) is not None:
            answered()
        return result

    def self_check(
        self,
        applicant: str,
        known: dict[str, Any],
        matters: Sequence[tuple[str, dict[str, Any]]] = (),
    ) -> Reply:
        """政策体检: every measure that may apply to this applicant, from a form's facts.

        ``matters`` are several items under one measure ("两份合同", "三个项目"), each
        ``(rule id, its own facts)``: each is computed on its own, over the form's facts for
        that rule, with the yearly caps the text shares among them (assistant.dialogue.casefile)."""
        started = time.perf_counter()
        if applicant == newcomer.newcomer().applicant:
            return newcomer.overview(Intent.ELIGIBILITY)
        stated = {k: v for k, v in clean_value(known).items() if v is not None}
        implied = APPLICANT_FACTS.get(applicant, {})
        conv = Conversation(applicant=applicant, facts={**implied, **stated})
        for rule, own in matters:
            if rule not in RULES:
                return Reply(body=[f"没有名为「{rule}」的措施。"], intent="bad_input")
            # The form's facts are the applicant's (shared); each item starts from those its
            # rule takes, its own on top.
            base = facts.facts_for(RULES[rule], conv.case.shared)
            mine = {k: v for k, v in own.items() if v is not None}
            conv.case.add_matter(Matter(rule, {**base, **mine}, said="（政策体检表）"))
        try:
            result = actions.list_measures(conv, Intent.ELIGIBILITY, case=conv.case)
        except InputError as err:
            result = Reply(body=[str(err)], intent="bad_input")
        replies.attach(result, conv.case, None)  # each form item labelled, with its status
        result.render()
        result.elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    def _part(self, conv: Conversation, question: str, today: date | None, fresh: bool) -> Reply:
        """One question of several. A ``fresh`` one names its own measure and is answered as if
        asked alone: the measure the previous question was about is not what it refers to."""
        if fresh:
            conv.topic = None
            conv.pending = None
            conv.case.pending = None
        return self._reply(conv, question, today)

    def _questions(
        self, conv: Conversation, message: str, today: date | None
    ) -> list[tuple[str, bool]]:
        """The questions of ``message`` to answer in parts, each with whether it names a
        measure of its own. Several only when each names a measure (a topic word, a clause, a
        cue, or what retrieval finds for it) and no two name the same rule, so "第一个项目…？
        第二个呢？" stays one case for the case file; or when a later one asks another kind of
        thing (department, process, validity) and no figure, about the measure the one before
        it named."""
        asked = acts.questions(message)
        whole = [(message, True)]
        if len(asked) < 2 or len(message) > MAX_CHARS:
            return whole
        reads = [understand(q, today=today) for q in asked]  # each question read once
        if conv.case.pending is not None and not all(
            r.intent in _ABOUT_A_MEASURE and not r.figures and not r.topics for r in reads[1:]
        ):
            # A question pending is answered by the message as a whole, unless what follows
            # the first question only asks another kind of thing ("…各能拿多少？还有，这个政策是
            # 谁负责解释？").
            return whole
        seen: set[str] = set()
        answered: list[tuple[str, bool]] = []
        kinds = set(lexicon().raw["items"]["kind_facts"])  # facts that tell items apart
        amount_asked = False  # the question before asked an amount
        tops: dict[str, str | None] = {}

        def top(q: str) -> str | None:  # retrieval's first clause, searched once per question
            if q not in tops:
                tops[q] = self._top_clause(q)
            return tops[q]

        for q, u in zip(asked, reads, strict=True):
            if u.intent is Intent.RESET or u.flags.new_visitor:
                return whole
            # By rule, not clause: 培训资助 and 优秀个人 are two questions of （八）.
            labels = {t for t in u.topics if t in RULES} | set(u.clauses)
            if (nc := scope.check(u.text)) is not None:  # "加计扣除能享受吗？": 不涉及
                labels = {f"不涉及{nc.name}"}
            # "…能奖励多少？还有，我们打算推知识产权质押贷款，对这个有支持吗？": a part of a
            # measure that sets no figure is a question of its own, even of the same clause.
            if not labels and u.part_named and not u.figures and (hit := top(q)):
                labels = {f"{hit}（无金额部分）"}
            if not labels and not seen and u.intent is Intent.VALIDITY:
                labels = {APPENDIX_LABEL}  # "这个政策啥时候开始执行的？…": the 附则's own part
            # "另外技术秘密被前员工泄露了，有法律上的支持吗": a measure of its own that only
            # retrieval names — before the speaker's measures, which are the first part's too.
            # "…能拿多少？另外要是明年升成国家级，还能再拿多少？": a hypothetical naming no
            # measure, with no figure, is about the matter the part before it answered.
            hypothetical = u.flags.what_if and (not u.figures or acts.supposes(q))
            # "…一共能拿多少？会不会按集团只算一个？": how the matters told are counted — the
            # matters' answer ("每项单独计算") says it; no part of its own.
            if seen and not u.figures and not (u.topics or u.clauses) and acts.counting(q):
                continue
            if not labels and seen and hypothetical:
                # "…今年是不是还能拿？如果能拿，今年能拿多少？": the amount asked again with
                # nothing new (no figure or fact) is what the part before it answers.
                new = u.figures or (u.facts.keys() - {"event_date"})
                if not (u.intent is Intent.AMOUNT and amount_asked and not new):
                    answered.append((q, False))
                continue
            amount_asked = u.intent is Intent.AMOUNT
            # "这个奖励谁负责兑现？政策原文是怎么写的？" after a matter: each part asks another
            # thing of the conversation's measure, not what retrieval finds for its words.
            asks_of_measure = u.intent in (Intent.RESPONSIBLE, Intent.CLAUSE_TEXT)
            if (
                not labels
                and not u.figures
                and conv.topic in RULES
                and asks_of_measure
                and not acts.another(q)
            ):
                seen |= _by_rule({conv.topic})
                answered.append((q, False))
                continue
            # A first question of that kind has no measure before it to be about ("核心技术
            # 人员带走了图纸该找谁？还有…能拿多少").
            if not labels and (u.intent not in _ABOUT_A_MEASURE or not seen):
                hit = top(q)
                labels = {hit} if hit and not (_by_rule({hit}) & seen) else set()
            # "到时候还在有效期里吗？能奖多少": an amount asked with no measure of its own is
            # the conversation's, answered from what it knows.
            if (
                not labels
                and u.intent is Intent.AMOUNT
                and conv.topic in RULES
                and not u.figures
                and not _by_rule({conv.topic}) & seen
            ):
                seen |= _by_rule({conv.topic})
                answered.append((q, False))
                continue
            # "两个员工考了技术经纪人证": the speaker's clause (a process question is not)
            if not labels and u.applicant and u.intent is not Intent.PROCESS:
                labels = {r.clause for r in rules_for_applicant(u.applicant)}
            if not labels and seen and u.intent in _ABOUT_A_MEASURE and not u.figures:
                answered.append((q, False))
                continue
            # "另外入驻流程是怎样的？", "要入驻需要什么材料？…": what retrieval finds
            if not labels and (acts.another(q) or u.intent is Intent.PROCESS):
                labels = {hit} if (hit := top(q)) else set()
            labels = _by_rule(labels)
            if not labels:
                return whole
            if labels & seen:
                # "…能拿多少？我们还想再建个概念验证中心，那个比例是多少": the same measure
                # asked another kind of thing, with no figure, is its own part; "第二个呢？"
                # (an amount again) stays one case.
                # "要是明年升成国家级，还能再拿多少？" is a hypothetical on the same matter:
                # answered in the context the part before it left.
                if hypothetical:  # "…能拿多少？今年要是收入涨到400万呢？"
                    answered.append((q, False))
                    continue
                # "…这次还能拿多少？另外我们的孵化器今年刚认定了省级，那个能拿多少？": another
                # item of the same measure, of a kind of its own, asked as if alone.
                if acts.another(q) and kinds & u.facts.keys() and not u.figures:
                    answered.append((q, True))
                    continue
                listing = u.intent is Intent.ELIGIBILITY and u.flags.asks_which
                # "政策上对这个有支持吗" names the measure and asks no amount of it.
                amount = u.intent is Intent.AMOUNT and lexicon().intents["amount"].search(q)
                if u.figures or listing or amount or u.intent is Intent.UNKNOWN:
                    return whole
                answered.append((q, True))
                continue
            seen |= labels
            # The first question goes on from the conversation, as the message alone would:
            # "今年合同交易额两千二百万能奖多少？" after "我们是技术转移机构".
            answered.append((q, bool(answered)))
        return answered

    def _top_clause(self, question: str) -> str | None:
        """The clause retrieval ranks first for ``question``, when it is above the line."""
        found = self.retriever.search(question, k=1)
        return found.hits[0].clause if found.relevant and found.hits else None

    def decide(
        self, conv: Conversation, message: str, today: date | None = None
    ) -> tuple[Decision, Understanding | None]:
        """Understand ``message``, update the state, and decide — everything but the wording.

        The state changes as answering would change it (a reset, facts remembered, the topic
        adopted), so ``decide`` then :func:`assistant.answer.actions.act` is one turn.
        """
        text = message.strip()
        if not text:
            return Decision("empty", "greeting"), None
        # Reads at most MAX_CHARS and flags the rest. "今年撮合的技术合同成交额3600万" from a
        # transfer institution told before: contract words, whose measure depends on who
        # speaks, are read as the known speaker's when the message names no one.
        known = conv.applicant
        u = understand(text, today=today, known_speaker=known)
        # Reset is decided first: it is a state operation that no other outcome of the same
        # message (a refused value, a question) may skip, or the next visitor inherits the
        # previous one's facts.
        resets = u.intent is Intent.RESET or u.flags.new_visitor
        if resets:
            conv.reset()
            if known is not None:  # the next visitor is not the one known before
                u = understand(text, today=today)
        # "我是在读硕士" (whatever this message is answered with): a later hiring question
        # naming no degree is about the speaker (assistant.dialogue.tracker).
        conv.degree = u.speaker_degree or conv.degree
        if (conv.pending or "").startswith(OFFERED_CLAUSE):
            offered = conv.pending.removeprefix(OFFERED_CLAUSE)
            conv.pending = None
            if acts.assents(text):  # "是的" to "您问的是不是（九）这一条？"
                return Decision("clause_text", u.intent, clauses=[offered]), u
        if (early := policy.before_state(conv, u, text, resets)) is not None:
            if early.kind == "newcomer":
                if newcomer_cues.is_individual(text):
                    conv.case.set_applicant(newcomer.newcomer().applicant)
                conv.pending = None
            return early, u
        # The case file answers what one fact per name cannot (assistant.dialogue.matters): not
        # covered, several matters, a reference to one of them, a relative hypothetical.
        if conv.doubted and (settled := _settle_doubt(conv, text)) is not None:
            return Decision("matters", u.intent, case=settled), u
        # "这个是按什么比例算的？": the answer just given, from its blocks, nothing recomputed.
        if (about := policy.about_answer(conv, u, text)) is not None:
            return about, u
        # The retriever truncates its query; the dense channels are skipped only where the
        # rule is settled already (settled_rule), so "not covered" keeps its evidence.
        retrieval = self.retriever.search(text, k=5, dense=not settled_rule(conv, u))
        top = (retrieval.hits[0].clause, retrieval.hits[0].score) if retrieval.hits else None
        case = dialogue.decide(conv.case, u, text, today, conv.topic, retrieved=top)
        if case is not None:
            outside = case.not_covered is not None and case.not_covered.kind == "applicant"
            if outside and newcomer_cues.is_individual(text):
                # "我是在读硕士": who is asking is known from now on, as a newcomer would be
                conv.case.set_applicant(newcomer.newcomer().applicant)
            return Decision(case.kind, u.intent, case=case, retrieval=retrieval), u
        asked_who = conv.pending == ASK_APPLICANT
        if tracker.remember(conv, u, text):
            u.flags.thanks = False  # "好的" answered the question just asked: not a thank-you
        return policy.single_matter(conv, u, retrieval, asked_who), u

    def _reply(self, conv: Conversation, message: str, today: date | None) -> Reply:
        decision, u = self.decide(conv, message, today)
        reply = self._answer(conv, decision, u)
        # The last step: a reply that breaks an invariant becomes a confirmation question.
        read = gate.reading(conv, message, u, decision)
        violations = gate.check(reply, read)
        if not violations:
            if u is not None and decision.kind != "not_covered" and (nc := dialogue.aside(u)):
                # "博士能给10万，再加5万安家费…": the measure answered, the rest not covered
                beside = replies.not_covered_reply(nc, "not_covered")
                return parts.combine([(message, reply), (f"{nc.name}有没有支持？", beside)])
            if u is not None and (other := _other_side(conv, u)) is not None:
                # "学校能拿多少，企业能拿多少": the same contract under the other party's measure;
                # asked alone ("企业那边又能奖多少？"), it is the whole answer
                rule, question, theirs = other
                own_asked = acts.asks_amount(u.text.replace(u.other_side[rule], ""))
                if own_asked and any(a.rule == rule for a in reply.details):
                    return parts.combine([(message, reply), (question, theirs)])
                return theirs
            if u is not None and (part := _part_beside(u, decision, reply)):
                # "柔性引进了一位教授…另外全职引进了一名博士": the hire computed, the
                # flexible engagement answered by its own words in a part of its own
                beside = actions.act(Decision("describe", u.intent, clauses=[part]), conv, u)
                return parts.combine([(message, reply), (f"{part}有没有支持？", beside)])
            return reply
        # Matters no anchor names wait for the answer ("是同一个项目" / "是另一个").
        loose = [(m.rule, m.said) for m in read.matters if not m.anchor]
        conv.doubted = [i for i, m in enumerate(conv.case.matters) if (m.rule, m.said) in loose]
        if violations[0].asks_for is not None:  # a bare answer ("360万") fills what was asked
            conv.topic, conv.pending = violations[0].asks_for
        return gate.refuse(reply, read, violations)

    def _answer(self, conv: Conversation, decision: Decision, u: Understanding | None) -> Reply:
        reply = actions.act(decision, conv, u)
        if u is None or decision.kind in actions.NO_CASE:
            return reply  # a reset, a refusal, a profile or an orientation: nothing to add
        replies.attach(reply, conv.case, decision.case)
        if u.flags.injection:
            reply.body.insert(
                0, "（您的消息里有要求改变我工作方式的内容，我只会依据政策原文和计算器回答。）"
            )
        if u.flags.truncated:
            reply.body.insert(
                0, f"（您的消息较长，我只读了前 {MAX_CHARS} 个字；其余部分请分开再问。）"
            )
        return reply

    # Kept for callers that quote a rule in the text's words (tests/test_verbatim.py).
    _rule_summary = staticmethod(actions.rule_summary)


def _settle_doubt(conv: Conversation, text: str) -> dialogue.Decision | None:
    """The answer to the gate's "您说的A和B是同一个项目吗？": the same one drops the matters
    only a figure made (it was the asker's arithmetic), another one keeps them; then every
    matter is computed. None when the message is about something else."""
    doubted, conv.doubted = conv.doubted, []
    answer = acts.same_or_other(text)
    if answer is None:
        return None
    matters = conv.case.matters
    doubted = [i for i in doubted if i < len(matters)]
    if answer == "same":
        for index in doubted:
            # What its words said besides the figure ("我们牵头的") is the named matter's.
            loose = matters[index]
            named = next(
                (i for i, m in enumerate(matters) if m.rule == loose.rule and i not in doubted),
                None,
            )
            for name, value in loose.facts.items():
                if (
                    named is not None
                    and not name.endswith("_yuan")
                    and matters[named].facts.get(name) is None
                ):
                    conv.case.correct_fact(named, name, value, source=loose.said)
        for index in sorted(doubted, reverse=True):
            conv.remove_matter(index)
    return dialogue.Decision("matters", outcomes=casefile.compute_matters(conv.case))


def settled_rule(conv: Conversation, u: Understanding) -> bool:
    """Understanding has settled the rule, and the answer cites that rule's own quotes, so
    the dense channels cannot change the decision (and cost most of an answer's time).

    Asked before the case file and ``tracker.remember`` see the message. It mirrors what reads
    the ranking: ``dialogue.matters.decide`` gives it to ``scope.check`` only for a message
    without measured facts (so a fact beyond where the speaker is must be said), and
    ``policy.single_matter`` trusts a topic the message gives facts for whatever retrieval ranks
    first (``trusted_topic``); ``tracker.adopt_topic`` then makes that topic (or the speaker's
    own rule of it) ``conv.topic``, and with a topic no branch reads the ranking, except a
    process question, which reads the top clause. ``tests/test_retrieval_speed.py`` checks the
    replies are those the dense channels give.
    """
    if u.intent is Intent.PROCESS or not u.topics:
        return False
    topic = u.topics[0]
    if topic not in RULES or not policy.has_facts_for(topic, u):
        return False
    return bool(u.facts.keys() - STATUS_FACTS - {"event_date"})


def _other_side(conv: Conversation, u: Understanding) -> tuple[str, str, Reply] | None:
    """The other party of the one contract told, when the message asks about it: (the
    speaker's rule, the question, its reply). The other party's own conditions the speaker did
    not tell are assumed met and said so, as for any measure."""
    spec = lexicon().raw["other_side"]
    told_rules = {m.rule for m in conv.case.matters} & (spec.keys() - {"shared"})
    if len(told_rules) != 1:
        return None
    rule = told_rules.pop()
    side = spec[rule]
    if rule not in u.other_side:
        return None
    matters = [m for m in conv.case.matters if m.rule == rule]
    if len(matters) != 1:
        return None
    told = {**conv.case.shared, **matters[0].facts}
    theirs = {k: told[k] for k in spec["shared"] if k in told}
    theirs |= {new: told[old] for old, new in side["carried"].items() if old in told}
    theirs |= side["given"]
    other = RULES[side["rule"]]
    award = compute(other.id, facts.facts_for(other, theirs))
    note = f"同一份合同，按{other.clause}由对方（{other.name}）申请的估算；对方自己的条件您没说的，按已满足估算。"
    return rule, f"{u.other_side[rule]}？", compose.award_reply([award], u.intent, body=[note])


def _part_beside(u: Understanding, decision: Decision, reply: Reply) -> str | None:
    """The part without a figure the message names beside a measure its reply computed."""
    if u.named_part is None or decision.kind == "describe" or not reply.details:
        return None
    own = load_measures().parts[u.named_part].rule
    return None if any(a.rule == own for a in reply.details) else u.named_part


def _part_about(reply: Reply) -> str | None:
    """The one part without a figure ``reply`` answered (its rule id), else None."""
    parts = {a.rule for a in reply.details if a.rule in PART_RULES}
    return parts.pop() if len(parts) == 1 and len(reply.details) == 1 else None


def _about(reply: Reply) -> list[str]:
    """The measures ``reply`` was about, for "这一条…" next turn: its citations' clauses other
    than the 附则 (cited beside most answers), when it was about one measure; else none."""
    cited = dict.fromkeys(c.clause for c in reply.citations if c.clause != APPENDIX_LABEL)
    return list(cited) if len(cited) == 1 else []
