"""Loaded by pytest before Django (``-p tests.env``): test defaults for the environment.

Only sets what is not set already, so CI's DATABASE_URL and CELERY_BROKER_URL win.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Tests run tasks in-process unless a test starts a real worker itself (marker celery_worker).
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
