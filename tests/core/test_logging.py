"""Request ids and structured JSON logs: the header round trip, the log line's context, Celery task ids."""

import io
import json
import logging

import pytest
from django.test import Client

from config.celery import app as celery_app
from core.logging import JsonFormatter, RequestContextFilter, request_id_var
from core.middleware import request_id_from

pytestmark = pytest.mark.django_db

task_logger = logging.getLogger("tests.security.task")


@celery_app.task(name="tests.security.log_from_a_task")
def log_from_a_task(word: str) -> str:
    task_logger.info("task says %s", word)
    return word


@pytest.fixture
def json_lines():
    """Every log record of the test, formatted as production formats it (a list of parsed lines)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_a_sane_incoming_request_id_is_echoed(client):
    response = client.get("/healthz/", headers={"X-Request-ID": "nginx-4f1c2a.77_b"})
    assert response["X-Request-ID"] == "nginx-4f1c2a.77_b"


@pytest.mark.parametrize(
    "incoming",
    ["", "has space", 'quote"s', "x" * 129, "line\nbreak", "ünïcode"],
    ids=["empty", "space", "quote", "too-long", "newline", "non-ascii"],
)
def test_an_insane_request_id_is_replaced(incoming):
    generated = request_id_from(incoming)
    assert generated != incoming
    assert len(generated) == 32 and int(generated, 16) >= 0


def test_a_request_without_an_id_gets_a_new_one_each_time(client):
    first = client.get("/healthz/")["X-Request-ID"]
    second = client.get("/healthz/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_json_log_line_carries_the_request_id_method_path_and_status(client, json_lines):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "trace-404"})
    assert response.status_code == 404
    lines = [line for line in json_lines() if line["logger"] == "django.request"]
    assert lines, json_lines()
    line = lines[-1]
    assert line["request_id"] == "trace-404"
    assert line["method"] == "GET"
    assert line["path"] == "/no-such-page/"
    assert line["status"] == 404
    assert line["level"] == "WARNING"
    assert line["timestamp"].endswith("+00:00")


def test_an_error_is_logged_with_user_status_and_traceback(officer_an_bien, json_lines, settings):
    settings.ROOT_URLCONF = "tests.core.urls_errors"
    client = Client(raise_request_exception=False)
    client.force_login(officer_an_bien)
    response = client.post("/test-only/fail/", headers={"X-Request-ID": "trace-500"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "trace-500"
    line = next(line for line in json_lines() if line["logger"] == "django.request")
    assert line["level"] == "ERROR"
    assert (line["request_id"], line["method"], line["path"], line["status"]) == (
        "trace-500",
        "POST",
        "/test-only/fail/",
        500,
    )
    assert line["user_id"] == officer_an_bien.pk
    assert "RuntimeError: deliberate failure for the logging test" in line["exc_info"]
    assert "Traceback" in line["exc_info"]


def test_request_context_does_not_leak_after_the_request(client, json_lines):
    client.get("/healthz/", headers={"X-Request-ID": "trace-done"})
    assert request_id_var.get() == ""
    logging.getLogger("tests.security").warning("outside any request")
    line = json_lines()[-1]
    assert line["message"] == "outside any request"
    assert "request_id" not in line and "path" not in line


def test_extra_fields_appear_in_the_json_line(json_lines):
    logging.getLogger("tests.security").info("token rotated", extra={"target_user_id": 7, "note": "Lê Chân"})
    line = json_lines()[-1]
    assert line["target_user_id"] == 7
    assert line["note"] == "Lê Chân"  # UTF-8, not escaped


def test_celery_task_log_lines_carry_the_task_id(json_lines):
    result = log_from_a_task.delay("xin chào")
    assert result.get() == "xin chào"
    line = next(line for line in json_lines() if line["message"] == "task says xin chào")
    assert line["task_id"] == result.id
    assert line["task_name"] == "tests.security.log_from_a_task"
    # And the task context is gone once the task has finished.
    logging.getLogger("tests.security").info("after the task")
    assert "task_id" not in json_lines()[-1]


def test_the_console_handler_writes_json_when_debug_is_off(settings):
    assert settings.LOG_FORMAT == "json"
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request_context"]
