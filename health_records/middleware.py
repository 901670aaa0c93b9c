"""Request ids: every request gets one, echoed in ``X-Request-ID`` and the access log; and each
request's memo (:mod:`health_records.request_memo`)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from .request_memo import request_memo

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Sets ``request.request_id`` from a well-formed incoming ``X-Request-ID`` or a new UUID4,
    and opens the request's memo for the rest of the stack."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        with request_memo():
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class NoStoreForSignedInMiddleware:
    """Marks every response to a signed-in user ``Cache-Control: no-store, private``.

    Pages and API responses carry children's health data; a shared computer's browser cache or a
    proxy must not keep them after logout.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
