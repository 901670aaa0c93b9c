"""Scoping: who reaches which child (selectors/access.py)."""

from __future__ import annotations

import contextlib

import pytest

from health_records.models import Child
from health_records.selectors.access import child_visible_get, children_visible_to, viewer_for

from ...factories import GuardianshipFactory


def test_parent_reaches_only_own_children(world):
    """A guardian's visible children are exactly the ones they are guardian of."""
    viewer = viewer_for(world.users["parent_a"])
    assert set(children_visible_to(viewer)) == {world.child_a1}


def test_staff_reach_whole_own_centre_only(world):
    """A nurse of centre A reaches both A children and not centre B's child."""
    viewer = viewer_for(world.users["nurse"])
    assert set(children_visible_to(viewer)) == {world.child_a1, world.child_a2}


def test_staff_of_other_centre_reach_none_of_centre_a(world):
    """Centre B's nurse reaches only centre B's child."""
    viewer = viewer_for(world.users["nurse_b"])
    assert set(children_visible_to(viewer)) == {world.child_b}


def test_staff_member_who_is_also_a_parent_reaches_both(world):
    """Centre B's nurse whose own child attends centre A reaches that child as well, once."""
    GuardianshipFactory(user=world.users["nurse_b"], child=world.child_a2)
    viewer = viewer_for(world.users["nurse_b"])
    assert sorted(c.given_name for c in children_visible_to(viewer)) == ["三", "二"]


def test_user_without_role_reaches_nothing(world):
    """A signed-in user with no membership and no guardianship sees no child."""
    viewer = viewer_for(world.users["nobody"])
    assert list(children_visible_to(viewer)) == []


@pytest.mark.parametrize(
    "user", ["parent_a", "parent_b", "parent_c", "nurse", "caregiver", "nurse_b", "nobody"]
)
def test_child_visible_get_agrees_with_children_visible_to(world, user):
    """For every role and every child, the one-child lookup finds exactly the children the
    scoped list holds and refuses the others with ``Child.DoesNotExist``."""
    viewer = viewer_for(world.users[user])
    found = set()
    for child in (world.child_a1, world.child_a2, world.child_b):
        with contextlib.suppress(Child.DoesNotExist):
            found.add(child_visible_get(viewer, child.pk))
    assert found == set(children_visible_to(viewer))


def test_child_visible_get_staff_who_is_a_parent_elsewhere(world):
    """Centre B's nurse reaches her own child at centre A through the guardianship."""
    GuardianshipFactory(user=world.users["nurse_b"], child=world.child_a2)
    viewer = viewer_for(world.users["nurse_b"])
    assert child_visible_get(viewer, world.child_a2.pk) == world.child_a2


def test_viewer_guardianship_is_looked_up_only_when_asked(world, django_assert_num_queries):
    """Building the viewer costs one query (the membership); ``is_guardian`` one more on first
    use and none after."""
    with django_assert_num_queries(1):
        viewer = viewer_for(world.users["parent_a"])
    with django_assert_num_queries(1):
        assert viewer.is_guardian
    with django_assert_num_queries(0):
        assert viewer.is_guardian
