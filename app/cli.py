"""Command line: the GUI by default, and subcommands for scripts and checks.

Each subcommand lives in app/commands/<name>.py with `add_parser(subparsers)` and
`run(args) -> int`; list it in COMMANDS. Errors end with a one-line message and a non-zero exit.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

from app import APP_NAME, __version__, paths
from app.logs import setup_logging

COMMANDS = (
    "check_content",
    "search",
    "index",
    "bookmarks",
    "documents",
    "timescales",
    "self_test",
    "desktop_entry",
    "pack",
    "trust",
    "update",
    "changes",
)

log = logging.getLogger(__name__)


class CliError(Exception):
    """A problem to report as one line and exit code 2."""


def _command_modules() -> list:
    modules = []
    for name in COMMANDS:
        try:
            modules.append(importlib.import_module(f"app.commands.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"app.commands.{name}":
                raise
    return modules


class _VersionAction(argparse.Action):
    """--version: the app's version and the content's (installed update or bundled)."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the app and content versions and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from app.packs.service import version_text

        paths.set_data_dir(getattr(namespace, "data_dir", None))
        print(version_text(__version__))
        parser.exit()


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line, or (with_commands=False) just the options of the window."""
    parser = argparse.ArgumentParser(
        prog="wt-reader",
        description=f"{APP_NAME}: an offline practitioner's guide to Working Together to Safeguard Children.",
        epilog="With no command, the reader window opens.",
        add_help=with_commands,
        exit_on_error=with_commands,
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--data-dir", metavar="DIR", help="keep all user data (settings, bookmarks, index, log) in DIR")
    parser.add_argument("--content-dir", metavar="DIR", help="read the guide from DIR instead of the bundled content")
    parser.add_argument("--section", metavar="ID", help="open this section at start")
    if with_commands:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        for module in _command_modules():
            module.add_parser(sub)
    else:
        parser.set_defaults(command=None)
    return parser


# What the window's options are when none is given (build_parser(with_commands=False) agrees;
# tests/unit/test_cli.py checks).
WINDOW_DEFAULTS = {"command": None, "data_dir": None, "content_dir": None, "section": None}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    # Opening the window, the usual case, needs none of the subcommands: importing them all to
    # build the full parser costs more than a tenth of the start-up, and started from a menu or
    # a shortcut there is nothing to parse at all. Anything else (a command, --help, a mistake)
    # gets the full parser and its messages.
    if not (sys.argv[1:] if argv is None else argv):
        return argparse.Namespace(**WINDOW_DEFAULTS)
    try:
        args, rest = build_parser(with_commands=False).parse_known_args(argv)
        if not rest:
            return args
    except argparse.ArgumentError:
        pass
    return build_parser().parse_args(argv)


def content_dir_from(args: argparse.Namespace):
    from pathlib import Path

    return Path(args.content_dir) if getattr(args, "content_dir", None) else paths.guide_content_dir()


def load_guide_fast(args: argparse.Namespace):
    """The guide from the start-up cache when it is current (app/guide/cache.py), else its files."""
    from app.guide.cache import load_guide_cached

    return load_guide_cached(content_dir_from(args), paths.guide_cache_file(), paths.prebuilt_guide_cache())


def load_guide_or_fail(args: argparse.Namespace):
    """The guide, or a CliError saying why there is none."""
    from app.guide import ContentError

    try:
        return load_guide_fast(args)
    except ContentError as exc:
        first = exc.problems[0] if exc.problems else "no content"
        raise CliError(f"cannot load the guide: {first}") from exc


def _run_gui(args: argparse.Namespace) -> int:
    # The guide is loaded before Qt is imported: once PySide6 is in, every further import pays
    # for its import hook, and nothing in the guide needs Qt.
    from app.guide import ContentError

    try:
        guide, failure = load_guide_fast(args), None
    except ContentError as exc:
        guide, failure = None, exc
    from app.ui.application import run_gui

    return run_gui(args, guide, failure)


def _stdout_closed() -> int:
    """The reader of our output went away (`wt-reader search x | head -1`): stop quietly.

    As the Python docs advise for SIGPIPE: point stdout at devnull so the flush at exit does
    not fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        paths.set_data_dir(args.data_dir)
        setup_logging(paths.log_file(), console=args.command is not None)
        if args.command is None:
            return _run_gui(args)
        code = int(args.run(args) or 0)
        sys.stdout.flush()  # here, not at exit, so a closed pipe is caught below
        return code
    except BrokenPipeError:
        return _stdout_closed()
    except CliError as exc:
        print(f"wt-reader: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"wt-reader: {exc}", file=sys.stderr)
        return 2
