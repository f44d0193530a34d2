"""One module per format (pdf, html, docx, epub), each turning a file into a ParsedDocument.

`import_file` picks the importer from the file's contents (not its name) and enforces the
limits every format shares (size, archive expansion, time). Owned by the importers work.
"""
