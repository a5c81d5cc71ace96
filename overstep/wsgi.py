"""The WSGI application: what gunicorn runs under `make serve` (overstep/serve.py), and what
any other WSGI server would run. Static files are answered by WhiteNoise's middleware."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstep.settings")

application = get_wsgi_application()
