"""`make stack-test`: the production recipe in deploy/ run for real on this machine, checked over HTTPS.

Starts, on loopback: a PostgreSQL 15 primary and a streaming replica (the system's binaries, run as the
`postgres` user), Redis with deploy/redis/prisoner-registry.conf, two app servers under gunicorn with
deploy/gunicorn.conf.py and the environment of deploy/registry.env.example, and nginx with
deploy/nginx/prisoner-registry.conf and a self-signed certificate. Then, through nginx over HTTPS:
pages and static files, an admin login (CSRF), an API write, a read served by the replica, the API
throttle under forged X-Forwarded-For, a lockout attempt on a staff account from rotating addresses,
a backup, and a load of concurrency 64 for 60 s. Clients use distinct loopback addresses (127.0.0.0/8)
so each check is its own client to nginx. Stops everything it started; prints a summary (and writes
it to ops/stack-results.json); exits non-zero if any check failed.

Needs root (apt-get for nginx, redis-server and wrk; runuser for PostgreSQL). Usage:
    python -m ops.stack_test [--duration 60] [--concurrency 64] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

from bench import report
from ops.processes import free_port, start, stop, wait_ready

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
RESULTS = ROOT / "ops" / "stack-results.json"
PACKAGES = {"nginx": "nginx", "redis-server": "redis-server", "wrk": "wrk", "openssl": "openssl"}
PG_BIN = Path(os.environ.get("PG_BIN_DIR", "/usr/lib/postgresql/15/bin"))
HOST = "localhost"
STAFF_PASSWORD = "stack-test-" + secrets.token_urlsafe(12)


class Failed(Exception):
    pass


def log(message: str) -> None:
    print(f"[stack-test {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **options)
    if result.returncode:
        raise Failed(f"{' '.join(command[:4])} … failed ({result.returncode}): {result.stderr.strip()[-1500:]}")
    return result


# -- what this machine needs --------------------------------------------------------------------------------


def preflight() -> None:
    if os.geteuid() != 0:
        raise Failed(
            "run as root: it installs nginx, redis-server and wrk with apt-get and runs PostgreSQL as postgres"
        )
    missing = [package for tool, package in PACKAGES.items() if not shutil.which(tool)]
    if missing:
        log(f"installing {', '.join(missing)} from Debian's packages")
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq", *missing], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if not (PG_BIN / "initdb").exists():
        raise Failed(f"no PostgreSQL server binaries in {PG_BIN}: apt-get install postgresql-15, or set PG_BIN_DIR")
    with contextlib.suppress(KeyError):
        pwd.getpwnam("postgres")
        return
    run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"])


# -- the parts ----------------------------------------------------------------------------------------------


class Stack:
    def __init__(self, work: Path, args) -> None:
        self.work, self.args = work, args
        self.processes: list[subprocess.Popen] = []
        self.pg_clusters: list[Path] = []
        self.nginx_conf: Path | None = None
        self.ports = {name: free_port() for name in ("primary", "replica", "redis", "app1", "app2", "https", "http")}
        self.db_password, self.replication_password = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        self.results: dict = {"checks": {}}
        self.assets: list[str] = []

    # PostgreSQL ------------------------------------------------------------------------------------------
    def as_postgres(self, *command: str, **options) -> subprocess.CompletedProcess:
        return run(["runuser", "-u", "postgres", "--", *command], **options)

    def start_postgres(self) -> None:
        pg = self.work / "pg"
        pg.mkdir()
        shutil.chown(pg, "postgres")
        primary, replica = pg / "primary", pg / "replica"
        self.as_postgres(
            str(PG_BIN / "initdb"), "-D", str(primary), "-U", "postgres", "--auth-local=trust",
            "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.ports['primary']}\nunix_socket_directories = '{pg}'\n"
                "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
            )
        self.pg_ctl(primary, "start")
        socket = ["-h", str(pg), "-p", str(self.ports["primary"])]
        sql = (
            f"CREATE ROLE registry LOGIN PASSWORD '{self.db_password}';"
            "CREATE DATABASE registry OWNER registry;"
            f"CREATE ROLE replicator REPLICATION LOGIN PASSWORD '{self.replication_password}';"
        )
        for statement in sql.split(";")[:-1]:
            self.as_postgres(str(PG_BIN / "psql"), *socket, "-U", "postgres", "-qc", statement)
        self.as_postgres(
            str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.ports["primary"]), "-U", "replicator",
            "-D", str(replica), "-R", "-X", "stream", "-c", "fast",
            env={**os.environ, "PGPASSWORD": self.replication_password},
        )  # fmt: skip
        with (replica / "postgresql.auto.conf").open("a") as conf:
            conf.write(f"port = {self.ports['replica']}\n")
        self.pg_ctl(replica, "start")
        log(f"PostgreSQL 15: primary on {self.ports['primary']}, streaming replica on {self.ports['replica']}")

    def pg_ctl(self, data: Path, action: str) -> None:
        self.as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(data.parent / f"{data.name}.log"), "-w", action
        )
        if action == "start":
            self.pg_clusters.append(data)

    def database_url(self, port: str) -> str:
        return f"postgres://registry:{self.db_password}@127.0.0.1:{self.ports[port]}/registry"

    def replica_sql(self, statement: str):
        result = self.as_postgres(
            str(PG_BIN / "psql"), "-h", str(self.work / "pg"), "-p", str(self.ports["replica"]), "-U", "postgres",
            "-d", "registry", "-Atc", statement,
        )  # fmt: skip
        return result.stdout.strip()

    # Redis, the app, nginx -------------------------------------------------------------------------------
    def start_redis(self) -> None:
        folder = self.work / "redis"
        folder.mkdir()
        command = [shutil.which("redis-server"), str(DEPLOY / "redis" / "prisoner-registry.conf")]
        command += ["--port", str(self.ports["redis"]), "--dir", str(folder), "--daemonize", "no"]
        self.processes.append(start(command, dict(os.environ), folder / "redis.log"))
        deadline = time.monotonic() + 20
        while (
            subprocess.run(["redis-cli", "-p", str(self.ports["redis"]), "ping"], capture_output=True).stdout
            != b"PONG\n"
        ):
            if time.monotonic() > deadline:
                raise Failed("redis-server did not start")
            time.sleep(0.2)
        log(f"Redis on {self.ports['redis']}")

    def environment(self) -> dict[str, str]:
        """deploy/registry.env.example, with this stack's addresses and secrets filled in."""
        env = {}
        for line in (DEPLOY / "registry.env.example").read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                name, _, value = line.partition("=")
                env[name.strip()] = value.strip()
        env.update(
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=HOST,
            CSRF_TRUSTED_ORIGINS=f"https://{HOST}:{self.ports['https']}",
            DATABASE_URL=self.database_url("primary"),
            DATABASE_REPLICA_URLS=self.database_url("replica"),
            REDIS_URL=f"redis://127.0.0.1:{self.ports['redis']}/0",
            REGISTRY_VAR_DIR=str(self.work / "var"),
            STATIC_ROOT=str(self.work / "static"),
            MEDIA_ROOT=str(self.work / "var" / "media"),
            PG_BIN_DIR=str(PG_BIN),
            GUNICORN_WORKERS="2",
        )
        (self.work / "registry.env").write_text("".join(f"{k}={v}\n" for k, v in env.items()))
        return {**{k: v for k, v in os.environ.items() if k not in {"DEBUG", "REGISTRY_TESTING"}}, **env}

    def manage(self, env: dict, *args: str) -> str:
        return run([sys.executable, "manage.py", *args], cwd=ROOT, env=env).stdout

    def prepare_app(self, env: dict) -> None:
        self.manage(env, "check", "--deploy", "--fail-level", "WARNING")
        self.manage(env, "migrate", "--noinput", "-v", "0")
        self.manage(env, "collectstatic", "--noinput", "-v", "0")
        self.manage(env, "load_demo")
        script = (
            "from django.contrib.auth.models import Group, User\n"
            "for name, role in (('reviewer', 'Reviewer'), ('editor', 'Editor')):\n"
            f"    user = User.objects.create_user(name, password='{STAFF_PASSWORD}', is_staff=True)\n"
            "    user.groups.add(Group.objects.get(name=role))\n"
        )
        self.manage(env, "shell", "-c", script)
        self.editor_token = self.manage(env, "issue_token", "editor").strip()
        log("migrated, static files collected, demo data loaded, a Reviewer and an Editor with a token made")

    def start_apps(self, env: dict) -> None:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        for name in ("app1", "app2"):
            app_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.ports[name]}"}
            logfile = self.work / f"{name}.log"
            process = start([gunicorn, "-c", str(DEPLOY / "gunicorn.conf.py")], app_env, logfile, cwd=ROOT)
            self.processes.append(process)
            wait_ready(f"http://127.0.0.1:{self.ports[name]}/healthz", process, logfile)
        log(f"two app servers (gunicorn, 2 workers each) on {self.ports['app1']} and {self.ports['app2']}")

    def start_nginx(self) -> None:
        folder = self.work / "nginx"
        folder.mkdir()
        cert, key = folder / "cert.pem", folder / "key.pem"
        run([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}",
            "-addext", f"subjectAltName=DNS:{HOST}", "-keyout", str(key), "-out", str(cert),
        ])  # fmt: skip
        self.certificate = cert
        site = (DEPLOY / "nginx" / "prisoner-registry.conf").read_text()
        replacements = {
            "server 127.0.0.1:8001;": "\n    ".join(f"server 127.0.0.1:{self.ports[a]};" for a in ("app1", "app2")),
            "listen 80;": f"listen 127.0.0.1:{self.ports['http']};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.ports['https']} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "registry.example.org": HOST,
            f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(cert),
            f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(key),
            "/srv/prisoner-registry/static/": f"{self.work / 'static'}/",
            "/var/log/nginx/prisoner-registry.access.log": str(folder / "access.log"),
        }
        for old, new in replacements.items():
            if old not in site and old.replace("registry.example.org", HOST) not in site:
                raise Failed(f"deploy/nginx/prisoner-registry.conf no longer contains {old!r}")
            site = site.replace(old, new)
        (folder / "site.conf").write_text(site)
        self.nginx_conf = folder / "nginx.conf"
        self.nginx_conf.write_text(
            f"worker_processes 2;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
            "events { worker_connections 1024; }\n"
            f"http {{\n  include /etc/nginx/mime.types;\n  client_body_temp_path {folder / 'tmp'};\n"
            f"  proxy_temp_path {folder / 'tmp'};\n  include {folder / 'site.conf'};\n}}\n"
        )
        (folder / "tmp").mkdir()
        run(["nginx", "-t", "-c", str(self.nginx_conf)])
        run(["nginx", "-c", str(self.nginx_conf)])
        log(f"nginx: HTTPS on {self.ports['https']}, HTTP on {self.ports['http']} (self-signed certificate)")

    def stop(self) -> None:
        if self.nginx_conf is not None:
            subprocess.run(["nginx", "-c", str(self.nginx_conf), "-s", "quit"], capture_output=True)
        for process in reversed(self.processes):
            stop(process)
        for data in reversed(self.pg_clusters):
            with contextlib.suppress(Failed):
                self.as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")

    # Clients ---------------------------------------------------------------------------------------------
    def client(self, source: str) -> requests.Session:
        """A browser-like session whose connections come from this loopback address."""
        session = requests.Session()
        adapter = _SourceAddressAdapter(source)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.verify = str(self.certificate)
        session.trust_env = False  # no proxy or CA bundle from the environment: straight to nginx, this certificate
        return session

    @property
    def base(self) -> str:
        return f"https://{HOST}:{self.ports['https']}"


class _SourceAddressAdapter(HTTPAdapter):
    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


# -- the checks ---------------------------------------------------------------------------------------------


def check(stack: Stack, name: str, passed: bool, detail: str) -> None:
    stack.results["checks"][name] = {"passed": bool(passed), "detail": detail}
    log(f"{'PASS' if passed else 'FAIL'} {name}: {detail}")


def check_pages_and_static(stack: Stack) -> None:
    reader = stack.client("127.0.0.2")
    statuses, assets = {}, set()
    for path in (
        "/",
        "/prisoners/",
        "/prisoners/?q=tsikhanouski",
        "/decrees/",
        "/statistics/",
        "/about/",
        "/api/v1/docs/",
    ):
        response = reader.get(stack.base + path)
        statuses[path] = response.status_code
        assets |= set(re.findall(r'(?:href|src)="(/static/[^"]+)"', response.text))
    asset_status = {a: reader.get(stack.base + a, headers={"Accept-Encoding": "gzip"}) for a in sorted(assets)}
    bad_assets = [a for a, r in asset_status.items() if r.status_code != 200]
    stack.assets = sorted(a for a in assets if "/css/site." in a or "/js/site." in a)
    css = next((r for a, r in asset_status.items() if "/css/site." in a), None)
    home = reader.get(stack.base + "/")
    plain = stack.client("127.0.0.2").get(
        f"http://127.0.0.1:{stack.ports['http']}/prisoners/", headers={"Host": HOST}, allow_redirects=False
    )
    passed = (
        set(statuses.values()) == {200}
        and assets
        and not bad_assets
        and css is not None
        and "immutable" in css.headers.get("Cache-Control", "")
        and css.headers.get("Content-Encoding") == "gzip"
        and home.headers.get("Strict-Transport-Security", "").startswith("max-age=31536000")
        and home.headers.get("Cache-Control") == "private, no-cache"
        and plain.status_code == 301
        and plain.headers.get("Location", "").startswith("https://")
    )
    check(
        stack, "pages and static files", passed,
        f"{len(statuses)} pages {sorted(set(statuses.values()))}, {len(assets)} static files "
        f"({len(bad_assets)} failing, site.css gzip + immutable), HSTS set, plain HTTP → {plain.status_code}",
    )  # fmt: skip


