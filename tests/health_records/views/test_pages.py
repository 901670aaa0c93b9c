"""Landing pages per role, scoping to 404, access logging, login messages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from health_records.models import AccessLog, ClassType

from ...factories import ClassroomFactory


@pytest.mark.parametrize(
    ("user", "landing"),
    [
        ("caregiver", "classroom_roster"),
        ("nurse", "medical_dashboard"),
        ("doctor", "medical_dashboard"),
        ("director", "centre_overview"),
        ("parent_a", "my_children"),
    ],
)
def test_home_sends_each_role_to_its_landing_page(world, client_as, user, landing):
    """`/` redirects each role to its own page (a one-room caregiver straight to the roster)."""
    response = client_as(user).get(reverse("home"), follow=True)
    assert response.status_code == 200
    assert response.resolver_match.url_name == landing


def test_user_without_role_gets_explanation_not_error(world, client_as):
    """A user linked to nothing sees a 403 page that says to ask the director."""
    response = client_as("nobody").get(reverse("home"))
    assert response.status_code == 403
    assert b"not linked to a centre" in response.content


def test_anonymous_is_sent_to_login(world):
    """Every page needs login."""
    response = Client().get(reverse("child_detail", args=[world.child_a1.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_roster_lists_todays_children_of_the_room(world, client_as):
    """The caregiver's roster shows room A1's child and not room A2's."""
    response = client_as("caregiver").get(reverse("classroom_roster", args=[world.room_a1.pk]))
    assert world.child_a1.full_name in response.content.decode()
    assert world.child_a2.full_name not in response.content.decode()


def test_director_overview_counts_enrolment_per_room(world, client_as):
    """The overview shows one enrolled child in each of A1 and A2 and two in total."""
    response = client_as("director").get(reverse("centre_overview"))
    overview = response.context["overview"]
    assert [(load.classroom.name, load.enrolled) for load in overview.classrooms] == [
        ("A1", 1),
        ("A2", 1),
    ]
    assert overview.enrolled_total == 2


@pytest.mark.parametrize(
    ("user", "child_attr"),
    [
        ("parent_a", "child_a2"),  # another family's child in the same centre
        ("parent_b", "child_a1"),
        ("nurse_b", "child_a1"),  # staff of another centre
        ("nurse", "child_b"),
        ("caregiver", "child_b"),
    ],
)
def test_child_of_someone_else_is_404(world, client_as, user, child_attr):
    """A child the user may not reach is a 404, the same as a missing one."""
    child = getattr(world, child_attr)
    response = client_as(user).get(reverse("child_detail", args=[child.pk]))
    assert response.status_code == 404


def test_unknown_child_uuid_is_404(world, client_as):
    """A well-formed UUID that matches nothing is 404, not 500."""
    response = client_as("nurse").get("/children/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


def test_sequential_id_is_not_a_url(world, client_as):
    """Children are addressed by UUID only: `/children/1/` does not resolve."""
    response = client_as("nurse").get("/children/1/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("user", "url_name", "arg"),
    [
        ("nurse_b", "classroom_roster", "room_a1"),
        ("parent_a", "classroom_roster", "room_a1"),
        ("parent_a", "centre_overview", None),
        ("parent_a", "medical_dashboard", None),
        ("parent_a", "my_classrooms", None),
    ],
)
def test_staff_pages_are_404_for_outsiders(world, client_as, user, url_name, arg):
    """Another centre's staff and parents get 404 for a centre's staff pages."""
    args = [getattr(world, arg).pk] if arg else []
    response = client_as(user).get(reverse(url_name, args=args))
    assert response.status_code == 404


def test_child_page_read_is_logged(world, client_as):
    """Opening a child's page writes one access-log row with user, role, child and request id."""
    response = client_as("nurse").get(
        reverse("child_detail", args=[world.child_a1.pk]), HTTP_X_REQUEST_ID="req-12345678"
    )
    assert response.status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.role, log.child, log.what, log.request_id) == (
        world.users["nurse"],
        "nurse",
        world.child_a1,
        "child_detail",
        "req-12345678",
    )


def test_refused_child_page_is_not_logged_as_read(world, client_as):
    """A 404 for a foreign child writes no access-log row (nothing was shown)."""
    client_as("parent_b").get(reverse("child_detail", args=[world.child_a1.pk]))
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Please enter a correct username and password"),
        ("zh-hans", "请输入一个正确的用户名和密码"),
    ],
)
def test_wrong_login_gives_same_message_for_unknown_and_known_user(world, language, message):
    """A wrong password and an unknown user get the same message, in the user's language."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    wrong_password = client.post(reverse("login"), {"username": "nurse", "password": "x"})
    unknown_user = client.post(reverse("login"), {"username": "no-such", "password": "x"})
    assert message in wrong_password.content.decode()
    assert wrong_password.content.decode().count(message) == unknown_user.content.decode().count(
        message
    )


def test_chinese_is_the_default_language(world):
    """Without a language preference the login page is in Simplified Chinese."""
    response = Client().get(reverse("login"))
    assert "登录" in response.content.decode()


def test_language_switch_sets_english(world, client_as):
    """Posting to the language switch makes the next page English."""
    client = client_as("nurse", language="zh-hans")
    client.post(reverse("set_language"), {"language": "en", "next": "/medical/"})
    response = client.get(reverse("medical_dashboard"))
    assert "Alert inbox" in response.content.decode()


def test_overview_orders_classrooms_by_age(db, client_as, world):
    """Rooms are listed infant → young toddler → older toddler, whatever their names."""
    ClassroomFactory(centre=world.centre_a, name="Z infants", class_type=ClassType.INFANT)
    ClassroomFactory(centre=world.centre_a, name="B big", class_type=ClassType.OLDER_TODDLER)
    response = client_as("director").get(reverse("centre_overview"))
    names = [load.classroom.name for load in response.context["overview"].classrooms]
    assert names == ["Z infants", "A1", "A2", "B big"]


@pytest.mark.parametrize(
    ("user", "shown"),
    [
        ("director", {"access_log": True, "health_rule_settings": True}),
        ("doctor", {"access_log": False, "health_rule_settings": True}),
        ("nurse", {"access_log": False, "health_rule_settings": False}),
        ("caregiver", {"access_log": False, "health_rule_settings": False}),
    ],
)
def test_overview_links_only_pages_the_viewer_may_open(world, client_as, user, shown):
    """The access log (director) and the thresholds (director, doctor) are linked only for the
    roles that may open them: no link that leads to a 404."""
    html = client_as(user).get(reverse("centre_overview")).content.decode()
    assert {name: f'href="{reverse(name)}"' in html for name in shown} == shown
