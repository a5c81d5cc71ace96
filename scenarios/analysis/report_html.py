"""summary.json and report.html for a sweep: one self-contained page (inline CSS, figures as
data URIs), readable offline and safe to attach to a write-up."""

import json
from html import escape
from pathlib import Path

from . import plots
from forum.guardrails import format_value
from .summary import MODEL_USAGE, is_failed, summarise

CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em;
       color: #1d1d1d; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums;
        display: block; max-width: 100%; overflow-x: auto; }  /* wide tables scroll */
th, td { border-bottom: 1px solid #ddd; padding: .35em .6em; text-align: right;
         vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f5f8; }
tr.baseline td { background: #fbf8ec; }
.ci { color: #666; font-size: .85em; white-space: nowrap; }
figure { margin: 1.5em 0; } figcaption { color: #555; }
img { max-width: 100%; }
dl.meta dt { font-weight: 600; float: left; clear: left; width: 9em; }
dl.meta dd { margin-left: 10em; }
p.note { color: #555; font-size: .9em; }
"""


def write_reports(out_dir: Path, sweep, rows: list[dict]) -> None:
    """Write `summary.json` (the summarise() output) and `report.html` into `out_dir`.
    `sweep` is a scenarios.models.Sweep or None; its grid orders the labels and its
    scenario's own settings choose the baseline group."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    grid = getattr(sweep, "grid", None) or {}
    summary = summarise(rows, defaults=scenario_defaults(sweep, rows), order=list(grid))
    summary["sweep"] = sweep_info(sweep)
    (out_dir / "summary.json").write_text(
        json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (out_dir / "report.html").write_text(render_html(summary, rows), encoding="utf-8")


def sweep_info(sweep) -> dict:
    if sweep is None:
        return {}
    return {"id": getattr(sweep, "pk", None), "scenario": getattr(sweep, "scenario", None),
            "digest": getattr(sweep, "digest", None), "grid": getattr(sweep, "grid", None),
            "seeds": getattr(sweep, "seeds", None)}


def scenario_defaults(sweep, rows: list[dict]) -> dict | None:
    """The settings the scenario runs with when nothing is overridden, or None if its file
    cannot be read (then the first group is the baseline)."""
    from scenarios.engine import resolve_settings
    from scenarios.format import ScenarioError, load_scenario

    first = rows[0] if rows else {}
    digest = getattr(sweep, "digest", None) or first.get("digest")
    names = [getattr(sweep, "scenario_file", None), getattr(sweep, "scenario", None),
             first.get("scenario")]
    for name in filter(None, names):
        try:
            loaded = load_scenario(name)
        except ScenarioError:
            continue
        if digest is None or loaded.digest == digest:
            return resolve_settings(loaded.scenario)
    return None


def _ci(interval, fmt="{:.2f}") -> str:
    if not interval:
        return ""
    return f'<span class="ci">[{fmt.format(interval[0])}, {fmt.format(interval[1])}]</span>'


def _num(value, fmt="{:.2f}") -> str:
    return "–" if value is None else fmt.format(value)


def _with_ci(estimate, interval, fmt="{:.2f}") -> str:
    return f"{_num(estimate, fmt)} {_ci(interval, fmt)}" if estimate is not None else "–"


def _delta(comparison: dict | None, name: str, fmt="{:+.2f}") -> str:
    if comparison is None:
        return "baseline"
    figure = comparison[name]
    return _with_ci(figure["difference"], figure["ci"], fmt)


COMPARISON_HEADER = (
    "setting", "runs", "P(exposure)", "ΔP(exposure)", "incident window, exposed runs (min, "
    "median)", "person-minutes (mean)", "Δperson-minutes", "P(correct answer)",
    "ΔP(correct answer)", "time to answer (min, mean)", "approvals per run", "Δapprovals",
    "legitimate refused / delayed per run",
)


def _runs(group: dict) -> str:
    failed = group.get("failed", 0)
    return f'{group["runs"]}' + (f' <span class="ci">+{failed} failed</span>' if failed else "")


def comparison_row(group: dict, comparison: dict | None) -> str:
    exposure, cost = group["exposure"], group["cost"]
    window = exposure["incident_window_minutes"]["exposed_runs"]
    person = exposure["person_minutes"]
    cells = [
        escape(group["label"]), _runs(group),
        _with_ci(exposure["probability"]["estimate"], exposure["probability"]["ci"]),
        _delta(comparison, "exposure_probability"),
        _with_ci(window["median"], window["median_ci"], "{:.0f}"),
        _with_ci(person["mean"], person["mean_ci"], "{:.0f}"),
        _delta(comparison, "person_minutes", "{:+.0f}"),
        _with_ci(cost["answered_correctly"]["estimate"], cost["answered_correctly"]["ci"]),
        _delta(comparison, "answered_correctly"),
        _with_ci(cost["time_to_answer_minutes"]["mean"], cost["time_to_answer_minutes"]["mean_ci"],
                 "{:.0f}"),
        _with_ci(cost["approvals_requested"]["mean"], cost["approvals_requested"]["mean_ci"]),
        _delta(comparison, "approvals_requested"),
        f'{_num(cost["legitimate_refused"]["mean"])} / {_num(cost["legitimate_delayed"]["mean"])}',
    ]
    css = "" if comparison else ' class="baseline"'
    return f"<tr{css}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def comparison_table(summary: dict) -> str:
    by_label = {c["label"]: c for c in summary["comparisons"]}
    head = "".join(f"<th>{escape(h)}</th>" for h in COMPARISON_HEADER)
    body = "\n".join(comparison_row(g, by_label.get(g["label"])) for g in summary["groups"])
    return f"<table>\n<tr>{head}</tr>\n{body}\n</table>"


def outcome_table(summary: dict) -> str:
    names = list(summary["groups"][0]["outcomes"]) if summary["groups"] else []
    head = "<th>setting</th>" + "".join(f"<th>{escape(n)}</th>" for n in names)
    body = "\n".join(
        f"<tr><td>{escape(g['label'])}</td>"
        + "".join(f"<td>{g['outcomes'][n]}</td>" for n in names) + "</tr>"
        for g in summary["groups"])
    return f"<table>\n<tr>{head}</tr>\n{body}\n</table>"


def meta(summary: dict) -> str:
    sweep = summary.get("sweep") or {}
    grid = sweep.get("grid") or {}
    items = [
        ("scenario", summary["scenario"]), ("digest", summary["digest"]),
        ("grid", "; ".join(f"{k} = {', '.join(format_value(v) for v in vs)}"
                           for k, vs in grid.items()) or "–"),
        ("seeds", sweep.get("seeds", "–")), ("runs", runs_line(summary)),
        ("baseline", summary["baseline"]),
        ("fixed settings", ", ".join(f"{k}={format_value(v)}"
                                     for k, v in summary["fixed_settings"].items()) or "–"),
    ]
    return '<dl class="meta">' + "".join(
        f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in items) + "</dl>"


def runs_line(summary: dict) -> str:
    failed = summary["failed"]["runs"]
    if not failed:
        return str(summary["runs"])
    return (f"{summary['runs']} in the statistics; {failed} failed and left out "
            "(see Failed runs)")


def failed_section(summary: dict) -> str:
    failed = summary["failed"]
    if not failed["runs"]:
        return ""
    by_setting = "".join(f"<tr><td>{escape(g['label'])}</td><td>{g['failed']}</td></tr>"
                         for g in summary["groups"] if g["failed"])
    reasons = "".join(
        f"<tr><td>{escape(r['reason'])}</td><td>{r['runs']}</td>"
        f"<td>{escape(r['first']['setting'])}, seed {r['first']['seed']}</td></tr>"
        for r in failed["reasons"])
    more = (f'<p class="note">… and {failed["more_reasons"]} other reasons (summary.json '
            "lists the first ones; results.csv every run's).</p>"
            if failed["more_reasons"] else "")
    settings_table = (f"<table><tr><th>setting</th><th>failed runs</th></tr>{by_setting}"
                      "</table>" if by_setting else "")
    return (f"<h2>Failed runs</h2>\n<p>{failed['runs']} runs failed and are left out of "
            "every figure above. Run the same sweep with <code>--resume</code> to try them "
            "again.</p>\n<table><tr><th>reason</th><th>runs</th><th>first run</th></tr>"
            f"{reasons}</table>\n{more}{settings_table}")


USAGE_HEADER = ("setting", "model calls", "tokens in", "tokens out", "model latency (s)")


def usage_row(label: str, usage: dict, css: str = "") -> str:
    cells = [escape(label), *(f"{usage[k]:,}" for k in MODEL_USAGE[:3]),
             f"{usage['model_latency_ms'] / 1000:,.1f}"]
    return f"<tr{css}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def usage_section(summary: dict) -> str:
    """What the language models cost, per setting and in all; nothing without model calls."""
    if not summary["model_usage"]["model_calls"]:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in USAGE_HEADER)
    body = "".join(usage_row(g["label"], g["model_usage"]) for g in summary["groups"])
    total = usage_row("all runs", summary["model_usage"], ' class="baseline"')
    return ("<h2>Model usage</h2>\n<p class=\"note\">Summed over runs, failed runs' calls "
            "included; latency is the time spent waiting for answers, summed (runs in flight "
            f"at once overlap).</p>\n<table>\n<tr>{head}</tr>\n{body}\n{total}\n</table>")


def method_note(summary: dict) -> str:
    method = summary["method"]
    lines = [f"{escape(k.replace('_', ' '))}: {escape(str(v))}" for k, v in method.items()]
    return ('<p class="note">' + "<br>".join(lines) + "<br>When every seed gives the same "
            "value (a deterministic scenario), a bootstrap interval has zero width; it says "
            "nothing about other scenarios.</p>")


def render_html(summary: dict, rows: list[dict]) -> str:
    title = f"Overstep sweep — {summary['scenario'] or 'no runs'}"
    finished = [row for row in rows if not is_failed(row)]  # the plots' runs, as the tables'
    figures = "\n".join(
        f'<figure><img alt="{escape(caption)}" src="{uri}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
        for caption, uri in plots.all_plots(summary, finished))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>
<style>{CSS}</style></head><body>
<h1>{escape(title)}</h1>
{meta(summary)}
<h2>Settings compared with the baseline</h2>
<p class="note">Δ = setting − baseline, paired on the same seeds; brackets are 95% intervals.</p>
{comparison_table(summary)}
<h2>Outcomes</h2>
{outcome_table(summary)}
<h2>Figures</h2>
{figures}
{usage_section(summary)}
{failed_section(summary)}
<h2>Method</h2>
{method_note(summary)}
</body></html>
"""
