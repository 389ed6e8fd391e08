"""Typed inputs of every calculator: the shared vocabulary of facts.

Field names are the fact names the assistant extracts from a conversation, so a fact said
once ("省拨经费800万") fills every calculator that needs it. ``ask`` in a field's schema
extra is the one short question the assistant asks when that fact is missing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

# A sanity bound, not policy: no contract, allocation or revenue here reaches 1万亿元.
ABSURD_YUAN = Decimal("1e12")

Yuan = Annotated[Decimal, Field(ge=0, le=ABSURD_YUAN, allow_inf_nan=False)]
Headcount = Annotated[int, Field(ge=0, le=10_000)]

Level = Literal["national", "provincial", "municipal"]
LEVEL_NAMES: dict[str, str] = {"national": "国家级", "provincial": "省级", "municipal": "市级"}


def ask(question: str, label: str) -> dict:
    return {"ask": question, "label": label}


ContractType = Literal[
    "patent_transfer",
    "patent_license",
    "tech_license",
    "tech_development",
    "tech_service",
    "tech_consulting",
]

# Facts several rules take, declared once: one label, one question, one description each.
ContractAmount = Annotated[
    Yuan,
    Field(
        description="单个技术合同的技术交易额（元）",
        json_schema_extra=ask("这份技术合同的交易额是多少？", "合同交易额"),
    ),
]
ContractTypeFact = Annotated[
    ContractType | None,
    Field(
        description="技术合同的类型：技术开发、专利转让、专利许可或技术许可",
        json_schema_extra=ask(
            "是哪类技术合同（技术开发、专利转让、专利许可还是技术许可）？", "合同类型"
        ),
    ),
]
ContractRegistered = Annotated[
    bool | None,
    Field(
        description="技术合同是否已完成认定登记",
        json_schema_extra=ask("技术合同完成认定登记了吗？", "已认定登记"),
    ),
]
CounterpartyInValley = Annotated[
    bool | None,
    Field(
        description="合同对方是否为晋创谷·晋中（谷内）的企业",
        json_schema_extra=ask("合同对方是晋创谷·晋中（谷内）的企业吗？", "对方为谷内企业"),
    ),
]
InValley = Annotated[
    bool | None,
    Field(
        description="是否位于晋创谷·晋中（谷内）",
        json_schema_extra=ask("是否在晋创谷·晋中（谷内）？", "位于谷内"),
    ),
]
# What this clause already paid this year, for the yearly cumulative caps.
ReceivedThisYear = Annotated[
    Yuan,
    Field(
        description="本年度已从本条获得的奖补（元），用于年度累计上限",
        json_schema_extra=ask("今年已经从这一条拿到过多少奖补？", "本年度已获奖补"),
    ),
]


class CommonFacts(BaseModel):
    """Facts every rule may use: when it happened and what another policy already grants."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_date: date | None = Field(
        None,
        description="事项发生日期（验收、登记、认定、签约等），用于判断是否在有效期内",
        json_schema_extra=ask("这件事是哪天发生的（验收/登记/认定日期）？", "事项日期"),
    )
    other_policy_award_yuan: Yuan | None = Field(
        None,
        description="同一事项已从国家、省、市其他同类政策获得的支持金额（元）",
        json_schema_extra=ask("同一事项是否已享受其他同类政策？金额多少？", "其他政策已获金额"),
    )


class MajorProjectInput(CommonFacts):
    """（三）牵头或参与省级及以上重大科技计划项目。"""

    role: Literal["lead", "participate"] = Field(
        description="牵头承担（lead）还是参与（participate）",
        json_schema_extra=ask("贵单位是牵头承担还是参与这个项目？", "牵头/参与"),
    )
    project_level: Level = Field(
        description="项目级别：国家级、省级或市级",
        json_schema_extra=ask("这是国家级、省级还是市级项目？", "项目级别"),
    )
    allocation_yuan: Yuan = Field(
        description="项目国拨经费或省拨经费（元）",
        json_schema_extra=ask("项目的国拨或省拨经费是多少？", "国拨/省拨经费"),
    )
    accepted: bool | None = Field(
        None,
        description="项目是否已通过验收",
        json_schema_extra=ask("项目通过验收了吗？", "已通过验收"),
    )


CONTRACT_TYPE_NAMES: dict[str, str] = {
    "patent_transfer": "专利转让",
    "patent_license": "专利许可",
    "tech_license": "技术许可",
    "tech_development": "技术开发",
    "tech_service": "技术服务",
    "tech_consulting": "技术咨询",
}


