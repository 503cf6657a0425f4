"""The Celery app and its beat schedule (the one place periodic work is declared)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Beat schedule. Times are Asia/Ho_Chi_Minh (CELERY_TIMEZONE). Run exactly one beat process.
app.conf.beat_schedule = {}
