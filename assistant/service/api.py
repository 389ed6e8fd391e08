"""The HTTP API (FastAPI, served by uvicorn): the same engine for other channels.

    python -m assistant serve --host 127.0.0.1 --port 8000 --workers 2

Conversation state lives in the records database, so any worker (or any machine on the same
database) serves any turn. Bad input gets a 4xx with a Chinese and an English message; bodies
are size-limited; ``JCG_API_KEYS`` turns on an ``X-API-Key`` check. ``/docs`` is a plain page
generated from the OpenAPI schema with no external assets (the usual Swagger UI loads from a
CDN, which an offline deployment cannot reach); the schema itself is at ``/openapi.json``.
"""

from __future__ import annotations

import html
import json
import logging
import re
import threading
import uuid
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, Literal

from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.dialogue.facts import APPLICANT_NAMES
from assistant.dialogue.state import Conversation
from assistant.engine import Assistant
from assistant.nlu.normalize import shown
from assistant.service import batch
from assistant.service.check import CheckError, CheckRequest, CleanModel, TypedTextModel
from assistant.service.check import run as run_check
from assistant.service.config import check_api_key, load_config
from assistant.service.records import engine_version, get_records, spool
from assistant.service.records.writer import TurnWriter

log = logging.getLogger("jcg.api")

MAX_QUESTION_CHARS = 10_000  # the engine reads the first 2000 and says so; beyond this is abuse
CN_NUMERALS = "零一二三四五六七八九十"
WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
CONVERSATION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what new_conversation hands out, and more
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# A useful row is at least {"applicant":"team"}, 20 bytes: 5,000 of them fit the default 256 KB
# body limit; JCG_BATCH_MAX_ROWS (20,000) is for files, which have no such limit.
MAX_MATCH_ROWS = 5_000


# ------------------------------------------------------------------------- errors
class ApiError(Exception):
    """A 4xx with a message in Chinese and in English."""

    def __init__(self, status: int, code: str, zh: str, en: str, details: Any = None) -> None:
        super().__init__(en)
        self.status, self.code, self.zh, self.en, self.details = status, code, zh, en, details


