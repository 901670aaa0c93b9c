"""Alert pages: inbox, live feed, triage, two-tap flag, parents' alerts, with permission cases."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from health_records.models import AccessLog, Alert, AlertDelivery, AlertTriageEntry, SymptomFlag
from health_records.services.symptoms import symptom_flag_raise
from health_records.views.alerts import SymptomFlagForm, VitalsForm

from ..alert_support import record_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    return record_published(monkeypatch)


@pytest.fixture
def fever(world, published):
    """A moderate fever flagged on child_a1 (an urgent alert) by the A1 caregiver."""
    flag = symptom_flag_raise(
        child=world.child_a1,
        symptom="fever",
        severity="moderate",
        observed_at=timezone.now(),
        raised_by=world.users["caregiver"],
    )
    return flag.alert


def test_nurse_inbox_lists_the_alert(client_as, fever):
    """The nurse's inbox shows the fever alert with the child's name and an acknowledge button."""
    page = client_as("nurse").get(reverse("alert_inbox")).content.decode()
    assert "Fever" in page and "王一" in page
    assert reverse("alert_acknowledge", args=[fever.pk]) in page


def test_medical_dashboard_shows_inbox_and_flags(client_as, fever):
    """The dashboard's placeholders are replaced by the live inbox and today's flags."""
    page = client_as("doctor").get(reverse("medical_dashboard")).content.decode()
    assert reverse("alert_detail", args=[fever.pk]) in page
    assert "No symptoms flagged today." not in page
    assert "js/alerts.js" in page


def test_caregiver_has_no_inbox(client_as, fever):
    """Caregivers flag; they do not get the medical inbox (404)."""
    assert client_as("caregiver").get(reverse("alert_inbox")).status_code == 404


def test_feed_json_for_staff(client_as, fever):
    """The feed returns the inbox HTML and the unread count (1: the nurse's in-app delivery,
    once sent)."""
    from health_records.services.alert_delivery import alert_delivery_send

    alert_delivery_send(delivery_id=AlertDelivery.objects.get(alert=fever).pk)
    data = client_as("nurse").get(reverse("alert_feed")).json()
    assert data["unread"] == 1
    assert data["stalled"] is False
    assert str(fever.pk) in data["inbox_html"]


def test_feed_for_parent_lists_own_child_only(client_as, fever):
    """parent_a's feed lists the fever alert; parent_b's does not."""
    own = client_as("parent_a").get(reverse("alert_feed")).json()
    other = client_as("parent_b").get(reverse("alert_feed")).json()
    assert "Fever" in own["alerts_html"]
    assert "Fever" not in other["alerts_html"]


def test_detail_logs_access(client_as, world, fever):
    """Opening an alert about child_a1 writes one access log row (what=alert_detail)."""
    assert client_as("nurse").get(reverse("alert_detail", args=[fever.pk])).status_code == 200
    log = AccessLog.objects.get(what="alert_detail")
    assert (log.child, log.user) == (world.child_a1, world.users["nurse"])


def test_detail_other_centre_is_404(client_as, fever):
    """A nurse of centre B gets 404 for centre A's alert."""
    assert client_as("nurse_b").get(reverse("alert_detail", args=[fever.pk])).status_code == 404


def test_detail_for_parent_is_404(client_as, fever):
    """The triage page is for staff; even the child's own parent gets 404 there."""
    assert client_as("parent_a").get(reverse("alert_detail", args=[fever.pk])).status_code == 404


def test_acknowledge_from_inbox(client_as, fever):
    """Acknowledge with next=inbox redirects to the inbox; the alert is acknowledged."""
    response = client_as("nurse").post(
        reverse("alert_acknowledge", args=[fever.pk]), {"next": "inbox"}
    )
    fever.refresh_from_db()
    assert (response.status_code, response["Location"], fever.state) == (
        302,
        reverse("alert_inbox"),
        "acknowledged",
    )


def test_vitals_out_of_range_is_a_form_error(client_as, fever):
    """SpO2 120 % is refused with a message; nothing stored; 400."""
    response = client_as("nurse").post(
        reverse("alert_triage", args=[fever.pk, "vitals"]), {"spo2_percent": "120"}
    )
    assert response.status_code == 400
    assert not AlertTriageEntry.objects.filter(kind="vitals").exists()


