"""A fake OpenAI-compatible chat-completions server on loopback, answering from a script.

Tests point the official `openai` client at it (`base_url=server.url`) and exercise the
model policy without any hosted model. Standard library only; one thread per connection,
so slow answers (`latency`) never hold up other requests.

A script decides each reply. A *turn* is one of:

- a string: the final answer (`finish_reason: "stop"`);
- `(name, arguments)`: one tool call; `arguments` is a dict (sent as JSON) or a raw
  string (sent as is, so `'{"thread": '` gives the client malformed JSON);
- a list of such pairs: several tool calls in one reply.

The script is either a list of turns, indexed by the conversation's own progress (see
`turn_index`), so many conversations can share one server, or a callable
`script(request, n) -> turn` that may look at the transcript (`last_tool_result`).

    with FakeLLM([("list_threads", {}), ("read_thread", {"thread": "q1"}), "Done."]) as llm:
        client = llm.client()            # openai.OpenAI(base_url=llm.url, ...)

As a fixture: `with FakeLLM(script) as llm: yield llm`.
"""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

CHAT_PATH = "/v1/chat/completions"
MAX_BODY = 5 * 1024 * 1024  # larger requests get 413
DRAIN_LIMIT = 64 * 1024 * 1024  # up to this, an oversized body is read and dropped, so
# the client can read the 413 instead of a connection reset
CREATED = 1735689600  # a fixed `created`, so recorded replies are reproducible
FAULT_PREFIX = "call_fault_"  # ids of injected tool calls; they do not advance the script
MALFORMED_CALL = ("read_thread", '{"thread": "q1"')
NEVER_FINISH_CALL = ("list_threads", {})

# status -> (message, type, code), as OpenAI words them
FAILURES = {
    429: ("Rate limit reached for requests. Please try again shortly.", "requests",
          "rate_limit_exceeded"),
    500: ("The server had an error while processing your request.", "server_error",
          "server_error"),
    502: ("Bad gateway.", "server_error", "bad_gateway"),
    503: ("The server is overloaded or not ready yet.", "server_error", "overloaded"),
}


def turn_index(request: dict) -> int:
    """Which scripted turn a conversation is at: its assistant messages so far, leaving out
    replies the server injected (`malformed_next`, `never_finish`)."""
    return sum(1 for m in request["messages"] if m.get("role") == "assistant" and not _injected(m))


def last_tool_result(request: dict) -> str | None:
    """The content of the conversation's latest tool message, or None before any."""
    tools = [m for m in request["messages"] if m.get("role") == "tool"]
    return _text(tools[-1].get("content")) if tools else None


