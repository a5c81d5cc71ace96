"""A scenario's stochastic parameters, and the `sources:` notes that say where they come
from.

A stochastic parameter is a behavioural number written in an actor: a probability (an
agent's accuracy, a persona's trust, verify rate and skill, a reviewer's diligence, a
crowd's curiosity, a reader agent's susceptibility, the rates of monitors, responders and
managers...) or a parameter of a delay (reaction, think, detect, response, verify time:
a fixed duration, or a distribution's median, sigma, mean, min, mode, max). Each is named
by the key path `sensitivity --param` takes (keypaths.py). A value the file leaves to the
format's default is not listed: it is the format's assumption, not the author's, and is
listed as soon as it is written out.
"""

from dataclasses import dataclass

from pydantic import BaseModel

from .document import read_document
from .keypaths import KeyPathError, key_path_text, parse_key_path
from .schema import BEHAVIOURAL, Exponential, Fixed, LogNormal, Scenario, Triangular, Uniform
from .source_notes import SourceNote

DISTRIBUTIONS = (Fixed, Uniform, LogNormal, Exponential, Triangular)
MAX_LISTED = 12  # parameters named in an error message


@dataclass(frozen=True)
class Parameter:
    path: tuple
    value: float  # as the format reads it: durations in minutes

    @property
    def name(self) -> str:
        return key_path_text(self.path)


def stochastic_parameters(scenario: Scenario, data: dict) -> list[Parameter]:
    """The parameters written in `data` (the file's mapping), in the file's order."""
    found: list[Parameter] = []
    for name, actor in scenario.actors.items():
        _walk(actor, data["actors"][name], ("actors", name), found)
    return found


def _walk(model: BaseModel, raw, path: tuple, found: list) -> None:
    if not isinstance(raw, dict):
        return  # a policy given by name only: nothing written in it
    for field, info in type(model).model_fields.items():
        if field not in raw:
            continue
        value, here = getattr(model, field), path + (field,)
        if BEHAVIOURAL in info.metadata:
            found.append(Parameter(here, value))
        elif isinstance(value, DISTRIBUTIONS):
            found += _delay(value, raw[field], here)
        elif isinstance(value, BaseModel):
            _walk(value, raw[field], here, found)


def _delay(delay: BaseModel, raw, path: tuple) -> list[Parameter]:
    if isinstance(delay, Fixed) and not isinstance(raw, dict):
        return [Parameter(path, delay.value)]  # written as a plain duration: `reaction: 5m`
    return [Parameter(path + (field,), getattr(delay, field))
            for field in type(delay).model_fields if field != "dist"]


def check_sources(scenario: Scenario, data: dict) -> list[tuple[tuple, str]]:
    """(key path, message) for every `sources:` key that names no stochastic parameter."""
    if not scenario.sources:
        return []
    known = [p.path for p in stochastic_parameters(scenario, data)]
    problems = []
    for key in scenario.sources:
        try:
            path = parse_key_path(key)
        except KeyPathError as error:
            problems.append((("sources", key), str(error)))
            continue
        if path not in known:
            problems.append((("sources", key), _not_a_parameter(known)))
    return problems


def _not_a_parameter(known: list[tuple]) -> str:
    names = ", ".join(key_path_text(p) for p in known[:MAX_LISTED])
    more = f" and {len(known) - MAX_LISTED} more" if len(known) > MAX_LISTED else ""
    return (f"not a stochastic parameter written in this scenario (an actor's probability "
            f"or delay); its parameters: {names or 'none'}{more}")


def source_notes(scenario: Scenario) -> dict[tuple, SourceNote]:
    """The notes by key path, as `sensitivity` factors name them (valid scenarios only)."""
    return {parse_key_path(key): note for key, note in scenario.sources.items()}


def drop_notes_under(data: dict, path: tuple) -> None:
    """Remove from the file's mapping the `sources:` notes of parameters under `path`: for a
    scenario derived by replacing that part (an agent's policy), whose notes went with it."""
    sources = data.get("sources")
    if not isinstance(sources, dict):
        return
    for key in [k for k in sources if isinstance(k, str)]:
        try:
            if parse_key_path(key)[:len(path)] == path:
                del sources[key]
        except KeyPathError:
            pass  # the derived scenario's validation reports it, as the original's did


def parameters_of(loaded) -> list[Parameter]:
    """A loaded scenario's stochastic parameters."""
    return stochastic_parameters(loaded.scenario, read_document(loaded.text, loaded.file).data)


def unsourced(loaded) -> list[str]:
    """The stochastic parameters of a loaded scenario that carry no `sources:` note."""
    notes = source_notes(loaded.scenario)
    return [p.name for p in parameters_of(loaded) if p.path not in notes]
