"""The log file: written to the data folder, started afresh when it has grown large."""
from __future__ import annotations

import logging

from app.logs import rotate, setup_logging


def test_messages_reach_the_log_file(tmp_path):
    log = tmp_path / "wt-reader.log"
    setup_logging(log)
    logging.getLogger("app.test").warning("the index was rebuilt")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "the index was rebuilt" in log.read_text(encoding="utf-8")


def test_a_large_log_is_rotated_keeping_two_old_ones(tmp_path):
    log = tmp_path / "wt-reader.log"
    for generation in ("oldest", "older", "last"):
        log.write_text(generation * 100)
        rotate(log, max_bytes=100)
    assert not log.exists()
    assert log.with_name("wt-reader.log.1").read_text().startswith("last")
    assert log.with_name("wt-reader.log.2").read_text().startswith("older")
    assert not log.with_name("wt-reader.log.3").exists()


def test_a_small_log_is_kept(tmp_path):
    log = tmp_path / "wt-reader.log"
    log.write_text("short")
    rotate(log, max_bytes=100)
    assert log.read_text() == "short"


def test_unwritable_log_folder_does_not_stop_the_app(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    setup_logging(blocked / "wt-reader.log")
    logging.getLogger("app.test").warning("still running")
