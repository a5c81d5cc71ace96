"""The report for a person at a terminal."""

from .wording import EPISODE_HEADER, episode_table
from .wording import OUTCOME_WORDS, clock, cost_lines, figures, run_line
from .windows import window_table


def _heading(title: str) -> list[str]:
    return ["", title, "-" * len(title)]


def _pairs(rows: list[tuple[str, str]]) -> list[str]:
    width = max(len(label) for label, _ in rows)
    return [f"  {label.ljust(width)}  {value}" for label, value in rows]


def _table(header: tuple, rows: list[tuple]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]

    def line(cells) -> str:
        return ("  " + "  ".join(str(c).ljust(w) for c, w in zip(cells, widths))).rstrip()

    return [line(header), line(["-" * w for w in widths]), *map(line, rows)]


def windows_table(report: dict, listing: str) -> list[str]:
    if not report["exposure"]["windows"]:
        return ["  No exposure windows."]
    return _table(*window_table(report, listing))


def episodes_section(report: dict) -> list[str]:
    """Shown when something was exposed: each stretch of exposure, detected and contained
    on its own."""
    rows = episode_table(report)
    return [*_heading("Exposure episodes"), *_table(EPISODE_HEADER, rows)] if rows else []


def timeline(report: dict) -> list[str]:
    if not report["chain"]:
        return ["  Nothing happened that belongs to an incident."]
    lines = []
    for step in report["chain"]:
        seq = f"#{step['seq']}" if step["seq"] is not None else "--"
        lines.append(f"  {clock(step['t']):<11} {seq:>5}  {step['kind']:<18} {step['summary']}")
    return lines


def render_text(report: dict, windows: str = "grouped") -> str:
    lines = [
        f"Overstep run — {report['outcome'].upper().replace('_', ' ')}",
        OUTCOME_WORDS[report["outcome"]],
        run_line(report),
        *_heading("What happened"), *timeline(report),
        *_heading("Exposure windows"), *windows_table(report, windows),
        *episodes_section(report),
        *_heading("Figures"), *_pairs(figures(report)),
        *_heading("Cost of safety"), *_pairs(cost_lines(report)),
    ]
    return "\n".join(lines) + "\n"
