"""The library: the guide and the documents a user adds beside it (no Qt here).

    library = open_library(guide)            # reads nothing until asked
    library.documents()                      # DocumentInfo of every document but the guide
    library.section("kcsie-2026~part-one")   # a DocSection (or the guide's Section by its id)
    library.page_html(key), library.citation(key, anchor)

app/library/importers turn files into ParsedDocuments (app/library/parsed.py); adding.py,
normalise.py and storage.py make them our own Documents in the data folder; render.py makes
their pages; citation.py their citations; reanchor.py moves bookmarks to a newer copy.
"""
