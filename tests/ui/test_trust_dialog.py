"""Help › Trusted publishers…: a partnership's key added in the window (fingerprint checked,
added on confirm) so its packs install, removed so they are refused with the way back."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel

from app.packs import keys
from app.packs.service import trust_store
from tests.ui.conftest import activate
from tests.ui.test_updates import _REPLACED, _install, kit, window  # noqa: F401 - fixtures
from tests.unit.packs.packkit import local_content

NAME = "Testshire Safeguarding Partnership"


def _keygen(kit, name="testshire"):
    """A key pair as 'wt-reader pack keygen' leaves it: KEYFILE (private) and KEYFILE.pub."""
    private = kit.tmp / f"{name}.key"
    public = keys.generate(private)
    pub = private.with_name(private.name + ".pub")
    pub.write_text(keys.public_text(public) + "\n", encoding="ascii")
    return private, pub, public


def _open_trust(qtbot, w):
    w.updates.trust_action.trigger()  # Help › Trusted publishers…
    dialog = w.updates.trust_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    return dialog


def _open_add(qtbot, dialog):
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    qtbot.waitUntil(add.isVisible, timeout=3000)
    return add


def _trust_in_dialog(qtbot, w, pub):
    dialog = _open_trust(qtbot, w)
    add = _open_add(qtbot, dialog)
    assert add.load_file(pub)
    qtbot.keyClicks(add.name_edit, NAME)
    qtbot.mouseClick(add.next_button, Qt.MouseButton.LeftButton)
    assert add.pages.currentIndex() == 1
    return dialog, add


def _labels_read_as_shown(widget):
    for label in widget.findChildren(QLabel):
        if label.text():  # a label with a buddy reads without its shortcut's &
            shown = label.text().replace("&", "") if label.buddy() else label.text()
            assert QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name) == shown


def test_a_key_added_from_its_file_after_its_fingerprint_is_seen_lets_its_pack_install(qtbot, kit, window):
    private, pub, public = _keygen(kit)
    w = window()
    dialog = _open_trust(qtbot, w)
    assert len(dialog.keys_shown()) == 1
    assert dialog.keys_shown()[0].startswith("Working Together Reader project — built in")
    assert keys.fingerprint(kit.trust.all()[0].public_key) in dialog.keys_shown()[0]
    assert not dialog.remove_button.isEnabled()  # the built-in key cannot be removed
    dialog, add = _trust_in_dialog(qtbot, w, pub)
    assert add.key_text.toPlainText() == keys.public_text(public)
    shown = add.fingerprint.text()
    assert shown == keys.fingerprint(public) and add.fingerprint.isVisible()
    assert add.fingerprint.font().pointSizeF() >= 1.5 * add.check_text.font().pointSizeF()  # large, clear
    assert "published by another route" in add.check_text.text() and NAME in add.check_text.text()
    assert add.focusWidget() is add.fingerprint  # read first
    _labels_read_as_shown(add)
    assert trust_store().find(public) is None  # nothing added before the confirm
    qtbot.mouseClick(add.confirm_button, Qt.MouseButton.LeftButton)
    assert not add.isVisible()
    assert trust_store().find(public).name == NAME
    row = next(text for text in dialog.keys_shown() if text.startswith(NAME))
    assert row == f"{NAME} — signs its local pages; added {trust_store().find(public).added[:10]}\nFingerprint {shown}"
    assert dialog.remove_button.isEnabled()  # the new key is selected, and can be removed
    assert "Trusted Testshire Safeguarding Partnership" in dialog.status.text()
    dialog.close()
    new, (publisher, summary) = _install(qtbot, w.updates, kit.pack(local_content(kit.tmp), key=private, local=NAME))
    assert NAME in publisher and "3 sections added" in summary  # the update's own summary, no trust question
    assert f"local pages: {NAME}" in new.version_label.text()


def test_a_removed_key_s_pack_is_refused_with_the_way_to_trust_it_and_its_pages_stay(qtbot, kit, window, monkeypatch):
    from app.ui import plain

    private = kit.partnership_key(NAME)
    public = keys.read_private(private).verify_key.encode()
    pack = kit.pack(local_content(kit.tmp), key=private, local=NAME)
    w, _ = _install(qtbot, window().updates, pack)
    answers, asked = [False, True], []
    monkeypatch.setattr(plain, "ask", lambda parent, title, text: asked.append(text) or answers.pop(0))
    dialog = _open_trust(qtbot, w)
    dialog.list.setCurrentRow(1)
    assert dialog.keys_shown()[1].startswith(NAME) and dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)  # asked, and No
    assert trust_store().find(public) is not None and len(dialog.keys_shown()) == 2
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)  # asked again, and Yes
    assert asked[0] == asked[1] and keys.fingerprint(public) in asked[0]
    assert "already installed stay installed" in asked[0]
    assert trust_store().find(public) is None and len(dialog.keys_shown()) == 1
    assert "stay installed" in dialog.status.text()
    dialog.close()
    assert f"local pages: {NAME}" in w.version_label.text()  # its pages stay
    with qtbot.waitSignal(w.updates.refused, timeout=10000) as refused:
        w.updates.install_file(pack)
    said = refused.args[0]
    assert keys.fingerprint(public) in said
    assert said.endswith(f"If {NAME} gave you its key, add it in Help › Trusted publishers…, check the "
                         "fingerprint, then install the pack again.")
    assert "trust add" not in said  # the window's way, not the command line's
    assert w.updates.dialog is None and trust_store().find(public) is None  # nothing installed, nothing trusted
    box = w.updates._box
    qtbot.waitUntil(box.isVisible, timeout=3000)
    assert box.text() == said and box.textFormat() == Qt.TextFormat.PlainText
    assert sorted(b.text() for b in box.buttons()) == ["OK", "Trusted &publishers…"]  # no "trust this key"
    qtbot.mouseClick(w.updates.trust_button, Qt.MouseButton.LeftButton)  # the way to the list, nothing more
    qtbot.waitUntil(lambda: w.updates.trust_dialog.isVisible() and not box.isVisible(), timeout=3000)
    assert len(w.updates.trust_dialog.keys_shown()) == 1 and w.updates.trust_dialog.add_dialog is None
    assert trust_store().find(public) is None


@pytest.mark.parametrize("what", ["not a key", "wrong length", "private key file", "private key pasted",
                                  "empty name", "already trusted", "name taken", "nothing given"])
def test_bad_input_is_refused_in_one_sentence_and_changes_nothing(qtbot, kit, window, what):
    private, pub, public = _keygen(kit)
    secret = private.read_text().split()[1]
    if what == "already trusted":
        kit.trust.add(public, "Already Here")
    if what == "name taken":
        kit.trust.add(keys.generate(kit.tmp / "other.key"), NAME)
    before = kit.trust.file.read_bytes() if kit.trust.file.exists() else None
    w = window()
    add = _open_add(qtbot, _open_trust(qtbot, w))
    name = "" if what == "empty name" else NAME
    text = {"not a key": "my partnership's key", "wrong length": "wt-reader-ed25519 AAAA",
            "private key pasted": private.read_text(), "nothing given": ""}.get(what, keys.public_text(public))
    qtbot.keyClicks(add.name_edit, name)
    if what == "private key file":
        assert not add.load_file(private)  # refused as it is chosen; the box stays empty
    else:
        add.key_text.setPlainText(text)
        qtbot.mouseClick(add.next_button, Qt.MouseButton.LeftButton)
    said = add.key_error.text()
    expected = {"not a key": "not a wt-reader public key", "wrong length": "32 bytes, not 3",
                "private key file": "testshire.key: This is a private key", "private key pasted": "This is a private key",
                "empty name": "The publisher's name is empty.", "already trusted": "already trusted as 'Already Here'",
                "name taken": "is already trusted; choose another name", "nothing given": "Choose the publisher's"}[what]
    assert expected in said and add.key_error.isVisible()
    assert said.count(". ") == 0 and said.endswith(".")  # one sentence
    assert add.pages.currentIndex() == 0 and add.isVisible()  # no fingerprint step, nothing added
    everything = " ".join([add.key_text.toPlainText()] + [label.text() for label in add.findChildren(QLabel)])
    assert secret not in everything and secret[:10] not in everything  # a private key is never shown
    assert (kit.trust.file.read_bytes() if kit.trust.file.exists() else None) == before


def test_the_dialogs_work_from_the_keyboard_and_name_their_controls(qtbot, kit, window):
    _private, _pub, public = _keygen(kit)
    w = window()
    dialog = _open_trust(qtbot, w)
    activate(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.list)
    for control in (dialog.list, dialog.add_button, dialog.remove_button, dialog.close_button):
        assert QAccessible.queryAccessibleInterface(control).text(QAccessible.Text.Name)
    _labels_read_as_shown(dialog)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.add_button
    qtbot.keyClick(dialog.add_button, Qt.Key.Key_Space)
    add = dialog.add_dialog
    qtbot.waitUntil(add.isVisible, timeout=3000)
    activate(add)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is add.key_text)
    qtbot.keyClicks(add.key_text, keys.public_text(public))  # pasted, as typing
    order = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [add.file_button, add.name_edit, add.next_button, add.cancel_button]
    for control in (add.key_text, add.file_button, add.name_edit, add.next_button, add.cancel_button,
                    add.confirm_button, add.back_button, add.cancel_check_button):
        assert QAccessible.queryAccessibleInterface(control).text(QAccessible.Text.Name)
    add.name_edit.setFocus()
    qtbot.keyClicks(add.name_edit, NAME)
    qtbot.keyClick(add.name_edit, Qt.Key.Key_Return)  # Next is the default button
    assert add.pages.currentIndex() == 1 and QApplication.focusWidget() is add.fingerprint
    qtbot.keyClick(add.fingerprint, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is add.confirm_button
    qtbot.keyClick(add.confirm_button, Qt.Key.Key_Escape)  # Escape: nothing added
    assert not add.isVisible() and trust_store().find(public) is None
    activate(dialog)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_screenshots_for_review(qtbot, kit, window):
    """Not an assertion of looks: saves the dialogs in light and high contrast at 200 %."""
    import os

    out = os.environ.get("WT_READER_SHOTS")
    if not out:
        pytest.skip("set WT_READER_SHOTS=DIR to save screenshots")
    from app.ui import text_size

    _private, pub, _public = _keygen(kit)
    kit.trust.add(keys.generate(kit.tmp / "otherton.key"), "Otherton Children's Partnership <b>not bold</b>")
    w = window()
    for theme in ("light", "high-contrast"):
        for percent in (100, 200):
            w.set_theme(theme)
            text_size.set_percent(w, percent, announce_it=False)
            dialog, add = _trust_in_dialog(qtbot, w, pub)
            add.grab().save(f"{out}/trust-add-fingerprint-{theme}-{percent}.png")
            add.back()
            add.key_text.setPlainText("nonsense")
            add.next_step()
            add.grab().save(f"{out}/trust-add-error-{theme}-{percent}.png")
            add.reject()
            dialog.grab().save(f"{out}/trust-list-{theme}-{percent}.png")
            dialog.close()
            with qtbot.waitSignal(w.updates.refused, timeout=10000):
                w.updates.install_file(kit.pack(local_content(kit.tmp, f"l-{theme}-{percent}"), key=_private, local=NAME))
            qtbot.waitUntil(w.updates._box.isVisible, timeout=3000)
            w.updates._box.grab().save(f"{out}/trust-refused-{theme}-{percent}.png")
            w.updates._box.close()
    text_size.set_percent(w, 100, announce_it=False)
    w.set_theme("light")
