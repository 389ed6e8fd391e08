"""（八）加强技术转移人才培养：培训费资助和优秀技术转移转化个人奖励。"""

from __future__ import annotations

from calculators.common import Sheet, format_yuan
from calculators.inputs import input_model
from calculators.model import Award, Kind

BrokerTrainingInput = input_model("broker_training")
OutstandingBrokerInput = input_model("outstanding_broker")

CLAUSE = "（八）"


def broker_training(facts: BrokerTrainingInput) -> Award:
    sheet = Sheet("broker_training", CLAUSE, facts)
    sheet.condition(
        "取得国家技术转移人才培养基地（山西省）颁发的晋级职业资格证书", facts.certificate_obtained
    )
    sheet.condition("自费参加技术转移高端培训", facts.self_funded)
    # "对谷内自费参加技术转移高端培训…的技术经纪（经理）人": the person works in the valley.
    sheet.condition("在谷内从事技术经纪工作", facts.in_valley)
    rate = sheet.p("broker_training_rate")
    kind = sheet.kind_of("broker_training_rate")
    cap = sheet.p("broker_training_annual_cap")
    raw = sheet.rate("培训费", facts.training_fee_yuan, rate, ceiling=kind is Kind.UP_TO)
    amount = sheet.cap_yearly(
        raw, cap, facts.received_this_year_yuan, "每人每年最高资助", exact=kind is Kind.EXACT
    )
    return sheet.finish(amount, kind)


def outstanding_broker(facts: OutstandingBrokerInput) -> Award:
    sheet = Sheet("outstanding_broker", CLAUSE, facts)
    sheet.condition("已被评选为年度优秀技术转移转化个人", facts.selected)
    amount = sheet.p("outstanding_broker_amount")
    kind = sheet.kind_of("outstanding_broker_amount")
    places = sheet.p("outstanding_broker_max_count")
    sheet.step(f"优秀技术转移转化个人奖励 {format_yuan(amount)}")
    sheet.note(f"每年评选不超过{places}位，须经评选产生。")
    return sheet.finish(amount, kind)
