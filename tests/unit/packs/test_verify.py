"""A pack is installed only when a trusted key signed exactly what is in it, and it is safe to unpack."""
from __future__ import annotations

import json
import stat
import zipfile

import pytest
from packkit import newer_format, rezip

from app.packs import PackRefused, keys
from app.packs.layers import prepare
from app.packs.verify import open_pack


def refused(kit, path) -> str:
    with pytest.raises(PackRefused) as info:
        prepare(path, kit.trust, kit.root, None)
    message = str(info.value)
    assert "\n" not in message
    # nothing was left behind: no layer, no pointer, no staging
    assert not kit.root.exists() or not any(kit.root.iterdir())
    return message


def test_a_pack_signed_by_the_project_key_verifies(kit):
    pack = open_pack(kit.pack(kit.content("2027.1")), kit.trust)
    assert pack.signer.builtin and pack.manifest.kind == "guide"
    assert pack.manifest.content_version == "2027.1"
    assert "content/guide.yaml" in pack.manifest.files


def test_an_unknown_signer_is_refused_with_its_fingerprint(kit):
    stranger = kit.tmp / "stranger.key"
    public = keys.generate(stranger)
    message = refused(kit, kit.pack(kit.content(), key=stranger))
    assert keys.fingerprint(public) in message
    assert "does not trust" in message


def test_a_manifest_changed_after_signing_is_refused(kit):
    pack = kit.pack(kit.content())

    def lie(name, data):
        if name == "manifest.json":
            return data.replace(b'"2027.1"', b'"2099.1"')
        return data

    assert "signature does not match" in refused(kit, rezip(pack, kit.tmp / "lie.wtpack", lie))


def test_a_content_file_changed_after_signing_is_refused(kit):
    pack = kit.pack(kit.content())

    def edit(name, data):
        return data.replace(b"Social care, police", b"Only police") if name.endswith("strategy-discussion.md") else data

    assert "changed after signing" in refused(kit, rezip(pack, kit.tmp / "edit.wtpack", edit))


def test_a_file_the_manifest_does_not_list_is_refused(kit):
    pack = kit.pack(kit.content())
    with zipfile.ZipFile(pack, "a") as zf:
        zf.writestr("content/basics/extra.md", "---\nid: extra\n---\n")
    assert "does not list" in refused(kit, pack)


def test_a_missing_file_is_refused(kit):
    pack = kit.pack(kit.content())
    dropped = rezip(pack, kit.tmp / "drop.wtpack", lambda n, d: None if n.endswith("welcome.md") else d)
    assert "missing a file" in refused(kit, dropped)


def test_a_manifest_for_a_newer_format_is_refused(kit):
    pack = kit.pack(kit.content())
    assert "newer version of the app" in refused(kit, newer_format(pack, kit.tmp / "new.wtpack"))


@pytest.mark.parametrize("name", ["content/../../evil.md", "/etc/evil.md", "content/..\\evil.md",
                                  "C:/evil.md", "content/./x.md", "outside.md", "content/x.exe"])
def test_paths_outside_the_pack_folder_are_refused(kit, name):
    pack = kit.pack(kit.content())
    with zipfile.ZipFile(pack, "a") as zf:
        zf.writestr(name, "x")
    refused(kit, pack)
    assert not (kit.tmp / "evil.md").exists() and not (kit.data / "evil.md").exists()


def test_a_symlink_is_refused(kit):
    pack = kit.pack(kit.content())
    with zipfile.ZipFile(pack, "a") as zf:
        info = zipfile.ZipInfo("content/basics/points-elsewhere.md")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    assert "link or special file" in refused(kit, pack)


def test_a_duplicate_name_is_refused(kit):
    pack = kit.pack(kit.content())
    with pytest.warns(UserWarning):  # zipfile warns about the duplicate it is told to write
        with zipfile.ZipFile(pack, "a") as zf:
            zf.writestr("content/basics/welcome.md", "another welcome")
    assert "twice" in refused(kit, pack)


def test_names_differing_only_in_case_are_refused(kit):
    pack = kit.pack(kit.content())
    with zipfile.ZipFile(pack, "a") as zf:
        zf.writestr("content/basics/Welcome.md", "x")
    assert "twice" in refused(kit, pack)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(kit):
    pack = kit.pack(kit.content())
    with zipfile.ZipFile(pack, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("content/basics/bomb.md", b"\0" * (1900 * 1024))
    assert "zip bomb" in refused(kit, pack)


def test_a_file_over_the_size_cap_is_refused(kit):
    pack = kit.pack(kit.content())
    with zipfile.ZipFile(pack, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr("content/basics/huge.md", b"x" * (3 * 1024 * 1024))
    refused(kit, pack)


def test_a_header_that_lies_about_size_is_caught_while_unpacking(kit):
    """The manifest's size is what counts: a member longer than signed is refused."""
    content = kit.content()
    pack = kit.pack(content)

    def longer(name, data):
        return data + b"\nSneaked in." if name.endswith("welcome.md") else data

    assert "changed after signing" in refused(kit, rezip(pack, kit.tmp / "long.wtpack", longer))


def test_not_a_zip_is_refused(kit):
    path = kit.tmp / "notes.wtpack"
    path.write_text("hello")
    assert "not a valid zip" in refused(kit, path)


def test_content_that_fails_check_content_is_refused(kit):
    """A pack made by hand around bad content (pack build refuses it) is refused on install."""
    content = kit.content()
    pack = kit.pack(content)
    broken = b"---\nid: welcome\ntitle: Welcome\n---\nno summary, source or audience\n"
    m_bytes = None

    def swap(name, data):
        nonlocal m_bytes
        if name.endswith("welcome.md"):
            return broken
        if name == "manifest.json":
            import hashlib
            manifest = json.loads(data)
            manifest["files"]["content/basics/welcome.md"] = {"sha256": hashlib.sha256(broken).hexdigest(),
                                                              "size": len(broken)}
            m_bytes = json.dumps(manifest).encode()
            return m_bytes
        if name == "manifest.sig":
            sig = json.loads(data)
            import base64
            sig["signature"] = base64.b64encode(keys.sign(keys.read_private(kit.key), m_bytes)).decode()
            return json.dumps(sig).encode()
        return data

    message = refused(kit, rezip(pack, kit.tmp / "bad.wtpack", swap))
    assert "check-content" in message and "welcome.md" in message


def test_a_partnership_key_cannot_sign_the_national_guide(kit):
    key = kit.partnership_key("Testshire Safeguarding Partnership")
    message = refused(kit, kit.pack(kit.content(), key=key))
    assert "local packs only" in message


def test_pack_build_refuses_content_that_fails_the_check(kit):
    content = kit.content()
    (content / "basics" / "welcome.md").write_text("no front matter")
    with pytest.raises(PackRefused, match="check-content"):
        kit.pack(content)
