"""The fake chat-completions server speaks the protocol well enough for the official
`openai` client: replies, errors and faults arrive as the client's own types."""

import http.client
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import openai
import pytest

from tests.llm_server import FakeLLM, last_tool_result

SCRIPT = [("list_threads", {}), ("read_thread", {"thread": "q1"}), "The answer is 42."]
USER = {"role": "user", "content": "What is the answer?"}


@pytest.fixture
def llm():
    with FakeLLM(SCRIPT, expected_key="sk-test") as server:
        yield server


def ask(client, messages=(USER,)):
    return client.chat.completions.create(model="fake-model", messages=list(messages))


def converse(client, tag="", limit=10):
    """Play an agent: answer every tool call with a result, until a final answer."""
    messages = [{"role": "user", "content": f"Question {tag}"}]
    for _ in range(limit):
        choice = ask(client, messages).choices[0]
        messages.append(choice.message.model_dump(exclude_none=True))
        if choice.finish_reason == "stop":
            return messages
        for call in choice.message.tool_calls:
            messages.append({"role": "tool", "tool_call_id": call.id,
                             "content": f"{tag} result of {call.function.name}"})
    return messages


def test_a_tool_call_turn_parses_into_tool_calls(llm):
    reply = ask(llm.client())
    assert reply.object == "chat.completion" and reply.model == "fake-model"
    assert reply.choices[0].finish_reason == "tool_calls"
    (call,) = reply.choices[0].message.tool_calls
    assert call.type == "function" and call.function.name == "list_threads"
    assert json.loads(call.function.arguments) == {}
    assert llm.count == 1 and llm.requests[0]["messages"] == [USER]


def test_it_plays_the_script_to_the_final_text(llm):
    messages = converse(llm.client())
    assert [m["tool_calls"][0]["function"]["name"] for m in messages if "tool_calls" in m] \
        == ["list_threads", "read_thread"]
    assert messages[-1] == {"role": "assistant", "content": "The answer is 42."}
    assert llm.count == 3


def test_it_reports_usage(llm):
    usage = ask(llm.client()).usage
    assert usage.prompt_tokens == 4  # "What is the answer?"
    assert usage.completion_tokens == 2  # "list_threads {}"
    assert usage.total_tokens == 6


def test_a_callable_script_reads_the_conversation():
    def script(request, n):
        result = last_tool_result(request)
        return ("read_thread", {"thread": "q1"}) if result is None else f"Saw: {result}"

    with FakeLLM(script) as server:
        messages = converse(server.client(), tag="A")
    assert messages[-1]["content"] == "Saw: A result of read_thread"


def test_it_rejects_a_wrong_key(llm):
    with pytest.raises(openai.AuthenticationError) as error:
        ask(llm.client(api_key="sk-wrong"))
    assert error.value.code == "invalid_api_key"


def test_it_rejects_other_paths_with_json_404(llm):
    with pytest.raises(openai.NotFoundError) as error:
        llm.client().embeddings.create(model="fake-model", input="hello")
    assert error.value.code == "unknown_url"


def test_it_rejects_a_body_over_5_mb(llm):
    host, port = llm.url.split("//")[1].split("/")[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("POST", "/v1/chat/completions", body=b" " * (5 * 1024 * 1024 + 1))
    response = connection.getresponse()
    assert response.status == 413
    assert json.loads(response.read())["error"]["code"] == "request_too_large"
    connection.close()


def test_a_rate_limit_raises_without_retries(llm):
    llm.fail_next(429)
    with pytest.raises(openai.RateLimitError) as error:
        ask(llm.client())
    assert error.value.response.headers["retry-after"] == "1"
    assert error.value.code == "rate_limit_exceeded"


def test_a_client_with_retries_gets_through_a_rate_limit(llm):
    llm.fail_next(429, 1)
    reply = ask(llm.client(max_retries=2))
    assert reply.choices[0].message.tool_calls[0].function.name == "list_threads"
    assert llm.count == 2


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_raises_internal_server_error(llm, status):
    llm.fail_next(status)
    with pytest.raises(openai.InternalServerError) as error:
        ask(llm.client())
    assert error.value.status_code == status
    assert ask(llm.client()).choices[0].finish_reason == "tool_calls"  # only the next one


def test_malformed_arguments_arrive_unparsable_and_do_not_use_up_the_script(llm):
    llm.malformed_next(1)
    messages = converse(llm.client())
    first = messages[1]["tool_calls"][0]["function"]["arguments"]
    with pytest.raises(json.JSONDecodeError):
        json.loads(first)
    assert messages[-1]["content"] == "The answer is 42."
    assert llm.count == 4


def test_never_finish_keeps_calling_tools(llm):
    llm.never_finish = True
    messages = converse(llm.client(), limit=6)
    calls = [m["tool_calls"][0]["function"]["name"] for m in messages if "tool_calls" in m]
    assert calls == ["list_threads"] * 6


def test_a_transcript_over_the_context_limit_is_a_bad_request(llm):
    llm.context_limit = 10
    with pytest.raises(openai.BadRequestError) as error:
        ask(llm.client())
    assert error.value.code == "context_length_exceeded"


def test_a_script_error_is_kept_and_not_retried(llm):
    with pytest.raises(openai.InternalServerError):
        for _ in range(4):
            ask(llm.client(max_retries=2), [USER, *[{"role": "assistant", "content": "x"}] * 3])
    assert llm.count == 1 and isinstance(llm.errors[0], IndexError)


def test_concurrent_conversations_each_follow_their_own_turns(llm):
    llm.latency = 0.05
    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(lambda tag: converse(llm.client(), tag=tag), ["A", "B"])
    for messages in (a, b):
        names = [m["tool_calls"][0]["function"]["name"] for m in messages if "tool_calls" in m]
        assert names == ["list_threads", "read_thread"]
        assert messages[-1]["content"] == "The answer is 42."


def test_latency_does_not_serialise_requests(llm):
    llm.latency = 0.3
    client = llm.client()
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda _: ask(client), range(8)))
    assert time.monotonic() - started < 1.5
    assert len(replies) == 8 and llm.count == 8


def test_after_stop_connections_are_refused():
    server = FakeLLM(SCRIPT).start()
    client = server.client()
    ask(client)  # leaves a keep-alive connection in the client's pool
    server.stop()
    with pytest.raises(openai.APIConnectionError):
        ask(client)
    assert not [t for t in threading.enumerate() if t.name.startswith("fake-llm")]


def test_stop_drops_a_request_that_is_still_waiting():
    server = FakeLLM(SCRIPT, latency=30).start()
    client = server.client()
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(ask, client)
        while server.count == 0:
            time.sleep(0.01)
        started = time.monotonic()
        server.stop()
        with pytest.raises(openai.APIConnectionError):
            pending.result(timeout=5)
    assert time.monotonic() - started < 2


def test_it_rejects_a_request_without_messages(llm):
    with pytest.raises(openai.BadRequestError) as error:
        llm.client().chat.completions.create(model="fake-model", messages="hello")
    assert error.value.code == "invalid_messages"
