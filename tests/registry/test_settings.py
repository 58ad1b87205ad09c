"""Settings come from the environment and a bad value is an error naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from registry.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def test_a_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe'"):
        env_bool("DEBUG")


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("1", True), ("off", False), ("No", False)])
def test_booleans_accept_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_a_bad_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("DB_CONN_MAX_AGE", "sixty")
    with pytest.raises(ImproperlyConfigured, match="DB_CONN_MAX_AGE"):
        env_int("DB_CONN_MAX_AGE", 60)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example, b.example ,")
    assert env_list("ALLOWED_HOSTS") == ["a.example", "b.example"]


def load_settings(**env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, outside pytest, with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "registry.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_without_debug_the_app_refuses_to_start_without_a_secret_key():
    result = load_settings(DEBUG="false", ALLOWED_HOSTS="registry.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_without_debug_the_app_refuses_to_start_without_allowed_hosts():
    result = load_settings(DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_a_bad_debug_value_stops_the_app_with_the_variable_named():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe'" in result.stderr


def test_with_a_real_secret_key_and_hosts_the_app_starts_without_debug():
    result = load_settings(DEBUG="false", SECRET_KEY="k" * 50, ALLOWED_HOSTS="registry.example.org")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_the_apps_connections_match_typos_at_0_4_and_run_no_parallel_queries():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('pg_trgm.word_similarity_threshold'), "
            "current_setting('max_parallel_workers_per_gather')"
        )
        assert cursor.fetchone() == ("0.4", "0")
