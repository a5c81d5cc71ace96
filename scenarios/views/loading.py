"""Scenario files for the pages, parsed once per text per process: every run and sweep page
asks for its scenario's defaults, and parsing the YAML costs more than the rest of a page."""

import functools

from scenarios.format import load_scenario, parse_scenario
from scenarios.format.files import FileRefused, read_text
from scenarios.format.limits import MAX_SCENARIO_BYTES
from scenarios.format.loader import resolve_path


def load(name_or_path: str):
    """load_scenario(), with the parse remembered for the file's current text (so an edited
    file is parsed again); the same ScenarioError when the file is missing or bad."""
    path = resolve_path(name_or_path)
    try:
        text = read_text(path, limit=MAX_SCENARIO_BYTES, what="scenario file")
    except FileRefused:
        return load_scenario(name_or_path)  # raises, worded as everywhere else
    return parse(text, str(path))


@functools.lru_cache(maxsize=32)
def parse(text: str, file: str):
    """parse_scenario(); a text that does not parse is parsed again, and raises again."""
    return parse_scenario(text, file)
