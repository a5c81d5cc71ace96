"""Guessed or garbage ids answer 404, never a traceback, and reveal nothing."""

import re

import pytest
from django.urls import reverse

GETS = [
    ("forum:space", "no-such-space"),
    ("forum:thread", "t-00000000"),
    ("forum:thread_log", "t-00000000"),
    ("forum:resource", "no-such-dataset"),
    ("forum:resource_log", "no-such-dataset"),
]
POSTS = [
    ("forum:ask", "no-such-space"),
    ("forum:reply", "t-00000000"),
    ("forum:approve", "t-00000000.1"),
    ("forum:reject", "t-00000000.1"),
    ("forum:follow", "t-00000000.1"),
    ("forum:hide", "t-00000000.1"),
    ("forum:change_access", "no-such-dataset"),
    ("forum:review_change", 999999),
]


@pytest.mark.parametrize(("name", "key"), GETS)
def test_it_answers_404_for_unknown_pages(login, org, name, key):
    assert login(org.bob).get(reverse(name, args=[key])).status_code == 404


@pytest.mark.parametrize(("name", "key"), POSTS)
def test_it_answers_404_for_forms_about_unknown_things(login, org, name, key):
    assert login(org.bob).post(reverse(name, args=[key]), {"body": "x"}).status_code == 404


def test_it_answers_404_for_a_post_key_beyond_the_thread(login, org):
    response = login(org.alice).post(reverse("forum:approve", args=[f"{org.question.key}.99"]))
    assert response.status_code == 404


def test_it_answers_the_same_404_for_a_hidden_and_a_missing_resource(login, org):
    client = login(org.olga)
    hidden = client.get(reverse("forum:resource", args=[org.dataset.slug]))
    missing = client.get(reverse("forum:resource", args=["no-such-dataset"]))
    assert hidden.status_code == missing.status_code == 404
    assert without_token(hidden.content) == without_token(missing.content)


def without_token(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)