class EnterpriseTransferInput(CommonFacts):
    """（四）入驻企业承接高校、科研院所成果的技术合同。"""

    contract_amount_yuan: ContractAmount
    contract_type: ContractTypeFact = None
    counterparty_is_academic: bool | None = Field(
        None,
        description="合同对方是否为高校或科研院所",
        json_schema_extra=ask("合同的另一方是高校或科研院所吗？", "对方为高校/院所"),
    )
    contract_registered: ContractRegistered = None
    economic_benefit: bool | None = Field(
        None,
        description="是否已取得一定经济效益",
        json_schema_extra=ask("转化后取得经济效益了吗？", "已取得经济效益"),
    )
    received_this_year_yuan: ReceivedThisYear = Decimal(0)


class AcademicContractInput(CommonFacts):
    """（五）第一款：高校、院所面向谷内企业的技术开发、转让、许可合同。"""

    contract_amount_yuan: ContractAmount
    contract_type: ContractTypeFact = None
    counterparty_in_valley: CounterpartyInValley = None
    contract_registered: ContractRegistered = None
    received_this_year_yuan: ReceivedThisYear = Decimal(0)


class AcademicServiceInput(CommonFacts):
    """（五）第二款：高校、院所面向谷内企业的技术服务和技术咨询。"""

    service_turnover_yuan: Yuan = Field(
        description="年度累计登记的技术服务、技术咨询合同成交额（元）",
        json_schema_extra=ask(
            "今年累计登记的技术服务和技术咨询合同成交额是多少？", "年度技术服务/咨询成交额"
        ),
    )
    counterparty_in_valley: CounterpartyInValley = None
    contract_registered: ContractRegistered = None
    received_this_year_yuan: ReceivedThisYear = Decimal(0)


class PlatformInput(CommonFacts):
    """（六）概念验证中心或中试基地的服务性收入。"""

    platform_type: Literal["poc_centre", "pilot_base"] = Field(
        description="平台类型：概念验证中心（poc_centre）或中试基地（pilot_base）",
        json_schema_extra=ask("贵单位是概念验证中心还是中试基地？", "平台类型"),
    )
    service_revenue_yuan: Yuan = Field(
        description="年度服务性收入（元）",
        json_schema_extra=ask("平台一年的服务性收入是多少？", "服务性收入"),
    )
    tasks_completed: bool | None = Field(
        None,
        description="是否已完成协议任务",
        json_schema_extra=ask("协议任务完成了吗？", "已完成协议任务"),
    )
    received_this_year_yuan: ReceivedThisYear = Decimal(0)


class WorkstationInput(CommonFacts):
    """（七）院士工作站、博士后科研工作（流动）站。"""

    station_type: Literal["academician", "postdoc"] = Field(
        description="工作站类型：院士工作站（academician）或博士后科研工作（流动）站（postdoc）",
        json_schema_extra=ask("是院士工作站还是博士后科研工作站？", "工作站类型"),
    )
    station_stage: Literal["new", "running"] = Field(
        description="新设立（new），还是已设站运行、申请工作补助（running）",
        json_schema_extra=ask("是新设立的站，还是已经运行了一段时间的站？", "新设/已运行"),
    )
    years_running: Decimal | None = Field(
        None,
        ge=0,
        le=100,
        description="已设站运行的年数",
        json_schema_extra=ask("这个站设立几年了？", "设站年数"),
    )
    contract_renewed: bool | None = Field(
        None,
        description="院士工作站是否继续签约",
        json_schema_extra=ask("院士工作站继续签约了吗？", "继续签约"),
    )
    evaluation_passed: bool | None = Field(
        None,
        description="是否达到考核评估要求",
        json_schema_extra=ask("达到考核评估要求了吗？", "通过考核评估"),
    )
    in_valley: InValley = None


class TalentInput(CommonFacts):
    """（七）谷内科技型企业引进博士、硕士研究生。"""

    # Both counts default to 0, but an award for nobody answers nothing: ask for one of them.
    ask_one_of: ClassVar[tuple[str, ...]] = ("phd_count", "master_count")

    phd_count: Headcount = Field(
        0,
        description="引进的博士人数",
        json_schema_extra=ask("引进了几名博士？", "博士人数"),
    )
    master_count: Headcount = Field(
        0,
        description="引进的硕士研究生人数",
        json_schema_extra=ask("引进了几名硕士研究生？", "硕士人数"),
    )
    tech_enterprise: bool | None = Field(
        None,
        description="引进单位是否为谷内科技型企业",
        json_schema_extra=ask("贵单位是谷内的科技型企业吗？", "谷内科技型企业"),
    )
    social_insurance: bool | None = Field(
        None,
        description="是否为引进人员缴纳社保",
        json_schema_extra=ask("有没有给引进的人员缴纳社保？", "已缴社保"),
    )
    contract_years: Decimal | None = Field(
        None,
        ge=0,
        le=100,
        description="劳动合同期限（年）",
        json_schema_extra=ask("劳动合同签了几年？", "劳动合同年限"),
    )


