"""What the benchmarks share: a connection to the PostgreSQL server for scratch databases, and the
column list of a model for filling it set-wise with INSERT … SELECT."""

from urllib.parse import urlparse


def admin_connection(url: str):
    import psycopg2

    parts = urlparse(url)
    conn = psycopg2.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password or None, dbname=(parts.path or "/postgres").lstrip("/") or "postgres",
    )  # fmt: skip
    conn.autocommit = True
    return conn


def columns(model, known: dict) -> tuple[str, str]:
    """Column list and SELECT expressions for ``model``: ``known`` SQL expressions, else a neutral value."""
    from django.db import models

    names, exprs = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        names.append(f'"{f.column}"')
        if f.name in known:
            exprs.append(known[f.name])
        elif f.has_default() and not callable(f.default) and isinstance(f.default, bool):
            exprs.append("true" if f.default else "false")
        elif f.null:
            exprs.append("NULL")
        elif isinstance(f, models.BooleanField):
            exprs.append("false")
        elif isinstance(f, (models.IntegerField, models.DecimalField)):
            exprs.append("0")
        elif isinstance(f, models.JSONField):
            exprs.append("'{}'::jsonb")
        elif isinstance(f, (models.DateTimeField, models.DateField)):
            exprs.append("now()")
        else:
            exprs.append("''")
    return ", ".join(names), ", ".join(exprs)
