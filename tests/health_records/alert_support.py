"""Support for alert tests: record published delivery tasks instead of touching a broker."""

from __future__ import annotations

import pytest

from health_records.services import alerts as alert_services


def record_published(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace Celery's ``send_task`` by a recorder; returns the list of published delivery ids."""
    from medcare.celery import app

    sent: list[str] = []

    def record(name: str, args: list[str] | None = None, **kwargs: object) -> None:
        assert name == alert_services.DELIVERY_TASK
        sent.extend(args or [])

    monkeypatch.setattr(app, "send_task", record)
    alert_services._reset_broker_pause()
    return sent