def test_vitals_in_fahrenheit_show_the_fahrenheit_message(client_as, fever):
    """98.6 → 400 with "looks like Fahrenheit" on the temperature field, not "≤ 43.5"."""
    response = client_as("nurse").post(
        reverse("alert_triage", args=[fever.pk, "vitals"]), {"temperature_c": "98.6"}
    )
    assert response.status_code == 400
    assert response.context["forms"]["vitals"].errors["temperature_c"] == [
        "98.6 looks like Fahrenheit: enter the temperature in °C (for example 37.0)."
    ]


def test_empty_vitals_show_domain_error(client_as, fever):
    """No value at all: the service's "Enter at least one vital sign." is shown."""
    response = client_as("nurse").post(reverse("alert_triage", args=[fever.pk, "vitals"]), {})
    assert response.status_code == 400
    assert "Enter at least one vital sign." in response.content.decode()


def test_action_then_resolve(client_as, fever):
    """Record "send home", then resolve: state resolved, action kept, guardian notified."""
    nurse = client_as("nurse")
    nurse.post(reverse("alert_triage", args=[fever.pk, "action"]), {"action": "send_home"})
    nurse.post(reverse("alert_triage", args=[fever.pk, "resolve"]), {"note": "went home 11:00"})
    fever.refresh_from_db()
    assert (fever.state, fever.action) == ("resolved", "send_home")
    assert AlertDelivery.objects.filter(alert=fever, audience="guardian").count() == 1


def test_caregiver_cannot_triage(client_as, fever):
    """A caregiver posting an assessment gets 404 (the alert is not theirs to see)."""
    response = client_as("caregiver").post(
        reverse("alert_triage", args=[fever.pk, "assessment"]), {"note": "x"}
    )
    assert response.status_code == 404


def test_flag_page_has_a_button_per_symptom(client_as, world, published):
    """Tap 1 lands on a page with one submit button per symptom (14)."""
    page = client_as("caregiver").get(reverse("symptom_flag_new", args=[world.child_a1.pk]))
    assert page.content.decode().count('name="symptom"') == 14


def test_flag_in_one_tap_creates_flag_and_alert(client_as, world, published):
    """Tap 2 (symptom=vomiting, preset severity): one flag and one alert; confirmation page."""
    response = client_as("caregiver").post(
        reverse("symptom_flag_new", args=[world.child_a1.pk]),
        {"symptom": "vomiting", "severity": "moderate"},
    )
    assert response.status_code == 200
    assert "The medical team has been alerted." in response.content.decode()
    flag = SymptomFlag.objects.get()
    assert (flag.symptom, flag.raised_by, flag.alert.severity) == (
        "vomiting",
        world.users["caregiver"],
        "urgent",
    )


def test_flag_with_implausible_temperature_is_refused(client_as, world, published):
    """45 °C: 400 with the field error, nothing stored."""
    response = client_as("caregiver").post(
        reverse("symptom_flag_new", args=[world.child_a1.pk]),
        {"symptom": "fever", "severity": "moderate", "temperature_c": "45"},
    )
    assert response.status_code == 400
    assert (SymptomFlag.objects.count(), Alert.objects.count()) == (0, 0)


def test_caregiver_flag_for_other_room_is_refused(client_as, world, published):
    """The A1 caregiver flagging an A2 child (visible, not theirs): 403 with the message;
    nothing stored."""
    response = client_as("caregiver").post(
        reverse("symptom_flag_new", args=[world.child_a2.pk]),
        {"symptom": "fever", "severity": "moderate"},
    )
    assert response.status_code == 403
    assert "only flag children of your own classrooms" in response.content.decode()
    assert SymptomFlag.objects.count() == 0


def test_caregiver_flag_for_other_room_is_refused_in_chinese(client_as, world, published):
    """The same refusal on a zh-hans page: 403 with the Chinese message."""
    response = client_as("caregiver", "zh-hans").post(
        reverse("symptom_flag_new", args=[world.child_a2.pk]),
        {"symptom": "fever", "severity": "moderate"},
    )
    assert response.status_code == 403
    assert "您只能为自己班级的婴幼儿上报症状。" in response.content.decode()


def test_parent_cannot_open_flag_page(client_as, world, published):
    """Parents do not flag (404)."""
    url = reverse("symptom_flag_new", args=[world.child_a1.pk])
    assert client_as("parent_a").get(url).status_code == 404


