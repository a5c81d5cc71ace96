"""An after-action summary to paste into a ticket."""

from .wording import EPISODE_HEADER, episode_table
from .wording import OUTCOME_WORDS, clock, cost_lines, figures, run_line
from .windows import window_table


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: tuple, rows: list[tuple]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows),
    ]


def windows_section(report: dict, listing: str) -> list[str]:
    if not report["exposure"]["windows"]:
        return ["No exposure windows."]
    header, rows = window_table(report, listing)
    return _table(tuple(h.capitalize() for h in header), rows)


def episodes_section(report: dict) -> list[str]:
    rows = episode_table(report)
    if not rows:
        return []
    return ["## Exposure episodes", "", *_table(tuple(h.capitalize() for h in EPISODE_HEADER),
                                                 rows), ""]


def chain_section(report: dict) -> list[str]:
    if not report["chain"]:
        return ["Nothing happened that belongs to an incident."]
    return [
        f"{number}. **{clock(step['t'])}** `{step['kind']}` — {_cell(step['summary'])}"
        + (f" (event #{step['seq']})" if step["seq"] is not None else "")
        for number, step in enumerate(report["chain"], start=1)
    ]


def render_markdown(report: dict, windows: str = "grouped") -> str:
    title = report["outcome"].replace("_", " ")
    lines = [
        f"# After-action summary: {title}", "",
        f"**Outcome:** {OUTCOME_WORDS[report['outcome']]}", "",
        f"_{run_line(report)}_", "",
        "## Timeline", "", *chain_section(report), "",
        "## Exposure windows", "", *windows_section(report, windows), "",
        *episodes_section(report),
        "## Figures", "", *_table(("Figure", "Value"), figures(report)), "",
        "## Cost of safety", "", *_table(("Figure", "Value"), cost_lines(report)),
    ]
    return "\n".join(lines) + "\n"
