# The two commands a new user needs (README): `make demo` and `make test`.
# Both create .venv with Python >= 3.12 and install the pinned requirements first.

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test venv lint typecheck messages check-python demo-env

# Python 3.12+ is needed (Django 6). Prefer pyenv's 3.13 (.python-version), then python3.13/3.12.
PYTHON_BOOT := $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; \
	done)

check-python:
	@if [ -z "$(PYTHON_BOOT)" ]; then \
		echo "Python 3.12 or newer is required (Django 6) but was not found."; \
		echo "Install it (e.g. 'pyenv install 3.13' or 'apt-get install python3.13 python3.13-venv') and run again."; \
		exit 1; fi

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | check-python
	@[ -x $(PY) ] && $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { rm -rf $(VENV); $(PYTHON_BOOT) -m venv $(VENV); }
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed-dev

## demo: set up, migrate, load demo data and serve at http://127.0.0.1:8000 (SQLite, tasks and beat in-process)
# The demo runs as production does (DEBUG off: the portal's own Vietnamese error pages, the CSP,
# compressed static files served by WhiteNoise), but over plain HTTP, with e-mail printed to the
# console and a secret key kept in the git-ignored .demo-secret-key. Nothing here is written to a
# file a production process would read: DEBUG is never on unless its own environment says so.
DEMO_ENV = DEBUG=0 SECRET_KEY="$$(cat .demo-secret-key)" ALLOWED_HOSTS='*' SECURE_COOKIES=0 \
	SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 LOG_FORMAT=plain \
	EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend

.demo-secret-key: | venv
	@$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

demo: venv .demo-secret-key
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py compilemessages --ignore=.venv >/dev/null
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput >/dev/null
	$(DEMO_ENV) $(PY) manage.py demo --url http://$(HOST):$(PORT)
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# The demo's environment, for the test that serves the demo as `make demo` does.
demo-env:
	@echo '$(subst $$$$,$$,$(DEMO_ENV))'

## test: set up and run the whole suite (DATABASE_URL / CELERY_BROKER_URL honoured when set)
test: venv
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv >/dev/null
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## typecheck: mypy with django-stubs over the apps (scope and strictness in pyproject.toml)
typecheck: venv
	DEBUG=1 $(VENV)/bin/mypy

## messages: refresh locale/*/django.po from the code and compile them
messages: venv
	DEBUG=1 $(PY) manage.py makemessages -l vi -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv
