"""Tabletop pages: start, the facilitator's console, a participant's seat (the report is
in views/reports.py).
Views parse and authorise; exercises.sessions and exercises.reports do the work."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from scenarios.format import ScenarioError, load_library
from scenarios.reports.wording import clock

from .. import sessions
from ..choices import option_label
from ..forms import InjectForm, NoteForm, RunToForm, ScenarioPickForm, StartSessionForm
from ..inbox import inbox
from ..models import TabletopSession
from ..timeline import readable_events


def _session(pk) -> TabletopSession:
    return get_object_or_404(TabletopSession.objects.select_related("facilitator"), pk=pk)


def _facilitated(request, pk) -> TabletopSession:
    session = _session(pk)
    if session.facilitator_id != request.user.pk:
        raise PermissionDenied("Only the session's facilitator may do this.")
    return session


def _viewable(request, pk) -> TabletopSession:
    session = _session(pk)
    if not sessions.may_view(session, request.user):
        raise PermissionDenied("You are not part of this session.")
    return session


def _watchable(request, pk) -> TabletopSession:
    """The table or an invited observer: the room view and the after-action report."""
    session = _session(pk)
    if not sessions.may_watch(session, request.user):
        raise PermissionDenied("Only the table and the observers the facilitator invited "
                               "may watch this session.")
    return session


def answers_when_unreadable(view):
    """A session whose stored inputs cannot be replayed gets a page that says so and shows
    what is stored (the facilitator can still end it), never a 500."""
    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        try:
            return view(request, pk, *args, **kwargs)
        except sessions.SessionUnreadable as broken:
            session = broken.session
            return render(request, "exercises/unreadable.html", {
                "session": session, "problem": str(broken),
                "is_facilitator": session.facilitator_id == request.user.pk,
                "assignments": session.assignments.select_related("person"),
                "decisions": session.decisions.select_related("decided_by"),
                "injections": session.injections.all(),
            }, status=200 if request.method == "GET" else 409)
    return wrapper


@login_required
def index(request):
    user = request.user
    return render(request, "exercises/index.html", {
        "facilitated": TabletopSession.objects.filter(facilitator=user)[:20],
        "playing": TabletopSession.objects.filter(assignments__person=user).distinct()[:20],
        "observing": TabletopSession.objects.filter(observers=user)[:20],
        "can_facilitate": sessions.is_facilitator(user),
    })


@login_required
def new_session(request):
    if not sessions.is_facilitator(request.user):
        raise PermissionDenied("Only facilitators (staff) may start tabletop sessions.")
    name = request.GET.get("scenario") or request.POST.get("scenario")
    if not name:
        return render(request, "exercises/session_pick.html", {"form": ScenarioPickForm()})
    try:
        loaded = load_library(name)
    except ScenarioError:
        return render(request, "exercises/session_pick.html",
                      {"form": ScenarioPickForm(), "error": f"No scenario {name[:80]!r} in the library."}, status=404)
    form = StartSessionForm(loaded, request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = sessions.start(request.user, name, settings=form.settings(),
                                 seed=form.cleaned_data["seed"], assignments=form.assignments(),
                                 title=form.cleaned_data["title"], held_at=0.0)
        messages.success(request, "The session has started; the clock is held at minute 0.")
        return redirect("exercises:console", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "exercises/session_new.html",
                  {"form": form, "loaded": loaded, "name": name}, status=status)


def _console_context(session) -> dict:
    state = sessions.state(session)
    waiting = sessions.holder(session, state.pending.actor) if state.pending else None
    return {
        "session": session, "state": state, "clock": clock(state.minutes),
        "events": readable_events(state.records), "waiting_for": waiting,
        "assignments": session.assignments.select_related("person"),
        "decisions": session.decisions.select_related("decided_by"),
        "injections": session.injections.all(),
    }


def _console_page(request, session, *, status=200, refusal="", **forms):
    """The console, with the forms given (bound, with their errors) or fresh ones."""
    context = _console_context(session)
    loaded, now = sessions.loaded(session), context["state"].minutes
    earlier = sessions.stored_injections(session, loaded.scenario)
    fresh = {
        "inject_form": lambda: InjectForm(loaded, now, kind=request.GET.get("kind", ""),
                                          earlier=earlier),
        "run_to_form": lambda: RunToForm(loaded, now),
        "note_form": NoteForm,
    }
    for name, make in fresh.items():
        context[name] = forms.get(name) or make()
    context.update(refusal=refusal, notes=session.notes.select_related("created_by"))
    return render(request, "exercises/console.html", context, status=status)


@login_required
@answers_when_unreadable
def console(request, pk):
    return _console_page(request, _facilitated(request, pk))


@login_required
@answers_when_unreadable
def console_status(request, pk):
    session = _facilitated(request, pk)
    return render(request, "exercises/_console_status.html", _console_context(session))


@login_required
@require_POST
def set_status(request, pk, action):
    session = _facilitated(request, pk)
    try:
        {"pause": sessions.pause, "resume": sessions.resume}[action](session)
    except sessions.SessionConflict as conflict:
        messages.error(request, str(conflict))
        return redirect("exercises:console", pk=pk)
    messages.success(request, f"Session {session.get_status_display().lower()}.")
    return redirect("exercises:console", pk=pk)


@login_required
def end_session(request, pk):
    """Ending asks first: the confirmation page's form carries `confirm`; without it
    nothing ends. It does not replay, so an unreadable session can be ended too."""
    session = _facilitated(request, pk)
    if session.status == TabletopSession.Status.ENDED:
        return redirect("exercises:report", pk=pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        sessions.end(session)
        return redirect("exercises:report", pk=pk)
    refusal = "Confirm below to end the session; it has not ended." \
        if request.method == "POST" else ""
    return render(request, "exercises/end_confirm.html",
                  {"session": session, "refusal": refusal},
                  status=400 if request.method == "POST" else 200)


def _act(request, session, action, *, form_name="", form=None):
    """Do a console action: its message and back to the console; a refusal shows the
    console with why (409 for the session's state, 400 for a value), nothing changed."""
    try:
        sessions.refuse_if_ended(session)
        if form is not None and not form.is_valid():
            return _console_page(request, session, status=400, **{form_name: form})
        message = action()
    except sessions.SessionConflict as conflict:
        return _console_page(request, session, status=409, refusal=str(conflict))
    except ValueError as error:
        if form is None:
            return _console_page(request, session, status=400, refusal=str(error))
        form.add_error(None, str(error))
        return _console_page(request, session, status=400, **{form_name: form})
    messages.success(request, message)
    return redirect("exercises:console", pk=session.pk)


@login_required
@require_POST
@answers_when_unreadable
def inject(request, pk):
    session = _facilitated(request, pk)
    loaded = sessions.loaded(session)
    form = InjectForm(loaded, sessions.state(session).minutes, request.POST,
                      earlier=sessions.stored_injections(session, loaded.scenario))

    def add():
        sessions.inject(session, request.user, form.entry())
        return "The inject is on the timeline."
    return _act(request, session, add, form_name="inject_form", form=form)


@login_required
@require_POST
@answers_when_unreadable
def run_to_next(request, pk):
    session = _facilitated(request, pk)
    return _act(request, session, lambda: f"The clock runs to "
                f"{clock(sessions.run_to_next_decision(session))}.")


@login_required
@require_POST
@answers_when_unreadable
def run_to(request, pk):
    session = _facilitated(request, pk)
    form = RunToForm(sessions.loaded(session), sessions.state(session).minutes, request.POST)
    return _act(request, session, lambda: f"The clock runs to "
                f"{clock(sessions.run_to(session, form.cleaned_data['minute']))}.",
                form_name="run_to_form", form=form)


@login_required
@require_POST
@answers_when_unreadable
def let_run(request, pk):
    session = _facilitated(request, pk)

    def release():
        sessions.let_run(session)
        return "The clock runs on by itself to each decision."
    return _act(request, session, release)


@login_required
@require_POST
@answers_when_unreadable
def add_note(request, pk):
    session = _facilitated(request, pk)
    form = NoteForm(request.POST)

    def note():
        sessions.add_note(session, request.user, form.cleaned_data["text"])
        return "Note kept."
    return _act(request, session, note, form_name="note_form", form=form)


def _seat_context(session, user) -> dict:
    state = sessions.state(session)
    mine = bool(state.pending) and sessions.holds_role(session, user, state.pending.actor)
    roles = session.assignments.filter(person=user)
    return {"session": session, "state": state, "clock": clock(state.minutes), "mine": mine,
            "situation": state.situation if mine else None,
            "waiting_for": sessions.holder(session, state.pending.actor)
            if state.pending else None,
            "roles": roles,
            "inbox": inbox(state.records, sessions.loaded(session).scenario,
                              [r.actor_id for r in roles])}


@login_required
@answers_when_unreadable
def play(request, pk):
    session = _viewable(request, pk)
    return render(request, "exercises/play.html", _seat_context(session, request.user))


@login_required
@require_POST
@answers_when_unreadable
def decide(request, pk):
    session = _viewable(request, pk)
    point_id, choice = request.POST.get("point", ""), request.POST.get("choice", "")
    try:
        decision = sessions.decide(session, request.user, point_id, choice,
                                   rationale=request.POST.get("rationale", ""))
    except sessions.SessionConflict as conflict:
        return _refused(request, session, str(conflict), 409)
    except ValueError as error:
        return _refused(request, session, str(error), 400)
    messages.success(request, f"Your decision “{option_label(decision.kind, decision.choice)}” "
                              "is recorded.")
    return redirect("exercises:play", pk=pk)


def _refused(request, session, message, status):
    context = {**_seat_context(session, request.user), "refusal": message,
               "rationale": request.POST.get("rationale", "")[:1000]}
    return render(request, "exercises/play.html", context, status=status)