def _error_body(code: str, zh: str, en: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": {"code": code, "message_zh": zh, "message_en": en}}
    if details is not None:
        body["error"]["details"] = details
    return body


class ErrorBody(BaseModel):
    error: dict[str, Any] = Field(
        description="code, message_zh, message_en, (for invalid input) details per field and "
        "(for a 500) the request_id the log names"
    )


class SafeJSONResponse(JSONResponse):
    """JSON that always encodes: a lone surrogate that slipped into a body is sent escaped
    (``\\ud800``) instead of failing the response after the status was chosen."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode()


# ------------------------------------------------------------------------- models
class AskRequest(TypedTextModel):
    question: str = Field(
        min_length=1, max_length=MAX_QUESTION_CHARS, examples=["中试基地能拿多少"]
    )


class MessageRequest(TypedTextModel):
    message: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)


class AnswerResponse(BaseModel):
    """The CLI's ``ask --json`` fields (and any the Reply adds), plus where the turn lives."""

    model_config = ConfigDict(extra="allow")
    answer: str
    citations: list[dict[str, Any]] = []
    awards: list[dict[str, Any]] = []
    follow_up: str | None = None
    retrieved: list[dict[str, Any]] = []
    intent: str
    elapsed_ms: float = 0.0
    units: list[str] = []
    conversation_id: str | None = None
    turn_id: str | None = None


class ConversationCreated(BaseModel):
    conversation_id: str


def _columns() -> list[str]:
    """Template headers as the template writes them, then fact names (either is a column)."""
    return list(dict.fromkeys([*batch.headers(), *(c.name for c in batch.columns())]))


def _column_names(schema: dict[str, Any]) -> None:
    schema["items"] = {
        **schema.get("items", {}),
        "propertyNames": {"enum": _columns()},
    }


class MatchRequest(CleanModel):
    rows: list[dict[str, Any]] = Field(
        description="每行一个主体；键为模板列名（中文）或事实名，金额按模板单位（多为万元）。"
        f"一次最多 {MAX_MATCH_ROWS} 行（请求体上限内能放下的行数）；更多的行请用批量文件。",
        max_length=MAX_MATCH_ROWS,
        json_schema_extra=_column_names,
    )


class MatchResponse(BaseModel):
    rows: int
    matches: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    summary: dict[str, Any]


class FactInfo(BaseModel):
    name: str
    label: str
    required: bool
    description: str | None = None


class RuleInfo(BaseModel):
    id: str
    name: str
    applicants: list[str]
    facts: list[FactInfo]


class MeasureSummary(BaseModel):
    clause: str
    title: str
    section: str
    units: list[str]
    rules: list[RuleInfo]


class MeasureDetail(MeasureSummary):
    text: str
    parameters: list[dict[str, Any]]


class MeasureList(BaseModel):
    measures: list[MeasureSummary]
    applicants: dict[str, str]


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: str = Field(description="the dialect (sqlite, postgresql), or unreachable (503)")
    engine_version: str
    spooled_turns: int = Field(0, description="answered turns waiting for the database")


DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_FIRST, RETRY_MAX = 0.5, 30.0  # seconds between reconnection attempts, doubling


class Reconnector:
    """At start, write the turns a previous process left in the spool; while the database is
    away, try again with backoff and write the spooled turns the moment it answers. One daemon
    thread per app; ``kick()`` (a failed database call) wakes it early."""

    def __init__(self) -> None:
        self.due = True  # the spool is written at start and after each failure
        self.wake = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="jcg-db-reconnect", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def kick(self) -> None:
        self.due = True
        self.wake.set()

    def close(self) -> None:
        self.stop.set()
        self.wake.set()

    def _run(self) -> None:
        delay = RETRY_FIRST
        while not self.stop.is_set():
            try:
                if self.due or not _database_ok():
                    self.due = False
                    records = _records()
                    with records.engine.connect() as conn:
                        conn.execute(text("SELECT 1"))
                    spool.flush(records)
                    _DB_STATE["ok"] = True
                delay = RETRY_FIRST
                self.wake.wait(5.0)
            except Exception as err:  # still away: say so once per attempt, wait longer
                self.due = True
                log.warning("database unreachable (%s); retrying in %.1f s", _why(err), delay)
                self.wake.wait(delay)
                delay = min(delay * 2, RETRY_MAX)
            self.wake.clear()


_DB_STATE = {"ok": True}


def _database_ok() -> bool:
    return _DB_STATE["ok"]


def _why(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:200]


# ------------------------------------------------------------------------- app
def _engine(request: Request) -> Any:
    return request.app.state.engine


def _records() -> Any:

    return get_records()


def require_key(x_api_key: str | None = Header(default=None)) -> None:
    if not check_api_key(x_api_key, load_config().api_keys):
        raise ApiError(
            401,
            "unauthorized",
            "缺少或错误的 API 密钥（请求头 X-API-Key）。",
            "Missing or wrong API key (X-API-Key header).",
        )


class BodyLimit:
    """What the API reads, decided before the app sees a byte of it.

    - A body over ``JCG_API_MAX_BODY_KB`` is a 413, whether its ``Content-Length`` says so or
      it arrives chunked (the app's own "could not parse" 400 is replaced).
    - A body that is not JSON (a form, XML, text) or declares a charset other than UTF-8 is a
      415. Without a ``Content-Type`` the body is read as JSON.
    - ``HEAD`` is served as ``GET`` without the body, wherever ``GET`` is.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            await self.app({**scope, "method": "GET"}, receive, _without_body(send))
            return
        limit = load_config().api_max_body_bytes
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await self._too_large(send, limit)
            return
        has_body = (length is not None and length != b"0") or b"transfer-encoding" in headers
        if has_body and not _json_type(headers.get(b"content-type")):
            await _send_json(
                send,
                415,
                _error_body(
                    "unsupported_media_type",
                    "请求体应为 UTF-8 编码的 JSON（Content-Type: application/json）。",
                    "The body must be UTF-8 JSON (Content-Type: application/json).",
                ),
            )
            return
        seen = 0
        too_large = False

        async def counted() -> dict:
            nonlocal seen, too_large
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                too_large = True
                raise _TooLarge
            return message

        replaced = False

        async def sending(message: dict) -> None:
            nonlocal replaced
            if too_large:  # the app answered its failed read; the answer is 413
                if message["type"] == "http.response.start" and not replaced:
                    replaced = True
                    await self._too_large(send, limit)
                return
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except _TooLarge:
            if not replaced:
                await self._too_large(send, limit)

    @staticmethod
    async def _too_large(send: Any, limit: int) -> None:
        await _send_json(
            send,
            413,
            _error_body(
                "body_too_large",
                f"请求体过大（上限 {limit // 1024} KB）。",
                f"Request body too large (limit {limit // 1024} KB).",
            ),
        )


def _json_type(value: bytes | None) -> bool:
    """No Content-Type (read as JSON), or JSON in UTF-8: ``application/json``, ``…+json``."""
    if value is None:
        return True
    kind, _, params = value.decode("latin-1").partition(";")
    kind = kind.strip().lower()
    if not (
        kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))
    ):
        return False
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip().strip('"').lower() not in (
            "utf-8",
            "utf8",
        ):
            return False
    return True


def _without_body(send: Any) -> Any:
    async def head(message: dict) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return head


class _TooLarge(Exception):
    pass


class Guard:
    """The outermost layer: every request gets an id (``X-Request-ID``, the client's if it is
    sane), and anything unexpected becomes a JSON 500 naming that id, with the traceback in the
    log under it. The exception stops here: re-raised to the server, uvicorn would close the
    connection and the client's next pooled request would fail too."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def tagged(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [h for h in message.get("headers", []) if h[0] != b"x-request-id"]
                message = {**message, "headers": [*headers, (b"x-request-id", request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, tagged)
        except Exception:
            log.exception(
                "API failure, request %s: %s %s",
                request_id,
                scope.get("method"),
                shown(scope.get("path", ""), 200),
            )
            if started:
                return  # the status is out already; the log has the rest
            body = _error_body(
                "internal",
                f"服务暂时出错，请稍后再试（请求编号 {request_id}）。",
                f"Internal error; try again later (request {request_id}).",
            )
            body["error"]["request_id"] = request_id
            await _send_json(send, 500, body, [(b"x-request-id", request_id.encode())])


async def _send_json(
    send: Any, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]] = ()
) -> None:
    data = SafeJSONResponse(body).body
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})


