"""summary.json: the design, then per output its indices (with 95% confidence half-widths)
and the factors ranked by influence (Morris: mu*, Sobol: ST)."""

from . import design
from .measures import OUTPUTS, point_outputs


class IncompleteDesign(ValueError):
    """A design point has no finished run: the indices need every point."""


def summarise(identity: dict, factors: list, matrix, rows: list[dict]) -> dict:
    method, seed = identity["method"], identity["design_seed"]
    scores = point_outputs(rows)
    missing = [i for i in range(len(matrix)) if i not in scores]
    if missing:
        raise IncompleteDesign(f"{len(missing)} design points have no finished run (first: "
                               f"point {missing[0]}); run the same command with --resume")
    outputs = {}
    for name, label in OUTPUTS.items():
        values = [scores[i][name] for i in range(len(matrix))]
        indices = design.analyse(method, factors, matrix, values, seed)
        outputs[name] = {"label": label, "mean": sum(values) / len(values),
                         "ranking": design.rank(method, indices), **indices}
    return {**identity, "points": len(matrix), "runs": len(rows),
            "failed_runs": sum(1 for r in rows if r["outcome"] == "failed"),
            "ranked_by": design.ranking_key(method), "outputs": outputs}


def ranking_lines(summary: dict) -> list[str]:
    """The closing table: per output, the factors from most to least influential."""
    morris = summary["method"] == "morris"
    head = ("mu*", "±conf", "sigma") if morris else ("ST", "±conf", "S1")
    keys = ("mu_star", "mu_star_conf", "sigma") if morris else ("ST", "ST_conf", "S1")
    width = max(len(n) for n in summary["outputs"]["p_exposure"]["factors"])
    lines = []
    for output in summary["outputs"].values():
        lines.append(f"{output['label']}:")
        lines.append(f"  {'#':>2}  {'factor':<{width}}  " + "  ".join(f"{h:>9}" for h in head))
        for place, name in enumerate(output["ranking"], 1):
            cells = "  ".join(_cell(output["factors"][name][k]) for k in keys)
            lines.append(f"  {place:>2}  {name:<{width}}  {cells}")
    return lines


def _cell(value) -> str:
    return f"{'n/a':>9}" if value is None else f"{value:>9.3g}"
