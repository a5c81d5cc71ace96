"""The run page's windows table and the markdown summary group the principals whose windows
are the same; `?windows=all` lists every principal's window."""

import re

import pytest
from django.urls import reverse

from tests.scenarios.viewer_helpers import stored_run, viewer, viewer_db  # noqa: F401

pytestmark = viewer_db


def windows_table(viewer, stored, **query) -> str:
    html = viewer.get(reverse("scenarios:run", args=[stored.pk]), query).content.decode()
    return re.search(r'<details class="windows".*?</details>', html, re.S).group(0)


def body_rows(table: str) -> list[str]:
    return re.findall(r"<tr><td>.*?</tr>", table, re.S)


def test_the_table_groups_the_engineers_who_shared_a_window(viewer):
    table = windows_table(viewer, stored_run())
    [row] = body_rows(table)  # 26 engineers, one grant, one revocation
    assert "<td>asha, eng-01, eng-02 and 23 more</td>" in row
    assert "<th scope=\"col\">Principals</th>" in table
    assert 'href="?windows=all#exposure"' in table


def test_every_principal_is_listed_on_request(viewer):
    table = windows_table(viewer, stored_run(), windows="all")
    assert len(body_rows(table)) == 26
    assert "<th scope=\"col\">Principal</th>" in table
    assert 'href="?windows=grouped#exposure"' in table


def test_the_markdown_summary_follows_the_same_rule(viewer):
    stored = stored_run()
    url = reverse("scenarios:run_summary", args=[stored.pk])
    grouped, every = (viewer.get(url, query).content.decode()
                      for query in ({}, {"windows": "all"}))
    assert "| Resource | Principals |" in grouped and "and 23 more" in grouped
    assert "| Resource | Principal |" in every and "more |" not in every
    assert every.count("| user-metrics | ") == 26


@pytest.mark.parametrize("name", ["scenarios:run", "scenarios:run_summary"])
def test_an_unknown_listing_is_a_one_line_400_naming_the_choices(viewer, name):
    response = viewer.get(reverse(name, args=[stored_run().pk]), {"windows": "some"})
    assert response.status_code == 400
    assert response.content.decode() == "windows: choose one of grouped, all"


@pytest.mark.parametrize("name", ["scenarios:run", "scenarios:run_summary"])
def test_anonymous_visitors_asking_for_every_window_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name, args=[stored_run().pk]), {"windows": "all"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["scenarios:run", "scenarios:run_summary"])
def test_an_unknown_run_is_404_whatever_the_listing(viewer, name):
    for listing in ("all", "some"):
        assert viewer.get(reverse(name, args=[999]), {"windows": listing}).status_code == 404
