"""Channels against a real HTTP server on 127.0.0.1: payload formats, signing, error kinds."""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse

import pytest

from health_records.channels import (
    OutboundMessage,
    PermanentChannelError,
    Target,
    TransientChannelError,
    dingtalk,
    webhook,
    wecom,
)


def _message() -> OutboundMessage:
    return OutboundMessage(
        delivery_id="d-1",
        alert_id="a-1",
        title="[Urgent] Fever · 王* · A1",
        lines=("Raised at 2026-11-29 10:00",),
        url="http://medcare.example/alerts/a-1/",
        severity="urgent",
        kind="symptom",
        level=0,
        language="en",
    )


def test_wecom_posts_markdown(http_server):
    """WeCom gets {"msgtype": "markdown", "markdown": {"content": …}} with title, line and link."""
    wecom.send(_message(), Target(url=f"{http_server.url}/cgi-bin/webhook/send?key=k"))
    (request,) = http_server.requests
    body = request.json
    assert body["msgtype"] == "markdown"
    assert "[Urgent] Fever · 王* · A1" in body["markdown"]["content"]
    assert "http://medcare.example/alerts/a-1/" in body["markdown"]["content"]
    assert request.path == "/cgi-bin/webhook/send?key=k"


def test_wecom_rate_limit_is_transient(http_server):
    """errcode 45009 (frequency limit) is a transient failure."""
    http_server.answer = {"errcode": 45009, "errmsg": "api freq out of limit"}
    with pytest.raises(TransientChannelError):
        wecom.send(_message(), Target(url=http_server.url))


def test_wecom_invalid_key_is_permanent(http_server):
    """errcode 93000 (invalid webhook key) is permanent."""
    http_server.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    with pytest.raises(PermanentChannelError):
        wecom.send(_message(), Target(url=http_server.url))


def test_dingtalk_signature_matches_hand_computation():
    """sign = quote_plus(base64(HMAC-SHA256(secret, ts + newline + secret))), by hand."""
    secret, ts = "SECabc123", 1700000000000
    digest = hmac.new(b"SECabc123", b"1700000000000\nSECabc123", hashlib.sha256).digest()
    assert dingtalk.sign(secret, ts) == urllib.parse.quote_plus(base64.b64encode(digest))


def test_dingtalk_posts_signed_markdown(http_server):
    """The request carries access_token, timestamp and a valid sign; body is markdown."""
    target = Target(url=f"{http_server.url}/robot/send?access_token=tok", secret="SECxyz")
    dingtalk.send(_message(), target)
    (request,) = http_server.requests
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.path).query)
    ts = query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(b"SECxyz", f"{ts}\nSECxyz".encode(), hashlib.sha256).digest()
    ).decode()
    assert (query["access_token"], query["sign"]) == (["tok"], [expected])
    assert request.json["msgtype"] == "markdown"
    assert request.json["markdown"]["title"] == "[Urgent] Fever · 王* · A1"


def test_dingtalk_too_fast_is_transient(http_server):
    """errcode 130101 (sending too fast) is transient."""
    http_server.answer = {"errcode": 130101, "errmsg": "send too fast"}
    with pytest.raises(TransientChannelError):
        dingtalk.send(_message(), Target(url=http_server.url))


def test_webhook_body_and_signature(http_server):
    """The generic webhook sends the delivery id and an HMAC of the exact body."""
    webhook.send(_message(), Target(url=f"{http_server.url}/hook", secret="k"))
    (request,) = http_server.requests
    expected = "sha256=" + hmac.new(b"k", request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Medcare-Signature"] == expected
    assert request.headers["X-Medcare-Delivery"] == "d-1"
    assert request.json["delivery_id"] == "d-1"


def test_webhook_server_error_is_transient(http_server):
    """HTTP 503 → transient."""
    http_server.status = 503
    with pytest.raises(TransientChannelError):
        webhook.send(_message(), Target(url=http_server.url))


def test_webhook_not_found_is_permanent(http_server):
    """HTTP 404 → permanent."""
    http_server.status = 404
    with pytest.raises(PermanentChannelError):
        webhook.send(_message(), Target(url=http_server.url))


def test_connection_refused_is_transient():
    """Nobody listening → transient (port 9 on loopback: discard, normally closed)."""
    with pytest.raises(TransientChannelError):
        webhook.send(_message(), Target(url="http://127.0.0.1:9/hook"))


def test_non_http_url_is_permanent():
    """A file:// URL is refused without any request."""
    with pytest.raises(PermanentChannelError):
        webhook.send(_message(), Target(url="file:///etc/passwd"))
