"""A partnership's local pack: its pages as a library document, its timescales beside the national ones."""
from __future__ import annotations

import json

import pytest
from packkit import local_content

from app import paths
from app.cli import main
from app.guide import load_guide
from app.library.library import Library
from app.packs import PackRefused
from app.packs.layers import prepare
from app.packs.local import LocalPackSource, active_overrides, apply_overrides, beside_national, pieces_of

PARTNERSHIP = "Testshire Safeguarding Partnership"


@pytest.fixture
def installed(kit, fixture_guide):
    key = kit.partnership_key(PARTNERSHIP)
    prepare(kit.pack(local_content(kit.tmp), key=key, local=PARTNERSHIP), kit.trust, kit.root,
            fixture_guide).commit()
    return kit


def test_local_pages_are_a_document_called_local_partnership(installed, fixture_guide):
    library = Library(fixture_guide, None, (LocalPackSource(installed.root),))
    (info,) = library.documents()
    assert (info.title, info.kind) == (f"Local — {PARTNERSHIP}", "local")
    doc = library.document(info.id)
    # a first page (publisher, version, date, the list of pages), then every page under its own title
    assert [s.title for s in doc.sections] == [f"Local — {PARTNERSHIP}", "Front door (MASH)",
                                                "Local authority designated officer (LADO)", "Out of hours"]
    first = library.page_html(doc.sections[0].id)
    assert PARTNERSHIP in first and "Front door (MASH)" in first and "2027.01" in first
    assert "<h1>Front door (MASH)</h1>" in library.page_html(f"{info.id}~front-door")
    front = library.section(f"{info.id}~front-door")
    texts = [p.text for p in front.pieces]
    assert "Email the front door (frontdoor@testshire.example) with the referral form." in texts
    assert "How to refer" in [p.text for p in front.places]
    html = library.page_html(f"{info.id}~lado")
    assert "01632 960 002" in html and "<table" in html
    # bookmarked like any other page
    from app.store import Status, locate, open_store

    store = open_store(installed.tmp / "b.sqlite3")
    mark = store.bookmarks.add(f"{info.id}~front-door", "how-to-refer", section_title=front.title,
                               heading_text="How to refer")
    assert locate(mark, library.sections).status is Status.OK
    store.close()


def test_pack_text_never_becomes_markup():
    pieces = pieces_of("Call <b>now</b> & [click](https://x.example/?a=<script>)\n\n## <i>Heading</i>\n")
    from app.library.render import body_html
    from app.library.model import DocSection

    html = body_html(DocSection("local-x~a", "A", "", "A", (), pieces))
    assert "<b>" not in html and "<script>" not in html and "<i>" not in html
    assert "&lt;b&gt;now&lt;/b&gt;" in html  # the stranger's text is shown as the text it is


def test_a_local_timescale_overrides_the_national_one_and_shows_both(installed, fixture_guide):
    local = active_overrides(installed.root)
    assert set(local) == {"icpc-held"}
    guide = apply_overrides(fixture_guide, local)
    step = guide.timescales["icpc-held"]
    assert (step.amount, step.unit, step.basis) == (10, "working_days", "local")
    assert beside_national(local["icpc-held"], fixture_guide.timescales["icpc-held"]) == \
        "local: 10 working days; national: 15 working days"
    assert PARTNERSHIP in step.note


def test_a_local_override_of_a_step_the_guide_does_not_have_is_refused(kit, fixture_guide):
    key = kit.partnership_key(PARTNERSHIP)
    content = local_content(kit.tmp)
    (content / "local-timescales.yaml").write_text("overrides:\n  - step: no-such-step\n    amount: 1\n"
                                                   "    unit: working_days\n")
    with pytest.raises(PackRefused, match="no-such-step"):
        prepare(kit.pack(content, key=key, local=PARTNERSHIP), kit.trust, kit.root, fixture_guide)


