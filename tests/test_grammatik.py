"""Grammar agrees with the data: every body type and both kinds of Kommune, in every case."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from testing_utils import BASIS, copy_example_bases, example_text

from docgen.errors import DataError
from docgen.grammatik import KASUS, Nominalphrase, mit_praeposition
from docgen.models.gremien import GREMIEN, freie_gremienart
from docgen.pipeline import Engine

ANWENDUNGEN = Path(__file__).parent / "anwendungen"

# (kind as the data names it, article given, nom, gen, dat, akk of the short form, possessive)
BODIES = [
    ("kommunale Steuerungsgruppe", None,
     ["die Steuerungsgruppe", "der Steuerungsgruppe", "der Steuerungsgruppe", "die Steuerungsgruppe"],
     "ihre"),
    ("Sozialraumkonferenz", None,
     ["die Sozialraumkonferenz", "der Sozialraumkonferenz", "der Sozialraumkonferenz",
      "die Sozialraumkonferenz"], "ihre"),
    ("Regionalkonferenz", None,
     ["die Regionalkonferenz", "der Regionalkonferenz", "der Regionalkonferenz",
      "die Regionalkonferenz"], "ihre"),
    ("regionaler Beirat", None,
     ["der regionale Beirat", "des regionalen Beirates", "dem regionalen Beirat",
      "den regionalen Beirat"], "seine"),
    ("Regionalteam", None,
     ["das Regionalteam", "des Regionalteams", "dem Regionalteam", "das Regionalteam"], "seine"),
    ("Fallteam", None, ["das Fallteam", "des Fallteams", "dem Fallteam", "das Fallteam"], "seine"),
    ("Arbeitskreis", "der",
     ["der Arbeitskreis", "des Arbeitskreises", "dem Arbeitskreis", "den Arbeitskreis"], "seine"),
    ("PSAG-Arbeitsgruppe", "die",
     ["die PSAG-Arbeitsgruppe", "der PSAG-Arbeitsgruppe", "der PSAG-Arbeitsgruppe",
      "die PSAG-Arbeitsgruppe"], "ihre"),
    ("Lenkungsgremium", "das",
     ["das Lenkungsgremium", "des Lenkungsgremiums", "dem Lenkungsgremium", "das Lenkungsgremium"],
     "seine"),
    ("regionale Lenkungsgruppe", "die",
     ["die regionale Lenkungsgruppe", "der regionalen Lenkungsgruppe",
      "der regionalen Lenkungsgruppe", "die regionale Lenkungsgruppe"], "ihre"),
]


def _short(kind: str, artikel: str | None) -> Nominalphrase:
    if artikel is None:
        return GREMIEN[kind][1]
    return freie_gremienart(kind, artikel, None)


@pytest.mark.parametrize(("kind", "artikel", "forms", "possessive"), BODIES)
def test_every_body_kind_in_every_case(kind: str, artikel: str | None, forms: list[str],
                                       possessive: str) -> None:
    phrase = _short(kind, artikel)
    assert [phrase.mit_artikel(k) for k in KASUS] == forms
    assert phrase.possessiv("e") == possessive


def test_full_names_of_presets_and_indefinite_forms() -> None:
    steuerung = GREMIEN["kommunale Steuerungsgruppe"][0]
    assert steuerung.mit_artikel("gen") == "der kommunalen Steuerungsgruppe"
    assert steuerung.unbestimmt("nom") == "eine kommunale Steuerungsgruppe"
    beirat = GREMIEN["regionaler Beirat"][0]
    assert [beirat.unbestimmt(k) for k in KASUS] == [
        "ein regionaler Beirat", "eines regionalen Beirates", "einem regionalen Beirat",
        "einen regionalen Beirat"]


@pytest.mark.parametrize(("noun", "genus", "expected"), [
    ("Landkreis", "m", ["der Landkreis Havelland", "des Landkreises Havelland",
                        "dem Landkreis Havelland", "den Landkreis Havelland"]),
    ("Stadt", "f", ["die Stadt Havelland", "der Stadt Havelland", "der Stadt Havelland",
                    "die Stadt Havelland"]),
])
def test_both_kinds_of_kommune_and_contractions(noun: str, genus: str, expected: list[str]) -> None:
    phrase = Nominalphrase(noun, "m" if genus == "m" else "f", name="Havelland")
    assert [phrase.mit_artikel(k) for k in KASUS] == expected
    contracted = {"m": ("vom Landkreis Havelland", "im Landkreis Havelland", "zum Landkreis Havelland"),
                  "f": ("von der Stadt Havelland", "in der Stadt Havelland", "zur Stadt Havelland")}
    assert (mit_praeposition(phrase, "von", "dat"), phrase.in_dat(),
            mit_praeposition(phrase, "zu", "dat")) == contracted[genus]


# --- in the documents: every body type and both kinds of Kommune --------------------------

def _variant(tmp_path: Path, kind: str, artikel: str | None, stadt: bool) -> Path:
    text = example_text()
    body = f"    gremium: {kind}\n" + (f"    artikel: {artikel}\n" if artikel else "")
    text = text.replace("    gremium: Regionalteam\n", body, 1)
    if stadt:  # the base file's Kommune, overridden
        text = text.replace(BASIS, BASIS + "kommune:\n  name: Stadt Märkische Heide\n"
                                           "  art: kreisfreie Stadt\n", 1)
    path = tmp_path / "antrag.yaml"
    path.write_text(text, encoding="utf-8")
    copy_example_bases(tmp_path)
    return path


def _texts(engine: Engine, path: Path) -> dict[str, str]:
    """Visible text of every document's HTML (tags dropped, spaces normalised)."""
    validated = engine.validate_file(path)
    result = {}
    for job in engine.prepare(validated):
        html = engine.render_html(job)
        body = html[html.index("<body"):]
        inline = re.sub(r"</?(span|wbr|em|strong|sup)\b[^>]*>", "", body)
        text = unescape(re.sub(r"<[^>]+>", " ", inline)).replace("\u00a0", " ")
        result[job.job.stem] = re.sub(r"\s+", " ", text)
    return result


