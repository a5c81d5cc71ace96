import re

import pytest
from django.urls import reverse

from scenarios.engine import run
from scenarios.format import load_scenario
from scenarios.format.loader import LIBRARY
from scenarios.models import Run
from scenarios.runs import save_run
from tests.scenarios.viewer_helpers import stored_run, viewer, viewer_db  # noqa: F401


def run_page(client, stored, **query):
    return client.get(reverse("scenarios:run", args=[stored.pk]), query)


def section(html: str, element_id: str) -> str:
    """The HTML of the <section id=...> (for the forum at minute t: id="at")."""
    match = re.search(rf'<section[^>]*id="{element_id}".*?</section>', html, re.S)
    assert match, f"no section #{element_id}"
    return match.group(0)


@viewer_db
def test_it_shows_the_outcome_in_words_and_as_a_badge(viewer):
    html = run_page(viewer, stored_run()).content.decode()
    assert 'class="badge outcome-badge-exposure"' in html
    assert "Exposure: data became readable by people outside its intended audience" in html
    assert "Person-minutes exposed" in html and "3,120" in html
    assert "Cost of safety" in html and "Time to answer" in html


@viewer_db
def test_each_step_of_the_causal_chain_links_to_its_event(viewer):
    html = run_page(viewer, stored_run()).content.decode()
    chain = html[html.index('class="chain"'):html.index('id="exposure"')]
    for kind in ("Agent post", "Advice followed", "Exposure window", "Containment"):
        assert kind in chain
    # the agent's post (53) → the follow (58) → the revocation (64), each in the event list
    for seq in (53, 58, 64):
        assert f'href="#event-{seq}"' in chain
        assert f'id="event-{seq}"' in html
    assert 'href="#exposure"' in chain  # the derived window step points at the chart


@viewer_db
def test_the_event_list_shows_who_acted_for_whom_and_what_caused_it(viewer):
    html = run_page(viewer, stored_run()).content.decode()
    row = re.search(r'<tr id="event-53".*?</tr>', html, re.S).group(0)
    assert "helper" in row and "ravi" in row and "post.published" in row
    assert 'href="#event-50"' in row  # caused by the invocation
    assert "T+00:22" in row


@viewer_db
def test_it_draws_the_exposure_chart_as_inline_svg_with_one_row_for_a_shared_window(viewer):
    html = run_page(viewer, stored_run()).content.decode()
    svg = html[html.index('<svg class="gantt"'):html.index("</svg>")]
    assert '<title id="gantt-title">' in svg and "<desc" in svg
    assert "26 people" in svg  # 26 engineers with the same window share one row
    assert len(re.findall(r"<rect [^>]*><title>", svg)) == 1  # one bar, not 26
    for tick in ("T+00:00", "T+02:00", "T+06:00"):
        assert tick in svg
    assert "exposure window" in svg and "still open when the run ended" in svg  # legend


@viewer_db
def test_the_chart_draws_windows_still_open_at_the_end_distinctly(viewer):
    stopped_early = stored_run(until=100)  # before the revocation at T+02:30
    html = run_page(viewer, stopped_early).content.decode()
    assert "to T+01:40 and still open when the run ended" in html
    assert re.search(r'<rect [^>]*fill="url\(#gantt-open\)"[^>]*><title>', html)


@viewer_db
def test_a_run_without_exposure_says_so_instead_of_drawing_a_chart(viewer):
    html = run_page(viewer, stored_run(**{"agent.approval_required": True})).content.decode()
    assert "outcome-badge-prevented" in html
    assert '<svg class="gantt"' not in html
    assert "No exposure windows" in html


@viewer_db
def test_at_minute_25_the_answer_is_published_but_no_grant_is_widened(viewer):
    html = section(run_page(viewer, stored_run(), t=25).content.decode(), "at")
    assert "The forum at T+00:25" in html
    assert "I looked into this" in html and "Published" in html
    assert "Not approved by anyone" in html
    assert "group:all-engineers" not in html
    assert "Nobody outside the intended audience could read it" in html


@viewer_db
def test_at_minute_60_all_engineers_may_read_and_the_exposed_readers_are_listed(viewer):
    html = section(run_page(viewer, stored_run(), t=60).content.decode(), "at")
    assert "group:all-engineers" in html and "beyond intended audience" in html
    assert "26 outside the intended audience could read it" in html
    assert "eng-24" in html and "asha" in html


@viewer_db
def test_at_minute_200_the_widened_grant_has_been_revoked(viewer):
    html = section(run_page(viewer, stored_run(), t=200).content.decode(), "at")
    assert "The forum at T+03:20" in html
    assert "group:all-engineers" not in html
    assert "Nobody outside the intended audience could read it" in html


@viewer_db
def test_events_at_the_chosen_minute_are_included(viewer):
    stored = stored_run()
    at_start = section(run_page(viewer, stored, t=0).content.decode(), "at")
    assert "How can my pipeline read user-metrics?" in at_start  # asked at T+00:00
    at_grant = section(run_page(viewer, stored, t=30).content.decode(), "at")
    assert "group:all-engineers" in at_grant  # granted at T+00:30


@viewer_db
def test_by_default_it_shows_the_forum_in_the_middle_of_the_incident(viewer):
    html = section(run_page(viewer, stored_run()).content.decode(), "at")
    assert "The forum at T+01:30" in html
    assert "26 outside the intended audience could read it" in html


@viewer_db
@pytest.mark.parametrize("t", ["abc", "-1", "361", "nan", ""])
def test_a_bad_minute_is_refused_with_a_message(viewer, t):
    response = run_page(viewer, stored_run(), t=t)
    assert response.status_code == 400
    html = section(response.content.decode(), "at")
    assert 'class="errorlist"' in html
    assert "outside the intended audience could read it" not in html


@viewer_db
def test_a_run_keeps_its_scenario_so_it_replays_after_the_file_changes(viewer, tmp_path):
    edited = tmp_path / "meta_internal_forum.yaml"
    edited.write_text((LIBRARY / "meta_internal_forum.yaml").read_text() + "# edited\n")
    stored, _ = save_run(run(load_scenario(str(edited)), seed=1))
    html = section(run_page(viewer, stored, t=60).content.decode(), "at")
    assert "group:all-engineers" in html


@viewer_db
def test_it_says_so_when_an_older_run_without_its_scenario_no_longer_matches(viewer,
                                                                            tmp_path):
    edited = tmp_path / "meta_internal_forum.yaml"
    edited.write_text((LIBRARY / "meta_internal_forum.yaml").read_text() + "# edited\n")
    stored, _ = save_run(run(load_scenario(str(edited)), seed=1))
    Run.objects.filter(pk=stored.pk).update(scenario_text=None)  # as runs stored before it
    stored.refresh_from_db()
    html = section(run_page(viewer, stored, t=60).content.decode(), "at")
    assert "has changed since this run was made" in html
    assert "group:all-engineers" not in html


@viewer_db
def test_the_after_action_summary_downloads_as_markdown(viewer):
    stored = stored_run()
    response = viewer.get(reverse("scenarios:run_summary", args=[stored.pk]))
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("# After-action summary: exposure")
    assert "## Cost of safety" in body


@viewer_db
@pytest.mark.parametrize("name", ["scenarios:run", "scenarios:run_summary"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    url = reverse(name, args=[stored_run().pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@viewer_db
@pytest.mark.parametrize("name", ["scenarios:run", "scenarios:run_summary"])
def test_an_unknown_run_is_404(viewer, name):
    assert viewer.get(reverse(name, args=[999])).status_code == 404
