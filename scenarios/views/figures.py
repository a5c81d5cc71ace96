"""The run page's figures: the reports' lines (scenarios.reports.wording), with lengths of
time to the minute and counts with thousands separators, as everywhere on these pages, and
the records read counted once each beside the read count."""

from scenarios.reports.numbers import count_words, minutes_words
from scenarios.reports.wording import cost_lines, figures


def _minutes(*path):
    def value(metrics: dict) -> str | None:
        found = metrics
        for key in path:
            found = (found or {}).get(key)
        return None if found is None else minutes_words(found)
    return value


def _count(key):
    def value(metrics: dict) -> str | None:
        found = metrics["exposure"].get(key)
        return None if found is None else count_words(found)
    return value


def reads_words(metrics: dict) -> str | None:
    """`3 reads, 100 distinct records (300 record-reads)`: a record read three times is
    one record exposed, and never more than the dataset holds."""
    exposure = metrics["exposure"]
    reads, distinct = exposure["unauthorized_reads"], exposure.get("records_read_distinct")
    if distinct is None:
        return None  # stored before records were counted once each: the reports' line
    if not reads:
        return "0"
    words = f"{count_words(reads)} read{'s' if reads != 1 else ''}, " \
            f"{count_words(distinct)} distinct record{'s' if distinct != 1 else ''}"
    if exposure["records_read"] != distinct:
        words += f" ({count_words(exposure['records_read'])} record-reads)"
    return words


PAGE_FIGURES = {
    "Incident window (longest)": _minutes("exposure", "incident_window_minutes"),
    "Exposed time": _minutes("exposure", "exposed_minutes"),
    "Person-minutes exposed": _count("person_minutes"),
    "Records exposed": _count("records_exposed"),
    "Unauthorized reads": reads_words,
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
