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

from scenarios.engine import resolve_settings
from scenarios.format import ScenarioError, load_scenario
from scenarios.metrics import OUTCOMES
from scenarios.models import Run, Sweep
from scenarios.runs import FAILED, settings_key
from scenarios.sweeps.grid import expand

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
    loaded, problem = scenario_of(sweep)
    rows = sweep_rows(sweep, loaded)
    context = {"sweep": sweep, "problem": problem, "rows": rows,
               "planned": planned_count(sweep), "summary": None, "plots": [],
               "outcome_names": OUTCOMES,
               "failed": sum(1 for row in rows if row["outcome"] == FAILED)}
    if rows:
        context.update(analysed(sweep, loaded, rows))
    return render(request, "scenarios/sweep_detail.html", context)


def scenario_of(sweep):
    """The scenario the sweep ran, if its file still has the sweep's digest."""
    for name in (sweep.scenario_file, sweep.scenario):
        try:
            loaded = load_scenario(name)
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
    runs = list(runs_of(sweep, loaded).defer("log"))
    keys = grid_keys(loaded, points)
    order = {key: index for index, key in enumerate(keys)}
    runs.sort(key=lambda r: (order.get(r.settings_key, _point_index(r.settings, points)),
                             r.seed))
    return [{"run_id": r.pk, "scenario": r.scenario, "digest": r.digest,
             "settings": r.settings, "seed": r.seed, "outcome": r.outcome,
             "metrics": r.metrics} for r in runs]


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


def analysed(sweep, loaded, rows: list[dict]) -> dict:
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
