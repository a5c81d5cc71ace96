"""The trainer's view: their cohorts, each trainee's attempts and scores over time, the
signals most often missed, and a CSV of it all. Only trainers; only their own cohorts."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import cohorts
from ..checks import ORDER
from ..training_forms import CohortForm, TraineeForm


def trainers_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not cohorts.is_trainer(request.user):
            raise PermissionDenied("Only trainers may see cohorts.")
        return view(request, *args, **kwargs)
    return wrapped


def _cohort(request, pk):
    """Another trainer's cohort is not found, exactly like one that does not exist."""
    return get_object_or_404(cohorts.cohorts_of(request.user), pk=pk)


@trainers_only
def cohort_list(request):
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = cohorts.create_cohort(request.user, form.cleaned_data["name"])
        return redirect("exercises:cohort", pk=cohort.pk)
    return render(request, "exercises/training_cohorts.html", {
        "cohorts": cohorts.cohorts_of(request.user), "form": form},
        status=400 if form.errors else 200)


@trainers_only
def cohort(request, pk, trainee_form=None):
    chosen = _cohort(request, pk)
    return render(request, "exercises/training_cohort.html", {
        "cohort": chosen, "trainees": cohorts.per_trainee(chosen),
        "missed": cohorts.missed_signals(cohorts.cohort_attempts(chosen)),
        "form": trainee_form or TraineeForm(), "checks_total": len(ORDER)}, status=400 if trainee_form else 200)


@require_POST
@trainers_only
def add_trainee(request, pk):
    chosen = _cohort(request, pk)
    form = TraineeForm(request.POST)
    if form.is_valid():
        try:
            cohorts.add_trainee(chosen, form.cleaned_data["username"])
            return redirect("exercises:cohort", pk=chosen.pk)
        except cohorts.NotATrainee as refused:
            form.add_error("username", str(refused))
    return cohort(request, pk, trainee_form=form)


@trainers_only
def cohort_csv(request, pk):
    chosen = _cohort(request, pk)
    response = HttpResponse(cohorts.attempts_csv(cohorts.cohort_attempts(chosen)),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cohort-{chosen.pk}-attempts.csv"'
    return response
