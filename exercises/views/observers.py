"""The facilitator's list of observers: invite someone by username, or remove them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from .. import sessions
from ..models import TabletopSession
from ..role_picker import eligible_people


class ObserverForm(forms.Form):
    action = forms.ChoiceField(choices=[("invite", "Invite"), ("remove", "Remove")])
    username = forms.CharField(label="Username", max_length=150)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        person = eligible_people().filter(username=username).first()
        if person is None:
            raise forms.ValidationError(f"No active employee has the username {username[:80]!r}.")
        return person


@login_required
def observers(request, pk):
    session = get_object_or_404(TabletopSession, pk=pk)
    if session.facilitator_id != request.user.pk:
        raise PermissionDenied("Only the session's facilitator invites observers.")
    form = ObserverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["username"]
        try:
            done = _apply(session, form.cleaned_data["action"], person)
        except ValueError as refusal:
            form.add_error("username", str(refusal))
        else:
            messages.success(request, done)
            return redirect("exercises:observers", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "exercises/observers.html", {
        "session": session, "form": form, "observers": session.observers.order_by("username"),
    }, status=status)


def _apply(session, action, person) -> str:
    """Invite or remove `person`; what was done, in words. ValueError if it cannot be."""
    if action == "invite":
        sessions.invite_observer(session, person)
        return f"{person.shown_name} may now watch the room view."
    if not session.observers.filter(pk=person.pk).exists():
        raise ValueError(f"{person.shown_name} is not an observer of this session.")
    sessions.remove_observer(session, person)
    return f"{person.shown_name} no longer observes this session."
