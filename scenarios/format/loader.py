"""Loading a scenario file: YAML, shape (pydantic), names, guardrail values — every error at
once, each with file, line and key path. A bad file never ends in a traceback.

Names are cross-checked only once the shape is valid: they need a whole scenario."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .document import read_document
from .errors import ScenarioError, ScenarioIssue
from .files import FileRefused, check_path, read_text
from .limits import MAX_SCENARIO_BYTES
from .lines import dotted, line_of
from .parameters import check_sources
from .references import check_references
from .schema import Scenario
from .shape import shape_problems

LIBRARY = Path(__file__).resolve().parent.parent / "library"


@dataclass(frozen=True)
class LoadedScenario:
    scenario: Scenario
    text: str
    file: str
    # recordings that `recorded` agent policies name, by digest (agents.llm.Recording)
    recordings: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:16]


def resolve_path(name_or_path: str) -> Path:
    """A path, or the name of a file in scenarios/library/ (with or without .yaml)."""
    try:
        path = check_path(name_or_path, what="scenario file")
    except FileRefused as error:
        raise ScenarioError([ScenarioIssue(_shown(name_or_path), None, "", str(error))]) from None
    if _exists(path):
        return path
    for candidate in (LIBRARY / path, LIBRARY / f"{path}.yaml"):
        if _exists(candidate):
            return candidate
    known = ", ".join(library_names())
    raise ScenarioError([ScenarioIssue(
        str(name_or_path), None, "", f"no such file, and no scenario of that name in the "
        f"library (known: {known})")])


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError as error:  # a name the system refuses, e.g. a part over 255 bytes
        raise ScenarioError([ScenarioIssue(_shown(str(path)), None, "", f"cannot read: "
                                           f"{error.strerror or error}")]) from None


def _shown(name: str) -> str:
    """A path fit for an error message: shortened, with unprintable characters escaped."""
    text = name if len(name) <= 200 else f"{name[:80]}…({len(name):,} characters)"
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def library_names() -> list[str]:
    return sorted(p.stem for p in LIBRARY.glob("*.yaml"))


def load_library(name: str) -> LoadedScenario:
    """A scenario of the library by its name only: for web pages, which must never open a
    path on the server that a visitor typed."""
    if name not in library_names():
        raise ScenarioError([ScenarioIssue(
            str(name)[:80], None, "", f"no scenario of that name in the library (known: "
            f"{', '.join(library_names())})")])
    return load_scenario(str(LIBRARY / f"{name}.yaml"))


def load_scenario(name_or_path: str) -> LoadedScenario:
    path = resolve_path(name_or_path)
    try:
        text = read_text(path, limit=MAX_SCENARIO_BYTES, what="scenario file")
    except FileRefused as error:
        message = str(error)
        if message.startswith(f"{path} "):  # the issue names the file already
            message = f"cannot read: it {message.removeprefix(f'{path} ')}"
        raise ScenarioError([ScenarioIssue(str(path), None, "", message)]) from None
    return parse_scenario(text, str(path))


def parse_scenario(text: str, file: str = "<scenario>") -> LoadedScenario:
    """Validate `text` as a scenario; raise ScenarioError listing every problem found."""
    document = read_document(text, file)
    issues = [ScenarioIssue(file, line, dotted(path), message)
              for path, line, message in document.problems]
    problems = _guardrail_problems(document.data.get("guardrails"))
    try:
        scenario = Scenario.model_validate(document.data)
    except ValidationError as error:
        scenario = None
        problems += shape_problems(error, document.data)
    if scenario is not None:
        problems += check_references(scenario) + check_sources(scenario, document.data)
    issues += [ScenarioIssue(file, line_of(document.lines, path), dotted(path), message)
               for path, message in problems]
    if issues:
        raise ScenarioError(issues)
    return LoadedScenario(scenario, text, file)


def _guardrail_problems(guardrails) -> list[tuple[tuple, str]]:
    from forum.guardrails import registry

    if not isinstance(guardrails, dict):
        return []  # the schema reports it
    problems = []
    for key, value in guardrails.items():
        try:
            registry.get(key).coerce(value)
        except (KeyError, ValueError) as error:
            problems.append((("guardrails", key), error.args[0]))
    return problems
