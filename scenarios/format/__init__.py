from .entries import check_entry
from .errors import ScenarioError, ScenarioIssue
from .loader import (LoadedScenario, library_names, load_library, load_scenario, parse_scenario,
                     resolve_path)
from .schema import Scenario

__all__ = [
    "LoadedScenario", "Scenario", "ScenarioError", "ScenarioIssue", "check_entry", "library_names",
    "load_library", "load_scenario",
    "parse_scenario", "resolve_path",
]
