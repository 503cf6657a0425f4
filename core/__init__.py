"""What every app shares and no domain owns: health, error pages, exports, pagination, layout.

``core`` imports Django and the libraries only, never a domain app (``wards``, ``reports``,
``inspections``, ``supplies``, ``audit``): see ``docs/architecture.md`` and the test that holds it.
"""
