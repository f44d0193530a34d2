"""A writer process for the kill and concurrency tests: prints a line after each committed change.

usage: _writer.py DB PREFIX COUNT [--wait]
  --wait: print "ready" and wait for a line on stdin before writing.
Lines: "added ID SECTION", "noted SECTION NOTE", "deleted SECTION", "done".
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from app.store import open_store  # noqa: E402


def main() -> int:
    db, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_store(Path(db))
    out = sys.stdout
    if store.recovery is not None:
        out.write(f"recovered {store.recovery.reason}\n")
    out.write("ready\n")
    out.flush()
    if "--wait" in sys.argv:
        sys.stdin.readline()
    for i in range(count):
        section = f"{prefix}-{i}"
        b = store.bookmarks.add(section, "h", section_title=f"Section {section}", heading_text="Heading",
                                note="first " * 50)
        out.write(f"added {b.id} {section}\n")
        out.flush()
        store.bookmarks.update(b.id, note=f"final {section}")
        out.write(f"noted {section} final {section}\n")
        out.flush()
        store.history.record(section, f"Section {section}")
        if i % 3 == 2:
            store.bookmarks.delete(b.id)
            out.write(f"deleted {section}\n")
            out.flush()
    out.write("done\n")
    out.flush()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
