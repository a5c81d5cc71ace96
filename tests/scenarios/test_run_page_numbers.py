"""Numbers on the run and sweep pages: time to the minute, counts with separators."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from scenarios.engine import run
from scenarios.format import parse_scenario
from scenarios.format.loader import LIBRARY
from scenarios.runs import save_run
from tests.scenarios.viewer_helpers import stored_run, viewer, viewer_db  # noqa: F401


def filtered(name: str, value) -> str:
    return Template(f"{{% load runs %}}{{{{ value|{name} }}}}").render(Context({"value": value}))


@pytest.mark.parametrize("value, words", [
    (75.011, "1 h 15 min"), (45.4, "45 min"), (120, "2 h 00 min"), (65, "1 h 05 min"), (0.2, "under 1 min"),
    (0, "0 min"), (59.6, "1 h 00 min"), (250000, "4,166 h 40 min"), (None, "—"),
])
def test_minutes_are_written_to_the_minute(value, words):
    assert filtered("minutes", value) == words


@pytest.mark.parametrize("value, words", [
    (250000, "250,000"), (3120.004, "3,120"), (7, "7"), (2.5, "2.5"), (None, "—"),
])
def test_counts_have_thousands_separators(value, words):
    assert filtered("count", value) == words


def test_the_sweep_tables_figures_have_separators_too():
    assert filtered("num:0", 250000.0) == "250,000"
    assert filtered("interval:0", [1200.2, 250000]) == "[1,200, 250,000]"


def figure(html: str, label: str) -> str:
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", html)
    assert match, f"no figure {label!r}"
    return match.group(1)


@viewer_db
def test_the_run_page_writes_its_figures_for_people(viewer):
    html = viewer.get(reverse("scenarios:run", args=[stored_run().pk])).content.decode()
    assert figure(html, "Person-minutes exposed") == "3,120"
    assert figure(html, "Records exposed") == "250,000"
    assert figure(html, "Incident window (longest)") == "2 h 00 min"
    assert figure(html, "Time to answer") == "22 min"
    windows = html[html.index('aria-label="Exposure windows"'):]
    assert "<td>2 h 00 min</td>" in windows[:windows.index("</table>")]
    assert not re.search(r"\d\.\d{3}\b", html), "no minute is shown to the thousandth"


def curious_engineers_run():
    """The reference incident with every exposed engineer curious: each reads the whole
    250,000-record dataset inside their window."""
    text = (LIBRARY / "meta_internal_forum.yaml").read_text().replace(
        "curiosity: 0.0", "curiosity: 1.0")
    stored, _ = save_run(run(parse_scenario(text, "meta_internal_forum"), seed=1))
    return stored


@viewer_db
def test_the_run_page_counts_records_read_once_each_beside_the_reads(viewer):
    curious = curious_engineers_run()
    reads = curious.metrics["exposure"]["unauthorized_reads"]
    assert reads > 1
    html = viewer.get(reverse("scenarios:run", args=[curious.pk])).content.decode()
    assert figure(html, "Unauthorized reads") == (
        f"{reads} reads, 250,000 distinct records ({reads * 250000:,} record-reads)")
