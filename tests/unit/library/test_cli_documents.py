"""`wt-reader documents add|list|remove` and `search --document`: the contract scripts rely on,
and one sentence with a non-zero exit (no traceback, library unchanged) for bad input."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import app.library.importers as importers
from tests.conftest import FIXTURE_CONTENT, ROOT

needs_importers = pytest.mark.skipif(not hasattr(importers, "import_file"), reason="importers not there yet")


def wt(data_dir, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "app", "--content-dir", str(FIXTURE_CONTENT), "--data-dir",
                           str(data_dir), *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=180)


def one_sentence_error(result: subprocess.CompletedProcess, text: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wt-reader: ") and text in lines[0], result.stderr


def test_list_search_and_remove(add, data_dir):
    doc = add(marker="okapiword")
    listed = json.loads(wt(data_dir, "documents", "list", "--json").stdout)
    assert listed == {"documents": [{
        "id": doc.id, "title": doc.title, "format": "pdf", "source_file": "sample-handbook.pdf",
        "sha256": doc.info.sha256, "added": doc.info.added, "sections": len(doc.sections),
        "paragraphs": doc.info.paragraphs}]}
    found = json.loads(wt(data_dir, "search", "okapiword", "--json").stdout)["results"]
    assert found[0]["document"] == doc.id
    assert found[0]["citation"].startswith(f"{doc.title}, chapter 4, paragraph ")
    guide_only = json.loads(wt(data_dir, "search", "okapiword", "--json", "--document", "guide").stdout)
    assert guide_only["results"] == []
    removed = wt(data_dir, "documents", "remove", doc.id)
    assert removed.returncode == 0 and "document removed" in removed.stdout
    assert json.loads(wt(data_dir, "documents", "list", "--json").stdout) == {"documents": []}
    assert json.loads(wt(data_dir, "search", "okapiword", "--json").stdout)["results"] == []


def test_bad_input_is_one_sentence_and_changes_nothing(add, data_dir, tmp_path):
    doc = add()
    manifest = (data_dir / "library" / "library.json").read_bytes()
    one_sentence_error(wt(data_dir, "documents", "remove", "no-such-doc"), "There is no document “no-such-doc”")
    one_sentence_error(wt(data_dir, "documents", "remove", "guide"), "cannot be removed")
    one_sentence_error(wt(data_dir, "documents", "add", str(tmp_path / "missing.pdf")), "There is no file called")
    one_sentence_error(wt(data_dir, "search", "x", "--document", "nope"), "unknown document 'nope'")
    assert (data_dir / "library" / "library.json").read_bytes() == manifest
    assert doc.id in wt(data_dir, "documents", "list").stdout


@needs_importers
def test_add_a_saved_govuk_page_then_the_same_file_again(data_dir, tmp_path):
    from app.library.sample import sample_html

    page = tmp_path / "handbook.html"
    page.write_text(sample_html(marker="capybaraword"), encoding="utf-8")
    added = wt(data_dir, "documents", "add", str(page), "--json")
    assert added.returncode == 0, added.stderr
    doc_id = json.loads(added.stdout)["id"]
    found = json.loads(wt(data_dir, "search", "capybaraword", "--json").stdout)["results"]
    assert found[0]["document"] == doc_id and "paragraph" in found[0]["citation"]
    again = wt(data_dir, "documents", "add", str(page))
    one_sentence_error(again, "already in the library")
