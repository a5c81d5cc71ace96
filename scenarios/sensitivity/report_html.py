"""report.html of a sensitivity analysis: one self-contained page (the sweep report's CSS,
charts as PNG data URIs): the assumptions that matter most, with their sources; per
output, the factors ranked with their index and its 95% confidence interval as an error
bar, the table of indices, and for Sobol the pairwise interactions (S2)."""

from html import escape
from pathlib import Path

import matplotlib.pyplot as plt

from forum.guardrails import format_value
from scenarios.analysis.plots import POINT, encode_figure, legible
from scenarios.analysis.report_html import CSS

from .summary import ASSUMPTIONS_TITLE, NEGLIGIBLE_SHARE, TOP

ASSUMPTION_CSS = "tr.assumption td { background: #fbf0ec; } .flag { color: #a33; }"

MORRIS_COLUMNS = (("mu_star", "mu*"), ("mu_star_conf", "± conf"), ("sigma", "sigma"),
                  ("mu", "mu"))
SOBOL_COLUMNS = (("ST", "ST"), ("ST_conf", "± conf"), ("S1", "S1"), ("S1_conf", "± conf"))


def write_report(out_dir: Path, summary: dict) -> Path:
    path = out_dir / "report.html"
    path.write_text(render(summary), encoding="utf-8")
    return path


def render(summary: dict) -> str:
    title = f"Sensitivity of {escape(summary['scenario'])}"
    sections = "".join(_output_section(summary, name, output)
                       for name, output in summary["outputs"].items())
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
            f"<meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<style>{CSS}{ASSUMPTION_CSS}</style></head><body><h1>{title}</h1>{_meta(summary)}"
            f"{_assumptions(summary)}{sections}"
            f"{_note(summary)}</body></html>")


def _meta(summary: dict) -> str:
    factors = "".join(f"<li><code>{escape(f['name'])}</code>: {escape(factor_range(f))}</li>"
                      for f in summary["factors"])
    method = "Morris elementary effects" if summary["method"] == "morris" else "Sobol indices"
    return (f"<dl class=meta><dt>Method</dt><dd>{method} ({summary['samples']} "
            f"{'trajectories' if summary['method'] == 'morris' else 'base samples'}, design "
            f"seed {summary['design_seed']})</dd><dt>Design points</dt><dd>{summary['points']:,}"
            f"</dd><dt>Seeds</dt><dd>1 to {summary['seeds']} at every point (common random "
            f"numbers)</dd><dt>Runs</dt><dd>{summary['runs']:,} ({summary['failed_runs']} "
            f"failed)</dd><dt>Scenario</dt><dd>{escape(summary['scenario'])} (digest "
            f"{escape(summary['digest'])})</dd></dl><h2>Factors</h2><ul>{factors}</ul>")


def _assumptions(summary: dict) -> str:
    labels = {name: output["label"] for name, output in summary["outputs"].items()}
    rows = "".join(
        f"<tr{' class=assumption' if a['is_assumption'] else ''}><td>{a['rank']}. "
        f"<code>{escape(a['param'])}</code></td><td>{escape(a['source'])}"
        f"{' <span class=flag>(assumption only)</span>' if a['is_assumption'] else ''}</td>"
        f"<td>{escape('; '.join(labels[o] for o in a['outputs']))}</td></tr>"
        for a in summary.get("assumptions", []))
    body = (f"<table><tr><th>parameter</th><th>source</th><th>matters for</th></tr>{rows}"
            f"</table>") if rows else "<p>None: no scenario parameter ranks high with a " \
        "non-negligible index.</p>"
    return (f"<h2>{ASSUMPTIONS_TITLE}</h2><p class=note>The scenario parameters in the top "
            f"{TOP} for an output, with an index at least {NEGLIGIBLE_SHARE:.0%} of that "
            f"output's largest, and the scenario's <code>sources:</code> note for each. "
            f"Those resting on an assumption only are flagged: they are where better data "
            f"would change the answer most. See docs/sources.md.</p>{body}")


def factor_range(factor: dict) -> str:
    """`0.1 to 0.6`, or a guardrail's values as they are written: `one of false, true`."""
    if "values" in factor:
        return "one of " + ", ".join(format_value(v) for v in factor["values"])
    whole = " (whole numbers)" if factor.get("whole") else ""
    return f"{factor['low']:g} to {factor['high']:g}{whole}"


def _output_section(summary: dict, name: str, output: dict) -> str:
    chart = ranked_chart(summary, output)
    return (f"<h2>{escape(output['label'])}</h2><p class=note>Mean over the design: "
            f"{output['mean']:.3g}</p><figure><img alt='ranked {escape(name)} indices' "
            f"src='{chart}'><figcaption>Factors ranked by {summary['ranked_by']}, with 95% "
            f"confidence intervals.</figcaption></figure>{_table(summary, output)}"
            f"{_interactions(output)}")


@legible
def ranked_chart(summary: dict, output: dict) -> str:
    """The factors ranked by the summary's index, with 95% confidence intervals (a PNG data
    URI); the web app's analysis page draws the same chart."""
    key = summary["ranked_by"]
    names = list(reversed(output["ranking"]))
    values = [output["factors"][n][key] or 0.0 for n in names]
    errors = [output["factors"][n][f"{key}_conf"] or 0.0 for n in names]
    fig, ax = plt.subplots(figsize=(7.6, 1.2 + 0.45 * len(names)))
    ax.barh(range(len(names)), values, xerr=errors, color=POINT, capsize=3)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("mu*" if key == "mu_star" else "total-order index ST")
    ax.axvline(0, color="#888", linewidth=0.8)
    return encode_figure(fig)


def _table(summary: dict, output: dict) -> str:
    columns = MORRIS_COLUMNS if summary["method"] == "morris" else SOBOL_COLUMNS
    head = "".join(f"<th>{label}</th>" for _, label in columns)
    body = "".join(
        f"<tr><td>{place}. <code>{escape(name)}</code></td>"
        + "".join(f"<td>{_num(output['factors'][name][key])}</td>" for key, _ in columns)
        + "</tr>" for place, name in enumerate(output["ranking"], 1))
    return f"<table><tr><th>factor</th>{head}</tr>{body}</table>"


def _interactions(output: dict) -> str:
    pairs = output.get("S2")
    if not pairs:
        return ""
    ordered = sorted(pairs, key=lambda p: -abs(p["S2"] or 0.0))
    body = "".join(f"<tr><td><code>{escape(p['a'])}</code> × <code>{escape(p['b'])}</code>"
                   f"</td><td>{_num(p['S2'])}</td><td>{_num(p['S2_conf'])}</td></tr>"
                   for p in ordered)
    return (f"<h3>Interactions (second-order S2)</h3><table><tr><th>pair</th><th>S2</th>"
            f"<th>± conf</th></tr>{body}</table>")


def _note(summary: dict) -> str:
    return ("<p class=note>Each index is computed from the design points' means over seeds; "
            "with few seeds those means are noisy and the indices measure the noise too. "
            "Confidence intervals are bootstrap 95% half-widths. See docs/sensitivity.md."
            "</p>")


def _num(value) -> str:
    return "n/a" if value is None else f"{value:.3g}"
