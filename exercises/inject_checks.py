"""An inject checked in its place on the session's timeline, as a scenario file's entry is:
the people, spaces, agents and resources it names exist, the thread it acts on is opened by
then, a new thread's key is new, and its minute is before the scenario's end."""

from scenarios.format.references import check_references, opened_threads


def check_in_timeline(scenario, earlier: list, entry) -> None:
    """ValueError naming the field if `entry`, after the scenario's timeline and the
    session's `earlier` injects, is not an entry the scenario format would accept."""
    timeline = [*scenario.timeline, *earlier, entry]
    index = len(timeline) - 1
    trial = scenario.model_copy(update={"timeline": timeline})
    for path, message in check_references(trial):
        if tuple(path[:2]) == ("timeline", index):
            where = ".".join(str(part) for part in path[2:]) or "inject"
            raise ValueError(f"{where}: {message}")


def known_threads(scenario, earlier: list) -> list[tuple[str, str]]:
    """(key, title) of every thread the timeline and the injects open, in minute order."""
    timeline = [*scenario.timeline, *earlier]
    trial = scenario.model_copy(update={"timeline": timeline})
    titles = {}
    for _at, i, key in sorted(opened_threads(trial)):
        titles.setdefault(key, timeline[i].question.title)
    return list(titles.items())
