"""What a sweep leaves in its output directory: results.csv (one row per run) here, and
summary.json + report.html from scenarios.analysis."""

import csv
from pathlib import Path

FIGURE_SECTIONS = ("exposure", "detection", "agent", "advice", "cost")
FIXED_COLUMNS = ("run_id", "scenario", "digest", "seed")


def write_outputs(out_dir: Path, sweep, rows: list[dict]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    write_results_csv(out_dir / "results.csv", rows)
    from scenarios.analysis import write_reports  # statistics and plots: loaded when needed

    write_reports(out_dir, sweep, rows)
    return sorted(p for p in out_dir.iterdir() if p.is_file())


def write_results_csv(path: Path, rows: list[dict]) -> None:
    setting_keys = sorted({key for row in rows for key in row["settings"]})
    figure_keys = _union(flat_figures(row["metrics"]) for row in rows)
    header = [*FIXED_COLUMNS, *setting_keys, "outcome", "failure", *figure_keys]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            figures = flat_figures(row["metrics"])
            writer.writerow([
                *(row[c] for c in FIXED_COLUMNS),
                *(csv_cell(row["settings"].get(k)) for k in setting_keys),
                row["outcome"], row.get("failure") or "",
                *(csv_cell(figures.get(k)) for k in figure_keys),
            ])


def flat_figures(metrics: dict) -> dict:
    """The scalar figures of a run's report, as `section.name`; lists (windows, events,
    the chain) stay in the database and the JSON report."""
    flat = {}
    for section in FIGURE_SECTIONS:
        for name, value in (metrics.get(section) or {}).items():
            if value is None or isinstance(value, (bool, int, float, str)):
                flat[f"{section}.{name}"] = value
    return flat


def _union(dicts) -> list[str]:
    keys: dict[str, None] = {}
    for d in dicts:
        keys.update(dict.fromkeys(d))
    return list(keys)


def csv_cell(value):
    """CSV cells: booleans as true/false, absent or None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
