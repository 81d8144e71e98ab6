"""Assemble stage: several PDFs → one archival bundle (pikepdf).

The bundle is the front matter (cover and table of contents) followed by every part.
Merging keeps what makes the parts archival and accessible: their structure trees
are joined under one root (page and annotation keys renumbered), an outline gets one
entry per part with the part's own main sections below it, pages get labels, and
the catalogue gets language, output intent, XMP metadata and the PDF/A
identification that all parts share. Ids and dates come from the caller, so the same
input gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

import pikepdf

PDFA_LEVELS = ("B", "U", "A")
"""PDF/A conformance levels from weakest to strongest; a bundle gets the weakest of its parts."""


@dataclass(frozen=True)
class Part:
    title: str
    pdf: bytes


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str
    created: datetime
    language: str = "de-DE"


def page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def pdf_title(pdf: bytes) -> str:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return str(document.docinfo.get("/Title", "Dokument"))


def claims_pdfa(pdf: bytes) -> bool:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return pdfa_claim(document) is not None


def check_attachment(data: bytes, name: str) -> str | None:
    """A German reason why an external PDF cannot go into the bundle, or None."""
    try:
        with pikepdf.open(io.BytesIO(data)) as document:
            if document.is_encrypted:
                return f"Anhang „{name}“ ist verschlüsselt; bitte ohne Kennwortschutz beifügen"
            if not len(document.pages):
                return f"Anhang „{name}“ hat keine Seiten"
    except pikepdf.PasswordError:
        return f"Anhang „{name}“ ist mit einem Kennwort geschützt"
    except pikepdf.PdfError:
        return f"Anhang „{name}“ ist keine lesbare PDF-Datei"
    return None


def pdfa_claim(pdf: pikepdf.Pdf) -> tuple[int, str] | None:
    """(part, conformance) of a PDF/A file, or None if it claims none."""
    try:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            part, level = meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
    except Exception:
        return None
    if not part or not level:
        return None
    return int(part), str(level).upper()


def _outline_items(source: pikepdf.Pdf, depth: int) -> list[tuple[str, int, list]]:  # type: ignore[type-arg]
    """(title, page index, children) of a PDF's outline, ``depth`` levels deep."""
    index_of = {page.objgen: i for i, page in enumerate(source.pages)}

    def page_of(item: pikepdf.OutlineItem) -> int | None:
        destination = item.destination
        if destination is None and item.action is not None:
            destination = item.action.get("/D")
        if isinstance(destination, pikepdf.Array) and len(destination):
            return index_of.get(destination[0].objgen)
        return None

    def walk(items: Sequence[pikepdf.OutlineItem], level: int) -> list[tuple[str, int, list]]:  # type: ignore[type-arg]
        result = []
        for item in items:
            page = page_of(item)
            if page is None:
                continue
            children = walk(item.children, level + 1) if level < depth else []
            result.append((str(item.title), page, children))
        return result

    with source.open_outline() as outline:
        return walk(outline.root, 1)


def merge(front: bytes, parts: Sequence[Part], metadata: Metadata, *,
          labels_per_part: bool = False, source_file: tuple[str, bytes] | None = None,
          outline_depth: int = 2) -> bytes:
    """Front matter and parts as one PDF, with joined structure trees, outline and labels."""
    target = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(front))] + [pikepdf.open(io.BytesIO(p.pdf)) for p in parts]
    try:
        return _merge(target, sources, parts, metadata, labels_per_part, source_file, outline_depth)
    finally:
        for source in sources:
            source.close()
        target.close()


