"""Sensitivity analyses, beside sweeps: the list, one analysis's ranked indices (the chart
of its report.html, drawn by scenarios.sensitivity.report_html), its interactions, the
assumptions that matter most, its design points with their runs, and its files.

Who may see them: as sweeps and runs, synthetic exercise data, so every signed-in user
may see every analysis. The command that makes one runs on the server's command line,
where there is no signed-in user to own it. Anonymous visitors are sent to sign in.
"""

import json
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from scenarios.format.files import FileRefused, read_text
from scenarios.models import Run, SensitivityAnalysis

from .page_cache import cache_key, remembered

ANALYSES_PER_PAGE = 25
POINTS_PER_PAGE = 20
FILES = {"report.html": "text/html", "summary.json": "application/json"}
MAX_FILE_BYTES = 50_000_000  # report.html holds its charts as PNGs


@login_required
def sensitivity_list(request):
    analyses = SensitivityAnalysis.objects.defer("design_runs", "summary")
    page = Paginator(analyses, ANALYSES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "scenarios/sensitivity_list.html", {"page": page})


@login_required
def sensitivity_detail(request, pk):
    from scenarios.sensitivity.report_html import factor_range  # matplotlib, when first needed

    analysis = get_object_or_404(SensitivityAnalysis, pk=pk)
    summary = analysis.summary or {}
    points = Paginator(analysis.design_runs, POINTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "scenarios/sensitivity_detail.html", {
        "analysis": analysis, "summary": summary, "outputs": outputs(summary),
        "factors": [(f["name"], factor_range(f)) for f in analysis.factors],
        "ranked_by": "mu*" if analysis.method == "morris" else "the total-order index ST",
        "assumptions": assumptions(summary), "page": points, "points": with_runs(points),
        "files": [name for name in FILES if file_of(analysis, name)],
    })


@login_required
def sensitivity_file(request, pk, name):
    analysis = get_object_or_404(SensitivityAnalysis, pk=pk)
    if name not in FILES:
        raise Http404("no such file of an analysis")
    path = file_of(analysis, name)
    if path is None:
        raise Http404(f"{name} of this analysis is not in {analysis.out_dir}")
    try:
        text = read_text(path, limit=MAX_FILE_BYTES, what=name)
    except FileRefused as error:
        raise Http404(str(error)) from None
    response = HttpResponse(text, content_type=f"{FILES[name]}; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="sensitivity-{analysis.pk}-'
                                       f'{name}"')
    return response


def file_of(analysis, name: str) -> Path | None:
    """DIR/name, if DIR still holds this analysis's design (design.json says so): a later
    analysis written to the same directory is not taken for this one."""
    where = Path(analysis.out_dir)
    try:
        design = json.loads(read_text(where / "design.json", limit=1_000_000,
                                      what="design file"))
    except (FileRefused, ValueError):
        return None
    if design != analysis.identity() or not (where / name).is_file():
        return None
    return where / name


def outputs(summary: dict) -> list[dict]:
    """Per output: its indices ranked, the columns of report.html's table, its chart and its
    interactions (Sobol's S2, the largest first)."""
    from scenarios.sensitivity.report_html import MORRIS_COLUMNS, SOBOL_COLUMNS

    columns = MORRIS_COLUMNS if summary.get("method") == "morris" else SOBOL_COLUMNS
    shown = []
    for name, output in summary.get("outputs", {}).items():
        ranked = [{"name": factor, "cells": [output["factors"][factor][key] for key, _ in columns]}
                  for factor in output["ranking"]]
        pairs = sorted(output.get("S2") or [], key=lambda p: -abs(p["S2"] or 0.0))
        shown.append({"name": name, "label": output["label"], "mean": output["mean"],
                      "chart": chart(summary, output), "headings": [h for _, h in columns],
                      "ranked": ranked, "interactions": pairs})
    return shown


def chart(summary: dict, output: dict) -> str:
    """report.html's ranked chart, drawn once per summary and output, not per request."""
    from scenarios.sensitivity.report_html import ranked_chart

    return remembered(chart_key(summary, output), lambda: ranked_chart(summary, output))


def chart_key(summary: dict, output: dict) -> str:
    return cache_key("sensitivity-chart", summary["ranked_by"], output)


def assumptions(summary: dict) -> list[dict]:
    """The summary's `assumptions` (which behavioural parameters matter most, and whether a
    source backs them), most influential first; [] for a summary without them."""
    listed = summary.get("assumptions") or []
    labels = {name: output["label"] for name, output in summary.get("outputs", {}).items()}
    return [{**item, "output_labels": [labels.get(o, o) for o in item.get("outputs", [])]}
            for item in sorted(listed, key=lambda a: a.get("rank") or 0)]


def with_runs(points) -> list[dict]:
    """The page's design points, each run with its seed and outcome (one query)."""
    ids = [run_id for point in points for run_id in point["runs"]]
    outcomes = dict(Run.objects.filter(pk__in=ids).values_list("pk", "outcome"))
    return [{**point, "runs": [{"id": run_id, "seed": seed, "outcome": outcomes.get(run_id)}
                               for seed, run_id in enumerate(point["runs"], 1)]}
            for point in points]
