"""The guardrail registry. The agents app registers its guardrail modules at start-up;
the forum asks the registry, never a module, so adding a guardrail is adding one module."""

from . import contract
from .settings import GuardrailSettings

_REGISTRY: dict[str, contract.Guardrail] = {}


def register(cls):
    """Class decorator: make the guardrail known under its key."""
    if cls.key in _REGISTRY:
        raise RuntimeError(f"guardrail {cls.key!r} is registered twice")
    _REGISTRY[cls.key] = cls()
    return cls


def unregister(key: str) -> None:
    """Forget a guardrail (tests register throw-away ones)."""
    _REGISTRY.pop(key, None)


def all_guardrails() -> list[contract.Guardrail]:
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]


def get(key: str) -> contract.Guardrail:
    try:
        return _REGISTRY[key]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"unknown guardrail {key!r}; known guardrails: {known}") from None


def defaults() -> dict:
    return {g.key: g.default for g in all_guardrails()}


def coerce_values(raw: dict) -> dict:
    """Validate and normalise some guardrail values (`--set`, a form, a grid point);
    raises ValueError naming the bad key."""
    values = {}
    for key, value in raw.items():
        guardrail = get(key)
        try:
            values[key] = guardrail.coerce(value)
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None
    return values


def coerce_settings(raw: dict) -> GuardrailSettings:
    """Every guardrail's value: the defaults, then `raw` coerced. Done once, at the boundary."""
    return GuardrailSettings({**defaults(), **coerce_values(raw)})


def strongest_settings() -> GuardrailSettings:
    """Every guardrail switched on, at its strongest value."""
    return GuardrailSettings({g.key: g.strongest for g in all_guardrails()})


def route_agent_post(settings, request: contract.AgentPostRequest) -> tuple[str, str]:
    """Where an agent's answer goes: the strictest route any guardrail asks for, and which."""
    route, by = contract.PUBLISH, ""
    for guardrail in all_guardrails():
        asked = guardrail.route_agent_post(settings[guardrail.key], request)
        if asked and contract.ROUTE_STRICTNESS[asked] > contract.ROUTE_STRICTNESS[route]:
            route, by = asked, guardrail.key
    return route, by


def _strictest(opinions) -> contract.Verdict:
    verdict = contract.Verdict()
    for opinion in opinions:
        if contract.VERDICT_STRICTNESS[opinion.outcome] > contract.VERDICT_STRICTNESS[
                verdict.outcome]:
            verdict = opinion
    return verdict


def judge_acl_change(settings, request: contract.AclChangeRequest) -> contract.Verdict:
    """The strictest verdict of all guardrails; the shortest expiry any of them sets."""
    opinions = [o for g in all_guardrails()
                if (o := g.judge_acl_change(settings[g.key], request)) is not None]
    verdict = _strictest(opinions)
    expiries = [o.expires_in_minutes for o in opinions if o.expires_in_minutes is not None]
    return contract.Verdict(verdict.outcome, verdict.reason, verdict.guardrail,
                            min(expiries) if expiries else None)


def judge_tool_call(settings, request: contract.ToolCallRequest) -> contract.Verdict:
    """The strictest verdict of all guardrails on one agent tool call."""
    return _strictest(o for g in all_guardrails()
                      if (o := g.judge_tool_call(settings[g.key], request)) is not None)
