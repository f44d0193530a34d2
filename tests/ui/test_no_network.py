"""The app never touches the network: its main flows pass with every socket made to fail."""
from __future__ import annotations

import argparse
import socket
import sys

import pytest

from tests.conftest import REAL_CONTENT


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_sockets(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise NetworkUsed("the app tried to open a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_main_flows_work_with_sockets_blocked(qapp, no_sockets, data_dir, capsys):
    """Start, read, follow links, search, bookmark and the timeline: the self-test's own checks."""
    from app.commands import self_test

    args = argparse.Namespace(content_dir=str(REAL_CONTENT), data_dir=str(data_dir), command="self-test")
    code = self_test.run(args)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "self-test passed" in out
    assert no_sockets == []


def test_no_qt_networking_module_is_loaded(qapp):
    import app.ui.main_window  # noqa: F401 - the whole UI

    assert "PySide6.QtNetwork" not in sys.modules
