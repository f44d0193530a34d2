"""Shortcuts under a real X server: the offscreen platform maps no key to Quit, X11 maps Ctrl+Q,
so a Quit action listing both the standard key and "Ctrl+Q" is only ambiguous there."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import FIXTURE_CONTENT, ROOT

SCRIPT = r"""
import json, sys
from app import paths
paths.set_data_dir(sys.argv[2])
from app.guide import load_guide
from app.ui.application import create_main_window, make_application
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

app = make_application()
window = create_main_window(load_guide(sys.argv[1]))
window.restore_session()
window.show()
QTest.qWaitForWindowExposed(window)
window.activateWindow()
QTest.qWait(200)
twice = {}
for action in window.actions():
    for key in action.shortcuts():
        twice.setdefault(key.toString(), []).append(action.text())
QTest.keyClick(window.reader, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
QTest.qWait(200)
print(json.dumps({"platform": app.platformName(), "closed": not window.isVisible(),
                  "ambiguous": {k: v for k, v in twice.items() if len(v) > 1}}))
"""


@pytest.mark.skipif(not shutil.which("xvfb-run"), reason="needs Xvfb (.ci/run installs it)")
def test_ctrl_q_quits_under_x11(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    result = subprocess.run(["xvfb-run", "-a", sys.executable, "-c", SCRIPT, str(FIXTURE_CONTENT),
                             str(tmp_path)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["platform"] == "xcb"
    assert report["ambiguous"] == {}
    assert report["closed"], "Ctrl+Q did not close the window"
