"""Forms for people's input. They validate text; access is decided by forum.permissions."""

from django import forms

from . import grantees, vocabulary
from .models import Group, Permission, Principal


class QuestionForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    body = forms.CharField(label="Your question", widget=forms.Textarea(attrs={"rows": 6}))


class ReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 5}))


class HideForm(forms.Form):
    reason = forms.CharField(label="Why hide it?", max_length=240, required=False)


class AccessChangeForm(forms.Form):
    """Grant or revoke access to a resource for one grantee, written `group:<slug>` or
    `principal:<username>` as in the event log."""

    action = forms.ChoiceField(label="Action", choices=[("grant", "Grant"), ("revoke", "Revoke")])
    grantee = forms.ChoiceField(label="Grantee")
    permission = forms.ChoiceField(label="Permission", choices=Permission.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = [(vocabulary.grantee(group=slug), f"group: {slug}")
                  for slug in Group.objects.values_list("slug", flat=True)]
        people = [(vocabulary.grantee(principal=name), f"person: {name}")
                  for name in Principal.objects.values_list("username", flat=True)]
        self.fields["grantee"].choices = groups + people

    def grantee_kwargs(self) -> dict:
        """The grantee as the keyword arguments services.change_access takes."""
        return grantees.resolve(self.cleaned_data["grantee"])
