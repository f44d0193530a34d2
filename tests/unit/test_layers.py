"""The plain-Python layers never pull in Qt widgets (they are tested and used without a screen)."""
from __future__ import annotations

import subprocess
import sys


def test_guide_search_store_packs_do_not_import_qt():
    code = (
        "import importlib, pkgutil, sys\n"
        "import app.guide, app.library, app.packs, app.search, app.store\n"
        "for pkg in (app.guide, app.library, app.packs, app.search, app.store):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
