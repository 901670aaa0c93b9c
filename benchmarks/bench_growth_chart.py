"""Growth chart benchmark (issue 4): ``python benchmarks/bench_growth_chart.py``.

Standalone: migrates a temporary SQLite database, builds one child of 5 years with 60
measurements recorded through the service (weight, length/height, head circumference, monthly
from two weeks of age, on a plausible WHO track), signs in the child's parent, and then, in one
run and through the same middleware stack (Django test client, signed in):

1. a minimal Django view (``HttpResponse("ok")``, no database): the baseline, requested by the
   same signed-in client (it never touches the session, so it makes no query);
1b. a minimal signed-in view (``login_required``, returns the user name: session and user
   queries): the floor of any page that shows a child's data;
2. the chart data endpoint: weight-for-age, WHO z-score lines, 0–5 years (JSON; scoped child,
   access-log row, 60 points, reference curves; the encoded answer is cached under the child's
   ``growth_revision``, so repeated views skip the measurement query and the encoding);
3. the chart data endpoint: length/height-for-age, WS/T 423—2022 percentiles;
3b. the chart data endpoint with the cache cleared before every request (the first view after a
   measurement: measurement query + encoding);
4. the growth chart page (HTML: latest result in plain words, table of 60 measurements).

Reports p50 and p99 in milliseconds, each page's ratio to the baseline, and the SQL queries per
page. Target (issue 4): chart data under 3× the minimal view. Options: ``--n`` requests per page
(default 300), ``--warmup`` (default 20). Run by ``make bench``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_DB = Path(tempfile.mkdtemp(prefix="bench-growth-chart-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{_DB}"
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcare.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from health_records.demo.consent import seed_consent  # noqa: E402
from health_records.growth import Indicator, Sex  # noqa: E402
from health_records.growth.curves import who_value_at  # noqa: E402
from health_records.models import Child, ClassType  # noqa: E402
from health_records.services.centre import (  # noqa: E402
    centre_create,
    child_enrol,
    classroom_create,
    guardianship_add,
    staff_membership_add,
)
from health_records.services.growth import growth_measurement_record  # noqa: E402

MEASUREMENTS = 60


def minimal(request: HttpRequest) -> HttpResponse:
    """The baseline: the smallest Django view (no database, no template)."""
    return HttpResponse("ok")


@login_required
def minimal_signed_in(request: HttpRequest) -> HttpResponse:
    """A second floor: the smallest view that needs the signed-in user (session + user)."""
    return HttpResponse(request.user.get_username())


urlpatterns = [
    path("bench-minimal/", minimal),
    path("bench-minimal-signed-in/", minimal_signed_in),
    path("", include("medcare.urls")),
]


def build() -> tuple[Child, User]:
    """One centre, one child of 5 years with 60 monthly measurements, its parent and a nurse."""
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    centre = centre_create(name="Bench centre", operator="Bench MCH", capacity=60)
    room = classroom_create(
        centre=centre, name="Bench room", class_type=ClassType.MIXED, capacity=20
    )
    nurse = User.objects.create_user("bench-nurse", password="x")  # noqa: S106
    parent = User.objects.create_user("bench-parent", password="x")  # noqa: S106
    staff_membership_add(user=nurse, centre=centre, role="nurse")
    birth = today - dt.timedelta(days=1830)
    child = child_enrol(
        centre=centre,
        classroom=room,
        family_name="王",
        given_name="测",
        sex="female",
        birth_date=birth,
        enrolled_on=birth + dt.timedelta(days=180),
        care_plan="full_day",
    )
    guardianship_add(user=parent, child=child, relationship="mother")
    seed_consent(centre, today)  # growth records need the guardian's consent (PIPL)
    for index in range(MEASUREMENTS):
        age = 14 + 30 * index
        z = 0.3 + 0.1 * ((index % 5) - 2)
        length = who_value_at(Indicator.LHFA, Sex.FEMALE, float(age), z)
        standing = age >= 731
        growth_measurement_record(
            child=child,
            measured_on=birth + dt.timedelta(days=age),
            recorded_by=nurse,
            weight_kg=Decimal(f"{who_value_at(Indicator.WFA, Sex.FEMALE, float(age), z):.2f}"),
            length_height_cm=Decimal(f"{length - (0.7 if standing else 0):.1f}"),
            position="standing" if standing else "recumbent",
            head_circumference_cm=Decimal(
                f"{who_value_at(Indicator.HCFA, Sex.FEMALE, float(age), z):.1f}"
            ),
        )
    return child, parent


def measure(
    client: Client, url: str, n: int, warmup: int, cold: bool = False
) -> tuple[list[float], int]:
    """Per-request wall times (ms) over ``n`` GETs after ``warmup``; queries of one request.
    ``cold``: the cache is cleared before each request (outside the timing)."""
    for _ in range(warmup):
        assert client.get(url).status_code == 200
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)
    times = []
    for _ in range(n):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times, queries


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False, ALLOWED_HOSTS=["*"]):
        child, parent = build()
        family = Client()
        family.force_login(parent)
        data = reverse("growth_chart_data", args=[child.pk])
        pages = [
            ("minimal view (baseline)", "/bench-minimal/", False),
            ("minimal signed-in view", "/bench-minimal-signed-in/", False),
            ("chart data, wfa WHO SD 0-5 y", f"{data}?indicator=wfa&range=60", False),
            (
                "chart data, lhfa China pct",
                f"{data}?indicator=lhfa&standard=ws_t_423_2022&kind=percentile&range=60",
                False,
            ),
            ("chart data, wfa, cache cold", f"{data}?indicator=wfa&range=60", True),
            ("chart page (HTML)", reverse("growth_chart", args=[child.pk]), False),
        ]
        results = [
            (name, *measure(family, url, args.n, args.warmup, cold)) for name, url, cold in pages
        ]
    base50, base99 = pct(results[0][1], 50), pct(results[0][1], 99)
    print(
        f"growth chart benchmark: child with {MEASUREMENTS} measurements, {args.n} requests "
        f"each, SQLite, DEBUG={settings.DEBUG}"
    )
    print(f"{'page':<32}{'p50 ms':>9}{'p99 ms':>9}{'×p50':>8}{'×p99':>8}{'queries':>9}")
    for name, times, queries in results:
        p50, p99 = pct(times, 50), pct(times, 99)
        print(
            f"{name:<32}{p50:>9.2f}{p99:>9.2f}{p50 / base50:>8.1f}{p99 / base99:>8.1f}{queries:>9}"
        )
    ratio = pct(results[2][1], 50) / base50
    signed_in = pct(results[2][1], 50) / pct(results[1][1], 50)
    cold = pct(results[4][1], 50) / base50
    verdict = "met" if ratio < 3 else "NOT met"
    print(f"target chart data p50 < 3× minimal view: {verdict} ({ratio:.1f}×)")
    print(
        f"chart data p50 with the cache cleared before every request (first view after a "
        f"measurement): {cold:.1f}× the minimal view"
    )
    print(f"chart data p50 against the minimal signed-in view: {signed_in:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