def test_other_centre_staff_cannot_open_flag_page(client_as, world, published):
    """Centre B's nurse gets 404 for centre A's child."""
    url = reverse("symptom_flag_new", args=[world.child_a1.pk])
    assert client_as("nurse_b").get(url).status_code == 404


def test_parent_sees_own_childs_alert_with_action(client_as, world, fever):
    """parent_a sees the fever alert and the nurse's action in their language."""
    from health_records.services.alerts import alert_action_record

    alert_action_record(alert=fever, by=world.users["nurse"], action="call_guardian")
    page = client_as("parent_a").get(reverse("my_child_alerts")).content.decode()
    assert "Fever" in page and "Call the guardian" in page


def test_parent_does_not_see_other_childs_alert(client_as, fever):
    """parent_b (guardian of child_a2) does not see child_a1's alert."""
    page = client_as("parent_b").get(reverse("my_child_alerts")).content.decode()
    assert "Fever" not in page


def test_parent_alert_page_in_chinese(client_as, world, fever):
    """In Chinese the guardian page reads 发热 for the fever alert."""
    page = client_as("parent_a", language="zh-hans").get(reverse("my_child_alerts"))
    assert "发热" in page.content.decode()


def test_outbreak_page_lists_children_and_their_flags(client_as, world, published):
    """Three diarrhoea flags in A1: the outbreak page names the three children, links each flag
    and says to report within 24 hours."""
    from tests.factories import ChildFactory

    children = [world.child_a1, *ChildFactory.create_batch(2, classroom=world.room_a1)]
    for child in children:
        symptom_flag_raise(
            child=child,
            symptom="diarrhoea",
            severity="mild",
            observed_at=timezone.now(),
            raised_by=world.users["nurse"],
        )
    outbreak = Alert.objects.get(kind="outbreak")
    page = client_as("doctor").get(reverse("alert_detail", args=[outbreak.pk])).content.decode()
    assert all(page.count(child.full_name) >= 2 for child in children)
    assert "Report to the district CDC within 24 hours." in page


def test_stall_banner_when_oldest_undelivered_is_over_two_minutes(client_as, fever):
    """A delivery still pending after 3 minutes: the dashboard shows the stall banner and the
    feed reports stalled."""
    import datetime as dt

    AlertDelivery.objects.filter(alert=fever).update(
        created_at=timezone.now() - dt.timedelta(minutes=3)
    )
    nurse = client_as("nurse")
    assert "Alert delivery is stalled." in nurse.get(reverse("medical_dashboard")).content.decode()
    assert nurse.get(reverse("alert_feed")).json()["stalled"] is True


def test_no_stall_banner_for_fresh_pending_delivery(client_as, fever):
    """A delivery pending for seconds is not a stall: no banner."""
    page = client_as("nurse").get(reverse("medical_dashboard")).content.decode()
    assert "Alert delivery is stalled." not in page


def test_director_writing_an_assessment_is_403(client_as, world, fever):
    """The director sees the alert but is not on the medical team: an assessment is refused
    with 403 (not 400) and no assessment is stored."""
    response = client_as("director").post(
        reverse("alert_triage", args=[fever.pk, "assessment"]), {"note": "seen"}
    )
    assert response.status_code == 403
    assert not AlertTriageEntry.objects.filter(alert=fever, kind="assessment").exists()


def test_alert_detail_names_staff_family_name_first(client_as, world, fever):
    """Nurse 王 小明 (last_name 王, first_name 小明) acknowledges: the detail page's state line,
    timeline and deliveries table read "王小明" (person_name), never "小明 王"."""
    from health_records.services.alerts import alert_acknowledge

    nurse = world.users["nurse"]
    nurse.last_name, nurse.first_name = "王", "小明"
    nurse.save()
    alert_acknowledge(alert=fever, by=nurse)
    page = client_as("doctor").get(reverse("alert_detail", args=[fever.pk])).content.decode()
    assert (page.count("王小明"), page.count("小明 王")) == (3, 0)


@pytest.mark.parametrize("form_class", [SymptomFlagForm, VitalsForm])
def test_temperature_with_two_decimals_asks_for_one(form_class):
    """37.35 °C on the symptom and vital-signs forms: "at most one decimal", in Chinese too."""
    with translation.override("zh-hans"):
        errors = [str(e) for e in form_class({"temperature_c": "37.35"}).errors["temperature_c"]]
    assert errors == ["体温最多保留一位小数，例如 36.8。"]
