"""Start the GUI: application object, logging of Qt messages, crash dialog, main window."""
from __future__ import annotations

import logging
import os
import sys
import time
import traceback

from PySide6.QtCore import QEvent, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME, __version__, paths
from app.ui import themes
from app.guide import ContentError, Guide

log = logging.getLogger(__name__)

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


# Harmless platform chatter that would otherwise alarm anyone reading the log.
_QT_NOISE = ("propagateSizeHints", "QFont::setPointSizeF")


def _qt_message(msg_type, context, message) -> None:
    level = _QT_LEVELS.get(msg_type, logging.WARNING)
    if any(noise in message for noise in _QT_NOISE):
        level = logging.DEBUG
    logging.getLogger("qt").log(level, "%s", message)


def install_qt_logging() -> None:
    qInstallMessageHandler(_qt_message)


def install_excepthook() -> None:
    """Log any uncaught error and say so plainly, instead of the window vanishing."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        log.critical("unexpected error\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        if QApplication.instance() is not None:
            from PySide6.QtWidgets import QMessageBox

            from app.ui import plain  # the log's path is the user's: never markup

            plain.message(
                None, QMessageBox.Icon.Critical,
                f"{APP_NAME}: something went wrong",
                "Something unexpected went wrong. Your bookmarks and notes are safe.\n\n"
                f"Details were written to the log file:\n{paths.log_file()}",
            )

    sys.excepthook = hook


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # The style is chosen here rather than with setStyle(): that returns a QStyle, and
        # wrapping one for Python builds hundreds of enums, a twentieth of the start-up.
        app = QApplication([*(argv or [sys.argv[0]]), "-style", themes.STYLE])
        app.setProperty(themes.STYLE_PROPERTY, themes.STYLE)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    icon = paths.resources_dir() / "icons" / "wt-reader.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


class AfterFirstPaint(QObject):
    """Runs callbacks once the reader has painted, so start-up work never delays the first page.

    A window that is never painted (hidden, minimised at start) gets them after a short wait."""

    FALLBACK_MS = 400

    def __init__(self, widget, callbacks) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callbacks = list(callbacks)
        self.painted_at: float | None = None  # time.time() of the first paint
        self.painted_cpu: float | None = None  # CPU seconds this process had used by then
        widget.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self, self._run)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self._callbacks:
            if self.painted_at is None:
                self.painted_at, self.painted_cpu = time.time(), time.process_time()
            QTimer.singleShot(0, self, self._run)  # after this paint has reached the screen
        return False

    def prepend(self, callback) -> None:
        self._callbacks.insert(0, callback)

    def _run(self) -> None:
        callbacks, self._callbacks = self._callbacks, []
        if callbacks:
            self._widget.removeEventFilter(self)
        for callback in callbacks:
            callback()


def create_main_window(guide: Guide):
    from app.ui.main_window import MainWindow, MouseNavigationFilter
    from app.ui.settings import Settings

    from app.packs.service import for_window

    try:  # local timescales, the content's date, what the last update changed
        shown = for_window(guide)
    except Exception:  # noqa: BLE001 - the guide as it is is always better than no window
        log.exception("installed content details could not be applied")
        shown = guide
    window = MainWindow(shown, Settings())
    window.national_guide = guide  # what a content update is compared with
    # Once the page is up: check or build the index in the background, build the hidden panels,
    # and start watching for mouse back/forward buttons (an application-wide filter sees every
    # event, and the first paint has thousands).
    window._after_first_paint = AfterFirstPaint(
        window.reader.viewport(),
        (window.search_service.start, window.finish_start, window.updates.after_start,
         lambda: MouseNavigationFilter.install(QApplication.instance())))
    return window


# benchmarks/startup.py sets this to time a real start: the time of the first paint of the page
# and the memory in use then are printed as one JSON line, and the window closes.
REPORT_FIRST_PAINT = "WT_READER_REPORT_FIRST_PAINT"


def _rss_mb() -> float | None:
    """Memory in use (resident set), for the start-up benchmark; None where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration, ValueError):
        pass
    try:
        import psutil  # a test extra, not bundled: Windows and macOS runs from a checkout

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        return None


def _report_first_paint_then_close(window) -> None:
    def report() -> None:
        import json

        first = window._after_first_paint
        print(json.dumps({"painted": first.painted_at, "cpu": first.painted_cpu, "rss_mb": _rss_mb()}), flush=True)
        QTimer.singleShot(0, window.close)  # saves the session and stops the search worker, as usual

    window._after_first_paint.prepend(report)


def run_gui(args, guide: Guide | None, failure: ContentError | None = None) -> int:
    """The reader window over `guide`, or a plain message saying why there is no guide."""
    app = make_application()
    install_qt_logging()
    install_excepthook()
    if guide is None:
        exc = failure or ContentError([])
        log.error("cannot load the guide:\n%s", exc)
        from PySide6.QtWidgets import QMessageBox

        from app.ui import plain  # a problem quotes the content files: never markup

        plain.message(None, QMessageBox.Icon.Critical, APP_NAME, "The guide's content could not be loaded, so there is nothing to show.\n\n"
                             f"{exc.problems[0] if exc.problems else ''}\n\nDetails are in the log file:\n{paths.log_file()}")
        return 2
    for problem in guide.problems:
        log.warning("content problem: %s", problem)
    window = create_main_window(guide)
    if os.environ.get(REPORT_FIRST_PAINT):
        _report_first_paint_then_close(window)
    window.restore_session(getattr(args, "section", None))
    from app.ui.screen_fit import fit_to_screen

    fit_to_screen(window)  # the first size, or one saved on a bigger monitor, may not fit a laptop
    window.show()
    if args.section and not window.library.has_section(args.section):  # a document's too
        window.statusBar().showMessage(f"There is no section called “{args.section}”; showing the home page.", 10000)
    return app.exec()
