"""Command-line overrides: `--set KEY=VALUE` (guardrails, checked against the registry) and
`--agent ID=POLICY` (which policy sits in an agent's seat)."""

import os
from dataclasses import replace

import yaml

from agents.llm import Recording, RecordingError
from agents.llm.backends import ENV_MODEL
from agents.policies import POLICIES
from forum.guardrails import registry
from forum.guardrails.contract import shown


MAX_KEY_CHARS = 100  # no guardrail or actor id comes near; a longer one is a slip


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


def parse_agent_policies(pairs: list[str] | None) -> tuple[dict, dict[str, Recording]]:
    """`--agent` pairs → ({actor: policy config}, {digest: recording}).

    `scripted`, `reader`; `model:NAME` (or `model`, with OVERSTEP_LLM_MODEL); and
    `recorded:FILE`, a recording exported with `run_scenario --export-recording`."""
    policies, recordings = {}, {}
    for pair in pairs or []:
        actor, policy = _split(pair, "--agent", "ID=POLICY")
        kind, _, argument = policy.partition(":")
        if not kind:
            raise OverrideError(f"--agent expects ID=POLICY, got {pair!r}")
        if kind not in POLICIES:
            raise OverrideError(f"--agent {actor}: unknown policy {kind!r}; known policies: "
                                f"{', '.join(sorted(POLICIES))}")
        if kind == "model":
            policies[actor] = {"kind": "model", "model": _model_name(actor, argument)}
        elif kind == "recorded":
            recording = _recording(actor, argument)
            recordings[recording.digest] = recording
            policies[actor] = {**_recorded_policy(actor, recording), "kind": "recorded",
                               "recording": recording.digest}
        elif argument:
            raise OverrideError(f"--agent {actor}: policy {kind!r} takes no argument")
        else:
            policies[actor] = kind
    return policies, recordings


def _model_name(actor: str, name: str) -> str:
    name = name or os.environ.get(ENV_MODEL, "")
    if not name:
        raise OverrideError(f"--agent {actor}=model needs a model name: model:NAME, or set "
                            f"{ENV_MODEL}")
    return name


def _recording(actor: str, path: str) -> Recording:
    if not path:
        raise OverrideError(f"--agent {actor}=recorded needs a file: recorded:FILE")
    try:
        return Recording.read(path)
    except RecordingError as error:
        raise OverrideError(f"--agent {actor}: {error}") from None


def read_recording(path: str) -> Recording:
    """A recording file for a command, or a CommandError naming what is wrong with it."""
    from django.core.management.base import CommandError

    try:
        return Recording.read(path)
    except RecordingError as error:
        raise CommandError(str(error)) from None


def _recorded_policy(actor: str, recording: Recording) -> dict:
    """The model policy that made the recording, so the replay asks the same questions."""
    policies = recording.policies
    policy = policies.get(actor) or (next(iter(policies.values())) if len(policies) == 1
                                     else None)
    if policy is None:
        raise OverrideError(f"--agent {actor}: the recording holds no model agent named "
                            f"{actor!r} (it has: {', '.join(policies) or 'none'})")
    return {k: v for k, v in policy.items() if k not in ("kind", "recording")}


def _split(pair: str, option: str, form: str) -> tuple[str, str]:
    key, sep, value = pair.partition("=")
    if not sep or not key.strip():
        raise OverrideError(f"{option} expects {form}, got {shown(pair)}")
    if len(key.strip()) > MAX_KEY_CHARS:
        raise OverrideError(f"{option}: a key of {len(key.strip()):,} characters; keys are at "
                            f"most {MAX_KEY_CHARS}")
    return key.strip(), value.strip()


def with_agent_policies(loaded, policies: dict, recordings: dict | None = None):
    """The scenario with these agents' policies replaced (a name or a config). It is a
    different scenario (its text, and so its digest, differ), so its runs are never
    confused with the original's; it carries the recordings its policies name."""
    from scenarios.format import parse_scenario
    from scenarios.format.parameters import drop_notes_under

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
        drop_notes_under(data, ("actors", actor, "policy"))
    replaced = parse_scenario(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                              loaded.file)
    return replace(replaced, recordings={**loaded.recordings, **(recordings or {})})


def load_with_overrides(scenario: str, pairs: list[str] | None,
                        agent_pairs: list[str] | None = None):
    """A command's scenario (with `--agent` policies) and `--set` pairs, or a CommandError
    that says what is wrong."""
    from django.core.management.base import CommandError

    from scenarios.format import ScenarioError, load_scenario

    try:
        policies, recordings = parse_agent_policies(agent_pairs)
        loaded = with_agent_policies(load_scenario(scenario), policies, recordings)
        return loaded, parse_overrides(pairs)
    except ScenarioError as error:
        raise CommandError(f"invalid scenario:\n{error}") from None
    except OverrideError as error:
        raise CommandError(str(error)) from None
