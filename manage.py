#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    if sys.version_info < (3, 12):
        sys.exit(
            f"Python 3.12 or newer is needed (Django 6); this is {sys.version.split()[0]}. "
            "Run `make demo` / `make test`, which pick Python 3.13 through pyenv or python3.13."
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Imported after the version check: Django 6 cannot even be imported by an older Python.
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415 - after the version check
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - after the version check

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A configuration mistake (e.g. no SECRET_KEY with DEBUG off): one line, no traceback.
        sys.exit(f"Configuration error: {exc}")


if __name__ == "__main__":
    main()
