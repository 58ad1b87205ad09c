"""The embedded PostgreSQL starts even after a process was killed while pgserver wrote its pid list."""

import json

from registry.db.embedded import _repair_handle_list


def test_a_torn_pid_list_is_reset(tmp_path):
    torn = tmp_path / ".handle_pids.json"
    torn.write_text("")
    _repair_handle_list(torn)
    assert json.loads(torn.read_text()) == []


def test_a_readable_pid_list_is_left_alone(tmp_path):
    good = tmp_path / ".handle_pids.json"
    good.write_text("[12, 34]")
    _repair_handle_list(good)
    assert json.loads(good.read_text()) == [12, 34]
