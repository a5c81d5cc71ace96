"""Sensitivity analyses in the web app, beside sweeps: the list, one analysis's ranked
indices, interactions, assumptions, design points and files. Open to every signed-in user,
as sweeps and runs are (synthetic data; the command has no user to own an analysis)."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from scenarios.models import SensitivityAnalysis
from scenarios.views.sensitivity import chart_key
from tests.factories import PrincipalFactory
from tests.scenarios.viewer_helpers import viewer, viewer_db  # noqa: F401
from tests.sensitivity.test_sensitivity_command import IDLE, TINY, TRUST, sensitivity

ASSUMPTIONS = [
    {"param": IDLE, "source": "assumption", "is_assumption": True,
     "outputs": ["person_minutes"], "rank": 2},
    {"param": TRUST, "source": "Example et al. 2020, table 2",
     "is_assumption": False, "outputs": ["p_exposure", "person_minutes"], "rank": 1},
]


@pytest.fixture
def analysis(db, tmp_path):
    sensitivity(tmp_path, seeds=2)
    return SensitivityAnalysis.objects.get()


def page(client, analysis, **query):
    return client.get(reverse("scenarios:analysis", args=[analysis.pk]), query)


def html_of(client, analysis, **query) -> str:
    response = page(client, analysis, **query)
    assert response.status_code == 200
    return response.content.decode()


def with_summary(analysis, **changes) -> SensitivityAnalysis:
    """The analysis with its summary dict changed as another version of summary.json
    would have it."""
    SensitivityAnalysis.objects.filter(pk=analysis.pk).update(
        summary={**analysis.summary, **changes})
    return SensitivityAnalysis.objects.get(pk=analysis.pk)


@viewer_db
def test_the_sweeps_list_links_to_the_sensitivity_analyses_side_by_side(viewer, analysis):
    html = viewer.get(reverse("scenarios:sweeps")).content.decode()
    start = html.index('<nav class="tabs"')
    tabs = html[start:html.index("</nav>", start)]
    assert tabs.index(">Sweeps<") < tabs.index('href="/sensitivity/"')
    listed = viewer.get(reverse("scenarios:analyses")).content.decode()
    assert f'href="/sensitivity/{analysis.pk}/"' in listed
    assert "tiny_sensitivity" in listed and f"<code class=\"setting\">{TRUST}</code>" in listed
    assert "12 × 2" in listed  # design points × seeds


@viewer_db
def test_the_page_ranks_the_indices_of_each_output_with_their_intervals(viewer, analysis):
    html = html_of(viewer, analysis)
    assert len(re.findall(r'<img src="data:image/png;base64,[^"]+"', html)) == 3
    exposure = html[html.index("<h2>P(exposure)</h2>"):html.index("<h2>exposed person")]
    assert exposure.index(f"1. <code>{TRUST}</code>") < exposure.index(f"2. <code>{IDLE}</code>")
    assert "<th scope=\"col\">mu*</th><th scope=\"col\">± conf</th>" in exposure
    mu_star = analysis.summary["outputs"]["p_exposure"]["factors"][TRUST]["mu_star"]
    assert f"<td>{mu_star:,.3f}</td>" in exposure
    assert "Interactions" not in html  # Morris has none
    assert f"<code>{TRUST}</code>: 0 to 1" in html  # the factors with their ranges
    assert "Assumptions that matter most" in html  # the command lists them


@viewer_db
def test_the_command_leaves_the_pages_charts_drawn_for_its_first_view(viewer, db, tmp_path):
    cache.clear()
    sensitivity(tmp_path, seeds=1)
    analysis = SensitivityAnalysis.objects.get()
    summary = analysis.summary
    drawn = [cache.get(chart_key(summary, output)) for output in summary["outputs"].values()]
    assert len(drawn) == 3 and all(drawn)
    html = html_of(viewer, analysis)
    assert re.findall(r'<img src="(data:image/png;base64,[^"]+)"', html) == drawn


@viewer_db
def test_a_summary_written_before_assumptions_were_listed_shows_no_such_section(viewer,
                                                                               analysis):
    older = {key: value for key, value in analysis.summary.items() if key != "assumptions"}
    SensitivityAnalysis.objects.filter(pk=analysis.pk).update(summary=older)
    html = html_of(viewer, analysis)
    assert "Assumptions that matter most" not in html
    assert "<h2>P(exposure)</h2>" in html


@viewer_db
def test_the_page_links_to_the_runs_of_its_design_points(viewer, analysis):
    first = html_of(viewer, analysis)
    linked = {int(pk) for pk in re.findall(r'href="/runs/(\d+)/"', first)}
    expected = {run for point in analysis.design_runs[:20] for run in point["runs"]}
    assert linked == expected
    assert "Point 0: " in first and "Point 11: " in first  # 12 points fit on one page


@viewer_db
def test_sobol_interactions_are_listed_largest_first(viewer, db, tmp_path):
    sensitivity(tmp_path, "--method", "sobol", seeds=1)
    html = html_of(viewer, SensitivityAnalysis.objects.get())
    assert html.count("Interactions (second-order S2)") == 3
    assert f"<code>{TRUST}</code> × <code>{IDLE}</code>" in html
    assert "<th scope=\"col\">ST</th>" in html


@viewer_db
def test_the_assumptions_that_matter_most_are_shown_most_influential_first(viewer, analysis):
    html = html_of(viewer, with_summary(analysis, assumptions=ASSUMPTIONS))
    section = html[html.index("Assumptions that matter most"):html.index("<h2>P(exposure)")]
    assert section.index(TRUST) < section.index(IDLE)
    assert "Example et al. 2020, table 2" in section
    assert 'class="open-tag">assumption</strong>' in section  # the idle reaction has no source
    assert "P(exposure); exposed person-minutes (mean)" in section  # outputs by their label


@viewer_db
def test_a_failed_analysis_is_shown_with_why_and_how_to_finish(viewer, db, tmp_path):
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        with pytest.raises(Exception, match="cannot reach the Celery broker"):
            sensitivity(tmp_path, "--backend", "celery", seeds=2)
    failed = SensitivityAnalysis.objects.get()
    listed = viewer.get(reverse("scenarios:analyses")).content.decode()
    assert '<strong class="open-tag">failed</strong>' in listed
    html = html_of(viewer, failed)
    assert "This analysis stopped: cannot reach the Celery broker" in html
    assert "run the same command with <code>--resume</code> to finish it" in html
    assert "No indices yet" in html and "No design point has run yet" in html


@viewer_db
def test_an_incomplete_analysis_shows_the_points_run_so_far(viewer, db, tmp_path):
    sensitivity(tmp_path, "--max-points", "3", seeds=2)
    html = html_of(viewer, SensitivityAnalysis.objects.get())
    assert "12 design points in all, 3 run so far" in html
    assert "Point 2: " in html and "Point 3: " not in html
    assert "report.html</a>" not in html  # not written yet


@viewer_db
def test_report_and_summary_can_be_downloaded(viewer, analysis):
    html = html_of(viewer, analysis)
    for name in ("report.html", "summary.json"):
        url = reverse("scenarios:analysis_file", args=[analysis.pk, name])
        assert f'href="{url}"' in html
        response = viewer.get(url)
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
    summary = viewer.get(reverse("scenarios:analysis_file", args=[analysis.pk, "summary.json"]))
    assert json.loads(summary.content) == analysis.summary


@viewer_db
def test_files_of_another_design_written_to_the_same_directory_are_not_offered(viewer,
                                                                            analysis):
    sensitivity(analysis.out_dir, seeds=1)  # another design (seeds) in the same directory
    html = html_of(viewer, analysis)
    assert "report.html</a>" not in html
    url = reverse("scenarios:analysis_file", args=[analysis.pk, "report.html"])
    assert viewer.get(url).status_code == 404


@viewer_db
def test_only_the_analysis_files_can_be_asked_for(viewer, analysis):
    for name in ("design.json", "results.csv", "..%2F..%2Fetc%2Fpasswd"):
        url = reverse("scenarios:analysis", args=[analysis.pk]) + name
        assert viewer.get(url).status_code == 404


@viewer_db
def test_anonymous_visitors_are_sent_to_sign_in(client, analysis):
    for url in (reverse("scenarios:analyses"), reverse("scenarios:analysis", args=[analysis.pk]),
                reverse("scenarios:analysis_file", args=[analysis.pk, "summary.json"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@viewer_db
def test_any_signed_in_employee_may_see_an_analysis_they_did_not_run(client, analysis):
    client.force_login(PrincipalFactory(username="someone-else"))
    assert page(client, analysis).status_code == 200
    url = reverse("scenarios:analysis_file", args=[analysis.pk, "summary.json"])
    assert client.get(url).status_code == 200


@viewer_db
def test_an_unknown_analysis_is_404(viewer):
    for url in (reverse("scenarios:analysis", args=[999]),
                reverse("scenarios:analysis_file", args=[999, "summary.json"])):
        assert viewer.get(url).status_code == 404


@viewer_db
def test_a_bad_page_number_shows_the_first_points(viewer, analysis):
    assert "Point 0: " in html_of(viewer, analysis, page="nonsense")


@viewer_db
def test_a_guardrail_factor_is_shown_with_its_values(viewer, db, tmp_path):
    call_command("sensitivity", TINY, "--param", f"{TRUST}=0:1", "--param",
                 "guardrail:acl.policy_check=false,true", "--samples", "2", "--seeds", "1",
                 "--workers", "1", "--out", str(tmp_path))
    html = html_of(viewer, SensitivityAnalysis.objects.get())
    assert "<code>guardrail:acl.policy_check</code>: one of false, true" in html
    report = (tmp_path / "report.html").read_text()  # the same words in the file
    assert "<code>guardrail:acl.policy_check</code>: one of false, true" in report
    assert re.search(r'<code class="setting">guardrail:acl.policy_check=(true|false)</code>',
                     html)
