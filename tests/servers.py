"""Real servers on loopback for the integration tests and the sweep benchmark: Redis, a
throw-away PostgreSQL cluster, Celery workers, and `manage.py` in a subprocess.

Every helper is a context manager whose exit always stops what it started. Nothing here
imports Django: the servers and workers run as separate processes, the way they do in use.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
CELERY = PYTHON.parent / "celery"


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
    raise ServerError(f"{what} did not start within {timeout:.0f} s\n{tail}")


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _stop(process: subprocess.Popen, grace: float = 5.0) -> None:
    """SIGTERM the process group, SIGKILL it if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(grace)
    except ProcessLookupError:
        pass


@contextmanager
def redis_server():
    """Yields the base URL (redis://127.0.0.1:PORT); add /N for a database."""
    if not shutil.which("redis-server"):
        raise ServerError("redis-server is not installed (scripts/install-system-deps.sh)")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="overstep-redis-") as tmp:
        log = Path(tmp) / "redis.log"
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", tmp, "--logfile", str(log)],
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: _port_open(port), 10, "redis-server", log)
            yield f"redis://127.0.0.1:{port}"
        finally:
            _stop(process)


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise ServerError("PostgreSQL is not installed (scripts/install-system-deps.sh)")
    return Path(found[-1]).parent


def _as_postgres_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as Debian's `postgres` user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_cluster():
    """A fresh cluster in a temporary directory; yields the URL of an empty database."""
    bin_dir, port = _pg_bin(), free_port()
    tmp = Path(tempfile.mkdtemp(prefix="overstep-pg-"))
    data, log = tmp / "data", tmp / "postgres.log"
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    run = lambda cmd: subprocess.run(_as_postgres_user(cmd), check=True,  # noqa: E731
                                     capture_output=True, cwd=tmp)
    try:
        run([str(bin_dir / "initdb"), "-D", str(data), "-U", "overstep", "-A", "trust",
             "--no-sync", "-E", "UTF8"])
        options = (f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w",
             "start"])
        run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "overstep",
             "overstep"])
        yield f"postgres://overstep@127.0.0.1:{port}/overstep"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_postgres_user([str(bin_dir / "pg_ctl"), "-D", str(data),
                                              "-m", "fast", "-w", "stop"]),
                           capture_output=True, cwd=tmp)
        shutil.rmtree(tmp, ignore_errors=True)


def django_env(database_url: str, broker_url: str | None = None,
               visibility_timeout: int = 5, **extra) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "overstep.settings",
           "PYTHONPATH": str(REPO), "OVERSTEP_DATABASE_URL": database_url,
           "OVERSTEP_VISIBILITY_TIMEOUT": str(visibility_timeout), **extra}
    if broker_url:
        env["OVERSTEP_BROKER_URL"] = broker_url
    return env


def manage(*args: str, env: dict, check: bool = True, timeout: float = 300,
           **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(PYTHON), str(REPO / "manage.py"), *args], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=timeout, **kwargs)
    if check and result.returncode != 0:
        raise ServerError(f"manage.py {' '.join(args)} exited with {result.returncode}:\n"
                          f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result


def migrate(env: dict) -> None:
    manage("migrate", "--noinput", "--verbosity", "0", env=env)


class Worker:
    """One Celery worker (prefork, concurrency 1) in its own process group."""

    def __init__(self, name: str, env: dict, log_dir: Path):
        self.name, self.log = name, log_dir / f"{name}.log"
        self.process = subprocess.Popen(
            [str(CELERY), "-A", "overstep", "worker", "--pool", "prefork", "--concurrency",
             "1", "-n", f"{name}@%h", "--loglevel", "info", "--without-gossip",
             "--without-mingle", "--without-heartbeat"],
            env=env, cwd=REPO, start_new_session=True, stdout=self.log.open("w"),
            stderr=subprocess.STDOUT)

    def ready(self) -> bool:
        if self.process.poll() is not None:
            raise ServerError(f"worker {self.name} exited:\n{self.log.read_text()[-2000:]}")
        return " ready." in self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker and its pool process, as a crash or the OOM killer would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        _stop(self.process)


@contextmanager
def celery_workers(count: int, env: dict):
    """`count` workers sharing `env` (broker, database); yields them once all are ready."""
    log_dir = Path(tempfile.mkdtemp(prefix="overstep-workers-"))
    workers = []
    try:
        workers = [Worker(f"w{i}", env, log_dir) for i in range(1, count + 1)]
        for worker in workers:
            wait_until(worker.ready, 60, f"celery worker {worker.name}", worker.log)
        yield workers
    finally:
        for worker in workers:
            worker.stop()
        shutil.rmtree(log_dir, ignore_errors=True)
