"""A dock whose panel is made the first time it is needed, not at start-up.

The bookmarks, search and timeline panels cost more to import and build than the rest of the
window; none of them is on screen at the first paint unless the user left it open. The dock
itself (title, saved position, toggle action) exists from the start, so restoreState and the
View menu work as usual; its panel is built when the dock is shown, when code asks for it
(`panel()`), or just after the first paint (MainWindow warms them up then).
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDockWidget, QWidget


class LazyDock(QDockWidget):
    def __init__(self, title: str, name: str, factory: Callable[[], QWidget], parent: QWidget) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)  # saveState needs a stable name
        self.setAccessibleName(title)
        self._factory: Callable[[], QWidget] | None = factory
        self._panel: QWidget | None = None
        self.setWidget(QWidget(self))  # keeps the dock's frame until the panel arrives
        self.visibilityChanged.connect(self._on_visibility)

    @property
    def is_built(self) -> bool:
        return self._panel is not None

    def panel(self) -> QWidget:
        """The panel, built now if it has not been yet."""
        if self._panel is None:
            factory, self._factory = self._factory, None
            assert factory is not None, "panel() called again from inside its own factory"
            self._panel = factory()
            self.setWidget(self._panel)
            if self.isVisible():  # a widget added to a dock already on screen stays hidden otherwise
                self._panel.show()
        return self._panel

    def show_panel(self) -> QWidget:
        """Build the panel first, then show the dock, so it is laid out like any other."""
        panel = self.panel()
        self.show()
        return panel

    def _on_visibility(self, visible: bool) -> None:
        if visible and self._panel is None and self._factory is not None:
            self.panel()
