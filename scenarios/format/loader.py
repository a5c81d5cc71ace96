"""Loading a scenario file: YAML, shape (pydantic), names, guardrail values — every error at
once, each with file, line and key path. A bad file never ends in a traceback."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from .errors import ScenarioError, ScenarioIssue
from .lines import dotted, line_index, line_of, resolve
from .references import check_references
from .schema import Scenario

LIBRARY = Path(__file__).resolve().parent.parent / "library"


@dataclass(frozen=True)
class LoadedScenario:
    scenario: Scenario
    text: str
    file: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:16]


def resolve_path(name_or_path: str) -> Path:
    """A path, or the name of a file in scenarios/library/ (with or without .yaml)."""
    path = Path(name_or_path)
    if path.exists():
        return path
    for candidate in (LIBRARY / name_or_path, LIBRARY / f"{name_or_path}.yaml"):
        if candidate.exists():
            return candidate
    known = ", ".join(sorted(p.stem for p in LIBRARY.glob("*.yaml")))
    raise ScenarioError([ScenarioIssue(
        str(name_or_path), None, "", f"no such file, and no scenario of that name in the "
        f"library (known: {known})")])


def load_scenario(name_or_path: str) -> LoadedScenario:
    path = resolve_path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError([ScenarioIssue(str(path), None, "", f"cannot read: {error}")])
    return parse_scenario(text, str(path))


def parse_scenario(text: str, file: str = "<scenario>") -> LoadedScenario:
    data = _parse_yaml(text, file)
    index = line_index(text)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(_shape_issues(error, data, index, file)) from None
    problems = check_references(scenario) + _guardrail_problems(scenario)
    if problems:
        raise ScenarioError([
            ScenarioIssue(file, line_of(index, path), dotted(path), message)
            for path, message in problems
        ])
    return LoadedScenario(scenario, text, file)


def _parse_yaml(text: str, file: str):
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(error, "problem", None) or str(error)
        raise ScenarioError([ScenarioIssue(file, line, "", f"not valid YAML: {problem}")]) from None
    if not isinstance(data, dict):
        raise ScenarioError([ScenarioIssue(file, 1, "", "expected a mapping of scenario keys "
                                           f"at the top level, got {type(data).__name__}")])
    return data


def _shape_issues(error: ValidationError, data, index, file) -> list[ScenarioIssue]:
    issues, seen = [], set()
    for problem in error.errors():
        path = resolve(data, problem["loc"])
        message = _message(problem)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        issues.append(ScenarioIssue(file, line_of(index, path), dotted(path), message))
    return issues


def _message(problem: dict) -> str:
    kind, message = problem["type"], problem["msg"]
    if kind == "missing":
        return "this key is required but missing"
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; docs/scenarios.md lists every key)"
    if kind == "union_tag_invalid":
        return f"{message}"
    return message.removeprefix("Value error, ")


def _guardrail_problems(scenario: Scenario) -> list[tuple[tuple, str]]:
    from agents.guardrails import registry

    problems = []
    for key, value in scenario.guardrails.items():
        try:
            registry.get(key).coerce(value)
        except (KeyError, ValueError) as error:
            problems.append((("guardrails", key), str(error).strip("'\"")))
    return problems
