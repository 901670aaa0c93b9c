"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from health_records.api import handlers
from health_records.api.fhir_views import PatientEverything

# Unmatched URLs under /api/ and /fhir/ answer in the API's JSON error shape.
handler404 = handlers.page_not_found
handler500 = handlers.server_error

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # REST API and FHIR export (issue 7).
    path("api/v1/", include("health_records.api.urls")),
    path(
        "fhir/Patient/<uuid:pk>/$everything",
        PatientEverything.as_view(),
        name="fhir_patient_everything",
    ),
    path("", include("health_records.urls_audit")),
    path("", include("health_records.urls")),
]
