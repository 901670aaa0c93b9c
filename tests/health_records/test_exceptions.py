"""DomainError: stable code, translated message, conversion for forms."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import ConflictError, DomainError


def test_domain_error_converts_to_field_validation_error():
    """A field error becomes a ValidationError keyed by that field, with the same code."""
    err = DomainError("child_not_enrolled", _("Enrolled"), field="child").as_validation_error()
    assert err.error_dict["child"][0].code == "child_not_enrolled"


def test_message_follows_the_active_language():
    """The lazy message renders in the active language (zh-hans catalogue)."""
    err = DomainError("x", _("Enrolled"))
    with translation.override("zh-hans"):
        assert str(err) == "在托人数"
    with translation.override("en"):
        assert str(err) == "Enrolled"


def test_conflict_maps_to_409():
    """Optimistic-concurrency conflicts carry HTTP status 409."""
    assert ConflictError("stale", "stale").http_status == 409
