"""The conversational engine: one message in, one cited answer out.

Deterministic and offline. Understanding extracts intent and facts, retrieval finds the
clauses, calculators compute every amount, and :mod:`assistant.compose` writes the answer.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from decimal import Decimal
from typing import Any

from assistant import compose
from assistant.reply import AwardSummary, Reply, Retrieved
from assistant.state import Conversation
from assistant.understand import Intent, understand
from calculators.errors import InputError
from calculators.inputs import VALUE_NAMES
from calculators.model import Award, Citation, Kind
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

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000

APPLICANT_NAMES: dict[str, str] = {
    "enterprise": "入驻企业",
    "team": "入驻科创团队",
    "university": "高校",
    "institute": "科研院所",
    "financial_institution": "金融机构（银行、担保、投资基金等）",
    "transfer_institution": "技术转移转化机构",
    "carrier_operator": "孵化器 / 众创空间运营单位",
    "poc_centre": "概念验证中心",
    "pilot_base": "中试基地",
    "broker": "技术经纪（经理）人",
    "service_agency": "专业服务机构（律所、会计所、知识产权事务所等）",
}

# Which applicant a calculator topic implies when the user has not said who they are.
TOPIC_APPLICANT: dict[str, str] = {
    "academic_contract": "university",
    "academic_service": "university",
    "financing": "financial_institution",
    "transfer_service": "transfer_institution",
    "carrier": "carrier_operator",
    "broker_training": "broker",
    "outstanding_broker": "broker",
}

# Facts an applicant type already answers ("我们是中试基地" → platform_type).
APPLICANT_FACTS: dict[str, dict[str, str]] = {
    "poc_centre": {"platform_type": "poc_centre"},
    "pilot_base": {"platform_type": "pilot_base"},
}

YES_WORDS = ("是的", "是", "对", "有", "已经", "通过了", "完成了", "嗯", "好的", "签了", "交了")
NO_WORDS = ("不是", "没有", "没", "否", "还没", "未", "不")

HELP = compose.join(
    "您好！我是 **晋创谷·晋中 政策助手**，依据《关于进一步强化“晋创谷·晋中”创新驱动平台建设支持的若干措施》回答问题。我可以：",
    "- 帮您看 **哪些措施适用于您**（企业、团队、高校院所、金融机构、孵化载体、中试基地、技术经纪人等）；\n"
    "- 按条款 **计算奖补金额**，区分确定金额和“最高/不超过”的上限，并写出计算过程；\n"
    "- 说明 **入驻流程**、**责任单位**、**有效期和能否叠加**，并引用原文条款。",
    "您可以这样问：“我们牵头的省级重点研发项目验收了，省拨经费800万，能拿多少？”"
    "“我们是一家中试基地，能享受什么？”“怎么入驻晋创谷？”",
)


class Assistant:
    """Answers messages; holds the retriever (heavy) and nothing per-user."""

    def __init__(self, retriever: Any, llm: Any | None = None) -> None:
        self.retriever = retriever
        self.llm = llm

    @classmethod
    def default(cls) -> Assistant:
        """The embedded default: local index, and an LLM only if the environment configures one."""
        from assistant.llm import from_env
        from assistant.retrieval import get_retriever

        return cls(get_retriever(), llm=from_env())

    # ----------------------------------------------------------------- entry point
    def reply(self, conv: Conversation, message: str, today: date | None = None) -> Reply:
        started = time.perf_counter()
        try:
            result = self._reply(conv, message or "", today)
        except InputError as err:
            # A value the calculator refuses is forgotten, so it cannot poison later turns.
            conv.facts.pop(getattr(err, "field", None), None)
            result = Reply(answer=f"{err} 您之前提供的其他信息我都还记着。", intent="bad_input")
        except Exception:  # a user must never see a traceback
            log.exception("engine failure on message %r", message[:200])
            result = Reply(
                answer="抱歉，我没能处理这条消息。请换个说法再试一次，您之前提供的信息我都还记着。",
                intent="error",
            )
        conv.turns += 1
        if self.llm is not None and result.intent not in ("error", "bad_input"):
            result = self.llm.polish(message, result)
        result.elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    def _reply(self, conv: Conversation, message: str, today: date | None) -> Reply:
        text = message.strip()
        if not text:
            return Reply(answer="您还没有输入问题。" + HELP, intent="greeting")
        u = understand(text[:MAX_MESSAGE_CHARS], today=today)
        if u.problems:
            asked = "；".join(u.problems)
            return Reply(answer=f"{asked} 您之前提供的信息我都还记着。", intent="bad_input")
        if u.intent is Intent.RESET:
            conv.reset()
            return Reply(answer="好的，已清空之前的信息，我们重新开始。", intent=u.intent)
        if u.intent is Intent.PROFILE:
            return Reply(answer=self._profile(conv), intent=u.intent)

        self._remember(conv, u, text)
        retrieval = self.retriever.search(text[:MAX_MESSAGE_CHARS], k=5)
        retrieved = [Retrieved(clause=h.clause, score=round(h.score, 4)) for h in retrieval.hits]
        reply = self._route(conv, u, retrieval)
        reply.retrieved = retrieved
        if u.flags.injection:
            reply.answer = compose.join(
                "（您的消息里有要求改变我工作方式的内容，我只会依据政策原文和计算器回答。）",
                reply.answer,
            )
        return reply

    def self_check(self, applicant: str, facts: dict[str, Any]) -> Reply:
        """政策体检: every measure that may apply to this applicant, from a form's facts."""
        started = time.perf_counter()
        known = {k: v for k, v in facts.items() if v is not None}
        conv = Conversation(
            applicant=applicant, facts={**APPLICANT_FACTS.get(applicant, {}), **known}
        )
        try:
            result = self._eligibility(conv, Intent.ELIGIBILITY)
        except InputError as err:
            result = Reply(answer=f"{err}", intent="bad_input")
        result.elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    # ----------------------------------------------------------------- memory
    def _remember(self, conv: Conversation, u: Any, text: str) -> None:
        if u.applicant:
            conv.applicant = u.applicant
            for name, value in APPLICANT_FACTS.get(u.applicant, {}).items():
                conv.facts.setdefault(name, value)
        facts = dict(u.facts)
        topic = next((t for t in u.topics if t in RULES), None)
        if topic:
            conv.topic = topic
        pending = conv.pending
        conv.pending = None
        # Bare answers ("八百万", "三年", "两个") fill the fact just asked for.
        for neutral in ("amount_yuan", "years", "count"):
            bare = facts.pop(neutral, None)
            target = pending or (
                _main_amount_field(conv.topic) if neutral == "amount_yuan" else None
            )
            if bare is not None and target and target not in facts:
                facts[target] = bare if target.endswith("_yuan") else _plain_number(bare)
        neutral_level = facts.pop("level", None)
        if neutral_level is not None:
            field = "carrier_level" if conv.topic == "carrier" else "project_level"
            facts.setdefault(field, neutral_level)
        previous = facts.pop("previous_level", None)
        if previous and previous != facts.get("carrier_level"):
            facts.setdefault("received_before_yuan", self._carrier_paid(conv, facts, previous))
        if pending and pending not in facts and _is_bool_field(conv.topic, pending):
            answer = _yes_no(text)
            if answer is not None:
                facts[pending] = answer
        conv.facts.update(facts)
        if not conv.topic and conv.applicant is None:
            return
        if conv.applicant is None and conv.topic in TOPIC_APPLICANT:
            conv.applicant = TOPIC_APPLICANT[conv.topic]

    def _carrier_paid(self, conv: Conversation, facts: dict, previous_level: str) -> Decimal:
        """What a carrier already received at its earlier level, computed, not assumed."""
        carrier_type = facts.get("carrier_type") or conv.facts.get("carrier_type")
        if not carrier_type:
            return Decimal(0)
        earlier = compute(
            "carrier", {"carrier_type": carrier_type, "carrier_level": previous_level}
        )
        return earlier.amount_yuan

    # ----------------------------------------------------------------- routing
    def _route(self, conv: Conversation, u: Any, retrieval: Any) -> Reply:
        intent = u.intent
        top = retrieval.hits[0].clause if retrieval.relevant and retrieval.hits else None
        if intent in (Intent.GREETING,):
            return Reply(answer=HELP, intent=intent)
        if intent is Intent.OUT_OF_SCOPE:
            return Reply(
                answer="抱歉，这个问题超出了本政策的范围。" + HELP,
                intent=intent,
            )
        if intent is Intent.PROCESS:
            return self._process(intent)
        if intent is Intent.VALIDITY:
            return self._validity(conv, intent)
        if intent is Intent.CLAUSE_TEXT:
            labels = u.clauses or ([top] if top else [])
            return self._clause_text(labels, intent)
        if intent is Intent.RESPONSIBLE:
            labels = u.clauses or ([RULES[conv.topic].clause] if conv.topic else [])
            labels = labels or ([top] if top else [])
            return self._responsible(labels, intent)
        if intent is Intent.ELIGIBILITY:
            if conv.applicant is None and u.topics:
                return self._clause_focus(RULES[u.topics[0]].clause, intent)
            focus = RULES[u.topics[0]].clause if u.topics else top
            return self._eligibility(conv, intent, focus=focus)
        # amount, or a message whose intent is unclear: compute if we know the topic.
        if not u.topics and top and (conv.topic is None or not u.facts):
            guessed = self._topic_for_clause(top, conv)
            if guessed:
                conv.topic = guessed
            elif top in DESCRIPTIVE_CLAUSES or top == APPENDIX_LABEL:
                if top == APPENDIX_LABEL:
                    return self._validity(conv, intent)
                return self._descriptive(top, intent)
        if conv.topic:
            return self._amount(conv, intent)
        if conv.applicant and intent is Intent.AMOUNT:
            return self._eligibility(conv, intent)
        if top:
            return self._clause_text([top], intent)
        return Reply(
            answer="抱歉，我没有在政策中找到和您的问题足够相关的条款。" + HELP, intent=intent
        )

    def _topic_for_clause(self, clause: str, conv: Conversation) -> str | None:
        candidates = [r for r in RULES.values() if r.clause == clause]
        if not candidates:
            return None
        if conv.applicant:
            own = [r for r in candidates if conv.applicant in r.applicants]
            candidates = own or candidates
        known = set(conv.facts)
        return max(candidates, key=lambda r: len(known & set(r.input_model.model_fields))).id

    # ----------------------------------------------------------------- answers
    def _amount(self, conv: Conversation, intent: Any) -> Reply:
        rule = RULES[conv.topic]
        facts = _facts_for(rule, conv.facts)
        missing = missing_fields(rule.id, facts)
        if missing:
            field = missing[0]
            conv.pending = field
            question = _ask(rule, field)
            known = self._known_line(rule, facts)
            answer = compose.join(
                f"这个问题对应 **{rule.clause}{load_policy().clause(rule.clause).title}**。",
                "原文：" + self._rule_summary(rule),
                known,
                f"为了算出金额，还需要知道：**{question}**",
            )
            return Reply(
                answer=answer,
                follow_up=question,
                intent=intent,
                citations=self._rule_citations(rule),
                units=list(load_policy().clause(rule.clause).units),
            )
        award = compute(rule.id, facts)
        return self._award_reply([award], intent)

    def _award_reply(self, awards: list[Award], intent: Any, preface: str = "") -> Reply:
        citations = [c for a in awards for c in a.citations] + compose.caveats()
        units = [u for a in awards for u in a.units]
        blocks = [compose.award_block(a) for a in awards]
        answer = compose.join(
            preface,
            *blocks,
            compose.citation_block(citations),
            compose.units_line(units),
            compose.caveat_block(),
        )
        return Reply(
            answer=answer,
            citations=_unique(citations),
            awards=[AwardSummary.of(a) for a in awards if a.kind is not Kind.NO_FIXED_AMOUNT],
            intent=intent,
            units=list(dict.fromkeys(units)),
            details=awards,
        )

    def _eligibility(self, conv: Conversation, intent: Any, focus: str | None = None) -> Reply:
        """List every measure that may apply; ``focus`` is a clause the question pointed at."""
        if conv.applicant is None:
            conv.pending = "applicant"
            question = "请问您是哪类主体？（入驻企业/团队、高校或科研院所、金融机构、技术转移机构、孵化器或众创空间、概念验证中心、中试基地、技术经纪人）"
            return Reply(answer=question, follow_up=question, intent=intent)
        rules = rules_for_applicant(conv.applicant)
        computed: list[Award] = []
        pending_lines: list[str] = []
        next_facts: list[str] = []
        for rule in rules:
            facts = _facts_for(rule, conv.facts)
            missing = missing_fields(rule.id, facts)
            if missing:
                pending_lines.append("- " + self._rule_summary(rule))
                next_facts.append(_label(rule, missing[0]))
            else:
                computed.append(compute(rule.id, facts))
        keys = self._descriptive_for(conv.applicant)
        descriptive = [describe(key) for key in keys]
        who = APPLICANT_NAMES.get(conv.applicant, conv.applicant)
        parts = []
        if focus and focus != APPENDIX_LABEL and focus not in {a.clause for a in computed}:
            # The question pointed at one matter ("研发失败会被追责吗"): answer it first.
            parts.append("与您的问题最相关的是：\n\n" + self._focus_text(focus))
        parts.append(f"按您是 **{who}** 来看，可能适用的措施如下：")
        if computed:
            parts.append(
                "**已能计算的**\n\n" + "\n\n".join(compose.compact_block(a) for a in computed)
            )
            parts.append(compose.total_line(computed))
        if pending_lines:
            parts.append("**还需补充信息才能计算的**\n" + "\n".join(pending_lines))
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
        reply = self._award_reply(computed + descriptive, intent, preface="\n\n".join(parts))
        # The per-award blocks repeat the list above; keep the summary and citations only.
        reply.answer = compose.join(
            "\n\n".join(parts),
            compose.citation_block(
                reply.citations + [c for r in rules for c in self._rule_citations(r)]
            ),
            compose.units_line(reply.units + [u for r in rules for u in self._rule_units(r)]),
            compose.caveat_block(),
        )
        reply.citations = _unique(
            reply.citations + [c for r in rules for c in self._rule_citations(r)]
        )
        reply.follow_up = follow_up
        return reply

    def _focus_text(self, label: str) -> str:
        rules = [r for r in RULES.values() if r.clause == label]
        if rules:
            return "\n".join("- " + self._rule_summary(r) for r in rules)
        clause = load_policy().clause(label)
        return f"**{clause.heading}**：{clause.body.split('（责任单位')[0]}"

    def _clause_focus(self, label: str, intent: Any) -> Reply:
        clause = load_policy().clause(label)
        rules = [r for r in RULES.values() if r.clause == label]
        citations = [c for r in rules for c in self._rule_citations(r)] or [
            Citation(clause=label, quote=clause.paragraphs[0].split("（责任单位")[0])
        ]
        answer = compose.join(
            "与您的问题最相关的是：",
            self._focus_text(label),
            compose.units_line(clause.units),
            "告诉我您的单位类型和具体情况（金额、级别等），我可以帮您算一算。" if rules else "",
        )
        return Reply(answer=answer, citations=citations, units=list(clause.units), intent=intent)

    def _descriptive_for(self, applicant: str) -> list[str]:
        return [label for label, who in DESCRIPTIVE_CLAUSES.items() if applicant in who]

    def _descriptive(self, label: str, intent: Any) -> Reply:
        return self._award_reply([describe(label)], intent)

    def _process(self, intent: Any) -> Reply:
        policy = load_policy()
        blocks, citations, units = [], [], []
        for label in ("（一）", "（二）"):
            clause = policy.clause(label)
            text = clause.body.split("（责任单位")[0]
            blocks.append(f"**{clause.heading}**：{text}")
            citations.append(Citation(clause=label, quote=text))
            units += clause.units
        answer = compose.join(
            "入驻晋创谷·晋中，按政策原文：",
            *blocks,
            "政策原文 **没有列出** 具体的申请材料清单、办理时限和受理地址；"
            "这些由两区会同运营公司向社会发布，请通过一站式服务窗口或下列责任单位咨询。",
            compose.units_line(units),
        )
        return Reply(
            answer=answer, citations=citations, units=list(dict.fromkeys(units)), intent=intent
        )

    def _validity(self, conv: Conversation, intent: Any) -> Reply:
        appendix = load_policy().appendix
        citations = [Citation(clause=APPENDIX_LABEL, quote=p) for p in appendix.paragraphs]
        answer = compose.join(
            "**附则** 原文：",
            "\n\n".join(f"> {p}" for p in appendix.paragraphs),
            "也就是说：同一事项如果国家、省、市其他同类政策也支持，按“就高不重复”只享受较高的一项，不重复享受。",
        )
        return Reply(answer=answer, citations=citations, intent=intent, units=["市科技局"])

    def _clause_text(self, labels: list[str], intent: Any) -> Reply:
        policy = load_policy()
        clauses = [policy.clause(label) for label in labels if label in policy.labels()]
        if not clauses:
            return Reply(
                answer="没有找到您说的条款。本措施共有（一）至（十四）和附则。", intent=intent
            )
        blocks = [compose.clause_text_block(c) for c in clauses]
        units = [u for c in clauses for u in c.units]
        answer = compose.join(*blocks, compose.units_line(units))
        citations = [Citation(clause=c.label, quote=c.paragraphs[0]) for c in clauses]
        return Reply(
            answer=answer, citations=citations, units=list(dict.fromkeys(units)), intent=intent
        )

    def _responsible(self, labels: list[str], intent: Any) -> Reply:
        policy = load_policy()
        clauses = [policy.clause(label) for label in labels if label in policy.labels()]
        if not clauses:
            return self._clause_text([], intent)
        lines = [f"- **{c.heading}**：{'、'.join(c.units) or '原文未列责任单位'}" for c in clauses]
        interpret = compose.appendix_sentence("负责解释")
        answer = compose.join("**责任单位**\n" + "\n".join(lines), f"政策解释：{interpret}（附则）")
        citations = [
            Citation(clause=c.label, quote=f"（责任单位：{'、'.join(c.units)}）")
            for c in clauses
            if c.units
        ]
        citations.append(Citation(clause=APPENDIX_LABEL, quote=interpret))
        units = [u for c in clauses for u in c.units]
        return Reply(
            answer=answer, citations=citations, units=list(dict.fromkeys(units)), intent=intent
        )

    def _profile(self, conv: Conversation) -> str:
        if not conv.facts and not conv.applicant:
            return "目前我还不了解您的情况。您可以告诉我单位类型和具体情况（如项目级别、经费、合同金额等）。"
        lines = []
        if conv.applicant:
            lines.append(f"- 主体类型：{APPLICANT_NAMES.get(conv.applicant, conv.applicant)}")
        if conv.topic:
            lines.append(f"- 正在讨论：{RULES[conv.topic].clause}{RULES[conv.topic].name}")
        for name, value in conv.facts.items():
            lines.append(f"- {_any_label(name)}：{_show(name, value)}")
        return "目前我掌握的情况：\n" + "\n".join(lines) + "\n\n说“重新开始”可以清空。"

    def _known_line(self, rule: Rule, facts: dict) -> str:
        known = [
            f"{_label(rule, k)}：{_show(k, v)}"
            for k, v in facts.items()
            if k in rule.input_model.model_fields
        ]
        return "已知：" + "；".join(known) + "。" if known else ""

    def _rule_citations(self, rule: Rule) -> list[Citation]:
        quotes = [p.quote for p in rule_parameters(rule.id)]
        return [Citation(clause=rule.clause, quote=q) for q in dict.fromkeys(quotes)]

    def _rule_summary(self, rule: Rule) -> str:
        """The rule in the text's own words: what someone gets before any fact is known."""
        quotes = "；".join(c.quote for c in self._rule_citations(rule))
        return f"**{rule.clause}{rule.name}**：{quotes}。"

    def _rule_units(self, rule: Rule) -> list[str]:
        return list(load_policy().clause(rule.clause).units)


