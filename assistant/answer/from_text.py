"""Answers that come straight from the clause text: process, validity, clause, units, help.

No calculator is involved, so nothing here can introduce a figure: each answer quotes the
policy and says plainly what the text does not specify.
"""

from __future__ import annotations

from datetime import date

from assistant.answer import compose
from assistant.answer.reply import Headline, Reply, unit_lines
from assistant.dialogue.policy import PROCESS_CLAUSES
from calculators.common import format_date, in_validity
from calculators.model import Citation
from corpus.clauses import APPENDIX_LABEL, Clause, load_policy

HELP = [
    "您好！我是 **晋创谷·晋中 政策助手**，依据《关于进一步强化“晋创谷·晋中”创新驱动平台建设支持的若干措施》回答问题。我可以：",
    "- 帮您看 **哪些措施适用于您**（企业、团队、高校院所、金融机构、孵化载体、中试基地、技术经纪人等）；\n"
    "- 按条款 **计算奖补金额**，区分按规定计算的金额和“最高/不超过”的上限，并写出计算过程；\n"
    "- 说明 **入驻流程**、**责任单位**、**有效期和能否叠加**，并引用原文条款。",
    "您可以这样问：“我们牵头的省级重点研发项目验收了，省拨经费800万，能拿多少？”"
    "“我们是一家中试基地，能享受什么？”“怎么入驻晋创谷？”",
]


def without_units(clause: Clause) -> str:
    """The clause body without its trailing （责任单位：…）, which is shown separately."""
    return clause.body.split("（责任单位")[0]


def _info(text: str) -> Headline:
    return Headline(text=text, verdict="info")


def _clauses(labels: list[str]) -> list[Clause]:
    policy = load_policy()
    return [policy.clause(label) for label in labels if label in policy.labels()]


def help_reply(
    intent: str,
    preface: str = "",
    *,
    not_covered: str | None = None,
    headline: Headline | None = None,
) -> Reply:
    if not_covered:
        headline = Headline(text=not_covered, verdict="not_covered")
    return Reply(
        intent=intent,
        headline=headline,
        not_covered=not_covered,
        body=[p for p in (preface, *HELP) if p],
    )


def process(intent: str, first: str | None = None) -> Reply:
    """Entering the valley, from （一）（二）; ``first`` is the one the question is closest to."""
    clauses = _clauses(sorted(PROCESS_CLAUSES, key=lambda label: label != first))
    return Reply(
        intent=intent,
        headline=_info("入驻晋创谷·晋中，按政策原文："),
        body=[
            *(f"**{c.heading}**：{without_units(c)}" for c in clauses),
            "政策原文 **没有列出** 具体的申请材料清单、办理时限和受理地址；"
            "这些由两区会同运营公司向社会发布，请通过一站式服务窗口或下列责任单位咨询。",
        ],
        citations=[Citation(clause=c.label, quote=without_units(c)) for c in clauses],
        unit_lines=unit_lines((c.label, c.units) for c in clauses),
    )


def validity(intent: str, day: date | None = None) -> Reply:
    """The 附则 window and 就高不重复; ``day`` is a date the question asked about."""
    appendix = load_policy().appendix
    headline = None
    if day is not None:
        word = "可以" if in_validity(day) else "不能"
        inside = "在" if word == "可以" else "不在"
        headline = Headline(
            text=f"{word}：{format_date(day)}{inside}本措施有效期内。",
            verdict="info",
            emphasis=[word],
        )
    sentences = [compose.appendix_sentence("有效期"), compose.appendix_sentence("就高不重复")]
    return Reply(
        intent=intent,
        headline=headline,
        body=[
            f"**有效期**：{sentences[0]}",
            f"**能否叠加**：{sentences[1]}"
            "也就是说，同一事项如果国家、省、市其他同类政策也支持，只按较高的一项支持，不重复享受。",
            f"> {appendix.paragraphs[-1]}",
        ],
        citations=[
            Citation(clause=APPENDIX_LABEL, quote=q) for q in (*sentences, appendix.paragraphs[-1])
        ],
    )


def clause_text(labels: list[str], intent: str) -> Reply:
    clauses = _clauses(labels)
    if not clauses:
        return Reply(
            intent=intent,
            headline=Headline(
                text="没有找到您说的条款。本措施共有（一）至（十四）和附则。", verdict="none_found"
            ),
        )
    body = [
        f"**{c.heading}**（{c.section}）\n\n" + without_units(c).replace("\n", "\n\n")
        for c in clauses
    ]
    return Reply(
        intent=intent,
        body=body,
        citations=[Citation(clause=c.label, quote=without_units(c)) for c in clauses],
        unit_lines=unit_lines((c.label, c.units) for c in clauses),
    )


def responsible(labels: list[str], intent: str) -> Reply:
    clauses = _clauses(labels)
    if not clauses:
        return clause_text([], intent)
    interpret = compose.appendix_sentence("负责解释")
    missing = [f"- **{c.heading}**：原文未列责任单位" for c in clauses if not c.units]
    citations = [
        Citation(clause=c.label, quote=f"（责任单位：{'、'.join(c.units)}）")
        for c in clauses
        if c.units
    ]
    # The units are the answer: they lead. The 附则's "负责解释" sentence comes last, or a clerk
    # reads "本措施由市科技局负责解释" out as who handles the matter.
    listed = [c for c in clauses if c.units]
    headline = None
    if len(listed) == 1:
        c = listed[0]
        headline = Headline(text=f"{c.heading}的责任单位：{'、'.join(c.units)}。", verdict="info")
    elif listed:
        text = "；".join(f"{c.label}：{'、'.join(c.units)}" for c in listed)
        headline = Headline(text=f"责任单位——{text}。", verdict="info")
    return Reply(
        intent=intent,
        headline=headline,
        body=[*missing, f"政策解释：{interpret}（附则）"],
        citations=[*citations, Citation(clause=APPENDIX_LABEL, quote=interpret)],
        unit_lines=unit_lines((c.label, c.units) for c in clauses),
    )
