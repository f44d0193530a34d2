"""Settings: each declared once with its type and default; damaged values fall back; a change
is signalled once."""
from __future__ import annotations

import pytest

from app import paths
from app.ui import settings as s


def test_every_setting_starts_at_its_default(qapp):
    settings = s.Settings()
    for setting in s.DECLARED.values():
        assert settings.get(setting) == setting.default, setting.key


def test_values_come_back_with_their_type_and_range(qapp):
    (paths.settings_file()).write_text("[view]\nzoom=40\ntheme=dark\n[reading]\nscroll=0.183\nsection=welcome\n")
    settings = s.Settings()
    assert settings.get(s.ZOOM) == 12  # clamped to the largest step
    assert settings.get(s.THEME) == "dark"
    assert settings.get(s.LAST_SCROLL) == pytest.approx(0.183)
    assert settings.get("reading/section") == "welcome"


def test_a_damaged_value_falls_back_to_the_default(qapp):
    paths.settings_file().write_text("[view]\nzoom=huge\n[reading]\nscroll=far\n")
    settings = s.Settings()
    assert settings.get(s.ZOOM) == 0 and settings.get(s.LAST_SCROLL) == 0.0


def test_a_change_is_signalled_once_and_saved(qapp, qtbot):
    settings = s.Settings()
    with qtbot.waitSignal(settings.changed, timeout=1000) as blocker:
        settings.set(s.AUDIENCE, "education")
    assert blocker.args == ["view/audience", "education"]
    seen = []
    settings.changed.connect(lambda *args: seen.append(args))
    settings.set(s.AUDIENCE, "education")  # the same again: nothing changed
    assert seen == []
    settings.sync()
    assert s.Settings().get(s.AUDIENCE) == "education"


def test_a_key_nobody_declared_is_refused(qapp):
    with pytest.raises(KeyError, match="not declared"):
        s.Settings().get("view/typo")


def test_no_module_spells_a_settings_key_itself():
    """Keys live in app/ui/settings.py only (a typo elsewhere would silently make a new setting)."""
    from pathlib import Path

    root = Path(s.__file__).resolve().parent.parent
    for path in root.rglob("*.py"):
        if path.name == "settings.py" and path.parent.name == "ui":
            continue
        text = path.read_text(encoding="utf-8")
        for key in s.DECLARED:
            assert f'"{key}"' not in text and f"'{key}'" not in text, f"{path.relative_to(root)} spells {key}"
