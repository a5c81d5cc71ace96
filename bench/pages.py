"""Time the sweep and run pages over a 1,000-run sweep: cold and warm, with SQL queries.

    .venv/bin/python bench/pages.py [--seeds 250] [--data DIR] [--profile PAGE]

4 settings (agent.approval_required × acl.grant_expiry_minutes) × 250 seeds of
meta_internal_forum_stochastic are stored by `manage.py sweep` in a subprocess, on a
throw-away SQLite file (never var/overstep.sqlite3). The sweep command fills the sweep
page's cache as it finishes: the sweep page's first request after it is timed first. Then,
in this process, the Django test client signed in as an employee asks for each page: cold
(its first request, the page cache emptied) and warm (the median of 5 more), with the SQL
queries of each. Target: < 300 ms warm.

--data DIR keeps the database in DIR and reuses it on the next call, so a change can be
measured without running the sweep again (`manage.py sweep --resume` then fills the page
cache: it runs nothing). --profile PAGE prints cProfile's top functions for one warm request.
"""

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import servers  # noqa: E402

SCENARIO = "meta_internal_forum_stochastic"
GRID = ["--grid", "agent.approval_required=false,true", "--grid", "acl.grant_expiry_minutes=off,60"]
WARM = 5
TARGET_MS = 300
PROFILE_FILE = Path(tempfile.gettempdir()) / "overstep-pages.prof"


def make_sweep(data: Path, seeds: int) -> None:
    """The sweep's runs in data/pages.sqlite3 (unless an earlier call left them there), and
    the sweep page's cache as the sweep command leaves it."""
    env = environment(data)
    shutil.rmtree(env["OVERSTEP_CACHE_DIR"], ignore_errors=True)
    stored = (data / "pages.sqlite3").exists()
    if not stored:
        servers.migrate(env)
    started = time.perf_counter()
    servers.manage("sweep", SCENARIO, *GRID, "--seeds", str(seeds), "--workers", "2",
                   "--out", str(data / "out"), *(["--resume"] if stored else []), env=env,
                   timeout=3600)
    done = "found stored, page cached" if stored else "stored"
    print(f"sweep of {4 * seeds} runs {done} in {time.perf_counter() - started:.0f} s")


def environment(data: Path) -> dict:
    return servers.django_env(f"sqlite:///{data / 'pages.sqlite3'}",
                              OVERSTEP_VAR_DIR=str(data / "var"),
                              OVERSTEP_CACHE_DIR=str(data / "var" / "cache"))


def setup_django(data: Path) -> None:
    os.environ.update({k: v for k, v in environment(data).items()
                       if k.startswith("OVERSTEP_") or k == "DJANGO_SETTINGS_MODULE"})
    import django

    django.setup()


def signed_in_client():
    from django.test import Client

    from forum import services
    from forum.models import Principal

    viewer = (Principal.objects.filter(username="bench-viewer").first()
              or services.create_principal("bench-viewer"))
    client = Client()
    client.force_login(viewer)
    return client


def pages() -> list[tuple[str, str]]:
    """(name, URL) of the pages measured: the sweep, the lists, one run and its parts."""
    from django.urls import reverse

    from scenarios.models import Run, Sweep

    sweep = Sweep.objects.latest("id")
    run = (Run.objects.filter(digest=sweep.digest, outcome="exposure_with_access").first()
           or Run.objects.filter(digest=sweep.digest).first())
    return [
        ("sweep", reverse("scenarios:sweep", args=[sweep.pk])),
        ("sweep list", reverse("scenarios:sweeps")),
        ("run list", reverse("scenarios:runs")),
        ("run list, filtered", reverse("scenarios:runs") + f"?sweep={sweep.pk}&page=2"),
        ("run", reverse("scenarios:run", args=[run.pk])),
        ("run at minute 30", reverse("scenarios:run_at", args=[run.pk]) + "?t=30"),
        ("run explain", reverse("scenarios:run_explain", args=[run.pk])),
    ]


def timed(client, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, len(queries)


def empty_page_cache() -> None:
    from django.core.cache import cache

    cache.clear()


def measure(client, targets) -> list[tuple]:
    empty_page_cache()
    rows = []
    for name, url in targets:
        cold, cold_queries = timed(client, url)
        warm = [timed(client, url) for _ in range(WARM)]
        rows.append((name, url, cold, cold_queries, statistics.median(t for t, _ in warm),
                     warm[-1][1]))
    return rows


def report(after_command: tuple[float, int], rows: list[tuple]) -> None:
    elapsed, queries = after_command
    print(f"sweep page, first request after `manage.py sweep` filled its cache: {elapsed:.0f} "
          f"ms, {queries} queries\n")
    print(f"{'page':<20} {'cold ms':>8} {'queries':>7} {'warm ms':>8} {'queries':>7}  url")
    for name, url, cold, cold_q, warm, warm_q in rows:
        flag = "" if warm < TARGET_MS else "  (over target)"
        print(f"{name:<20} {cold:>8.0f} {cold_q:>7} {warm:>8.0f} {warm_q:>7}  {url}{flag}")
    print(f"\ncold = the first request with the page cache emptied; warm = median of {WARM} "
          f"requests after it; target < {TARGET_MS} ms warm")


def profile(client, targets, name: str) -> None:
    """cProfile of the first request of page `name` (cold, the page cache emptied) and of a
    second one (warm), the warm one printed."""
    url = dict(targets)[name]
    empty_page_cache()
    for when in ("cold", "warm"):
        profiler = cProfile.Profile()
        profiler.runcall(client.get, url)
        profiler.dump_stats(f"{PROFILE_FILE}.{when}")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    print(f"whole profiles in {PROFILE_FILE}.cold and .warm (python -m pstats)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=250, help="per setting (4 settings)")
    parser.add_argument("--data", type=Path, help="keep the database here and reuse it")
    parser.add_argument("--profile", metavar="PAGE", help="cProfile one warm request of PAGE")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="overstep-pages-") as tmp:
        data = args.data or Path(tmp)
        data.mkdir(parents=True, exist_ok=True)
        make_sweep(data, args.seeds)
        setup_django(data)
        client = signed_in_client()
        targets = pages()
        if args.profile:
            profile(client, targets, args.profile)
            return
        after_command = timed(client, dict(targets)["sweep"])
        report(after_command, measure(client, targets))


if __name__ == "__main__":
    main()
