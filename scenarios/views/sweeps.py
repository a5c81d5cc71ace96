"""Sweeps: the list, and one sweep's comparison table and figures, from the database.

A sweep's runs are found by identity, as the sweep command finds them: the sweep's digest,
settings among the grid's combinations (each resolved over the scenario's own settings),
and seeds 1..N. The statistics and figures are scenarios.analysis's, the same as in the
sweep's report.html. Any signed-in user may see them (synthetic data, as runs).
"""

import math

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from scenarios.engine import resolve_settings
from scenarios.format import ScenarioError
from scenarios.metrics import OUTCOMES
from scenarios.models import Run, Sweep
from scenarios.runs import FAILED, settings_key
from scenarios.sweeps.grid import expand

from . import loading
from .page_cache import cache_key, remembered

SWEEPS_PER_PAGE = 25


@login_required
def sweep_list(request):
    page = Paginator(Sweep.objects.all(), SWEEPS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"sweep": s, "planned": planned_count(s)} for s in page]
    return render(request, "scenarios/sweep_list.html", {"page": page, "rows": rows})


def planned_count(sweep) -> int:
    return math.prod(len(values) for values in sweep.grid.values()) * sweep.seeds


@login_required
def sweep_detail(request, pk):
    sweep = get_object_or_404(Sweep, pk=pk)
    return render(request, "scenarios/sweep_detail.html", sweep_page(sweep))


def sweep_page(sweep) -> dict:
    """The sweep page's context, its analysis made once for the same runs (in Django's
    cache): the sweep command calls it too when a sweep finishes, so the first view is warm."""
    loaded, problem = scenario_of(sweep)
    stored = list(runs_of(sweep, loaded).order_by("pk").values_list("pk", "outcome"))
    context = {"sweep": sweep, "problem": problem, "stored": len(stored),
               "planned": planned_count(sweep), "analysis": None,
               "failed": sum(1 for _, outcome in stored if outcome == FAILED)}
    if stored:
        context.update(analysed(sweep, loaded, stored))
    return context


def scenario_of(sweep):
    """The scenario the sweep ran, if its file still has the sweep's digest."""
    for name in (sweep.scenario_file, sweep.scenario):
        try:
            loaded = loading.load(name)
        except ScenarioError:
            continue
        if loaded.digest == sweep.digest:
            return loaded, None
    return None, (f"The scenario file of this sweep is missing or has changed since (digest "
                  f"{sweep.digest}). Its runs are matched on the grid's settings alone, and "
                  "the baseline is the first setting rather than the scenario's own.")


def sweep_rows(sweep, loaded) -> list[dict]:
    """The sweep's stored runs as analysis rows, in grid order, then seed."""
    points = expand(sweep.grid)
    runs = list(runs_of(sweep, loaded).values("pk", "scenario", "settings", "settings_key",
                                                "seed", "outcome", "failure", "metrics"))
    keys = grid_keys(loaded, points)
    order = {key: index for index, key in enumerate(keys)}

    def place(run):
        index = order.get(run["settings_key"])
        return (_point_index(run["settings"], points) if index is None else index, run["seed"])

    return [{"run_id": r["pk"], "scenario": r["scenario"], "digest": sweep.digest,
             "settings": r["settings"], "seed": r["seed"], "outcome": r["outcome"],
             "failure": r["failure"], "metrics": r["metrics"]} for r in sorted(runs, key=place)]


def grid_keys(loaded, points: list[dict]) -> list[str]:
    """The settings keys of the grid's points, each resolved over the scenario's settings
    (none when the scenario is gone: runs are then matched on the grid's settings alone)."""
    if loaded is None:
        return []
    return [settings_key(resolve_settings(loaded.scenario, p)) for p in points]


def runs_of(sweep, loaded):
    """The stored runs of `sweep`, as a queryset (for the runs list's filter too)."""
    runs = Run.objects.filter(digest=sweep.digest, seed__gte=1, seed__lte=sweep.seeds)
    points = expand(sweep.grid)
    if loaded is not None:
        return runs.filter(settings_key__in=grid_keys(loaded, points))
    return runs.filter(pk__in=[pk for pk, settings in runs.values_list("pk", "settings")
                               if _on_grid(settings, points)])


def _on_grid(settings: dict, points: list[dict]) -> bool:
    return _point_index(settings, points) < len(points)


def _point_index(settings: dict, points: list[dict]) -> int:
    for index, point in enumerate(points):
        if all(settings.get(k) == v for k, v in point.items()):
            return index
    return len(points)


def analysed(sweep, loaded, stored: list[tuple[int, str]]) -> dict:
    """The page's analysis as HTML, made once for the same runs. The key is the sweep's
    definition and its runs' (id, outcome): a failed run that is tried again keeps its id
    but changes its outcome, and a finished run never changes."""
    key = cache_key("sweep-page", sweep.digest, list(sweep.grid.items()), sweep.seeds,
                    loaded is not None, stored)
    return remembered(key, lambda: _analysis_page(sweep, loaded, set(stored)))


def _analysis_page(sweep, loaded, stored: set) -> dict:
    rows = [row for row in sweep_rows(sweep, loaded) if (row["run_id"], row["outcome"]) in stored]
    analysis = _analyse(sweep, loaded, rows)
    html = render_to_string("scenarios/_sweep_analysis.html",
                            {**analysis, "outcome_names": OUTCOMES})
    summary = analysis["summary"]
    return {"analysis": html, "baseline": summary["baseline"],
            "fixed_settings": summary["fixed_settings"]}


def _analyse(sweep, loaded, rows: list[dict]) -> dict:
    """summarise() for the table; the analysis's own figures (matplotlib, imported late)."""
    from scenarios.analysis import plots, summarise
    from scenarios.analysis.summary import group_label

    defaults = resolve_settings(loaded.scenario) if loaded is not None else None
    summary = summarise(rows, defaults=defaults, order=list(sweep.grid))
    by_label = {c["label"]: c for c in summary["comparisons"]}
    runs: dict[str, list[dict]] = {}
    for row in rows:
        runs.setdefault(group_label(row["settings"], summary["varying"]), []).append(row)
    groups = [{"group": g, "comparison": by_label.get(g["label"]),
               "baseline": g["label"] == summary["baseline"], "runs": runs.get(g["label"], [])}
              for g in summary["groups"]]
    finished = [row for row in rows if row["outcome"] != FAILED]  # failed runs have no figures
    return {"summary": summary, "groups": groups, "plots": plots.all_plots(summary, finished)}
