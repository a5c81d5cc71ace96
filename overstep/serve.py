"""`make serve`: host Overstep for a room, under gunicorn.

    python -m overstep.serve [HOST:PORT] [--workers N]

Refuses the development secret key (and any key as guessable), then migrates, collects the
static files (hashed and compressed, for WhiteNoise to serve) and becomes gunicorn on
HOST:PORT. Whatever it refuses, it says what to set, exits 2, and has started and written
nothing.
"""

import argparse
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ADDR = "127.0.0.1:8000"
# Django's own rule for a key nobody can guess (`check --deploy`, security.W009).
MIN_KEY_CHARS, MIN_KEY_DISTINCT_CHARS = 50, 5
GENERATE_KEY = ".venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))'"
# Processes, one thread each: a tabletop page replays the engine in its process's sandbox
# database (forum/sandbox.py), which two threads of one process cannot use at once. A room
# of ~20 browsers, the facilitator's console polling every 4 s, needs a handful.
DEFAULT_WORKERS = max(2, min(8, 2 * (os.cpu_count() or 1) + 1))
MAX_WORKERS = 64
# Replaying a long session for its after-action report (with its baselines) takes seconds,
# more on a busy laptop; gunicorn's 30 s default would kill the worker mid-report.
TIMEOUT_SECONDS = 120
ADDR = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(?P<port>[0-9]{1,5})$")
ANY_ADDRESS = {"0.0.0.0", "[::]"}
LOCAL_ONLY = {"localhost", "127.0.0.1", "[::1]", "testserver"}


class Refused(Exception):
    """Something the operator must set or fix before the room can be served."""


def main(argv: list[str] | None = None) -> int:
    args = _arguments().parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstep.settings")
    os.environ["OVERSTEP_STATIC_COLLECTED"] = "1"
    try:
        host, port = parse_addr(args.addr)
        workers = check_workers(args.workers)
        check_secret_key()
    except Refused as refused:
        print(f"make serve: {refused}", file=sys.stderr)
        return 2
    prepare()
    announce(host, port, workers)
    os.execv(sys.executable, gunicorn_command(f"{host}:{port}", workers))
    return 0  # not reached: this process is gunicorn now


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="make serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("addr", nargs="?", default=DEFAULT_ADDR,
                        help=f"where to listen, HOST:PORT (default {DEFAULT_ADDR}; "
                             "0.0.0.0:8000 for the whole LAN)")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                        help=f"worker processes, 1 to {MAX_WORKERS} (default {DEFAULT_WORKERS})")
    return parser


def parse_addr(addr: str) -> tuple[str, int]:
    found = ADDR.match(addr)
    port = int(found["port"]) if found else 0
    if not found or not 1 <= port <= 65535:
        raise Refused(f"ADDR must be HOST:PORT with a port from 1 to 65535, e.g. "
                      f"ADDR=0.0.0.0:8000; got {addr[:80]!r}")
    return found["host"], port


def check_workers(workers: int) -> int:
    if not 1 <= workers <= MAX_WORKERS:
        raise Refused(f"WORKERS must be between 1 and {MAX_WORKERS}; got {workers}")
    return workers


def check_secret_key() -> None:
    from django.conf import settings

    key = settings.SECRET_KEY
    if key == settings.DEVELOPMENT_SECRET_KEY:
        problem = "OVERSTEP_SECRET_KEY is not set (or is the development key)"
    elif len(key) < MIN_KEY_CHARS or len(set(key)) < MIN_KEY_DISTINCT_CHARS:
        problem = (f"OVERSTEP_SECRET_KEY is too easy to guess (it needs at least "
                   f"{MIN_KEY_CHARS} characters, {MIN_KEY_DISTINCT_CHARS} of them different)")
    else:
        return
    raise Refused(f"refusing to serve: {problem}; anyone who knows the key can sign in as "
                  f"anyone.\nGenerate a key once and keep it (sessions survive restarts):\n"
                  f"    export OVERSTEP_SECRET_KEY=\"$({GENERATE_KEY})\"\n"
                  f"then run make serve again.")


def prepare() -> None:
    """Bring the database up to date and collect the static files gunicorn will serve."""
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()


def announce(host: str, port: int, workers: int) -> None:
    from django.conf import settings

    print(f"Serving Overstep on http://{host}:{port}/ with {workers} gunicorn workers; "
          "Ctrl-C stops it.", file=sys.stderr)
    if host in ANY_ADDRESS and set(settings.ALLOWED_HOSTS) <= LOCAL_ONLY:
        print("Warning: OVERSTEP_ALLOWED_HOSTS names only this machine, so browsers on other "
              "machines get 'Bad Request (400)'. Set it to the address or name they will "
              "type, e.g. OVERSTEP_ALLOWED_HOSTS=192.168.1.20", file=sys.stderr)
    if settings.DEBUG:
        print("Warning: OVERSTEP_DEBUG is on: error pages show code and settings to "
              "everyone in the room.", file=sys.stderr)


def gunicorn_command(bind: str, workers: int) -> list[str]:
    # No control socket: nothing here uses gunicornc, and its one default path per user
    # ($HOME/.gunicorn/gunicorn.ctl) would be fought over by two servers on one machine.
    return [sys.executable, "-m", "gunicorn", "overstep.wsgi:application",
            "--chdir", str(REPO), "--bind", bind, "--workers", str(workers),
            "--threads", "1", "--timeout", str(TIMEOUT_SECONDS), "--access-logfile", "-",
            "--no-control-socket"]


if __name__ == "__main__":
    sys.exit(main())
