"""Kooperationsvereinbarung and Geschäftsordnungen: clauses, numbering, references, layouts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from testing_utils import EXAMPLE, line_col, pdf_pages, pdf_tables, squash, write_variant

from docgen.cli import main
from docgen.pipeline import Engine, RenderedFile

pytestmark = pytest.mark.slow  # renders real documents

PARTIES = [
    ("Sabine Größler", "Leiterin des Jugendamtes", "Jugendamt des Landkreises Märkische Heide"),
    ("Dr. med. Henning Faßbender", "Amtsarzt, Leiter des Gesundheitsamtes",
     "Gesundheitsamt des Landkreises Märkische Heide"),
    ("i. V. Katrin Oelschläger", "Leiterin des Sozialamtes",
     "Sozialamt des Landkreises Märkische Heide"),
    ("Ömer Kılıç", "Geschäftsführer", "Suchthilfe Heideland gGmbH"),
]


def _pdf(rendered: RenderedFile, stem: str) -> bytes:
    (document,) = [d for d in rendered.documents if d.job.stem == stem]
    return document.pdf


def _text(rendered: RenderedFile, stem: str) -> str:
    return "\n".join(pdf_pages(_pdf(rendered, stem)))


def _headings(text: str) -> list[tuple[int, str]]:
    return [(int(n), t.strip()) for n, t in re.findall(r"^§\s(\d+)\s(.+)$", text, re.M)]


@pytest.fixture(scope="module")
def rendered(engine: Engine) -> RenderedFile:
    return engine.render_file(EXAMPLE)


@pytest.fixture(scope="module")
def agreement(rendered: RenderedFile) -> str:
    return _text(rendered, "kooperationsvereinbarung")


STANDARD_ORDER = [
    "Präambel", "Gegenstand der Vereinbarung", "Ziele", "Zielgruppe", "Handlungsfelder",
    "Koordinationsstelle", "Kommunale Steuerungsgruppe", "Netzwerke", "Gemeinsame Fortbildungen",
    "Datenschutz und Schweigepflicht", "Laufzeit", "Evaluation und Fortschreibung", "Kosten",
    "Änderungen und Ergänzungen", "Kündigung", "Inkrafttreten",
]


def test_sections_are_numbered_without_gaps_and_the_inserted_one_sits_after_netzwerke(
    agreement: str,
) -> None:
    headings = _headings(agreement)
    assert [n for n, _ in headings] == list(range(1, len(STANDARD_ORDER) + 1))
    assert [t for _, t in headings] == STANDARD_ORDER


def test_references_name_the_section_they_mean(agreement: str) -> None:
    numbers = {title: n for n, title in _headings(agreement)}
    flat = squash(agreement)
    for sentence in [
        f"Die Koordinationsstelle (§ {numbers['Koordinationsstelle']}) plant sie mit der "
        f"Steuerungsgruppe (§ {numbers['Kommunale Steuerungsgruppe']}).",
        f"stellt für die Gruppenangebote nach § {numbers['Gemeinsame Fortbildungen']} Räume",
        f"in der kommunalen Steuerungsgruppe (§ {numbers['Kommunale Steuerungsgruppe']}) aus",
        f"Netzwerke ein (§ {numbers['Netzwerke']})",
    ]:
        assert squash(sentence) in flat, sentence
    assert "[§" not in agreement


def test_agreement_content_and_signatures(agreement: str) -> None:
    flat = squash(agreement)
    for expected in [
        "Kooperationsvereinbarung",
        "vertreten durch Sabine Größler, Leiterin des Jugendamtes – im Folgenden „Jugendamt“ –",
        "Suchthilfe Heideland gGmbH, Mühlenweg 7, 15890 Fließfurt",
        "Kinder und Jugendliche bis 18 Jahre im Landkreis Märkische Heide",
        "im Umfang von 0,5 VZÄ ein. Sie wird im Jugendamt angesiedelt",
        "die Gewinnung zentraler Akteur*innen für die Umsetzung des Prozesses",
        "die Dokumentation des Projektverlaufs für die Berichte an die BLS",
        "den §§ 61 bis 65 SGB VIII und den §§ 67 ff. SGB X",
        "Die Pflicht zur Verschwiegenheit nach § 203 StGB",
        "bis zum 31. Dezember 2028",
        "mit einer Frist von 6 Monaten",
        "Änderungen und Ergänzungen dieser Vereinbarung bedürfen der Schriftform",
        "Diese Vereinbarung tritt am 1. April 2026 in Kraft.",
    ]:
        assert squash(expected) in flat, expected
    signatures = flat[flat.rindex(squash("Unterschriften")):]
    for name, function, party in PARTIES:
        for part in (name, function, party):
            assert squash(part) in signatures, part
    assert signatures.count(squash("Ort, Datum")) == len(PARTIES)
    assert signatures.count(squash("Fließfurt, 18.03.2026")) == len(PARTIES)


def test_dropped_clause_is_gone_and_numbers_close_up(engine: Engine, tmp_path: Path) -> None:
    path, _ = write_variant(tmp_path, "  klauseln:\n    kosten:",
                            "  klauseln:\n    laufzeit:\n      entfaellt: true\n    kosten:")
    headings = _headings(_text(engine.render_file(path), "kooperationsvereinbarung"))
    titles = [t for _, t in headings]
    assert "Laufzeit" not in titles
    assert titles == [t for t in STANDARD_ORDER if t != "Laufzeit"]
    assert [n for n, _ in headings] == list(range(1, len(STANDARD_ORDER)))


def test_replaced_and_retitled_clause(engine: Engine, tmp_path: Path) -> None:
    path, _ = write_variant(
        tmp_path, "  klauseln:\n    kosten:",
        "  klauseln:\n    zielgruppe:\n      titel: Wen wir erreichen wollen\n"
        "      absaetze:\n        - Kinder & Jugendliche <bis 21>, siehe [§ netzwerke].\n"
        "    kosten:")
    text = _text(engine.render_file(path), "kooperationsvereinbarung")
    assert (4, "Wen wir erreichen wollen") in _headings(text)
    assert "Kinder & Jugendliche <bis 21>, siehe § 8." in text
    assert "bei denen mindestens ein Elternteil" not in text


@pytest.mark.parametrize("stem", ["steuerungsgruppe", "regionalteam-sued", "fallteam-sued"])
def test_rules_of_procedure_in_both_layouts(rendered: RenderedFile, stem: str) -> None:
    paragraphs = _text(rendered, f"geschaeftsordnung-{stem}")
    table_pdf = _pdf(rendered, f"fachliche-standards-{stem}")
    table = _text(rendered, f"fachliche-standards-{stem}")
    cells = "".join(squash(cell) for t in pdf_tables(table_pdf) for row in t for cell in row)
    headings = _headings(paragraphs)
    assert [n for n, _ in headings] == list(range(1, len(headings) + 1))
    assert headings[0][1] == "Zweck und Leitgedanken"
    assert headings[-1][1] == "Inkrafttreten und Änderungen"
    assert squash("Fachliche Standards") in squash(table)
    assert squash("Leitgedanken") in squash(table)
    # the same facts in both layouts
    for fact in {
        "steuerungsgruppe": ["Leitung des Jugendamtes, Vorsitz", "viermal jährlich",
                             "Jugendhilfeausschuss: Bericht der Vorsitzenden einmal jährlich"],
        "regionalteam-sued": ["30 % der Mittel für präventive Maßnahmen",
                              "ausschließlich anonym beraten", "ca. 3 Stunden"],
        "fallteam-sued": ["kollegiale Beratung mit Falldarstellung",
                          "die Entscheidung trifft die fallführende Fachkraft",
                          "schriftlicher Schweigepflichtentbindung"],
    }[stem]:
        in_paragraphs = squash(fact) in squash(paragraphs)
        assert in_paragraphs or fact == "ca. 3 Stunden", (fact, "paragraphs")
        assert squash(fact).casefold() in cells.casefold(), (fact, "table")


def test_rules_of_procedure_steuerungsgruppe_text(rendered: RenderedFile) -> None:
    text = squash(_text(rendered, "geschaeftsordnung-steuerungsgruppe"))
    for expected in [
        "Einstimmigkeit ist erforderlich in allen Grundsatzfragen.",
        "Mit einfacher Mehrheit der abgegebenen Stimmen wird entschieden über Prioritäten",
        "beschlussfähig, wenn mindestens 5 stimmberechtigte Mitglieder anwesend sind",
        "per E-Mail im Umlaufverfahren zulässig",
        "entscheidet der Jugendhilfeausschuss",
        "Es lädt die Koordinationsstelle mindestens 14 Tage vor der Sitzung",
        "Festlegungsprotokoll mit Aufträgen, Verantwortlichkeiten und Wiedervorlagen",
        "Koordinationsstelle KommGes, Geschäftsführung; ohne Stimmrecht",
        "insgesamt 7",
        "Diese Geschäftsordnung wurde am 6. Mai 2026 beschlossen (beschließendes Gremium: "
        "Jugendhilfeausschuss). Sie tritt am 1. Juni 2026 in Kraft.",
    ]:
        assert squash(expected) in text, expected
    fallteam = squash(_text(rendered, "geschaeftsordnung-fallteam-sued"))
    assert squash("§ 6 Beratungsergebnisse") in fallteam
    assert squash("Einstimmigkeit") not in fallteam


def _fails(tmp_path: Path, old: str, new: str) -> tuple[list[str], str, Path]:
    path, text = write_variant(tmp_path, old, new)
    out, err = io.StringIO(), io.StringIO()
    code = main(["render", str(path), "-o", str(tmp_path / "out")], stdout=out, stderr=err)
    assert code == 1
    assert not (tmp_path / "out").exists(), "nothing written"
    return err.getvalue().splitlines()[:-1], text, path


PARTY_GA_SOZ_FREI = (
    "    - name: Gesundheitsamt des Landkreises Märkische Heide\n"
    "      kurzbezeichnung: Gesundheitsamt\n"
)


def test_fewer_than_two_parties(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index(PARTY_GA_SOZ_FREI)
    end = text.index("  zielgruppe: >-")
    errors, new_text, path = _fails(tmp_path, text[start:end], "")
    line, column = line_col(new_text, "    - name: Jugendamt des Landkreises", offset=4)
    assert errors == [
        f"{path}:{line}:{column}: kooperationsvereinbarung.parteien: eine "
        "Kooperationsvereinbarung braucht mindestens zwei Parteien (angegeben: 1)"
    ]


def test_health_office_must_be_a_party(tmp_path: Path) -> None:
    errors, _, _ = _fails(tmp_path, "      kurzbezeichnung: Gesundheitsamt\n      art: Gesundheitsamt",
                          "      kurzbezeichnung: Gesundheitsamt\n      art: sonstige")
    assert len(errors) == 1
    assert errors[0].endswith("kooperationsvereinbarung.parteien: unter den Parteien fehlt das "
                              "Gesundheitsamt (Eintrag mit „art: Gesundheitsamt“); die "
                              "Vereinbarung wird mindestens zwischen Jugendamt und "
                              "Gesundheitsamt geschlossen")


def test_quorum_above_voting_members(tmp_path: Path) -> None:
    errors, text, path = _fails(tmp_path, "      beschlussfaehig_ab: 5",
                                "      beschlussfaehig_ab: 9")
    line, column = line_col(text, "beschlussfaehig_ab: 9", offset=len("beschlussfaehig_ab: "))
    assert errors == [
        f"{path}:{line}:{column}: geschaeftsordnungen[0].beschlussfassung.beschlussfaehig_ab: "
        "beschlussfähig ab 9 Mitgliedern ist mehr, als stimmberechtigte Mitglieder vorgesehen "
        "sind (7)"
    ]


def test_majority_rule_without_voting_members(tmp_path: Path) -> None:
    old = ("        - wer: Fachkräfte je Sozialraum aus Kita, Schule, Jugendarbeit und "
           "Beratungsstellen\n          anzahl: 6\n")
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("        - wer: Vertretung des Fallteams\n")
    block = text[start:text.index(old) + len(old)]
    silent = "".join(
        line + ("\n          stimmberechtigt: false" if line.startswith("        - wer:") else "")
        + "\n" for line in block.splitlines()
    )
    errors, new_text, path = _fails(tmp_path, block, silent)
    line, column = line_col(new_text, "      mehrheit: bei Entscheidungen", offset=len("      mehrheit: "))
    assert errors == [
        f"{path}:{line}:{column}: geschaeftsordnungen[1].beschlussfassung.mehrheit: die "
        "Geschäftsordnung sieht Abstimmungen vor, aber kein Mitglied ist stimmberechtigt "
        "(stimmberechtigt: true bei mindestens einem Mitglied, oder nur_beratend: true)"
    ]


def test_empty_section(tmp_path: Path) -> None:
    errors, text, path = _fails(
        tmp_path, "    kosten:\n      ergaenzen:",
        "    ziele:\n      absaetze: []\n    kosten:\n      ergaenzen:")
    line, column = line_col(text, "absaetze: []", offset=len("absaetze: "))
    assert errors == [f"{path}:{line}:{column}: Abschnitt „Ziele“ ist leer (kein Absatz)"]


def test_two_sections_with_the_same_title(tmp_path: Path) -> None:
    errors, text, path = _fails(tmp_path, "      titel: Gemeinsame Fortbildungen",
                                "      titel: Netzwerke")
    line, column = line_col(text, "      titel: Netzwerke", offset=len("      titel: "))
    assert errors == [f"{path}:{line}:{column}: zwei Abschnitte heißen „Netzwerke“ "
                      "(„netzwerke“ und „fortbildung“)"]


def test_dangling_reference(tmp_path: Path) -> None:
    errors, text, path = _fails(tmp_path, "Räume in\n          ihrer Beratungsstelle",
                                "Räume ([§ fortbildungen]) in\n          ihrer Beratungsstelle")
    line, column = line_col(text, ">-\n          Die Suchthilfe Heideland stellt")
    field = "kooperationsvereinbarung.klauseln.kosten.ergaenzen[0]"
    assert errors == [f"{path}:{line}:{column}: {field}: Verweis [§ fortbildungen]: Abschnitt "
                      "„fortbildungen“ gibt es nicht – meinten Sie „fortbildung“?"]


def test_reference_to_a_dropped_section(tmp_path: Path) -> None:
    errors, _, _ = _fails(tmp_path, "  klauseln:\n    kosten:",
                          "  klauseln:\n    netzwerke:\n      entfaellt: true\n    kosten:")
    assert any("Abschnitt „netzwerke“ ist entfallen" in e for e in errors), errors


def test_unknown_clause_with_hint(tmp_path: Path) -> None:
    errors, text, path = _fails(tmp_path, "  klauseln:\n    kosten:",
                                "  klauseln:\n    kostn:\n      entfaellt: true\n    kosten:")
    line, column = line_col(text, "    kostn:", offset=4)
    assert errors == [f"{path}:{line}:{column}: kooperationsvereinbarung.klauseln.kostn: "
                      "unbekannter Abschnitt „kostn“ (kein Standardabschnitt dieses Namens) – "
                      "meinten Sie „kosten“?"]