def create_app(engine: Any | None = None) -> FastAPI:
    """The API; ``engine`` (an ``Assistant``) is built on start when not given."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        if engine is None:
            app.state.engine = Assistant.default()
        else:
            app.state.engine = engine
        try:
            _records()  # migrations and the one-time import happen before the first request
        except Exception as err:  # the API answers without it; the reconnector keeps trying
            _DB_STATE["ok"] = False
            log.warning("database unreachable at start (%s); answering without it", _why(err))
        app.state.reconnector = Reconnector()
        app.state.reconnector.start()
        app.state.writer = TurnWriter(_records, _database_ok, partial(_database_lost, app)).start()
        yield
        app.state.writer.close()
        app.state.reconnector.close()

    limit = load_config().api_max_body_bytes
    app = FastAPI(
        title="晋创谷·晋中 政策助手 API",
        version="1",
        description="问答、对话、政策体检与批量匹配。金额由确定性计算器依据政策原文计算。"
        f"请求体上限 {limit // 1024} KB（JCG_API_MAX_BODY_KB；超出为 413，分块传输也一样）；"
        "请求体须为 UTF-8 编码的 JSON（其他类型 415，无法读取 400）。"
        "每个响应带 X-Request-ID；500 的响应体给出同一编号。",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        default_response_class=SafeJSONResponse,
    )
    app.add_middleware(BodyLimit)
    app.add_middleware(Guard)  # added last: the outermost

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _database_down(_: Request, err: Exception) -> JSONResponse:
        _database_lost(request_app=app, err=err)
        return SafeJSONResponse(
            _error_body(
                "database_unavailable",
                "对话记录库暂时无法连接，对话功能稍后恢复；单次提问（/v1/ask）仍可使用。",
                "The records database is unreachable; conversations will be back shortly "
                "(/v1/ask still answers).",
            ),
            503,
        )

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, err: ApiError) -> JSONResponse:
        return SafeJSONResponse(_error_body(err.code, err.zh, err.en, err.details), err.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, err: RequestValidationError) -> JSONResponse:
        if any(e.get("type") == "json_invalid" for e in err.errors()):
            return _unreadable()
        details = [
            {
                "field": shown(".".join(str(p) for p in e["loc"][1:]) or "body"),
                "problem": shown(e["msg"], 200),
            }
            for e in err.errors()
        ]
        return SafeJSONResponse(
            _error_body(
                "invalid_request",
                "请求内容不符合要求："
                + "；".join(f"{d['field']}（{d['problem']}）" for d in details),
                "Invalid request: " + "; ".join(f"{d['field']}: {d['problem']}" for d in details),
                details,
            ),
            422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, err: StarletteHTTPException) -> JSONResponse:
        if err.status_code == 400:  # FastAPI could not read the body (bad UTF-8 and the like)
            return _unreadable()
        zh = {404: "没有这个地址。", 405: "不支持这种请求方法。"}.get(err.status_code, "请求错误。")
        return SafeJSONResponse(
            _error_body(f"http_{err.status_code}", zh, shown(err.detail, 200)),
            err.status_code,
            headers=getattr(err, "headers", None),
        )

    errors = {
        400: {"model": ErrorBody},
        401: {"model": ErrorBody},
        413: {"model": ErrorBody},
        415: {"model": ErrorBody},
        422: {"model": ErrorBody},
    }
    keyed = [Depends(require_key)]
    # The three routes that answer (ask, a conversation's message, 政策体检) share one shape.
    answer_route = partial(
        app.post, response_model=AnswerResponse, dependencies=keyed, tags=["answers"]
    )

    @app.get(
        "/healthz",
        response_model=Health,
        responses={503: {"model": Health, "description": "the records database is unreachable"}},
        tags=["ops"],
    )
    def healthz() -> Any:
        try:
            records = _records()
            with records.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as err:
            _database_lost(request_app=app, err=err)
            body = Health(
                status="degraded",
                database="unreachable",
                engine_version=engine_version(),
                spooled_turns=spool.pending(),
            )
            return SafeJSONResponse(body.model_dump(), 503)
        _DB_STATE["ok"] = True
        return Health(
            status="ok",
            database=records.engine.dialect.name,
            engine_version=engine_version(),
            spooled_turns=spool.pending(),
        )

    @answer_route("/v1/ask", responses=errors)
    def ask(body: AskRequest, request: Request) -> dict[str, Any]:
        """One question, no memory (the CLI's ``ask --json``)."""
        reply = _engine(request).reply(Conversation(), body.question)
        return _answer(reply, None, _record(request, body.question, reply, "api"))

    @app.post(
        "/v1/conversations",
        response_model=ConversationCreated,
        status_code=201,
        dependencies=keyed,
        tags=["answers"],
    )
    def new_conversation() -> ConversationCreated:
        return ConversationCreated(conversation_id=_records().new_conversation("api"))

    @answer_route(
        "/v1/conversations/{conversation_id}/messages",
        responses={**errors, 404: {"model": ErrorBody}},
    )
    def message(conversation_id: str, body: MessageRequest, request: Request) -> dict[str, Any]:
        """One message of a conversation; what was said before is remembered (in the database)."""
        engine = _engine(request)
        done = None
        if CONVERSATION_ID.fullmatch(conversation_id):  # a NUL never reaches the database
            done = _records().converse(conversation_id, body.message, engine.reply, channel="api")
        if done is None:
            cid = shown(conversation_id)
            raise ApiError(
                404,
                "conversation_not_found",
                f"没有编号为 {cid} 的对话，请先 POST /v1/conversations。",
                f"No conversation {cid}; POST /v1/conversations first.",
            )
        reply, turn_id = done
        return _answer(reply, conversation_id, turn_id)

    @answer_route("/v1/check", responses=errors)
    def check(body: CheckRequest, request: Request) -> dict[str, Any]:
        """政策体检: every measure that may apply to an applicant, from stated facts; several
        items of one measure (``matters``) each computed, with the yearly caps they share."""
        try:
            reply = run_check(_engine(request), body)
        except CheckError as err:
            raise ApiError(err.status, err.code, err.zh, err.en) from None
        turn_id = _record(request, f"[政策体检] {body.applicant}", reply, "check")
        return _answer(reply, None, turn_id)

    @app.post(
        "/v1/match",
        response_model=MatchResponse,
        responses=errors,
        dependencies=keyed,
        tags=["batch"],
    )
    def match(body: MatchRequest) -> MatchResponse:
        """Batch matching: each row (an applicant) → its measures; bad cells are listed."""

        by_header = batch.header_names()  # the body was normalised, and so are these
        rows = []
        for i, row in enumerate(body.rows, start=1):
            cells = {}
            for key, value in row.items():
                name = by_header.get(key)
                if name is None:
                    raise ApiError(
                        400,
                        "unknown_column",
                        f"第 {i} 行有无法识别的列「{shown(key)}」。",
                        f"Row {i} has an unknown column {shown(key)!r}.",
                    )
                cells[name] = value
            rows.append((i, cells))
        result = batch.match_rows(rows)
        return MatchResponse(
            rows=result.rows,
            matches=[m.as_dict() for m in result.matches],
            errors=[e.__dict__ for e in result.errors],
            summary=dict(result.summary()),
        )

    @app.get("/v1/measures", response_model=MeasureList, dependencies=keyed, tags=["policy"])
    def measures() -> MeasureList:
        from corpus.clauses import load_policy

        return MeasureList(
            measures=[_measure(c) for c in load_policy().clauses],
            applicants=dict(APPLICANT_NAMES),
        )

    @app.get(
        "/v1/measures/{clause}",
        response_model=MeasureDetail,
        responses={404: {"model": ErrorBody}},
        dependencies=keyed,
        tags=["policy"],
    )
    def measure(clause: str) -> MeasureDetail:
        """One clause by label: ``（三）``, ``三``, ``3`` or ``附则``."""
        from calculators.registry import RULES, rule_parameters
        from corpus.clauses import load_policy

        label = clause_label(clause)
        try:
            found = load_policy().clause(label or "")
        except KeyError:
            raise ApiError(
                404,
                "clause_not_found",
                f"没有条款「{shown(clause)}」（可用：（一）…（十四）、附则）。",
                f"No clause {shown(clause)!r} (use 1…14 or 附则).",
            ) from None
        params = [
            {
                "name": p.name,
                "value": str(p.value),
                "unit": p.unit,
                "quote": p.quote,
                "kind": getattr(p, "kind", None),
            }
            for r in RULES.values()
            if r.clause == found.label
            for p in rule_parameters(r.id)
        ]
        base = _measure(found)
        return MeasureDetail(
            **base.model_dump(),
            text=found.body,
            parameters=list({p["name"]: p for p in params}.values()),
        )

    plain_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        schema = plain_openapi()
        schema["info"]["x-max-body-bytes"] = limit
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> str:
        return docs_page(app.openapi())

    return app


def _unreadable() -> JSONResponse:
    return SafeJSONResponse(
        _error_body(
            "unreadable_body",
            "请求体无法读取：应为完整的、UTF-8 编码的 JSON。",
            "Unreadable body: it must be complete UTF-8 JSON.",
        ),
        400,
    )


def _database_lost(request_app: Any, err: BaseException) -> None:
    """Note the database as away and wake the reconnector."""
    if _DB_STATE["ok"]:
        log.warning("database unreachable (%s)", _why(err))
    _DB_STATE["ok"] = False
    reconnector = getattr(request_app.state, "reconnector", None)
    if reconnector is not None:
        reconnector.kick()


def _record(request: Request, question: str, reply: Any, channel: str) -> str | None:
    """The turn's id once the turn cannot be lost: spooled on disk and queued for the writer
    thread (the reply does not wait for the database), or, when the queue is full, recorded
    now, or kept in the spool until the database is back. None: the turn was not kept."""
    turn = spool.Turn.answered(uuid.uuid4().hex, question, reply, channel)
    writer = getattr(request.app.state, "writer", None)
    if writer is not None and writer.keep(turn):
        return turn.turn_id
    try:
        turn.write(_records())
        return turn.turn_id
    except Exception as err:  # an answer is still worth giving when the records are down
        _database_lost(request.app, err)
        log.warning("turn %s spooled: database unreachable (%s)", turn.turn_id, _why(err))
        return turn.turn_id if spool.add(turn) else None


def _answer(reply: Any, conversation_id: str | None, turn_id: str | None) -> dict[str, Any]:
    """An AnswerResponse body: the reply's blocks plus where the turn was recorded."""
    return {**reply.to_json_dict(), "conversation_id": conversation_id, "turn_id": turn_id}


def clause_label(text: str) -> str | None:
    """The one parser of a clause label as people type it → the label as the text writes it.

    "3", "３", "03", "三", "（三）", "(三)", "第三条", "第3项", "附则" are read; anything else
    (a superscript "³" or a circled "①", whose ``isdigit()`` is true but ``int()`` raises, a
    number out of 1…14) is None, which the API answers with 404.
    """
    word = text.strip().translate(WIDE_DIGITS)
    word = re.sub(r"^第|[条项款]$", "", word).strip().strip("()（）").strip()
    if word == "附则":
        return word
    if re.fullmatch(r"[0-9]{1,2}", word):
        n = int(word)
        if not 1 <= n <= 14:
            return None
        word = CN_NUMERALS[n] if n <= 10 else "十" + CN_NUMERALS[n - 10]
    if re.fullmatch(r"十?[一二三四五六七八九]|十", word):
        return f"（{word}）"
    return None


def _measure(clause: Any) -> MeasureSummary:
    from calculators.registry import RULES

    rules = []
    for r in RULES.values():
        if r.clause != clause.label:
            continue
        facts = [
            FactInfo(
                name=name,
                label=r.label(name),
                required=r.fact(name).required,
                description=r.fact(name).description,
            )
            for name in r.facts
        ]
        rules.append(RuleInfo(id=r.id, name=r.name, applicants=sorted(r.applicants), facts=facts))
    return MeasureSummary(
        clause=clause.label,
        title=clause.title,
        section=clause.section,
        units=list(clause.units),
        rules=rules,
    )


def docs_page(schema: dict[str, Any]) -> str:
    """A self-contained HTML reference: every path with its summary and request body."""
    e = html.escape
    parts = [
        "<!doctype html><meta charset='utf-8'><title>API</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "code,pre{background:#f4f4f4;padding:2px 4px}pre{padding:8px;overflow:auto}</style>",
        f"<h1>{e(schema['info']['title'])}</h1><p>{e(schema['info'].get('description', ''))}</p>",
        "<p>OpenAPI: <a href='/openapi.json'>/openapi.json</a>. "
        "配置了 JCG_API_KEYS 时，/v1 请求需带请求头 <code>X-API-Key</code>。</p>",
    ]
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            parts.append(f"<h2><code>{e(method.upper())} {e(path)}</code></h2>")
            if op.get("description") or op.get("summary"):
                parts.append(f"<p>{e(op.get('description') or op.get('summary'))}</p>")
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref", "")
            if ref:
                name = ref.rsplit("/", 1)[-1]
                model = schema["components"]["schemas"].get(name, {})
                parts.append(
                    f"<p>请求体 {e(name)}:</p><pre>"
                    f"{e(json.dumps(model.get('properties', {}), ensure_ascii=False, indent=1))}"
                    "</pre>"
                )
    parts.append(
        "<h2>示例</h2><pre>curl -s -X POST http://127.0.0.1:8000/v1/ask "
        "-H 'Content-Type: application/json' -d '{\"question\": \"中试基地服务收入300万能拿多少？\"}'</pre>"
    )
    return "\n".join(parts)


app = create_app()
