"""Looking into a sweep's database from the test process, without Django: the sweep ran in
another process (and maybe its workers in others), against a file or a server."""

import json
import sqlite3
import zlib
from contextlib import closing
from pathlib import Path

RUNS = "SELECT settings_key, seed, metrics, log FROM scenarios_run"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def query(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10)) as db:
            return db.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as db:
        return db.execute(sql).fetchall()


def count(url: str, table: str) -> int:
    return query(url, f"SELECT count(*) FROM {table}")[0][0]


def stored_runs(url: str) -> dict[tuple[str, int], dict]:
    """{(settings_key, seed): {"metrics": ..., "records": ...}}; fails on a duplicate."""
    runs = {}
    for key, seed, metrics, log in query(url, RUNS):
        assert (key, seed) not in runs, f"run {key[:8]} seed {seed} is stored twice"
        metrics = json.loads(metrics) if isinstance(metrics, str) else metrics
        runs[key, seed] = {"metrics": metrics, "records": json.loads(zlib.decompress(log))}
    return runs
