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
