"""The causal chain's colours: an approval of unsafe advice is a control that failed."""

import re

from django.urls import reverse

from scenarios.engine import run
from scenarios.format import parse_scenario
from scenarios.format.loader import LIBRARY
from scenarios.runs import save_run
from tests.scenarios.viewer_helpers import stored_run, viewer, viewer_db  # noqa: F401


def careless_invoker_run():
    """The reference incident with approval required, and an invoker who approves without
    checking: the unsafe draft is approved and published."""
    text = (LIBRARY / "meta_internal_forum.yaml").read_text().replace(
        "verify_rate: 1.0, verify_skill: 1.0", "verify_rate: 0.0, verify_skill: 1.0")
    loaded = parse_scenario(text, "meta_internal_forum")
    stored, _ = save_run(run(loaded, seed=1, overrides={"agent.approval_required": True}))
    return stored


def chain_steps_html(client, stored) -> list[str]:
    html = client.get(reverse("scenarios:run", args=[stored.pk])).content.decode()
    chain = html[html.index('<ol class="chain">'):html.index("</ol>", html.index('class="chain"'))]
    return re.findall(r'<li class="step step-\w+">.*?</li>', chain, re.S)


@viewer_db
def test_an_approval_of_unsafe_advice_is_drawn_as_harm(viewer):
    steps = chain_steps_html(viewer, careless_invoker_run())
    approvals = [s for s in steps if "approved (now published)" in s]
    assert approvals, "the careless invoker approved the draft"
    assert all('class="step step-harm"' in s for s in approvals)
    assert all("Unsafe advice approved" in s for s in approvals)


@viewer_db
def test_a_rejection_of_unsafe_advice_is_drawn_as_help(viewer):
    steps = chain_steps_html(viewer, stored_run(**{"agent.approval_required": True}))
    rejections = [s for s in steps if "rejected" in s]
    assert rejections
    assert all('class="step step-help"' in s for s in rejections)