def _merge(target: pikepdf.Pdf, sources: list[pikepdf.Pdf], parts: Sequence[Part],
           metadata: Metadata, labels_per_part: bool, source_file: tuple[str, bytes] | None,
           outline_depth: int) -> bytes:
    starts: list[int] = []
    for source in sources:
        starts.append(len(target.pages))
        target.pages.extend(source.pages)

    # One structure tree: each source's top elements become children of a new root.
    root_kids = pikepdf.Array()
    nums = pikepdf.Array()
    role_map = pikepdf.Dictionary()
    struct_root = target.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    offset = 0
    all_tagged = True
    for source, start in zip(sources, starts, strict=True):
        tree = source.Root.get("/StructTreeRoot")
        if tree is None:
            all_tagged = False
            continue
        copied = target.copy_foreign(tree)
        kids = copied.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary):
                kid.P = struct_root
            root_kids.append(kid)
        for name, value in (copied.get("/RoleMap") or {}).items():
            role_map[name] = value
        highest = -1
        parent_nums = copied.get("/ParentTree", {}).get("/Nums", pikepdf.Array())
        for i in range(0, len(parent_nums), 2):
            key = int(parent_nums[i])
            nums.append(key + offset)
            nums.append(parent_nums[i + 1])
            highest = max(highest, key)
        for page in target.pages[start: start + len(source.pages)]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        offset += highest + 1
    document_element = target.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=struct_root, K=root_kids))
    struct_root.K = document_element
    for kid in root_kids:
        if isinstance(kid, pikepdf.Dictionary):
            kid.P = document_element
    struct_root.ParentTree = target.make_indirect(pikepdf.Dictionary(Nums=nums))
    struct_root.ParentTreeNextKey = offset
    if role_map:
        struct_root.RoleMap = role_map
    target.Root.StructTreeRoot = struct_root
    target.Root.MarkInfo = pikepdf.Dictionary(Marked=all_tagged)

    # Outline: one entry per part, with the part's own main sections below it.
    with target.open_outline() as outline:
        outline.root.clear()
        for part, source, start in zip(parts, sources[1:], starts[1:], strict=True):
            entry = pikepdf.OutlineItem(part.title, start)
            items = _outline_items(source, outline_depth + 1)
            if len(items) == 1:  # the part's title alone on top: its sections are below it
                items = items[0][2]
            for title, page, children in items:
                item = pikepdf.OutlineItem(title, start + page)
                item.children.extend(pikepdf.OutlineItem(t, start + p) for t, p, _ in children)
                entry.children.append(item)
            outline.root.append(entry)

    # Page labels: 1 … N throughout, or per part ("3-1", "3-2" …) with the front as i, ii.
    labels = pikepdf.Array()
    if labels_per_part:
        labels.extend([0, pikepdf.Dictionary(S=pikepdf.Name.r)])
        for number, start in enumerate(starts[1:], start=1):
            labels.extend([start, pikepdf.Dictionary(S=pikepdf.Name.D, St=1, P=f"{number}-")])
    else:
        labels.extend([0, pikepdf.Dictionary(S=pikepdf.Name.D, St=1)])
    target.Root.PageLabels = pikepdf.Dictionary(Nums=labels)

    # Catalogue: language, title display, output intent of the first part that has one.
    target.Root.Lang = pikepdf.String(metadata.language)
    target.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    for source in sources:
        if "/OutputIntents" in source.Root:
            target.Root.OutputIntents = pikepdf.Array(
                [target.copy_foreign(intent) if intent.is_indirect
                 else target.copy_foreign(source.make_indirect(intent))
                 for intent in source.Root.OutputIntents])
            break

    claims = [pdfa_claim(source) for source in sources]
    level = None
    if all(c is not None and c[0] >= 2 for c in claims):
        level = min((c[1] for c in claims if c), key=PDFA_LEVELS.index)
    part_number = 2
    if source_file is not None:
        name, data = source_file
        spec = pikepdf.AttachedFileSpec(target, data, description="Quelldaten des Antrags",
                                        filename=name, mime_type="application/yaml",
                                        creation_date=_pdf_date(metadata.created),
                                        mod_date=_pdf_date(metadata.created),
                                        relationship=pikepdf.Name.Source)
        target.attachments[name] = spec
        target.Root.AF = pikepdf.Array([spec.obj])
        part_number = 3

    created = metadata.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    with target.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = metadata.title
        meta["dc:creator"] = [metadata.author]
        meta["dc:description"] = metadata.subject
        meta["pdf:Keywords"] = metadata.keywords
        meta["pdf:Producer"] = "docgen (pikepdf)"
        meta["xmp:CreatorTool"] = "docgen"
        meta["xmp:CreateDate"] = created
        meta["xmp:ModifyDate"] = created
        meta["xmp:MetadataDate"] = created
        if level is not None:
            meta["pdfaid:part"] = str(part_number)
            meta["pdfaid:conformance"] = level
    target.docinfo = target.make_indirect(pikepdf.Dictionary(
        Title=pikepdf.String(metadata.title), Author=pikepdf.String(metadata.author),
        Subject=pikepdf.String(metadata.subject), Keywords=pikepdf.String(metadata.keywords),
        Creator=pikepdf.String("docgen"), Producer=pikepdf.String("docgen (pikepdf)"),
        CreationDate=pikepdf.String(_pdf_date(metadata.created)),
        ModDate=pikepdf.String(_pdf_date(metadata.created)),
    ))
    out = io.BytesIO()
    target.save(out, deterministic_id=True, fix_metadata_version=False,
                object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()


def _srgb_profile() -> bytes:
    return (resources.files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()


def _pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def make_reproducible(pdf: bytes, created: datetime) -> bytes:
    """The same PDF with its dates set to ``created`` and an id derived from its content.

    For PDFs from outside WeasyPrint (LibreOffice writes the clock and a random id).
    """
    with pikepdf.open(io.BytesIO(pdf)) as document:
        stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
        with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["xmp:CreateDate"] = stamp
            meta["xmp:ModifyDate"] = stamp
            meta["xmp:MetadataDate"] = stamp
        document.docinfo.CreationDate = pikepdf.String(_pdf_date(created))
        document.docinfo.ModDate = pikepdf.String(_pdf_date(created))
        for key in ("/DocChecksum", "/ID"):  # LibreOffice's, different every run
            if key in document.trailer:
                del document.trailer[key]
        # LibreOffice writes a fresh sRGB profile with the clock in its header; use the
        # standard sRGB profile WeasyPrint ships instead (same colour space, fixed bytes)
        for intent in document.Root.get("/OutputIntents", []):
            profile = intent.get("/DestOutputProfile")
            if profile is not None and int(profile.get("/N", 0)) == 3:
                profile.write(_srgb_profile())
        out = io.BytesIO()
        document.save(out, deterministic_id=True, fix_metadata_version=False)
        return out.getvalue()
