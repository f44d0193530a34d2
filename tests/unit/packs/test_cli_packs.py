"""wt-reader pack | trust | update | changes | --version: the command-line contract."""
from __future__ import annotations

import json

import pytest

from app import paths
from app.cli import main


@pytest.fixture
def cli(kit, monkeypatch, capsys):
    """The app's CLI with the kit's project key shipped and a small bundled guide."""
    bundled = kit.content("2026.1", name="bundled")
    monkeypatch.setattr(paths, "resources_dir", lambda: kit.resources)
    monkeypatch.setattr(paths, "content_dir", lambda: bundled)

    def run(*argv):
        try:
            code = main(["--data-dir", str(kit.data), *argv])
        except SystemExit as exit_:  # --version exits as argparse's own does
            code = exit_.code or 0
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_keygen_build_trust_update_changes_and_rollback(kit, cli, tmp_path):
    key = tmp_path / "partnership.key"
    code, out, _ = cli("pack", "keygen", "--out", str(key))
    assert code == 0 and out.startswith("wt-reader-ed25519 ")
    fingerprint = out.split("Fingerprint: ")[1].splitlines()[0]
    assert key.stat().st_mode & 0o077 == 0  # private key readable by its owner only

    local = kit.content("1", name="local")
    pack = tmp_path / "local.wtpack"
    code, out, _ = cli("pack", "build", str(local), "--key", str(key), "--out", str(pack),
                       "--local", "Testshire Safeguarding Partnership")
    assert code == 0 and pack.exists()

    code, _, err = cli("update", str(pack), "--yes")
    assert code != 0 and fingerprint in err and err.count("\n") == 1  # unknown signer: one sentence

    code, out, _ = cli("trust", "add", f"{key}.pub", "--name", "Testshire Safeguarding Partnership")
    assert code == 0 and fingerprint in out
    code, out, _ = cli("trust", "list", "--json")
    assert {k["name"] for k in json.loads(out)["keys"]} == {"Working Together Reader project",
                                                           "Testshire Safeguarding Partnership"}

    code, out, _ = cli("update", str(pack), "--yes")
    assert code == 0 and "Testshire Safeguarding Partnership" in out
    code, out, _ = cli("--version")
    assert "local content 1" in out and "guide content 2026.1" in out

    guide_pack = kit.pack(kit.content("2027.1"))
    code, out, err = cli("update", str(guide_pack))  # no --yes and no terminal: nothing installed
    assert code != 0 and "Nothing was installed" in err
    code, out, _ = cli("update", str(guide_pack), "--yes")
    assert code == 0
    code, out, _ = cli("--version")
    assert "guide content 2027.1" in out and "installed update" in out
    code, out, _ = cli("changes", "--json")
    changes = json.loads(out)
    assert {"from", "to", "added", "changed", "removed"} <= set(changes)
    assert (changes["from"], changes["to"]) == ("2026.1", "2027.1")

    code, out, _ = cli("update", "--rollback")
    assert code == 0
    code, out, _ = cli("--version")
    assert "guide content 2026.1 (bundled)" in out and "local content 1" in out


def test_refusals_are_one_sentence_with_a_non_zero_exit(kit, cli, tmp_path):
    bad = tmp_path / "bad.wtpack"
    bad.write_bytes(b"PK\x03\x04 not really")
    for argv in (("update", str(bad), "--yes"), ("update", "--rollback"), ("update", str(tmp_path / "none.wtpack")),
                 ("trust", "add", "wt-reader-ed25519 AAAA", "--name", "X"),
                 ("pack", "build", str(tmp_path), "--key", str(kit.key), "--out", str(tmp_path / "x.wtpack"))):
        code, out, err = cli(*argv)
        assert code != 0, argv
        assert err.startswith("wt-reader: ") and err.count("\n") == 1, (argv, err)
    assert not (kit.data / "content-layers" / "active.json").exists()


def test_changes_before_any_update_says_the_bundled_content_is_in_use(cli):
    code, out, _ = cli("changes")
    assert code == 0 and "bundled content 2026.1" in out


def test_the_guide_cache_and_search_index_follow_the_installed_layer(kit, cli):
    code, out, _ = cli("search", "zebracrossing", "--json")
    assert code == 0 and json.loads(out)["results"] == []
    new = kit.content("2027.1")
    page = new / "basics" / "welcome.md"
    page.write_text(page.read_text() + "\nA zebracrossing is new in this edition.\n")
    assert cli("update", str(kit.pack(new)), "--yes")[0] == 0
    code, out, _ = cli("search", "zebracrossing", "--json")
    assert [r["id"] for r in json.loads(out)["results"]] == ["welcome"]
    assert cli("update", "--rollback")[0] == 0
    code, out, _ = cli("search", "zebracrossing", "--json")
    assert json.loads(out)["results"] == []


