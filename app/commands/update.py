"""wt-reader update FILE.wtpack [--yes] | update --rollback"""
from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("update", help="install a signed content pack (.wtpack), or roll back the last one")
    p.add_argument("file", nargs="?", metavar="FILE.wtpack")
    p.add_argument("--yes", action="store_true", help="install without asking")
    p.add_argument("--rollback", action="store_true", help="go back to the content in use before the last update")
    p.set_defaults(run=run)


def describe(prepared) -> list[str]:
    """The summary a user confirms: who signed it, what it is, what it changes."""
    from app.packs.changes import summary_lines
    from app.packs.whats_new import date_label

    m, signer = prepared.manifest, prepared.pack.signer
    what = "Guide content" if m.kind == "guide" else "Local content"
    lines = [f"{what} update from {signer.name} (key {signer.fingerprint})",
             f"Version {m.content_version} of {date_label(m.date.isoformat())}"
             + (f", replacing {prepared.changes['from']}" if prepared.changes.get("from")
                and not prepared.changes.get("replaces_local") else "")]
    if m.note:
        lines.append(m.note)
    if prepared.changes.get("replaces_local"):
        lines.append(f"This replaces the local pages of {prepared.changes['replaces_local']}.")
    lines += [f"  {line}" for line in summary_lines(prepared.changes)]
    return lines


def run(args: argparse.Namespace) -> int:
    from app.cli import CliError, load_guide_or_fail
    from app.packs import PackRefused
    from app.packs import service

    if args.rollback == bool(args.file):
        raise CliError("give either a pack file to install or --rollback")
    if args.rollback:
        try:
            state = service.roll_back()
        except PackRefused as exc:
            raise CliError(str(exc)) from exc
        what = "local content" if state.changes.get("kind") == "local" else "guide content"
        print(f"Rolled back the {what}: {state.changes.get('from')} → {state.changes.get('to') or 'none'}.")
        return 0
    guide = load_guide_or_fail(args)
    try:
        prepared = service.prepare_update(args.file, guide)
    except PackRefused as exc:
        raise CliError(str(exc)) from exc
    try:
        print("\n".join(describe(prepared)))
        if not args.yes:
            try:
                answer = input("Install it? [y/N] ") if sys.stdin and sys.stdin.isatty() else ""
            except EOFError:
                answer = ""
            if answer.strip().lower() not in ("y", "yes"):
                prepared.discard()
                print("Nothing was installed (give --yes to install without asking).", file=sys.stderr)
                return 1
        layer = service.install(prepared)
    except BaseException:
        prepared.discard()
        raise
    print(f"Installed {layer.kind} content {layer.version}. Search is rebuilt when next used; "
          "'wt-reader update --rollback' goes back.")
    return 0
