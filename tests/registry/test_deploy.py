"""The documented production settings (deploy/registry.env.example) pass Django's deployment checks."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_FILE = ROOT / "deploy" / "registry.env.example"


def production_environment() -> dict[str, str]:
    """The example environment file's values, with a fresh secret key in place of the empty one."""
    values = {}
    for line in ENV_FILE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    values["SECRET_KEY"] = secrets.token_urlsafe(50)
    return values


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REGISTRY_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_the_example_production_settings_pass_check_deploy_with_no_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_environment())

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_without_the_tls_settings_check_deploy_fails():
    env = production_environment() | {"SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0"}

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr


def test_every_variable_the_app_reads_is_documented_in_the_env_file_and_the_readme():
    sources = (ROOT / "registry" / "settings.py").read_text() + (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    read = set(re.findall(r'(?:env_(?:str|int|bool|list)|os\.environ\.get)\("([A-Z][A-Z0-9_]+)"', sources))
    read -= {"REGISTRY_TESTING"}  # set by the test tools, not by anyone deploying
    readme = (ROOT / "README.md").read_text()

    assert len(read) > 40
    assert {name for name in read if not re.search(rf"^#? ?{name}=", ENV_FILE.read_text(), re.M)} == set()
    assert {name for name in read if f"`{name}`" not in readme} == set()


def test_every_timer_starts_a_service_whose_commands_exist_and_the_readme_enables_it():
    from django.core.management import get_commands

    systemd = ROOT / "deploy" / "systemd"
    timers = sorted(systemd.glob("*.timer"))
    readme = (ROOT / "README.md").read_text()
    commands = set(get_commands())

    assert len(timers) >= 4
    for timer in timers:
        service = timer.with_suffix(".service")
        assert service.exists(), timer.name
        run = re.findall(r"manage\.py (\w+)", service.read_text())
        assert run and set(run) <= commands, service.name
        assert re.search(rf"systemctl enable --now[^`]*\b{re.escape(timer.name)}\b", readme), timer.name
