"""Preferences and window state, kept in an INI file in the user data folder."""
from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings

from app import paths

log = logging.getLogger(__name__)


class Settings:
    """Typed access to QSettings; a damaged settings file falls back to defaults."""

    def __init__(self) -> None:
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
        self.was_damaged = self._qs.status() != QSettings.Status.NoError

    def _get(self, key: str, default, kind):
        value = self._qs.value(key, default)
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    @property
    def theme(self) -> str:
        return str(self._get("view/theme", "light", str))

    @theme.setter
    def theme(self, value: str) -> None:
        self._qs.setValue("view/theme", value)

    @property
    def zoom(self) -> int:
        return max(-6, min(12, self._get("view/zoom", 0, int)))

    @zoom.setter
    def zoom(self, value: int) -> None:
        self._qs.setValue("view/zoom", int(value))

    @property
    def last_section(self) -> str:
        return str(self._get("reading/section", "", str))

    @property
    def last_anchor(self) -> str:
        return str(self._get("reading/anchor", "", str))

    @property
    def last_scroll(self) -> float:
        return max(0.0, min(1.0, self._get("reading/scroll", 0.0, float)))

    def save_position(self, section_id: str, scroll: float) -> None:
        self._qs.setValue("reading/section", section_id)
        self._qs.setValue("reading/scroll", float(scroll))

    def geometry(self) -> QByteArray | None:
        value = self._qs.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def state(self) -> QByteArray | None:
        value = self._qs.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qs.setValue("window/geometry", geometry)
        self._qs.setValue("window/state", state)

    def value(self, key: str, default=None):
        return self._qs.value(key, default)

    def set_value(self, key: str, value) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()
