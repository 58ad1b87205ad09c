"""Real servers for tests that run the app as production does: gunicorn with DEBUG off, Redis, a replica.

Each is started for the test that asks for it and stopped after; their logs go to the test's tmp folder.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections

from ops.processes import free_port, start, stop, wait_ready

ROOT = Path(__file__).resolve().parents[1]


def database_url(alias: str = "default") -> str:
    """The URL of a connection's database (during tests: the test database)."""
    settings = connections[alias].settings_dict
    host = settings["HOST"] or settings["OPTIONS"].get("host", "")
    credentials = urllib.parse.quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(settings["PASSWORD"], safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgresql://{credentials}@{urllib.parse.quote(host, safe='')}{port}/{settings['NAME']}"


def production_environment(**overrides: str) -> dict[str, str]:
    """DEBUG off, a real secret, TLS behind one proxy, on the test database: deploy/registry.env.example's shape."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "REGISTRY_TESTING", "PYTEST_XDIST_WORKER", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,registry.test",
        CSRF_TRUSTED_ORIGINS="https://registry.test",
        DATABASE_URL=overrides.pop("DATABASE_URL", None) or database_url(),
        TRUSTED_PROXY_COUNT="1",
        SECURE_SSL_REDIRECT="true",
        SECURE_HSTS_SECONDS="3600",
        DB_CONN_MAX_AGE="0",
    )
    env.update(overrides)
    return env


def collect_static(static_root: Path, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**env, "STATIC_ROOT": str(static_root)},
        check=True,
    )


@contextmanager
def gunicorn(env: dict[str, str], logfile: Path, workers: int = 2) -> Iterator[str]:
    """The app under gunicorn with this environment; yields its base URL."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "gunicorn"), "registry.wsgi:application"]
    command += ["--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT)]
    process = start(command, env, logfile)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + "/healthz", process, logfile)
        yield base
    finally:
        stop(process)


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """A private redis-server on a free loopback port; yields its URL."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError("redis-server is needed for this test: apt-get install redis-server (make test does)")
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    command = [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir"]
    process = start([*command, str(workdir)], dict(os.environ), workdir / "redis.log")
    try:
        import redis

        client = redis.Redis(port=port)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


@contextmanager
def streaming_replica(alias: str = "default") -> Iterator[str]:
    """A hot standby of the test database's PostgreSQL cluster, fed by streaming replication; yields its URL.

    Made with the server's own pg_basebackup, run as the user who owns the primary's data (PostgreSQL
    refuses to run as root), in a folder beside it; removed afterwards.
    """
    settings = connections[alias].settings_dict
    socket_dir = settings["HOST"] or settings["OPTIONS"].get("host", "")
    if not socket_dir.startswith("/"):
        raise RuntimeError("the replica test needs the primary on a local socket (the embedded PostgreSQL)")
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW data_directory")
        primary_data = Path(cursor.fetchone()[0])
    bin_dir = _server_bin_dir(alias)
    folder = Path(tempfile.mkdtemp(prefix="replica-", dir=primary_data.parent))  # mode 0700; one per replica
    shutil.chown(folder, primary_data.owner())
    data = folder / "data"
    basebackup = [str(bin_dir / "pg_basebackup"), "-h", socket_dir, "-U", settings["USER"], "-D", str(data)]
    subprocess.run(
        [*_as_owner(folder), *basebackup, "-R", "-X", "stream", "-c", "fast"],
        check=True,
        capture_output=True,
    )
    options = f"-h '' -k {folder} -c hot_standby=on"
    subprocess.run([*_pg_ctl(folder), "-o", options, "start"], check=True, capture_output=True)
    try:
        port = f":{settings['PORT']}" if settings["PORT"] else ""
        yield f"postgresql://{settings['USER']}@{urllib.parse.quote(str(folder), safe='')}{port}/{settings['NAME']}"
    finally:
        stop_replica(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _as_owner(path: Path) -> list[str]:
    """The prefix that runs a command as the user who owns `path` (PostgreSQL's tools refuse to run as root)."""
    owner = path.owner()
    return ["runuser", "-u", owner, "--"] if os.geteuid() == 0 and owner != "root" else []


def _pg_ctl(folder: Path) -> list[str]:
    """pg_ctl for the replica in `folder`, run as the user who owns it."""
    bin_dir = _server_bin_dir(DEFAULT_DB_ALIAS)
    return [*_as_owner(folder), str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "log"), "-w"]


def stop_replica(where: str | Path) -> None:
    """Stop a replica of `streaming_replica` at once, as a crash would: by its folder or its URL."""
    if isinstance(where, str):  # the folder is the URL's host, quoted (urlsplit's hostname would lowercase it)
        host = urllib.parse.urlsplit(where).netloc.rpartition("@")[2].split(":")[0]
        where = Path(urllib.parse.unquote(host))
    subprocess.run([*_pg_ctl(where), "-m", "immediate", "stop"], capture_output=True)


def _server_bin_dir(alias: str) -> Path:
    """The primary server's binaries (pg_basebackup, pg_ctl of the same major version)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_config WHERE name = 'BINDIR'")
        return Path(cursor.fetchone()[0])
