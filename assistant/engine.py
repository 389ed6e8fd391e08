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

from assistant.answer import actions, newcomer
from assistant.answer import matters as replies
from assistant.answer.actions import STILL_REMEMBERED
from assistant.answer.citations import rule_citations
from assistant.answer.reply import Reply
from assistant.dialogue import facts, policy, tracker
from assistant.dialogue import matters as dialogue
from assistant.dialogue.casefile import Matter
from assistant.dialogue.policy import Decision
from assistant.dialogue.state import Conversation
from assistant.dialogue.tracker import APPLICANT_FACTS, ASK_APPLICANT
from assistant.nlu import newcomer as newcomer_cues
from assistant.nlu.understand import MAX_CHARS, Intent, Understanding, understand
from calculators.errors import InputError
from calculators.registry import RULES

log = logging.getLogger(__name__)


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
        try:
            result = self._reply(conv, message or "", today)
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
        result.render()
        if self.llm is not None and result.intent not in ("error", "bad_input"):
            result = self.llm.polish(message, result)
        result.elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
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
        stated = {k: v for k, v in known.items() if v is not None}
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
        u = understand(text, today=today)  # reads at most MAX_CHARS, flags the rest
        # Reset is decided first: it is a state operation that no other outcome of the same
        # message (a refused value, a question) may skip, or the next visitor inherits the
        # previous one's facts.
        resets = u.intent is Intent.RESET or u.flags.new_visitor
        if resets:
            conv.reset()
        if (early := policy.before_state(conv, u, text, resets)) is not None:
            if early.kind == "newcomer":
                if newcomer_cues.is_individual(text):
                    conv.case.set_applicant(newcomer.newcomer().applicant)
                conv.pending = None
            return early, u
        # The case file answers what one fact per name cannot (assistant.dialogue.matters): not
        # covered, several matters, a reference to one of them, a relative hypothetical.
        case = dialogue.decide(conv.case, u, text, today, conv.topic)
        if case is not None:
            return Decision(case.kind, u.intent, case=case), u
        asked_who = conv.pending == ASK_APPLICANT
        tracker.remember(conv, u, text)
        # the retriever truncates its query
        retrieval = self.retriever.search(text, k=5, dense=not settled_rule(conv, u))
        return policy.single_matter(conv, u, retrieval, asked_who), u

    def _reply(self, conv: Conversation, message: str, today: date | None) -> Reply:
        decision, u = self.decide(conv, message, today)
        reply = actions.act(decision, conv, u)
        if u is None or decision.kind in actions.BEFORE_STATE:
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


def settled_rule(conv: Conversation, u: Understanding) -> bool:
    """Understanding has settled the rule, and the answer cites that rule's own quotes, so
    the dense channels cannot change the decision (and cost most of an answer's time).

    It mirrors :func:`assistant.dialogue.policy.single_matter`: a topic the message gives
    facts for is trusted whatever retrieval ranks first (``trusted_topic``); with it and a
    topic in the case file, no branch reads the ranking, except a process question, which
    reads the top clause. ``tests/test_engine.py`` checks the decisions are the same.
    """
    if u.intent is Intent.PROCESS or not u.topics or conv.topic is None:
        return False
    topic = u.topics[0]
    return topic in RULES and policy.has_facts_for(topic, u)
