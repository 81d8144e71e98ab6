"""Assembling clause-based documents: standard clauses, the data's changes, numbering.

A clause catalogue (``klauseln/<werk>.yaml`` in the template folders) lists the
standard sections in order, each with an ``id``, a ``titel``, paragraphs whose
text is a small Jinja template filled from the data, and optionally ``wenn``, a
condition under which the section appears at all. The data then replaces, drops
or extends sections and inserts new ones (``docgen.models.klauseln``).

After that, sections are numbered (§ 1, § 2 …) and references written as
``[§ kennung]`` in any text, standard or from the data, become the section's
current number. A reference to a section that does not exist, an empty section
and two sections with the same title are errors that name where they are.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from docgen.errors import DataError, Location, Problem, TemplateError
from docgen.loading import FieldPath, SourceMap, load_unchanging
from docgen.models.klauseln import AbsatzMitPunkten, Klauselwerk
from docgen.templating import TemplateRoots, evaluate, render_text

REFERENCE = re.compile(r"\[§\s*([a-z][a-z0-9_]*)\]")
LOOSE_REFERENCE = re.compile(r"\[\s*§[^\]]*\]")
"""Anything that looks like a reference; what REFERENCE does not read is an error."""


@dataclass(frozen=True)
class Absatz:
    text: str
    punkte: tuple[str, ...] = ()


@dataclass(frozen=True)
class Abschnitt:
    """One numbered section (§) of the finished document."""

    id: str
    nummer: int
    titel: str
    absaetze: tuple[Absatz, ...]

    @property
    def zeichen(self) -> str:
        return f"§\u00a0{self.nummer}"


@dataclass
class _Text:
    text: str
    where: Location
    in_data: bool
    field: str | None = None


@dataclass
class _Draft:
    id: str
    titel: str
    titel_where: Location
    absaetze: list[tuple[_Text, list[_Text]]] = field(default_factory=list)
    where: Location | None = None
    in_data: bool = False


@dataclass(frozen=True)
class ClauseSpec:
    """Which catalogue a document uses, and where its changes sit in the data file."""

    catalogue: str
    """File name under ``klauseln/`` in the template folders, e.g. ``kooperationsvereinbarung.yaml``."""
    changes: Klauselwerk
    data_path: FieldPath
    """Path of the document's section in the data file (for error locations)."""


