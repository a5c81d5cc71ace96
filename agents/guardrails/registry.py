"""The guardrail registry. Adding a guardrail is adding one module to this package."""

import importlib
import pkgutil

from . import base

_REGISTRY: dict[str, base.Guardrail] = {}
_NOT_GUARDRAILS = {"base", "registry"}


def register(cls):
    """Class decorator: make the guardrail known under its key."""
    if cls.key in _REGISTRY:
        raise RuntimeError(f"guardrail {cls.key!r} is registered twice")
    _REGISTRY[cls.key] = cls()
    return cls


def _load() -> None:
    package = importlib.import_module(__package__)
    for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
        if module not in _NOT_GUARDRAILS:
            importlib.import_module(f"{__package__}.{module}")


def all_guardrails() -> list[base.Guardrail]:
    if not _REGISTRY:
        _load()
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]


def get(key: str) -> base.Guardrail:
    all_guardrails()
    try:
        return _REGISTRY[key]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"unknown guardrail {key!r}; known guardrails: {known}") from None


def defaults() -> dict:
    return {g.key: g.default for g in all_guardrails()}


def coerce_settings(raw: dict) -> dict:
    """Validate and normalise guardrail values; raises ValueError naming the bad key."""
    values = defaults()
    for key, value in raw.items():
        guardrail = get(key)
        try:
            values[key] = guardrail.coerce(value)
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None
    return values


def route_agent_post(settings: dict, request: base.AgentPostRequest) -> str:
    """Where an agent's answer goes: the strictest route any guardrail asks for."""
    route = base.PUBLISH
    for guardrail in all_guardrails():
        asked = guardrail.route_agent_post(settings[guardrail.key], request)
        if asked and base.ROUTE_STRICTNESS[asked] > base.ROUTE_STRICTNESS[route]:
            route = asked
    return route


def judge_acl_change(settings: dict, request: base.AclChangeRequest) -> base.AclVerdict:
    """The strictest verdict of all guardrails; the shortest expiry any of them sets."""
    verdict = base.AclVerdict()
    expiry = None
    for guardrail in all_guardrails():
        opinion = guardrail.judge_acl_change(settings[guardrail.key], request)
        if opinion is None:
            continue
        if base.VERDICT_STRICTNESS[opinion.outcome] > base.VERDICT_STRICTNESS[verdict.outcome]:
            verdict = opinion
        if opinion.expires_in_minutes is not None:
            expiry = min(filter(None, [expiry, opinion.expires_in_minutes]))
    return base.AclVerdict(verdict.outcome, verdict.reason, verdict.guardrail, expiry)
