"""The stalled-pipeline alarm: alerts waiting too long for delivery raise a stall alert.

Run by the sweep. The stall alert's deliveries are sent inline (not through the broker, which
may be what is stalled) by every channel configured; the in-app one always works. The medical
team's screens show the same condition as a banner (``selectors/alerts.py``), computed from the
database, so it is visible even when no worker runs at all.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_noop

from health_records.models import Alert, AlertDelivery, AlertKind, AlertState, DeliveryStatus
from health_records.selectors.alerts import stalled_centre_ids

from .alert_delivery import alert_delivery_send
from .alerts import alert_raise, alert_resolve

logger = logging.getLogger(__name__)


def pipeline_stall_check(*, now: datetime) -> list[uuid.UUID]:
    """Raise a stall alert for each stalled centre; resolve stall alerts of centres now clear.

    Returns the ids of the stalled centres. Side effects: at most one active
    ``pipeline_stall`` alert per centre (dedup key ``pipeline_stall:<centre>``), its deliveries
    sent inline, and a system resolution when the backlog has cleared.
    """
    stalled = stalled_centre_ids(now=now)
    active = {
        a.centre_id: a
        for a in Alert.objects.filter(kind=AlertKind.PIPELINE_STALL).exclude(
            state=AlertState.RESOLVED
        )
    }
    for centre_id in stalled:
        if centre_id in active:
            continue
        from health_records.models import Centre

        with transaction.atomic():
            alert = alert_raise(
                centre=Centre.objects.get(pk=centre_id),
                child=None,
                kind=AlertKind.PIPELINE_STALL,
                severity="urgent",
                dedup_key=f"pipeline_stall:{centre_id}",
                title=gettext_noop("Alert delivery is stalled"),
                rule="pipeline_stall_2_min",
                detail={"detected_at": now.isoformat()},
            )
        logger.warning("pipeline stalled at centre %s: stall alert %s", centre_id, alert.pk)
        for delivery_id in AlertDelivery.objects.filter(
            alert=alert, status=DeliveryStatus.PENDING
        ).values_list("id", flat=True):
            alert_delivery_send(delivery_id=delivery_id)
    for centre_id, alert in active.items():
        if centre_id not in stalled:
            alert_resolve(alert=alert, by=None, note="delivery backlog cleared")
    return stalled
