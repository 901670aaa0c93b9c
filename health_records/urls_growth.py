"""URLs of the growth pages (issue 4). Objects are addressed by UUID."""

from django.urls import path

from .views import growth

urlpatterns = [
    path("children/<uuid:child_id>/growth/", growth.growth_chart, name="growth_chart"),
    path(
        "children/<uuid:child_id>/growth/data/",
        growth.growth_chart_data,
        name="growth_chart_data",
    ),
    path("children/<uuid:child_id>/growth/report/", growth.growth_report, name="growth_report"),
    path(
        "children/<uuid:child_id>/growth/new/",
        growth.growth_measurement_new,
        name="growth_measurement_new",
    ),
    path(
        "growth/measurements/<uuid:measurement_id>/edit/",
        growth.growth_measurement_edit,
        name="growth_measurement_edit",
    ),
    path("growth/measuring-day/", growth.growth_measuring_day, name="growth_measuring_day"),
    path(
        "growth/measuring-day/<uuid:classroom_id>/",
        growth.growth_classroom_batch,
        name="growth_classroom_batch",
    ),
]
