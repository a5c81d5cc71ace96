"""Command-line overrides: `--set KEY=VALUE` (guardrails, checked against the registry) and
`--agent ID=POLICY` (which policy sits in an agent's seat)."""

import yaml

from agents.policies import POLICIES
from forum.guardrails import registry


class OverrideError(ValueError):
    pass


def parse_overrides(pairs: list[str] | None) -> dict:
    overrides = {}
    for pair in pairs or []:
        key, value = _split(pair, "--set", "KEY=VALUE")
        try:
            overrides[key] = registry.get(key).coerce(value)
        except KeyError as error:
            raise OverrideError(str(error).strip("'\"")) from None
        except ValueError as error:
            raise OverrideError(f"--set {key}: {error}") from None
    return overrides


def parse_agent_policies(pairs: list[str] | None) -> dict[str, str]:
    """`["helper=reader"]` → {"helper": "reader"}; the policy must be a known one."""
    policies = {}
    for pair in pairs or []:
        actor, policy = _split(pair, "--agent", "ID=POLICY")
        if not policy:
            raise OverrideError(f"--agent expects ID=POLICY, got {pair!r}")
        if policy not in POLICIES:
            raise OverrideError(f"--agent {actor}: unknown policy {policy!r}; known policies: "
                                f"{', '.join(sorted(POLICIES))}")
        policies[actor] = policy
    return policies


def _split(pair: str, option: str, form: str) -> tuple[str, str]:
    key, sep, value = pair.partition("=")
    if not sep or not key.strip():
        raise OverrideError(f"{option} expects {form}, got {pair!r}")
    return key.strip(), value.strip()


def with_agent_policies(loaded, policies: dict[str, str]):
    """The scenario with these agents' policies replaced. It is a different scenario (its
    text, and so its digest, differ), so its runs are never confused with the original's."""
    from scenarios.format import parse_scenario

    if not policies:
        return loaded
    data = yaml.safe_load(loaded.text)
    for actor, policy in sorted(policies.items()):
        spec = loaded.scenario.actors.get(actor)
        if spec is None or spec.behaviour != "agent":
            agents = ", ".join(a for a, s in loaded.scenario.actors.items()
                               if s.behaviour == "agent") or "none"
            raise OverrideError(f"--agent {actor}: no agent actor of that name in "
                                f"{loaded.scenario.name} (agents: {agents})")
        data["actors"][actor]["policy"] = policy
    return parse_scenario(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                          loaded.file)


def load_with_overrides(scenario: str, pairs: list[str] | None,
                        agent_pairs: list[str] | None = None):
    """A command's scenario (with `--agent` policies) and `--set` pairs, or a CommandError
    that says what is wrong."""
    from django.core.management.base import CommandError

    from scenarios.format import ScenarioError, load_scenario

    try:
        loaded = with_agent_policies(load_scenario(scenario), parse_agent_policies(agent_pairs))
        return loaded, parse_overrides(pairs)
    except ScenarioError as error:
        raise CommandError(f"invalid scenario:\n{error}") from None
    except OverrideError as error:
        raise CommandError(str(error)) from None