def check_admin_login(stack: Stack) -> None:
    staff = stack.client("127.0.0.3")
    login_url = stack.base + "/admin/login/"
    form = staff.get(login_url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    response = staff.post(
        login_url,
        data={"csrfmiddlewaretoken": token, "username": "reviewer", "password": STAFF_PASSWORD, "next": "/admin/"},
        headers={"Referer": login_url},
        allow_redirects=False,
    )
    admin = staff.get(stack.base + "/admin/")
    secure_cookies = all(cookie.secure for cookie in staff.cookies)
    passed = response.status_code == 302 and admin.status_code == 200 and "Log out" in admin.text and secure_cookies
    check(
        stack,
        "admin login with CSRF over HTTPS",
        passed,
        f"login → {response.status_code}, /admin/ → {admin.status_code}, cookies Secure: {secure_cookies}",
    )


def check_api_write_and_replica(stack: Stack) -> None:
    journalist, editor = stack.client("127.0.0.4"), stack.client("127.0.0.5")
    editor.headers["Authorization"] = f"Token {stack.editor_token}"
    stack.replica_sql("SELECT pg_wal_replay_pause()")
    try:
        created = editor.post(
            stack.base + "/api/v1/decrees/",
            json={"announced_on": "2026-12-01", "announced_total": 7, "conditions": "Stack test (fictional)."},
        )
        path = f"/api/v1/decrees/{created.json().get('id')}/"
        anonymous_while_paused = journalist.get(stack.base + path).status_code
        staff_while_paused = editor.get(stack.base + path).status_code
    finally:
        stack.replica_sql("SELECT pg_wal_replay_resume()")
    deadline = time.monotonic() + 30
    while (anonymous_after := journalist.get(stack.base + path).status_code) != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    check(
        stack, "API write (staff token)", created.status_code == 201, f"POST /api/v1/decrees/ → {created.status_code}"
    )
    check(
        stack, "reads served by the replica",
        anonymous_while_paused == 404 and staff_while_paused == 200 and anonymous_after == 200,
        f"replay paused: anonymous → {anonymous_while_paused} (the replica has not seen it), staff token → "
        f"{staff_while_paused} (the primary); replay resumed: anonymous → {anonymous_after}",
    )  # fmt: skip
    stack.results["replica_check"] = {"anonymous_paused": anonymous_while_paused, "staff_paused": staff_while_paused}


def check_throttle(stack: Stack) -> None:
    client = stack.client("127.0.0.6")
    statuses = [
        client.get(
            stack.base + "/api/v1/articles/", headers={"X-Forwarded-For": f"10.{i // 250}.{i % 250}.1"}
        ).status_code
        for i in range(100)
    ]
    allowed = statuses.count(200)
    check(
        stack,
        "API throttle with forged X-Forwarded-For",
        allowed == 60 and statuses.count(429) == 40,
        f"100 requests from one client, each with a new forged header, over 2 servers × 2 workers: "
        f"{allowed} allowed, {statuses.count(429)} throttled (limit 60/minute)",
    )
    stack.results["throttle"] = {"requests": 100, "allowed": allowed, "throttled": statuses.count(429)}


def check_lockout(stack: Stack) -> None:
    login_url = stack.base + "/admin/login/"

    def attempt(source: str, password: str) -> int:
        session = stack.client(source)
        form = session.get(login_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        return session.post(
            login_url,
            data={"csrfmiddlewaretoken": token, "username": "reviewer", "password": password, "next": "/admin/"},
            headers={"Referer": login_url},
            allow_redirects=False,
        ).status_code

    rotating = [attempt(f"127.0.1.{i}", "wrong-password") for i in range(1, 21)]
    attacker = [attempt("127.0.2.1", "wrong-password") for _ in range(6)]
    attacker_with_right_password = attempt("127.0.2.1", STAFF_PASSWORD)
    reviewer = attempt("127.0.0.7", STAFF_PASSWORD)
    passed = reviewer == 302 and attacker_with_right_password == 429 and 429 in attacker
    check(
        stack,
        "no lockout of a staff member from rotating addresses",
        passed,
        f"20 failed logins as 'reviewer' from 20 addresses, 6 from one: the reviewer's own login → {reviewer}; "
        f"the repeating address is locked out ({attacker_with_right_password} even with the right password)",
    )
    stack.results["lockout"] = {"rotating": rotating, "attacker": attacker, "reviewer_login": reviewer}


def check_backup(stack: Stack, env: dict) -> None:
    target = stack.work / "backups" / "first"
    out = stack.manage(env, "backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    passed = manifest["files"]["database.dump"]["bytes"] > 10_000
    check(stack, "backup with PostgreSQL 15's pg_dump", passed, out.strip())


def check_systemd_units(stack: Stack) -> None:
    """The units in deploy/systemd/ parse (systemd-analyze verify), with this checkout in place of /srv/…/app."""
    if not shutil.which("systemd-analyze"):
        check(stack, "systemd units", True, "skipped: systemd-analyze is not installed here")
        return
    folder = stack.work / "systemd"
    folder.mkdir()
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace("/srv/prisoner-registry/app/.venv", str(Path(sys.executable).parent.parent))
        (folder / unit.name).write_text(text.replace("/srv/prisoner-registry/app", str(ROOT)))
    units = sorted(str(p) for p in folder.iterdir())
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True)
    problems = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    check(
        stack,
        "systemd units",
        result.returncode == 0 and not problems,
        f"systemd-analyze verify on {len(units)} units: {problems or 'no problems'}",
    )


def check_load(stack: Stack, env: dict) -> None:
    printed = stack.manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from registry.models import Prisoner\n"
        "print('ids:', *Prisoner.objects.published().values_list('pk', flat=True)[:200])",
    )
    # Pages only: wrk's requests all come from one address, and the API is throttled per address.
    paths = ["/", "/prisoners/", "/decrees/", "/statistics/", "/facilities/", "/about/"]
    # Only the marked line: `shell` prints lines of its own ("56 objects imported automatically" was once read as
    # a person's id, and that person was anonymous).
    ids = next(line.split()[1:] for line in printed.splitlines() if line.startswith("ids:"))
    paths += [f"/prisoners/{pk}/" for pk in ids] + stack.assets
    paths_file = stack.work / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    replica_before = int(stack.replica_sql("SELECT xact_commit FROM pg_stat_database WHERE datname = 'registry'"))
    command = [
        shutil.which("wrk"),
        "-t2",
        f"-c{stack.args.concurrency}",
        f"-d{stack.args.duration}s",
        "--timeout",
        "10s",
    ]
    command += ["-s", str(ROOT / "bench" / "wrk.lua"), stack.base, "--", str(paths_file)]
    out = subprocess.run(command, capture_output=True, text=True, timeout=stack.args.duration + 120)
    figures = report.parse_wrk(out.stdout + out.stderr)
    replica_after = int(stack.replica_sql("SELECT xact_commit FROM pg_stat_database WHERE datname = 'registry'"))
    if not figures:
        raise Failed(f"wrk printed no figures: {out.stdout[-500:]} {out.stderr[-500:]}")
    errors = sum(
        figures.get(k, 0) for k in ("errors_connect", "errors_read", "errors_write", "errors_status", "errors_timeout")
    )
    seconds = figures["duration_us"] / 1e6
    figures.update(
        requests_per_second=round(figures["requests"] / seconds, 1),
        errors=errors,
        replica_transactions=replica_after - replica_before,
    )
    stack.results["load"] = figures
    check(
        stack,
        f"load: concurrency {stack.args.concurrency} for {stack.args.duration} s",
        errors == 0 and figures["requests"] > 0,
        f"{figures['requests']} requests ({figures['requests_per_second']}/s), {errors} errors, latency p50 "
        f"{figures['p50_us'] / 1000:.1f} ms, p99 {figures['p99_us'] / 1000:.1f} ms, "
        f"max {figures['max_us'] / 1000:.0f} ms; "
        f"the replica served {replica_after - replica_before} transactions meanwhile",
    )


def check_logs(stack: Stack) -> None:
    text = "".join(
        p.read_text() for p in (stack.work / "app1.log", stack.work / "app2.log", stack.work / "nginx" / "access.log")
    )
    leaks = [needle for needle in ("tsikhanouski", "127.0.0.2", "127.0.1.5", "127.0.2.1") if needle in text]
    check(
        stack,
        "logs without search text or client addresses",
        not leaks,
        f"{len(text.splitlines())} log lines from the app servers and nginx; found: {leaks or 'nothing'}",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--keep", action="store_true", help="leave the work folder (logs) in place")
    args = parser.parse_args(argv)
    try:
        preflight()
    except Failed as exc:
        print(f"stack-test cannot run here: {exc}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="registry-stack-"))
    work.chmod(0o755)  # nginx's workers and the postgres user read below it
    stack = Stack(work, args)
    started = time.monotonic()
    try:
        stack.start_postgres()
        stack.start_redis()
        env = stack.environment()
        stack.prepare_app(env)
        stack.start_apps(env)
        stack.start_nginx()
        for step in (
            check_pages_and_static,
            check_admin_login,
            check_api_write_and_replica,
            check_throttle,
            check_lockout,
        ):
            step(stack)
        check_backup(stack, env)
        check_systemd_units(stack)
        check_load(stack, env)
        check_logs(stack)
    except Failed as exc:
        check(stack, "stack", False, str(exc))
    finally:
        stack.stop()
        log("everything started was stopped")
    stack.results["seconds"] = round(time.monotonic() - started)
    RESULTS.write_text(json.dumps(stack.results, indent=2) + "\n")
    failed = [name for name, result in stack.results["checks"].items() if not result["passed"]]
    print("\nstack-test summary")
    for name, result in stack.results["checks"].items():
        print(f"  {'PASS' if result['passed'] else 'FAIL'}  {name}: {result['detail']}")
    print(
        f"  {len(stack.results['checks']) - len(failed)} passed, {len(failed)} failed in {stack.results['seconds']} s; "
        f"figures in {RESULTS.relative_to(ROOT)}; logs in {work}" + ("" if args.keep else " (removed)")
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
