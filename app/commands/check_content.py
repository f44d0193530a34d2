"""wt-reader check-content [DIR]: validate the guide's content, exit 1 on any problem."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.wording import count


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check-content", help="check the guide's content and report every problem")
    p.add_argument("dir", nargs="?", help="content folder (default: the bundled content)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from app.cli import CliError, content_dir_from
    from app.guide import ContentError, load_guide

    root = Path(args.dir) if args.dir else content_dir_from(args)
    if not root.is_dir():
        raise CliError(f"content folder not found: {root}")
    try:
        guide = load_guide(root)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{count(len(exc.problems), 'problem')}: the content cannot be loaded")
        return 1
    for problem in guide.problems:
        print(problem)
    words = sum(len(s.body.split()) for s in guide.sections.values())
    summary = (
        f"{len(guide.sections)} sections in {len(guide.parts)} parts, {words} words, "
        f"{len(guide.glossary)} glossary terms, {len(guide.timeline)} timeline events, "
        f"{len(guide.timescales)} timescale steps"
    )
    if guide.problems:
        print(f"{count(len(guide.problems), 'problem')}; {summary}")
        return 1
    print(f"OK: {summary}")
    return 0
