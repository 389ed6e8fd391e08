"""Hostile input to the API (issue 19): no 500 from input, on SQLite and on PostgreSQL.

Each case was a 500 (or a silently lost turn) on the code before the issue: a clause label in
superscript or circled digits, an amount cell of 1e22 万元, a lone surrogate echoed in an error
message, a NUL in a message or a conversation id on PostgreSQL, "-0元".
"""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest
from conftest import recorded
from fastapi.testclient import TestClient

from assistant.service.api import clause_label, create_app
from assistant.service.records import get_records

JSON = {"content-type": "application/json"}


@pytest.fixture
def client(engine, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JCG_DATABASE_URL", db_url)
    with TestClient(create_app(engine), raise_server_exceptions=False) as c:
        yield c


def _error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["message_zh"] and error["message_en"]
    if code:
        assert error["code"] == code
    return error


# ------------------------------------------------------------------------- clause labels
@pytest.mark.parametrize("label", ["³", "¹", "①", "⑭", "٣", "𝟑", "0", "15", "二十", "十十"])
def test_a_clause_label_that_is_no_clause_is_404(client, label):
    _error(client.get(f"/v1/measures/{label}"), 404, "clause_not_found")


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("3", "（三）"),
        ("３", "（三）"),
        ("03", "（三）"),
        ("第三条", "（三）"),
        ("(十四)", "（十四）"),
    ],
)
def test_the_forms_people_type_are_read(typed, label):
    assert clause_label(typed) == label


# ------------------------------------------------------------------------- amounts
def test_an_absurd_amount_cell_is_a_cell_error_not_a_500(client):
    rows = [
        {
            "主体类型": "入驻企业",
            "牵头/参与": "牵头承担",
            "项目级别": "省级",
            "国拨/省拨经费（万元）": v,
        }
        for v in ("1e22", 1e22, "9" * 40, "1e999999999", 800)
    ]
    r = client.post("/v1/match", json={"rows": rows})
    assert r.status_code == 200, r.text
    errors = r.json()["errors"]
    assert [e["row"] for e in errors] == [1, 2, 3, 4]
    assert all("过大" in e["message"] for e in errors)
    computed = [m for m in r.json()["matches"] if m["status"] == "computed"]
    assert [(m["row"], m["clause"], m["amount_yuan"]) for m in computed] == [
        (5, "（三）", "400000")
    ]
    # /v1/check refuses the same value, as it did before
    facts = {"role": "lead", "project_level": "provincial", "allocation_yuan": 1e22 * 1e4}
    body = {"applicant": "enterprise", "facts": facts}
    assert "过大" in _error(client.post("/v1/check", json=body), 400)["message_zh"]


def test_negative_zero_shows_as_zero(client):
    facts = {"role": "lead", "project_level": "provincial", "allocation_yuan": -0.0}
    r = client.post("/v1/check", json={"applicant": "enterprise", "facts": facts})
    assert r.status_code == 200
    assert "-0" not in r.text
    three = [a for a in r.json()["awards"] if a["clause"] == "（三）"]
    assert three and three[0]["amount_yuan"] == "0"
    rows = [
        {
            "主体类型": "入驻企业",
            "牵头/参与": "牵头承担",
            "项目级别": "省级",
            "国拨/省拨经费（万元）": "-0",
        }
    ]
    assert "-0" not in client.post("/v1/match", json={"rows": rows}).text


# ------------------------------------------------------------------------- echoes
SURROGATE = b"x\\ud800y"  # as JSON escapes it: valid JSON, but no UTF-8 can carry it


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/v1/check", b'{"applicant": "%s"}', 400),
        ("/v1/check", b'{"applicant": "enterprise", "facts": {"%s": 1}}', 422),
        ("/v1/check", b'{"applicant": "enterprise", "matters": [{"rule": "%s"}]}', 422),
        ("/v1/match", b'{"rows": [{"%s": 1}]}', 400),
        ("/v1/ask", b'{"question": "q", "%s": 1}', 422),
    ],
)
def test_an_echoed_lone_surrogate_is_escaped(client, path, body, status):
    r = client.post(path, content=body.replace(b"%s", SURROGATE), headers=JSON)
    error = _error(r, status)
    r.content.decode("utf-8")  # the body is valid UTF-8
    assert "\ud800" not in json.dumps(error, ensure_ascii=False)


def test_a_lone_surrogate_in_a_cell_is_shown_escaped(client):
    body = b'{"rows": [{"\\u4e3b\\u4f53\\u7c7b\\u578b": "%s"}]}'.replace(b"%s", SURROGATE)
    r = client.post("/v1/match", content=body, headers=JSON)
    assert r.status_code == 200
    (error,) = r.json()["errors"]
    assert error["value"] == "x\ufffdy"


