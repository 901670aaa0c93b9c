"""Database-level guard installed after every ``migrate``: the access log and the refused-edit
log (``EditConflict``) are append-only.

The app already refuses to update or delete their rows (the models' ``save``/``delete``,
read-only admins), but a raw ``UPDATE``, a ``QuerySet.update()`` or another program connected
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
APPEND_ONLY_TABLES = (TABLE, "health_records_editconflict")

FUNCTION = """
    CREATE OR REPLACE FUNCTION medcare_accesslog_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '% rows are append-only (% refused)', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql
    """


def _trigger(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS medcare_accesslog_append_only ON {table}",
        f"""
        CREATE TRIGGER medcare_accesslog_append_only BEFORE UPDATE OR DELETE
        ON {table} FOR EACH STATEMENT EXECUTE FUNCTION medcare_accesslog_append_only()
        """,
    ]


def install_access_log_guard(using: str = "default", **kwargs: Any) -> None:
    """Create the append-only triggers on the ``using`` database if it is PostgreSQL.

    Side effect: DDL on the tables of :data:`APPEND_ONLY_TABLES` that exist; other database
    vendors are left unchanged.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    tables = [t for t in APPEND_ONLY_TABLES if t in connection.introspection.table_names()]
    if not tables:
        return
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        for table in tables:
            for statement in _trigger(table):
                cursor.execute(statement)
