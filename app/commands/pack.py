"""wt-reader pack keygen --out KEYFILE | pack build CONTENT_DIR --key KEYFILE --out FILE.wtpack [--local NAME]"""
from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pack", help="make signing keys and signed content packs (.wtpack)")
    actions = p.add_subparsers(dest="pack_action", metavar="ACTION", required=True)
    k = actions.add_parser("keygen", help="make a signing key: private key to KEYFILE, public key printed")
    k.add_argument("--out", required=True, metavar="KEYFILE")
    b = actions.add_parser("build", help="check a content folder and sign it into a pack")
    b.add_argument("content_dir", metavar="CONTENT_DIR")
    b.add_argument("--key", required=True, metavar="KEYFILE", help="private key made by 'pack keygen'")
    b.add_argument("--out", required=True, metavar="FILE.wtpack")
    b.add_argument("--local", metavar="NAME", help="a partnership's local pack, published as NAME")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from app.cli import CliError
    from app.packs import PackRefused, keys

    try:
        if args.pack_action == "keygen":
            out = Path(args.out)
            public = keys.generate(out)
            text = keys.public_text(public)
            pub_file = out.with_name(out.name + ".pub")
            if not pub_file.exists():
                pub_file.write_text(text + "\n", encoding="ascii")
            print(text)
            print(f"Fingerprint: {keys.fingerprint(public)}")
            print(f"Private key written to {out} (keep it secret; anyone with it can sign packs as you).")
            print(f"Public key also written to {pub_file}: send it to those who will trust it (Help › Trusted publishers… or 'wt-reader trust add').")
            return 0
        from app.packs.build import build_pack

        manifest = build_pack(Path(args.content_dir), Path(args.key), Path(args.out), args.local)
    except PackRefused as exc:
        raise CliError(str(exc)) from exc
    size = Path(args.out).stat().st_size
    print(f"Built {args.out}: {manifest['kind']} pack, version {manifest['content_version']} of "
          f"{manifest['date']}, {len(manifest['files'])} files, {size / 1024:.0f} KB.")
    return 0
