"""OpenAICompatibleBackend against a real HTTP server on 127.0.0.1 speaking the OpenAI streaming format."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from retrieval.llm.base import ChatMessage, LLMBackend, LLMUnavailableError
from retrieval.llm.openai_compat import OpenAICompatibleBackend

PIECES = ["根据", "报告", "，", "朝天区", "2024年", "推进了法治政府建设。"]
API_KEY = "sk-test-123"


class _ChatServer(ThreadingHTTPServer):
    daemon_threads = True
    requests: list[dict[str, Any]]
    delay: float = 0.0

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (the timeout test) makes the late reply fail with a broken pipe: expected.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _ChatServer
    protocol_version = "HTTP/1.0"  # the body ends when the connection closes: no chunked encoding needed

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path != "/v1/chat/completions":
            self._json(404, {"error": {"message": "no such route", "type": "not_found"}})
            return
        if self.headers.get("Authorization") != f"Bearer {API_KEY}":
            self._json(401, {"error": {"message": "invalid api key", "type": "invalid_request_error"}})
            return
        self.server.requests.append(body)
        time.sleep(self.server.delay)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for chunk in _chunks(body["model"]):
            self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")


def _chunks(model: str) -> Iterator[dict[str, Any]]:
    """Chunks as OpenAI sends them: a role-only delta first, content deltas, then a finish_reason."""
    base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": model}
    yield {**base, "choices": [{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}]}
    for piece in PIECES:
        yield {**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
    yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}


@pytest.fixture
def server() -> Iterator[_ChatServer]:
    httpd = _ChatServer(("127.0.0.1", 0), _Handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _url(httpd: _ChatServer) -> str:
    return f"http://127.0.0.1:{httpd.server_address[1]}/v1"


MESSAGES = [ChatMessage("system", "只根据资料回答。"), ChatMessage("user", "朝天区做了什么？")]


def test_streams_pieces_in_order(server: _ChatServer) -> None:
    backend = OpenAICompatibleBackend(_url(server), "qwen-test", API_KEY)
    assert isinstance(backend, LLMBackend)
    assert list(backend.stream(MESSAGES, max_tokens=64, stop=["\n\n"])) == PIECES
    request = server.requests[0]
    assert request["model"] == "qwen-test"
    assert request["stream"] is True
    assert request["max_tokens"] == 64
    assert request["temperature"] == 0.0
    assert request["stop"] == ["\n\n"]
    assert request["messages"] == [m.as_dict() for m in MESSAGES]


def test_complete_joins_the_stream(server: _ChatServer) -> None:
    backend = OpenAICompatibleBackend(_url(server) + "/", "qwen-test", API_KEY)
    assert backend.complete(MESSAGES, max_tokens=64) == "".join(PIECES)
    assert "stop" not in server.requests[0]  # no stop list: the field is left out, not sent empty


def test_wrong_key_is_unavailable_with_url(server: _ChatServer) -> None:
    backend = OpenAICompatibleBackend(_url(server), "qwen-test", "sk-wrong")
    with pytest.raises(LLMUnavailableError, match="401") as info:
        backend.complete(MESSAGES, max_tokens=8)
    assert _url(server) in str(info.value)
    assert "API key" in str(info.value)


def test_wrong_route_is_unavailable(server: _ChatServer) -> None:
    backend = OpenAICompatibleBackend(_url(server).removesuffix("/v1"), "qwen-test", API_KEY)
    with pytest.raises(LLMUnavailableError, match="404"):
        backend.complete(MESSAGES, max_tokens=8)


def test_server_down_is_unavailable_with_url() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    backend = OpenAICompatibleBackend(url, "qwen-test", API_KEY, timeout=5)
    with pytest.raises(LLMUnavailableError, match="cannot reach") as info:
        list(backend.stream(MESSAGES, max_tokens=8))
    assert url in str(info.value)


def test_timeout_is_unavailable(server: _ChatServer) -> None:
    server.delay = 2.0
    backend = OpenAICompatibleBackend(_url(server), "qwen-test", API_KEY, timeout=0.3)
    started = time.perf_counter()
    with pytest.raises(LLMUnavailableError, match="did not answer in time") as info:
        backend.complete(MESSAGES, max_tokens=8)
    assert time.perf_counter() - started < 2.0  # no retries, no waiting for the slow server
    assert _url(server) in str(info.value)
