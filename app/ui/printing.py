"""Paper and PDF: the page laid out on the printer's pages, with the 'printed from…' stamp and
"page N of M" at the foot of every page (a printout taken apart must still say where it came
from and that it goes out of date), and the print preview."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QFontMetricsF, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from app.ui.screen_fit import fit_to_screen

STAMP_POINTS = 7.5
GAP_POINTS = 8  # between the text and the stamp


def new_printer(file_name: str = "") -> QPrinter:
    """A high-resolution printer with margins a ring binder and a stapler leave readable.

    `file_name` ("strategy-discussion.pdf"): what "Print to File (PDF)" offers, in Documents.
    Without it a computer with no printer offered the home folder itself as the file."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout
    from PySide6.QtPrintSupport import QPrinterInfo

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageMargins(QMarginsF(18, 15, 15, 15), QPageLayout.Unit.Millimeter)
    if file_name:
        from app.ui.file_dialogs import documents_folder

        printer.setDocName(file_name.rsplit(".", 1)[0])
        printer.setOutputFileName(str(documents_folder() / file_name))  # this alone chooses PDF output
        if QPrinterInfo.availablePrinters():
            printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)  # a real printer stays the first choice
    return printer


def page_footer(stamp: str, page: int, pages: int) -> str:
    return f"{stamp} · Page {page} of {pages}"


def print_document(source: QTextDocument, printer: QPrinter, stamp: str) -> int:
    """Print `source` with the stamp on every page; returns the number of pages."""
    doc = source.clone()
    layout = doc.documentLayout()
    layout.setPaintDevice(printer)  # fonts measured at the printer's resolution
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    font = QFont(doc.defaultFont())
    font.setPointSizeF(STAMP_POINTS)
    font.setItalic(True)
    metrics = QFontMetricsF(font, printer)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
    longest = page_footer(stamp, 999, 999)
    stamp_height = metrics.boundingRect(QRectF(0, 0, page.width(), 10_000), flags, longest).height()
    gap = GAP_POINTS * printer.resolution() / 72
    body = QRectF(0, 0, page.width(), page.height() - stamp_height - gap)
    doc.setPageSize(body.size())
    pages = doc.pageCount()
    painter = QPainter(printer)
    try:
        for index in range(pages):
            if index:
                printer.newPage()
            painter.save()
            clip = QRectF(0, index * body.height(), body.width(), body.height())
            painter.translate(0, -clip.top())
            painter.setClipRect(clip)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = clip
            layout.draw(painter, context)
            painter.restore()
            painter.setFont(font)
            foot = QRectF(0, body.height() + gap, page.width(), stamp_height)
            painter.drawText(foot, flags, page_footer(stamp, index + 1, pages))
    finally:
        painter.end()
    return pages


def preview(parent: QWidget, source: QTextDocument, stamp: str, title: str):
    """The print preview (pages as they will print, with Print and page set-up), opened
    without blocking; returned so the caller keeps it alive."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = new_printer()
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_kept = printer  # the dialog does not own it: without this it is freed under it
    dialog.setObjectName("print-preview")
    dialog.setWindowTitle(f"Print preview — {title}")
    dialog.paintRequested.connect(lambda printer: print_document(source, printer, stamp))
    dialog.resize(900, 1000)
    fit_to_screen(dialog)  # 1000 px is more than a laptop's screen
    dialog.open()
    return dialog
