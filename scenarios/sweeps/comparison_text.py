"""The comparison table the sweep command prints when it ends: per setting, the figures the
sweep report leads with (read back from its summary.json, so the terminal and report.html
never disagree), and where the report is."""

import json
from pathlib import Path

COLUMNS = ("setting", "runs", "P(exposure)", "person-min (mean)", "exposed min (median)",
           "P(correct answer)", "approvals/run")


def comparison_lines(out_dir: Path, report_url: str) -> list[str]:
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    rows = [COLUMNS] + [_row(group, summary.get("baseline")) for group in summary["groups"]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    table = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
             for row in rows]
    return ["", "Comparison (exposed min: runs with an exposure; * the baseline):", *table, "",
            f"Report: {(out_dir / 'report.html').resolve()}", f"Sweep page: {report_url}"]


def _row(group: dict, baseline: str | None) -> tuple[str, ...]:
    exposure, cost = group["exposure"], group["cost"]
    label = group["label"] + (" *" if group["label"] == baseline else "")
    return (label, str(group["runs"]), _number(exposure["probability"]["estimate"]),
            _number(exposure["person_minutes"]["mean"], "{:.0f}"),
            _number(exposure["exposed_minutes"]["exposed_runs"]["median"], "{:.0f}"),
            _number(cost["answered_correctly"]["estimate"]),
            _number(cost["approvals_requested"]["mean"]))


def _number(value, fmt="{:.2f}") -> str:
    return "–" if value is None else fmt.format(value)
