"""wt-reader self-test: start the real window, exercise the main flows, exit 0 only if all work.

Runs in a temporary data folder, whatever --data-dir says, so it never touches the user's
bookmarks, settings or window state.
Works headless with QT_QPA_PLATFORM=offscreen. Each check is a function(ctx) -> str that
raises AssertionError on failure; later features add theirs to CHECKS.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Callable
from app.wording import count


@dataclass
class Context:
    app: Any
    window: Any
    guide: Any

    def process(self, rounds: int = 3) -> None:
        for _ in range(rounds):
            self.app.processEvents()


def _first_section_with_link(guide) -> tuple[str, str]:
    for section in guide.sections.values():
        for target in section.links:
            if target.startswith("section:"):
                sid = target[len("section:"):].partition("#")[0]
                if sid in guide.sections and sid != section.id:
                    return section.id, sid
    raise AssertionError("no section links to another section")


def check_open_section(ctx: Context) -> str:
    sid = ctx.guide.home
    assert ctx.window.open_section(sid), f"could not open {sid}"
    ctx.process()
    text = ctx.window.reader.toPlainText()
    assert ctx.guide.sections[sid].title in text, "the section title is not shown"
    return f"opened '{sid}' ({len(text)} characters shown)"


def check_follow_link_and_back(ctx: Context) -> str:
    from PySide6.QtCore import QUrl

    source, target = _first_section_with_link(ctx.guide)
    ctx.window.open_section(source)
    ctx.window.reader.anchorClicked.emit(QUrl(f"section:{target}"))
    ctx.process()
    assert ctx.window.reader.current_section == target, "following a link did not open its section"
    assert ctx.window.back_action.isEnabled(), "Back is not available after following a link"
    ctx.window.back_action.trigger()
    ctx.process()
    assert ctx.window.reader.current_section == source, "Back did not return to the first section"
    return f"followed {source} → {target} and went back"


def check_timeline(ctx: Context) -> str:
    window = ctx.window
    window.timeline_action.trigger()
    ctx.process()
    view = window.timeline.history.view
    assert window.timeline_dock.isVisible(), "the timeline panel did not open"
    events = view.events()
    assert events, "the timeline has no events"
    view.set_current(len(events) - 1)
    window.timeline.history.open_current()
    ctx.process()
    assert window.reader.current_section in events[-1].sections, "opening an event did not open its section"
    tab = window.timeline.timescales
    window.timescales_action.trigger()
    assert tab.table.topLevelItemCount() > 0, "no case timescales were worked out"
    first = tab.table.topLevelItem(0)
    return f"{len(events)} events; plan from '{tab.start.currentText()}': {first.text(1).strip()} due {first.text(0)}"


def check_bookmark(ctx: Context) -> str:
    """Add, read and remove a bookmark through the real panel and store (in the temporary data folder)."""
    import time as _time

    panel = ctx.window.bookmarks
    assert panel.store is not None, f"bookmarks unavailable: {panel.notice.text()}"
    section = next(iter(ctx.guide.sections.values()))
    started = _time.perf_counter()
    b = panel.store.bookmarks.add(section.id, "", section_title=section.title, note="self-test")
    added_ms = (_time.perf_counter() - started) * 1000
    panel.reload()
    ctx.process()
    assert panel.index_of_bookmark(b.id).isValid(), "the new bookmark is not in the panel"
    assert panel.store.bookmarks.get(b.id).note == "self-test", "the bookmark did not read back"
    panel.delete([b.id])
    assert panel.store.bookmarks.find(section.id) is None, "the bookmark was not removed"
    panel.undo_delete()
    assert panel.store.bookmarks.find(section.id) is not None, "undo did not bring the bookmark back"
    panel.delete([b.id])
    return f"added, read, removed and restored a bookmark in {panel.store.path.parent} (add {added_ms:.1f} ms)"


def check_search(ctx: Context) -> str:
    window = ctx.window
    service = window.search_service
    failures: list[str] = [service.error] if service.error else []  # it may have failed already
    service.failed.connect(failures.append)
    started = time.perf_counter()
    deadline = started + 30
    while not service.is_ready and not failures and time.perf_counter() < deadline:
        ctx.process(1)
        time.sleep(0.01)
    assert not failures, f"search could not start: {failures[0] if failures else ''}"
    assert service.is_ready, ("the search index was not ready within 30 s (nothing failed; the "
                              "machine may be very busy)")
    ready_in = time.perf_counter() - started
    target = next(s for s in ctx.guide.sections.values() if s.id != ctx.guide.home)
    response = service.search_now(target.title)
    assert response.results, f"searching for {target.title!r} found nothing"
    ids = [r.section_id for r in response.results[:3]]
    assert target.id in ids, f"searching for {target.title!r} did not rank its section in the top 3 ({ids})"
    top = next(r for r in response.results if r.section_id == target.id)
    window.open_search_result(top.section_id, top.anchor, list(top.highlight_terms))
    ctx.process()
    assert window.reader.current_section == target.id, "opening the result did not open its section"
    assert window.reader.hit_count() > 0, "the hits were not highlighted in the page"
    return (f"index {service.manager.source} ({ready_in:.2f} s); '{target.title}' → {target.id}, "
            f"{window.reader.hit_count()} hits highlighted")


def check_library(ctx: Context) -> str:
    """Add a generated document (a saved GOV.UK-style page) through the window, find it in the
    contents, search it with the guide, open the hit; then remove it again."""
    from pathlib import Path

    from app.library.sample import sample_html

    window, actions = ctx.window, ctx.window.library_actions
    marker = "selftestquokka"
    ended: list[str] = []
    added: list[str] = []
    actions.import_ended.connect(ended.append)
    actions.document_added.connect(added.append)
    with tempfile.TemporaryDirectory(prefix="wt-reader-self-test-doc-") as folder:
        page = Path(folder) / "self-test-handbook.html"
        page.write_text(sample_html("Self-test Handbook 2026", marker=marker), encoding="utf-8")
        started = time.perf_counter()
        assert actions.add_file(page), "an import was already running"
        while not ended and time.perf_counter() - started < 60:
            ctx.process(1)
            time.sleep(0.01)
    assert added, f"the document was not added: {ended[0] if ended else 'no answer within 60 s'}"
    import_s = time.perf_counter() - started
    doc_id = added[0]
    try:
        assert window.contents.document_book(doc_id) is not None, "the document is not in the contents"
        response = window.search_service.search_now(marker)
        assert response.results and response.results[0].document == doc_id, f"searching {marker!r} missed it"
        top = response.results[0]
        assert "paragraph" in top.citation, f"no paragraph in the citation {top.citation!r}"
        window.open_search_result(top.section_id, top.anchor, list(top.highlight_terms))
        ctx.process()
        assert window.reader.current_section == top.section_id, "opening the hit did not open its chapter"
        assert window.reader.hit_count() > 0, "the hit was not highlighted"
    finally:
        window.library.store.remove(doc_id)  # never left in a library, even a --data-dir one
        window.contents.remove_document(doc_id)
    return f"added in {import_s:.2f} s, found and cited: {top.citation}"


CHECKS: list[Callable[[Context], str]] = [check_open_section, check_follow_link_and_back, check_search,
                                          check_timeline, check_bookmark, check_library]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("self-test", help="start the window, exercise the main features, exit 0 if all work")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from app import paths
    from app.cli import load_guide_or_fail

    guide = load_guide_or_fail(args)
    with tempfile.TemporaryDirectory(prefix="wt-reader-self-test-") as tmp:
        paths.set_data_dir(tmp)  # closing the window saves its state: never into the user's folder
        from app.ui.application import create_main_window, install_qt_logging, make_application

        started = time.perf_counter()
        app = make_application([sys.argv[0]])
        install_qt_logging()
        window = create_main_window(guide)
        window.show()
        ctx = Context(app, window, guide)
        ctx.process()
        print(f"window shown in {time.perf_counter() - started:.2f} s ({os.environ.get('QT_QPA_PLATFORM') or 'default'} platform)")
        failures = 0
        for check in CHECKS:
            name = check.__name__.removeprefix("check_").replace("_", " ")
            try:
                print(f"ok    {name}: {check(ctx)}")
            except Exception as exc:  # noqa: BLE001 - a self-test reports every failure
                failures += 1
                print(f"FAIL  {name}: {type(exc).__name__}: {exc}")
        window.close()
        from app.store.shared import close_shared_stores

        close_shared_stores()  # before the temporary data folder goes
        ctx.process()
        paths.set_data_dir(args.data_dir)
    print("self-test passed" if not failures else f"self-test failed: {count(failures, 'check')}")
    return 0 if not failures else 1
