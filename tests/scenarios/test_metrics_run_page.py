"""The run page and the runs list show exposed time and exposure episodes."""

import re

from django.urls import reverse

from tests.scenarios.viewer_helpers import stored_run, viewer, viewer_db  # noqa: F401


def run_page(client, stored) -> str:
    return client.get(reverse("scenarios:run", args=[stored.pk])).content.decode()


@viewer_db
def test_the_run_page_lists_each_episode_with_its_detection_and_containment(viewer):
    stored = stored_run()
    episode = stored.metrics["detection"]["episodes"][0]
    html = run_page(viewer, stored)
    table = re.search(r'<table class="table episodes">.*?</table>', html, re.S).group(0)
    assert f'href="#event-{episode["opened_by"]}"' in table
    assert f'alert #{episode["first_alert_seq"]}' in table
    assert "1 h 45 min" in table and "2 h 00 min" in table    # detect 105, contain 120
    assert "Exposed time" in html and "Exposure episodes" in html


@viewer_db
def test_a_run_stored_before_episodes_were_measured_still_shows(viewer):
    stored = stored_run()
    metrics = stored.metrics
    del metrics["exposure"]["exposed_minutes"]
    del metrics["detection"]["episodes"], metrics["detection"]["undetected_episodes"]
    for incident in metrics["exposure"]["incident_windows"]:
        del incident["exposed_minutes"]
    type(stored).objects.filter(pk=stored.pk).update(metrics=metrics)   # an older row
    response = viewer.get(reverse("scenarios:run", args=[stored.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="table episodes"' not in html
    assert re.search(r"<dt>Exposed time</dt><dd>n/a</dd>", html)
    assert viewer.get(reverse("scenarios:runs")).status_code == 200


@viewer_db
def test_a_run_without_exposure_shows_no_episodes(viewer):
    html = run_page(viewer, stored_run(**{"acl.review_required": True}))
    assert 'class="table episodes"' not in html
    assert "<dt>Exposure episodes</dt><dd>0</dd>" in html
