"""Page-number pagination: ``?page=N&page_size=M`` (default 50, at most 200)."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; a page past the end is a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
