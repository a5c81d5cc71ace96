"""Hosting a room: `make serve` runs the real gunicorn with WhiteNoise's static files, and
refuses to start with a key anyone could know. Real processes on loopback, no mocks."""

import http.cookiejar
import os
import re
import secrets
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import servers

SECRET = secrets.token_urlsafe(50)
# What `check --deploy` may still say of a room on plain http: HTTPS is the proxy's job
# (README, "Host a session for a room").
HTTP_ONLY_WARNINGS = {"security.W004", "security.W008", "security.W012", "security.W016"}


@pytest.fixture
def serve_env(tmp_path):
    """The environment of a fresh installation: its own var/ (database, static files)."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("OVERSTEP_", "DJANGO_"))}
    return {**env, "OVERSTEP_VAR_DIR": str(tmp_path), "OVERSTEP_SECRET_KEY": SECRET}


@contextmanager
def served(env, *args):
    port = servers.free_port()
    log_path = Path(env["OVERSTEP_VAR_DIR"]) / "serve.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [str(servers.PYTHON), "-m", "overstep.serve", f"127.0.0.1:{port}", "--workers", "2",
         *args], env=env, cwd=servers.REPO, start_new_session=True, stdout=log,
        stderr=subprocess.STDOUT)
    try:
        servers.wait_until(lambda: _answers(f"http://127.0.0.1:{port}/accounts/login/"), 60,
                           "make serve", log_path)
        yield f"http://127.0.0.1:{port}", process
    finally:
        servers._stop(process, grace=30)
        log.close()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:  # not listening yet, reset, or too slow to answer while booting
        return False


def fetch(url: str, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return r.status, r.headers, r.read()


def make_serve(env, *variables, timeout=60):
    # -o: never reinstall the virtualenv from a test, however old its stamp looks.
    return subprocess.run(["make", "-s", "-o", ".venv/.installed", "serve", *variables],
                          env=env, cwd=servers.REPO, capture_output=True, text=True,
                          timeout=timeout)


def test_it_serves_pages_and_hashed_static_files_under_gunicorn(serve_env):
    with served(serve_env) as (base, process):
        status, headers, page = fetch(f"{base}/accounts/login/")
        assert status == 200 and headers["Server"].startswith("gunicorn")
        stylesheet = re.search(r'href="(/static/forum/forum\.[0-9a-f]{12}\.css)"', page.decode())
        assert stylesheet, "the page links the hashed copy collectstatic made"

        status, headers, css = fetch(base + stylesheet[1], **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert headers["Content-Encoding"] == "gzip"

        status, headers, _ = fetch(f"{base}/static/forum/forum.css")
        assert status == 200 and "immutable" not in headers["Cache-Control"]
    assert process.returncode == 0, "gunicorn stops cleanly on SIGTERM"


def test_a_form_posted_over_plain_http_passes_the_csrf_check(serve_env):
    with served(serve_env) as (base, _):
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        browser.open(f"{base}/accounts/login/", timeout=30).read()
        token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "nobody",
                                       "password": "wrong"}).encode()

        def post(origin):
            request = urllib.request.Request(f"{base}/accounts/login/", data=form,
                                             headers={"Origin": origin})
            try:
                return browser.open(request, timeout=30).status
            except urllib.error.HTTPError as error:
                return error.code

        assert post(base) == 200, "same origin over http: the form comes back with its error"
        assert post("http://elsewhere.example") == 403


def test_the_development_key_is_refused_with_what_to_set(serve_env, tmp_path):
    del serve_env["OVERSTEP_SECRET_KEY"]
    result = make_serve(serve_env, "ADDR=127.0.0.1:9")
    assert result.returncode != 0
    assert "OVERSTEP_SECRET_KEY is not set (or is the development key)" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "overstep.sqlite3").exists(), "refused before touching the database"


@pytest.mark.parametrize("key", ["overstep-development-key-not-for-production", "x" * 60,
                                 "short-but-varied-key"])
def test_a_guessable_key_is_refused(serve_env, key):
    result = make_serve({**serve_env, "OVERSTEP_SECRET_KEY": key})
    assert result.returncode != 0
    assert "refusing to serve: OVERSTEP_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("variables, message", [
    (["ADDR=0.0.0.0"], "ADDR must be HOST:PORT"),
    (["ADDR=0.0.0.0:70000"], "port from 1 to 65535"),
    (["ADDR=two words:80"], "ADDR must be HOST:PORT"),  # one argument, however spelt
    (["WORKERS=0"], "WORKERS must be between 1 and 64"),
])
def test_a_bad_address_or_worker_count_is_refused(serve_env, variables, message):
    result = make_serve(serve_env, *variables)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("https, allowed", [("", HTTP_ONLY_WARNINGS),
                                            ("1", {"security.W004", "security.W008"})])
def test_the_deploy_check_has_no_errors_with_the_serve_settings(serve_env, https, allowed):
    env = {**serve_env, "OVERSTEP_STATIC_COLLECTED": "1", "OVERSTEP_HTTPS": https,
           "DJANGO_SETTINGS_MODULE": "overstep.settings"}
    result = servers.manage("check", "--deploy", "--fail-level", "ERROR", env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert set(re.findall(r"\((security\.\w+)\)", result.stderr)) <= allowed


def test_without_collectstatic_static_files_come_from_the_apps(client):
    """runserver and the tests collect nothing: WhiteNoise finds each file in its app."""
    response = client.get("/static/forum/forum.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content).startswith(
        (servers.REPO / "forum/static/forum/forum.css").read_bytes()[:100])
    assert client.get("/static/forum/no-such.css").status_code == 404
