"""External PDFs for the bundle, made inert.

An attachment someone else produced may carry active content. docgen's decision:
remove it rather than refuse the file (the attachment's printed content is what the
state office needs, and it stays untouched), and say in a warning what was removed:

- JavaScript (document-level name tree, actions of every kind),
- actions run on opening or on page/field events (``/OpenAction``, ``/AA``),
- launch, remote go-to, import and form-submit/reset actions and links to files,
- embedded files (the ``/EmbeddedFiles`` name tree and file-attachment annotations),
- interactive forms (``/AcroForm`` with XFA); field appearances stay as printed.

Only the pages go into the bundle, so document-level entries are dropped there anyway;
this also cleans every page, annotation and action reachable from the pages.
"""

from __future__ import annotations

import io

import pikepdf

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

_ACTIVE_ACTIONS = {"/JavaScript": "JavaScript", "/Launch": "Programmstart-Aktionen",
                   "/SubmitForm": "Formular-Absendeaktionen", "/ResetForm": "Formularaktionen",
                   "/ImportData": "Formularaktionen", "/GoToR": "Verweise auf andere Dateien",
                   "/GoToE": "Verweise auf eingebettete Dateien", "/Rendition": "Medienaktionen",
                   "/Movie": "Medienaktionen", "/Sound": "Medienaktionen"}


def sanitize_pdf(data: bytes) -> tuple[bytes, list[str]]:
    """The PDF without active content, and German names of what was removed (sorted)."""
    removed: set[str] = set()
    with pikepdf.open(io.BytesIO(data)) as document:
        root = document.Root
        for key, label in (("/OpenAction", "Aktion beim Öffnen"),
                           ("/AA", "automatische Aktionen"), ("/AcroForm", "Formularfelder")):
            if key in root:
                del root[key]
                removed.add(label)
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            for key, label in (("/JavaScript", "JavaScript"),
                               ("/EmbeddedFiles", "eingebettete Dateien")):
                if key in names:
                    del names[key]
                    removed.add(label)
        for page in document.pages:
            _clean_page(page.obj, removed)
        if not removed:
            return data, []
        out = io.BytesIO()
        document.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue(), sorted(removed)


def _clean_page(page: pikepdf.Dictionary, removed: set[str]) -> None:
    if "/AA" in page:
        del page["/AA"]
        removed.add("automatische Aktionen")
    annotations = page.get("/Annots")
    if not isinstance(annotations, pikepdf.Array):
        return
    kept = pikepdf.Array()
    for annotation in annotations:
        if not isinstance(annotation, pikepdf.Dictionary):
            continue
        if annotation.get("/Subtype") == pikepdf.Name.FileAttachment:
            removed.add("eingebettete Dateien")
            continue
        if "/AA" in annotation:
            del annotation["/AA"]
            removed.add("automatische Aktionen")
        action = annotation.get("/A")
        if isinstance(action, pikepdf.Dictionary) and _active(action, removed):
            del annotation["/A"]
        kept.append(annotation)
    page.Annots = kept


def _active(action: pikepdf.Dictionary, removed: set[str], depth: int = 0) -> bool:
    """Whether an action (or one chained after it with ``/Next``) is active content."""
    kind = str(action.get("/S", ""))
    found = False
    if kind in _ACTIVE_ACTIONS:
        removed.add(_ACTIVE_ACTIONS[kind])
        found = True
    elif kind == "/URI" and str(action.get("/URI", "")).lower().startswith("file:"):
        removed.add("Verweise auf andere Dateien")
        found = True
    chained = action.get("/Next")
    if depth < 20 and chained is not None:
        for item in (chained if isinstance(chained, pikepdf.Array) else [chained]):
            if isinstance(item, pikepdf.Dictionary) and _active(item, removed, depth + 1):
                found = True
    return found
