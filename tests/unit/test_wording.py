"""Counts read as people write them: "1 bookmark", "2 bookmarks"."""
from app.wording import count


def test_one_is_singular_and_others_plural():
    assert [count(n, "bookmark") for n in (0, 1, 2)] == ["0 bookmarks", "1 bookmark", "2 bookmarks"]
    assert count(3, "child") == "3 children" and count(1, "child") == "1 child"


def test_no_message_says_a_noun_with_s_in_brackets():
    """Every string in the app's code: "bookmark(s)" reads as a form, not a sentence."""
    import pathlib
    import re
    import tokenize

    root = pathlib.Path(__file__).resolve().parents[2] / "app"
    said = []
    for path in root.rglob("*.py"):
        with path.open(encoding="utf-8") as f:
            for tok in tokenize.generate_tokens(f.readline):
                if tok.type in (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", -1)) \
                        and re.search(r"\b[a-z]{3,}\(s\)(?=[\s.,:;!?'\"]|$)", tok.string):
                    said.append(f"{path.relative_to(root)}:{tok.start[0]}")
    assert said == [], said
