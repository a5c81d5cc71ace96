"""The trainee's place in an exercise, carried by the pages rather than stored: when they
opened it and which "check it first" facts they have looked at. Signed, so it cannot be
edited, and bound to the trainee and the exercise."""

import time

from django.core import signing

from .checks import ORDER

SALT = "exercises.training"
MAX_AGE = 24 * 3600


def issue(user, slug: str, looked=(), started: int | None = None) -> str:
    looked = [key for key in ORDER if key in looked]
    return signing.dumps({"u": user.pk, "e": slug, "s": started or int(time.time()),
                          "l": looked}, salt=SALT)


def read(token: str, user, slug: str) -> dict | None:
    """{"started": epoch seconds, "looked": [...]}; None for a missing, changed, expired
    or someone else's token."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("e") != slug:
        return None
    return {"started": int(data["s"]), "looked": [k for k in data["l"] if k in ORDER]}


def seconds_since(started: int) -> int:
    return max(0, min(int(time.time()) - started, MAX_AGE))
