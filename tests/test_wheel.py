"""The wheel carries content/ and resources/, and the app finds them the same way as in a checkout."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(out.glob("wt_reader-*.whl"))
    target = out / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    return target


def test_wheel_ships_content_and_resources(unpacked_wheel):
    data = unpacked_wheel / "app" / "_data"
    assert (data / "content" / "guide.yaml").exists()
    assert (data / "resources" / "reader.css").exists()
    assert (data / "resources" / "icons" / "wt-reader.png").exists()


def test_installed_app_finds_its_bundled_content(unpacked_wheel, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(unpacked_wheel), QT_QPA_PLATFORM="offscreen")
    code = "from app import paths; print(paths.content_dir()); print(paths.resource('reader.css'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    content, css = out.stdout.split()
    assert content.startswith(str(unpacked_wheel)) and css.startswith(str(unpacked_wheel))
