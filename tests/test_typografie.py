"""German typography: non-breaking spaces, minus signs, tokens that never hyphenate."""

from __future__ import annotations

import pytest

from docgen.formatting import betrag, prozent, zahl
from docgen.typografie import NBSP, html_typografie, text_typografie

N = NBSP


@pytest.mark.parametrize(("text", "expected"), [
    ("nach § 5 Abs. 2", f"nach §{N}5 Abs.{N}2"),
    ("die §§ 67 ff. SGB X", f"die §§{N}67{N}ff. SGB{N}X"),
    ("§ 27 SGB VIII", f"§{N}27 SGB{N}VIII"),
    ("z. B. und u. a. sowie d. h.", f"z.{N}B. und u.{N}a. sowie d.{N}h."),
    ("bis zu 100.000 € für 0,5 VZÄ", f"bis zu 100.000{N}€ für 0,5{N}VZÄ"),
    ("14 % und 36 Monate, 3 Tage", f"14{N}% und 36{N}Monate, 3{N}Tage"),
    ("am 13. Februar 2026", f"am 13.{N}Februar 2026"),
    ("Abweichung -10,5 %", f"Abweichung \u221210,5{N}%"),
    ("Sucht- und Jugendhilfe, 2024-2026", "Sucht- und Jugendhilfe, 2024-2026"),
])
def test_non_breaking_spaces_and_minus(text: str, expected: str) -> None:
    assert text_typografie(text) == expected


def test_figures_carry_a_real_minus_sign() -> None:
    assert zahl(-6.26, 1) == "\u22126,3"
    assert prozent(-0.105, 1) == f"\u221210,5{N}%"
    assert betrag(-5) == f"\u22125{N}€"
    assert zahl(6.26, 1) == "6,3"


def test_addresses_break_only_between_their_parts_and_never_hyphenate() -> None:
    html = str(html_typografie("Mail an jw@mustertal-sued-heide.example oder "
                               "www.kreis.example/kommges, Datei atlas_2024.pdf."))
    assert ('<span class="token"><span class="nb">jw@</span><wbr><span class="nb">'
            'mustertal-sued-heide</span><wbr><span class="nb">.example</span></span>') in html
    assert ('<span class="token"><span class="nb">www</span><wbr><span class="nb">.kreis</span>'
            '<wbr><span class="nb">.example/</span><wbr><span class="nb">kommges</span></span>,'
            ) in html
    assert ('<span class="token"><span class="nb">atlas_2024</span><wbr><span class="nb">.pdf'
            '</span></span>.') in html


def test_names_from_the_data_are_protected_and_everything_is_escaped() -> None:
    html = str(html_typografie("Frau Müller-Lüdenscheid <b>aus</b> Fließfurt & Co",
                               ["Müller-Lüdenscheid", "Fließfurt"]))
    assert html == ('Frau <span class="name">Müller-Lüdenscheid</span> &lt;b&gt;aus&lt;/b&gt; '
                    '<span class="name">Fließfurt</span> &amp; Co')