@pytest.mark.parametrize("stadt", [False, True], ids=["Landkreis", "Stadt"])
@pytest.mark.parametrize(("kind", "artikel", "forms", "possessive"), BODIES,
                         ids=[b[0] for b in BODIES])
def test_rules_of_procedure_agree_with_body_and_kommune(
    engine: Engine, tmp_path: Path, kind: str, artikel: str | None, forms: list[str],
    possessive: str, stadt: bool,
) -> None:
    texts = _texts(engine, _variant(tmp_path, kind, artikel, stadt))
    ordnung, tabelle = texts["geschaeftsordnung-regionalteam-sued"], texts[
        "fachliche-standards-regionalteam-sued"]
    nom = forms[0][:1].upper() + forms[0][1:]
    kommune = "der Stadt Märkische Heide" if stadt else "des Landkreises Märkische Heide"
    assert f"{nom} „Regionalteam Süd“ (RT Süd) ist ein Gremium {kommune}." in ordnung
    assert f"{nom} befasst sich insbesondere mit:" in ordnung
    assert f"{nom} tagt einmal im Quartal" in ordnung
    assert f"1. Wie soll {forms[0]} zusammengesetzt sein?" in tabelle
    assert f"für {forms[3]} und {possessive} Arbeit relevant?" in tabelle
    agreement = texts["kooperationsvereinbarung"]
    if stadt:
        assert "im Übrigen von der Stadt Märkische Heide." in agreement
        assert "Familien in der Stadt Märkische Heide." in agreement
        assert texts["absichtserklaerung"].count("Die Stadt Märkische Heide") >= 3
    else:
        assert "im Übrigen vom Landkreis Märkische Heide." in agreement
        assert "Familien im Landkreis Märkische Heide." in agreement
    for stem, text in texts.items():
        for wrong in ("von der Landkreis", "von die Stadt", "die Landkreis", "Gremium des Stadt",
                      "Gremium der Landkreis", "dem Stadt", "den Stadt"):
            assert wrong not in text, (stem, wrong)


def test_applications_of_other_shapes_read_right(engine: Engine) -> None:
    stadt = _texts(engine, ANWENDUNGEN / "stadt-lange-namen.yaml")
    assert ("im Übrigen von der Stadt Neuenburg-Hohenwalde an der Spree."
            in stadt["kooperationsvereinbarung"])
    assert "im Fachbereich Jugend und Gesundheit angesiedelt" in stadt["kooperationsvereinbarung"]
    assert "für den regionalen Beirat und seine Arbeit" in stadt["fachliche-standards-beirat"]
    assert "Der Arbeitskreis „Arbeitskreis Kinder psychisch kranker Eltern“ (AK KipE) ist ein " \
           "Gremium der Stadt Neuenburg-Hohenwalde an der Spree." in stadt[
               "geschaeftsordnung-arbeitskreis"]
    assert "Jugendamt und Gesundheitsamt" not in stadt["erklaerung-1-unterstuetzung"].split(
        "Meyer-Hohenstein")[1][:80]  # her office is the Fachbereich she names
    kreis = _texts(engine, ANWENDUNGEN / "landkreis-viele-partner.yaml")
    assert "im Übrigen vom Landkreis Oderbruch-Spreewald." in kreis["kooperationsvereinbarung"]
    assert "in der Stabsstelle Sozial- und Gesundheitsplanung beim Landrat angesiedelt" in kreis[
        "kooperationsvereinbarung"]
    assert "Die PSAG-Arbeitsgruppe tagt" in kreis["geschaeftsordnung-psag"]
    assert "für das Lenkungsgremium und seine Arbeit" in kreis["fachliche-standards-lenkungsgremium"]


def test_unknown_body_kind_asks_for_its_article(engine: Engine, tmp_path: Path) -> None:
    path = _variant(tmp_path, "Falteam", None, False)
    with pytest.raises(DataError) as info:
        engine.validate_file(path)
    (problem,) = info.value.problems
    assert problem.field == "geschaeftsordnungen[1]"
    assert "unbekannte Gremienart „Falteam“ – meinten Sie „Fallteam“?" in problem.message
    assert "artikel: der, die oder das" in problem.message
    path = _variant(tmp_path, "Fallteam", "die", False)
    with pytest.raises(DataError) as info:
        engine.validate_file(path)
    assert "„Fallteam“ hat den Artikel „das“, nicht „die“" in str(info.value)
