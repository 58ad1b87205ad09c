"""The embedded PostgreSQL used when DATABASE_URL is unset.

The server's files live under var/pgdata (git-ignored). It is started on first use and left
running, so the dev server's autoreloader and the test runner reuse it; `make stop` stops it.
pgserver runs the postgres binaries as an unprivileged user when we are root, which is why no
root step or system service is needed.
"""

import json
import os
import warnings
from pathlib import Path

DATABASE_NAME = "registry"


def _server(var_dir: Path):
    var_dir.mkdir(parents=True, exist_ok=True)
    runtime = var_dir / "run"
    runtime.mkdir(exist_ok=True)
    # pgserver keeps its lock file in the user's runtime dir; give it one of ours.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    _repair_handle_list(var_dir / "pgdata" / ".handle_pids.json")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        return pgserver.get_server(var_dir / "pgdata", cleanup_mode=None)


def _repair_handle_list(path: Path) -> None:
    """pgserver tracks client pids in a JSON file; a process killed mid-write leaves it empty or torn,
    and pgserver then fails to start. We never let pgserver stop the server (cleanup_mode=None), so
    the list carries nothing we need: reset it when it is unreadable."""
    if not path.exists():
        return
    try:
        json.loads(path.read_text() or "x")
    except ValueError:
        path.write_text("[]")


def embedded_database_url(var_dir: Path, name: str = DATABASE_NAME) -> str:
    """Start the embedded server if needed, create the database if missing, return its URL.

    `name` other than the default is for side databases such as the benchmark's.
    """
    import psycopg

    server = _server(var_dir)
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return server.get_uri(name)


def stop_embedded_server(var_dir: Path) -> bool:
    """Stop the embedded server if it runs; True if there was one to stop."""
    if not (var_dir / "pgdata" / "postmaster.pid").exists():
        return False
    from pgserver import pg_ctl

    server = _server(var_dir)
    pg_ctl(["-w", "stop"], pgdata=server.pgdata, user=server.system_user)
    return True
