"""Login lockout (django-axes) and security headers on every page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def _fail(client: Client, username: str) -> int:
    return client.post(reverse("login"), {"username": username, "password": "wrong"}).status_code


def test_fifth_failure_locks_the_account_on_that_address(world):
    """Four wrong passwords give the login form again; the fifth locks out with a 429 page,
    and then even the right password is refused."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert [_fail(client, "nurse") for _ in range(4)] == [200, 200, 200, 200]
    assert _fail(client, "nurse") == 429
    response = client.post(
        reverse("login"), {"username": "nurse", "password": "correct-horse-battery-9"}
    )
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


def test_lockout_message_in_chinese(world):
    """The lockout page follows the user's language."""
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    for _ in range(4):
        _fail(client, "doctor")
    response = client.post(reverse("login"), {"username": "doctor", "password": "wrong"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_other_account_on_same_address_is_not_locked(world):
    """Locking nurse out does not lock doctor out from the same address (shared centre NAT)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(5):
        _fail(client, "nurse")
    response = client.post(
        reverse("login"), {"username": "doctor", "password": "correct-horse-battery-9"}
    )
    assert response.status_code == 302


def test_pages_carry_csp_without_unsafe_inline(world):
    """The login page has a Content-Security-Policy limited to self, with no 'unsafe-inline'."""
    csp = Client().get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_pages_forbid_framing_and_sniffing(world):
    """Clickjacking and MIME-sniffing protections are on every page."""
    response = Client().get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
