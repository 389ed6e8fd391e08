"""The clause parser against the published text, written out by hand."""

from __future__ import annotations

import pytest

from corpus.clauses import APPENDIX_LABEL, POLICY_PATH, load_policy

KFQ, NGQ = "晋中开发区管委会", "晋中国家农高区管委会"

EXPECTED = [
    ("（一）", "一、做好创新主体引育", "优化入驻流程及服务", [KFQ, NGQ, "运营公司"]),
    ("（二）", "一、做好创新主体引育", "支持创新主体入驻", [KFQ, NGQ, "运营公司"]),
    (
        "（三）",
        "二、支持开展科技创新",
        "支持开展关键核心技术攻关",
        ["市科技局", "市财政局", KFQ, NGQ],
    ),
    (
        "（四）",
        "二、支持开展科技创新",
        "支持入驻企业开展科技成果转化",
        ["市科技局", "市市场监管局", "市财政局", KFQ, NGQ],
    ),
    (
        "（五）",
        "二、支持开展科技创新",
        "支持高校、科研院所科技成果转化",
        ["市科技局", "市市场监管局", "市财政局", KFQ, NGQ],
    ),
    (
        "（六）",
        "二、支持开展科技创新",
        "支持建设概念验证和中试平台",
        ["市科技局", "市财政局", KFQ, NGQ],
    ),
    (
        "（七）",
        "三、强化创新服务人才团队集聚",
        "加强高层次人才引进和培育",
        ["市委组织部", "市科协", "市人社局", "市科技局", "市财政局", KFQ, NGQ],
    ),
    (
        "（八）",
        "三、强化创新服务人才团队集聚",
        "加强技术转移人才培养",
        ["市科技局", "市财政局", "市委人才办", "市人社局", KFQ, NGQ],
    ),
    (
        "（九）",
        "四、优化创新创业生态",
        "支持孵化载体建设",
        ["市科技局", "市财政局", KFQ, NGQ],
    ),
    (
        "（十）",
        "四、优化创新创业生态",
        "引进专业服务机构",
        [
            "市政府办",
            "市科技局",
            "市财政局",
            "市司法局",
            "市市场监管局",
            "市税务局",
            KFQ,
            NGQ,
            "运营公司",
        ],
    ),
    (
        "（十一）",
        "四、优化创新创业生态",
        "建立金融服务机制",
        ["市政府办", "市科技局", "市财政局", "市税务局", "市市场监管局", KFQ, NGQ],
    ),
    (
        "（十二）",
        "四、优化创新创业生态",
        "开展技术转移服务",
        ["市科技局", "市财政局", "市市场监管局", KFQ, NGQ],
    ),
    (
        "（十三）",
        "四、优化创新创业生态",
        "做好法律服务保障",
        ["市司法局", "市市场监管局", "市公安局", KFQ, NGQ],
    ),
    (
        "（十四）",
        "四、优化创新创业生态",
        "建立创新容错机制",
        ["市审计局", "市财政局", "市科技局", KFQ, NGQ],
    ),
]


def test_title_and_sections():
    policy = load_policy()
    assert policy.title == "关于进一步强化“晋创谷·晋中”创新驱动平台建设支持的若干措施"
    assert policy.sections == (
        "一、做好创新主体引育",
        "二、支持开展科技创新",
        "三、强化创新服务人才团队集聚",
        "四、优化创新创业生态",
        "五、附则",
    )
    assert policy.preamble.startswith("为深入贯彻《晋创谷创新驱动平台建设工作方案》")


def test_exactly_fourteen_measures_and_the_appendix():
    policy = load_policy()
    assert len(policy.measures) == 14
    assert [c.label for c in policy.measures] == [e[0] for e in EXPECTED]
    assert [c.number for c in policy.measures] == list(range(1, 15))
    assert policy.labels()[-1] == APPENDIX_LABEL
    assert len(policy.clauses) == 15


@pytest.mark.parametrize(("label", "section", "title", "units"), EXPECTED)
def test_measure_title_section_and_units(label, section, title, units):
    clause = load_policy().clause(label)
    assert clause.title == title
    assert clause.section == section
    assert list(clause.units) == units
    assert clause.heading == f"{label}{title}"


def test_appendix():
    appendix = load_policy().appendix
    assert appendix.section == "五、附则"
    assert appendix.number == 15
    assert appendix.units == ()
    assert appendix.paragraphs[0].startswith("本措施自2025年1月1日起施行，有效期至2029年12月31日")
    assert "就高不重复" in appendix.body
    assert appendix.paragraphs[1].startswith("本措施由市科技局负责解释")


def test_every_body_is_verbatim():
    policy = load_policy()
    source = POLICY_PATH.read_text(encoding="utf-8")
    assert policy.text == source
    for clause in policy.clauses:
        assert clause.body
        assert clause.body in source, clause.label
        for paragraph in clause.paragraphs:
            assert paragraph in source, clause.label


def test_paragraph_counts():
    counts = {c.label: len(c.paragraphs) for c in load_policy().clauses}
    assert counts["（五）"] == 2
    assert counts["（六）"] == 2
    assert counts["（八）"] == 2
    assert counts[APPENDIX_LABEL] == 2
    assert all(counts[label] == 1 for label in ("（一）", "（三）", "（七）", "（十四）"))


def test_unknown_label_raises():
    with pytest.raises(KeyError):
        load_policy().clause("（十五）")
