"""seed_demo: the demo centre, its people, and idempotency."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from health_records.models import Centre, Child, Guardianship, StaffMembership


def test_seed_demo_builds_the_described_centre(db):
    """3 rooms, 45 children aged 6–36 months, 10 staff, 4 preterm, each child a guardian."""
    call_command("seed_demo", stdout=StringIO())
    centre = Centre.objects.get()
    today = timezone.localdate()
    ages = [c.age_months(today) for c in Child.objects.all()]
    assert sorted(r.name for r in centre.classrooms.all()) == ["乳儿班", "托大班", "托小班"]
    assert len(ages) == 45 and min(ages) >= 6 and max(ages) <= 36
    assert StaffMembership.objects.filter(role="caregiver").count() == 6
    assert StaffMembership.objects.filter(role="nurse").count() == 2
    assert sum(c.is_preterm for c in Child.objects.all()) == 4
    assert not Child.objects.filter(guardianships__isnull=True).exists()


def test_seed_demo_twice_adds_nothing(db):
    """A second run finds the demo and leaves the row counts unchanged."""
    call_command("seed_demo", stdout=StringIO())
    before = (Child.objects.count(), get_user_model().objects.count(), Guardianship.objects.count())
    out = StringIO()
    call_command("seed_demo", stdout=out)
    after = (Child.objects.count(), get_user_model().objects.count(), Guardianship.objects.count())
    assert after == before
    assert "already present" in out.getvalue()


def test_demo_children_enrolled_no_earlier_than_six_months(db):
    """Every demo child was enrolled at 183 days of age or later and not in the future."""
    call_command("seed_demo", stdout=StringIO())
    today = timezone.localdate()
    for child in Child.objects.all():
        assert child.birth_date + dt.timedelta(days=183) <= child.enrolled_on <= today


def test_no_demo_child_has_two_mothers(db):
    """parent01's second child has parent01 as mother and parent45 as father, not two mothers."""
    call_command("seed_demo", stdout=StringIO())
    sibling = Guardianship.objects.get(user__username="parent45").child
    relations = sorted(g.relationship for g in sibling.guardianships.all())
    assert relations == ["father", "mother"]
