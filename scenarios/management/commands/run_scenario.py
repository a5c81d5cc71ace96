"""Run one scenario with one set of guardrail settings and one seed, store it, report it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from scenarios.engine import run
from scenarios.expectations import check_expectations
from scenarios.logfile import log_lines
from scenarios.management import arguments
from scenarios.management.site_url import page_url
from scenarios.overrides import load_with_overrides, read_recording
from scenarios.reports import FORMATS, LISTINGS, render
from scenarios.reports.windows import LISTING_HELP
from scenarios.runs import save_run


class Command(BaseCommand):
    help = "Replay a scenario (a path, or a name in scenarios/library/) and print its report."

    def add_arguments(self, parser):
        parser.add_argument("scenario", help="path to a scenario YAML, or a library name")
        parser.add_argument("--seed", type=arguments.seed, default=1,
                            help="a whole number from 0 to 2**63 - 1 (default 1)")
        parser.add_argument("--set", action="append", dest="overrides", metavar="KEY=VALUE",
                            help="override a guardrail setting (repeatable)")
        parser.add_argument("--agent", action="append", dest="agents", metavar="ID=POLICY",
                            help="put a policy in an agent's seat: scripted, reader, "
                                 "model:MODEL or recorded:FILE (repeatable)")
        parser.add_argument("--format", choices=FORMATS, default="text", dest="fmt")
        parser.add_argument("--windows", choices=LISTINGS, default="grouped",
                            help=LISTING_HELP)
        parser.add_argument("--out", help="write the report to this file instead of stdout")
        parser.add_argument("--export-log", help="also write the run's event log (JSONL) here")
        parser.add_argument("--replay-recording", metavar="FILE", help=(
            "answer every model request from this recording (of the same scenario, settings "
            "and seed): the run is reproduced offline, no endpoint is called"))
        parser.add_argument("--export-recording", help=(
            "also write the run's exchanges with models (JSONL) here, to replay it offline "
            "with --agent ID=recorded:FILE"))
        parser.add_argument("--no-store", action="store_true",
                            help="do not save the run in the database")
        parser.add_argument("--check", action="store_true",
                            help="compare with the scenario's expected outcome; exit 1 if unmet")

    def handle(self, *args, scenario, seed, overrides, agents, fmt, windows, out, export_log,
               replay_recording, export_recording, no_store, check, **options):
        loaded, settings = load_with_overrides(scenario, overrides, agents)
        recording = read_recording(replay_recording) if replay_recording else None
        result = run(loaded, seed=seed, overrides=settings, recording=recording)
        stored = None if no_store else self._store(result)
        if export_recording:
            self._write(export_recording, result.recording.to_jsonl)
        if result.failed:
            raise CommandError(f"the run failed and was stored as failed: {result.failure}")
        if export_log:
            self._write(export_log, lambda: "\n".join(log_lines(result.records)) + "\n")
        report = render(result.metrics, fmt, windows)
        if out:
            self._write(out, lambda: report)
            self.stderr.write(f"report written to {out}")
        else:
            self.stdout.write(report, ending="" if report.endswith("\n") else "\n")
        if stored is not None:
            self.stderr.write(f"Stored as run {stored.pk}: {page_url('scenarios:run', stored.pk)}")
        if check:
            self._check(loaded.scenario.expected, result.metrics)

    def _store(self, result):
        try:
            return save_run(result)[0]
        except DatabaseError as error:
            raise CommandError(f"cannot store the run ({error}); run `python manage.py migrate` "
                               "first, or pass --no-store") from None

    def _write(self, path, text_of):
        """The whole text is made (a log signed) before the file is opened: a failure
        leaves no empty or half-written file behind."""
        try:
            text = text_of()
            Path(path).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error}") from None

    def _check(self, expected, metrics):
        checks = check_expectations(expected, metrics)
        if not checks:
            raise CommandError("--check: this scenario declares no expected outcome")
        for line in checks:
            self.stderr.write(str(line))
        failed = [c for c in checks if not c.passed]
        if failed:
            unmet = "; ".join(f"{c.name}: expected {c.expected}, got {c.actual}" for c in failed)
            raise CommandError(f"the run does not meet the scenario's expected outcome ({unmet})")
