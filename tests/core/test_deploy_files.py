"""The deployment files agree with the code: every variable documented, gunicorn's JSON access log."""

import datetime
import importlib.util
import io
import json
import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]
ENV_READ = re.compile(r"""(?:os\.environ\.get|env_bool|env_int|env_list)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def documented_variables() -> set[str]:
    text = (ROOT / "deploy/env.example").read_text()
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


@pytest.mark.parametrize("source", ["config/settings.py", "deploy/gunicorn.conf.py"])
def test_every_environment_variable_read_is_in_env_example(source):
    read = set(ENV_READ.findall((ROOT / source).read_text()))
    assert read, source
    assert read - documented_variables() == set()


def test_every_variable_in_env_example_is_read_somewhere():
    code = "".join((ROOT / p).read_text() for p in ("config/settings.py", "deploy/gunicorn.conf.py"))
    code += (ROOT / "deploy/systemd/phongchongdich-worker.service").read_text()
    unused = {name for name in documented_variables() if name not in code}
    assert unused == set()


@pytest.mark.parametrize("unit", ["web", "worker", "beat"])
def test_systemd_units_read_the_environment_file(unit):
    text = (ROOT / f"deploy/systemd/phongchongdich-{unit}.service").read_text()
    assert "EnvironmentFile=/etc/phongchongdich.env" in text
    assert "User=phongchongdich" in text


def load_gunicorn_conf(monkeypatch, cores: int):
    for name in ("GUNICORN_WORKERS", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: cores)
    spec = importlib.util.spec_from_file_location("gunicorn_conf_under_test", ROOT / "deploy/gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (8, 17)])
def test_gunicorn_runs_two_workers_per_core_plus_one(monkeypatch, cores, workers):
    conf = load_gunicorn_conf(monkeypatch, cores)
    assert conf.workers == workers
    assert conf.bind == "127.0.0.1:8000"
    assert conf.timeout == 60
    assert conf.accesslog == "-"


def test_gunicorn_access_log_is_one_json_object_per_line(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch, 2)
    cfg = Config()
    cfg.set("accesslog", "-")
    access_logger = conf.JsonAccessLogger(cfg)
    stream = io.StringIO()
    access_logger.access_log.handlers = [logging.StreamHandler(stream)]
    response = SimpleNamespace(status="404 Not Found", sent=123, headers=[("X-Request-ID", "abc-123")])
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.7"), ("USER-AGENT", 'evil "agent"\n')])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/wards/?q=1",
        "PATH_INFO": "/wards/",
        "QUERY_STRING": "q=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": 'evil "agent"\n',
    }
    access_logger.access(response, request, environ, datetime.timedelta(milliseconds=42))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["request_id"] == "abc-123"
    assert (entry["method"], entry["path"], entry["query"], entry["status"]) == ("GET", "/wards/", "q=1", 404)
    assert entry["duration_ms"] == 42
    assert entry["forwarded_for"] == "198.51.100.7"
    assert entry["user_agent"] == 'evil "agent"\n'


def test_nginx_overwrites_the_forwarded_headers_django_trusts():
    text = (ROOT / "deploy/nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "client_max_body_size" in text
