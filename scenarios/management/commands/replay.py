"""Recompute a run's metrics from its exported event log and print the report.

The log must be signed by this installation's key or a key passed with --trust-key; an
unsigned, untrusted or re-signed log is refused unless --unverified, and then every report
says so in its first line (or, in JSON, with "verified": false and a "warning").
"""

from django.core.management.base import BaseCommand, CommandError

from scenarios.format.files import FileRefused, check_path
from scenarios.logfile import LogError, UntrustedLog, open_log
from scenarios.logsign import KeyFileError, read_public_key
from scenarios.metrics import compute_metrics
from scenarios.reports import FORMATS, LISTINGS, render
from scenarios.reports.windows import LISTING_HELP

CAUTION = "its figures may not be what the run produced; do not rely on them"


class Command(BaseCommand):
    help = ("Replay an exported event log (JSONL): verify its signature, recompute its metrics "
            "and print the report.")

    def add_arguments(self, parser):
        parser.add_argument("log", help="path to the exported log (.jsonl)")
        parser.add_argument("--format", choices=FORMATS, default="text", dest="fmt")
        parser.add_argument("--windows", choices=LISTINGS, default="grouped",
                            help=LISTING_HELP)
        parser.add_argument("--out", help="write the report to this file instead of stdout")
        parser.add_argument("--trust-key", action="append", default=[], metavar="FILE",
                            dest="trust_keys", help=(
                                "also accept logs signed by this public key (PEM, OpenSSH or "
                                "raw; another installation's `manage.py log_key`); repeatable"))
        parser.add_argument("--unverified", action="store_true", help=(
            "replay a log whose signature proves nothing (unsigned, untrusted key, or edited "
            "after signing); the report then says it is unverified"))

    def handle(self, *args, log, fmt, windows, out, trust_keys, unverified, **options):
        keys = [self._trusted(path) for path in trust_keys]
        try:
            exported = open_log(check_path(log, what="event log"), trusted_keys=keys,
                                unverified=unverified)
        except UntrustedLog as error:
            raise CommandError(f"unverified log: {error}. Pass --trust-key FILE with the "
                               "signer's public key, or --unverified to replay it anyway") \
                from None
        except (LogError, KeyFileError, FileRefused) as error:
            raise CommandError(f"rejected log: {error}") from None
        metrics = compute_metrics(exported.records)
        report = render(metrics, fmt, windows) if exported.verified else unverified_report(
            metrics, fmt, exported.problem, windows)
        self._emit(report, out)

    def _trusted(self, path):
        try:
            return read_public_key(check_path(path, what="public key"))
        except (KeyFileError, FileRefused) as error:
            raise CommandError(f"--trust-key: {error}") from None

    def _emit(self, report: str, out: str | None) -> None:
        if not out:
            self.stdout.write(report, ending="")
            return
        try:
            check_path(out, what="report").write_text(report, encoding="utf-8")
        except (OSError, FileRefused) as error:
            raise CommandError(f"cannot write {out}: {error}") from None
        self.stderr.write(f"report written to {out}")


def unverified_report(metrics: dict, fmt: str, problem: str, windows: str = "grouped") -> str:
    """The report with a warning no reader can miss: a first line, or JSON keys."""
    if fmt == "json":
        return render({**metrics, "verified": False,
                       "warning": f"unverified log: {problem}; {CAUTION}"}, fmt, windows)
    if fmt == "markdown":
        banner = f"> **Unverified log:** {problem}; {CAUTION}.\n\n"
    else:
        banner = f"UNVERIFIED LOG: {problem}; {CAUTION}.\n\n"
    return banner + render(metrics, fmt, windows)
