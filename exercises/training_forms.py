"""Forms of the training pages: a trainer names a cohort and adds trainees to it."""

from django import forms


class CohortForm(forms.Form):
    name = forms.CharField(label="Cohort name", max_length=120, strip=True)


class TraineeForm(forms.Form):
    username = forms.CharField(label="Trainee's username", max_length=150, strip=True)
