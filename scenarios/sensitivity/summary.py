"""summary.json: the design, then per output its indices (with 95% confidence half-widths)
and the factors ranked by influence (Morris: mu*, Sobol: ST), and the assumptions that
matter most: the scenario parameters that rank in the top 3 for some output with an index
that is not negligible, each with its `sources:` note."""

from . import design
from .measures import OUTPUTS, point_outputs

TOP = 3  # places of an output's ranking that count as "matters most"
NEGLIGIBLE_SHARE = 0.1  # an index below this share of the output's largest is negligible
NO_SOURCE = "no source given"
ASSUMPTIONS_TITLE = "Assumptions that matter most"


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
            "ranked_by": design.ranking_key(method), "outputs": outputs,
            "assumptions": assumptions(design.ranking_key(method), factors, outputs)}


def assumptions(key: str, factors: list, outputs: dict) -> list[dict]:
    """The parameters that matter most, the most important first: those in the top TOP of
    an output's ranking whose index is not negligible (at least NEGLIGIBLE_SHARE of that
    output's largest). Guardrail factors are choices, not assumptions: left out."""
    notes = {f.name: f.note for f in factors if not f.values}
    places: dict[str, list[tuple[int, str]]] = {}
    for output_name, output in outputs.items():
        indices = output["factors"]
        largest = max((indices[n][key] or 0.0) for n in output["ranking"])
        for place, name in enumerate(output["ranking"][:TOP], 1):
            if name in notes and largest > 0 and \
                    (indices[name][key] or 0.0) >= NEGLIGIBLE_SHARE * largest:
                places.setdefault(name, []).append((place, output_name))
    order = list(notes)
    ranked = sorted(places, key=lambda n: (min(places[n])[0], -len(places[n]), order.index(n)))
    return [{"param": name, "source": notes[name].source if notes[name] else NO_SOURCE,
             "is_assumption": notes[name] is None or notes[name].is_assumption,
             "outputs": [output for _, output in sorted(places[name], key=_output_order)],
             "rank": rank} for rank, name in enumerate(ranked, 1)]


def _output_order(place: tuple[int, str]) -> int:
    return list(OUTPUTS).index(place[1])


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
    return lines + assumption_lines(summary)


def assumption_lines(summary: dict) -> list[str]:
    """The closing section: the parameters that matter most, and what stands behind each."""
    lines = [f"{ASSUMPTIONS_TITLE} (top {TOP} for an output, index not negligible):"]
    labels = {name: output["label"] for name, output in summary["outputs"].items()}
    for item in summary.get("assumptions", []):
        flag = "  [assumption only]" if item["is_assumption"] else ""
        lines.append(f"  {item['rank']:>2}  {item['param']}{flag}")
        lines.append(f"      source: {item['source']}")
        lines.append(f"      matters for: {'; '.join(labels[o] for o in item['outputs'])}")
    if not summary.get("assumptions"):
        lines.append("  none: no scenario parameter ranks high with a non-negligible index")
    return lines


def _cell(value) -> str:
    return f"{'n/a':>9}" if value is None else f"{value:>9.3g}"
