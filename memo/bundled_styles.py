"""The CSL styles shipped in memo/styles/, by the name a `citation-style` setting gives them.

Apart from memo.cite so that reading the settings, which checks that name, imports no citation machinery
(memo.cite brings the inline parser and the document model): `validate` reads its first file sooner.
"""

from pathlib import Path

STYLES_DIR = Path(__file__).parent / "styles"
BUNDLED = {
    "chicago-note-bibliography": "chicago-notes-bibliography-subsequent-ibid.csl",
    "chicago-author-date": "chicago-author-date.csl",
    "apa": "apa.csl",
    "ieee": "ieee.csl",
}
