"""Reports tests use the shared ``catalogue``, ``today`` and ``clock`` fixtures of tests/conftest.py
(the clock starts at 09:00, the morning officers report in)."""
