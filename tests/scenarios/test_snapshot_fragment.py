"""The forum at minute t on its own: what the time slider swaps into the run page."""

import pytest
from django.urls import reverse

from tests.scenarios.viewer_helpers import stored_run, viewer, viewer_db  # noqa: F401


def fragment(client, pk, **query):
    return client.get(reverse("scenarios:run_at", args=[pk]), query)


@viewer_db
def test_it_renders_the_forum_at_the_minute_without_the_page_around_it(viewer):
    response = fragment(viewer, stored_run().pk, t=200)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-minute="T+03:20"' in html
    assert "Access control" in html and "Nobody outside the intended audience" in html
    assert "<html" not in html and 'id="moment-form"' not in html


@viewer_db
def test_the_minute_changes_what_it_shows(viewer):
    stored = stored_run()
    during = fragment(viewer, stored.pk, t=90).content.decode()
    after = fragment(viewer, stored.pk, t=200).content.decode()
    assert "beyond intended audience" in during and "beyond intended audience" not in after


@viewer_db
@pytest.mark.parametrize("t", ["-1", "100000", "abc", "nan", "inf", "1e400", ""])
def test_a_bad_minute_is_a_400_with_the_allowed_range(viewer, t):
    response = fragment(viewer, stored_run().pk, t=t)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="errorlist"' in html and "Access control" not in html


@viewer_db
def test_a_minute_out_of_range_names_the_range(viewer):
    html = fragment(viewer, stored_run().pk, t=100000).content.decode()
    assert "Choose a minute from 0 to 360" in html


@viewer_db
def test_an_unknown_run_is_404(viewer):
    assert fragment(viewer, 999999, t=10).status_code == 404


@viewer_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = fragment(client, stored_run().pk, t=10)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
