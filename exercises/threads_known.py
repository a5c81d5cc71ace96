"""What an inject may name on the session's timeline: the threads opened by then."""

from scenarios.format.references import opened_threads


def known_threads(scenario, earlier: list) -> list[tuple[str, str]]:
    """(key, title) of every thread the timeline and the injects open, in minute order."""
    timeline = [*scenario.timeline, *earlier]
    trial = scenario.model_copy(update={"timeline": timeline})
    titles = {}
    for _at, i, key in sorted(opened_threads(trial)):
        titles.setdefault(key, timeline[i].question.title)
    return list(titles.items())
