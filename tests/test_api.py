"""The HTTP API through FastAPI's TestClient (in-process; the scale-out test runs real servers),
on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import re

import pytest
from conftest import recorded
from fastapi.testclient import TestClient

from assistant.nlu.normalize import debris_free
from assistant.service.api import clause_label, create_app
from assistant.service.records import get_records

LEAD = "牵头的省级重点研发项目已验收，省拨经费800万，能拿多少？"


@pytest.fixture
def client(engine, db_url, tmp_path, monkeypatch):
    """The app on SQLite and on a real PostgreSQL (issue 19: NUL was fine on one only)."""
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JCG_DATABASE_URL", db_url)
    with TestClient(create_app(engine)) as c:
        yield c


def test_ask_gives_the_cli_json_and_records_the_turn(client, engine):
    from assistant.dialogue.state import Conversation

    r = client.post("/v1/ask", json={"question": LEAD})
    assert r.status_code == 200
    body = r.json()
    cli = engine.reply(Conversation(), LEAD).to_json_dict()
    assert set(cli) <= set(body)
    assert body["answer"] == cli["answer"] and body["awards"] == cli["awards"]
    assert body["awards"][0]["amount_yuan"] == "400000"
    assert body["conversation_id"] is None
    turn = recorded(body["turn_id"])
    assert (
        turn["question"] == debris_free(LEAD)
        and turn["channel"] == "api"
        and turn["outcome"] == "computed"
    )


def test_a_conversation_continues_on_another_app_instance(client, engine):
    cid = client.post("/v1/conversations").json()["conversation_id"]
    first = client.post(f"/v1/conversations/{cid}/messages", json={"message": "我们是中试基地"})
    assert first.status_code == 200 and first.json()["conversation_id"] == cid
    with TestClient(create_app(engine)) as other:  # shares nothing but the database
        second = other.post(
            f"/v1/conversations/{cid}/messages", json={"message": "服务性收入两百万，能拿多少？"}
        ).json()
    assert second["awards"][0]["clause"] == "（六）"
    assert second["awards"][0]["amount_yuan"] == "600000"
    assert [t["seq"] for t in get_records().conversation_turns(cid)] == [1, 2]


def test_errors_are_4xx_in_chinese_and_english(client, monkeypatch):
    missing = client.post("/v1/ask", json={})
    assert missing.status_code == 422
    error = missing.json()["error"]
    assert error["code"] == "invalid_request" and "question" in error["message_en"]
    assert re.search(r"[\u4e00-\u9fff]", error["message_zh"])
    assert client.post("/v1/ask", json={"question": "x", "extra": 1}).status_code == 422
    unreadable = client.post(  # issue 19: unreadable is 400, like bad UTF-8 (was 422)
        "/v1/ask", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert unreadable.status_code == 400 and unreadable.json()["error"]["code"] == "unreadable_body"
    nowhere = client.post("/v1/conversations/nope/messages", json={"message": "你好"})
    assert nowhere.status_code == 404
    assert nowhere.json()["error"]["code"] == "conversation_not_found"
    monkeypatch.setenv("JCG_API_MAX_BODY_KB", "1")
    big = client.post("/v1/ask", json={"question": "长" * 2000})
    assert big.status_code == 413 and "KB" in big.json()["error"]["message_zh"]


def test_api_key_when_configured(client, monkeypatch):
    monkeypatch.setenv("JCG_API_KEYS", "k-one, k-two")
    assert client.post("/v1/ask", json={"question": "你好"}).status_code == 401
    bad = client.post("/v1/ask", json={"question": "你好"}, headers={"X-API-Key": "k-three"})
    assert bad.status_code == 401 and "X-API-Key" in bad.json()["error"]["message_zh"]
    ok = client.post("/v1/ask", json={"question": "你好"}, headers={"X-API-Key": "k-two"})
    assert ok.status_code == 200
    assert client.get("/healthz").status_code == 200  # a load balancer's probe needs no key


def test_check_from_facts(client):
    body = {
        "applicant": "enterprise",
        "facts": {"role": "lead", "project_level": "provincial", "allocation_yuan": 8_000_000},
    }
    r = client.post("/v1/check", json=body)
    assert r.status_code == 200
    awards = {a["clause"]: a for a in r.json()["awards"]}
    assert awards["（三）"]["amount_yuan"] == "400000" and awards["（三）"]["kind"] == "exact"
    unknown = client.post("/v1/check", json={"applicant": "enterprise", "facts": {"x": 1}})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_fact"
    who = client.post("/v1/check", json={"applicant": "alien", "facts": {}})
    assert who.status_code == 400 and "主体类型" in who.json()["error"]["message_zh"]
    bad = {"applicant": "enterprise", "facts": {**body["facts"], "allocation_yuan": -5}}
    r = client.post("/v1/check", json=bad)
    assert r.status_code == 400 and "负数" in r.json()["error"]["message_zh"]


def test_check_with_several_contracts_shares_the_yearly_cap(client):
    """（五）: 1% of each registered contract, at most 25万 a year per university. A 2000万
    development contract gives 20万; a 1500万 patent licence would give 15万 but only 5万 of
    the year is left; a third contract without its figure is asked for by name."""
    body = {
        "applicant": "university",
        "facts": {"contract_registered": True, "counterparty_in_valley": True},
        "matters": [
            {
                "rule": "academic_contract",
                "facts": {"contract_type": "tech_development", "contract_amount_yuan": 20_000_000},
            },
            {
                "rule": "academic_contract",
                "facts": {"contract_type": "patent_license", "contract_amount_yuan": 15_000_000},
            },
            {"rule": "academic_contract", "facts": {"contract_type": "tech_license"}},
        ],
    }
    r = client.post("/v1/check", json=body)
    assert r.status_code == 200
    data = r.json()
    five = [a for a in data["awards"] if a["clause"] == "（五）"]
    assert [a["amount_yuan"] for a in five] == ["200000", "50000"]
    assert [(m["label"], m["status"]) for m in data["matters"]] == [
        ("第一个合同", "computed"),
        ("第二个合同", "computed"),
        ("第三个合同", "needs_facts"),
    ]
    assert [data["awards"][m["award"]]["amount_yuan"] for m in data["matters"][:2]] == [
        "200000",
        "50000",
    ]
    assert "第三个合同的合同交易额" in data["answer"]
    # without matters the answer is as it always was: no matters in the response
    plain = client.post("/v1/check", json={"applicant": "university", "facts": body["facts"]})
    assert plain.status_code == 200 and plain.json()["matters"] == []


@pytest.mark.parametrize(
    ("matter", "status", "code", "zh"),
    [
        ({"rule": "no_such_measure", "facts": {}}, 422, "unknown_rule", "措施「no_such_measure」"),
        ({"rule": "major_project", "facts": {"budget": 1}}, 422, "unknown_fact", "budget"),
        (
            {"rule": "major_project", "facts": {"contract_type": "tech_license"}},
            422,
            "fact_not_for_rule",
            "用不到",
        ),
        ({"rule": "major_project", "facts": {"allocation_yuan": -3}}, 400, "invalid_fact", "负数"),
        ({"rule": "major_project", "facts": {"role": "sponsor"}}, 400, "invalid_fact", "第 2 项"),
        ({"rule": "major_project"}, 200, None, None),  # facts may be left to the applicant's
        ({"facts": {}}, 422, "invalid_request", "rule"),
    ],
)
def test_check_matters_are_validated_in_chinese_and_english(client, matter, status, code, zh):
    first = {"rule": "major_project", "facts": {"role": "lead", "allocation_yuan": 9_000_000}}
    body = {"applicant": "enterprise", "facts": {}, "matters": [first, matter]}
    r = client.post("/v1/check", json=body)
    assert r.status_code == status
    if code:
        error = r.json()["error"]
        assert error["code"] == code and zh in error["message_zh"]
        assert re.search(r"[\u4e00-\u9fff]", error["message_zh"]) and error["message_en"]


def test_match_rows_with_chinese_headers(client):
    rows = [
        {
            "名称": "甲",
            "主体类型": "入驻企业",
            "牵头/参与": "牵头承担",
            "项目级别": "省级",
            "国拨/省拨经费（万元）": 800,
        },
        {"名称": "乙", "主体类型": "中试基地", "服务性收入（万元）": "大约两百"},
        {"名称": "丙", "主体类型": "中试基地", "服务性收入（万元）": 200},
    ]
    r = client.post("/v1/match", json={"rows": rows})
    assert r.status_code == 200
    body = r.json()
    assert body["rows"] == 3
    amounts = {
        (m["name"], m["clause"]): m["amount_yuan"]
        for m in body["matches"]
        if m["status"] == "computed"
    }
    assert amounts[("甲", "（三）")] == "400000" and amounts[("丙", "（六）")] == "600000"
    (error,) = body["errors"]
    assert error["row"] == 2 and error["column"] == "服务性收入（万元）"
    bad = client.post("/v1/match", json={"rows": [{"公司名": "x"}]})
    assert bad.status_code == 400 and "公司名" in bad.json()["error"]["message_zh"]


def test_measures_and_one_measure(client):
    listing = client.get("/v1/measures").json()
    labels = [m["clause"] for m in listing["measures"]]
    assert labels[0] == "（一）" and labels[-1] == "附则" and len(labels) == 15
    assert "enterprise" in listing["applicants"]
    three = client.get("/v1/measures/3").json()
    assert three["clause"] == "（三）" and "市科技局" in three["units"]
    assert any(p["quote"] in three["text"] for p in three["parameters"])
    assert client.get("/v1/measures/（三）").json()["clause"] == "（三）"
    assert client.get("/v1/measures/99").status_code == 404
    assert [clause_label(x) for x in ("14", "十四", "(十)", "附则", "x")] == [
        "（十四）",
        "（十四）",
        "（十）",
        "附则",
        None,
    ]


def test_health_and_offline_docs(client):
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["database"] in ("sqlite", "postgresql")
    page = client.get("/docs").text
    assert "/v1/ask" in page and "/v1/match" in page and "curl" in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=['\"]https?://", page)
    assert (
        "/v1/conversations/{conversation_id}/messages"
        in client.get("/openapi.json").json()["paths"]
    )


@pytest.mark.parametrize("built", [True, False])
@pytest.mark.parametrize("given", [[], ["--workers", "1"], ["--workers", "3"]])
def test_serve_runs_one_worker_per_available_core_by_default(given, built, monkeypatch, tmp_path):
    import argparse

    import uvicorn

    from assistant.retrieval import hybrid
    from assistant.service import commands, records
    from assistant.service.config import available_cores

    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.delenv("CHROMA_PORT", raising=False)
    if built:
        (tmp_path / "chroma").mkdir()
    parser = argparse.ArgumentParser()
    commands.add_commands(parser.add_subparsers(dest="command"))
    started, loaded, children = {}, [], []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(options))
    monkeypatch.setattr(hybrid, "get_retriever", lambda: loaded.append(1))
    monkeypatch.setattr(records, "get_records", lambda: None)
    monkeypatch.setattr(commands.subprocess, "run", lambda cmd, **kw: children.append(cmd))
    assert commands.run(parser.parse_args(["serve", *given])) == 0
    workers = int(given[1]) if given else available_cores()
    assert started["workers"] == workers
    assert available_cores() == len(os.sched_getaffinity(0))
    # One worker: this process answers and opens the index itself (a child builds one not
    # there yet, so its encodings stay out of the worker's memory); several: a child builds
    # it, and the supervisor, which answers nothing, holds no model.
    if workers == 1:
        assert loaded
        assert children == ([] if built else [children[0]])
        assert built or children[0][-2:] == ["assistant.retrieval", "--build"]
    else:
        assert not loaded and children[0][-2:] == ["assistant.retrieval", "--build"]
