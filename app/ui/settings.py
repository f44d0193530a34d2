"""Preferences and window state, kept in an INI file in the user data folder.

Every setting is declared once below, with its key, type and default (as Zeal's
core/settings.h and Vorta's store/settings.py do); nothing else in the app spells a key.
`Settings.changed(key, value)` fires when a value really changes.
"""
from __future__ import annotations

import logging
from typing import Any, NamedTuple

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from app import paths

log = logging.getLogger(__name__)


class Setting(NamedTuple):
    key: str
    default: Any
    kind: type
    low: Any = None  # values outside [low, high] are clamped
    high: Any = None

    def read(self, raw: Any) -> Any:
        """The stored value as this setting's type; the default if it is missing or damaged."""
        if raw is None:
            return self.default
        if self.kind is QByteArray:
            return raw if isinstance(raw, QByteArray) else self.default
        try:
            value = self.kind(raw)
        except (TypeError, ValueError):
            return self.default
        if self.low is not None:
            value = max(self.low, value)
        if self.high is not None:
            value = min(self.high, value)
        return value


THEME = Setting("view/theme", "light", str)
ZOOM = Setting("view/zoom", 0, int, -6, 12)
TEXT_SIZE = Setting("view/text_size", 100, int, 100, 200)  # the whole interface's size, in percent (app/ui/text_size.py)
AUDIENCE = Setting("view/audience", "", str)  # the contents' agency filter ("" = everyone)
LAST_SECTION = Setting("reading/section", "", str)
LAST_SCROLL = Setting("reading/scroll", 0.0, float, 0.0, 1.0)
GEOMETRY = Setting("window/geometry", None, QByteArray)
WINDOW_STATE = Setting("window/state", None, QByteArray)
STALE_NOTICE_FOR = Setting("updates/stale_notice_for", "", str)  # content version already warned about

DECLARED: dict[str, Setting] = {s.key: s for s in (THEME, ZOOM, TEXT_SIZE, AUDIENCE, LAST_SECTION, LAST_SCROLL,
                                                   GEOMETRY, WINDOW_STATE, STALE_NOTICE_FOR)}


def declared(setting: Setting | str) -> Setting:
    if isinstance(setting, Setting):
        return setting
    try:
        return DECLARED[setting]
    except KeyError:
        raise KeyError(f"setting {setting!r} is not declared in app/ui/settings.py") from None


class Settings(QObject):
    """Typed access to QSettings; a damaged settings file falls back to defaults.

    Signals: changed(key, value)."""

    changed = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        path = paths.settings_file()
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        if self._qs.status() != QSettings.Status.NoError:
            log.warning("settings file %s could not be read; using defaults", path)
            backup = path.with_suffix(".ini.damaged")
            try:
                path.replace(backup)
            except OSError:
                pass
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, setting: Setting | str) -> Any:
        setting = declared(setting)
        return setting.read(self._qs.value(setting.key))

    def set(self, setting: Setting | str, value: Any) -> None:
        setting = declared(setting)
        value = setting.read(value)
        if value == self.get(setting):
            return
        self._qs.setValue(setting.key, value)
        self.changed.emit(setting.key, value)

    # The names other modules already use, over the declared settings.
    def value(self, key: Setting | str, _default: Any = None) -> Any:
        return self.get(key)

    def set_value(self, key: Setting | str, value: Any) -> None:
        self.set(key, value)

    @property
    def theme(self) -> str:
        return self.get(THEME)

    @theme.setter
    def theme(self, value: str) -> None:
        self.set(THEME, value)

    @property
    def zoom(self) -> int:
        return self.get(ZOOM)

    @zoom.setter
    def zoom(self, value: int) -> None:
        self.set(ZOOM, value)

    @property
    def last_section(self) -> str:
        return self.get(LAST_SECTION)

    @property
    def last_scroll(self) -> float:
        return self.get(LAST_SCROLL)

    def save_position(self, section_id: str, scroll: float) -> None:
        self.set(LAST_SECTION, section_id)
        self.set(LAST_SCROLL, scroll)

    def geometry(self) -> QByteArray | None:
        return self.get(GEOMETRY)

    def state(self) -> QByteArray | None:
        return self.get(WINDOW_STATE)

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.set(GEOMETRY, geometry)
        self.set(WINDOW_STATE, state)

    def sync(self) -> None:
        self._qs.sync()
