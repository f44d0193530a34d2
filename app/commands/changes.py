"""wt-reader changes [--json]: what the last content update (or rollback) changed."""
from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("changes", help="what the last content update changed")
    p.add_argument("--json", action="store_true", help='{"from", "to", "added", "changed", "removed", ...}')
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from app.packs.changes import summary_lines
    from app.packs.service import last_changes

    changes = last_changes()
    if args.json:
        print(json.dumps(changes, indent=2, ensure_ascii=False))
        return 0
    if changes.get("from") is None and not changes.get("added"):
        print(f"No content update has been installed; the bundled content {changes.get('to')} is in use.")
        return 0
    head = f"{'Local' if changes.get('kind') == 'local' else 'Guide'} content {changes.get('from') or 'none'} → {changes.get('to')}"
    if changes.get("date"):
        head += f" ({changes['date']}, {changes.get('publisher')})"
    print(head)
    if changes.get("note"):
        print(changes["note"])
    for line in summary_lines(changes):
        print(f"  {line}")
    for key in ("added", "changed", "removed"):
        for item in changes.get(key) or []:
            extra = f" (was {item['replaces']})" if item.get("replaces") else ""
            note = f": {item['note']}" if item.get("note") else ""
            print(f"  {key:<8} {item['id']}{extra}{note}")
    return 0
