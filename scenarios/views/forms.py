"""The run pages' inputs: the runs list's filters and the time slider's minute; and the
form fields every page shares for numbers with a documented range (limits.py)."""

from django import forms

from django.db.models.fields.json import KeyTransform

from scenarios.format.limits import MAX_SEED, OutOfRange, check_seed
from scenarios.metrics import OUTCOMES
from scenarios.models import Sweep
from scenarios.overrides import OverrideError, parse_overrides

from .sweeps import runs_of, scenario_of

OUTCOME_CHOICES = [("", "any outcome")] + [(o, o.replace("_", " ")) for o in OUTCOMES]


def checked(check):
    """A form validator made of one of limits.py's checks: forms refuse exactly what the
    command line and the scenario format refuse, with the same message."""
    def validate(value):
        try:
            check(value)
        except OutOfRange as error:
            raise forms.ValidationError(str(error)) from None
    return validate


class SeedField(forms.IntegerField):
    """A seed: a whole number from 0 (or `min_value`) to limits.MAX_SEED."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.validators.append(checked(check_seed))


class RunFilterForm(forms.Form):
    scenario = forms.ChoiceField(required=False)
    outcome = forms.ChoiceField(required=False, choices=OUTCOME_CHOICES)
    seed = SeedField(required=False)
    sweep = forms.IntegerField(required=False, min_value=1, max_value=MAX_SEED,
                               label="Sweep number")
    setting = forms.CharField(required=False, max_length=200, label="Setting",
                              help_text="KEY=VALUE, as run_scenario --set takes it",
                              widget=forms.TextInput(attrs={
                                  "placeholder": "agent.approval_required=true"}))

    def __init__(self, data, *, scenarios: list[str]):
        super().__init__(data, label_suffix="")
        self.fields["scenario"].choices = [("", "any scenario")] + [(s, s) for s in scenarios]

    def clean_sweep(self):
        number = self.cleaned_data["sweep"]
        if number is None:
            return None
        sweep = Sweep.objects.filter(pk=number).first()
        if sweep is None:
            raise forms.ValidationError(f"There is no sweep {number}.")
        return sweep

    def clean_setting(self):
        """{key: value} checked against the guardrail registry, like `--set`."""
        text = self.cleaned_data["setting"].strip()
        if not text:
            return {}
        try:
            return parse_overrides([text])
        except OverrideError as error:
            raise forms.ValidationError(str(error)) from None

    def filter(self, runs):
        """Narrow `runs` by the valid filters; an invalid one is reported, not applied."""
        self.is_valid()
        values = getattr(self, "cleaned_data", {})
        for name in ("scenario", "outcome", "seed"):
            value = values.get(name)
            if value not in (None, ""):
                runs = runs.filter(**{name: value})
        for key, value in (values.get("setting") or {}).items():
            runs = runs.alias(**{"_setting": KeyTransform(key, "settings")}).filter(_setting=value)
        if values.get("sweep"):
            sweep = values["sweep"]
            runs = runs.filter(pk__in=runs_of(sweep, scenario_of(sweep)[0]).values("pk"))
        return runs


class MomentForm(forms.Form):
    """A minute of the run, from 0 to its length; the slider and its number box both send `t`."""

    t = forms.FloatField(label="Minute of the run")

    def __init__(self, data, *, minutes: float):
        super().__init__(data)
        self.minutes = minutes

    def clean_t(self):
        t = self.cleaned_data["t"]
        if not 0 <= t <= self.minutes:
            raise forms.ValidationError(
                f"Choose a minute from 0 to {self.minutes:g}: the run lasted {self.minutes:g} "
                "simulated minutes.")
        return t
