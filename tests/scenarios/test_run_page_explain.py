"""Which single control would have stopped it, on the run page: asked for, then cached."""

from django.core.cache import cache
from django.urls import reverse

from scenarios.views.explaining import cache_key
from tests.scenarios.viewer_helpers import stored_run, viewer, viewer_db  # noqa: F401

FRAGMENT = {"HTTP_X_OVERSTEP_FRAGMENT": "1"}


def explain(client, pk, **headers):
    return client.get(reverse("scenarios:run_explain", args=[pk]), **headers)


@viewer_db
def test_the_run_page_offers_the_answer_without_computing_it(viewer):
    stored = stored_run()
    cache.delete(cache_key(stored))
    html = viewer.get(reverse("scenarios:run", args=[stored.pk])).content.decode()
    assert "Which single control would have stopped it?" in html
    assert f'href="{reverse("scenarios:run_explain", args=[stored.pk])}"' in html
    assert cache.get(cache_key(stored)) is None


@viewer_db
def test_it_names_the_controls_that_would_have_prevented_the_reference_incident(viewer):
    stored = stored_run()
    cache.delete(cache_key(stored))
    response = explain(viewer, stored.pk, **FRAGMENT)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Would have prevented it: agent.approval_required=true" in html
    assert "Would have shortened it: acl.alert_delay_minutes=15" in html
    assert "prevented the exposure" in html


@viewer_db
def test_without_javascript_it_is_a_page_of_its_own(viewer):
    html = explain(viewer, stored_run().pk).content.decode()
    assert "<html" in html and "Would have prevented it" in html


@viewer_db
def test_the_answer_is_cached_by_the_runs_identity(viewer):
    stored = stored_run()
    cache.delete(cache_key(stored))
    explain(viewer, stored.pk, **FRAGMENT)
    report = cache.get(cache_key(stored))
    assert report["seed"] == stored.seed and report["digest"] == stored.digest
    cache.set(cache_key(stored), {**report, "preventing": [], "shortening": []})
    html = explain(viewer, stored.pk, **FRAGMENT).content.decode()
    assert "Would have prevented it" not in html  # served from the cache, not recomputed


@viewer_db
def test_a_failed_run_is_not_explained(viewer):
    failed = stored_run(until=float("inf"))
    assert failed.failed
    response = explain(viewer, failed.pk, **FRAGMENT)
    assert response.status_code == 409
    assert "failed before it finished" in response.content.decode()


@viewer_db
def test_an_unknown_run_is_404(viewer):
    assert explain(viewer, 999999).status_code == 404


@viewer_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = explain(client, stored_run().pk)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
