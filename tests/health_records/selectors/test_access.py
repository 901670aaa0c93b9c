"""Scoping: who reaches which child (selectors/access.py)."""

from __future__ import annotations

from health_records.selectors.access import children_visible_to, viewer_for

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
