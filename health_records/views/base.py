"""Shared view plumbing: the signed-in viewer, 404 for anything out of reach, 403 for a write
the viewer may not make."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from health_records.exceptions import PermissionDeniedError
from health_records.selectors.access import Viewer, viewer_for
from health_records.selectors.centre import NotStaff

P = ParamSpec("P")


def with_viewer(
    view: Callable[Concatenate[HttpRequest, Viewer, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Require login, pass the :class:`Viewer`, and turn "not yours" into 404.

    ``ObjectDoesNotExist`` from a scoped selector and :class:`NotStaff` both become
    :class:`~django.http.Http404`, so a foreign object and a missing one look the same. A
    :class:`PermissionDeniedError` that escapes the view (a form the viewer may see the child of
    but not write, refused already on GET) becomes the 403 page with its message, the same page
    the refused save shows.
    """

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        viewer = viewer_for(request.user)
        assert viewer is not None  # login_required
        request.viewer = viewer  # type: ignore[attr-defined]
        if viewer.membership is not None:
            # Times on staff pages read in the centre's own time zone.
            timezone.activate(viewer.membership.centre.tz)
        try:
            return view(request, viewer, *args, **kwargs)
        except (ObjectDoesNotExist, NotStaff) as exc:
            raise Http404 from exc
        except PermissionDeniedError as exc:
            return render(
                request, "health_records/care_refused.html", {"message": str(exc)}, status=403
            )

    return cast(Callable[Concatenate[HttpRequest, P], HttpResponse], wrapper)


def centre_today(viewer: Viewer) -> dt.date:
    """Today's date in the viewer's centre time zone (guardians: the server's time zone)."""
    if viewer.membership is not None:
        return timezone.localdate(timezone=viewer.membership.centre.tz)
    return timezone.localdate()
