"""A fake OpenAI-compatible chat server on 127.0.0.1, for the LLM path's tests.

The request's ``model`` picks the behaviour:

- ``say`` — answers with the next scripted completion (``server.script``), which may be a
  string or ``{"tool": name, "args": {...}}`` for a tool call;
- ``hang`` — never answers (until the server stops);
- ``error500`` — HTTP 500;
- ``garbage`` — HTTP 200 with a body that is not JSON;
- ``empty`` — a completion with no choices.

Every request body is kept in ``server.requests`` so tests can check what was sent.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeOpenAI(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script: deque[Any] = deque()
        self.requests: list[bytes] = []
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()


def _completion(model: str, message: dict[str, Any]) -> dict[str, Any]:
    finish = "tool_calls" if message.get("tool_calls") else "stop"
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


class _Handler(BaseHTTPRequestHandler):
    server: FakeOpenAI

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append(body)
        model = json.loads(body).get("model", "say")
        if model == "hang":
            self.server.stopping.wait(60)
            return
        if model == "error500":
            self._send(500, b'{"error": {"message": "boom", "type": "server_error"}}')
            return
        if model == "garbage":
            self._send(200, b"\x00\xffnot json at all {{{", "application/json")
            return
        if model == "empty":
            self._send(200, json.dumps({"id": "x", "object": "chat.completion"}).encode())
            return
        item = self.server.script.popleft() if self.server.script else "（无脚本）"
        if isinstance(item, dict) and "tool" in item:
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call-1",
                        "type": "function",
                        "function": {"name": item["tool"], "arguments": json.dumps(item["args"])},
                    }
                ],
            }
        else:
            message = {"role": "assistant", "content": item}
        self._send(200, json.dumps(_completion(model, message), ensure_ascii=False).encode())