def _resign(kit, pack, out, change):
    """A pack whose files `change(name, data)` edits, with a manifest re-made and re-signed by the
    project's key: only the check named by the test can catch it."""
    import base64
    import hashlib

    from packkit import rezip

    from app.packs import keys

    members = {}
    with __import__("zipfile").ZipFile(pack) as zf:
        for name in zf.namelist():
            members[name] = zf.read(name)
    manifest = json.loads(members["manifest.json"])
    for name in list(members):
        if name.startswith("content/"):
            data = change(name, members[name])
            members[name] = data
            manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    m_bytes = json.dumps(manifest).encode()
    sig = json.loads(members["manifest.sig"])
    sig["signature"] = base64.b64encode(keys.sign(keys.read_private(kit.key), m_bytes)).decode()

    def swap(name, data):
        return {"manifest.json": m_bytes, "manifest.sig": json.dumps(sig).encode()}.get(name, members[name])

    return rezip(pack, out, swap)


def _bad_signature(kit, pack, out):
    from packkit import rezip

    def flip(name, data):
        if name != "manifest.sig":
            return data
        sig = json.loads(data)
        raw = bytearray(__import__("base64").b64decode(sig["signature"]))
        raw[10] ^= 0xFF
        sig["signature"] = __import__("base64").b64encode(bytes(raw)).decode()
        return json.dumps(sig).encode()

    return rezip(pack, out, flip)


def _unknown_key(kit, pack, out):
    from app.packs import keys

    stranger = kit.tmp / "stranger.key"
    keys.generate(stranger)
    return kit.pack(kit.content("2028.1"), key=stranger, out=out.name)


def _file_changed(kit, pack, out):
    from packkit import rezip

    return rezip(pack, out, lambda n, d: d + b"\nSneaked in.\n" if n.endswith("welcome.md") else d)


def _newer_format(kit, pack, out):
    from packkit import newer_format

    return newer_format(pack, out)


def _outside(kit, pack, out):
    import shutil
    import zipfile

    shutil.copy(pack, out)
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr("content/../../evil.md", "x")
    return out


def _zip_bomb(kit, pack, out):
    import shutil
    import zipfile

    shutil.copy(pack, out)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("content/basics/bomb.md", b"\0" * (1900 * 1024))
    return out


def _fails_check_content(kit, pack, out):
    broken = b"---\nid: welcome\ntitle: Welcome\n---\nno summary, source or audience\n"
    return _resign(kit, pack, out, lambda n, d: broken if n.endswith("welcome.md") else d)


@pytest.mark.parametrize("make, words", [
    (_bad_signature, "signature does not match"),
    (_unknown_key, "does not trust"),
    (_file_changed, "changed after signing"),
    (_newer_format, "newer version of the app"),
    (_outside, "outside"),
    (_zip_bomb, "zip bomb"),
    (_fails_check_content, "check-content"),
], ids=["bad signature", "unknown key", "file changed after signing", "newer format", "../ path",
        "zip bomb", "fails check-content"])
def test_each_bad_pack_of_the_issue_is_refused_by_the_command_line_with_nothing_changed(kit, cli, tmp_path,
                                                                                      make, words):
    assert cli("update", str(kit.pack(kit.content("2027.1"))), "--yes")[0] == 0  # content in use to keep
    layers = kit.data / "content-layers"
    before = {p.relative_to(layers): p.read_bytes() for p in layers.rglob("*") if p.is_file()}
    good = kit.pack(kit.content("2028.1"))
    bad = make(kit, good, tmp_path / "bad.wtpack")
    code, out, err = cli("update", str(bad), "--yes")
    assert code != 0
    assert err.startswith("wt-reader: ") and err.count("\n") == 1 and words in err, err  # one sentence
    assert err.rstrip().endswith((".", ")")), err
    after = {p.relative_to(layers): p.read_bytes() for p in layers.rglob("*") if p.is_file()}
    assert after == before  # nothing changed: same layers, same pointer, no staging left
    assert "guide content 2027.1" in cli("--version")[1]
    assert not (tmp_path / "evil.md").exists() and not (kit.data / "evil.md").exists()


def test_the_roll_back_question_says_what_it_goes_back_to(kit, cli):
    from app.packs.service import rollback_question

    assert rollback_question() == ""  # nothing installed: nothing to ask
    key = kit.partnership_key("Testshire Safeguarding Partnership")
    local = kit.content("1", name="local")
    assert cli("update", str(kit.pack(local, key=key, local="Testshire Safeguarding Partnership")), "--yes")[0] == 0
    assert rollback_question() == ("Go back from the local pages of Testshire Safeguarding Partnership, version 1 "
                                   "to no local pages? Your bookmarks and notes are kept.")
    assert cli("update", str(kit.pack(kit.content("2027.1"))), "--yes")[0] == 0
    assert rollback_question().startswith("Go back from guide content 2027.1 to guide content 2026.1, as it came")
