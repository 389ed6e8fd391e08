"""Measures that set no figure: described and quoted, never given a number.

（一）（二）（十）（十三）（十四）, the 市本级 special project in （三） and flexible talent in （七）.
"""

from __future__ import annotations

from dataclasses import dataclass

from calculators.model import Award, Citation, Kind
from corpus.clauses import load_policy


@dataclass(frozen=True)
class Descriptive:
    key: str  # what describe() accepts: a clause label, or label + part for a part of a clause
    clause: str
    rule: str
    description: str
    quote: str | None = None  # None: the clause's whole text before （责任单位：…）


DESCRIPTIVE: tuple[Descriptive, ...] = (
    Descriptive(
        "（一）",
        "（一）",
        "settle_in_service",
        "两区会同运营公司建设服务平台，发布入驻流程、办理方式和所需材料，"
        "依托一站式服务窗口为入驻团队、企业提供服务。属于服务措施，没有资金标准。",
    ),
    Descriptive(
        "（二）",
        "（二）",
        "settle_in_support",
        "入驻团队、企业可申报成果转化项目，经专家评审通过后，由两区根据实际情况"
        "探索“拨投结合”“先投后股”等方式支持。原文未规定支持金额或比例。",
    ),
    Descriptive(
        "（三）市本级专项",
        "（三）",
        "municipal_special_project",
        "市本级设立晋创谷·晋中重大技术攻关项目专项，支持承担项目的企业、团队。"
        "原文未规定支持金额或比例，以专项的具体申报通知为准。",
        "市本级设立晋创谷·晋中重大技术攻关项目专项，对承担项目企业、团队予以支持。",
    ),
    Descriptive(
        "（七）柔性引才",
        "（七）",
        "flexible_talent",
        "柔性引进的高层次人才（团队），按照晋中市柔性引才相关政策予以奖励和支持。"
        "本措施未规定金额，须查阅市里的柔性引才政策。",
        "坚持“不求所有，但求所用”原则，结合对我市科技创新和产业发展起到的促进作用，"
        "对柔性引进的高层次人才（团队）按照我市柔性引才相关政策予以奖励和支持。",
    ),
    Descriptive(
        "（十）",
        "（十）",
        "service_agencies",
        "鼓励金融机构、技术转移转化机构、律师事务所、会计师事务所、知识产权事务所等服务机构"
        "进驻，为入驻团队、企业提供中介服务。原文未规定奖补金额。",
    ),
    Descriptive(
        "（十三）",
        "（十三）",
        "legal_service",
        "推动设立公共法律服务平台，加大知识产权和原始创新成果保护，妥善审理相关纠纷。"
        "属于法律服务保障，没有资金标准。",
    ),
    Descriptive(
        "（十四）",
        "（十四）",
        "fault_tolerance",
        "探索建立股权投资、科技信贷、融资担保等方面的容错和尽职免责机制，依法依规容错免责。"
        "属于机制性措施，没有资金标准。",
    ),
)
BY_KEY = {d.key: d for d in DESCRIPTIVE}
BY_RULE = {d.rule: d for d in DESCRIPTIVE}


def _quote(item: Descriptive) -> str:
    body = load_policy().clause(item.clause).body
    quote = item.quote or body.split("（责任单位")[0].strip()
    if quote not in body:
        raise ValueError(f"引文不在条款 {item.clause} 中：{quote}")
    return quote


def describe(key: str) -> Award:
    """The no-figure award for a clause label (e.g. "（十）") or a part key / rule id."""
    item = BY_KEY.get(key) or BY_RULE.get(key)
    if item is None:
        raise KeyError(f"没有无固定金额的措施 {key!r}；可选：{'、'.join(BY_KEY)}")
    clause = load_policy().clause(item.clause)
    return Award(
        rule=item.rule,
        clause=clause.label,
        measure=clause.title,
        kind=Kind.NO_FIXED_AMOUNT,
        steps=["本条原文未规定固定金额或比例，无法计算具体金额。"],
        citations=[Citation(clause=clause.label, quote=_quote(item))],
        units=list(clause.units),
        notes=[item.description],
    )
