"""Forms: starting a session (guardrails from the registry, roles from the scenario),
injecting an event (of any kind in inject_kinds), holding the clock at a minute, a note."""

import math

from django import forms

from forum.guardrails import BoolGuardrail, ChoiceGuardrail, all_guardrails, format_value
from scenarios.engine import resolve_settings
from scenarios.format import ScenarioError, library_names, load_library
from scenarios.views.forms import SeedField

from .threads_known import known_threads
from .inject_kinds import DEFAULT_KIND, KINDS, Known
from .injects import checked_entry
from .models import FacilitatorNote
from .role_picker import eligible_people, person_label, role_label
from .sessions import person_roles


def library_choices() -> list[tuple[str, str]]:
    found = []
    for name in library_names():
        try:
            found.append((name, load_library(name).scenario.title or name))
        except ScenarioError:
            continue
    return found


class ScenarioPickForm(forms.Form):
    scenario = forms.ChoiceField(label="Scenario")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenario"].choices = library_choices()


class StartSessionForm(forms.Form):
    """Built for one scenario: its guardrails as defaults, its decision-taking actors."""

    title = forms.CharField(label="Session title", max_length=200, required=False)
    seed = SeedField(label="Seed", min_value=1, initial=1,
                     help_text="Same scenario, settings and seed: same events.")

    def __init__(self, loaded, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loaded = loaded
        defaults = resolve_settings(loaded.scenario)
        for guardrail in all_guardrails():
            self.fields[f"g:{guardrail.key}"] = _guardrail_field(
                guardrail, defaults[guardrail.key])
        for actor_id, spec in person_roles(loaded.scenario):
            self.fields[f"role:{actor_id}"] = _role_field(loaded.scenario, spec)

    def guardrail_fields(self):
        return [self[name] for name in self.fields if name.startswith("g:")]

    def role_fields(self):
        return [self[name] for name in self.fields if name.startswith("role:")]

    def settings(self) -> dict:
        return {name[2:]: value for name, value in self.cleaned_data.items()
                if name.startswith("g:")}

    def assignments(self) -> dict:
        return {name[5:]: person for name, person in self.cleaned_data.items()
                if name.startswith("role:") and person is not None}

    def clean(self):
        """One simulated person per person: each seat shows what only that principal sees,
        so someone playing two would know what the exercise keeps apart. Roles of the same
        principal (Dmitri reviewing, Dmitri on call) may go to the same person."""
        data = super().clean()
        actors, played = self.loaded.scenario.actors, {}
        for name in self.fields:
            person = data.get(name) if name.startswith("role:") else None
            if person is None:
                continue
            principal = actors[name[5:]].principal
            first = played.setdefault(person.pk, (name, principal))
            if first[1] != principal:
                self.add_error(name, f"{person_label(person)} already plays "
                                     f"“{self.fields[first[0]].label}”; each person plays "
                                     "one simulated person.")
        return data


def _role_field(scenario, spec):
    field = forms.ModelChoiceField(
        eligible_people(), required=False, empty_label="Scripted persona",
        label=role_label(scenario, spec),
        widget=forms.Select(attrs={"class": "person-picker"}))
    field.label_from_instance = person_label
    return field


def _guardrail_field(guardrail, default):
    label, help_text = guardrail.label, guardrail.description
    if isinstance(guardrail, ChoiceGuardrail):
        return forms.ChoiceField(label=label, help_text=help_text, initial=default,
                                 choices=[(c, c) for c in guardrail.choices])
    if isinstance(guardrail, BoolGuardrail):
        return forms.TypedChoiceField(label=label, help_text=help_text, initial=str(default),
                                      choices=[("False", "off"), ("True", "on")],
                                      coerce=lambda v: v == "True")
    return forms.CharField(label=label, help_text=f"{help_text} ({guardrail.value_help}).",
                           initial=format_value(default),
                           validators=[lambda v, g=guardrail: _check(g, v)])


def _check(guardrail, raw) -> None:
    try:
        guardrail.coerce(raw)
    except ValueError as error:
        raise forms.ValidationError(str(error)) from None


class InjectForm(forms.Form):
    """An inject of one kind (inject_kinds.KINDS): its minute, then that kind's fields; the
    entry they make is checked as the scenario format checks its timeline."""

    kinds = [(key, kind.label) for key, kind in KINDS.items()]

    def __init__(self, loaded, now: float, data=None, *, kind: str = "", earlier=()):
        super().__init__(data)
        self.scenario, self.earlier = loaded.scenario, list(earlier)
        self.kind_key = (data.get("kind", "") if data is not None else kind) or DEFAULT_KIND
        self.kind = KINDS.get(self.kind_key)
        if self.kind is None and data is None:
            self.kind_key, self.kind = DEFAULT_KIND, KINDS[DEFAULT_KIND]
        self.known = Known.of(loaded.scenario, known_threads(loaded.scenario, self.earlier))
        self.fields["at"] = minute_field("At minute", now, loaded.scenario.duration)
        if self.kind is not None:
            self.fields.update(self.kind.fields(self.known))

    def entry(self) -> dict:
        return {"at": self.cleaned_data["at"], **self.kind.entry(self.cleaned_data, self.known)}

    def clean(self):
        """The inject as a timeline entry, through the scenario format's own checks."""
        data = super().clean()
        if self.kind is None:
            raise forms.ValidationError(f"kind: there is no inject of kind "
                                        f"{self.kind_key[:40]!r}")
        if not self.errors:
            try:
                checked_entry(self.scenario, self.entry(), earlier=self.earlier)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
        return data


class RunToForm(forms.Form):
    """The minute to hold the clock at: from now to the scenario's end."""

    def __init__(self, loaded, now: float, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minute"] = minute_field("Run to minute", now, loaded.scenario.duration)


class NoteForm(forms.Form):
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=FacilitatorNote._meta.get_field("text").max_length)


def minute_field(label: str, now: float, end: float) -> forms.FloatField:
    """A simulated minute from `now` to `end`; anything else (nan, inf, huge, the past) is
    refused with a message that says the range."""
    return forms.FloatField(label=label, initial=math.ceil(now),
                            widget=forms.NumberInput(attrs={"min": now, "max": end,
                                                            "step": "any"}),
                            validators=[_not_before(now), _not_after(end)])


def _not_after(end):
    def check(value):
        if value > end:
            raise forms.ValidationError(f"Pick a minute up to {end:g}: the scenario ends then.")
    return check


def _not_before(now):
    def check(value):
        if value < now:
            raise forms.ValidationError(f"Pick a minute from {now:g} on; earlier ones have "
                                        "already happened.")
    return check
