"""The demo broker publishes each message atomically (kombu issue #1551)."""

from __future__ import annotations

import base64
import json
import os
from unittest import mock

from kombu import Connection

from medcare import kombu_filesystem


def _connection(tmp_path):
    kombu_filesystem.register()
    folder = tmp_path / "q"
    folder.mkdir()
    return Connection(
        "medcarefs://",
        transport_options={
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "control_folder": str(tmp_path / "control"),
        },
    ), folder


def test_message_round_trip(tmp_path):
    """A message put on a queue comes back whole from the same folder."""
    connection, _folder = _connection(tmp_path)
    with connection:
        queue = connection.SimpleQueue("alerts")
        queue.put({"alert_id": "a1"})
        assert queue.get(timeout=2).payload == {"alert_id": "a1"}


# Each test uses its own queue name: kombu keeps declared exchanges in process-global state.


def test_no_reader_ever_sees_a_partial_file(tmp_path):
    """Until the rename, only a '.part-' file exists and no queue matches its name; the final
    name appears with the complete message in one step."""
    connection, folder = _connection(tmp_path)
    seen: list[tuple[list[str], bytes]] = []
    real_replace = os.replace

    def spy(src, dst):
        # kombu's reader takes a file when the part after its first dot is "<queue>.msg".
        visible = sorted(n for n in os.listdir(folder) if n.partition(".")[2] == "deliveries.msg")
        with open(src, "rb") as partial:
            seen.append((visible, partial.read()))
        real_replace(src, dst)

    with connection, mock.patch("medcare.kombu_filesystem.os.replace", spy):
        connection.SimpleQueue("deliveries").put({"alert_id": "a2"})
    visible, content = seen[0]
    message = json.loads(content)
    assert visible == []
    assert json.loads(base64.b64decode(message["body"])) == {"alert_id": "a2"}
