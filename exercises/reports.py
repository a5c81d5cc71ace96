"""The after-action report of a tabletop session: what the table decided, why, and what it
cost in exposure, side by side with the same scenario, seed and injects played by the
scripted personas, under the session's guardrails, the scenario's and the strongest ones;
what the injects changed; and the OWASP LLM06 / MITRE ATLAS reading of the table's run.

Each column's run is stored as a Run (idempotent by identity), so the report links to the
run viewer for it; building the report again finds the same runs."""

from dataclasses import dataclass

from django.urls import reverse

from forum.guardrails import strongest_settings
from scenarios.engine import resolve_settings
from scenarios.models import Run
from scenarios.reports import render
from scenarios.reports.frameworks import ATLAS_VERSION, OWASP_LLM06, findings
from scenarios.reports.wording import OUTCOME_WORDS, clock, cost_lines, figures
from scenarios.runs import save_run

from . import sessions
from .choices import kind_label, option_label
from .replay import ReplayFailed, replay
from .timeline import readable_events


@dataclass
class Column:
    label: str
    note: str
    metrics: dict
    run: Run | None = None

    @property
    def url(self) -> str:
        return reverse("scenarios:run", args=[self.run.pk]) if self.run else ""


class Baselines:
    """The session's inputs, and the scripted personas' runs of them."""

    def __init__(self, session):
        self.session = session
        self.loaded = sessions.loaded(session)
        self.entries = sessions.stored_injections(session, self.loaded.scenario)
        self.injected = [e.model_dump(mode="json", exclude_none=True) for e in self.entries]

    def scripted(self, label: str, note: str, settings, *, injects: bool = True) -> Column:
        entries = self.entries if injects else []
        try:
            found = replay(self.loaded, seed=self.session.seed, settings=settings, people={},
                           injections=entries)
        except ReplayFailed as error:
            raise sessions.SessionUnreadable(self.session, f"{label}: {error}") from None
        inputs = {"injections": self.injected} if entries else {}
        return Column(label, note, found.metrics, self.stored(found, inputs))

    def table(self) -> Column:
        state = sessions.state(self.session)
        if not state.finished:
            raise ValueError("the session has not ended yet")
        people = {actor: choices for actor, choices in sessions.people(self.session).items()
                  if choices}
        inputs = {key: value for key, value in
                  (("people", people), ("injections", self.injected)) if value}
        return Column("Your table", "people's decisions, the session's guardrails",
                      state.metrics, self.stored(state, inputs))

    def stored(self, found, inputs: dict) -> Run | None:
        if found.result is None or found.result.failed:
            return None
        run, _ = save_run(found.result, inputs=inputs,
                          session=self.session.pk if inputs else None)
        return run


def columns(session, baselines: Baselines | None = None) -> list[Column]:
    """The table's run (finished: scripted personas take what people left open), then the
    scripted baselines, played with the same injects as the table."""
    baselines = baselines or Baselines(session)
    defaults = resolve_settings(baselines.loaded.scenario)
    injects = "the same injects" if baselines.entries else "no injects (none were made)"
    found = [baselines.table()]
    if session.settings != defaults:
        found.append(baselines.scripted("Scripted, same guardrails",
                                        f"personas, the session's guardrails, {injects}",
                                        session.settings))
    found.append(baselines.scripted("Scripted, scenario defaults",
                                    f"personas, the scenario's guardrails, {injects}", defaults))
    found.append(baselines.scripted("Strongest guardrails",
                                    f"personas, every guardrail on, {injects}",
                                    strongest_settings()))
    return found


def inject_effect(session, baselines: Baselines) -> list[Column]:
    """The scripted run under the session's guardrails with and without the injects; empty
    when there were no injects (nothing to compare)."""
    if not baselines.entries:
        return []
    settings = session.settings
    return [baselines.scripted("With the injects", "personas, the session's guardrails",
                               settings),
            baselines.scripted("Without injects", "personas, the session's guardrails",
                               settings, injects=False)]


def comparison_rows(cols: list[Column]) -> list[tuple[str, list[str]]]:
    """One row per figure any column has, in the order they first appear; a column whose
    run has no such figure (no instructions planted there, say) shows a dash."""
    rows = [("Outcome", [c.metrics["outcome"].replace("_", " ") for c in cols])]
    per_column = [dict(figures(c.metrics) + cost_lines(c.metrics)) for c in cols]
    labels = list(dict.fromkeys(label for lines in per_column for label in lines))
    rows += [(label, [lines.get(label, "—") for lines in per_column]) for label in labels]
    return rows


