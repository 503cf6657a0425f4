"""`manage.py check --deploy` is clean with production settings, and production defaults hold."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Variables a production environment might have set differently; the test sets its own.
_CLEARED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_COOKIES",
    "SECURE_PROXY_SSL_HEADER",
    "CSP_REPORT_ONLY",
    "LOG_FORMAT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' fixture in this process
}


def production_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _CLEARED}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="phongchongdich.example.vn",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.update(overrides)
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "extra",
    [{}, {"SECURE_PROXY_SSL_HEADER": "1", "TRUSTED_PROXY_COUNT": "1"}],
    ids=["direct", "behind-nginx"],
)
def test_check_deploy_reports_nothing_with_production_settings(extra):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(**extra))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_security_checks_report_nothing_with_production_settings():
    """The security-tagged checks alone (Django's deploy checks, django-axes)."""
    args = ("check", "--deploy", "--tag", "security", "--fail-level", "WARNING")
    result = run_manage(*args, env=production_env(SECURE_PROXY_SSL_HEADER="1"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_a_production_without_https():
    """The check is real: switching HTTPS off is reported."""
    env = production_env(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", SECURE_COOKIES="0")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    for check_id in ("security.W008", "security.W004", "security.W012", "security.W016"):
        assert check_id in result.stderr + result.stdout


def test_production_defaults_are_secure():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_REFERRER_POLICY, s.LOG_FORMAT, bool(s.SECURE_CSP))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-7:] == ["True", "31536000", "True", "True", "same-origin", "json", "True"]


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
