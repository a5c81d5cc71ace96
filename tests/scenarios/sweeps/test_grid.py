import pytest

from scenarios.sweeps.grid import GridError, expand, parse_grid


def test_it_coerces_values_through_the_guardrail_registry():
    grid = parse_grid(["agent.approval_required=false,TRUE", "acl.grant_expiry_minutes=off,60"])
    assert grid == {"agent.approval_required": [False, True],
                    "acl.grant_expiry_minutes": [None, 60.0]}


def test_it_expands_in_option_order_first_key_slowest():
    grid = parse_grid(["agent.autonomy=draft,post", "ai.label_shown=false,true"])
    assert expand(grid) == [
        {"agent.autonomy": "draft", "ai.label_shown": False},
        {"agent.autonomy": "draft", "ai.label_shown": True},
        {"agent.autonomy": "post", "ai.label_shown": False},
        {"agent.autonomy": "post", "ai.label_shown": True},
    ]


def test_an_empty_grid_is_one_point_of_defaults():
    assert expand(parse_grid([])) == [{}]


def test_it_rejects_an_unknown_key_and_lists_the_known_ones():
    with pytest.raises(GridError, match=r"unknown guardrail 'agent\.autonomyy'.*agent\.autonomy"):
        parse_grid(["agent.autonomyy=post"])


def test_it_rejects_a_bad_value_naming_key_and_value():
    with pytest.raises(GridError, match=r"agent\.autonomy: expected one of analyse, draft, "
                                        r"post, got 'sometimes'"):
        parse_grid(["agent.autonomy=post,sometimes"])


def test_it_rejects_a_negative_duration():
    with pytest.raises(GridError, match="positive number of minutes"):
        parse_grid(["acl.grant_expiry_minutes=-5"])


@pytest.mark.parametrize("option", ["agent.autonomy", "=post", "agent.autonomy="])
def test_it_rejects_an_option_without_key_or_values(option):
    with pytest.raises(GridError, match="expected KEY=V1,V2|empty value"):
        parse_grid([option])


def test_it_rejects_an_empty_value_between_commas():
    with pytest.raises(GridError, match="empty value"):
        parse_grid(["agent.autonomy=post,,draft"])


def test_it_rejects_a_key_given_twice():
    with pytest.raises(GridError, match="given twice"):
        parse_grid(["agent.autonomy=post", "agent.autonomy=draft"])


def test_it_rejects_values_that_coerce_to_the_same_setting():
    with pytest.raises(GridError, match="repeats a value"):
        parse_grid(["acl.grant_expiry_minutes=off,none"])
