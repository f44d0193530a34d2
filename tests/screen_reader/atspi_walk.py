"""Walk the running app through AT-SPI, the interface Orca reads, and report what it finds.

Run by tests/ui/test_screen_reader.py with Debian's /usr/bin/python3 (python3-pyatspi), inside
a D-Bus session with an X server: `atspi_walk.py APP_NAME [--press LINK] -- COMMAND...` starts
COMMAND, waits for APP_NAME on the accessibility bus, drives a search through AT-SPI itself,
presses the page's link named LINK through its AT-SPI Action (as a screen reader's "activate"
would) and reads the page it leads to, and prints one JSON object of findings (the test decides
what passes). Nothing here imports the app.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

import pyatspi  # noqa: E402

SEARCH_TEXT = "icpc"


def pump(seconds: float, until=None) -> bool:
    """Run the GLib loop (AT-SPI events arrive through it) until `until()` or time is up."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        if until is not None and until():
            return True
        time.sleep(0.05)
    return bool(until and until())


def find_app(name: str):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == name:
            return app
    return None


def walk(acc, depth=0):
    if acc is None or depth > 40:
        return
    yield acc
    try:
        count = acc.childCount
    except Exception:  # an object gone while walking
        return
    for i in range(min(count, 400)):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def describe(acc) -> dict:
    states = acc.getState()
    labels = []
    for rel in acc.getRelationSet():
        if rel.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            labels += [rel.getTarget(i).name for i in range(rel.getNTargets()) if rel.getTarget(i) is not None]
    try:
        attrs = dict(a.split(":", 1) for a in acc.getAttributes() if ":" in a)
    except Exception:
        attrs = {}
    parent = acc.parent
    return {
        "role": acc.getRoleName(),
        "parent_role": parent.getRoleName() if parent is not None else "",
        "name": acc.name or "",
        "description": acc.description or "",
        "labelled_by": labels,
        "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
        "showing": states.contains(pyatspi.STATE_SHOWING),
        "attributes": attrs,
    }


def describe_page_node(acc) -> dict:
    """What a screen reader learns of one node of the page: role, name, attributes (a heading's
    "level"), its actions, and for a table cell its row, column and column header cells."""
    found = describe(acc)
    found["interfaces"] = sorted(acc.get_interfaces())
    if "Action" in found["interfaces"]:
        found["actions"] = [Atspi.Action.get_action_name(acc, i) for i in range(Atspi.Action.get_n_actions(acc))]
    if "TableCell" in found["interfaces"]:
        _ok, row, column = Atspi.TableCell.get_position(acc)
        found["row"], found["column"] = row, column
        found["column_headers"] = [h.name for h in Atspi.TableCell.get_column_header_cells(acc) or []]
    return found


def text_of(acc) -> str:
    try:
        text = acc.queryText()
        return text.getText(0, text.characterCount)
    except NotImplementedError:
        return ""


def headings_of(reader) -> list[str]:
    return [a.name for a in walk(reader) if a.getRoleName() == "heading"]


def press_link(reader, name: str) -> dict:
    """Move the keyboard to the page's link called `name` (AT-SPI grab focus), then press it
    through its Action and wait for the page to change."""
    link = next((a for a in walk(reader) if a.getRoleName() == "link" and a.name == name), None)
    if link is None:
        return {"error": f"no link named {name!r} on the page"}
    if "Action" not in link.get_interfaces():
        return {"error": f"the link {name!r} has no AT-SPI Action interface", "link": describe_page_node(link)}
    grabbed = Atspi.Component.grab_focus(link)
    def selection() -> str:  # the page's keyboard place: the text Enter would act on
        text = reader.queryText()
        return text.getText(*text.getSelection(0)) if text.getNSelections() else ""
    pump(10, lambda: selection() == name)
    selected = selection()
    link.clear_cache()  # libatspi keeps states it has seen; the page sends no change for a node
    focused = link.getState().contains(pyatspi.STATE_FOCUSED)  # needs the window to be active
    before, info = headings_of(reader), describe_page_node(link)  # the link goes with its page
    done = Atspi.Action.do_action(link, 0)
    changed = pump(15, lambda: headings_of(reader) not in (before, []))
    return {"link": info, "grabbed_focus": bool(grabbed), "focused": focused, "selected": selected, "done": bool(done),
            "page_changed": changed, "headings_before": before}


def main() -> int:
    app_name, command = sys.argv[1], sys.argv[sys.argv.index("--") + 1:]
    options = sys.argv[2:sys.argv.index("--")]
    press = options[options.index("--press") + 1] if "--press" in options else ""
    announcements: list[str] = []

    def on_announcement(event) -> None:
        announcements.append(str(event.any_data))

    pyatspi.Registry.registerEventListener(on_announcement, "object:announcement")
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb")
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    report: dict = {"found": False}
    try:
        app = None
        if pump(60, lambda: find_app(app_name) is not None):
            app = find_app(app_name)
        if app is None:
            report["error"] = f"{app_name!r} never appeared on the accessibility bus"
            return 0
        report["found"] = True
        # The panels are built just after the first paint: wait for the search box.
        def search_box():
            for acc in walk(app):
                if acc.getRoleName() == "text" and acc.name == "Search the guide":
                    return acc
            return None
        pump(30, lambda: search_box() is not None)
        report["before_search"] = [describe(a) for a in walk(app)]
        box = search_box()
        if box is None:
            report["error"] = "no text field named 'Search the guide'"
            return 0
        panel = box.parent
        box.queryEditableText().setTextContents(SEARCH_TEXT)  # as a screen reader user's typing would
        def status_says_results():
            return any("result" in (a.name or "").lower() and a.getRoleName() == "label" for a in walk(panel))
        pump(30, status_says_results)
        pump(3, lambda: any("result" in a.lower() for a in announcements))
        report["after_search"] = [describe(a) for a in walk(app)]
        report["announcements"] = list(announcements)
        reader = next((a for a in walk(app) if a.name == "Guide text"), None)
        report["reader"] = [describe(a) for a in walk(reader)] if reader is not None else []
        report["reader_text"] = text_of(reader)[:2000] if reader is not None else ""
        if press and reader is not None:
            report["pressed"] = press_link(reader, press)
            report["reader_after_press"] = [describe_page_node(a) for a in walk(reader)]
    except Exception as exc:  # the app went away mid-walk (a crash): say so, do not hang
        report["error"] = f"walking the tree failed: {exc}"
    finally:
        print(json.dumps(report))
        proc.terminate()
        try:
            _out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
        if err and not report.get("found"):
            print(err[-3000:], file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
