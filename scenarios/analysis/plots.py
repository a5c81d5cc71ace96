"""The sweep report's figures, as base64 PNG data URIs so report.html stands alone.

Each function takes the summarise() output (and the rows, for per-run distributions) and
returns one `data:image/png;base64,...` string. Settings are on the vertical axis, one row
per group, in the summary's order (the baseline first when it is the first group).
"""

import base64
import functools
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .recent import Recent  # noqa: E402
from .rows import figure  # noqa: E402
from .summary import group_rows  # noqa: E402

JITTER_SEED = 7
POINT = "#1f4e79"
SPREAD = "#9fb8d1"


def _labels(summary: dict) -> list[str]:
    return [g["label"].replace(", ", "\n") for g in summary["groups"]]


# Sizes a figure keeps legible when a page scales it down to a phone's width.
LEGIBLE = {"font.size": 11, "axes.titlesize": 13, "axes.titleweight": "bold",
           "axes.labelsize": 11, "xtick.labelsize": 10, "ytick.labelsize": 10}


def legible(plot):
    """Draw `plot` with the LEGIBLE sizes (without changing matplotlib's global settings)."""
    @functools.wraps(plot)
    def drawn(*args, **kwargs):
        with plt.rc_context(LEGIBLE):
            return plot(*args, **kwargs)
    return drawn


def _figure(summary: dict, panels: int = 1):
    """One panel, or `panels` stacked one under another (each as wide as the figure), so no
    panel is squeezed beside another."""
    lines_per_label = max(1, len(summary["varying"]))
    height = 1.5 + 0.4 * len(summary["groups"]) * lines_per_label
    fig, axes = plt.subplots(panels, 1, figsize=(7.6, height * panels), squeeze=False)
    return fig, [row[0] for row in axes]


def encode_figure(fig) -> str:
    buffer = io.BytesIO()
    fig.tight_layout(h_pad=2.0)
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _interval_points(ax, estimates, intervals, labels, colour=POINT):
    y = np.arange(len(labels))
    low = [e - i[0] if i else 0 for e, i in zip(estimates, intervals)]
    high = [i[1] - e if i else 0 for e, i in zip(estimates, intervals)]
    present = [e is not None for e in estimates]
    ax.errorbar([e if p else np.nan for e, p in zip(estimates, present)], y,
                xerr=[[lo if p else 0 for lo, p in zip(low, present)],
                      [hi if p else 0 for hi, p in zip(high, present)]],
                fmt="o", color=colour, capsize=4)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)


def _proportion_panel(ax, summary, section, name, title):
    props = [g[section][name] for g in summary["groups"]]
    _interval_points(ax, [p["estimate"] for p in props], [p["ci"] for p in props],
                     _labels(summary))
    ax.set_xlim(-0.05, 1.05)
    ax.set_title(title)
    ax.set_xlabel("probability per run (dot; bar = Wilson 95% CI)")


@legible
def exposure_probability(summary: dict) -> str:
    fig, (ax,) = _figure(summary)
    _proportion_panel(ax, summary, "exposure", "probability",
                      "Probability of exposure per setting")
    ax.set_ylabel("setting")
    return encode_figure(fig)


def _strip(ax, values_per_group, labels, xlabel, title):
    rng = np.random.default_rng(JITTER_SEED)
    y = np.arange(len(labels))
    data = [v if v else [np.nan] for v in values_per_group]
    ax.boxplot(data, positions=y, orientation="horizontal", widths=0.5,
               showfliers=False, medianprops={"color": POINT})
    for position, values in zip(y, values_per_group):
        jitter = rng.uniform(-0.15, 0.15, size=len(values))
        ax.scatter(values, position + jitter, s=14, color=SPREAD, edgecolor=POINT,
                   linewidth=0.5, zorder=3)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)


PER_RUN_FIGURES = ("exposure.incident_window_minutes", "exposure.person_minutes")


def _per_run(summary: dict, rows: list[dict], path: str) -> list[list[float]]:
    groups = group_rows(rows, summary["varying"])
    return [[float(v) for r in g["rows"] if (v := figure(r, path)) is not None]
            for g in groups]


@legible
def incident_windows(summary: dict, rows: list[dict]) -> str:
    fig, (ax,) = _figure(summary)
    _strip(ax, _per_run(summary, rows, PER_RUN_FIGURES[0]),
           _labels(summary), "incident window (minutes; 0 = no exposure)",
           "Incident-window length per run, by setting")
    ax.set_ylabel("setting")
    return encode_figure(fig)


@legible
def person_minutes(summary: dict, rows: list[dict]) -> str:
    fig, (ax,) = _figure(summary)
    _strip(ax, _per_run(summary, rows, PER_RUN_FIGURES[1]), _labels(summary),
           "person-minutes exposed per run (box = quartiles; dots = runs)",
           "Person-minutes of exposure per setting")
    ax.set_ylabel("setting")
    return encode_figure(fig)


@legible
def cost(summary: dict) -> str:
    """Three panels, one under another: correct answers, time to answer, approvals."""
    fig, (top, middle, bottom) = _figure(summary, panels=3)
    _proportion_panel(top, summary, "cost", "answered_correctly",
                      "Cost of safety: P(question answered correctly)")
    for ax, name, xlabel, title in (
        (middle, "time_to_answer_minutes", "minutes (mean; bar = bootstrap 95% CI)",
         "Cost of safety: time to answer (answered runs)"),
        (bottom, "approvals_requested", "requests per run (mean; bar = bootstrap 95% CI)",
         "Cost of safety: approvals and reviews requested"),
    ):
        figures = [g["cost"][name] for g in summary["groups"]]
        _interval_points(ax, [f["mean"] for f in figures], [f["mean_ci"] for f in figures],
                         _labels(summary), colour="#7a3b00")
        ax.margins(x=0.08)  # a dot at the largest value stays clear of the frame
        ax.set_xlim(left=0)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
    for ax in (top, middle, bottom):
        ax.set_ylabel("setting")
    return encode_figure(fig)


def all_plots(summary: dict, rows: list[dict]) -> list[tuple[str, str]]:
    """(caption, data URI) for every figure of the report, in reading order."""
    if not summary["groups"]:
        return []
    shown = {"groups": summary["groups"], "varying": summary["varying"],
             "per_run": [_per_run(summary, rows, path) for path in PER_RUN_FIGURES]}
    return list(_DRAWN.get(shown, lambda: [
        ("Probability of exposure", exposure_probability(summary)),
        ("Incident-window length", incident_windows(summary, rows)),
        ("Person-minutes exposed", person_minutes(summary, rows)),
        ("Cost of safety", cost(summary)),
    ]))


# Drawn once for report.html and the web page's cache (recent.py), kept by everything the
# figures show: the groups' statistics and the per-run figures.
_DRAWN = Recent(2)
