"""Database-level guard installed after every ``migrate``: the access log is append-only.

The app already refuses to update or delete ``AccessLog`` rows (``AccessLog.save``/``delete``,
a read-only admin), but a raw ``UPDATE``, a ``QuerySet.update()`` or another program connected
with the application's credentials would not go through those. On PostgreSQL (production) a
statement trigger makes the database itself refuse ``UPDATE`` and ``DELETE`` for every role,
the application's included. ``TRUNCATE`` stays possible for the table's owner only (test
databases are emptied that way); run the application as a role that does not own the tables
(README, "Production deployment"). The embedded SQLite demo relies on the model-level guard.
Idempotent: safe to run after each migration (``post_migrate``).
"""

from __future__ import annotations

from typing import Any

from django.db import connections

TABLE = "health_records_accesslog"

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION medcare_accesslog_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'access log rows are append-only (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql
    """,
    f"DROP TRIGGER IF EXISTS medcare_accesslog_append_only ON {TABLE}",
    f"""
    CREATE TRIGGER medcare_accesslog_append_only BEFORE UPDATE OR DELETE
    ON {TABLE} FOR EACH STATEMENT EXECUTE FUNCTION medcare_accesslog_append_only()
    """,
]


def install_access_log_guard(using: str = "default", **kwargs: Any) -> None:
    """Create the append-only trigger on the ``using`` database if it is PostgreSQL.

    Side effect: DDL on the access-log table; other database vendors are left unchanged.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for statement in POSTGRESQL:
            cursor.execute(statement)
