"""The run page's figures: the reports' lines (scenarios.reports.wording), with lengths of
time to the minute, as everywhere on these pages."""

from scenarios.reports.numbers import minutes_words
from scenarios.reports.wording import cost_lines, figures


def _minutes(*path):
    def value(metrics: dict) -> str | None:
        found = metrics
        for key in path:
            found = (found or {}).get(key)
        return None if found is None else minutes_words(found)
    return value


PAGE_FIGURES = {
    "Incident window (longest)": _minutes("exposure", "incident_window_minutes"),
    "Exposed time": _minutes("exposure", "exposed_minutes"),
    "Time to detect (first exposure)": _minutes("detection", "time_to_detect_minutes"),
    "Time to contain (for good)": _minutes("detection", "time_to_contain_minutes"),
    "Time to answer": _minutes("cost", "time_to_answer_minutes"),
    "Mean wait for a decision": _minutes("cost", "approval_wait_minutes"),
}


def _on_page(lines: list[tuple[str, str]], metrics: dict) -> list[tuple[str, str]]:
    """Each line the page writes its own way; the reports' words where it has none."""
    shown = []
    for label, words in lines:
        mine = PAGE_FIGURES.get(label)
        shown.append((label, (mine(metrics) if mine else None) or words))
    return shown


def run_figures(metrics: dict) -> list[tuple[str, str]]:
    return _on_page(figures(metrics), metrics)


def run_cost(metrics: dict) -> list[tuple[str, str]]:
    return _on_page(cost_lines(metrics), metrics)