def test_timescales_json_carries_the_local_figures_beside_the_national(installed, monkeypatch, capsys):
    from packkit import FIXTURE_CONTENT

    monkeypatch.setattr(paths, "content_dir", lambda: FIXTURE_CONTENT)
    code = main(["--data-dir", str(installed.data), "timescales", "--from", "strategy-discussion-held",
                 "--date", "2027-02-01", "--json"])
    assert code == 0
    (step,) = json.loads(capsys.readouterr().out)["steps"]
    assert (step["amount"], step["unit"]) == (15, "working_days")  # the national figure
    assert step["local"] == {"amount": 10, "unit": "working_days", "date": step["local"]["date"],
                             "publisher": PARTNERSHIP}
    assert step["date"] == "2027-02-15"  # 10 working days, the local figure


def test_local_pages_are_found_by_search_like_any_other(installed, monkeypatch, capsys):
    from packkit import FIXTURE_CONTENT

    monkeypatch.setattr(paths, "content_dir", lambda: FIXTURE_CONTENT)
    code = main(["--data-dir", str(installed.data), "search", "emergency duty team", "--json"])
    assert code == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert results[0]["id"] == "local-testshire-safeguarding-partnership~out-of-hours"
    assert PARTNERSHIP in json.dumps(results[0])


def test_the_summary_of_a_local_pack_names_its_timescales_and_a_second_partnership_replaces_the_first(
        installed, fixture_guide):
    from app.commands.update import describe
    from app.packs.active import read_state

    # the first partnership's pack (installed by the fixture) said what it does to the calculator

    first = read_state(installed.root).changes
    assert first["timescales"] == [{"id": "icpc-held", "name": fixture_guide.timescales["icpc-held"].name,
                                    "from": {"amount": 15, "unit": "working_days"},
                                    "to": {"amount": 10, "unit": "working_days"}, "local": True,
                                    "national": {"amount": 15, "unit": "working_days"}}]
    other = "Otherton Children's Partnership"
    key = installed.partnership_key(other)
    content = local_content(installed.tmp, "otherton")
    (content / "local-timescales.yaml").write_text("overrides: []\n")
    (content / "local" / "lado.md").unlink()
    guide_yaml = content / "guide.yaml"
    guide_yaml.write_text(guide_yaml.read_text().replace("      - lado\n", ""))
    current_local = load_guide(next(installed.root.glob("local-*")) / "content")
    prepared = prepare(installed.pack(content, key=key, local=other), installed.trust, installed.root,
                       fixture_guide, current_local)
    lines = describe(prepared)
    text = "\n".join(lines)
    assert f"This replaces the local pages of {PARTNERSHIP}." in text
    assert "replacing 2027.01" not in text  # not an earlier version of these pages
    assert "2 sections added: Front door (MASH), Out of hours" in text
    assert "3 sections removed" in text
    assert ("Local timescale 'Initial child protection conference held': 10 working days → 15 working days "
            "(national: 15 working days)") in text
    prepared.commit()
    (info,) = Library(fixture_guide, None, (LocalPackSource(installed.root),)).documents()
    assert info.title == f"Local — {other}"  # one local layer at a time
    assert active_overrides(installed.root) == {}


def test_a_page_the_last_local_update_changed_says_so_at_its_top(installed, fixture_guide):
    key = installed.tmp / "testshire-safeguarding-partnership.key"
    newer = local_content(installed.tmp, "newer")
    page = newer / "local" / "lado.md"
    page.write_text(page.read_text().replace("01632 960 002", "01632 960 010"))
    (newer / "pack.yaml").write_text("content_version: '2027.02'\ndate: 2027-02-01\nnote: The LADO has a new number.\n")
    current_local = load_guide(next(installed.root.glob("local-*")) / "content")
    prepare(installed.pack(newer, key=key, local=PARTNERSHIP), installed.trust, installed.root, fixture_guide,
            current_local).commit()
    library = Library(fixture_guide, None, (LocalPackSource(installed.root),))
    doc = "local-testshire-safeguarding-partnership"
    first = library.section(f"{doc}~lado").pieces[0]
    assert first.text == "Updated in version 2027.02 (1 February 2027): The LADO has a new number."
    assert "Updated in" not in library.page_html(f"{doc}~front-door")  # unchanged pages say nothing
