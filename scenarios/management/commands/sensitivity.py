"""Which assumptions decide the answer: vary numeric parameters (and guardrails) of a
scenario over ranges with SALib (Morris or Sobol), run every design point on seeds 1..K,
and rank the factors by their effect on P(exposure), exposed person-minutes and time to
contain. See docs/sensitivity.md."""

import sys
import warnings
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scenarios.format.limits import MAX_SWEEP_RUNS
from scenarios.management import arguments, page_cache
from scenarios.management.progress import running
from scenarios.overrides import load_with_overrides
from scenarios.sensitivity import design
from scenarios.sensitivity.factors import FactorError, parse_factors
from scenarios.sensitivity.outputs import (OutputMismatch, check_resumable, design_identity,
                                           read_results, write_design, write_results,
                                           write_summary)
from scenarios.sensitivity.report_html import write_report
from scenarios.sensitivity.service import run_design
from scenarios.sensitivity.stored import open_analysis, record_failure, record_rows
from scenarios.sensitivity.summary import IncompleteDesign, ranking_lines, summarise
from scenarios.sensitivity.variants import PointInvalid, design_points
from scenarios.sweeps import local
from scenarios.sweeps.service import BACKENDS
from scenarios.views.sensitivity import outputs

MAX_SAMPLES = 10_000
MAX_SEEDS = 10_000


def samples_option(text: str) -> int:
    return arguments.whole_number(text, low=2, high=MAX_SAMPLES, what="--samples")


def seeds_option(text: str) -> int:
    return arguments.whole_number(text, low=1, high=MAX_SEEDS, what="--seeds")


def points_option(text: str) -> int:
    return arguments.whole_number(text, low=1, high=MAX_SWEEP_RUNS, what="--max-points")


class Command(BaseCommand):
    help = ("Rank which parameters of SCENARIO drive P(exposure), exposed person-minutes and "
            "time to contain (SALib: Morris or Sobol); writes results.csv, summary.json and "
            "report.html to --out.")

    def add_arguments(self, parser):
        parser.add_argument("scenario", help="a path, or the name of a library scenario")
        parser.add_argument("--param", action="append", default=[], dest="params",
                            metavar="PATH=LOW:HIGH",
                            help="a numeric key path and its range (repeatable), e.g. "
                                 "actors.helper.accuracy=0.1:0.6; or guardrail:KEY=V1,V2")
        parser.add_argument("--samples", type=samples_option, required=True, metavar="N",
                            help="Morris trajectories, or Sobol base samples (a power of 2)")
        parser.add_argument("--method", choices=design.METHODS, default="morris")
        parser.add_argument("--seeds", type=seeds_option, default=10, metavar="K",
                            help="seeds 1..K at every design point (default 10)")
        parser.add_argument("--design-seed", type=arguments.seed, default=1, metavar="S",
                            help="SALib's seed for the design and the bootstrap (default 1)")
        parser.add_argument("--out", required=True, metavar="DIR")
        parser.add_argument("--backend", choices=BACKENDS, default="local")
        parser.add_argument("--workers", type=arguments.workers, default=local.default_workers(),
                            help="local worker processes, 1-256 (default: CPU count)")
        parser.add_argument("--resume", action="store_true",
                            help="keep the design points already in DIR/results.csv")
        parser.add_argument("--max-points", type=points_option, metavar="N",
                            help="run at most N design points now (the rest on --resume)")
        parser.add_argument("--progress", action="store_true",
                            help="show the progress bar even when stderr is not a terminal")

    def handle(self, *args, scenario, params, samples, method, seeds, design_seed, out,
               backend, workers, resume, max_points, progress, **options):
        loaded = load_with_overrides(scenario, [])[0]
        factors, matrix, points = _design(loaded, params, method, samples, seeds, design_seed)
        out_dir = Path(out)
        identity = design_identity(loaded, method, factors, samples, seeds, design_seed)
        previous = _previous_rows(out_dir, identity, seeds) if resume else []
        write_design(out_dir, identity)
        analysis = open_analysis(loaded, identity, out_dir=out_dir, backend=backend,
                                 points=len(points), resume=resume)
        try:
            self._analyse(analysis, loaded, factors, matrix, points, previous, out_dir,
                          workers, max_points, progress)
        except BaseException as error:
            record_failure(analysis, error)
            raise

    def _analyse(self, analysis, loaded, factors, matrix, points, previous, out_dir, workers,
                 max_points, progress):
        identity, names = analysis.identity(), [f.name for f in factors]
        seeds, backend = analysis.seeds, analysis.backend
        done = {int(row["point"]) for row in previous}
        todo = [p for p in points if p.index not in done][:max_points]
        outcome = _run(loaded, todo, seeds, backend, workers, progress)
        rows = previous + outcome.rows
        files = [write_results(out_dir, names, rows)]
        finished = len(done) + len(todo)
        self.stdout.write(f"sensitivity ({identity['method']}): {finished} of {len(points)} "
                          f"design points × {seeds} seeds; {outcome.executed} runs run now, "
                          f"{outcome.reused} already stored or shared with another point, "
                          f"{len(previous)} kept from {out_dir / 'results.csv'}; "
                          f"{outcome.seconds:.1f} s on {backend}")
        if finished < len(points):
            record_rows(analysis, names, rows, summary=None)
            self.stdout.write(f"{len(points) - finished} design points left: run the same "
                              "command with --resume to finish; the indices need them all")
            return
        try:
            summary = summarise(identity, factors, matrix, rows)
        except IncompleteDesign as error:
            raise CommandError(str(error)) from None
        files += [write_summary(out_dir, summary), write_report(out_dir, summary)]
        record_rows(analysis, names, rows, summary)
        self.stdout.write("\n".join(ranking_lines(summary)))
        self.stdout.write(f"wrote {', '.join(f.name for f in files)} to {out_dir}; the report: "
                          f"{out_dir / 'report.html'}; in the web app: sensitivity analysis "
                          f"{analysis.pk}")
        page_cache.fill("sensitivity analysis", lambda: _page_charts(analysis), self.stdout,
                        self.stderr)


