"""Summary tests use the shared ``catalogue``, ``today`` and ``clock`` fixtures of tests/conftest.py."""

import pytest


@pytest.fixture
def clock_start_hour():
    """Summary tests start in the evening (21:00), after the daily deadline and the 20:00 recompile."""
    return 21
