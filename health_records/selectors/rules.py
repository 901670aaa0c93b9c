"""Reads of a centre's health-rule thresholds for the thresholds page: the values in force, the
default beside each with its source, and who changed what (the row's history)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from health_records.models import HealthRuleSettings
from health_records.services.care_rules import (
    THRESHOLD_FIELDS,
    threshold_limits,
    thresholds_for,
)

from .access import Viewer
from .centre import NotStaff

SOURCES: dict[str, Promise] = {
    "fever_axillary_c": _(
        "《托儿所幼儿园卫生保健工作规范》 (2012): the morning check looks for fever; axillary "
        "fever from 37.3 °C (《诸福棠实用儿科学》, 8th ed.)"
    ),
    "low_temperature_c": _(
        "Hypothermia is a core temperature below 35.0 °C (the standard clinical definition, "
        "e.g. ERC Guidelines 2021, accidental hypothermia)"
    ),
    "loose_stools_in_24h": _(
        "WHO, Diarrhoeal disease fact sheet (2024): three or more loose or liquid stools a day"
    ),
    "vomits_per_day": _(
        "All-day health observation, 《托儿所幼儿园卫生保健工作规范》 (2012): repeated vomiting "
        "goes to the health worker"
    ),
    "refused_meals_in_row": _(
        "《托育机构保育指导大纲（试行）》 (2021): tell the health worker when a child does not eat"
    ),
}
"""Where each default comes from (the same sources as the rule modules' docstrings)."""


@dataclass(frozen=True)
class ThresholdRow:
    """One threshold: field ``name``, label (with its unit), the value in force, the default,
    its source, and the allowed range."""

    name: str
    label: str
    value: Decimal | int
    default: Decimal | int
    source: Promise
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class ThresholdChange:
    """One save: when, by whom, and (label, old value, new value) per threshold changed."""

    at: dt.datetime
    user: User | None
    changes: list[tuple[str, object, object]]


@dataclass(frozen=True)
class ThresholdsPage:
    settings: HealthRuleSettings
    rows: list[ThresholdRow]
    history: list[ThresholdChange]


def _label(name: str) -> str:
    """The threshold's field label in the active language."""
    field = HealthRuleSettings._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


def health_rule_settings_page(viewer: Viewer, *, history_limit: int = 20) -> ThresholdsPage:
    """The viewer's centre thresholds, defaults and the last ``history_limit`` saves.

    Only the centre director and the centre doctor (the rule editors) read this page; anyone
    else gets :class:`NotStaff` (a 404 at the edge, like the alert inbox for caregivers).
    Three queries.
    """
    if viewer.membership is None or not viewer.may_edit_thresholds:
        raise NotStaff
    settings = thresholds_for(viewer.membership.centre)
    defaults = HealthRuleSettings()
    rows = []
    for name in THRESHOLD_FIELDS:
        low, high = threshold_limits(name)
        rows.append(
            ThresholdRow(
                name=name,
                label=_label(name),
                value=getattr(settings, name),
                default=getattr(defaults, name),
                source=SOURCES[name],
                low=low,
                high=high,
            )
        )
    return ThresholdsPage(settings=settings, rows=rows, history=_history(settings, history_limit))


def _history(settings: HealthRuleSettings, limit: int) -> list[ThresholdChange]:
    if settings._state.adding:
        return []
    saves = list(
        settings.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    labels = {name: _label(name) for name in THRESHOLD_FIELDS}
    out = []
    defaults = HealthRuleSettings()
    for index, save in enumerate(saves[:limit]):
        before: object = saves[index + 1] if index + 1 < len(saves) else defaults
        changes = [
            (labels[name], getattr(before, name), getattr(save, name))
            for name in THRESHOLD_FIELDS
            if getattr(before, name) != getattr(save, name)
        ]
        out.append(ThresholdChange(at=save.history_date, user=save.history_user, changes=changes))
    return out
