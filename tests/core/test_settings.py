"""Configuration from the environment: the process refuses to start without SECRET_KEY in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]


def run_django(env_changes: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_without_secret_key_and_debug_off_the_process_refuses_to_start():
    result = run_django({"DEBUG": "0"}, "check")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line, no traceback
    assert lines[0].startswith("Configuration error: SECRET_KEY is not set")


def test_empty_secret_key_counts_as_missing():
    result = run_django({"DEBUG": "0", "SECRET_KEY": ""}, "check")
    assert result.returncode != 0
    assert result.stderr.strip().startswith("Configuration error: SECRET_KEY is not set")


def test_with_debug_on_it_starts_without_secret_key():
    result = run_django({"DEBUG": "1"}, "check")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_with_a_secret_key_it_starts_with_debug_off():
    result = run_django({"DEBUG": "0", "SECRET_KEY": "a-long-random-production-key-for-this-test"}, "check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [("TIME_ZONE", "Asia/Ho_Chi_Minh"), ("LANGUAGE_CODE", "vi"), ("USE_TZ", True), ("USE_I18N", True)],
)
def test_time_zone_and_language(name, expected):
    assert getattr(settings, name) == expected


def test_vietnamese_first_and_english_available():
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]


def test_custom_user_model():
    assert settings.AUTH_USER_MODEL == "wards.User"
