"""Anonymous visitors are sent to the login page from every forum page but the
home page (public by design: it says what Overstep is), and change nothing."""

import pytest
from django.urls import reverse

from forum.models import Event

PAGES = [
    ("forum:space", ("eng",)),
    ("forum:thread", ("THREAD",)),
    ("forum:thread_log", ("THREAD",)),
    ("forum:resources", ()),
    ("forum:resource", ("user-metrics",)),
    ("forum:resource_log", ("user-metrics",)),
]
FORMS = [
    ("forum:ask", ("eng",)),
    ("forum:reply", ("THREAD",)),
    ("forum:approve", ("POST",)),
    ("forum:reject", ("POST",)),
    ("forum:follow", ("POST",)),
    ("forum:change_access", ("user-metrics",)),
    ("forum:review_change", (1,)),
]


def url(org, name, args):
    keys = {"THREAD": org.question.key, "POST": f"{org.question.key}.1"}
    return reverse(name, args=[keys.get(arg, arg) for arg in args])


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_it_redirects_anonymous_readers_to_login(client, org, name, args):
    target = url(org, name, args)
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={target}"


@pytest.mark.parametrize(("name", "args"), FORMS)
def test_it_redirects_anonymous_forms_to_login_without_acting(client, org, name, args):
    events = Event.objects.count()
    response = client.post(url(org, name, args), {"body": "hi", "title": "hi"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Event.objects.count() == events
