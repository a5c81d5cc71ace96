"""Where the commands say a stored run or sweep can be browsed: settings.SITE_URL (env
OVERSTEP_SITE_URL; runserver's address by default) joined to the page's path."""

from django.conf import settings
from django.urls import reverse


def page_url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)
