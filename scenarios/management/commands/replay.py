"""Recompute a run's metrics from its exported event log and print the report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scenarios.logfile import LogError, read_log
from scenarios.metrics import compute_metrics
from scenarios.reports import FORMATS, render


class Command(BaseCommand):
    help = "Replay an exported event log (JSONL): recompute its metrics and print the report."

    def add_arguments(self, parser):
        parser.add_argument("log", help="path to the exported log (.jsonl)")
        parser.add_argument("--format", choices=FORMATS, default="text", dest="fmt")
        parser.add_argument("--out", help="write the report to this file instead of stdout")

    def handle(self, *args, log, fmt, out, **options):
        try:
            _meta, records = read_log(log)
        except LogError as error:
            raise CommandError(f"rejected log: {error}") from None
        report = render(compute_metrics(records), fmt)
        if out:
            try:
                Path(out).write_text(report, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"cannot write {out}: {error}") from None
            self.stderr.write(f"report written to {out}")
        else:
            self.stdout.write(report, ending="")
