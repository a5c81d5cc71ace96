"""What the sweep command says when it ends: what ran, where, what the models cost, and
which runs failed and why."""

from scenarios.analysis.summary import failure_summary, model_usage, varying_keys
from scenarios.runs import settings_key

REASONS_SHOWN = 3


def closing_lines(outcome, backend: str, workers: int, concurrency: int, out: str,
                  files) -> list[str]:
    lines = [summary_line(outcome, backend, workers, concurrency, out, files)]
    lines += failure_lines(outcome)
    return lines


def summary_line(outcome, backend: str, workers: int, concurrency: int, out: str,
                 files) -> str:
    total = len(outcome.planned)
    where = (f"{workers} worker process(es)" if backend == "local" else "Celery workers")
    if concurrency > 1:
        where += f", up to {concurrency} runs in flight " + (
            "each" if backend == "local" else "per task")
    opened = "resumed" if outcome.resumed else "new"
    reused = (f", {outcome.reused} already stored and reused (same scenario, settings and "
              "seed: identical results)" if outcome.reused else "")
    usage = usage_clause(model_usage(rows_run_now(outcome)))
    names = ", ".join(f.name for f in files)
    return (f"sweep #{outcome.sweep.pk} ({opened}): {total} runs, {outcome.executed} run now"
            f"{reused}; {outcome.seconds:.1f} s on {backend} ({where}){usage}; wrote {names} "
            f"to {out}")


def rows_run_now(outcome) -> list[dict]:
    return [row for row in outcome.rows
            if (settings_key(row["settings"]), row["seed"]) in outcome.executed_identities]


def usage_clause(usage: dict) -> str:
    """'; 600 model calls, 123k tokens in, 9k out, 15.0 min waiting ...' or nothing."""
    if not usage["model_calls"]:
        return ""
    return (f"; {usage['model_calls']:,} model calls, {_count(usage['tokens_in'])} tokens in, "
            f"{_count(usage['tokens_out'])} out, {_duration(usage['model_latency_ms'])} "
            "waiting for answers (summed over runs)")


def failure_lines(outcome) -> list[str]:
    failed = outcome.failed_rows
    if not failed:
        return []
    summary = failure_summary(failed, varying_keys(outcome.rows, list(outcome.sweep.grid)))
    earlier = outcome.failed_earlier
    lines = [f"{len(failed)} runs failed: stored as failed with their reason, marked in "
             "results.csv and left out of summary.json and report.html"
             + (f" ({earlier} of them failed in an earlier sweep and were not tried again)"
                if earlier else "")]
    for reason in summary["reasons"][:REASONS_SHOWN]:
        first = reason["first"]
        lines.append(f"  {reason['runs']} × {reason['reason']} (first: {first['setting']}, "
                     f"seed {first['seed']})")
    others = len(summary["reasons"]) + summary["more_reasons"] - REASONS_SHOWN
    if others > 0:
        lines.append(f"  … and {others} other reasons (see results.csv)")
    return lines


def _duration(ms: int) -> str:
    seconds = ms / 1000
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def _count(n: int) -> str:
    if n < 10_000:
        return f"{n:,}"
    if n < 1_000_000:
        return f"{n / 1000:.0f}k"
    return f"{n / 1_000_000:.1f}M"
