"""wt-reader trust add PUBLIC_KEY --name NAME | trust list [--json]"""
from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("trust", help="the keys whose content packs this app installs")
    actions = p.add_subparsers(dest="trust_action", metavar="ACTION", required=True)
    a = actions.add_parser("add", help="trust a partnership's key for local packs (shows its fingerprint)")
    a.add_argument("public_key", metavar="PUBLIC_KEY", help="a public key file, or the key text")
    a.add_argument("--name", required=True, help="the partnership's name, shown on its pages")
    listing = actions.add_parser("list", help="list the trusted keys")
    listing.add_argument("--json", action="store_true")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from app.cli import CliError
    from app.packs import PackRefused, keys
    from app.packs.service import trust_store

    store = trust_store()
    if args.trust_action == "add":
        try:
            key, added = store.add(keys.read_public(args.public_key), args.name)
        except PackRefused as exc:
            raise CliError(str(exc)) from exc
        if added:
            print(f"Trusted {key.name!r} for local packs. Fingerprint: {key.fingerprint}")
            print("Check this fingerprint with the partnership (by phone or in person) before using its packs.")
        else:
            print(f"This key is already trusted as {key.name!r}. Fingerprint: {key.fingerprint}")
        return 0
    rows = [{"name": k.name, "fingerprint": k.fingerprint, "kinds": list(k.kinds), "builtin": k.builtin,
             "added": k.added} for k in store.all()]
    if args.json:
        print(json.dumps({"keys": rows}, indent=2))
        return 0
    for row in rows:
        origin = "shipped with the app" if row["builtin"] else f"added {row['added']}"
        print(f"{row['name']}\n  fingerprint {row['fingerprint']}\n  signs {' and '.join(row['kinds'])} packs; {origin}")
    return 0
