"""Run a scenario over a grid of guardrail settings and seeds 1..N; store every run."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scenarios.management import arguments, page_cache
from scenarios.management.progress import running
from scenarios.management.site_url import page_url
from scenarios.overrides import load_with_overrides
from scenarios.sweeps import local
from scenarios.sweeps.comparison_text import comparison_lines
from scenarios.sweeps.grid import check_size, parse_grid
from scenarios.sweeps.outputs import write_outputs
from scenarios.sweeps.report import closing_lines
from scenarios.sweeps.service import BACKENDS, check_concurrency, run_sweep
from scenarios.views.sweeps import sweep_page


class Command(BaseCommand):
    help = ("Run SCENARIO for every combination of --grid values and seeds 1..N; store the "
            "runs and write results.csv and summary.json to --out.")

    def add_arguments(self, parser):
        parser.add_argument("scenario", help="a path, or the name of a library scenario")
        parser.add_argument("--grid", action="append", default=[], metavar="KEY=V1,V2",
                            help="a guardrail and the values to try (repeatable)")
        parser.add_argument("--agent", action="append", default=[], dest="agents",
                            metavar="ID=POLICY",
                            help="put a policy in an agent's seat (repeatable)")
        parser.add_argument("--seeds", type=int, required=True, metavar="N",
                            help="run seeds 1..N (at most 100000 runs in all, counting every "
                                 "combination of --grid values)")
        parser.add_argument("--backend", choices=BACKENDS, default="local")
        parser.add_argument("--workers", type=arguments.workers, default=local.default_workers(),
                            help="local worker processes, 1-256 (default: CPU count)")
        parser.add_argument("--concurrency", type=int, default=1, metavar="N",
                            help="runs in flight at once per worker process (local) or per "
                                 "task (celery), on threads: for models, whose calls take "
                                 "seconds (1-256, default 1)")
        parser.add_argument("--out", required=True, metavar="DIR")
        parser.add_argument("--resume", action="store_true",
                            help="continue the latest sweep with the same scenario, grid "
                                 "and seeds")
        parser.add_argument("--progress", action="store_true",
                            help="show the progress bar even when stderr is not a terminal")

    def handle(self, *args, scenario, grid, agents, seeds, backend, workers, concurrency, out,
               resume, progress, **options):
        loaded, parsed_grid = _inputs(scenario, grid, agents, seeds, workers, concurrency)
        with running(progress, " the sweep") as bar:
            outcome = run_sweep(loaded, parsed_grid, seeds, backend=backend, workers=workers,
                                concurrency=concurrency, resume=resume, progress=bar.update,
                                warn=bar.write)
        files = write_outputs(Path(out), outcome.sweep, outcome.rows)
        lines = closing_lines(outcome, backend, workers, concurrency, out, files)
        if outcome.rows and len(outcome.failed_rows) < len(outcome.rows):
            lines += comparison_lines(Path(out), page_url("scenarios:sweep", outcome.sweep.pk))
        self.stdout.write("\n".join(lines))
        if outcome.failed_rows:
            raise CommandError(f"{len(outcome.failed_rows)} of {len(outcome.planned)} runs "
                               "failed (reasons above, and in results.csv); run the same "
                               "command with --resume to try them again")
        page_cache.fill("sweep", lambda: sweep_page(outcome.sweep), self.stdout, self.stderr)


def _inputs(scenario: str, grid: list[str], agents: list[str], seeds: int, workers: int,
            concurrency: int):
    if seeds < 1:
        raise CommandError("--seeds must be at least 1")
    try:
        check_concurrency(concurrency)
        parsed = parse_grid(grid)
        check_size(parsed, seeds)
    except ValueError as error:  # GridError too
        raise CommandError(str(error)) from None
    return load_with_overrides(scenario, [], agents)[0], parsed



