"""Screenshots of every panel in every theme at a given text size, to look at (issue 13).

    QT_QPA_PLATFORM=offscreen python tools/a11y_screenshots.py OUT_DIR [--percent 200] [--size 1280x720]

Each PNG is the whole window (or dialog) grabbed offscreen over the real guide.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--percent", type=int, default=200)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--themes", default="light,dark,high-contrast")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)

    from app import paths

    paths.set_data_dir(Path(tempfile.mkdtemp(prefix="wt-shots-")))
    from app.guide import load_guide

    guide = load_guide(ROOT / "content")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.application import create_main_window, make_application
    from app.ui import text_size

    app = make_application()

    def settle(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    window = create_main_window(guide)
    window.settings.set_value(text_size.SETTING, args.percent)
    window.restore_session(None)
    window.resize(width, height)
    window.show()
    settle(800)
    window.finish_start() if not window.start_finished else None
    text_size.set_percent(window, args.percent, announce_it=False)
    service = window.search_service
    for _ in range(100):
        if service.is_ready:
            break
        settle(100)

    def top(scroller) -> None:
        scroller.verticalScrollBar().setValue(0)

    def to_first_table(reader) -> None:
        """Scroll the page so that its first table is at the top: the table is what to look at."""
        from PySide6.QtGui import QTextCursor, QTextTable

        settle()
        for frame in reader.document().rootFrame().childFrames():
            if isinstance(frame, QTextTable):
                rect = reader.cursorRect(QTextCursor(frame.firstCursorPosition()))
                bar = reader.verticalScrollBar()
                bar.setValue(bar.value() + rect.top() - 3 * reader.fontMetrics().height())
                return

    def shot(name: str, widget=None) -> None:
        if widget is None:  # the screen is this size: docks give way, as they would under a window manager
            window.resize(width, height)
        settle()
        if widget is None and (window.width(), window.height()) != (width, height):
            print(f"{name}: the window grew to {window.width()}x{window.height()} (its minimum is "
                  f"{window.minimumSizeHint().width()}x{window.minimumSizeHint().height()})")
        (widget or window).grab().save(str(args.out / f"{name}.png"))

    for theme_id in args.themes.split(","):
        window.set_theme(theme_id)
        window.go_home()
        shot(f"{theme_id}-contents")
        window.reader.show_term("icpc")
        shot(f"{theme_id}-definition")
        window.definition_bar.close_bar()
        window.show_search()
        window.search.box.setText("strategy discussion")
        window.search.run_search()
        settle(1500)
        window.search._on_return()
        shot(f"{theme_id}-search")
        window.next_hit_action.trigger()
        window.show_timeline()
        top(window.timeline.currentWidget())  # the first lanes, not where the last theme left it
        shot(f"{theme_id}-timeline")
        window.show_timescales()
        shot(f"{theme_id}-timescales")
        window.timeline_dock.hide()
        window.show_bookmarks()
        shot(f"{theme_id}-bookmarks")
        window.bookmarks_dock.hide()
        window.contents_dock.raise_()
        from app.ui.bookmark_dialog import BookmarkDialog

        dialog = BookmarkDialog(section_title="Strategy discussion", headings=[("Who takes part", "who")],
                                parent=window)
        dialog.show()
        dialog.note.setPlainText("Jayden (age 6) at 14 Elm Road")
        dialog.accept()
        shot(f"{theme_id}-bookmark-dialog", dialog)
        dialog.close()
        window.open_section("timescales-at-a-glance")
        to_first_table(window.reader)
        shot(f"{theme_id}-table")
        window.show_bookmarks()  # the narrowest the page gets: panels on both sides
        to_first_table(window.reader)
        shot(f"{theme_id}-table-both-sides")
        window.bookmarks_dock.hide()
    print(f"minimum window size at {args.percent} %: {window.minimumSizeHint().width()}x{window.minimumSizeHint().height()}")
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
