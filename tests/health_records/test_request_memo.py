"""The request memo: the viewer's membership is looked up once per request, never across
requests and never outside one."""

from __future__ import annotations

import pytest

from health_records.exceptions import PermissionDeniedError
from health_records.models import StaffMembership
from health_records.request_memo import memo_get, memo_set, request_memo
from health_records.selectors.access import viewer_for
from health_records.services.day_common import require_writer


def test_outside_a_request_nothing_is_kept(world):
    """memo_set without a request memo keeps nothing."""
    memo_set("key", 1)
    assert memo_get("key") is None


def test_in_a_request_the_write_check_reuses_the_viewers_membership(
    world, django_assert_num_queries
):
    """Viewer lookup (1 query) then the nurse's write check for her centre's child: no query."""
    with request_memo():
        viewer_for(world.users["nurse"])
        with django_assert_num_queries(0):
            membership = require_writer(world.users["nurse"], world.child_a1)
    assert membership.role == "nurse"


def test_a_membership_ended_before_the_next_request_is_refused(world):
    """The nurse writes in one request; her membership ends; the next request refuses her."""
    nurse = world.users["nurse"]
    with request_memo():
        viewer_for(nurse)
        require_writer(nurse, world.child_a1)
    StaffMembership.objects.filter(user=nurse).update(is_active=False)
    with request_memo(), pytest.raises(PermissionDeniedError):
        viewer_for(nurse)
        require_writer(nurse, world.child_a1)


def test_another_centres_membership_is_not_reused(world, django_assert_num_queries):
    """Centre B's nurse (memo: centre B) checking centre A's child still queries, and is refused."""
    with request_memo():
        viewer_for(world.users["nurse_b"])
        with django_assert_num_queries(1), pytest.raises(PermissionDeniedError):
            require_writer(world.users["nurse_b"], world.child_a1)
