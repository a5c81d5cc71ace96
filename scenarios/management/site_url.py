"""Where the commands say a stored run or sweep can be browsed: the site's base URL (the
OVERSTEP_SITE_URL setting or environment variable; runserver's address by default) joined
to the page's path."""

import os

from django.conf import settings
from django.urls import reverse

DEFAULT = "http://127.0.0.1:8000"


def base_url() -> str:
    url = getattr(settings, "OVERSTEP_SITE_URL", "") or os.environ.get("OVERSTEP_SITE_URL", "")
    return (url or DEFAULT).rstrip("/")


def page_url(name: str, *args) -> str:
    return base_url() + reverse(name, args=args)
