"""Ed25519 keys for signing packs: key files, public key text and fingerprints.

A private key file holds one line, `wt-reader-ed25519-private <base64 seed>`; a public key
is the text `wt-reader-ed25519 <base64 key>` (a file holding it, or the text itself). The
fingerprint people compare by phone or email is the sha256 of the public key's bytes, first
16 bytes, in groups of four hex digits.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from app.packs import PackRefused

PUBLIC_PREFIX = "wt-reader-ed25519"
PRIVATE_PREFIX = "wt-reader-ed25519-private"
KEY_BYTES = 32


def fingerprint(public_key: bytes) -> str:
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def public_text(public_key: bytes) -> str:
    return f"{PUBLIC_PREFIX} {base64.b64encode(public_key).decode('ascii')}"


def _decode(text: str, prefix: str, what: str) -> bytes:
    parts = text.strip().split()
    if len(parts) > 2 and parts[0] == prefix:
        parts = [prefix, "".join(parts[1:])]  # an email client broke the line: join it again
    if len(parts) != 2 or parts[0] != prefix:
        raise PackRefused(f"This is not a {what} (it should be one line starting '{prefix} ').")
    try:
        raw = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise PackRefused(f"This {what} is damaged (its key is not valid base64).") from None
    if len(raw) != KEY_BYTES:
        raise PackRefused(f"This {what} is damaged (an Ed25519 key is {KEY_BYTES} bytes, not {len(raw)}).")
    return raw


PRIVATE_GIVEN = ("This is a private key, which stays with whoever signs the packs and is never given out; "
                 "ask for the public key instead (the .pub file or the line 'pack keygen' printed).")


def parse_public(text: str) -> bytes:
    """The key in a public key's text; a private key's text is refused without being repeated."""
    if text.strip().startswith(PRIVATE_PREFIX):
        raise PackRefused(PRIVATE_GIVEN)
    return _decode(text, PUBLIC_PREFIX, "wt-reader public key")


def read_public_file(path: Path) -> bytes:
    """The public key in a file as `pack keygen` saves it (KEYFILE.pub)."""
    path = Path(path)
    try:
        if path.stat().st_size > 4096:
            raise PackRefused(f"{path.name} is too large to be a public key file.")
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise PackRefused(f"No public key file at {path}.") from None
    except IsADirectoryError:
        raise PackRefused(f"{path} is a folder, not a public key file.") from None
    except OSError as exc:
        raise PackRefused(f"The public key file {path} cannot be read ({exc.strerror}).") from None
    return parse_public(text)


def read_public(value: str) -> bytes:
    """A public key from a file name or from the key text itself."""
    candidate = value.strip()
    if candidate.startswith(PUBLIC_PREFIX + " ") or candidate.startswith(PRIVATE_PREFIX + " "):
        return parse_public(candidate)
    return read_public_file(Path(value))


def generate(out: Path) -> bytes:
    """Write a new private key to `out` (readable by its owner only); returns the public key."""
    key = SigningKey.generate()
    seed = base64.b64encode(bytes(key)).decode("ascii")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(out, flags, 0o600)
    except FileExistsError:
        raise PackRefused(f"{out} already exists; a key file is never overwritten.") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(f"{PRIVATE_PREFIX} {seed}\n")
    return bytes(key.verify_key)


def read_private(path: Path) -> SigningKey:
    try:
        text = Path(path).read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        raise PackRefused(f"No key file at {path}.") from None
    except OSError as exc:
        raise PackRefused(f"The key file {path} cannot be read ({exc.strerror}).") from None
    return SigningKey(_decode(text, PRIVATE_PREFIX, "wt-reader private key file"))


def sign(key: SigningKey, message: bytes) -> bytes:
    return key.sign(message).signature


def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        VerifyKey(public_key).verify(message, signature)
        return True
    except (BadSignatureError, ValueError, TypeError):
        return False
