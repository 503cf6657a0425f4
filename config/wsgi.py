"""The WSGI application (gunicorn in production, ``runserver`` in development and the demo)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Without a broker (the embedded default), the beat schedule runs in this process (core/beat.py).
from core.beat import start_in_process_beat  # noqa: E402 - needs the settings loaded above

start_in_process_beat()
