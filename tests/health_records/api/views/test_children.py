"""Children, classrooms, guardianships, the caller, and the token endpoint (axes lockout)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from health_records.models import AccessLog
from tests.factories import TEST_PASSWORD, ChildFactory


def ids(response) -> set[str]:
    return {row["id"] for row in response.json()["results"]}


def test_staff_list_children_of_their_centre_only(world, api_as):
    """The nurse of centre A sees child_a1 and child_a2, not child_b."""
    assert ids(api_as("nurse").get("/api/v1/children/")) == {
        str(world.child_a1.pk),
        str(world.child_a2.pk),
    }


def test_parent_lists_only_their_own_child(world, api_as):
    """parent_a sees child_a1 only."""
    assert ids(api_as("parent_a").get("/api/v1/children/")) == {str(world.child_a1.pk)}


def test_children_filter_by_classroom(world, api_as):
    """?classroom=<A2> keeps child_a2 only."""
    response = api_as("director").get(f"/api/v1/children/?classroom={world.room_a2.pk}")
    assert ids(response) == {str(world.child_a2.pk)}


def test_child_list_logs_one_row_per_child_in_one_insert(world, api_as):
    """Two children shown: two access-log rows, written by a single INSERT."""
    client = api_as("nurse")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/children/")
        inserts = [q for q in queries if 'INSERT INTO "health_records_accesslog"' in q["sql"]]
    assert len(inserts) == 1
    assert AccessLog.objects.filter(what="api_child_list").count() == 2


def test_child_list_query_count_is_constant(world, api_as):
    """2 children vs 12 children: the same number of queries."""
    client = api_as("nurse")
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/children/")
    small_count = len(small)  # read now: the next request resets the connection's query log
    for _ in range(10):
        ChildFactory(classroom=world.room_a1)
    with CaptureQueriesContext(connection) as large:
        client.get("/api/v1/children/")
    assert (small_count > 3, len(large)) == (True, small_count)


def test_child_detail_of_another_family_is_404_in_the_error_shape(world, api_as):
    """parent_a asking for child_a2: 404 {"detail", "code": "not_found"}."""
    response = api_as("parent_a").get(f"/api/v1/children/{world.child_a2.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_classrooms_are_a_staff_list(world, api_as):
    """A caregiver lists their own room; a parent gets 404."""
    assert ids(api_as("caregiver").get("/api/v1/classrooms/")) == {str(world.room_a1.pk)}
    assert api_as("parent_a").get("/api/v1/classrooms/").status_code == 404


def test_guardian_sees_only_their_own_guardianship(world, api_as):
    """parent_a's list has one row, for child_a1."""
    rows = api_as("parent_a").get("/api/v1/guardianships/").json()["results"]
    assert [row["child"] for row in rows] == [str(world.child_a1.pk)]


def test_me_names_role_and_centre(world, api_as):
    """The nurse: role nurse, centre A."""
    assert api_as("nurse").get("/api/v1/me/").json() == {
        "username": "nurse",
        "role": "nurse",
        "centre": str(world.centre_a.pk),
    }


def test_anonymous_gets_401_with_token_challenge(world, api_as):
    """No credentials: 401 not_authenticated and WWW-Authenticate: Token."""
    response = api_as("anonymous").get("/api/v1/children/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_token_from_password_authenticates_the_app(world):
    """POST user name and password → token; the token reads the API."""
    client = APIClient()
    token = client.post(
        "/api/v1/auth/token/", {"username": "nurse", "password": TEST_PASSWORD}, format="json"
    ).json()["token"]
    app = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert app.get("/api/v1/me/").json()["role"] == "nurse"


def test_wrong_password_is_400_invalid_credentials(world):
    """A wrong password: 400 invalid_credentials, no token."""
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "nurse", "password": "wrong"}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_credentials")


def test_token_endpoint_locks_out_after_five_failures(world):
    """Five wrong passwords, then even the right one is refused: 429 locked_out (axes)."""
    client = APIClient()
    for _ in range(5):
        client.post(
            "/api/v1/auth/token/", {"username": "nurse", "password": "wrong"}, format="json"
        )
    response = client.post(
        "/api/v1/auth/token/", {"username": "nurse", "password": TEST_PASSWORD}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (429, "locked_out")
    assert response["Content-Type"] == "application/json"


def test_session_writes_need_the_csrf_token(world, stay_a1):
    """A browser session without the CSRF token: 403; the read works."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["nurse"])
    assert client.get("/api/v1/children/").status_code == 200
    response = client.post(
        "/api/v1/care/water/",
        {"child": str(world.child_a1.pk), "occurred_at": "2020-01-01T09:00:00+08:00"},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")


@pytest.mark.parametrize("language, word", [("en", "Not found"), ("zh-hans", "未找到")])
def test_error_messages_follow_the_language(world, api_as, language, word):
    """The 404 detail is translated (DRF's catalogue for its own messages)."""
    response = api_as("parent_a", language).get(f"/api/v1/children/{world.child_b.pk}/")
    assert word in response.json()["detail"]


def test_unknown_api_url_is_a_json_404(world, api_as):
    """A path under /api/ that matches no route: 404 in the error shape, not an HTML page."""
    response = api_as("nurse").get("/api/v1/alerts/not-a-uuid/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}
