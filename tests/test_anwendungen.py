"""Applications of very different shapes, read back from their PDFs: typography and layout.

The example and three applications of other fictional municipalities (tests/anwendungen/):
a kreisfreie Stadt with long and double names and separate letters, a Landkreis with many
partners and five bodies, and a minimal one with the Kurzkonzept only.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from testing_utils import EXAMPLES, pdf_pages

from docgen.pipeline import Engine, RenderedFile

ANWENDUNGEN = Path(__file__).parent / "anwendungen"
FILES = [*EXAMPLES, *sorted(ANWENDUNGEN.glob("*.yaml"))]
MM = 72 / 25.4

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rendered(engine: Engine) -> dict[str, RenderedFile]:
    return {path.stem: engine.render_file(path) for path in FILES}


def _documents(rendered: dict[str, RenderedFile]) -> Iterator[tuple[str, bytes]]:
    for name, result in rendered.items():
        for document in result.documents:
            yield f"{name}/{document.job.stem}", document.pdf


def _lines(pdf: bytes) -> list[list[str]]:
    """Body text lines of each page (running header and footer cut off)."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            body = page.crop((0, 18 * MM, page.width, page.height - 22 * MM))
            pages.append((body.extract_text() or "").splitlines())
    return pages


def test_footers_stay_on_one_line_with_the_whole_page_number(
    rendered: dict[str, RenderedFile],
) -> None:
    for name, pdf in _documents(rendered):
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            total = len(document.pages)
            for number, page in enumerate(document.pages, start=1):
                footer = page.crop((0, page.height - 22 * MM, page.width, page.height))
                lines = (footer.extract_text() or "").splitlines()
                assert len(lines) == 1, (name, number, lines)
                assert lines[0].endswith(f"Seite {number} von {total}"), (name, lines)


def test_return_address_is_one_line(rendered: dict[str, RenderedFile]) -> None:
    letters = [(n, p) for n, p in _documents(rendered) if "/erklaerung" in n
               or n.endswith("/absichtserklaerung")]
    assert len(letters) == 6
    for name, pdf in letters:
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            page = document.pages[0]
            words = [w for w in page.extract_words(extra_attrs=["size"]) if w["size"] < 7.5
                     and w["top"] < 80 * MM]
            tops = {round(w["top"]) for w in words}
            assert words and len(tops) == 1, (name, [w["text"] for w in words])


def _data_tokens(text: str) -> set[str]:
    """E-mail addresses and the longer proper names of a data file."""
    emails = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    names = set(re.findall(r"(?:name|vertreten_durch|sachbearbeitung|ort): (.+)", text))
    return emails | {n.strip().strip("'\"") for n in names if "-" in n or len(n) > 14}


def test_addresses_and_names_are_never_hyphenated(rendered: dict[str, RenderedFile]) -> None:
    for path in FILES:
        tokens = _data_tokens(path.read_text(encoding="utf-8"))
        assert tokens
        for document in rendered[path.stem].documents:
            joined = "".join("\n".join(pdf_pages(document.pdf)).split("\n"))
            flat = re.sub(r"\s+", "", joined).replace("\u2010", "-")  # WeasyPrint's hyphen
            for token in tokens:
                squeezed = re.sub(r"\s+", "", token)
                # a break may only fall where the token has a space or its own hyphen: with
                # the line ends joined, the token reads exactly as in the data
                occurrences = flat.replace("-", "").count(squeezed.replace("-", ""))
                assert flat.count(squeezed) == occurrences, (path.stem, document.job.stem, token)


def _hyphenations(pdf: bytes) -> Iterator[tuple[str, str]]:
    """(part before, part after) of every word hyphenated at a line end, column-aware."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            words = page.extract_words(keep_blank_chars=False)
            for word in words:
                if not word["text"].endswith("\u2010"):
                    continue
                line = sorted((w for w in words if abs(w["top"] - word["top"]) < 1),
                              key=lambda w: w["x0"])
                start = word["x0"]
                for left in reversed([w for w in line if w["x1"] <= word["x0"]]):
                    if start - left["x1"] > 12:  # a gap wider than a space: another column
                        break
                    start = left["x0"]
                below = [w for w in words if 3 < w["top"] - word["top"] < 25
                         and abs(w["x0"] - start) < 12]
                if below:
                    following = min(below, key=lambda w: (w["top"], w["x0"]))
                    yield word["text"][:-1], following["text"]


def test_no_two_letter_hyphenation_fragments(rendered: dict[str, RenderedFile]) -> None:
    found = 0
    for name, pdf in _documents(rendered):
        for before, after in _hyphenations(pdf):
            found += 1
            head = re.match(r"[A-Za-zÄÖÜäöüß]+", after)
            tail = re.search(r"[A-Za-zÄÖÜäöüß]+$", before)
            assert tail and len(tail.group()) > 2, (name, before, after)
            assert head and len(head.group()) > 2, (name, before, after)
    assert found > 20  # hyphenation is on; only its fragments are limited


def test_no_heading_alone_at_the_foot_of_a_page(rendered: dict[str, RenderedFile]) -> None:
    heading = re.compile(r"^(§\s\d+\s\D+|\d\.\s[A-ZÄÖÜ„ ]{6,}|DIESEM KURZKONZEPT LIEGT BEI:)$")
    for name, pdf in _documents(rendered):
        pages = _lines(pdf)
        for number, page in enumerate(pages[:-1], start=1):
            assert page and not heading.match(page[-1].strip()), (name, number, page[-1:])


def test_signature_blocks_are_never_split(rendered: dict[str, RenderedFile]) -> None:
    """On every page, each „Ort, Datum“ label has its signatory's name below it."""
    for name, pdf in _documents(rendered):
        if "kurzkonzept" in name:
            continue
        for number, page in enumerate(pdf_pages(pdf), start=1):
            labels = page.count("Ort, Datum")
            if labels:
                after = page[page.index("Ort, Datum"):]
                assert re.search(r"\n(i\. [AV]\. )?[A-ZÖÄÜ][\w.]*\.? [\w -]+\n", after), (
                    name, number)


def test_kurzkonzept_pages_are_filled_and_long_rows_split(
    rendered: dict[str, RenderedFile],
) -> None:
    for path in FILES:
        forms = [d for d in rendered[path.stem].documents if d.job.stem == "kurzkonzept"]
        if not forms:
            continue
        (document,) = forms
        with pdfplumber.open(io.BytesIO(document.pdf)) as pdf:
            for number, page in enumerate(pdf.pages[:-1], start=1):
                top, bottom = 22 * MM, page.height - 24 * MM
                chars = [c for c in page.chars if top - 30 < c["top"] < bottom]
                fill = (max(c["bottom"] for c in chars) - top) / (bottom - top)
                assert fill > 0.5, (path.stem, number, round(fill, 2))
    # the city's long Handlungsfeld A runs over a page break, the header row repeated
    (document,) = [d for d in rendered["stadt-lange-namen"].documents
                   if d.job.stem == "kurzkonzept"]
    pages = pdf_pages(document.pdf)
    split = [i for i, text in enumerate(pages) if "Patenschaftsprojekt" in text]
    first = [i for i, text in enumerate(pages) if "Gruppenangebote für Kinder" in text]
    assert first and split and first[0] < split[-1]
    assert "Aktueller Stand in Ihrer Kommune" in pages[split[-1]]
