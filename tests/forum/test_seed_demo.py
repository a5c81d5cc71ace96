"""`manage.py seed_demo`: a reproducible demo forum, built through the service layer, that
the demo users can log in to and browse."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from forum import demo, eventlog
from forum.models import Event, Grant, Group, Principal, Record, Resource, Space, Thread


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_builds_the_demo_org(db):
    output = seed_demo()
    assert 40 <= Principal.objects.filter(kind="employee").count() <= 45
    assert Principal.objects.filter(kind="agent").count() == 2
    assert set(Space.objects.values_list("slug", flat=True)) == {"eng-qa", "data-platform",
                                                                "finance"}
    user_metrics = Resource.objects.get(slug="user-metrics")
    assert (user_metrics.record_count, user_metrics.records.count()) == (250_000, 50)
    assert Thread.objects.count() == 3
    for username in ("alex", "dana", "fran", "admin"):
        assert username in output


def test_it_builds_everything_through_the_service_layer(db):
    seed_demo()
    targets = set(Event.objects.values_list("target", flat=True))
    for model, label in ((Group, "group:{0.slug}"), (Principal, "principal:{0.username}"),
                         (Space, "space:{0.slug}"), (Resource, "resource:{0.slug}"),
                         (Thread, "thread:{0.key}")):
        assert {label.format(obj) for obj in model.objects.all()} <= targets
    assert not Grant.objects.filter(created_by_event__isnull=True).exists()


def test_it_is_reproducible(db):
    assert demo.build_spec() == demo.build_spec()
    assert demo.build_spec(1) != demo.build_spec(2)
    first = seeded_log_then_rolled_back()
    assert Principal.objects.count() == 0
    second = seeded_log_then_rolled_back()
    assert first == second


class RolledBack(Exception):
    pass


def seeded_log_then_rolled_back() -> list:
    try:
        with transaction.atomic():
            demo.seed()
            records = eventlog.all_records()
            samples = list(Record.objects.values_list("data", flat=True))
            raise RolledBack
    except RolledBack:
        pass
    return [{k: v for k, v in r.items() if k != "at"} for r in records] + samples


def test_it_says_so_when_the_demo_already_exists(db):
    seed_demo()
    events = Event.objects.count()
    output = seed_demo()
    assert "already exists" in output
    assert Event.objects.count() == events


def test_it_lets_demo_users_log_in_and_browse(db, client):
    seed_demo()
    assert client.login(username="alex", password=demo.PASSWORD)
    thread = client.get(reverse("forum:thread", args=["t-ranking-metrics"])).content.decode()
    assert "Forum Assistant" in thread and "Not approved by anyone" in thread
    assert 'class="badge-ai"' in thread
    assert "Carry out this advice" not in thread
    assert client.get(reverse("forum:space", args=["finance"])).status_code == 404
    assert client.get(reverse("forum:resource", args=["user-metrics"])).status_code == 404


def test_it_gives_the_data_owner_the_decision(db, client):
    seed_demo()
    assert client.login(username="dana", password=demo.PASSWORD)
    assert "Carry out this advice" in client.get(
        reverse("forum:thread", args=["t-ranking-metrics"])).content.decode()
    assert "#t-export-delay.3" in client.get(reverse("forum:home")).content.decode()
    assert client.get(reverse("forum:resource", args=["user-metrics"])).status_code == 200


def test_it_lets_the_admin_browse_the_read_only_admin(db, client):
    seed_demo()
    assert client.login(username="admin", password=demo.PASSWORD)
    assert client.get(reverse("admin:forum_event_changelist")).status_code == 200
    assert client.get(reverse("admin:forum_event_add")).status_code == 403
