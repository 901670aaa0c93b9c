"""The access matrix: every ``/api/`` and ``/fhir/`` route and method, generated from the URL
configuration, as each role, against objects that role must not reach.

Each role has a *target child* it must not reach: parent A → child_a2 (parent B's), parent B →
child_a1, nurse_b (another centre) → child_a1, nurse/doctor/director → child_b (centre B).
Their reads and writes of the target's objects are 404, creates for the target child are 404,
and list responses (also filtered ``?child=<target>``) never contain a target id. The caregiver
of room A1 may read child_a2 (same centre) but not write for it: 403 (alerts, which caregivers
do not see, stay 404). A route about the viewer's own centre with no object in its URL (the
thresholds) names the roles that may use it (200); every other role gets 404. Anonymous callers
get 401 everywhere except the token endpoint.

A route without an entry in :data:`MATRIX` fails :func:`test_every_route_has_a_matrix_entry`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from health_records.models import AuthorisedPickup, Child, Guardianship
from health_records.services import care
from health_records.services.attendance import (
    absence_record,
    attendance_check_in,
    authorised_pickup_add,
)
from health_records.services.checks import daily_health_check_record
from health_records.services.growth import growth_measurement_record
from health_records.services.health_check import health_check_record
from health_records.services.injury import injury_incident_record
from health_records.services.medication import (
    medication_administration_record,
    medication_request_create,
)
from health_records.services.symptoms import symptom_flag_raise
from tests.factories import GuardianshipFactory, UserFactory

from .conftest import at_local

WRITE_METHODS = ("post", "put", "patch", "delete")


# --- the routes, from the URL configuration ----------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    methods: tuple[str, ...]


def _walk(patterns: list[Any], prefix: str, namespaces: list[str]) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = [*namespaces, entry.namespace] if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            view = getattr(entry.callback, "cls", None) or getattr(
                entry.callback, "view_class", None
            )
            methods = tuple(m for m in ("get", *WRITE_METHODS) if hasattr(view, m))
            yield Route(":".join([*namespaces, entry.name or "?"]), pattern, methods)


def api_routes() -> list[Route]:
    """Every route under ``api/`` or ``fhir/`` with the HTTP methods its view implements."""
    return [
        route
        for route in _walk(get_resolver().url_patterns, "", [])
        if route.pattern.startswith(("api/", "fhir/"))
    ]


# --- the objects a role must not reach --------------------------------------------------------


@dataclass
class Ctx:
    """The target child and lazily made objects about it (made by the services)."""

    world: Any
    child: Child
    day: dt.date
    today: dt.date
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def staff(self) -> Any:
        """A nurse of the target child's centre."""
        users = self.world.users
        return (
            users["nurse"] if self.child.centre_id == self.world.centre_a.pk else users["nurse_b"]
        )

    @property
    def guardian(self) -> Any:
        link = Guardianship.objects.filter(child=self.child).select_related("user").first()
        if link is None:
            link = GuardianshipFactory(user=UserFactory(username="parent_c"), child=self.child)
        return link.user

    def at(self, hour: int, minute: int = 0) -> dt.datetime:
        return at_local(self.world, self.day, hour, minute)

    def get(self, key: str, make: Callable[[Ctx], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = make(self)
        return self.cache[key]

    def stay(self) -> Any:
        return self.get(
            "stay", lambda c: attendance_check_in(child=c.child, at=c.at(7), recorded_by=c.staff)
        )


def _sick(c: Ctx) -> Any:
    return absence_record(
        child=c.child,
        day=c.day - dt.timedelta(days=3),
        reason="sick",
        sick_symptoms="cough",
        recorded_by=c.staff,
    )


def _infectious(c: Ctx) -> Any:
    """Tomorrow's possibly infectious absence: it blocks no check-in the matrix makes."""
    return absence_record(
        child=c.child,
        day=c.today + dt.timedelta(days=1),
        reason="sick",
        sick_diagnosis="HFMD",
        possibly_infectious=True,
        recorded_by=c.staff,
    )


def _pickup(c: Ctx) -> AuthorisedPickup:
    return authorised_pickup_add(
        child=c.child, name="外婆", relationship="grandmother", added_by=c.staff
    )


def _care(kind: str) -> Callable[[Ctx], Any]:
    def make(c: Ctx) -> Any:
        c.stay()
        user = c.staff
        at = c.at(9 + len(kind) % 5, 10)
        makers: dict[str, Callable[[], Any]] = {
            "meals": lambda: care.meal_record(
                child=c.child,
                meal_type="lunch",
                amount_eaten="most",
                occurred_at=c.at(11),
                recorded_by=user,
            ),
            "bottle-feeds": lambda: care.bottle_feed_record(
                child=c.child,
                occurred_at=at,
                volume_ml=120,
                milk_type="formula",
                recorded_by=user,
            ),
            "water": lambda: care.water_record(
                child=c.child, occurred_at=at, volume_ml=80, recorded_by=user
            ),
            "sleeps": lambda: care.sleep_record(
                child=c.child, start_at=c.at(12, 30), recorded_by=user
            ),
            "toileting": lambda: care.toileting_record(
                child=c.child, occurred_at=at, kind="wet", recorded_by=user
            ),
            "moods": lambda: care.mood_record(
                child=c.child, occurred_at=at, mood="happy", recorded_by=user
            ),
            "vomits": lambda: care.vomit_record(child=c.child, occurred_at=at, recorded_by=user),
            "notes": lambda: care.care_note_add(
                child=c.child, occurred_at=at, note="Played well", recorded_by=user
            ),
        }
        return makers[kind]()

    return make


def _check(c: Ctx) -> Any:
    c.stay()
    return daily_health_check_record(
        child=c.child,
        session="morning",
        checked_at=c.at(8),
        temperature_c="36.6",
        outcome="cleared",
        recorded_by=c.staff,
    )


def _health_check(c: Ctx) -> Any:
    return health_check_record(
        child=c.child,
        examined_on=c.day,
        check_type="periodic",
        conclusion="Well",
        recorded_by=c.staff,
    )


def _injury(c: Ctx) -> Any:
    c.stay()
    return injury_incident_record(
        child=c.child,
        occurred_at=c.at(10),
        place="garden",
        description="fell",
        body_part="knee",
        severity="minor",
        first_aid="cold pack",
        recorded_by=c.staff,
    )


def _med_request(c: Ctx) -> Any:
    return medication_request_create(
        child=c.child,
        requested_by=c.guardian,
        drug_name="布洛芬",
        dose="5 ml",
        times=[dt.time(0, 5)],
        start_date=c.today,
        end_date=c.today,
        confirm=True,
    )


def _med_awaiting(c: Ctx) -> Any:
    return medication_request_create(
        child=c.child,
        requested_by=c.guardian,
        drug_name="对乙酰氨基酚",
        dose="3 ml",
        times=[dt.time(0, 5)],
        start_date=c.today,
        end_date=c.today,
    )


def _today_at(c: Ctx, hour: int, minute: int) -> dt.datetime:
    return at_local(c.world, c.today, hour, minute)


def _med_admin(c: Ctx) -> Any:
    request = c.get("med_request", _med_request)
    # Checked in today: a stay of an earlier day left open does not cover today's dose.
    c.get(
        "stay_today",
        lambda c: attendance_check_in(child=c.child, at=_today_at(c, 0, 1), recorded_by=c.staff),
    )
    return medication_administration_record(
        request=request,
        scheduled_for=_today_at(c, 0, 5),
        given_at=_today_at(c, 0, 6),
        outcome="given",
        recorded_by=c.staff,
    )


def _flag(c: Ctx) -> Any:
    return symptom_flag_raise(
        child=c.child,
        symptom="cough",
        severity="moderate",
        observed_at=c.at(10, 30),
        raised_by=c.staff,
    )


def _alert(c: Ctx) -> Any:
    return c.get("flag", _flag).alert


def _measurement(c: Ctx) -> Any:
    return growth_measurement_record(
        child=c.child,
        measured_on=c.day,
        recorded_by=c.staff,
        weight_kg="9.800",
        length_height_cm="76.0",
        position="recumbent",
    )


def _guardianship(c: Ctx) -> Any:
    c.guardian  # noqa: B018 - makes one for a child without a guardian
    return Guardianship.objects.filter(child=c.child).first()


# --- the matrix --------------------------------------------------------------------------------

Body = Callable[[Ctx, Any], dict[str, Any]]


@dataclass(frozen=True)
class Spec:
    """How to exercise one route: ``make`` the object it addresses (or lists), the request
    ``bodies`` per write method (valid, so that scope is what refuses), and what the caregiver
    of the other room gets (``caregiver_read`` for GET, ``caregiver_write`` for the rest)."""

    make: Callable[[Ctx], Any] | None = None
    kwargs: Callable[[Any], dict[str, Any]] = lambda obj: {"pk": obj.pk}
    bodies: dict[str, Body] = field(default_factory=dict)
    is_list: bool = False
    caregiver_read: int = 200
    caregiver_write: int = 403
    open_to_all: bool = False  # no object: any signed-in user (me, schema, docs)
    own_centre_roles: frozenset[str] = frozenset()
    """A route about the viewer's own centre, with no object in its URL (the thresholds): these
    roles get 200 for every method, every other role 404 (there is no other centre's object to
    reach)."""
    public: bool = False  # the token endpoint


def _iso(when: dt.datetime) -> str:
    return when.isoformat()


def _care_bodies(kind: str) -> dict[str, Body]:
    fields: dict[str, Callable[[Ctx], dict[str, Any]]] = {
        "meals": lambda c: {
            "meal_type": "breakfast",
            "amount_eaten": "all",
            "occurred_at": _iso(c.at(8, 30)),
        },
        "bottle-feeds": lambda c: {
            "occurred_at": _iso(c.at(9)),
            "volume_ml": 90,
            "milk_type": "formula",
        },
        "water": lambda c: {"occurred_at": _iso(c.at(9)), "volume_ml": 60},
        "sleeps": lambda c: {"start_at": _iso(c.at(13)), "end_at": _iso(c.at(14))},
        "toileting": lambda c: {"occurred_at": _iso(c.at(9)), "kind": "wet"},
        "moods": lambda c: {"occurred_at": _iso(c.at(9)), "mood": "calm"},
        "vomits": lambda c: {"occurred_at": _iso(c.at(9))},
        "notes": lambda c: {"occurred_at": _iso(c.at(9)), "note": "Sang"},
    }
    make = fields[kind]
    return {"post": lambda c, obj: {"child": str(c.child.pk), **make(c)}}


def _care_patch(kind: str) -> dict[str, Body]:
    return {"patch": lambda c, obj: {"version": obj.version, "note": "corrected"}}


def _child_key(c: Ctx) -> Child:
    return c.child


MATRIX: dict[str, Spec] = {
    "api:token": Spec(public=True),
    "api:me": Spec(open_to_all=True),
    "api:schema": Spec(open_to_all=True),
    "api:docs": Spec(open_to_all=True),
    "api:child-list": Spec(make=_child_key, is_list=True),
    "api:child-detail": Spec(make=_child_key),
    "api:child-growth-chart": Spec(make=_child_key),
    "api:child-pickups": Spec(
        make=lambda c: c.get("pickup", _pickup),
        kwargs=lambda obj: {"pk": obj.child_id},
        is_list=True,
    ),
    "api:child-return-clearance": Spec(
        make=lambda c: c.get("infectious", _infectious).child,
        bodies={"post": lambda c, obj: {"note": "cleared"}},
    ),
    "api:classroom-list": Spec(make=lambda c: c.child.classroom, is_list=True),
    "api:classroom-detail": Spec(make=lambda c: c.child.classroom),
    "api:classroom-meals": Spec(
        make=lambda c: c.child.classroom,
        bodies={
            "post": lambda c, obj: {
                "meal_type": "morning_snack",
                "occurred_at": _iso(c.at(9, 45)),
                "exceptions": [{"child": str(c.child.pk), "amount_eaten": "half"}],
            }
        },
    ),
    "api:guardianship-list": Spec(make=_guardianship, is_list=True),
    "api:attendance-list": Spec(make=lambda c: c.stay(), is_list=True),
    "api:attendance-detail": Spec(make=lambda c: c.stay()),
    "api:attendance-check-in": Spec(
        bodies={"post": lambda c, obj: {"child": str(c.child.pk), "at": _iso(c.at(7, 5))}},
    ),
    "api:attendance-absence": Spec(
        bodies={
            "post": lambda c, obj: {
                "child": str(c.child.pk),
                "day": str(c.day - dt.timedelta(days=1)),
                "reason": "family",
            }
        },
    ),
    "api:attendance-check-out": Spec(
        make=lambda c: c.stay(),
        bodies={
            "post": lambda c, obj: {
                "at": _iso(c.at(17)),
                "picked_up_by": str(c.get("pickup", _pickup).pk),
                "version": obj.version,
            }
        },
    ),
    "api:attendance-follow-up": Spec(
        make=lambda c: c.get("sick", _sick),
        bodies={"post": lambda c, obj: {"note": "Better", "version": obj.version}},
    ),
    "api:daily-health-check-list": Spec(
        make=lambda c: c.get("check", _check),
        is_list=True,
        bodies={
            "post": lambda c, obj: {
                "child": str(c.child.pk),
                "session": "noon",
                "checked_at": _iso(c.at(12)),
                "temperature_c": "36.7",
                "outcome": "cleared",
            }
        },
    ),
    "api:daily-health-check-detail": Spec(
        make=lambda c: c.get("check", _check),
        bodies={"patch": lambda c, obj: {"version": obj.version, "temperature_c": "36.9"}},
    ),
    "api:care-sleep-end": Spec(
        make=lambda c: c.get("care-sleeps", _care("sleeps")),
        bodies={"post": lambda c, obj: {"end_at": _iso(c.at(14)), "version": obj.version}},
    ),
    "api:care-sleep-at-home": Spec(
        bodies={
            "post": lambda c, obj: {
                "child": str(c.child.pk),
                "start_at": _iso(at_local(c.world, c.day - dt.timedelta(days=1), 21, 30)),
                "end_at": _iso(c.at(6, 15)),
            }
        },
    ),
    "api:centre-thresholds": Spec(
        # Each role's test has a fresh database: the defaults are version 1.
        bodies={"patch": lambda c, obj: {"version": 1, "fever_axillary_c": "37.5"}},
        own_centre_roles=frozenset({"director", "doctor"}),
    ),
    "api:health-check-list": Spec(
        make=lambda c: c.get("hc", _health_check),
        is_list=True,
        bodies={
            "post": lambda c, obj: {
                "child": str(c.child.pk),
                "examined_on": str(c.day),
                "check_type": "follow_up",
                "conclusion": "Fine",
            }
        },
    ),
    "api:health-check-detail": Spec(make=lambda c: c.get("hc", _health_check)),
    "api:health-check-due": Spec(make=_child_key, is_list=True),
    "api:injury-list": Spec(
        make=lambda c: c.get("injury", _injury),
        is_list=True,
        bodies={
            "post": lambda c, obj: {
                "child": str(c.child.pk),
                "occurred_at": _iso(c.at(11)),
                "place": "hall",
                "description": "bumped",
                "body_part": "head",
                "severity": "minor",
                "first_aid": "checked",
            }
        },
    ),
    "api:injury-detail": Spec(
        make=lambda c: c.get("injury", _injury),
        bodies={"patch": lambda c, obj: {"version": obj.version, "follow_up": "fine"}},
    ),
    "api:injury-follow-up": Spec(
        make=lambda c: c.get("injury", _injury),
        bodies={"patch": lambda c, obj: {"version": obj.version, "follow_up": "iced, fine"}},
    ),
    "api:medication-request-list": Spec(
        make=lambda c: c.get("med_request", _med_request),
        is_list=True,
        bodies={
            "post": lambda c, obj: {
                "child": str(c.child.pk),
                "drug_name": "维生素D",
                "dose": "1 drop",
                "times": ["09:00"],
                "start_date": str(c.today),
                "end_date": str(c.today),
            }
        },
    ),
    "api:medication-request-detail": Spec(make=lambda c: c.get("med_request", _med_request)),
    "api:medication-request-confirm": Spec(
        make=lambda c: c.get("med_awaiting", _med_awaiting),
        bodies={"post": lambda c, obj: {"version": obj.version}},
    ),
    "api:medication-administration-list": Spec(
        make=lambda c: c.get("med_admin", _med_admin),
        is_list=True,
        bodies={
            "post": lambda c, obj: {
                "request": str(obj.request_id),
                "scheduled_for": _iso(_today_at(c, 0, 5)),
                "given_at": _iso(_today_at(c, 0, 7)),
                "outcome": "given",
            }
        },
    ),
    "api:medication-administration-detail": Spec(make=lambda c: c.get("med_admin", _med_admin)),
    "api:symptom-flag-list": Spec(
        make=lambda c: c.get("flag", _flag),
        is_list=True,
        bodies={
            "post": lambda c, obj: {
                "child": str(c.child.pk),
                "symptom": "rash",
                "severity": "mild",
                "observed_at": _iso(c.at(10)),
            }
        },
    ),
    "api:symptom-flag-detail": Spec(make=lambda c: c.get("flag", _flag)),
    "api:alert-list": Spec(make=_alert, is_list=True, caregiver_read=200),
    "api:alert-detail": Spec(make=_alert, caregiver_read=404),
    "api:alert-timeline": Spec(make=_alert, caregiver_read=404),
    "api:alert-acknowledge": Spec(
        make=_alert, bodies={"post": lambda c, obj: {}}, caregiver_write=404
    ),
    "api:alert-triage": Spec(
        make=_alert,
        bodies={"post": lambda c, obj: {"kind": "assessment", "note": "seen"}},
        caregiver_write=404,
    ),
    "api:alert-resolve": Spec(
        make=_alert, bodies={"post": lambda c, obj: {"note": "ok"}}, caregiver_write=404
    ),
    "api:growth-measurement-list": Spec(
        make=lambda c: c.get("measurement", _measurement),
        is_list=True,
        bodies={
            "post": lambda c, obj: {
                "child": str(c.child.pk),
                "measured_on": str(c.day - dt.timedelta(days=1)),
                "weight_kg": "9.700",
            }
        },
    ),
    "api:growth-measurement-detail": Spec(
        make=lambda c: c.get("measurement", _measurement),
        bodies={"patch": lambda c, obj: {"version": obj.version, "note": "re-weighed"}},
    ),
    "fhir_patient_everything": Spec(make=_child_key),
}
for _kind in ("meals", "bottle-feeds", "water", "sleeps", "toileting", "moods", "vomits", "notes"):
    MATRIX[f"api:care-{_kind}-list"] = Spec(
        make=lambda c, k=_kind: c.get(f"care-{k}", _care(k)),
        is_list=True,
        bodies=_care_bodies(_kind),
    )
    MATRIX[f"api:care-{_kind}-detail"] = Spec(
        make=lambda c, k=_kind: c.get(f"care-{k}", _care(k)), bodies=_care_patch(_kind)
    )


# --- the tests ---------------------------------------------------------------------------------


def test_every_route_has_a_matrix_entry():
    """Every /api/ and /fhir/ route is in MATRIX, and every write method has a body there."""
    missing = [r.name for r in api_routes() if r.name not in MATRIX]
    no_body = [
        (r.name, m)
        for r in api_routes()
        if r.name in MATRIX and not MATRIX[r.name].public
        for m in r.methods
        if m in WRITE_METHODS and m not in MATRIX[r.name].bodies
    ]
    assert (missing, no_body) == ([], [])


def test_matrix_has_no_stale_entries():
    """Every MATRIX entry names a route that exists."""
    names = {r.name for r in api_routes()}
    assert sorted(set(MATRIX) - names) == []


TARGETS = {
    "parent_a": "child_a2",
    "parent_b": "child_a1",
    "caregiver": "child_a2",
    "nurse_b": "child_a1",
    "nurse": "child_b",
    "doctor": "child_b",
    "director": "child_b",
}


def _url(route: Route, spec: Spec, obj: Any) -> str:
    kwargs = spec.kwargs(obj) if "<" in route.pattern else {}
    return reverse(route.name, kwargs=kwargs)


def _expected(role: str, spec: Spec, method: str) -> set[int]:
    if spec.own_centre_roles:
        return {200} if role in spec.own_centre_roles else {404}
    if role == "caregiver":
        return {spec.caregiver_read} if method == "get" else {spec.caregiver_write}
    if spec.is_list and method == "get":
        return {200, 404}  # a staff-only list is a 404 for a guardian
    return {404}


def _foreign_ids(ctx: Ctx, obj: Any) -> list[str]:
    ids = {str(ctx.child.pk)}
    if obj is not None:
        ids.add(str(obj.pk))
    return sorted(ids)


@pytest.fixture
def ctx_for(world):
    def make(role: str) -> Ctx:
        day = timezone.localdate(timezone=world.centre_a.tz) - dt.timedelta(days=1)
        return Ctx(world, getattr(world, TARGETS[role]), day, day + dt.timedelta(days=1))

    return make


@pytest.mark.parametrize("role", sorted(TARGETS))
def test_role_cannot_reach_the_target_childs_objects(world, ctx_for, role):
    """Each route and method, as ``role``, on its target child's objects: the expected status;
    lists (and ``?child=`` searches) never show a target id unless the role may read it."""
    if timezone.localtime(timezone.now(), world.centre_a.tz).time() < dt.time(0, 10):
        pytest.skip("medication doses at 00:05 today are still in the future")
    ctx = ctx_for(role)
    client = APIClient()
    client.force_login(world.users[role])
    mismatches = []
    for route in api_routes():
        spec = MATRIX[route.name]
        if spec.public or spec.open_to_all:
            continue
        obj = spec.make(ctx) if spec.make else None
        url = _url(route, spec, obj)
        for method in route.methods:
            body = spec.bodies[method](ctx, obj) if method in spec.bodies else None
            response = getattr(client, method)(url, body, format="json")
            expected = _expected(role, spec, method)
            if response.status_code not in expected:
                mismatches.append((route.name, method, response.status_code, sorted(expected)))
            readable = role == "caregiver" and spec.caregiver_read == 200
            if spec.is_list and method == "get" and not readable:
                for search in (url, f"{url}?child={ctx.child.pk}"):
                    text = client.get(search).content.decode()
                    leaked = [i for i in _foreign_ids(ctx, obj) if i in text]
                    if leaked:
                        mismatches.append((route.name, "leak", search, leaked))
    assert mismatches == []


def test_anonymous_is_refused_everywhere_but_the_token(world, ctx_for):
    """No credentials: 401 (or 403) on every route and method except POST auth/token."""
    ctx = ctx_for("parent_b")
    client = APIClient()
    mismatches = []
    for route in api_routes():
        spec = MATRIX[route.name]
        obj = spec.make(ctx) if spec.make else None
        url = _url(route, spec, obj)
        for method in route.methods:
            response = getattr(client, method)(url, {}, format="json")
            ok = response.status_code == 400 if spec.public else response.status_code in (401, 403)
            if not ok:
                mismatches.append((route.name, method, response.status_code))
    assert mismatches == []


@pytest.mark.parametrize("role", sorted(TARGETS))
def test_open_routes_answer_every_signed_in_role(world, role):
    """me, schema and docs: 200 for every signed-in role."""
    client = APIClient()
    client.force_login(world.users[role])
    statuses = {
        route.name: client.get(reverse(route.name)).status_code
        for route in api_routes()
        if MATRIX[route.name].open_to_all
    }
    assert set(statuses.values()) == {200}
