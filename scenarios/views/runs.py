"""Stored runs: the list with its filters, one run's incident page, its markdown summary.

Who may see them: runs are synthetic exercise data (a scenario replayed in a throw-away
sandbox forum, with made-up people and records), not the forum's own ACL-protected data,
so every signed-in user may see every run. Anonymous visitors are sent to sign in.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models.fields.json import KeyTransform
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render

from scenarios.models import Run
from scenarios.reports import render as render_report
from scenarios.reports.windows import LISTINGS, windows_shown
from scenarios.reports.wording import OUTCOME_WORDS

from .chart import exposure_chart
from .explaining import CannotExplain, explained, explanation
from .figures import run_cost, run_figures
from .forms import MomentForm, RunFilterForm
from .presenting import (
    chain_steps,
    changed_settings,
    event_rows,
    incident_span,
    scenario_defaults,
)
from .snapshot import SnapshotUnavailable, remembered_snapshot

RUNS_PER_PAGE = 25
# What a row of the runs list shows: not the log, the metrics or the scenario's text.
LISTED = ("scenario", "digest", "settings", "seed", "outcome", "session", "created_at")


@login_required
def run_list(request):
    names = Run.objects.order_by("scenario").values_list("scenario", flat=True).distinct()
    form = RunFilterForm(request.GET, scenarios=list(names))
    incidents = KeyTransform("incident_windows", KeyTransform("exposure", "metrics"))
    runs = form.filter(Run.objects.only(*LISTED).annotate(incidents=incidents))
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    defaults: dict = {}
    rows = [{
        "run": run,
        "changed": changed_settings(run.settings,
                                    scenario_defaults(run.scenario, run.digest, defaults)),
        "incident": incident_span(run.incidents),
    } for run in page]
    return render(request, "scenarios/run_list.html", {
        "form": form, "page": page, "rows": rows,
        "filtered": any(request.GET.get(k) for k in form.fields),
    }, status=400 if form.errors else 200)


@login_required
def run_detail(request, pk):
    run = get_object_or_404(Run, pk=pk)
    listing = _windows_listing(request)
    if listing is None:
        return _bad_listing()
    metrics = run.metrics
    form = _moment_form(request, metrics)
    moment = form.cleaned_data["t"] if form.is_valid() else None
    records = run.records()
    setup, events = event_rows(records, metrics)
    defaults = scenario_defaults(run.scenario, run.digest, {})
    return render(request, "scenarios/run_detail.html", {
        "run": run, "metrics": metrics, "outcome_words": OUTCOME_WORDS[run.outcome],
        "figures": run_figures(metrics), "cost": run_cost(metrics),
        "changed": dict(changed_settings(run.settings, defaults)),
        "chain": chain_steps(metrics["chain"], records), "chart": exposure_chart(metrics, moment),
        "windows": windows_shown(metrics, listing), "listing": listing,
        "episodes": metrics["detection"].get("episodes") or [],
        "setup_events": setup, "events": events, **_forum_at(run, form),
    }, status=200 if form.is_valid() else 400)


@login_required
def run_at(request, pk):
    """The forum at minute `t` alone: the part of the run page the time slider swaps in."""
    run = get_object_or_404(Run.objects.defer("log"), pk=pk)
    form = _moment_form(request, run.metrics)
    return render(request, "scenarios/_snapshot_view.html", {"run": run, **_forum_at(run, form)},
                  status=200 if form.is_valid() else 400)


def _forum_at(run, form: MomentForm) -> dict:
    """The snapshot at the form's minute, or why there is none."""
    snapshot, unavailable = None, None
    if form.is_valid():
        try:
            snapshot = remembered_snapshot(run, form.cleaned_data["t"],
                                           run.metrics.get("run_minutes") or 0)
        except SnapshotUnavailable as error:
            unavailable = str(error)
    return {"form": form, "snapshot": snapshot, "unavailable": unavailable}


def _moment_form(request, metrics: dict) -> MomentForm:
    """The minute asked for (`?t=`), or by default the middle of the first incident window
    (the forum while data was exposed), or the end of the run when nothing was."""
    minutes = metrics.get("run_minutes") or 0
    data = request.GET if "t" in request.GET else {"t": default_moment(metrics)}
    form = MomentForm(data, minutes=minutes)
    form.is_valid()
    return form


def default_moment(metrics: dict) -> int:
    incidents = metrics["exposure"]["incident_windows"]
    if not incidents:
        return int(metrics.get("run_minutes") or 0)
    first = min(incidents, key=lambda w: w["start"])
    return int(round((first["start"] + first["end"]) / 2))


@login_required
def run_explain(request, pk):
    """Which single control would have stopped it: the fragment the run page loads on demand
    (header X-Overstep-Fragment), or a page of its own without JavaScript."""
    run = get_object_or_404(Run.objects.defer("log"), pk=pk)
    try:
        context, status = explained(explanation(run)), 200
    except CannotExplain as error:
        context, status = {"problem": str(error)}, 409
    fragment = request.headers.get("X-Overstep-Fragment") == "1"
    template = "scenarios/_explain.html" if fragment else "scenarios/run_explain.html"
    return render(request, template, {"run": run, **context}, status=status)


@login_required
def run_summary(request, pk):
    """The after-action summary in markdown, to paste into a ticket."""
    run = get_object_or_404(Run.objects.defer("log"), pk=pk)
    listing = _windows_listing(request)
    if listing is None:
        return _bad_listing()
    response = HttpResponse(render_report(run.metrics, "markdown", listing),
                            content_type="text/markdown; charset=utf-8")
    filename = f"run-{run.pk}-{run.scenario}-seed-{run.seed}.md"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _windows_listing(request) -> str | None:
    """`?windows=grouped|all`, grouped when absent; None when it is neither."""
    listing = request.GET.get("windows", "grouped")
    return listing if listing in LISTINGS else None


def _bad_listing():
    return HttpResponseBadRequest(f"windows: choose one of {', '.join(LISTINGS)}",
                                  content_type="text/plain; charset=utf-8")
