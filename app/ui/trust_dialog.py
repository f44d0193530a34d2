"""Help › Trusted publishers…: the keys whose packs this app installs, a partnership's key added
(its fingerprint shown large, to be checked by another route, added only on confirm) or removed.

The window's side of app.packs.trust: reading keys, checking names and writing the trust file
all happen there. Every name is a stranger's text, shown as plain text; a private key's
contents are never shown (a private key file is refused unread, and one pasted by mistake is
cleared from the box).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui import plain
from app.ui.announce import announce

KEY_ROLE = Qt.ItemDataRole.UserRole


def _label(text: str, parent: QWidget) -> QLabel:
    shown = plain.label(QLabel(text, parent))
    shown.setWordWrap(True)
    return shown


def _fit(dialog: QDialog, chars: int, lines: int = 0) -> None:
    """Size a dialog by its text (wide enough for `chars` average characters, tall enough for
    every wrapped label at that width, or `lines` lines), so 200 % text fits as 100 % does."""
    metrics = dialog.fontMetrics()
    width = max(dialog.minimumSizeHint().width(), metrics.averageCharWidth() * chars)
    screen = dialog.screen().availableGeometry() if dialog.screen() else None
    if screen is not None:
        width = min(width, screen.width() - 40)
    height = max(dialog.layout().totalHeightForWidth(width), metrics.lineSpacing() * lines)
    if screen is not None:
        height = min(height, screen.height() - 60)
    dialog.resize(width, height)


def _error_label(parent: QWidget) -> QLabel:
    """Where a refusal is said: one sentence, in bold (not colour alone), hidden when empty."""
    error = _label("", parent)
    font = error.font()
    font.setBold(True)
    error.setFont(font)
    error.setAccessibleDescription("Problem")
    error.hide()
    return error


class AddKeyDialog(QDialog):
    """Two steps: the key (a file or its pasted line) and the publisher's name; then its
    fingerprint, large, to check before "Trust this key". Accepted once the key is added;
    `added` is the TrustedKey."""

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.added = None
        self._public: bytes | None = None
        self.setObjectName("add-key-dialog")
        self.setWindowTitle("Add a publisher's key")
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._key_page())
        self.pages.addWidget(self._check_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.setTabOrder(self.key_text, self.file_button)
        self.setTabOrder(self.file_button, self.name_edit)
        self.setTabOrder(self.name_edit, self.next_button)
        self.setTabOrder(self.next_button, self.cancel_button)
        self.setTabOrder(self.fingerprint, self.confirm_button)
        self.setTabOrder(self.confirm_button, self.back_button)
        self.setTabOrder(self.back_button, self.cancel_check_button)
        self.check_text.setText("Check this fingerprint against the one " + "Name " * 16 + "published by another route: "
                                "on its website, in a letter or email it sent you, or by phoning it. Trust this key "
                                "only if every group matches; anyone can put a partnership's name on a key of their own.")
        self.fingerprint.setText("0000 " * 8)  # sized for the longest step
        self.key_error.setText("A sentence of a refusal " * 8)
        self.key_error.show()
        _fit(self, 90)
        self.key_error.hide()
        self.key_text.setFocus()

    # -- step 1: the key and the name -------------------------------------------------------------
    def _key_page(self) -> QWidget:
        page = QWidget(self)
        self.key_intro = _label(
            "Choose the public key file the partnership gave you (its name ends .pub), or paste the "
            "one line of its public key (it starts wt-reader-ed25519).", page)
        self.key_label = _label("Public &key:", page)
        self.key_text = QPlainTextEdit(page)
        self.key_text.setObjectName("public-key-text")
        self.key_text.setAccessibleName("Public key")
        self.key_text.setTabChangesFocus(True)  # Tab moves on; a key is one line
        self.key_text.setPlaceholderText("wt-reader-ed25519 …")
        self.key_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        lines = self.key_text.fontMetrics().lineSpacing()
        self.key_text.setFixedHeight(lines * 3 + 2 * self.key_text.frameWidth() + 12)
        self.key_label.setBuddy(self.key_text)
        self.file_button = QPushButton("Choose key &file…", page)
        self.file_button.setAccessibleName("Choose key file")
        self.file_button.setAutoDefault(False)
        self.file_button.clicked.connect(self.choose_file)
        self.name_label = _label("Publisher's &name, as its pages will show it:", page)
        self.name_edit = QLineEdit(page)
        self.name_edit.setObjectName("publisher-name")
        self.name_edit.setAccessibleName("Publisher's name")
        self.name_edit.setMaxLength(80)
        self.name_label.setBuddy(self.name_edit)
        self.key_error = _error_label(page)
        self.key_text.textChanged.connect(lambda: self._say("", self.key_error))
        self.name_edit.textChanged.connect(lambda: self._say("", self.key_error))
        buttons = QDialogButtonBox(page)
        self.next_button = buttons.addButton("&Next: check the fingerprint", QDialogButtonBox.ButtonRole.ActionRole)
        self.next_button.setAccessibleName("Next: check the fingerprint")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next_step)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.addWidget(self.key_intro)
        layout.addWidget(self.key_label)
        row = QHBoxLayout()
        row.addWidget(self.key_text, 1)
        row.addWidget(self.file_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        layout.addWidget(self.name_label)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.key_error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        return page

    def choose_file(self) -> None:
        from app.ui.file_dialogs import open_file_name

        name = open_file_name(self, "Choose a publisher's public key",
                              "Public keys (*.pub);;All files (*)")
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> bool:
        """Put the public key in `path` in the box; a file that is not one (a private key above
        all) is refused in one sentence and the box is left as it was."""
        from app.packs import PackRefused, keys

        try:
            public = keys.read_public_file(path)
        except PackRefused as exc:
            self._say(f"{path.name}: {exc}", self.key_error)
            return False
        self.key_text.setPlainText(keys.public_text(public))
        self.name_edit.setFocus()
        return True

    def next_step(self) -> bool:
        """Check the key and the name (app.packs), then show the fingerprint; nothing is added yet."""
        from app.packs import PackRefused, keys

        text = self.key_text.toPlainText()
        if not text.strip():
            self._say("Choose the publisher's public key file or paste its key first.", self.key_error)
            self.key_text.setFocus()
            return False
        if text.strip().startswith(keys.PRIVATE_PREFIX):
            self.key_text.clear()  # a secret does not stay on screen
        try:
            public = keys.parse_public(text)
            name = self.store.check_new(public, self.name_edit.text())
        except PackRefused as exc:
            self._say(str(exc), self.key_error)
            return False
        self._public, self._name = public, name
        self.fingerprint.setText(keys.fingerprint(public))
        self.check_text.setText(
            f"Check this fingerprint against the one {name} published by another route: on its website, "
            "in a letter or email it sent you, or by phoning it. Trust this key only if every group "
            "matches; anyone can put a partnership's name on a key of their own.")
        self.confirm_button.setAccessibleDescription(f"Trust the key with fingerprint {self.fingerprint.text()} "
                                                     f"for {name}'s local pages")
        self._say("", self.check_error)
        self.pages.setCurrentIndex(1)
        self.fingerprint.setFocus()
        announce(self.fingerprint, f"Fingerprint {self.fingerprint.text()}. {self.check_text.text()}")
        return True

    # -- step 2: the fingerprint --------------------------------------------------------------------
    def _check_page(self) -> QWidget:
        page = QWidget(self)
        self.fingerprint_title = _label("The key's fingerprint:", page)
        self.fingerprint = _label("", page)
        self.fingerprint.setObjectName("key-fingerprint")
        self.fingerprint.setAccessibleDescription("The key's fingerprint")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(self.font().pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.Bold)
        self.fingerprint.setFont(font)
        self.fingerprint.setWordWrap(False)  # one line, group by group, as the partnership writes it
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.fingerprint.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a screen reader reads it first
        self.check_text = _label("", page)
        self.check_error = _error_label(page)
        buttons = QDialogButtonBox(page)
        self.confirm_button = buttons.addButton("&Trust this key", QDialogButtonBox.ButtonRole.ActionRole)
        self.confirm_button.setAccessibleName("Trust this key")
        self.confirm_button.clicked.connect(self.confirm)
        self.back_button = buttons.addButton("&Back", QDialogButtonBox.ButtonRole.ActionRole)
        self.back_button.setAccessibleName("Back")
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.back)
        self.cancel_check_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_check_button.setAccessibleName("Cancel")
        self.cancel_check_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.addWidget(self.fingerprint_title)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.check_text)
        layout.addWidget(self.check_error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        return page

    def back(self) -> None:
        self.pages.setCurrentIndex(0)
        self.key_text.setFocus()

    def confirm(self) -> bool:
        """Add the key (app.packs.trust); the dialog closes, accepted."""
        from app.packs import PackRefused

        if self._public is None:
            return False
        try:
            self.added, _new = self.store.add(self._public, self._name)  # checked again: the file may have changed
            if not _new:
                raise PackRefused(f"This key is already trusted as {self.added.name!r}; nothing was changed.")
        except PackRefused as exc:
            self.added = None
            self._say(str(exc), self.check_error)
            return False
        self.accept()
        return True

    def _say(self, text: str, where: QLabel) -> None:
        where.setText(text)
        where.setVisible(bool(text))
        if text:
            announce(where, text, assertive=True)


class TrustDialog(QDialog):
    """The trusted keys; Add a publisher's key… and Remove. Signals: changed()."""

    changed = Signal()

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.add_dialog: AddKeyDialog | None = None
        self.setObjectName("trust-dialog")
        self.setWindowTitle("Trusted publishers")
        self.intro = _label(
            "Content updates install only when one of these keys signed them. The project's key, built "
            "in, signs updates of the national guide; a partnership's key, once added here, signs its "
            "local pages.", self)
        self.list_label = _label("&Trusted keys:", self)
        self.list = QListWidget(self)
        self.list.setObjectName("trusted-keys")
        self.list.setAccessibleName("Trusted keys")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list_label.setBuddy(self.list)
        self.list.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.status = _label("", self)
        self.status.setAccessibleDescription("Last change")
        self.status.hide()
        buttons = QDialogButtonBox(self)
        self.add_button = buttons.addButton("&Add a publisher's key…", QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.setAccessibleName("Add a publisher's key")
        self.add_button.clicked.connect(self.add_key)
        self.remove_button = buttons.addButton("&Remove", QDialogButtonBox.ButtonRole.ActionRole)
        self.remove_button.setAccessibleName("Remove the selected key")
        self.remove_button.clicked.connect(self.remove_selected)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        for button in (self.add_button, self.remove_button, self.close_button):
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setTabOrder(self.list, self.add_button)
        self.setTabOrder(self.add_button, self.remove_button)
        self.setTabOrder(self.remove_button, self.close_button)
        self.reload()
        _fit(self, 80, lines=18)
        self.list.setFocus()

    def reload(self, select: bytes | None = None) -> None:
        self.list.clear()
        for key in self.store.all():
            if key.builtin:
                what = "built in; signs the national guide's updates; cannot be removed"
            else:
                what = "signs its local pages" + (f"; added {key.added[:10]}" if key.added else "")
            item = QListWidgetItem(f"{key.name} — {what}\nFingerprint {key.fingerprint}")  # plain text
            item.setData(KEY_ROLE, (key.public_key, key.builtin, key.name, key.fingerprint))
            self.list.addItem(item)
            if key.public_key == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def keys_shown(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _selected(self):
        item = self.list.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def _update_buttons(self) -> None:
        chosen = self._selected()
        removable = chosen is not None and not chosen[1]
        self.remove_button.setEnabled(removable)
        self.remove_button.setToolTip("" if removable else "The built-in key cannot be removed; choose an added key")

    def _tell(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        announce(self.status, text)

    def add_key(self) -> AddKeyDialog:
        dialog = AddKeyDialog(self.store, self)
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.open()
        self.add_dialog = dialog
        return dialog

    def _added(self, dialog: AddKeyDialog) -> None:
        key = dialog.added
        self.reload(select=key.public_key)
        self._tell(f"Trusted {key.name}: its packs now install without further questions.")
        self.list.setFocus()
        self.changed.emit()

    def remove_selected(self) -> bool:
        """Ask, then stop trusting the selected added key (app.packs.trust)."""
        from app.packs import PackRefused

        chosen = self._selected()
        if chosen is None or chosen[1]:
            return False
        public, _builtin, name, fingerprint = chosen
        if not plain.ask(self, "Remove trusted publisher",
                         f"Stop trusting {name}'s key (fingerprint {fingerprint})? Its local pages already "
                         "installed stay installed; a new pack signed with this key will be refused until "
                         "the key is added again."):
            return False
        try:
            self.store.remove(public)
        except PackRefused as exc:
            self._tell(str(exc))
            return False
        self.reload()
        self._tell(f"{name}'s key is no longer trusted; its pages already installed stay installed.")
        self.list.setFocus()
        self.changed.emit()
        return True
