"""The preflight: check built files as a print shop would, and report what a reader would trip over.

Two moments. While `memo build` lays a PDF out, `layout` reads WeasyPrint's laid-out
document (a note deferred to a later page, WeasyPrint's own warnings); those findings
are always warnings, so they never fail a build. `memo check` (`run.check_output`)
reads the finished files in the output folder with pdfplumber and python-docx.

Every check is a small function that takes what it needs and returns `Finding`s:
a page number, a severity and a message; `Finding.at(path)` makes the usual
`path:page:1: severity: message` Problem of it, with the page in the line position
(1 for a finding about the whole file).

Level policy, for `memo check`:
- error: a reader loses or misreads content, or the file may not be published:
  ink within 10 mm of the paper edge (printers cut it off), text printed over
  other text, a missing glyph (a box instead of a letter), an untagged PDF
  (public bodies must publish tagged PDFs), a PDF and Word file of one topic
  that disagree on notes, headings or body text.
- warning: everything is there and readable, but the page breaks the house
  design: ink outside the text block (in the margin), a note printed on a later
  page than its call, a note call alone on a line, a blank stretch over a quarter of the text block on a
  page before the last, an empty shaded box, a table row split leaving one line under its repeated
  header, a fault in the Word file's pages as LibreOffice lays it out, and
  WeasyPrint's own warnings (ignored CSS, a refused URL).
`memo check` exits 1 on any finding, warning or error, as `memo validate --strict` does.
"""
