"""Training pages: pick an exercise, decide as the employee (checking first or not), read
the debrief. Views parse and authorise; exercises.training does the work."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from .. import choices, cohorts, debrief as words, training, training_token
from ..checks import TITLES
from ..training_score import parts

CHECK = "verify"
EXPIRED = "This exercise page has expired or was changed. Start the exercise again."


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
    return render(request, "exercises/training_index.html", {
        "rows": rows, "progress": progress, "is_trainer": cohorts.is_trainer(request.user)})


@login_required
def exercise(request, slug):
    chosen = _exercise(slug)
    if request.method != "POST":
        return _ask(request, chosen, training_token.issue(request.user, slug))
    state = training_token.read(request.POST.get("t", ""), request.user, slug)
    choice = request.POST.get("choice", "")
    if state is None:
        return _ask(request, chosen, training_token.issue(request.user, slug), EXPIRED)
    if choice == CHECK:
        return redirect(_check_url(slug, request.POST["t"]))
    if choice not in training.FINAL_CHOICES:
        return _ask(request, chosen, request.POST["t"], "Pick one of the options.")
    attempt = training.attempt(request.user, chosen, choice, state["looked"],
                               training_token.seconds_since(state["started"]))
    return redirect("exercises:debrief", pk=attempt.pk)


def _ask(request, chosen, token, error=None):
    view = training.situation(chosen)
    return render(request, "exercises/training_play.html", {
        "exercise": chosen, "situation": view, "token": token, "error": error,
        "options": choices.options_for(view["kind"])}, status=400 if error else 200)


def _check_url(slug, token, look=None) -> str:
    query = {"t": token, **({"look": look} if look else {})}
    return reverse("exercises:check", args=[slug]) + "?" + urlencode(query)


@login_required
def check(request, slug):
    """The facts a careful engineer looks at, each opened on request; then the question
    again, without "check it first"."""
    chosen = _exercise(slug)
    state = training_token.read(request.GET.get("t", ""), request.user, slug)
    if state is None:
        return _ask(request, chosen, training_token.issue(request.user, slug), EXPIRED)
    look = request.GET.get("look")
    if look in TITLES and look not in state["looked"]:
        state["looked"].append(look)
    token = training_token.issue(request.user, slug, state["looked"], state["started"])
    view = training.situation(chosen)
    checks = [{**c, "open": c["key"] in state["looked"],
               "url": _check_url(slug, token, c["key"])} for c in view["checks"]]
    return render(request, "exercises/training_check.html", {
        "exercise": chosen, "situation": view, "checks": checks, "token": token,
        "options": choices.options_for(view["kind"], training.FINAL_CHOICES)})


@login_required
def debrief(request, pk):
    attempt = get_object_or_404(cohorts.visible_attempts(request.user), pk=pk)
    chosen = _exercise(attempt.exercise)
    kind = attempt.details.get("kind", "follow_advice")
    results = attempt.details["results"]
    rows = [{"label": choices.option_label(kind, value), "result": results[value],
             "mine": value == attempt.choice} for value in results]
    signals = [{**s, "looked": s["key"] in attempt.looked_at}
               for s in attempt.details["signals"] if "key" in s]
    return render(request, "exercises/training_debrief.html", {
        "attempt": attempt, "exercise": chosen, "rows": rows, "signals": signals,
        "own": attempt.trainee_id == request.user.pk, "parts": parts(attempt),
        "what_you_did": words.what_you_did(attempt),
        "outcome_words": words.outcome_in_words(attempt),
        "near_miss_vs_prevented": words.NEAR_MISS_VS_PREVENTED,
        "score_lines": words.score_lines(attempt)})
