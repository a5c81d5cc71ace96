"""The after-action report of a tabletop session: what the table decided, when, and what
it cost in exposure, side by side with the same scenario and seed played by the scripted
personas, under the scenario's own guardrails and under the strongest ones."""

from dataclasses import dataclass

from forum.guardrails import strongest_settings
from scenarios.engine import resolve_settings
from scenarios.reports import render
from scenarios.reports.wording import OUTCOME_WORDS, clock, cost_lines, figures

from . import sessions
from .choices import kind_label, option_label
from .replay import replay
from .timeline import readable_events

@dataclass
class Column:
    label: str
    note: str
    metrics: dict


def columns(session) -> list[Column]:
    """The table's run (finished: scripted personas take what people left open), then the
    scripted baselines. The baselines play the scenario as written: no injected events."""
    loaded = sessions.loaded(session)
    defaults = resolve_settings(loaded.scenario)
    table = sessions.state(session)
    if not table.finished:
        raise ValueError("the session has not ended yet")

    def scripted(settings):
        return replay(loaded, seed=session.seed, settings=settings, people={}).metrics

    found = [Column("Your table", "people's decisions, the session's guardrails", table.metrics)]
    if session.settings != defaults:
        found.append(Column("Scripted, same guardrails", "personas only",
                            scripted(session.settings)))
    found.append(Column("Scripted, scenario defaults", "personas, the scenario's guardrails",
                        scripted(defaults)))
    found.append(Column("Strongest guardrails", "personas, every guardrail on",
                        scripted(strongest_settings())))
    return found


def comparison_rows(cols: list[Column]) -> list[tuple[str, list[str]]]:
    rows = [("Outcome", [c.metrics["outcome"].replace("_", " ") for c in cols])]
    per_column = [figures(c.metrics) + cost_lines(c.metrics) for c in cols]
    for index, (label, _) in enumerate(per_column[0]):
        rows.append((label, [lines[index][1] for lines in per_column]))
    return rows


def decision_rows(session) -> list[dict]:
    return [{"clock": clock(d.at_minutes), "role": d.actor_id,
             "point": kind_label(d.kind), "choice": option_label(d.kind, d.choice),
             "person": d.decided_by.shown_name,
             "decided_at": d.decided_at}
            for d in session.decisions.select_related("decided_by")]


def after_action(session) -> dict:
    cols = columns(session)
    table = cols[0].metrics
    return {
        "session": session, "columns": cols, "rows": comparison_rows(cols),
        "decisions": decision_rows(session), "outcome": table["outcome"],
        "outcome_words": OUTCOME_WORDS[table["outcome"]],
        "events": readable_events(sessions.state(session).records),
        "injections": list(session.injections.all()),
    }


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header, rows) -> list[str]:
    return ["| " + " | ".join(_cell(h) for h in header) + " |",
            "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)]


def markdown(session) -> str:
    report = after_action(session)
    decisions = [(d["clock"], d["role"], d["point"], d["choice"], d["person"])
                 for d in report["decisions"]]
    comparison = [(label, *values) for label, values in report["rows"]]
    lines = [
        f"# Tabletop after-action report: {session}", "",
        f"_Scenario {session.scenario} (digest {session.scenario_digest}), seed {session.seed}; "
        f"facilitated by {session.facilitator.shown_name}._", "",
        f"**Outcome:** {report['outcome_words']}", "",
        "## What the table decided", "",
        *(_table(("When", "Role", "Decision point", "Choice", "Decided by"), decisions)
          if decisions else ["Nobody at the table took a decision."]), "",
        *_injection_lines(report["injections"]),
        "## What it cost, compared", "",
        *_table(("Figure", *(c.label for c in report["columns"])), comparison), "",
        *_demoted(render(report["columns"][0].metrics, "markdown")),
    ]
    return "\n".join(lines) + "\n"


def _injection_lines(injections) -> list[str]:
    if not injections:
        return []
    return ["## Injected events", "",
            *(f"- {clock(i.at_minutes)} {i.words} "
              f"(by {i.created_by.shown_name})" for i in injections), ""]


def _demoted(text: str) -> list[str]:
    """The engine's own after-action summary of the table's run, one heading level down."""
    lines = text.rstrip("\n").splitlines()
    lines[0] = "## The table's run in detail"
    return [f"#{line}" if line.startswith("## ") else line for line in lines]
