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


FAILED = "failed"  # the outcome a failed run is listed under


def find_run(digest: str, settings: dict, seed: int) -> Run | None:
    """The finished run of this identity; a failed one does not count (it is retried)."""
    return Run.objects.filter(digest=digest, settings_key=settings_key(settings), seed=seed,
                              status=Run.Status.FINISHED).first()


def save_run(result) -> tuple[Run, bool]:
    """Store a finished or failed RunResult; returns (run, created). Idempotent by
    identity: a finished run is kept as it is; a failed one is replaced by a later try."""
    if result.paused:
        raise ValueError("a paused run has no final log to store")
    identity = {"digest": result.digest, "settings_key": settings_key(result.settings),
                "seed": result.seed}
    fields = {
        "scenario": result.scenario,
        "settings": result.settings,
        "outcome": FAILED if result.failed else result.metrics["outcome"],
        "metrics": result.metrics,
        "log": zlib.compress(canonical(result.records).encode(), 6),
        "event_count": len(result.records),
        "status": Run.Status.FAILED if result.failed else Run.Status.FINISHED,
        "failure": result.failure or "",
        "recording": (zlib.compress(result.recording.to_jsonl().encode(), 6)
                      if len(result.recording) else None),
        "scenario_text": zlib.compress(result.scenario_text.encode(), 6),
    }
    existing = Run.objects.filter(**identity).first()
    if existing and existing.failed:
        with transaction.atomic():
            Run.objects.filter(pk=existing.pk).update(**fields)
        existing.refresh_from_db()
        return existing, False
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return Run.objects.create(**identity, **fields), True
    except IntegrityError:
        return Run.objects.get(**identity), False
