"""The analysis's row in the database (scenarios.models.SensitivityAnalysis), for the web
app: opened when the command starts (or, with --resume, the row of the same design in the
same directory continued), then marked incomplete, finished with its summary, or failed
with why. The files in the output directory stay the command's own output."""

from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError
from django.utils import timezone

from scenarios import engine
from scenarios.models import SensitivityAnalysis

Status = SensitivityAnalysis.Status


def open_analysis(loaded, identity: dict, *, out_dir: Path, backend: str, points: int,
                  resume: bool) -> SensitivityAnalysis:
    where = str(out_dir.resolve())
    analysis = _resumable(identity, where) if resume else None
    if analysis is None:
        analysis = SensitivityAnalysis(
            scenario=identity["scenario"], scenario_file=loaded.file, digest=identity["digest"],
            method=identity["method"], factors=identity["factors"], samples=identity["samples"],
            seeds=identity["seeds"], design_seed=identity["design_seed"],
            settings=engine.resolve_settings(loaded.scenario), out_dir=where, points=points)
    analysis.backend, analysis.status, analysis.failure = backend, Status.RUNNING, ""
    analysis.save()
    return analysis


def _resumable(identity: dict, where: str) -> SensitivityAnalysis | None:
    candidates = SensitivityAnalysis.objects.filter(
        out_dir=where, digest=identity["digest"], method=identity["method"],
        samples=identity["samples"], seeds=identity["seeds"],
        design_seed=identity["design_seed"])
    return next((a for a in candidates if a.identity() == identity), None)


def record_rows(analysis: SensitivityAnalysis, factor_names: list[str], rows: list[dict],
                summary: dict | None) -> None:
    """The runs of every design point run so far; finished with `summary`, or incomplete."""
    analysis.design_runs = design_runs(factor_names, rows)
    analysis.summary = summary
    analysis.status = Status.FINISHED if summary is not None else Status.INCOMPLETE
    analysis.finished_at = timezone.now() if summary is not None else None
    analysis.save()


def design_runs(factor_names: list[str], rows: list[dict]) -> list[dict]:
    """[{point, values, runs: [run id per seed]}], by point; rows may be results.csv's text."""
    by_point: dict[int, dict] = {}
    for row in sorted(rows, key=lambda r: (int(r["point"]), int(r["seed"]))):
        point = int(row["point"])
        entry = by_point.setdefault(point, {"point": point, "runs": [], "values": {
            name: _plain(row.get(name)) for name in factor_names}})
        entry["runs"].append(int(row["run_id"]))
    return list(by_point.values())


def record_failure(analysis: SensitivityAnalysis, error: BaseException) -> None:
    """Store why the command stopped; the command's own error is raised anyway, so a
    database that cannot take the note (the failure itself, perhaps) does not hide it."""
    analysis.status, analysis.failure = Status.FAILED, failure_words(error)
    try:
        analysis.save(update_fields=["status", "failure"])
    except DatabaseError:
        pass


def failure_words(error: BaseException) -> str:
    if isinstance(error, CommandError):
        return str(error)  # the command's own words, with the --resume hint where it fits
    stopped = "interrupted" if isinstance(error, KeyboardInterrupt) else \
        f"stopped by {type(error).__name__}: {error}"
    return f"{stopped}; the runs stored so far are kept"


def _plain(value):
    """A factor's value as written in results.csv (text) or fresh: a number when it is one."""
    if not isinstance(value, str):
        return value
    if value in ("true", "false"):
        return value == "true"
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number
