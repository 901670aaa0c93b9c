"""API tokens for apps (DRF ``authtoken``): one token per user."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def api_token_issue(*, user: AbstractBaseUser) -> str:
    """The user's API token, created on first use (one ``Token`` row per user).

    The caller has already authenticated ``user``. Returns the token key (40 hex characters).
    """
    token, _created = Token.objects.get_or_create(user=user)
    return str(token.key)
