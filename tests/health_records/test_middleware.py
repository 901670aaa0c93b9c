"""Responses carrying a signed-in user's data are never stored by browsers or proxies."""

from __future__ import annotations

from django.urls import reverse


def test_signed_in_pages_are_not_cached(world, client_as):
    """A child's page sent to a signed-in user says Cache-Control: no-store, private."""
    response = client_as("parent_a").get(reverse("child_detail", args=[world.child_a1.pk]))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