def _design(loaded, params, method, samples, seeds, design_seed):
    """The factors, SALib's sample matrix and its design points, all checked."""
    try:
        factors = parse_factors(loaded, params)
    except FactorError as error:
        raise CommandError(str(error)) from None
    count = samples * design.points_per_sample(method, len(factors))
    if count * seeds > MAX_SWEEP_RUNS:
        raise CommandError(f"the design would make {count * seeds:,} runs ({count:,} design "
                           f"points × {seeds:,} seeds); at most {MAX_SWEEP_RUNS:,} are allowed")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        matrix = design.sample(method, factors, samples, design_seed)
    if caught and method == "sobol":
        sys.stderr.write(f"note: --samples {samples} is not a power of 2; Sobol's sequence "
                         "balances best on a power of 2\n")
    try:
        return factors, matrix, design_points(loaded, factors, matrix)
    except PointInvalid as error:
        raise CommandError(str(error)) from None


def _previous_rows(out_dir: Path, identity: dict, seeds: int) -> list[dict]:
    """The rows of the points complete in DIR/results.csv (every seed, none failed)."""
    try:
        check_resumable(out_dir, identity)
        rows = read_results(out_dir)
    except OutputMismatch as error:
        raise CommandError(str(error)) from None
    by_point: dict[str, list[dict]] = {}
    for row in rows:
        by_point.setdefault(row["point"], []).append(row)
    return [row for runs in by_point.values()
            if len({r["seed"] for r in runs}) == seeds
            and all(r["outcome"] != "failed" for r in runs) for row in runs]


def _page_charts(analysis) -> None:
    """The analysis page's charts, drawn from the summary as the page reads it back."""
    analysis.refresh_from_db(fields=["summary"])
    outputs(analysis.summary)


def _run(loaded, todo, seeds, backend, workers, progress):
    with running(progress) as bar:
        return run_design(loaded, todo, seeds, backend=backend, workers=workers,
                          progress=bar.update, warn=bar.write)
