"""Training pages: pick an exercise, decide as the employee, read the debrief."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .. import training
from ..models import TrainingAttempt

OPTIONS = (
    ("follow", "Carry out the advice", "Make the change the answer recommends, now."),
    ("verify", "Check it first", "Look at who wrote it, the dataset and its audience, then "
                                 "decide."),
    ("ignore", "Leave it", "Do nothing with this answer."),
)


def _exercise(slug) -> training.Exercise:
    try:
        return training.EXERCISES[slug]
    except KeyError:
        raise Http404("No such exercise") from None


@login_required
def training_index(request):
    progress = training.progress(request.user)
    rows = [{"exercise": e, "stats": progress["per_exercise"].get(e.slug)}
            for e in training.EXERCISES.values()]
    return render(request, "exercises/training_index.html",
                  {"rows": rows, "progress": progress})


@login_required
def exercise(request, slug):
    chosen = _exercise(slug)
    if request.method == "POST":
        choice = request.POST.get("choice", "")
        if choice in {value for value, _, _ in OPTIONS}:
            attempt = training.attempt(request.user, chosen, choice)
            return redirect("exercises:debrief", pk=attempt.pk)
        error, status = "Pick one of the three options.", 400
    else:
        error, status = None, 200
    return render(request, "exercises/training_play.html", {
        "exercise": chosen, "situation": training.situation(chosen), "options": OPTIONS,
        "error": error}, status=status)


@login_required
def debrief(request, pk):
    attempt = get_object_or_404(TrainingAttempt, pk=pk, trainee=request.user)
    chosen = _exercise(attempt.exercise)
    results = attempt.details["results"]
    rows = [{"value": value, "label": label, "result": results[value],
             "score": training.score(value, results), "mine": value == attempt.choice}
            for value, label, _ in OPTIONS if value in results]
    return render(request, "exercises/training_debrief.html", {
        "attempt": attempt, "exercise": chosen, "rows": rows,
        "signals": attempt.details["signals"]})
