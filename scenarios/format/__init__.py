from .errors import ScenarioError, ScenarioIssue
from .loader import LoadedScenario, load_scenario, parse_scenario, resolve_path
from .schema import Scenario

__all__ = [
    "LoadedScenario", "Scenario", "ScenarioError", "ScenarioIssue", "load_scenario",
    "parse_scenario", "resolve_path",
]
