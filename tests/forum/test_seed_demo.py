"""`manage.py seed_demo`: the demo forum is the reference scenario's organisation, built
through the service layer, that its people and the staff can sign in to and browse."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from forum import demo
from forum.models import Event, Grant, Group, Principal, Resource, Space, Thread
from scenarios.engine import run
from scenarios.format import load_scenario


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def org_as_a_run_builds_it() -> dict:
    """The reference scenario's organisation, read inside a run's sandbox."""
    return run(load_scenario("meta_internal_forum"), seed=1, until=0.001,
               observe=lambda world: current_org()).observation


def current_org(exclude=()) -> dict:
    return {
        "principals": sorted(Principal.objects.exclude(username__in=exclude).values_list(
            "username", "kind", "role", "display_name")),
        "memberships": sorted(Principal.member_of.through.objects.values_list(
            "principal__username", "group__slug")),
        "groups": sorted(Group.objects.values_list("slug", "name")),
        "spaces": sorted((s.slug, s.name, sorted(s.readers.values_list("slug", flat=True)),
                          sorted(s.posters.values_list("slug", flat=True)))
                         for s in Space.objects.all()),
        "resources": sorted(Resource.objects.values_list("slug", "classification",
                                                         "record_count")),
        "grants": sorted(Grant.objects.values_list("resource__slug", "group__slug",
                                                   "principal__username", "permission"),
                         key=repr),
    }


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_the_demo_org_is_the_reference_scenarios():
    seed_demo()
    staff = [username for username, *_ in demo.STAFF]
    assert current_org(exclude=staff) == org_as_a_run_builds_it()
    usernames = set(Principal.objects.values_list("username", flat=True))
    assert {"asha", "ravi", "priya", "dmitri", "sam", "helper", "eng-24", "dp-04",
            *staff} <= usernames


def test_it_builds_everything_through_the_service_layer(db):
    seed_demo()
    targets = set(Event.objects.values_list("target", flat=True))
    for model, label in ((Group, "group:{0.slug}"), (Principal, "principal:{0.username}"),
                         (Space, "space:{0.slug}"), (Resource, "resource:{0.slug}"),
                         (Thread, "thread:{0.key}")):
        assert {label.format(obj) for obj in model.objects.all()} <= targets
    assert not Grant.objects.filter(created_by_event__isnull=True).exists()


def test_it_prints_who_to_sign_in_as(db):
    output = seed_demo()
    assert demo.PASSWORD in output
    for line in ("priya        Priya Shah, data engineer; in the incident: follower",
                 "facilitator", "admin"):
        assert line in output
    assert "http://127.0.0.1:8000/threads/q1/" in output


def test_running_it_again_changes_nothing(db):
    seed_demo()
    events = Event.objects.count()
    output = seed_demo()
    assert "already exists" in output
    assert Event.objects.count() == events


def test_its_people_can_sign_in_but_not_its_crowd_or_agents(db, client):
    seed_demo()
    for username in ("asha", "priya", "dmitri", demo.FACILITATOR, demo.ADMIN):
        assert client.login(username=username, password=demo.PASSWORD), username
    for username in ("eng-01", "helper", "metrics-pipeline"):
        assert not client.login(username=username, password=demo.PASSWORD), username


def test_a_reader_finds_the_agents_unapproved_answer(db, client):
    seed_demo()
    assert client.login(username="asha", password=demo.PASSWORD)
    thread = client.get(reverse("forum:thread", args=["q1"])).content.decode()
    assert "Forum Helper" in thread and "Not approved by anyone" in thread
    assert "Carry out this advice" not in thread
    assert client.get(reverse("forum:resource", args=["user-metrics"])).status_code == 404


def test_the_follower_can_carry_out_the_advice(db, client):
    seed_demo()
    assert client.login(username="priya", password=demo.PASSWORD)
    assert "Carry out this advice" in client.get(
        reverse("forum:thread", args=["q1"])).content.decode()
    assert client.get(reverse("forum:resource", args=["user-metrics"])).status_code == 200


def test_the_facilitator_may_start_a_tabletop(db, client):
    seed_demo()
    assert client.login(username=demo.FACILITATOR, password=demo.PASSWORD)
    assert client.get(reverse("exercises:new_session")).status_code == 200


def test_it_lets_the_admin_browse_the_read_only_admin(db, client):
    seed_demo()
    assert client.login(username="admin", password=demo.PASSWORD)
    assert client.get(reverse("admin:forum_event_changelist")).status_code == 200
    assert client.get(reverse("admin:forum_event_add")).status_code == 403
