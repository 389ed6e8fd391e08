"""The newcomer's overview: what 晋创谷·晋中 is, where, the way in （一）（二）, whom to contact,
and the measures open to a team before it registers a company.

The policy references live in corpus/newcomer.yaml (verbatim quotes, checked on load), the
cues in assistant/nlu/newcomer.yaml. The engine asks ``nlu.newcomer.asks_overview`` once per message and,
when it is true, answers with ``overview``: an individual or a graduate gets an orientation
instead of a question about a company type they do not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from assistant.answer.from_text import NOT_LISTED, without_units
from assistant.answer.reply import Headline, Reply, unit_lines
from calculators.model import Citation
from corpus.clauses import POLICY_PATH, load_policy

DATA_PATH = POLICY_PATH.with_name("newcomer.yaml")
PREAMBLE = "序言"


@dataclass(frozen=True)
class Ref:
    clause: str
    quote: str
    note: str = ""


@dataclass(frozen=True)
class Newcomer:
    applicant: str
    name: str
    what: Ref
    where: Ref
    entry: tuple[str, ...]
    open_before_registering: tuple[Ref, ...]


def _ref(raw: dict) -> Ref:
    return Ref(str(raw["clause"]), str(raw["quote"]), str(raw.get("note", "")))


@cache
def newcomer() -> Newcomer:
    data = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))
    item = Newcomer(
        applicant=data["applicant"]["id"],
        name=data["applicant"]["name"],
        what=_ref(data["what"]),
        where=_ref(data["where"]),
        entry=tuple(data["entry"]),
        open_before_registering=tuple(_ref(r) for r in data["open_before_registering"]),
    )
    text = load_policy().text
    for ref in (item.what, item.where, *item.open_before_registering):
        if ref.quote not in text:
            raise ValueError(f"corpus/newcomer.yaml: quote not in the policy text: {ref.quote}")
    return item


def overview(intent: str = "process") -> Reply:
    """What the platform is, where, the way in, whom to ask, what is open before registering."""
    n = newcomer()
    policy = load_policy()
    entry = [policy.clause(label) for label in n.entry]
    measures = policy.measures
    sections = [sec for sec in policy.sections if not sec.endswith("附则")]
    body = [
        # "这个政策一共有几条": counted from the text, never written here.
        f"**政策结构**：共{len(measures)}项措施（{measures[0].label}至{measures[-1].label}），"
        f"分{len(sections)}部分："
        + "；".join(sections)
        + "；另有附则（施行日期、有效期、就高不重复）。",
        f"**在哪里、谁来服务**：{n.where.note}",
        "**怎么入驻**——原文（一）（二）：",
        *(f"- **{c.heading}**：{without_units(c)}" for c in entry),
        "**还没注册公司时可以关注的措施**：",
        *(
            f"- **{policy.clause(r.clause).heading}**：“{r.quote}”。{r.note}"
            for r in n.open_before_registering
        ),
        "注册公司并入驻后，（三）（四）（七）等面向入驻企业的奖补也可以申请；"
        "告诉我您的情况（例如“我们团队已入驻，想申报成果转化项目”），我再逐条帮您核对。",
    ]
    citations = [Citation(clause=c.label, quote=without_units(c)) for c in entry]
    citations += [Citation(clause=r.clause, quote=r.quote) for r in n.open_before_registering]
    headline = f"晋创谷·晋中是晋中建设的创新驱动平台，政策的目的是“{n.what.quote}”。"
    if intent == "amount":
        headline = _amount_headline(n)
    return Reply(
        intent=intent,
        headline=Headline(text=headline, verdict="info"),
        body=body,
        citations=citations,
        unit_lines=unit_lines((c.label, c.units) for c in entry),
    )


def _open_to(n: Newcomer) -> str:
    return "".join(dict.fromkeys(r.clause for r in n.open_before_registering))


def _amount_headline(n: Newcomer) -> str:
    # "能拿多少钱" from someone without a company: no list of 0 measures, no amount made up;
    # what is open to them, then the way in.
    return (
        f"按您是{n.name}来看，本政策的奖补大多给入驻的团队和企业，金额要按具体事项计算；"
        f"还没注册公司时可以关注{_open_to(n)}。"
    )


def reminder(intent: str = "process", overview_shown: bool = False) -> Reply:
    """The way in asked again ("怎么入驻" a second time, or after the overview): a short
    answer that points back to what is already on screen and offers the next step, instead of
    the same long text word for word."""
    n = newcomer()
    policy = load_policy()
    entry = [policy.clause(label) for label in n.entry]
    headline = "入驻的办法上面已列出：" + "、".join(c.heading for c in entry) + "。"
    if intent == "amount":
        headline = _amount_headline(n) + headline
    body = []
    if overview_shown:
        body.append(f"还没注册公司时可以关注的措施，上面也已列出：{_open_to(n)}。")
    body += [
        NOT_LISTED,
        "下一步：告诉我您的情况（例如“我们团队已入驻，想申报成果转化项目”），我逐条帮您核对；"
        f"想再看原文，可以问“{entry[0].label}原文怎么说的”。",
    ]
    return Reply(
        intent=intent,
        headline=Headline(text=headline, verdict="info"),
        body=body,
        # The short quotes of corpus/newcomer.yaml: the whole clauses are already on screen.
        citations=[
            Citation(clause=r.clause, quote=r.quote)
            for r in (n.where, *n.open_before_registering)
            if r.clause in n.entry
        ],
        unit_lines=unit_lines((c.label, c.units) for c in entry),
    )
