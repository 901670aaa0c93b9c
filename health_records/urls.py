"""URLs of the health_records pages. Objects are addressed by UUID, never sequential ids."""

from django.urls import path

from .views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("classrooms/", pages.my_classrooms, name="my_classrooms"),
    path("classrooms/<uuid:classroom_id>/", pages.classroom_roster_view, name="classroom_roster"),
    path("medical/", pages.medical_dashboard, name="medical_dashboard"),
    path("centre/", pages.centre_overview_view, name="centre_overview"),
    path("my-children/", pages.my_children_view, name="my_children"),
    path("children/<uuid:child_id>/", pages.child_detail, name="child_detail"),
]
