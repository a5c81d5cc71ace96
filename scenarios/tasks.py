"""Celery's autodiscovery imports `<app>.tasks`: the sweep task lives in scenarios.sweeps."""

from .sweeps.tasks import execute_run

__all__ = ["execute_run"]
