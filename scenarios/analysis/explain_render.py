"""The `explain` report as text (a terminal), JSON (a program) or Markdown (a write-up)."""

import json

from forum.guardrails import format_value

FORMATS = ("text", "json", "markdown")
VERDICT_WORDS = {
    "prevented": "prevented the exposure",
    "shortened": "shortened the incident window",
    "no_effect": "no effect on the incident window",
    "longer": "made the incident window longer",
    "nothing_to_prevent": "no exposure to prevent",
}
TABLE_HEADER = ("control", "outcome", "window (min)", "Δwindow", "answered correctly",
                "approvals", "refused/delayed")


def _yes_no(value) -> str:
    return "–" if value is None else ("yes" if value else "no")


def baseline_line(report: dict) -> str:
    b = report["baseline"]
    settings = ", ".join(f"{k}={format_value(v)}" for k, v in report["overrides"].items())
    return (f"{report['scenario']}, seed {report['seed']} ({settings or 'scenario settings'}): "
            f"{b['outcome']} — incident window {b['incident_window_minutes']:g} min, "
            f"{b['exposed_principals']} people exposed, {b['person_minutes']:g} person-minutes, "
            f"{b['unauthorized_reads']} unauthorized reads")


def cost_words(control: dict) -> str:
    parts = [
        "question answered correctly" if control["variant_answered_correctly"]
        else ("question answered, wrongly" if control["variant_question_answered"]
              else "question left unanswered"),
    ]
    if control["variant_approvals_requested"]:
        wait = control["variant_approval_wait_minutes"]
        parts.append(f"{control['variant_approvals_requested']} approval(s) requested"
                     + (f", {wait:g} min wait" if wait is not None else ""))
    refused, delayed = control["variant_legitimate_refused"], control["variant_legitimate_delayed"]
    if refused or delayed:
        parts.append(f"{refused} legitimate change(s) refused, {delayed} delayed")
    return "; ".join(parts)


def control_row(control: dict) -> tuple:
    return (control["setting"], control["variant_outcome"],
            f"{control['variant_incident_window_minutes']:g}",
            f"{control['window_change_minutes']:+g}",
            _yes_no(control["variant_answered_correctly"]),
            str(control["variant_approvals_requested"]),
            f"{control['variant_legitimate_refused']}/{control['variant_legitimate_delayed']}")


def conclusions(report: dict) -> list[str]:
    by_setting = {c["setting"]: c for c in report["controls"]}
    if not report["baseline"]["exposed"]:
        return ["No exposure in this run: there is nothing for a control to prevent."]
    lines = [f"Would have prevented it: {s} (cost: {cost_words(by_setting[s])})"
             for s in report["preventing"]]
    for s in report["shortening"]:
        c = by_setting[s]
        before = report["baseline"]["incident_window_minutes"]
        lines.append(f"Would have shortened it: {s}, {before:g} → "
                     f"{c['variant_incident_window_minutes']:g} min "
                     f"({c['window_change_minutes']:+g} min; cost: {cost_words(c)})")
    if not lines:
        lines.append("No single control, switched on alone, changed this incident.")
    return lines


def _table(header: tuple, rows: list[tuple]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]

    def line(cells) -> str:
        return ("  " + "  ".join(str(c).ljust(w) for c, w in zip(cells, widths))).rstrip()

    return [line(header), line(["-" * w for w in widths]), *map(line, rows)]


def factor_lines(report: dict, bullet: str = "  ") -> list[str]:
    lines = []
    for f in report["factors"]:
        mark = "[x]" if f["present"] else "[ ]"
        lines.append(f"{bullet}{mark} {f['title']}")
        lines.extend(f"{bullet}      {e}" for e in f["evidence"])
    return lines


def render_text(report: dict) -> str:
    rows = [control_row(c) for c in report["controls"]]
    lines = [
        f"Explain: {baseline_line(report)}", "",
        "Each guardrail switched on alone (same seed)",
        *_table(TABLE_HEADER, rows), "",
        *conclusions(report),
        *([f"Already on: {', '.join(a['setting'] for a in report['already_on'])}"]
          if report["already_on"] else []),
        "", "Contributing factors (from the baseline run's log)", *factor_lines(report),
    ]
    return "\n".join(lines) + "\n"


def render_markdown(report: dict) -> str:
    table = ["| " + " | ".join(TABLE_HEADER) + " |", "|" + "---|" * len(TABLE_HEADER)]
    for row in (control_row(c) for c in report["controls"]):
        table.append("| " + " | ".join([f"`{row[0]}`", *row[1:]]) + " |")
    factors = []
    for f in report["factors"]:
        factors.append(f"- [{'x' if f['present'] else ' '}] **{f['title']}**")
        factors.extend(f"  - {e}" for e in f["evidence"])
    lines = [
        f"# Explain: {report['scenario']}, seed {report['seed']}", "",
        baseline_line(report), "",
        "## Each guardrail switched on alone", "", *table, "",
        *(f"- {c}" for c in conclusions(report)), "",
        "## Contributing factors", "", *factors,
    ]
    return "\n".join(lines) + "\n"


def render(report: dict, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(report, indent=2, sort_keys=True) + "\n"
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "text":
        return render_text(report)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
