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
from calculators.registry import DESCRIPTIVE_CLAUSES, RULES
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


# What （一）（二） leave to the two zones and the 运营公司 to publish.
NOT_LISTED = (
    "政策原文 **没有列出** 具体的申请材料清单、办理时限和受理地址；"
    "这些由两区会同运营公司向社会发布，请通过一站式服务窗口或下列责任单位咨询。"
)


def process(intent: str, first: str | None = None) -> Reply:
    """Entering the valley, from （一）（二）; ``first`` is the one the question is closest to."""
    clauses = _clauses(sorted(PROCESS_CLAUSES, key=lambda label: label != first))
    return Reply(
        intent=intent,
        headline=_info("入驻晋创谷·晋中，按政策原文："),
        body=[
            *(f"**{c.heading}**：{without_units(c)}" for c in clauses),
            NOT_LISTED,
        ],
        citations=[Citation(clause=c.label, quote=without_units(c)) for c in clauses],
        unit_lines=unit_lines((c.label, c.units) for c in clauses),
    )


def validity(intent: str, day: date | None = None, combining: bool = False) -> Reply:
    """The 附则 window and 就高不重复; ``day`` is a date the question asked about;
    ``combining``: the question is whether two policies' support combines, answered first."""
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
    body = [
        f"**有效期**：{sentences[0]}",
        f"**能否叠加**：{sentences[1]}"
        "也就是说，同一事项如果国家、省、市其他同类政策也支持，只按较高的一项支持，不重复享受。",
        f"> {appendix.paragraphs[-1]}",
    ]
    if combining and headline is None:
        body[0], body[1] = body[1], body[0]
        headline = Headline(
            text=compose.COMBINING,
            verdict="info",
            emphasis=["就高不重复"],
        )
    return Reply(
        intent=intent,
        headline=headline,
        body=body,
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


def _whole_policy_units(intent: str) -> Reply:
    """ "政策是哪个部门管的", no measure named: who interprets the policy (附则), then each
    measure's units as the text lists them, so the caller can pick theirs."""
    policy = load_policy()
    interpret = compose.appendix_sentence("负责解释")
    listed = [c for c in policy.measures if c.units]
    return Reply(
        intent=intent,
        headline=Headline(text=f"{interpret}各条措施另有各自的责任单位：", verdict="info"),
        body=[f"- **{c.heading}**：{'、'.join(c.units)}" for c in listed]
        + ["告诉我您问的是哪一条（或哪类事项），我只列那一条的责任单位。"],
        citations=[Citation(clause=APPENDIX_LABEL, quote=interpret)]
        + [Citation(clause=c.label, quote=f"（责任单位：{'、'.join(c.units)}）") for c in listed],
    )


def responsible(labels: list[str], intent: str) -> Reply:
    clauses = _clauses(labels)
    if not clauses:
        return _whole_policy_units(intent)
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
    # A way-in clause's units are asked with what they run ("那具体找谁办，有没有窗口？"):
    # its own words name the window and the platform, so they come along; so do the words of a
    # measure that sets no figure, which are all it says ("会计师事务所想进驻…有没有相关政策，
    # 该找哪个部门对接？").
    computed = {r.clause for r in RULES.values()}
    services = [
        f"**{c.heading}**：{without_units(c)}"
        for c in clauses
        if c.label in PROCESS_CLAUSES
        or (c.label in DESCRIPTIVE_CLAUSES and c.label not in computed)
    ]
    return Reply(
        intent=intent,
        headline=headline,
        body=[*missing, *services, f"政策解释：{interpret}（附则）"],
        citations=[*citations, Citation(clause=APPENDIX_LABEL, quote=interpret)],
        unit_lines=unit_lines((c.label, c.units) for c in clauses),
    )


# ------------------------------------------------------------------ whom to contact, and where
# A telephone, an address or a contact person: the text gives none of them. A place is asked
# only together with what is looked for (a window, an office), or "在哪里申请" would be taken
# from the entering answer.
CONTACT_WORDS = (
    "电话", "联系方式", "联系人", "联系谁", "找谁联系", "怎么联系", "如何联系", "手机号",
    "邮箱", "地址", "热线", "phone", "telephone", "contact", "address", "email", "hotline",
)  # fmt: skip
PLACE_WORDS = ("在哪", "哪里", "位置", "怎么走", "where", "located", "location")
PLACE_OF = ("窗口", "运营公司", "管委会", "办公", "大厅", "window", "office", "operator")


def asks_contact(text: str) -> bool:
    """Whether a message asks for a telephone, an address, a contact, or where the window is."""
    low = text.lower()
    if any(w in low for w in CONTACT_WORDS):
        return True
    return any(w in low for w in PLACE_WORDS) and any(w in low for w in PLACE_OF)


def _english(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) > len(letters) / 2


def contact(text: str, intent: str, labels: list[str] | tuple[str, ...] = ()) -> Reply:
    """What the text says about whom to ask and where: （一）'s 一站式服务窗口 and 运营公司,
    the 责任单位 of the clause asked about (or （一）'s), and that it gives no address or
    telephone. In English when asked in English; the names stay as the text writes them."""
    service = load_policy().clause("（一）")
    asked = [c for c in _clauses(list(labels)) if c.label != service.label]
    clauses = [service, *asked]
    window = next(s for s in service.body.split("。") if "一站式服务窗口" in s) + "。"
    interpret = compose.appendix_sentence("负责解释")
    units = "、".join(dict.fromkeys(u for c in clauses for u in c.units))
    if _english(text):
        headline = "The policy text gives no address, telephone number or contact person."
        body = [
            f"What it does say: under {service.label} the two zones (两区) and the operating "
            "company (运营公司) run a service platform and a one-stop service window "
            "(一站式服务窗口) for teams and companies entering the valley.",
            f"Whom to ask: the responsible units (责任单位) it names — {units}.",
            f"For the policy's interpretation: 市科技局 (Jinzhong Science and Technology "
            f"Bureau) — “{interpret}”",
        ]
    else:
        headline = "政策原文没有写地址、联系电话或联系人。"
        body = [
            f"原文写的是：（一）“{window}”两区会同 **运营公司** 向社会发布入驻流程、办理方式、"
            "所需材料等信息。",
            f"可以咨询的是原文列出的 **责任单位**：{units}。具体的电话和办公地点，"
            "请以两区或运营公司对外发布的信息为准。",
            f"政策解释：{interpret}（附则）",
        ]
    return Reply(
        intent=intent,
        headline=_info(headline),
        body=body,
        citations=[
            Citation(clause=service.label, quote=window),
            *(Citation(clause=c.label, quote=f"（责任单位：{'、'.join(c.units)}）") for c in asked),
            Citation(clause=APPENDIX_LABEL, quote=interpret),
        ],
        unit_lines=unit_lines((c.label, c.units) for c in clauses),
    )