# ------------------------------------------------------------------------- NUL
def test_nul_is_stored_as_normalised_text(client):
    ask = client.post("/v1/ask", json={"question": "中试基地服务收入3\x0000万能拿多少"})
    assert ask.status_code == 200
    body = ask.json()
    assert body["turn_id"] is not None  # recorded, not silently missing from the records
    assert body["awards"][0]["amount_yuan"] == "900000"
    assert recorded(body["turn_id"])["question"] == "中试基地服务收入300万能拿多少"
    cid = client.post("/v1/conversations").json()["conversation_id"]
    said = client.post(f"/v1/conversations/{cid}/messages", json={"message": "我们是\x00中试基地"})
    assert said.status_code == 200 and said.json()["turn_id"]
    (turn,) = get_records().conversation_turns(cid)
    assert turn["question"] == "我们是中试基地"
    nowhere = client.post(f"/v1/conversations/{cid}%00/messages", json={"message": "你好"})
    _error(nowhere, 404, "conversation_not_found")
    assert get_records().load_conversation(cid + "\x00") is None


def test_debris_only_is_an_empty_question(client):
    _error(client.post("/v1/ask", json={"question": "\u200b\x00\ufeff"}), 422, "invalid_request")


# ------------------------------------------------------------------------- the catch-all
class _Broken:
    """An engine whose answer fails: the API must still answer JSON and keep the connection."""

    retriever = None

    def reply(self, conv, message):
        raise RuntimeError("the engine broke")


@pytest.fixture
def broken_server(tmp_path, monkeypatch):
    import uvicorn

    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("JCG_DATABASE_URL", raising=False)
    config = uvicorn.Config(create_app(_Broken()), host="127.0.0.1", port=0, log_level="critical")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.05)
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    thread.join(timeout=10)


def test_an_unexpected_error_is_a_json_500_with_a_request_id_and_the_connection_lives(
    broken_server, caplog
):
    conn = http.client.HTTPConnection("127.0.0.1", broken_server, timeout=30)
    conn.request("POST", "/v1/ask", body=json.dumps({"question": "你好"}), headers=JSON)
    first = conn.getresponse()
    body = json.loads(first.read())
    assert first.status == 500
    request_id = body["error"]["request_id"]
    assert (
        first.getheader("x-request-id") == request_id and request_id in body["error"]["message_zh"]
    )
    assert (first.getheader("connection") or "").lower() != "close"
    sock = conn.sock
    conn.request("GET", "/healthz")
    second = conn.getresponse()
    second.read()
    assert second.status == 200 and conn.sock is sock  # the same connection served it
    conn.close()
    assert any(request_id in r.getMessage() and r.exc_info for r in caplog.records)


# ------------------------------------------------------------------------- the protocol
def test_head_where_get_and_allow_on_405(client):
    head = client.head("/healthz")
    assert head.status_code == 200 and head.content == b""
    assert client.head("/v1/measures/3").status_code == 200
    wrong = client.delete("/v1/ask")
    assert _error(wrong, 405) and wrong.headers["allow"] == "POST"
    assert client.head("/v1/ask").headers["allow"] == "POST"


def _chunks(n_kb: int):
    for _ in range(n_kb):
        yield b" " * 1024


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (_chunks, "application/json", 413, "body_too_large"),  # chunked: no Content-Length
        (b"x" * 300_000, "application/json", 413, "body_too_large"),
        (b"question=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b"<question>x</question>", "application/xml", 415, "unsupported_media_type"),
        ('{"question": "你好"}'.encode("gbk"), "application/json; charset=gbk", 415, None),
        (b'{"question": "\xff\xfe"}', "application/json", 400, "unreadable_body"),
        (b'{"question": "', "application/json", 400, "unreadable_body"),
        (b'{"question": "x"}', "application/problem+json", 200, None),
    ],
)
def test_body_codes(client, content, content_type, status, code):
    body = content(400) if callable(content) else content
    r = client.post("/v1/ask", content=body, headers={"content-type": content_type})
    if status == 200:
        assert r.status_code == 200
    else:
        _error(r, status, code)


def test_the_schema_names_what_the_server_knows(client):
    from assistant.service import batch
    from assistant.service.check import known_facts
    from calculators.registry import RULES

    schema = client.get("/openapi.json").json()
    parts = schema["components"]["schemas"]
    check = parts["CheckRequest"]["properties"]
    listed = client.get("/v1/measures").json()["applicants"]
    assert sorted(check["applicant"]["enum"]) == sorted(listed)
    assert set(check["facts"]["properties"]) == known_facts()
    assert check["facts"]["additionalProperties"] is False
    shapes = parts["CheckMatter"]["oneOf"]  # each rule with only the facts it takes
    assert {m["properties"]["rule"]["const"] for m in shapes} == set(RULES)
    for m in shapes:
        assert set(m["properties"]["facts"]["properties"]) <= set(
            RULES[m["properties"]["rule"]["const"]].facts
        )
    columns = parts["MatchRequest"]["properties"]["rows"]["items"]["propertyNames"]["enum"]
    assert set(batch.headers()) <= set(columns)
    limit = schema["info"]["x-max-body-bytes"]
    assert limit == 256 * 1024 and "256 KB" in schema["info"]["description"]
    # the most rows the schema allows fit in the body limit, each a useful row
    rows = parts["MatchRequest"]["properties"]["rows"]["maxItems"]
    assert len(json.dumps({"rows": [{"applicant": "team"}] * rows})) <= limit
    # every applicant /v1/measures lists, /v1/check takes
    for applicant in listed:
        assert client.post("/v1/check", json={"applicant": applicant}).status_code == 200
