"""The revision drill: a revised policy is a revised corpus directory, and no code changes.

A copy of corpus/ gets （六）'s 30% → 35% (text and parameter), （十三）'s wording changed, and a
new rate-with-cap sub-rule under （十二） added in data only (text sentence, two parameters,
one measures.yaml entry). A fresh process pointed at the copy (JCG_CORPUS_DIR) must show the
new figures through the loaders, the calculators, the answers and the clause browser's data.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NEW_SENTENCE = (
    "对谷内机构举办技术交易活动的，按活动场地租赁费用的50%给予补贴，每家机构每年最高补贴10万元。"
)
OLD_WORDING = "推动在晋创谷·晋中设立公共法律服务平台"
NEW_WORDING = "在晋创谷·晋中建成运行公共法律服务平台"

PROBE = r"""
import json
from decimal import Decimal

from assistant.answer import from_text as answers

from assistant.answer import presentation
from assistant.engine import Assistant
from assistant.retrieval.hybrid import Retrieval
from assistant.dialogue.state import Conversation
from calculators.registry import RULES, compute
from corpus.clauses import load_policy
from corpus.parameters import load_parameters


class NoRetrieval:  # the drill is about the data path, not the index
    def search(self, query, k=5, dense=True):
        return Retrieval(hits=[], relevant=False)


engine = Assistant(NoRetrieval())
chat = engine.reply(Conversation(), "我们是中试基地，协议任务完成了，服务性收入200万，能拿多少")
check = engine.self_check("transfer_institution", {"venue_rent_yuan": Decimal(160000)})
out = {
    "rate": str(load_parameters()["pilot_base_rate"].value),
    "law_text": load_policy().clause("（十三）").body,
    "platform": str(compute("platform", {"platform_type": "pilot_base",
        "service_revenue_yuan": Decimal(2000000), "tasks_completed": True}).amount_yuan),
    "event": str(compute("tech_event", {"venue_rent_yuan": Decimal(160000)}).amount_yuan),
    "event_capped": str(compute("tech_event", {"venue_rent_yuan": Decimal(400000),
        "received_this_year_yuan": Decimal(30000)}).amount_yuan),
    "event_label": RULES["tech_event"].name,
    "chat_awards": [(a.clause, a.amount_yuan) for a in chat.awards],
    "chat_answer": chat.answer,
    "check_awards": [(a.clause, a.amount_yuan) for a in check.awards],
    "clause_answer": answers.clause_text(["（十三）"], "clause_text").answer,
    "rows_6": [r["数值"] for r in presentation.parameter_rows("（六）")],
    "rows_12": [r["数值"] for r in presentation.parameter_rows("（十二）")],
}
print(json.dumps(out, ensure_ascii=False))
"""


def _revise(corpus: Path) -> None:
    text_path = corpus / "jinchuanggu-jinzhong-measures.txt"
    text = text_path.read_text(encoding="utf-8")
    assert text.count("按其服务性收入的30%奖补") == 1 and OLD_WORDING in text
    text = text.replace("按其服务性收入的30%奖补", "按其服务性收入的35%奖补")
    text = text.replace(OLD_WORDING, NEW_WORDING)
    twelve = "每家机构每年累计最高给予50万元。"
    text = text.replace(twelve, twelve + NEW_SENTENCE)
    text_path.write_text(text, encoding="utf-8")

    params_path = corpus / "parameters.yaml"
    params = params_path.read_text(encoding="utf-8")
    params = params.replace("value: 0.30\n", "value: 0.35\n").replace(
        "按其服务性收入的30%奖补", "按其服务性收入的35%奖补"
    )
    params += (
        "\ntech_event_rate:\n  measure: （十二）\n  value: 0.5\n  unit: ratio\n  kind: exact\n"
        "  description: 技术交易活动场地租赁费用的补贴比例\n"
        "  quote: 按活动场地租赁费用的50%给予补贴\n"
        "\ntech_event_annual_cap:\n  measure: （十二）\n  value: 100000\n  unit: yuan\n"
        "  kind: up_to\n  description: 每家机构每年补贴上限\n"
        "  quote: 每家机构每年最高补贴10万元\n"
    )
    params_path.write_text(params, encoding="utf-8")

    measures_path = corpus / "measures.yaml"
    measures = yaml.safe_load(measures_path.read_text(encoding="utf-8"))
    measures["measures"]["（十二）"]["rules"]["tech_event"] = {
        "name": "技术交易活动场地补贴",
        "applicants": ["transfer_institution"],
        "addressed": "对谷内机构举办技术交易活动的",
        "calculator": "rate_with_cap",
        "base": "venue_rent_yuan",
        "base_name": "活动场地租赁费用",
        "base_question": "举办技术交易活动的场地租赁费用是多少？",
        "cap_name": "每家机构每年最高补贴",
        "parameters": ["tech_event_rate", "tech_event_annual_cap"],
    }
    measures_path.write_text(yaml.safe_dump(measures, allow_unicode=True), encoding="utf-8")


def test_a_revised_policy_needs_no_code_change(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    _revise(corpus)
    env = {**os.environ, "JCG_CORPUS_DIR": str(corpus), "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["rate"] == "0.35"
    assert NEW_WORDING in out["law_text"] and NEW_WORDING in out["clause_answer"]
    assert out["platform"] == "700000.00"  # 200万 × 35%
    assert out["event"] == "80000.00"  # 16万 × 50%
    assert out["event_capped"] == "70000.00"  # 40万 × 50% = 20万 → 10万 cap − 3万 received
    assert out["event_label"] == "技术交易活动场地补贴"
    assert out["chat_awards"] == [["（六）", "700000"]] and "35%" in out["chat_answer"]
    assert ["（十二）", "80000"] in out["check_awards"]
    assert "35%" in out["rows_6"] and "30%" not in out["rows_6"]
    assert {"50%", "10万元"} <= set(out["rows_12"])
