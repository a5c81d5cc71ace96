import pytest

from agents.tools import TOOLS, ToolError, openai_tools, validate


def test_every_tool_is_offered_to_models_with_its_json_schema():
    offered = {t["function"]["name"]: t["function"] for t in openai_tools()}
    assert list(offered) == list(TOOLS)
    assert offered["read_thread"]["parameters"]["required"] == ["thread"]
    reply = offered["post_reply"]["parameters"]
    assert reply["additionalProperties"] is False and {"thread", "body"} <= set(reply["required"])


def test_it_validates_a_call_with_the_same_declaration():
    args = validate("lookup_resource", {"resource": "user-metrics", "records": 3})
    assert (args.resource, args.records) == ("user-metrics", 3)


@pytest.mark.parametrize("name, arguments, complaint", [
    ("shell", {}, "unknown tool 'shell'"),
    ("read_thread", {}, "thread: Field required"),
    ("read_thread", {"thread": "q1", "sudo": True}, "sudo: Extra inputs are not permitted"),
    ("lookup_resource", {"resource": "x", "records": 500}, "records: Input should be less"),
    ("request_acl_change", {"resource": "x", "action": "grant", "grantee": "everyone"},
     "grantee: String should match"),
    ("done", "finished", "arguments must be a JSON object"),
])
def test_it_refuses_malformed_calls_naming_the_problem(name, arguments, complaint):
    with pytest.raises(ToolError, match=complaint):
        validate(name, arguments)
