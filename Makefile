# The two commands a new user needs (README): `make demo` and `make test`.
# Both create .venv with Python >= 3.12 and install the pinned requirements first.

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test venv lint messages check-python

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
	@[ -f .env ] || printf '# Local development settings (git-ignored); real environment variables win.\nDEBUG=1\n' > .env
	touch $@

venv: $(VENV)/.installed-dev

## demo: set up, migrate, load demo data and serve at http://127.0.0.1:8000 (SQLite, tasks in-process)
demo: venv
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv >/dev/null
	DEBUG=1 $(PY) manage.py demo --url http://$(HOST):$(PORT)
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## test: set up and run the whole suite (DATABASE_URL / CELERY_BROKER_URL honoured when set)
test: venv
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv >/dev/null
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## messages: refresh locale/*/django.po from the code and compile them
messages: venv
	DEBUG=1 $(PY) manage.py makemessages -l vi -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv
