"""wt-reader install-desktop-entry [--remove]: add the app to the Linux applications menu, per user.

Writes only inside the user's own folders (no admin rights): the .desktop file and the icon
under $XDG_DATA_HOME (normally ~/.local/share).
"""
from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("install-desktop-entry", help="Linux: add the app to your applications menu (per user)")
    p.add_argument("--remove", action="store_true", help="remove the menu entry and icon again")
    p.set_defaults(run=run)


def _launch_command() -> str:
    if getattr(sys, "frozen", False):
        return shlex.quote(str(Path(sys.executable).resolve()))
    found = shutil.which("wt-reader")
    if found:
        return shlex.quote(found)
    return f"{shlex.quote(sys.executable)} -m app"


def run(args: argparse.Namespace) -> int:
    from app import paths
    from app.cli import CliError

    if not sys.platform.startswith("linux"):
        raise CliError("desktop entries are for Linux; on Windows and macOS use the bundle's shortcut (see README)")
    share = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    entry = share / "applications" / "wt-reader.desktop"
    icon = share / "icons" / "hicolor" / "256x256" / "apps" / "wt-reader.png"
    if args.remove:
        for path in (entry, icon):
            path.unlink(missing_ok=True)
        print("Removed the menu entry.")
        return 0
    template = paths.resource("wt-reader.desktop").read_text(encoding="utf-8")
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(paths.resource("icons/wt-reader.png"), icon)
    entry.write_text(template.replace("Exec=wt-reader", f"Exec={_launch_command()}"), encoding="utf-8")
    print(f"Added {entry}\nand the icon {icon}")
    return 0
