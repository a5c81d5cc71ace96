"""One timeline entry checked on its own: a facilitator's inject, judged like the entries of
a scenario file (the same shapes, schema.py, and the same cross-checks, references.py)."""

from collections.abc import Sequence

from pydantic import TypeAdapter, ValidationError

from .errors import ScenarioError, ScenarioIssue
from .lines import dotted
from .references import check_references
from .schema import Scenario, TimelineEntry
from .shape import shape_problems

ENTRY = TypeAdapter(TimelineEntry)
WHERE = "inject"


def check_entry(scenario: Scenario, data: dict, *, earlier: Sequence = ()) -> TimelineEntry:
    """`data` as a timeline entry that may be added to `scenario`'s run, after the entries
    `earlier` (injects accepted before; TimelineEntry values). Raises ScenarioError with one
    issue, whose one line names the field (`inject: group: 'ravi' is already a member ...`)."""
    if not isinstance(data, dict):
        raise _refused((), "an inject is a mapping of keys (at, do, ...), got "
                           f"{type(data).__name__}")
    try:
        entry = ENTRY.validate_python(data)
    except ValidationError as error:
        raise _refused(*shape_problems(error, data)[0]) from None
    index = len(scenario.timeline) + len(earlier)
    whole = scenario.model_copy(update={"timeline": [*scenario.timeline, *earlier, entry]})
    mine = [(path[2:], message) for path, message in check_references(whole)
            if path[:2] == ("timeline", index)]
    if mine:
        raise _refused(*mine[0])
    return entry


def _refused(path: tuple, message: str) -> ScenarioError:
    return ScenarioError([ScenarioIssue(WHERE, None, dotted(path), message)])
