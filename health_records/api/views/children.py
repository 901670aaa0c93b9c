"""Children, classrooms, guardianships, the caller, and the token endpoint."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from health_records.api.exceptions import LockedOut
from health_records.api.filters import ChildFilter, GuardianshipFilter
from health_records.api.permissions import IsStaffMember
from health_records.api.serializers.children import (
    ChildOut,
    ClassroomOut,
    ClearanceIn,
    GuardianshipOut,
    MeOut,
    PickupOut,
    TokenIn,
    TokenOut,
)
from health_records.api.serializers.records import AttendanceOut
from health_records.api.views.base import ApiView
from health_records.exceptions import DomainError
from health_records.models import Child, Classroom, Guardianship
from health_records.selectors.access import children_visible_to
from health_records.selectors.care import child_get, pickups_for
from health_records.selectors.centre import classroom_get, classrooms_for_viewer
from health_records.selectors.records import guardianships_visible_to
from health_records.services.api_tokens import api_token_issue
from health_records.services.attendance import return_clearance_record


class ChildList(ApiView):
    """Children the caller may read (staff: their centre; guardians: their own). Logged."""

    is_list = True
    model = Child
    what = "api_child_list"
    output_serializer_class = ChildOut
    filterset_class = ChildFilter

    def get_queryset(self) -> QuerySet[Child]:
        if getattr(self, "swagger_fake_view", False):
            return Child.objects.none()
        return children_visible_to(self.viewer).order_by("family_name", "given_name", "pk")

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        self.log_reads(rows)
        return self.get_paginated_response(ChildOut(rows, many=True).data)


class ChildDetail(ApiView):
    """One child the caller may read (404 otherwise). Logged."""

    what = "api_child_detail"
    output_serializer_class = ChildOut

    def get(self, request: Request, pk: Any) -> Response:
        child = child_get(self.viewer, pk)
        self.log_reads([child])
        return self.render(child)


class ChildPickups(ApiView):
    """The child's active authorised pick-up people (for check-out); not paginated."""

    is_list = True
    pagination_class = None
    queryset = Child.objects.none()  # for the schema: ``pk`` is a child's id
    output_serializer_class = PickupOut

    def get(self, request: Request, pk: Any) -> Response:
        child = child_get(self.viewer, pk)
        return Response(PickupOut(pickups_for(child), many=True).data)


class ReturnClearance(ApiView):
    """The centre doctor clears the child's return after a possibly infectious illness: every
    uncleared possibly infectious sickness absence is marked cleared (``nothing_to_clear`` if
    none). Returns the attendance rows cleared."""

    queryset = Child.objects.none()  # for the schema: ``pk`` is a child's id
    output_many = True
    input_serializer_class = ClearanceIn
    output_serializer_class = AttendanceOut

    def post(self, request: Request, pk: Any) -> Response:
        data = self.parse(ClearanceIn)
        cleared = return_clearance_record(
            child=child_get(self.viewer, pk), cleared_by=self.user, note=data["note"]
        )
        return Response(AttendanceOut(cleared, many=True).data)


class ClassroomList(ApiView):
    """Staff: the classrooms they work in (a caregiver's own rooms, else the centre's)."""

    is_list = True
    model = Classroom
    permission_classes = [IsStaffMember]
    output_serializer_class = ClassroomOut

    def get_queryset(self) -> QuerySet[Classroom]:
        if getattr(self, "swagger_fake_view", False):
            return Classroom.objects.none()
        return classrooms_for_viewer(self.viewer).order_by("name", "pk")

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = list(self.paginate_queryset(self.get_queryset()) or [])
        return self.get_paginated_response(ClassroomOut(rows, many=True).data)


class ClassroomDetail(ApiView):
    """One classroom of the caller's centre (staff only; 404 otherwise)."""

    permission_classes = [IsStaffMember]
    output_serializer_class = ClassroomOut

    def get(self, request: Request, pk: Any) -> Response:
        return self.render(classroom_get(self.viewer, pk))


class GuardianshipList(ApiView):
    """Guardians: their own guardianships; staff: those of their centre's children."""

    is_list = True
    model = Guardianship
    output_serializer_class = GuardianshipOut
    filterset_class = GuardianshipFilter

    def get_queryset(self) -> QuerySet[Guardianship]:
        if getattr(self, "swagger_fake_view", False):
            return Guardianship.objects.none()
        return guardianships_visible_to(self.viewer)

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        return self.get_paginated_response(GuardianshipOut(rows, many=True).data)


class Me(ApiView):
    """The caller's user name, role and centre (a minimal authenticated endpoint)."""

    output_serializer_class = MeOut

    def get(self, request: Request) -> Response:
        viewer = self.viewer
        centre = viewer.membership.centre_id if viewer.membership else None
        return self.render(
            {"username": viewer.user.get_username(), "role": viewer.role, "centre": centre}
        )


class TokenThrottle(AnonRateThrottle):
    rate = "30/min"


class ObtainToken(ApiView):
    """Exchange a user name and password for an API token (django-axes lockout applies).

    Five failures for one user name from one address lock that pair out for 15 minutes
    (429 ``locked_out``); wrong credentials are a 400 ``invalid_credentials``.
    """

    permission_classes = [AllowAny]
    authentication_classes: list[type[Any]] = []
    throttle_classes = [TokenThrottle]
    creates = False
    input_serializer_class = TokenIn
    output_serializer_class = TokenOut

    def post(self, request: Request) -> Response:
        data = self.parse(TokenIn)
        django_request = request._request
        user = authenticate(
            request=django_request, username=data["username"], password=data["password"]
        )
        if getattr(django_request, "axes_locked_out", False):
            # Answer in the API's error shape rather than axes' HTML lockout page; the lockout
            # itself stays in force (axes refuses every attempt until the cool-off ends).
            django_request.axes_locked_out = False  # type: ignore[attr-defined]
            raise LockedOut
        if user is None or not user.is_active:
            raise DomainError("invalid_credentials", _("The user name or password is not correct."))
        return self.render({"token": api_token_issue(user=user)}, status_code=status.HTTP_200_OK)
