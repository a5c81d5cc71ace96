"""What the run and sweep pages keep in Django's cache: work that is a pure function of
stored runs (a sweep's statistics and figures, the forum at minute t), under a key made of
what it is a function of, so a new or replaced run never meets another's drawing."""

import hashlib
import json

from django.core.cache import cache

# Part of every key: bump it when what a page caches changes shape or meaning.
VERSION = 1
SECONDS = 30 * 24 * 3600


def cache_key(kind: str, *identity) -> str:
    text = json.dumps(identity, sort_keys=True, separators=(",", ":"), default=str)
    return f"overstep:{kind}:v{VERSION}:{hashlib.sha256(text.encode()).hexdigest()[:40]}"


def remembered(key: str, compute):
    """The cached value of `key`, or compute() stored under it."""
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, SECONDS)
    return found


def run_identity(run) -> list:
    """What a replay of a stored run is a function of: its scenario as run, settings (with a
    session's inputs, in settings_key), seed and model recording; and whether it finished,
    since a failed run is replaced in place when it is tried again."""
    return [run.digest, run.settings_key, run.seed, run.status,
            _sha(run.scenario_text), _sha(run.recording)]


def _sha(blob) -> str | None:
    return None if blob is None else hashlib.sha256(bytes(blob)).hexdigest()