class FakeLLM:
    """The server. Switches are plain attributes, settable at construction or while running:

    - `latency`: seconds each request waits before its answer (a slow model; benchmarks).
    - `expected_key`: when set, `Authorization: Bearer <key>` must match, else 401.
    - `never_finish`: every answer is another tool call (an agent that never stops).
    - `context_limit`: characters of message text above which the answer is 400
      `context_length_exceeded` (a transcript too long for the model).

    and two queues, `fail_next` (transient API errors) and `malformed_next` (unparsable
    tool-call arguments). Script errors answer 500 with `x-should-retry: false` and are
    kept in `.errors`.
    """

    def __init__(self, script=(), *, latency: float = 0.0, expected_key: str | None = None,
                 never_finish: bool = False, context_limit: int | None = None,
                 max_body: int = MAX_BODY):
        self.script = script
        self.latency = latency
        self.expected_key = expected_key
        self.never_finish = never_finish
        self.context_limit = context_limit
        self.max_body = max_body
        self.errors: list[Exception] = []
        self._lock = threading.Lock()
        self._requests: list[dict] = []
        self._failures: list[tuple[int, float]] = []
        self._malformed = 0
        self._stopping = threading.Event()
        self._server = None
        self._thread = None

    @property
    def script(self):
        return self._script

    @script.setter
    def script(self, script):
        """A list of turns or a callable; settable while the server runs."""
        self._script = script if callable(script) else _list_script(list(script))

    # lifecycle

    def start(self) -> "FakeLLM":
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name="fake-llm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: sleeping answers are dropped, open connections closed, the port
        released (later connections are refused) and every server thread joined."""
        if self._server is None or self._stopping.is_set():
            return
        self._stopping.set()
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        self._thread.join()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def client(self, **options):
        """An `openai.OpenAI` client for this server; no retries and a 10 s timeout unless
        given."""
        import openai

        options.setdefault("api_key", self.expected_key or "sk-fake")
        options.setdefault("max_retries", 0)
        options.setdefault("timeout", 10.0)
        return openai.OpenAI(base_url=self.url, **options)

    # what arrived

    @property
    def requests(self) -> list[dict]:
        """Every parsed request body, in arrival order (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def count(self) -> int:
        with self._lock:
            return len(self._requests)

    # faults

    def fail_next(self, status: int, n: int = 1, retry_after: float = 0.05) -> None:
        """Answer the next `n` requests with `status` (429, 500, 502 or 503) and an
        OpenAI-style error body; a 429 says how long to wait (`retry-after`)."""
        if status not in FAILURES:
            raise ValueError(f"fail_next supports {sorted(FAILURES)}, not {status}")
        with self._lock:
            self._failures.extend([(status, retry_after)] * n)

    def malformed_next(self, n: int = 1) -> None:
        """Answer the next `n` requests with a tool call whose arguments are not JSON. The
        reply is inserted before the conversation's next scripted turn, not instead of it."""
        with self._lock:
            self._malformed += n

    # answering

    def answer(self, authorization: str | None, body: bytes):
        """(status, payload, headers) for one chat-completions request; None when the
        server stopped while the request waited."""
        try:
            request = json.loads(body)
        except ValueError:
            return _error(400, "We could not parse the JSON body of your request.",
                          "invalid_request_error", "invalid_json")
        messages = request.get("messages") if isinstance(request, dict) else None
        if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
            return _error(400, "'messages' must be a list of message objects.",
                          "invalid_request_error", "invalid_messages")
        with self._lock:
            self._requests.append(request)
            n = len(self._requests)
        if self.expected_key is not None and authorization != f"Bearer {self.expected_key}":
            return _error(401, "Incorrect API key provided.", "invalid_request_error",
                          "invalid_api_key")
        if self._stopping.wait(self.latency):
            return None
        return self._fault(request) or self._completion(request, n)

    def _fault(self, request):
        """An injected failure, or the context-limit refusal; None when the request may be
        answered."""
        with self._lock:
            status, retry_after = self._failures.pop(0) if self._failures else (None, 0)
        if status:
            headers = [("retry-after", str(max(1, round(retry_after)))),
                       ("retry-after-ms", str(int(retry_after * 1000)))] if status == 429 else []
            return _error(status, *FAILURES[status], headers=headers)
        chars = sum(len(text) for text in _texts(request["messages"]))
        if self.context_limit is not None and chars > self.context_limit:
            return _error(400, f"This model's maximum context length is {self.context_limit} "
                          f"characters. However, your messages resulted in {chars} characters.",
                          "invalid_request_error", "context_length_exceeded")
        return None

    def _completion(self, request, n):
        try:
            turn, injected = self._next_turn(request)
            message, finish = _message(turn, injected, _assistant_count(request))
        except Exception as error:  # the script's bug, reported to the test, not retried
            self.errors.append(error)
            return _error(500, f"script error: {error!r}", "server_error", "script_error",
                          headers=[("x-should-retry", "false")])
        prompt = sum(_words(text) for text in _texts(request["messages"]))
        completion = sum(_words(text) for text in _texts([message]))
        return 200, {
            "id": f"chatcmpl-fake-{n}", "object": "chat.completion", "created": CREATED,
            "model": request.get("model", "fake"),
            "choices": [{"index": 0, "message": message, "logprobs": None,
                         "finish_reason": finish}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion,
                      "total_tokens": prompt + completion},
        }, [("x-request-id", f"req_fake_{n}")]

    def _next_turn(self, request):
        with self._lock:
            malformed, self._malformed = self._malformed > 0, max(0, self._malformed - 1)
        if malformed:
            return MALFORMED_CALL, True
        if self.never_finish:
            return NEVER_FINISH_CALL, True
        return self.script(request, turn_index(request)), False


def _list_script(turns):
    def script(_request, n):
        if n >= len(turns):
            raise IndexError(f"the script has {len(turns)} turns; the conversation is at {n}")
        return turns[n]
    return script


def _message(turn, injected, position):
    if isinstance(turn, str):
        return {"role": "assistant", "content": turn}, "stop"
    calls = [turn] if isinstance(turn, tuple) else list(turn)
    prefix = f"{FAULT_PREFIX if injected else 'call_'}{position}_"
    tool_calls = [{"id": f"{prefix}{i}", "type": "function",
                   "function": {"name": name, "arguments":
                                args if isinstance(args, str) else json.dumps(args)}}
                  for i, (name, args) in enumerate(calls)]
    if not tool_calls:
        raise ValueError(f"a turn is a string, a (name, arguments) pair or a list of pairs: "
                         f"{turn!r}")
    return {"role": "assistant", "content": None, "tool_calls": tool_calls}, "tool_calls"


def _error(status, message, type_, code, headers=()):
    return status, {"error": {"message": message, "type": type_, "param": None,
                              "code": code}}, list(headers)


def _injected(message):
    calls = message.get("tool_calls") or []
    return bool(calls) and all(str(c.get("id", "")).startswith(FAULT_PREFIX) for c in calls)


def _assistant_count(request):
    return sum(1 for m in request["messages"] if m.get("role") == "assistant")


def _text(content):
    if isinstance(content, list):  # content parts
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return content if isinstance(content, str) else ""


def _texts(messages):
    """The text a model would read: contents, tool names and arguments."""
    for m in messages:
        yield _text(m.get("content"))
        for call in m.get("tool_calls") or []:
            function = call.get("function") or {}
            yield f"{function.get('name', '')} {function.get('arguments', '')}"


def _words(text):
    return len(text.split())


class _Server(ThreadingHTTPServer):
    """Tracks its connections and their threads, so `stop` can close and join them."""

    daemon_threads = True
    block_on_close = False  # FakeLLM.stop joins the threads itself, after closing sockets
    request_queue_size = 128  # 32 clients connecting at once must not overflow the backlog

    def __init__(self, llm):
        self.llm = llm
        self.live: dict[socket.socket, threading.Thread] = {}
        self.live_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request, client_address):
        thread = threading.Thread(target=self.process_request_thread,
                                  args=(request, client_address), name="fake-llm-conn",
                                  daemon=True)
        with self.live_lock:
            self.live[request] = thread
        thread.start()

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.live_lock:
                self.live.pop(request, None)

    def close_connections(self):
        with self.live_lock:
            live = list(self.live.items())
        for sock, _ in live:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a handler waiting on keep-alive
            except OSError:
                pass
        for _, thread in live:
            thread.join(timeout=5)

    def handle_error(self, request, client_address):
        pass  # a client that went away, or a connection closed by stop()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the openai client expects
    timeout = 60  # an idle keep-alive connection gives its thread back
    disable_nagle_algorithm = True  # else headers and body wait on a delayed ACK (~40 ms)

    def do_POST(self):
        body = self._read_body()
        if body is None:
            return
        if urlsplit(self.path).path != CHAT_PATH:
            return self._not_found()
        reply = self.server.llm.answer(self.headers.get("Authorization"), body)
        if reply is None:
            self.close_connection = True
            return
        self._send(*reply)

    def _not_found(self):
        self._send(*_error(404, f"Invalid URL ({self.command} {self.path})",
                           "invalid_request_error", "unknown_url"))

    def do_other(self):
        self.close_connection = True  # any body is left unread
        self._not_found()

    do_GET = do_PUT = do_PATCH = do_DELETE = do_other

    def _read_body(self):
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            self.close_connection = True
            self._send(*_error(411, "A Content-Length is required.", "invalid_request_error",
                               "length_required"))
            return None
        if int(length) > self.server.llm.max_body:
            self._drain(int(length))
            self.close_connection = True
            self._send(*_error(413, f"The request body exceeds {self.server.llm.max_body} "
                               "bytes.", "invalid_request_error", "request_too_large"))
            return None
        return self.rfile.read(int(length))

    def _drain(self, length):
        remaining = length if length <= DRAIN_LIMIT else 0
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 16))
            if not chunk:
                break
            remaining -= len(chunk)

    def _send(self, status, payload, headers=()):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass
