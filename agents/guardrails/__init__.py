from .registry import all_guardrails, coerce_settings, defaults, get, register

__all__ = ["all_guardrails", "coerce_settings", "defaults", "get", "register"]
