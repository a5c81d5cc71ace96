"""Who may be given a role (or invited to watch), and how roles and people are named in
the start form's picker."""

from django.db.models import Value
from django.db.models.functions import Coalesce, Lower, NullIf

from forum.models import Principal

from .sessions import PERSON_ROLES

# Service accounts are employees in the forum's model; they are marked by their role.
SERVICE_ACCOUNT_ROLE = "service account"


def eligible_people():
    """Active employees, not agents or service accounts, by the name shown for them."""
    shown = Lower(Coalesce(NullIf("display_name", Value("")), "username"))
    return (Principal.objects.filter(kind=Principal.Kind.EMPLOYEE, is_active=True)
            .exclude(role__iexact=SERVICE_ACCOUNT_ROLE).order_by(shown, "username"))


def person_label(person) -> str:
    return f"{person.shown_name} ({person.username})"


def role_label(scenario, spec) -> str:
    """"Priya Shah — reads answers on the forum ...": who the role plays, and what it does."""
    names = {p.username: p.display_name for p in scenario.org.principals}
    return f"{names.get(spec.principal) or spec.principal} — {PERSON_ROLES[spec.behaviour]}"
