"""A design point's scenario: the scenario's data with the factors' values written in, as a
text of its own (so its own digest: its runs are never taken for another point's), checked
by the scenario format like any file; guardrail factors become the run's settings, as a
sweep's grid point does."""

import copy
from dataclasses import dataclass

import yaml

from scenarios import engine
from scenarios.format import ScenarioError
from scenarios.sweeps.threads import variant


@dataclass(frozen=True)
class DesignPoint:
    index: int  # the row of the design (results.csv's `point`)
    values: dict  # factor name → value
    text: str  # the variant's scenario text
    overrides: dict  # guardrail settings
    digest: str  # the variant's
    settings: dict  # the runs' full settings, as stored


class PointInvalid(ValueError):
    """A design point whose scenario the format refuses (say, a triangular distribution's
    min above its mode): the message names the point and the field."""


def plain_data(loaded) -> dict:
    return yaml.safe_load(loaded.text)


def set_value(data, path: tuple, value) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def variant_text(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def design_points(loaded, factors: list, matrix) -> list[DesignPoint]:
    """One DesignPoint per row of SALib's sample matrix, each scenario validated."""
    data = plain_data(loaded)
    points = []
    for index, row in enumerate(matrix):
        values = {f.name: f.value(float(x)) for f, x in zip(factors, row)}
        changed = copy.deepcopy(data)
        for factor in factors:
            if not factor.values:
                set_value(changed, factor.path, values[factor.name])
        text = variant_text(changed)
        scenario = _validated(text, loaded.file, index, values)
        overrides = {f.guardrail: values[f.name] for f in factors if f.values}
        points.append(DesignPoint(index, values, text, overrides, scenario.digest,
                                  engine.resolve_settings(scenario.scenario, overrides)))
    return points


def _validated(text: str, file: str, index: int, values: dict):
    try:
        return variant(text, file)
    except ScenarioError as error:
        issue = error.issues[0]
        shown = ", ".join(f"{k}={v}" for k, v in values.items())
        raise PointInvalid(f"design point {index} ({shown}): {issue.path or '(top level)'}: "
                           f"{issue.message}") from None
