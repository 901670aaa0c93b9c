"""DingTalk (钉钉) custom group robot with signed requests (加签).

Format (DingTalk custom-robot API, open.dingtalk.com "自定义机器人发送群消息"):
``POST https://oapi.dingtalk.com/robot/send?access_token=…&timestamp=<ms>&sign=<sign>`` with
``{"msgtype": "markdown", "markdown": {"title": "...", "text": "..."}, "at": {"isAtAll": false}}``.
Signing: ``sign = urlencode(base64(HmacSHA256(key=secret, msg=f"{timestamp}\\n{secret}")))``,
timestamp in milliseconds, accepted within one hour. Answer ``{"errcode": 0, "errmsg": "ok"}``;
errcode 130101 (sending too fast: 20 messages a minute) is transient, others permanent
(310000: signature or keyword rejected).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse

from .base import (
    OutboundMessage,
    PermanentChannelError,
    Target,
    TransientChannelError,
    post_json,
)

RATE_LIMITED = {130101, -1}


def sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's request signature for ``timestamp_ms`` (already URL-encoded)."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), string_to_sign, digestmod=hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    """``url`` with ``timestamp`` and ``sign`` appended when the robot has a signing secret."""
    if not secret:
        return url
    timestamp_ms = timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign(secret, timestamp_ms)}"


def payload(message: OutboundMessage) -> dict[str, object]:
    """The robot's JSON body for ``message`` (markdown; nobody @-mentioned)."""
    text = "\n\n".join(
        (f"### {message.title}", *(f"> {line}" for line in message.lines), message.url)
    )
    return {
        "msgtype": "markdown",
        "markdown": {"title": message.title, "text": text},
        "at": {"atMobiles": [], "isAtAll": False},
    }


def send(message: OutboundMessage, target: Target) -> None:
    """Post ``message`` to the robot at ``target.url``, signed with ``target.secret`` if set."""
    answer = post_json(signed_url(target.url, target.secret), payload(message))
    errcode = answer.get("errcode") if isinstance(answer, dict) else None
    if errcode == 0:
        return
    if errcode in RATE_LIMITED:
        raise TransientChannelError(f"dingtalk_{errcode}")
    raise PermanentChannelError(f"dingtalk_{errcode}")
