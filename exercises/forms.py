"""Forms: starting a session (guardrails from the registry, roles from the scenario),
injecting an event."""

from django import forms

from forum.guardrails import BoolGuardrail, ChoiceGuardrail, all_guardrails, format_value
from scenarios.engine import resolve_settings
from scenarios.format import ScenarioError, library_names, load_library
from scenarios.views.forms import SeedField

from .injects import checked_entry
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
    at = forms.FloatField(label="At minute", min_value=0)
    resource = forms.ChoiceField(label="Resource")
    reason = forms.CharField(label="What the alert says", max_length=200,
                             initial="Anomaly detector: unusual access pattern")

    def __init__(self, loaded, now: float, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenario = loaded.scenario
        self.fields["resource"].choices = [(r.slug, r.name) for r in loaded.scenario.resources]
        self.fields["at"].initial = int(now) + (0 if float(now).is_integer() else 1)
        self.fields["at"].min_value = now
        self.fields["at"].validators += [_not_before(now), _not_after(loaded.scenario.duration)]

    def entry(self) -> dict:
        data = self.cleaned_data
        return {"at": data["at"], "do": "raise_alert", "resource": data["resource"],
                "reason": data["reason"]}

    def clean(self):
        """The alert as a timeline entry, through the scenario format's own checks."""
        data = super().clean()
        if not self.errors:
            try:
                checked_entry(self.scenario, self.entry())
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
        return data


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