# --------------------------------------------------------------------- helpers
def _facts_for(rule: Rule, facts: dict) -> dict:
    fields = rule.input_model.model_fields
    return {k: v for k, v in facts.items() if k in fields and v is not None}


def _field_extra(rule: Rule, name: str) -> dict:
    extra = rule.input_model.model_fields[name].json_schema_extra
    return extra if isinstance(extra, dict) else {}


def _ask(rule: Rule, name: str) -> str:
    return _field_extra(rule, name).get("ask", name)


def _label(rule: Rule, name: str) -> str:
    return _field_extra(rule, name).get("label", name)


def _any_label(name: str) -> str:
    for rule in RULES.values():
        if name in rule.input_model.model_fields:
            return _label(rule, name)
    return name


def _main_amount_field(topic: str | None) -> str | None:
    """The money fact a bare "那三百万呢" most likely restates for the current topic."""
    if not topic:
        return None
    fields = RULES[topic].input_model.model_fields
    return next((n for n, f in fields.items() if n.endswith("_yuan") and f.is_required()), None)


def _is_bool_field(topic: str | None, name: str) -> bool:
    if not topic:
        return False
    field = RULES[topic].input_model.model_fields.get(name)
    return field is not None and field.annotation in (bool, bool | None)


def _yes_no(text: str) -> bool | None:
    if any(w in text for w in NO_WORDS):
        return False
    if any(w in text for w in YES_WORDS):
        return True
    return None


def _plain_number(value: Decimal) -> Any:
    return int(value) if value == value.to_integral() else value


def _show(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if name.endswith("_yuan"):
        return compose.format_yuan(value)
    return VALUE_NAMES.get(str(value), str(value))


def _unique(citations: list[Citation]) -> list[Citation]:
    seen: dict[tuple[str, str], Citation] = {}
    for c in citations:
        seen.setdefault((c.clause, c.quote), c)
    return list(seen.values())