def _did_you_mean(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return f" – meinten Sie „{close[0]}“?" if close else ""


def _path_text(path: FieldPath) -> str:
    from docgen.validation import field_path

    return field_path(path)


def _load_catalogue(roots: TemplateRoots, name: str) -> tuple[list[Any], SourceMap, str]:
    path = roots.find(f"klauseln/{name}")
    if path is None:
        raise TemplateError.single(f"Klauselkatalog „klauseln/{name}“ nicht gefunden")
    loaded = load_unchanging(path)
    items = loaded.data.get("abschnitte")
    if not isinstance(items, list):
        raise TemplateError.single("Klauselkatalog braucht eine Liste „abschnitte“",
                                   Location(str(path), 1, 1))
    return items, loaded.source_map, str(path)


def _data_paragraphs(
    items: Sequence[Any], path: FieldPath, source_map: SourceMap
) -> list[tuple[_Text, list[_Text]]]:
    result = []
    for index, item in enumerate(items):
        here = (*path, index)
        if isinstance(item, AbsatzMitPunkten):
            head = _Text(item.text, source_map.location((*here, "text")), True,
                         _path_text((*here, "text")))
            points = [
                _Text(p, source_map.location((*here, "punkte", i)), True,
                      _path_text((*here, "punkte", i)))
                for i, p in enumerate(item.punkte)
            ]
            result.append((head, points))
        else:
            result.append((_Text(item, source_map.location(here), True, _path_text(here)), []))
    return result


def assemble(
    roots: TemplateRoots,
    spec: ClauseSpec,
    context: Mapping[str, Any],
    source_map: SourceMap,
) -> list[Abschnitt]:
    """The finished, numbered sections of one document; raises with every problem found."""
    items, cat_map, _ = _load_catalogue(roots, spec.catalogue)
    problems: list[Problem] = []

    drafts: list[_Draft] = []
    for index, item in enumerate(items):
        base = ("abschnitte", index)
        where = cat_map.location(base)
        condition = item.get("wenn")
        if condition is not None and not evaluate(str(condition), context, where):
            continue
        change = spec.changes.klauseln.get(str(item["id"]))
        replaced = change is not None and (change.entfaellt or change.absaetze is not None)
        # the standard text of a section the data replaces or drops is never rendered, so
        # the fields only it uses need not be given
        titel = str(item["titel"]) if not (change and (change.titel or change.entfaellt)) else ""
        draft = _Draft(str(item["id"]), render_text(titel, context, where), where)
        for p_index, paragraph in enumerate([] if replaced else item.get("absaetze") or []):
            p_where = cat_map.location((*base, "absaetze", p_index))
            if isinstance(paragraph, dict):
                head = _Text(render_text(str(paragraph.get("text", "")), context, p_where), p_where, False)
                points = []
                for i, point in enumerate(paragraph.get("punkte") or []):
                    pt_where = cat_map.location((*base, "absaetze", p_index, "punkte", i))
                    rendered = render_text(str(point), context, pt_where)
                    if rendered:
                        points.append(_Text(rendered, pt_where, False))
                if "punkte_aus" in paragraph:
                    pt_where = cat_map.location((*base, "absaetze", p_index, "punkte_aus"))
                    points += [_Text(str(v).strip(), pt_where, False)
                               for v in evaluate(str(paragraph["punkte_aus"]), context, pt_where)
                               if str(v).strip()]
                if points or not head.text.endswith(":"):
                    # a sentence that introduces a list is left out when the list is empty
                    draft.absaetze.append((head, points))
            else:
                draft.absaetze.append((_Text(render_text(str(paragraph), context, p_where), p_where,
                                             False), []))
        draft.absaetze = [(h, pts) for h, pts in draft.absaetze if h.text or pts]
        drafts.append(draft)

    known = {d.id for d in drafts}
    all_catalogue_ids = {str(item["id"]) for item in items}
    dropped: dict[str, tuple[Location, str]] = {}
    """Sections the data drops, with where it says so."""
    changes = spec.changes
    base_path = spec.data_path
    for key, change in changes.klauseln.items():
        key_path = (*base_path, "klauseln", key)
        if key not in known:
            hint = _did_you_mean(key, known)
            reason = ("der Abschnitt erscheint mit diesen Daten nicht"
                      if key in all_catalogue_ids else "kein Standardabschnitt dieses Namens")
            problems.append(Problem(f"unbekannter Abschnitt „{key}“ ({reason}){hint}",
                                    source_map.location(key_path, key=True),
                                    _path_text(key_path)))
            continue
        draft = next(d for d in drafts if d.id == key)
        if change.entfaellt:
            dropped[key] = (source_map.location((*key_path, "entfaellt")),
                            _path_text((*key_path, "entfaellt")))
            continue
        if change.titel is not None:
            draft.titel = change.titel
            draft.titel_where = source_map.location((*key_path, "titel"))
            draft.in_data = True
        if change.absaetze is not None:
            draft.absaetze = _data_paragraphs(change.absaetze, (*key_path, "absaetze"), source_map)
            draft.where = source_map.location((*key_path, "absaetze"))
            draft.in_data = True
        draft.absaetze += _data_paragraphs(change.ergaenzen, (*key_path, "ergaenzen"), source_map)
    drafts = [d for d in drafts if d.id not in dropped]

    unplaced: set[str] = set()
    for index, new in enumerate(changes.neue_klauseln):
        path = (*base_path, "neue_klauseln", index)
        ids = [d.id for d in drafts]
        if new.id in ids or new.id in dropped:
            problems.append(Problem(f"Abschnitt „{new.id}“ gibt es schon",
                                    source_map.location((*path, "id")), _path_text((*path, "id"))))
            continue
        anchor = new.nach or new.vor
        assert anchor is not None
        if anchor not in ids:
            which = "nach" if new.nach else "vor"
            reason = "ist entfallen" if anchor in dropped else "gibt es nicht"
            problems.append(Problem(f"Abschnitt „{anchor}“ {reason}{_did_you_mean(anchor, ids)}",
                                    source_map.location((*path, which)),
                                    _path_text((*path, which))))
            unplaced.add(new.id)  # references to it are not reported once more
            continue
        position = ids.index(anchor) + (1 if new.nach else 0)
        drafts.insert(position, _Draft(
            new.id, new.titel, source_map.location((*path, "titel")),
            _data_paragraphs(new.absaetze, (*path, "absaetze"), source_map),
            source_map.location(path), True,
        ))

    titles: dict[str, _Draft] = {}
    for draft in drafts:
        if not draft.absaetze:
            problems.append(Problem(f"Abschnitt „{draft.titel}“ ist leer (kein Absatz)",
                                    draft.where or draft.titel_where))
        previous = titles.get(draft.titel.casefold())
        if previous is not None:
            # reported where the data made the clash, if one of the two comes from the data
            culprit = previous if previous.in_data and not draft.in_data else draft
            problems.append(Problem(
                f"zwei Abschnitte heißen „{draft.titel}“ („{previous.id}“ und „{draft.id}“)",
                culprit.titel_where))
        titles[draft.titel.casefold()] = draft

    numbers = {d.id: n for n, d in enumerate(drafts, start=1)}
    wrong: dict[str, list[_Text]] = {}

    def resolve(text: _Text) -> str:
        def replace(match: re.Match[str]) -> str:
            target = match.group(1)
            if target in numbers:
                return f"§\u00a0{numbers[target]}"
            if target in dropped and not text.in_data:
                # the standard text is fine; the data's change broke it: say so there
                where, field_name = dropped[target]
                problems.append(Problem(
                    f"Abschnitt „{target}“ kann nicht entfallen: ein Standardabschnitt "
                    f"verweist mit [§ {target}] darauf (ersetzen Sie dessen Text)",
                    where, field_name))
                return match.group(0)
            if target not in unplaced:
                wrong.setdefault(target, []).append(text)
            return match.group(0)

        resolved = REFERENCE.sub(replace, text.text)
        for odd in LOOSE_REFERENCE.findall(resolved):
            if not REFERENCE.fullmatch(odd):
                problems.append(Problem(
                    f"Verweis „{odd}“ nicht lesbar: so schreiben: [§ kennung] (Kennung in "
                    f"Kleinbuchstaben, a–z, 0–9 und _){_did_you_mean(odd[2:-1].strip().lower(), numbers)}",
                    text.where, text.field))
        return resolved

    sections = [
        Abschnitt(
            d.id, numbers[d.id], d.titel,
            tuple(Absatz(resolve(h), tuple(resolve(p) for p in pts)) for h, pts in d.absaetze),
        )
        for d in drafts
    ]
    for target, places in wrong.items():
        reason = "ist entfallen" if target in dropped else "gibt es nicht"
        more = f" (ebenso {len(places) - 1} weitere Verweise)" if len(places) > 1 else ""
        problems.append(Problem(
            f"Verweis [§ {target}]: Abschnitt „{target}“ {reason}"
            f"{_did_you_mean(target, numbers)}{more}", places[0].where, places[0].field))
    if problems:
        problems = list(dict.fromkeys(problems))
        data_problems = [p for p in problems if p.location and p.location.file == source_map.file]
        if len(data_problems) == len(problems):
            raise DataError.of(problems)
        raise TemplateError.of(problems)
    return sections
