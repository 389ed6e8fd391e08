"""The CLI is a contract others script against: JSON keys, one object per line, exit 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"answer", "citations", "awards", "follow_up", "retrieved", "intent", "elapsed_ms"}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_ask_json_prints_one_object_per_question():
    result = run(
        "ask",
        "--json",
        "牵头的省级重点研发项目已验收，省拨经费800万，能拿多少？",
        "",
        "<b>😀</b> hello",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert set(first) >= KEYS
    assert first["awards"][0] == {
        "clause": "（三）",
        "measure": "支持开展关键核心技术攻关",
        "amount_yuan": "400000",
        "kind": "exact",
        "steps": first["awards"][0]["steps"],
    }
    assert all(set(c) == {"clause", "quote"} for c in first["citations"])
    assert first["retrieved"][0]["clause"] == "（三）"
    for line in lines[1:]:
        assert set(json.loads(line)) >= KEYS


def test_chat_jsonl_keeps_state_across_lines():
    messages = "我们是一家中试基地\n服务性收入两百万，协议任务完成了，能拿多少？\n那三百万呢\n"
    result = run("chat", "--jsonl", stdin=messages)
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert len(replies) == 3
    assert replies[1]["awards"][0]["amount_yuan"] == "600000"
    assert replies[2]["awards"][0]["amount_yuan"] == "900000"


def test_chat_next_visitor_alone_is_a_clean_fresh_start():
    """A clerk's bare "下一位" between visitors: the facts go, and no retrieval miss is shown."""
    messages = "我们是概念验证中心，任务完成了，服务收入一百万\n下一位\n能拿多少？\n"
    result = run("chat", "--jsonl", stdin=messages)
    assert result.returncode == 0, result.stderr
    first, fresh, after = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert first["awards"][0]["amount_yuan"] == "100000"
    assert fresh["intent"] == "reset" and not fresh["awards"]
    assert "重新开始" in fresh["answer"] and "没有在政策中找到" not in fresh["answer"]
    assert not after["awards"]


def test_markdown_output_without_json():
    result = run("ask", "怎么入驻晋创谷？")
    assert result.returncode == 0
    assert "（一）" in result.stdout


def test_bad_arguments_exit_nonzero():
    assert run("frobnicate").returncode != 0


def test_a_question_starting_with_a_minus_is_a_question_not_an_option():
    result = run("ask", "--json", "-300万能拿多少")
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["intent"] == "bad_input" and "负数" in reply["answer"]


def test_a_bad_byte_on_strict_utf8_stdin_does_not_end_the_chat():
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--jsonl"],
        input="我们是中试基地\n".encode()
        + b"\xff\xfe bad\n"
        + "服务性收入300万，协议任务完成了\n".encode(),
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
    )
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.decode().strip().splitlines()]
    assert len(replies) == 3
    assert replies[2]["awards"][0]["amount_yuan"] == "900000"


def test_check_takes_the_api_body_with_several_carriers():
    """（九）: 50万 for a newly recognised national incubator and 10万 for a provincial maker
    space, each carrier its own matter; a refused body is one Chinese line and exit 2."""
    carrier = {"carrier_type": "incubator", "carrier_level": "national"}
    space = {"carrier_type": "maker_space", "carrier_level": "provincial"}
    body = {
        "applicant": "carrier_operator",
        "facts": {"in_focus_industry": True},
        "matters": [{"rule": "carrier", "facts": carrier}, {"rule": "carrier", "facts": space}],
    }
    result = run("check", "--json", stdin=json.dumps(body))
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert [a["amount_yuan"] for a in reply["awards"] if a["clause"] == "（九）"] == [
        "500000",
        "100000",
    ]
    assert [(m["label"], m["status"]) for m in reply["matters"]] == [
        ("第一个载体", "computed"),
        ("第二个载体", "computed"),
    ]
    body["matters"][1]["facts"]["carrier_level"] = "municipal"
    refused = run("check", stdin=json.dumps(body))
    assert refused.returncode == 2 and refused.stdout == ""
    assert "第 2 项" in refused.stderr and "Traceback" not in refused.stderr
    assert run("check", stdin="{").returncode == 2