class BrokerTrainingInput(CommonFacts):
    """（八）技术经纪（经理）人自费参加技术转移高端培训。"""

    training_fee_yuan: Yuan = Field(
        description="自费缴纳的培训费（元）",
        json_schema_extra=ask("培训费是多少钱？", "培训费"),
    )
    certificate_obtained: bool | None = Field(
        None,
        description="是否取得国家技术转移人才培养基地（山西省）颁发的晋级职业资格证书",
        json_schema_extra=ask(
            "取得国家技术转移人才培养基地（山西省）颁发的证书了吗？", "已取得证书"
        ),
    )
    self_funded: bool | None = Field(
        None,
        description="培训是否自费",
        json_schema_extra=ask("培训费是个人自费的吗？", "自费"),
    )
    received_this_year_yuan: ReceivedThisYear = Decimal(0)


class OutstandingBrokerInput(CommonFacts):
    """（八）年度优秀技术转移转化个人。"""

    # A competition ("每年评选不超过10位"): nothing is due until the selection is stated.
    ask_one_of: ClassVar[tuple[str, ...]] = ("selected",)

    selected: bool | None = Field(
        None,
        description="是否已被评选为年度优秀技术转移转化个人",
        json_schema_extra=ask("是否已被评为年度优秀技术转移转化个人？", "已评为优秀个人"),
    )


class CarrierInput(CommonFacts):
    """（九）科技企业孵化器、众创空间的新认定（备案）。"""

    carrier_type: Literal["incubator", "maker_space"] = Field(
        description="载体类型：科技企业孵化器（incubator）或众创空间（maker_space）",
        json_schema_extra=ask("是科技企业孵化器还是众创空间？", "载体类型"),
    )
    carrier_level: Literal["national", "provincial"] = Field(
        description="新认定（备案）的级别：省级或国家级",
        json_schema_extra=ask("新认定的是省级还是国家级？", "认定级别"),
    )
    received_before_yuan: Yuan = Field(
        Decimal(0),
        description="该载体此前已从本条获得的奖补（元），如省级升国家级时已得的省级奖补",
        json_schema_extra=ask("这个载体之前从这一条拿过多少奖补？", "此前已获奖补"),
    )
    in_valley: InValley = None
    in_focus_industry: bool | None = Field(
        None,
        description="载体是否聚焦高端装备制造、医药大健康、现代农业三大产业领域",
        json_schema_extra=ask(
            "载体聚焦高端装备制造、医药大健康或现代农业领域吗？", "聚焦三大产业领域"
        ),
    )


class FinancingInput(CommonFacts):
    """（十一）金融机构当年为企业提供的融资。"""

    financing_total_yuan: Yuan = Field(
        description="机构当年为企业提供的融资总额（元）",
        json_schema_extra=ask("贵机构今年为企业提供的融资总额是多少？", "当年融资总额"),
    )
    received_this_year_yuan: ReceivedThisYear = Decimal(0)


class TransferServiceInput(CommonFacts):
    """（十二）谷内技术转移转化服务机构的年度合同交易额。"""

    transfer_turnover_yuan: Yuan = Field(
        description="年度参与成果转移、技术服务和技术咨询等合同交易额（元）",
        json_schema_extra=ask(
            "贵机构今年参与的技术转移、服务、咨询合同交易额是多少？", "年度合同交易额"
        ),
    )
    in_valley: InValley = None
    received_this_year_yuan: ReceivedThisYear = Decimal(0)


# Chinese names of every literal value above, for showing a fact back to a user.
VALUE_NAMES: dict[str, str] = {
    **LEVEL_NAMES,
    **CONTRACT_TYPE_NAMES,
    "lead": "牵头承担",
    "participate": "参与",
    "poc_centre": "概念验证中心",
    "pilot_base": "中试基地",
    "academician": "院士工作站",
    "postdoc": "博士后科研工作（流动）站",
    "new": "新设立",
    "running": "已设站运行",
    "incubator": "科技企业孵化器",
    "maker_space": "众创空间",
}


def declared_field(name: str) -> Any:
    """The field that declares fact ``name`` in the first input model having it, or None.

    A rule declared only in data (corpus/measures.yaml) reuses the wording of a known fact.
    """
    for model in CommonFacts.__subclasses__():
        if name in model.model_fields:
            return model.model_fields[name]
    return None
