"""A sensitivity analysis's factors: `--param PATH=LOW:HIGH` and `--param
guardrail:KEY=V1,V2` in, checked Factors out.

PATH is a dotted key path in the scenario (list items by index: `org.crowds.0.count`) to a
number, or to a duration (`actors.ravi.reaction: 10m`; the range is then in minutes, or
written as durations: `5m:2h`). A key the file leaves to its default may be named too: the
scenario format decides whether it exists. Every factor is checked against the scenario
before anything runs: the path, the kind of value there, LOW < HIGH, and both ends of the
range validated by the scenario format itself, so its ranges (a probability in [0, 1], a
sigma in (0, 5]) are the ones enforced, with its message.

A guardrail factor is discrete: SALib samples it in [0, 1], cut into as many equal parts
as it has values (the first part gives V1, the last the last value).
"""

import copy
import math
from dataclasses import dataclass, field

from forum.guardrails.contract import shown
from scenarios.format import ScenarioError, parse_scenario
from scenarios.format.durations import parse_duration
from scenarios.format.keypaths import KeyPathError, parse_key_path, value_at
from scenarios.format.parameters import source_notes
from scenarios.format.source_notes import SourceNote
from scenarios.sweeps.grid import GridError, parse_grid

from .variants import plain_data, set_value, variant_text

GUARDRAIL = "guardrail:"
MAX_FACTORS = 50
MAX_SPEC_CHARS = 300


class FactorError(ValueError):
    """A `--param` that cannot be used; the message names it and says why."""


@dataclass(frozen=True)
class Factor:
    name: str  # the PATH, or `guardrail:KEY`
    low: float = 0.0
    high: float = 1.0
    path: tuple = ()  # numeric factors: the key path (str keys, int list indexes)
    values: tuple = ()  # guardrail factors: the values, in order
    whole: bool = False  # a field the format wants whole (a count): values are rounded
    # the scenario's `sources:` note for the path, if it has one (reports name it)
    note: SourceNote | None = field(default=None, compare=False)

    @property
    def guardrail(self) -> str | None:
        return self.name.removeprefix(GUARDRAIL) if self.values else None

    def value(self, x: float):
        """The factor's value at SALib's sample `x` (in [low, high]; [0, 1] for a guardrail)."""
        if self.values:
            return self.values[min(int(x * len(self.values)), len(self.values) - 1)]
        return int(round(x)) if self.whole else float(round(x, 10))


def parse_factors(loaded, specs: list[str]) -> list[Factor]:
    if not specs:
        raise FactorError("give at least one --param PATH=LOW:HIGH")
    if len(specs) > MAX_FACTORS:
        raise FactorError(f"{len(specs)} --param options; at most {MAX_FACTORS} are allowed")
    factors = [parse_factor(loaded, spec) for spec in specs]
    names = [f.name for f in factors]
    repeated = next((n for n in names if names.count(n) > 1), None)
    if repeated:
        raise FactorError(f"--param {repeated} is given twice; give each factor once")
    return factors


def parse_factor(loaded, spec: str) -> Factor:
    if len(spec) > MAX_SPEC_CHARS:
        raise FactorError(f"--param: {len(spec):,} characters; at most {MAX_SPEC_CHARS}")
    if spec.startswith(GUARDRAIL):
        return _guardrail_factor(spec)
    name, sep, bounds = spec.partition("=")
    low_text, colon, high_text = bounds.partition(":")
    if not sep or not name.strip() or not colon:
        raise FactorError(f"--param {shown(spec)}: expected PATH=LOW:HIGH (for example "
                          "actors.helper.accuracy=0.1:0.6) or guardrail:KEY=V1,V2")
    name = name.strip()
    path = _path(name)
    data = plain_data(loaded)
    _check_value(name, _current(data, path, name, loaded))
    low, high = _bound(name, "LOW", low_text), _bound(name, "HIGH", high_text)
    if not low < high:
        raise FactorError(f"--param {name}: LOW must be below HIGH, got {low:g}:{high:g}")
    whole = _schema_check(loaded, data, path, name, low, high)
    return Factor(name, low, high, path=path, whole=whole,
                  note=source_notes(loaded.scenario).get(path))


def _guardrail_factor(spec: str) -> Factor:
    option = spec.removeprefix(GUARDRAIL)
    try:
        ((key, values),) = parse_grid([option]).items()
    except GridError as error:
        raise FactorError(str(error).replace("--grid ", f"--param {GUARDRAIL}", 1)) from None
    if len(values) < 2:
        raise FactorError(f"--param {GUARDRAIL}{key}: give at least two values to choose from")
    return Factor(GUARDRAIL + key, values=tuple(values))


def _path(name: str) -> tuple:
    try:
        return parse_key_path(name)
    except KeyPathError as error:
        raise FactorError(f"--param {shown(name)}: {error}") from None


def _current(data, path: tuple, name: str, loaded):
    try:
        return value_at(data, path)
    except KeyPathError as error:
        raise FactorError(f"--param {name}: {loaded.scenario.name} {error}") from None


def _check_value(name: str, value) -> None:
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return
    if isinstance(value, dict) and "dist" in value:
        example = next((k for k in value if k != "dist"), "median")
        raise FactorError(f"--param {name}: a {value['dist']} distribution, not a number; vary "
                          f"one of its parameters (for example {name}.{example})")
    if isinstance(value, str):
        try:
            parse_duration(value)
            return
        except ValueError:
            pass
    raise FactorError(f"--param {name}: not a number or a duration (it is "
                      f"{shown(str(value))[:60]})")


def _bound(name: str, which: str, text: str) -> float:
    text = text.strip()
    try:
        number = float(text)
    except ValueError:
        try:
            number = parse_duration(text)
        except ValueError:
            raise FactorError(f"--param {name}: {which} is {shown(text) or 'empty'}, not a "
                              "number or a duration") from None
    if not math.isfinite(number):
        raise FactorError(f"--param {name}: {which} must be a finite number, got {text}")
    return number


def _schema_check(loaded, data: dict, path: tuple, name: str, low: float, high: float) -> bool:
    """Both ends validated by the scenario format; True when the field wants whole
    numbers (a float between them is refused, its rounded value is not)."""
    for end in (low, high):
        problem = _problem(loaded, data, path, end)
        if problem:
            raise FactorError(f"--param {name}={low:g}:{high:g}: {problem}")
    between = next((x for x in (low + (high - low) / 2, low + (high - low) * 0.37,
                                math.floor(low) + 0.5) if low < x < high and not x.is_integer()),
                   None)
    if between is None or not _problem(loaded, data, path, between):
        return False
    return not _problem(loaded, data, path, round(between))


def _problem(loaded, data: dict, path: tuple, value) -> str:
    """The scenario format's first objection to the scenario with `value` at `path`."""
    changed = copy.deepcopy(data)
    set_value(changed, path, value)
    try:
        parse_scenario(variant_text(changed), loaded.file)
    except ScenarioError as error:
        issue = error.issues[0]
        return f"{issue.path or '(top level)'}: {issue.message}"
    return ""