def decision_rows(session) -> list[dict]:
    return [{"clock": clock(d.at_minutes), "role": d.actor_id, "kind": d.kind,
             "choice_id": d.choice, "point": kind_label(d.kind),
             "choice": option_label(d.kind, d.choice), "person": d.decided_by.shown_name,
             "rationale": d.rationale, "decided_at": d.decided_at}
            for d in session.decisions.select_related("decided_by")]


def note_rows(session) -> list[dict]:
    return [{"clock": clock(n.at_minutes), "text": n.text, "by": n.created_by.shown_name}
            for n in session.notes.select_related("created_by")]


def after_action(session) -> dict:
    baselines = Baselines(session)
    cols = columns(session, baselines)
    effect = inject_effect(session, baselines)
    table = cols[0].metrics
    decisions = decision_rows(session)
    return {
        "session": session, "columns": cols, "rows": comparison_rows(cols),
        "effect": effect, "effect_rows": comparison_rows(effect) if effect else [],
        "decisions": decisions, "notes": note_rows(session), "outcome": table["outcome"],
        "outcome_words": OUTCOME_WORDS[table["outcome"]],
        "findings": findings(table, [{"kind": d["kind"], "choice": d["choice_id"],
                                      "role": d["role"], "clock": d["clock"]}
                                     for d in decisions]),
        "owasp": OWASP_LLM06, "atlas": ATLAS_VERSION,
        "events": readable_events(sessions.state(session).records),
        "injections": list(session.injections.select_related("created_by")),
    }


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header, rows) -> list[str]:
    return ["| " + " | ".join(_cell(h) for h in header) + " |",
            "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)]


def markdown(session, base_url: str = "") -> str:
    """The report as Markdown; `base_url` (scheme and host) makes the run links absolute."""
    report = after_action(session)
    decisions = [(d["clock"], d["role"], d["point"], d["choice"], d["person"],
                  d["rationale"] or "—") for d in report["decisions"]]
    lines = [
        f"# Tabletop after-action report: {session}", "",
        f"_Scenario {session.scenario} (digest {session.scenario_digest}), seed {session.seed}; "
        f"facilitated by {session.facilitator.shown_name}._", "",
        f"**Outcome:** {report['outcome_words']}", "",
        "## What the table decided", "",
        *(_table(("When", "Role", "Decision point", "Choice", "Decided by", "Why"), decisions)
          if decisions else ["Nobody at the table took a decision."]), "",
        *_note_lines(report["notes"]),
        *_injection_lines(report["injections"]),
        "## What it cost, compared", "",
        "Same scenario, same seed, same injects: the other columns are played by the "
        "scripted personas.", "",
        *_comparison(report["columns"], report["rows"], base_url),
        "## What the injects changed", "",
        *(_comparison(report["effect"], report["effect_rows"], base_url) if report["effect"]
          else ["No injects were made: the scripted run is the scenario as written.", ""]),
        *_framework_lines(report),
        *_demoted(render(report["columns"][0].metrics, "markdown")),
    ]
    return "\n".join(lines) + "\n"


def _comparison(cols, rows, base_url) -> list[str]:
    return [*_table(("Figure", *(c.label for c in cols)),
                    [(label, *values) for label, values in rows]), "",
            *(f"- {c.label}: {c.note}; run {base_url}{c.url}" for c in cols if c.run), ""]


def _note_lines(notes) -> list[str]:
    if not notes:
        return []
    return ["## Facilitator's notes", "",
            *(f"- {n['clock']} {n['text']} ({n['by']})" for n in notes), ""]


def _injection_lines(injections) -> list[str]:
    if not injections:
        return []
    return ["## Injected events", "",
            *(f"- {clock(i.at_minutes)} {i.words} "
              f"(by {i.created_by.shown_name})" for i in injections), ""]


def _framework_lines(report) -> list[str]:
    lines = [f"## {report['owasp']} and MITRE ATLAS", "",
             f"_OWASP Top 10 for LLM Applications 2025; {report['atlas']}._", ""]
    for finding in report["findings"]:
        lines.append(f"### {finding.title} — {finding.status_words}")
        lines += ["", *(f"- {line}" for line in finding.evidence)]
        if finding.mitigations:
            lines.append("- Guardrails: " + "; ".join(
                f"`{m.key}` {'on' if m.on else 'off'} ({m.strategy})"
                for m in finding.mitigations))
        lines.append("")
    return lines


def _demoted(text: str) -> list[str]:
    """The engine's own after-action summary of the table's run, one heading level down."""
    lines = text.rstrip("\n").splitlines()
    lines[0] = "## The table's run in detail"
    return [f"#{line}" if line.startswith("## ") else line for line in lines]
