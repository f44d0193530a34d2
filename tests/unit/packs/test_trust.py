"""Trusting and no longer trusting a partnership's key, as the window's Trusted publishers does it."""
from __future__ import annotations

import pytest
from packkit import local_content

from app.packs import PackRefused, keys
from app.packs.layers import prepare
from app.packs.trust import PROJECT_NAME
from app.packs.verify import UnknownSigner

NAME = "Testshire Safeguarding Partnership"


def _public_file(kit, name="testshire"):
    private = kit.tmp / f"{name}.key"
    public = keys.generate(private)
    pub = kit.tmp / f"{name}.key.pub"  # as 'pack keygen' saves it
    pub.write_text(keys.public_text(public) + "\n", encoding="ascii")
    return private, pub, public


def test_a_public_key_file_reads_as_pack_keygen_saved_it(kit):
    _private, pub, public = _public_file(kit)
    assert keys.read_public_file(pub) == public
    assert keys.read_public(str(pub)) == public and keys.read_public(pub.read_text()) == public


def test_a_key_an_email_broke_over_lines_is_read_whole(kit):
    _private, _pub, public = _public_file(kit)
    prefix, body = keys.public_text(public).split()
    broken = f"{prefix}\n{body[:20]}\r\n{body[20:]}\n"  # as pasted from a wrapped email
    assert keys.parse_public(broken) == public
    assert keys.fingerprint(keys.parse_public(broken)) == keys.fingerprint(public)


def test_a_private_key_is_refused_without_repeating_it(kit):
    private, _pub, _public = _public_file(kit)
    secret = private.read_text().split()[1]
    for attempt in (lambda: keys.read_public_file(private), lambda: keys.parse_public(private.read_text()),
                    lambda: keys.read_public(str(private)), lambda: keys.read_public(private.read_text())):
        with pytest.raises(PackRefused) as info:
            attempt()
        assert "private key" in str(info.value) and secret not in str(info.value)
        assert secret[:8] not in str(info.value)


@pytest.mark.parametrize("text, said", [
    ("hello", "not a wt-reader public key"),
    ("wt-reader-ed25519 AAAA", "32 bytes, not 3"),
    ("wt-reader-ed25519 not*base64", "not valid base64"),
    ("", "not a wt-reader public key"),
])
def test_text_that_is_not_a_public_key_is_refused_in_one_sentence(text, said):
    with pytest.raises(PackRefused) as info:
        keys.parse_public(text)
    assert said in str(info.value) and "\n" not in str(info.value)


def test_check_new_refuses_an_empty_name_a_taken_name_and_a_trusted_key_and_writes_nothing(kit):
    _private, _pub, public = _public_file(kit)
    assert kit.trust.check_new(public, "  Testshire   Safeguarding Partnership ") == NAME
    assert not kit.trust.file.exists()  # checking writes nothing
    with pytest.raises(PackRefused, match="name is empty"):
        kit.trust.check_new(public, "   ")
    with pytest.raises(PackRefused, match="already trusted; choose another name"):
        kit.trust.check_new(public, PROJECT_NAME.upper())
    kit.trust.add(public, NAME)
    before = kit.trust.file.read_bytes()
    with pytest.raises(PackRefused, match=f"already trusted as '{NAME}'"):
        kit.trust.check_new(public, "Another name")
    other = keys.generate(kit.tmp / "other.key")
    with pytest.raises(PackRefused, match="choose another name"):
        kit.trust.check_new(other, NAME.lower())
    assert kit.trust.file.read_bytes() == before


def test_a_removed_key_no_longer_signs_and_the_project_key_cannot_be_removed(kit):
    private, _pub, public = _public_file(kit)
    other = kit.partnership_key("Otherton Children's Partnership")
    kit.trust.add(public, NAME)
    pack = kit.pack(local_content(kit.tmp), key=private, local=NAME)
    prepare(pack, kit.trust, kit.root, None).discard()  # trusted: it verifies
    removed = kit.trust.remove(public)
    assert removed.name == NAME and removed.fingerprint == keys.fingerprint(public)
    assert [k.name for k in kit.trust.all()] == [PROJECT_NAME, "Otherton Children's Partnership"]
    assert other.exists()
    with pytest.raises(UnknownSigner):
        prepare(pack, kit.trust, kit.root, None)
    with pytest.raises(PackRefused, match="not trusted; nothing was changed"):
        kit.trust.remove(public)
    project = kit.trust.all()[0]
    with pytest.raises(PackRefused, match="comes with the app and cannot be removed"):
        kit.trust.remove(project.public_key)
    assert kit.trust.all()[0] == project


def test_an_unknown_signer_names_the_stated_publisher_and_the_window_s_way_to_trust_it(kit):
    private, _pub, public = _public_file(kit)
    with pytest.raises(UnknownSigner) as info:
        prepare(kit.pack(local_content(kit.tmp), key=private, local=NAME), kit.trust, kit.root, None)
    refusal = info.value
    assert refusal.fingerprint == keys.fingerprint(public) and refusal.publisher == NAME
    assert str(refusal).endswith("ask IT to add it with 'wt-reader trust add'.")
    assert refusal.in_window == (
        f"This pack says it is from {NAME}, but it is signed by a key this app does not trust (fingerprint "
        f"{keys.fingerprint(public)}). If {NAME} gave you its key, add it in Help › Trusted publishers…, "
        "check the fingerprint, then install the pack again.")
