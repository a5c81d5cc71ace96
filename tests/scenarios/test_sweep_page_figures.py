"""The sweep's cost-of-safety figure: its three panels stacked, each as wide as the figure,
so it stays legible when a page scales it down."""

import base64
import struct

from scenarios.analysis import plots, summarise
from scenarios.format import load_scenario
from scenarios.sweeps.service import run_sweep
from tests.scenarios.viewer_helpers import viewer_db


def png_size(uri: str) -> tuple[int, int]:
    data = base64.b64decode(uri.split(",", 1)[1])
    return struct.unpack(">II", data[16:24])


@viewer_db
def test_the_cost_figure_stacks_its_panels_one_under_another():
    outcome = run_sweep(load_scenario("meta_internal_forum"),
                        {"agent.approval_required": [False, True]}, 1, workers=1)
    summary = summarise(outcome.rows, order=["agent.approval_required"])
    width, height = png_size(plots.cost(summary))
    single_width, single_height = png_size(plots.exposure_probability(summary))
    assert width == single_width          # as wide as every other figure, not three times
    assert height > 2.5 * single_height   # three panels, each the height of a figure
