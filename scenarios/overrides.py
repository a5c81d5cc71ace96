"""`--set KEY=VALUE` on the command line: guardrail overrides, checked against the registry."""

from forum.guardrails import registry


class OverrideError(ValueError):
    pass


def parse_overrides(pairs: list[str] | None) -> dict:
    overrides = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise OverrideError(f"--set expects KEY=VALUE, got {pair!r}")
        try:
            overrides[key] = registry.get(key).coerce(value.strip())
        except KeyError as error:
            raise OverrideError(str(error).strip("'\"")) from None
        except ValueError as error:
            raise OverrideError(f"--set {key}: {error}") from None
    return overrides


def load_with_overrides(scenario: str, pairs: list[str] | None):
    """A command's scenario and `--set` pairs, or a CommandError that says what is wrong."""
    from django.core.management.base import CommandError

    from scenarios.format import ScenarioError, load_scenario

    try:
        return load_scenario(scenario), parse_overrides(pairs)
    except ScenarioError as error:
        raise CommandError(f"invalid scenario:\n{error}") from None
    except OverrideError as error:
        raise CommandError(str(error)) from None
