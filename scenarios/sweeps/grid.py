"""A sweep's grid: `--grid KEY=V1,V2` options in, an ordered list of settings out.

Keys and values are checked against the guardrail registry, so a typo fails before any
run starts. The order is the order of the options, then of the values within each option,
so the same command line always gives the same list (and the same rows in results.csv).
"""

from itertools import product
from math import prod

from forum.guardrails import registry
from forum.guardrails.contract import shown
from scenarios.format.limits import MAX_SWEEP_RUNS

MAX_KEY_CHARS = 100  # no guardrail key comes near


class GridError(ValueError):
    """A `--grid` option that cannot be used; the message says which one and why."""


def parse_grid(options: list[str]) -> dict[str, list]:
    """`["agent.autonomy=draft,post", ...]` → `{"agent.autonomy": ["draft", "post"], ...}`."""
    grid: dict[str, list] = {}
    for option in options:
        key, raw_values = _split(option)
        if key in grid:
            raise GridError(f"--grid {shown(option)}: {key} is given twice; list all its "
                            "values in one option")
        grid[key] = _coerce_values(option, key, raw_values)
    return grid


def check_size(grid: dict[str, list], seeds: int) -> int:
    """The number of runs (combinations × seeds), or GridError past limits.MAX_SWEEP_RUNS;
    counted, never expanded, so a huge grid is refused before it takes any memory."""
    combinations = prod(len(values) for values in grid.values())
    runs = combinations * seeds
    if runs > MAX_SWEEP_RUNS:
        raise GridError(f"the sweep would make {runs:,} runs ({combinations:,} combinations of "
                        f"settings × {seeds:,} seeds); at most {MAX_SWEEP_RUNS:,} are allowed")
    return runs


def expand(grid: dict[str, list]) -> list[dict]:
    """Every combination, first key varying slowest. An empty grid is one point: {}."""
    keys = list(grid)
    return [dict(zip(keys, values)) for values in product(*(grid[k] for k in keys))]


def _split(option: str) -> tuple[str, list[str]]:
    key, sep, values = option.partition("=")
    key = key.strip()
    if not sep or not key or len(key) > MAX_KEY_CHARS:
        raise GridError(f"--grid {shown(option)}: expected KEY=V1,V2,... "
                        "(for example agent.autonomy=draft,post)")
    raw_values = [v.strip() for v in values.split(",")]
    if len(raw_values) > MAX_SWEEP_RUNS:
        raise GridError(f"--grid {key}: {len(raw_values):,} values; a sweep makes at most "
                        f"{MAX_SWEEP_RUNS:,} runs")
    if any(v == "" for v in raw_values):
        raise GridError(f"--grid {shown(option)}: empty value; separate values with single commas")
    return key, raw_values


def _coerce_values(option: str, key: str, raw_values: list[str]) -> list:
    try:
        guardrail = registry.get(key)
    except KeyError as error:
        raise GridError(f"--grid {shown(option)}: {error.args[0]}") from None
    values = []
    for raw in raw_values:
        try:
            value = guardrail.coerce(raw)
        except ValueError as error:
            raise GridError(f"--grid {shown(option)}: {key}: {error}") from None
        if value in values:
            raise GridError(f"--grid {shown(option)}: {shown(raw)} repeats a value already in the "
                            "list")
        values.append(value)
    return values
