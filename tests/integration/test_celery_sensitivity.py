"""A sensitivity analysis on the celery backend (real Redis, real workers) stores and
reports what the local backend does."""

import json

import pytest

from tests import servers
from tests.integration.test_celery_sweeps import csv_rows, migrated
from tests.scenarios.sweeps.dbfile import sqlite_url
from tests.sensitivity.test_sensitivity_command import FACTORS, TINY

pytestmark = pytest.mark.integration

SENSITIVITY = ["sensitivity", TINY, *FACTORS, "--samples", "3", "--seeds", "2"]


def test_celery_workers_compute_the_design_points_the_local_backend_computes(tmp_path,
                                                                             broker_url):
    local_env = migrated(sqlite_url(tmp_path / "local.sqlite3"))
    servers.manage(*SENSITIVITY, "--workers", "2", "--out", str(tmp_path / "local"),
                   env=local_env)
    celery_env = migrated(sqlite_url(tmp_path / "celery.sqlite3"), broker_url)
    with servers.celery_workers(2, celery_env):
        servers.manage(*SENSITIVITY, "--backend", "celery", "--out",
                       str(tmp_path / "celery"), env=celery_env)
    assert csv_rows(tmp_path / "celery") == csv_rows(tmp_path / "local")
    summaries = [json.loads((tmp_path / name / "summary.json").read_text())
                 for name in ("local", "celery")]
    assert summaries[0]["outputs"] == summaries[1]["outputs"]
