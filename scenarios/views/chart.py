"""The exposure chart: a Gantt-like picture of a run's exposure windows, drawn server-side.

Rows are grouped by resource. Principals whose windows on a resource are identical (the
usual case: one group grant, one revocation) share a row labelled with their count, so a
grant to 26 engineers is one bar, not 26; anyone whose windows differ gets a row of their
own, and so does anyone who read the data inside a window. The template
`_exposure_chart.html` turns this geometry into inline SVG.
"""

from dataclasses import dataclass, field

from scenarios.reports.wording import clock

WIDTH = 960
LABEL_WIDTH = 230
RIGHT_PAD = 30
TOP = 34  # room for the alert and moment labels above the plot
ROW = 26
HEADING = 28
BAR = 14
AXIS = 44
LEGEND = 40
SHARED_ROW_AT = 3  # this many principals with identical windows share one row
TICK_STEPS = (5, 10, 15, 30, 60, 120, 180, 240, 360, 720)
MAX_TICKS = 10


@dataclass
class Bar:
    x: float
    width: float
    y: float
    open_at_end: bool
    title: str

    @property
    def arrow(self) -> str:
        """A chevron past the bar's end: the window runs on after the run stopped."""
        right, top, mid = self.x + self.width, self.y - 2, self.y + BAR / 2
        return f"{right},{top} {right + 9},{mid} {right},{self.y + BAR + 2}"


@dataclass
class Marker:
    x: float
    label: str
    anchor: str = "middle"


@dataclass
class Row:
    label: str
    title: str
    y: float
    bars: list[Bar] = field(default_factory=list)
    reads: list[tuple[str, str]] = field(default_factory=list)  # (diamond points, tooltip)
    shared: bool = False

    @property
    def text_y(self) -> float:
        return self.y + ROW / 2 + 5

    @property
    def band_y(self) -> float:
        return self.y + 1


@dataclass
class Chart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    headings: list[tuple[float, str]]
    rows: list[Row]
    ticks: list[tuple[float, str]]
    alerts: list[Marker]
    moment: Marker | None
    legend_y: float
    description: str
    minutes: float  # the time axis' length, for the time slider's script to move the marker

    @property
    def alert_label_y(self) -> float:
        return self.plot_top - 4

    @property
    def tick_y(self) -> float:
        return self.plot_bottom + 18

    @property
    def axis_label_y(self) -> float:
        return self.plot_bottom + 36

    @property
    def label_x(self) -> float:
        return self.plot_left - 10

    @property
    def row_width(self) -> float:
        return self.plot_right - 8


def exposure_chart(metrics: dict, moment: float | None = None) -> Chart | None:
    windows = metrics["exposure"]["windows"]
    if not windows:
        return None
    end = max([metrics.get("run_minutes") or 0] + [w["end"] for w in windows]) or 1
    scale = Scale(LABEL_WIDTH, WIDTH - RIGHT_PAD, end)
    readers = {(r["resource"], r["principal"])
               for r in metrics["exposure"]["unauthorized_read_events"]}
    headings, rows, y = [], [], TOP
    for resource, groups in _by_resource(windows, readers):
        headings.append((y + HEADING - 9, resource))
        y += HEADING
        for principals, spans in groups:
            rows.append(_row(resource, principals, spans, y, scale, metrics))
            y += ROW
    bottom = y + 6
    return Chart(
        width=WIDTH, height=int(bottom + AXIS + LEGEND), plot_left=scale.left,
        plot_right=scale.right, plot_top=TOP - 6, plot_bottom=bottom, headings=headings,
        rows=rows, ticks=[(scale.x(m), clock(m)) for m in ticks(end)],
        alerts=[scale.marker(s["t"], f"alert {clock(s['t'])}") for s in metrics["chain"]
                if s["kind"] == "alert" and s["t"] <= end],
        moment=scale.marker(moment, clock(moment)) if moment is not None else None,
        legend_y=bottom + AXIS, description=describe(metrics, len(rows)), minutes=end,
    )


class Scale:
    def __init__(self, left: float, right: float, minutes: float):
        self.left, self.right, self.minutes = left, right, minutes

    def x(self, minute: float) -> float:
        return round(self.left + (self.right - self.left) * minute / self.minutes, 1)

    def marker(self, minute: float, label: str) -> Marker:
        x = self.x(minute)
        anchor = "end" if x > self.right - 40 else "start" if x < self.left + 40 else "middle"
        return Marker(x, label, anchor)


def ticks(end: float) -> list[float]:
    step = next((s for s in TICK_STEPS if end / s <= MAX_TICKS), TICK_STEPS[-1])
    return [float(m) for m in range(0, int(end) + 1, step)]


def _by_resource(windows: list[dict], readers: set) -> list[tuple[str, list]]:
    """[(resource, [(principals, spans), ...])], resources by first window, rows by start.
    Whoever read the resource inside a window keeps a row of their own."""
    spans: dict[str, dict[str, list]] = {}
    for w in windows:
        spans.setdefault(w["resource"], {}).setdefault(w["principal"], []).append(
            (w["start"], w["end"], w["open_at_end"]))
    result = []
    for resource, per_principal in spans.items():
        shared: dict[tuple, list[str]] = {}
        for principal, own in per_principal.items():
            alone = (resource, principal) in readers
            shared.setdefault((tuple(own), principal if alone else None), []).append(principal)
        groups = []
        for (own, _), principals in shared.items():
            if len(principals) >= SHARED_ROW_AT:
                groups.append((sorted(principals), own))
            else:
                groups.extend(([p], own) for p in sorted(principals))
        groups.sort(key=lambda g: (g[1][0][0], -len(g[0]), g[0][0]))
        result.append((resource, groups))
    return result


def _row(resource, principals, spans, y, scale, metrics) -> Row:
    shared = len(principals) > 1
    label = f"{len(principals)} people" if shared else principals[0]
    who = ", ".join(principals)
    bar_y = y + (ROW - BAR) / 2
    bars = [Bar(scale.x(start), max(scale.x(end) - scale.x(start), 2.0), bar_y, still_open,
                f"{who}: {clock(start)} to {clock(end)}"
                + (" and still open when the run ended" if still_open else ""))
            for start, end, still_open in spans]
    reads = [(_diamond(scale.x(r["t"]), y + ROW / 2),
              f"{r['principal']} read {resource} at {clock(r['t'])}")
             for r in metrics["exposure"]["unauthorized_read_events"]
             if r["resource"] == resource and r["principal"] in principals]
    return Row(label=label, title=f"{resource}: {who}", y=y, bars=bars, reads=reads,
               shared=shared)


def _diamond(x: float, y: float, r: float = 6) -> str:
    return f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"


def describe(metrics: dict, rows: int) -> str:
    exposure = metrics["exposure"]
    parts = [f"{exposure['exposed_principals']} principals exposed on "
             f"{len(exposure['exposed_resources'])} resource(s), in {rows} row(s)."]
    for incident in exposure["incident_windows"]:
        still = ", still open when the run ended" if incident["open_at_end"] else ""
        parts.append(f"{incident['resource']}: {clock(incident['start'])} to "
                     f"{clock(incident['end'])}{still}.")
    parts.append(f"{exposure['unauthorized_reads']} unauthorized read(s).")
    return " ".join(parts)
