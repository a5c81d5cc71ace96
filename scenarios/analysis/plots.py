"""The sweep report's figures, as base64 PNG data URIs so report.html stands alone.

Each function takes the summarise() output (and the rows, for per-run distributions) and
returns one `data:image/png;base64,...` string. Settings are on the vertical axis, one row
per group, in the summary's order (the baseline first when it is the first group).
"""

import base64
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .rows import figure  # noqa: E402
from .summary import group_rows  # noqa: E402

JITTER_SEED = 7
POINT = "#1f4e79"
SPREAD = "#9fb8d1"


def _labels(summary: dict) -> list[str]:
    return [g["label"].replace(", ", "\n") for g in summary["groups"]]


def _figure(summary: dict, columns: int = 1):
    lines_per_label = max(1, len(summary["varying"]))
    height = 1.6 + 0.45 * len(summary["groups"]) * lines_per_label
    fig, axes = plt.subplots(1, columns, figsize=(5.2 * columns + 2.4, height), squeeze=False,
                             sharey=True)
    return fig, list(axes[0])


def _encode(fig) -> str:
    buffer = io.BytesIO()
    fig.tight_layout()
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


def exposure_probability(summary: dict) -> str:
    fig, (ax,) = _figure(summary)
    _proportion_panel(ax, summary, "exposure", "probability",
                      "Probability of exposure per setting")
    ax.set_ylabel("setting")
    return _encode(fig)


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


def _per_run(summary: dict, rows: list[dict], path: str) -> list[list[float]]:
    groups = group_rows(rows, summary["varying"])
    return [[float(v) for r in g["rows"] if (v := figure(r, path)) is not None]
            for g in groups]


def incident_windows(summary: dict, rows: list[dict]) -> str:
    fig, (ax,) = _figure(summary)
    _strip(ax, _per_run(summary, rows, "exposure.incident_window_minutes"),
           _labels(summary), "incident window (minutes; 0 = no exposure)",
           "Incident-window length per run, by setting")
    ax.set_ylabel("setting")
    return _encode(fig)


def person_minutes(summary: dict, rows: list[dict]) -> str:
    fig, (ax,) = _figure(summary)
    _strip(ax, _per_run(summary, rows, "exposure.person_minutes"), _labels(summary),
           "person-minutes exposed per run (box = quartiles; dots = runs)",
           "Person-minutes of exposure per setting")
    ax.set_ylabel("setting")
    return _encode(fig)


def cost(summary: dict) -> str:
    fig, (left, middle, right) = _figure(summary, columns=3)
    _proportion_panel(left, summary, "cost", "answered_correctly",
                      "P(question answered correctly)")
    left.set_ylabel("setting")
    for ax, name, xlabel, title in (
        (middle, "time_to_answer_minutes", "minutes (mean; bar = bootstrap 95% CI)",
         "Time to answer (answered runs)"),
        (right, "approvals_requested", "requests per run (mean; bar = bootstrap 95% CI)",
         "Approvals and reviews requested"),
    ):
        figures = [g["cost"][name] for g in summary["groups"]]
        _interval_points(ax, [f["mean"] for f in figures], [f["mean_ci"] for f in figures],
                         _labels(summary), colour="#7a3b00")
        ax.set_xlim(left=0)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
    return _encode(fig)


def all_plots(summary: dict, rows: list[dict]) -> list[tuple[str, str]]:
    """(caption, data URI) for every figure of the report, in reading order."""
    if not summary["groups"]:
        return []
    return [
        ("Probability of exposure", exposure_probability(summary)),
        ("Incident-window length", incident_windows(summary, rows)),
        ("Person-minutes exposed", person_minutes(summary, rows)),
        ("Cost of safety", cost(summary)),
    ]
