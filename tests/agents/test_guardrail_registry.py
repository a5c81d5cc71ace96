import pytest

from forum.guardrails import Guardrail, all_guardrails, coerce_settings, defaults


def test_it_lists_every_guardrail_module_in_key_order():
    keys = [g.key for g in all_guardrails()]
    assert keys == sorted(keys)
    assert {"agent.approval_required", "agent.autonomy", "ai.label_shown", "acl.policy_check",
            "acl.review_required", "acl.grant_expiry_minutes",
            "acl.alert_delay_minutes"} <= set(keys)


def test_it_fills_defaults_and_coerces_values():
    settings = coerce_settings({"acl.alert_delay_minutes": "15", "ai.label_shown": "yes"})
    assert settings["acl.alert_delay_minutes"] == 15.0
    assert settings["ai.label_shown"] is True
    assert set(settings) == set(defaults())


def test_it_names_the_key_of_a_bad_value():
    with pytest.raises(ValueError, match="agent.autonomy"):
        coerce_settings({"agent.autonomy": "yolo"})


def test_a_guardrail_must_say_how_to_read_its_value():
    class Incomplete(Guardrail):
        key, label, description, default = "x.incomplete", "Incomplete", "", None

    with pytest.raises(TypeError, match="coerce"):
        Incomplete()
