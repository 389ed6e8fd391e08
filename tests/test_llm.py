"""The optional LLM path, against a fake OpenAI-compatible server on 127.0.0.1.

The real client (langchain-openai → openai → httpx) talks to :mod:`tests.fake_openai`, which
serves scripted completions (the attack corpus in ``tests/llm_attacks.yaml``) and hang, 500,
garbage and empty modes. No network, no real model.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from fake_openai import FakeOpenAI

from assistant.dialogue.state import Conversation
from assistant.engine import Assistant
from assistant.llm import guard
from assistant.llm.writer import CircuitBreaker, LLMWriter, from_env

ROOT = Path(__file__).resolve().parents[1]
ATTACKS = yaml.safe_load(Path(__file__).with_name("llm_attacks.yaml").read_text(encoding="utf-8"))
QUESTIONS = {
    "exact": "我们是中试基地，协议任务已完成，服务性收入300万，能拿多少？",
    "up_to": "我们参与了一个省级重点研发计划项目，已验收，省拨经费五百万，能奖多少",
}
# Any figure or numeral a visitor could read as a quantity.
FIGURE = re.compile(r"[0-9０-９]|[一二三四五六七八九十百千万亿两]")

pytest.importorskip("langchain_openai")


@pytest.fixture(scope="module")
def server():
    with FakeOpenAI() as srv:
        yield srv


@pytest.fixture(scope="module")
def deterministic(engine):
    return {case: engine.reply(Conversation(), q) for case, q in QUESTIONS.items()}


def writer(server, mode: str = "say", *, timeout: float = 8.0, retries: int = 0, breaker=None):
    from langchain_openai import ChatOpenAI

    chat = ChatOpenAI(
        base_url=server.base_url,
        model=mode,
        api_key="test",
        temperature=0,
        timeout=timeout,
        max_retries=retries,
    )
    return LLMWriter(chat, timeout=timeout, breaker=breaker or CircuitBreaker(1000, 60))


def ask(engine, server, case: str, *script, **kw):
    server.script.clear()
    server.script.extend(script)
    return Assistant(engine.retriever, llm=writer(server, **kw)).reply(
        Conversation(), QUESTIONS[case]
    )


# ----------------------------------------------------------------- the attack corpus
def test_the_corpus_covers_every_class_of_the_audit():
    classes = {a["class"] for a in ATTACKS}
    assert len(ATTACKS) >= 50
    assert {
        "revenue_as_award",
        "promise",
        "currency",
        "rate_as_money",
        "list_marker",
        "superscript",
        "circled",
        "number_words",
        "image",
        "link",
        "html",
        "tool_arguments",
    } <= classes


@pytest.mark.parametrize(
    "attack", ATTACKS, ids=[f"{i:02d}-{a['class']}" for i, a in enumerate(ATTACKS)]
)
def test_every_attack_falls_back_to_the_deterministic_answer(
    engine, server, deterministic, attack, caplog
):
    script = []
    for name, args in (attack.get("tool") or {}).items():
        script.append({"tool": name, "args": args})
    script.append(attack["text"])
    with caplog.at_level(logging.WARNING, logger="assistant.llm.writer"):
        reply = ask(engine, server, attack["case"], *script)
    assert "rejected by the guard" in caplog.text  # not some failure on the way
    expected = deterministic[attack["case"]]
    assert reply.answer == expected.answer
    assert reply.awards == expected.awards


# ----------------------------------------------------------------- what may pass
def test_placeholders_are_filled_from_the_structured_reply(engine, server, deterministic):
    reply = ask(
        engine,
        server,
        "exact",
        "根据{clause:1}，{measure:1}：您可获得{award:1}。\n\n- 请准备好服务性收入的证明材料\n- 不保证其他条件",
    )
    assert reply.answer != deterministic["exact"].answer
    assert "根据（六），支持建设概念验证和中试平台：您可获得**90万元**。" in reply.answer
    assert "- 请准备好服务性收入的证明材料" in reply.answer
    assert reply.awards == deterministic["exact"].awards


def test_an_up_to_amount_is_filled_as_a_ceiling(engine, server, deterministic):
    reply = ask(engine, server, "up_to", "按{clause:1}，您最多可得{award:1}，具体以评审为准。")
    assert "最高 **10万元**（上限，不是承诺" in reply.answer
    assert reply.awards == deterministic["up_to"].awards


def test_a_tool_call_is_answered_from_the_case_not_the_models_arguments(engine, server):
    invented = {"platform_type": "pilot_base", "service_revenue_yuan": "40000000"}
    reply = ask(
        engine,
        server,
        "exact",
        {"tool": "platform", "args": {**invented, "tasks_completed": True}},
        "工具结果：{award:1}。",
    )
    assert "工具结果：**90万元**" in reply.answer
    assert "1200万" not in reply.answer
    tool_turn = json.loads(server.requests[-1])["messages"][-1]
    assert tool_turn["role"] == "tool"
    assert "{award:1}" in tool_turn["content"]
    assert not FIGURE.search(guard.PLACEHOLDER.sub("", tool_turn["content"]))


def test_model_markdown_is_shown_as_text_except_bold_and_lists():
    slots = guard.Slots(award=["**90万元**"], clause=["（六）"])
    verdict = guard.check("# 标题\n> 引用\n可得{award:1}，`代码`，_斜体_，| 表 |\n* 要点", slots)
    assert verdict.ok, verdict.reasons
    lines = verdict.text.split("\n")
    assert lines[0] == "\\# 标题" and lines[1] == "\\> 引用"
    assert lines[2] == "可得**90万元**，\\`代码\\`，\\_斜体\\_，\\| 表 \\|"
    assert lines[3] == "- 要点"


def test_negated_promises_pass_and_plain_ones_do_not():
    slots = guard.Slots(award=["最高 **10万元**"], award_up_to=[True], up_to=True)
    assert guard.check("最多{award:1}，不保证一定获得。", slots).reasons == ("numeral", "promise")
    assert guard.check("最多{award:1}，不保证获得，以评审为准。", slots).ok
    assert "promise" in guard.screen("保证拿到{award:1}", slots)


def test_guard_input_is_capped_and_fast():
    slots = guard.Slots()
    started = time.perf_counter()
    for text in ("好" * 16_000, "1," * 8_000, "<" * 16_000, "{award:1}" * 1800):
        assert not guard.check(text, slots).ok
    assert time.perf_counter() - started < 0.5


# ----------------------------------------------------------------- time and failure
def test_a_hung_endpoint_costs_at_most_the_budget(engine, server, deterministic):
    started = time.perf_counter()
    reply = ask(engine, server, "exact", mode="hang", timeout=1.0)
    assert time.perf_counter() - started < 2.5
    assert reply.answer == deterministic["exact"].answer


@pytest.mark.parametrize("mode", ["error500", "garbage", "empty"])
def test_a_failing_endpoint_gives_the_deterministic_answer_quickly(
    engine, server, deterministic, mode
):
    started = time.perf_counter()
    reply = ask(engine, server, "exact", mode=mode, retries=1)
    assert time.perf_counter() - started < 4.0
    assert reply.answer == deterministic["exact"].answer


def test_the_breaker_skips_the_llm_after_failures_in_a_row(engine, server, deterministic):
    breaker = CircuitBreaker(failures=2, seconds=60)
    llm = writer(server, "error500", breaker=breaker)
    assistant = Assistant(engine.retriever, llm=llm)
    for _ in range(2):
        assistant.reply(Conversation(), QUESTIONS["exact"])
    assert breaker.open
    before = len(server.requests)
    started = time.perf_counter()
    reply = assistant.reply(Conversation(), QUESTIONS["exact"])
    assert len(server.requests) == before  # not even tried
    assert time.perf_counter() - started < 1.0
    assert reply.answer == deterministic["exact"].answer


def test_the_breaker_closes_after_its_pause():
    breaker = CircuitBreaker(failures=1, seconds=0.05)
    breaker.record(False)
    assert not breaker.allow()
    time.sleep(0.06)
    assert breaker.allow()
    breaker.record(True)
    assert not breaker.open


def test_only_the_text_the_engine_read_is_sent(engine, server):
    huge = QUESTIONS["exact"] + "啊" * 1_000_000
    server.script.clear()
    server.script.append("可得{award:1}。")
    before = len(server.requests)
    Assistant(engine.retriever, llm=writer(server)).reply(Conversation(), huge)
    sent = server.requests[before:]
    assert sent and max(len(body) for body in sent) < 200_000  # was ~3 MB


# ----------------------------------------------------------------- configuration
def test_llm_is_off_by_default(monkeypatch):
    monkeypatch.delenv("JCG_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("JCG_LLM_MODEL", raising=False)
    assert from_env() is None


def test_environment_sets_budget_retries_and_breaker(monkeypatch, server):
    monkeypatch.setenv("JCG_LLM_BASE_URL", server.base_url)
    monkeypatch.setenv("JCG_LLM_MODEL", "say")
    monkeypatch.setenv("JCG_LLM_TIMEOUT", "2.5")
    monkeypatch.setenv("JCG_LLM_MAX_RETRIES", "1")
    monkeypatch.setenv("JCG_LLM_BREAKER_FAILURES", "5")
    llm = from_env()
    assert llm is not None and llm.timeout == 2.5 and llm.breaker.failures == 5
    monkeypatch.setenv("JCG_LLM_MAX_RETRIES", "3")  # more than one retry is refused
    with pytest.raises(ValueError):
        from_env()


def test_missing_llm_extra_warns_and_answers_deterministically(monkeypatch, caplog):
    monkeypatch.setenv("JCG_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("JCG_LLM_MODEL", "x")
    monkeypatch.setitem(sys.modules, "langchain_openai", None)  # import fails as if absent
    with caplog.at_level(logging.WARNING, logger="assistant.llm.writer"):
        assert from_env() is None
    assert "llm" in caplog.text and "deterministically" in caplog.text


def test_cli_without_the_llm_extra_still_answers(tmp_path):
    stub = tmp_path / "stub" / "langchain_openai"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text("raise ImportError('not installed')\n")
    env = {
        **os.environ,
        "PYTHONPATH": f"{stub.parent}:{ROOT}",
        "JCG_LLM_BASE_URL": "http://127.0.0.1:9/v1",
        "JCG_LLM_MODEL": "x",
    }
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "--json", QUESTIONS["exact"]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["awards"][0]["amount_yuan"] == "900000"
    assert "llm" in result.stderr
