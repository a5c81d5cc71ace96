"""Storing runs. A run's identity is (scenario digest, settings, seed): storing it twice is
impossible (a unique constraint), and storing it again is a no-op, so a redelivered task or
a resumed sweep never duplicates a result."""

import hashlib
import json
import zlib

from django.db import IntegrityError, transaction

from .models import Run


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def settings_key(settings: dict) -> str:
    return hashlib.sha256(canonical(settings).encode()).hexdigest()


def find_run(digest: str, settings: dict, seed: int) -> Run | None:
    return Run.objects.filter(digest=digest, settings_key=settings_key(settings), seed=seed).first()


def save_run(result) -> tuple[Run, bool]:
    """Store a finished RunResult; returns (run, created). Idempotent by identity."""
    if result.paused:
        raise ValueError("a paused run has no final log to store")
    identity = {"digest": result.digest, "settings_key": settings_key(result.settings),
                "seed": result.seed}
    fields = {
        "scenario": result.scenario,
        "settings": result.settings,
        "outcome": result.metrics["outcome"],
        "metrics": result.metrics,
        "log": zlib.compress(canonical(result.records).encode(), 6),
        "event_count": len(result.records),
    }
    existing = Run.objects.filter(**identity).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return Run.objects.create(**identity, **fields), True
    except IntegrityError:
        return Run.objects.get(**identity), False
