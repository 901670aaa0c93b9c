"""Classroom screen benchmark (issue 5): ``python benchmarks/bench_classroom.py``.

Standalone: migrates a temporary SQLite database, builds one infant classroom of 20 children
with a full day of records each (check-in, morning check, four meals, water, three bottle
feeds, a nap, four nappies, mood: about 20 records a child, 400 in all), signs in the room's
caregiver, and then, in one run and through the same middleware stack (Django test client):

1. a minimal Django view (``HttpResponse("ok")``, no database): the baseline;
2. the classroom screen (``classroom_roster``): today's roster with status, checks, meals,
   sleep and totals, plus one access-log row per child;
3. a parent's daily report of one child (timeline + summary).

Reports p50 and p99 in milliseconds, each page's ratio to the baseline, and the number of SQL
queries per page. Options: ``--n`` requests per page (default 300), ``--warmup`` (default 20).
Run by ``make bench``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_DB = Path(tempfile.mkdtemp(prefix="bench-classroom-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{_DB}"
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcare.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from health_records.demo.care import _child_day, _Day  # noqa: E402
from health_records.models import AuthorisedPickup, Child, Classroom, ClassType, Sex  # noqa: E402
from health_records.services.centre import (  # noqa: E402
    centre_create,
    child_enrol,
    classroom_create,
    guardianship_add,
    staff_membership_add,
)

CHILDREN = 20


def minimal(request: HttpRequest) -> HttpResponse:
    """The baseline: the smallest Django view (no database, no template)."""
    return HttpResponse("ok")


urlpatterns = [path("bench-minimal/", minimal), path("", include("medcare.urls"))]


def build() -> tuple[Classroom, Child, User, User]:
    """One centre, one infant room of 20 children with a full day of records today."""
    call_command("migrate", verbosity=0)
    rng = random.Random(5)  # noqa: S311 - synthetic data
    today = timezone.localdate()
    centre = centre_create(name="Bench centre", operator="Bench MCH", capacity=60)
    room = classroom_create(
        centre=centre, name="Bench room", class_type=ClassType.INFANT, capacity=CHILDREN
    )
    caregiver = User.objects.create_user("bench-caregiver", password="x")  # noqa: S106
    parent = User.objects.create_user("bench-parent", password="x")  # noqa: S106
    staff_membership_add(user=caregiver, centre=centre, role="caregiver", classrooms=[room])
    out = _Day()
    children = []
    for index in range(CHILDREN):
        child = child_enrol(
            centre=centre,
            classroom=room,
            family_name="王",
            given_name=f"宝{index}",
            sex=Sex.MALE if index % 2 else Sex.FEMALE,
            birth_date=today - dt.timedelta(days=200 + 5 * index),
            enrolled_on=today - dt.timedelta(days=10),
            care_plan="full_day",
        )
        pickup = AuthorisedPickup.objects.create(child=child, name="王妈妈", relationship="母亲")
        _child_day(out, centre, child, today, caregiver, [pickup], rng, last=None)
        children.append(child)
    out.save()
    guardianship_add(user=parent, child=children[0], relationship="mother")
    return room, children[0], caregiver, parent


def measure(client: Client, url: str, n: int, warmup: int) -> tuple[list[float], int]:
    """Per-request wall times (ms) over ``n`` GETs after ``warmup``; queries of one request."""
    for _ in range(warmup):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # now: the next request resets the connection's query log
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times, queries


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False, ALLOWED_HOSTS=["*"]):
        room, child, caregiver, parent = build()
        staff, family, anonymous = Client(), Client(), Client()
        staff.force_login(caregiver)
        family.force_login(parent)
        pages = [
            ("minimal view (baseline)", anonymous, "/bench-minimal/"),
            ("classroom screen, 20 children", staff, reverse("classroom_roster", args=[room.pk])),
            ("daily report, one child", family, reverse("daily_report", args=[child.pk])),
        ]
        results = [
            (name, *measure(client, url, args.n, args.warmup)) for name, client, url in pages
        ]
        debug = settings.DEBUG
    base50, base99 = pct(results[0][1], 50), pct(results[0][1], 99)
    print(
        f"classroom benchmark: {args.n} requests each, SQLite, DEBUG={debug}, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"{'page':<32}{'p50 ms':>9}{'p99 ms':>9}{'×p50':>8}{'×p99':>8}{'queries':>9}")
    for name, times, queries in results:
        p50, p99 = pct(times, 50), pct(times, 99)
        print(
            f"{name:<32}{p50:>9.2f}{p99:>9.2f}{p50 / base50:>8.1f}{p99 / base99:>8.1f}{queries:>9}"
        )
    print(f"(mean of the classroom screen: {statistics.mean(results[1][1]):.2f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
