"""WeCom (企业微信) group robot: ``POST <webhook url>`` with a markdown message.

Format (WeCom group-robot API, developer.work.weixin.qq.com/document/path/91770):
``{"msgtype": "markdown", "markdown": {"content": "..."}}``, content ≤ 4096 bytes; answer
``{"errcode": 0, "errmsg": "ok"}``. errcode 45009 (frequency limit; 20 messages a minute per
robot) is transient, any other non-zero errcode permanent.
"""

from __future__ import annotations

from .base import (
    OutboundMessage,
    PermanentChannelError,
    Target,
    TransientChannelError,
    post_json,
)

MAX_CONTENT_BYTES = 4096
RATE_LIMITED = {45009, -1}
SEVERITY_COLOUR = {"critical": "warning", "urgent": "warning", "routine": "comment"}


def payload(message: OutboundMessage) -> dict[str, object]:
    """The robot's JSON body for ``message``."""
    colour = SEVERITY_COLOUR.get(message.severity, "comment")
    content = "\n".join(
        (
            f'## <font color="{colour}">{message.title}</font>',
            *(f"> {line}" for line in message.lines),
            f"[{message.url}]({message.url})",
        )
    )
    encoded = content.encode("utf-8")[:MAX_CONTENT_BYTES]
    return {"msgtype": "markdown", "markdown": {"content": encoded.decode("utf-8", "ignore")}}


def send(message: OutboundMessage, target: Target) -> None:
    """Post ``message`` to the robot at ``target.url``."""
    answer = post_json(target.url, payload(message))
    errcode = answer.get("errcode") if isinstance(answer, dict) else None
    if errcode == 0:
        return
    if errcode in RATE_LIMITED:
        raise TransientChannelError(f"wecom_{errcode}")
    raise PermanentChannelError(f"wecom_{errcode}")
