"""jieba tokenisation with the policy's domain words, quiet on stderr.

Domain words keep 晋创谷, 中试基地, 博士后科研工作站 … whole, so BM25 and the keyword
channel match them as terms instead of as fragments shared with unrelated clauses.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import cache

DOMAIN_WORDS = (
    "晋创谷",
    "晋中",
    "农高区",
    "开发区",
    "运营公司",
    "一站式服务窗口",
    "科创团队",
    "成果转化",
    "科技成果转化",
    "拨投结合",
    "先投后股",
    "关键核心技术",
    "技术攻关",
    "重大专项",
    "重点研发",
    "国拨经费",
    "省拨经费",
    "技术转让",
    "技术许可",
    "专利转让",
    "专利许可",
    "技术合同",
    "认定登记",
    "技术交易额",
    "技术开发",
    "技术服务",
    "技术咨询",
    "概念验证",
    "概念验证中心",
    "中试",
    "中试基地",
    "中试平台",
    "试生产",
    "服务性收入",
    "院士工作站",
    "博士后",
    "博士后科研工作站",
    "博士后工作站",
    "流动站",
    "工作站",
    "建站补助",
    "柔性引才",
    "柔性引进",
    "研究生",
    "技术经纪人",
    "技术经理人",
    "技术转移",
    "技术转移机构",
    "培训费",
    "孵化器",
    "孵化载体",
    "众创空间",
    "科技企业孵化器",
    "律师事务所",
    "会计师事务所",
    "知识产权",
    "知识产权事务所",
    "质押融资",
    "知识产权质押",
    "信用贷款",
    "投资基金",
    "融资总额",
    "法律服务",
    "纠纷",
    "容错",
    "容错机制",
    "尽职免责",
    "免责",
    "就高不重复",
    "有效期",
    "责任单位",
    "科技局",
)

_STOP = frozenset(
    [
        "的",
        "了",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "么",
        "嘛",
        "哦",
        "是",
        "我",
        "我们",
        "你",
        "你们",
        "他",
        "她",
        "它",
        "这",
        "那",
        "这个",
        "那个",
        "有",
        "在",
        "和",
        "与",
        "及",
        "或",
        "也",
        "都",
        "就",
        "还",
        "要",
        "想",
        "请问",
        "一下",
        "什么",
        "怎么",
        "如何",
        "可以",
        "能",
        "能不能",
        "会",
        "不",
        "没",
        "没有",
        "个",
        "些",
        "给",
        "对",
        "把",
        "被",
        "从",
        "到",
        "为",
        "以",
        "等",
        "之",
        "其",
        "该",
        "如果",
        "吗？",
        "请",
        "问",
    ]
)
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_lock = threading.Lock()


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in DOMAIN_WORDS:
        jieba.add_word(word, freq=20000)
    jieba.initialize()
    return jieba


def add_words(words) -> None:
    """Teach jieba more whole words (e.g. the synonyms of corpus/synonyms.yaml)."""
    jb = _jieba()
    with _lock:
        for w in words:
            if 1 < len(w) <= 12:
                jb.add_word(w, freq=10000)


def tokens(text: str) -> list[str]:
    """Search-mode tokens without stop words and punctuation, lower-cased."""
    jb = _jieba()
    with _lock:  # jieba's dictionary is shared state; add_word may run concurrently
        raw = jb.lcut_for_search(text.lower())
    return [t for t in raw if t.strip() and t not in _STOP and not _PUNCT.match(t)]
