"""kombu's filesystem transport, with messages published atomically.

kombu's own ``filesystem`` transport opens the message file under its final name and then
writes it; a worker polling the folder can pick the file up while it is still empty and die
with ``JSONDecodeError`` (kombu issue #1551, open upstream). This transport writes to a
temporary name that no queue matches and renames it into place (``os.replace``, atomic on one
file system), so a reader sees a complete message or none. Everything else is kombu's.

Registered under the alias ``medcarefs``; ``medcare/celery.py`` uses it for ``filesystem://``
broker URLs (the embedded demo's broker).
"""

from __future__ import annotations

import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

ALIAS = "medcarefs"


class Channel(filesystem.Channel):
    """A filesystem channel whose ``_put`` is write-then-rename."""

    # kombu's two base classes name the second parameter differently (message / payload).
    def _put(self, queue: Any, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = os.path.join(self.data_folder_out, f".part-{name}")
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    """kombu's filesystem transport with :class:`Channel` (atomic publish)."""

    Channel = Channel


def register() -> None:
    """Make ``medcarefs://`` resolve to this transport (idempotent)."""
    TRANSPORT_ALIASES.setdefault(ALIAS, f"{__name__}:Transport")
