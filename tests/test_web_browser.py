"""End to end in a real headless Chromium (Debian's chromium + chromium-driver, Selenium)
against ``docgen serve`` on 127.0.0.1: a municipality starts an application, fills in
required fields, sees an error at its field and fixes it, watches the preview change,
uploads a logo, downloads the PDF and reads it back, reloads and finds the draft, and
submits. Axe-core (vendored) checks every page; screenshots of every page are written
to ``tests/screenshots/`` for a person to look at."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from testing_utils import EXAMPLE, ROOT, contains, pdf_pages
from web_support import free_port, wait_for

from docgen.web.documents import load_data_file

pytestmark = pytest.mark.slow

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
SHOTS = Path(__file__).parent / "screenshots"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("server")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "docgen", "serve", "--port", str(port), "--datenbank",
         f"sqlite:///{folder / 'web.sqlite3'}", "--vorlage", str(EXAMPLE), "--prozesse", "1"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        import urllib.request

        def up() -> bool:
            try:
                return urllib.request.urlopen(base + "/", timeout=1).status == 200  # type: ignore[no-any-return]
            except OSError:
                return False

        assert wait_for(up, 30), "Server startet nicht"
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        # no secret link ever reaches the server's log
        assert "/zugang/…" in output or "zugang" not in output
        for line in output.splitlines():
            assert not ("/zugang/" in line and "/zugang/…" not in line), line


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.fail("chromium und chromium-driver fehlen (scripts/setup.sh installiert sie)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--lang=de-DE",
                 "--window-size=1400,1000",
                 f"--user-data-dir={tempfile.mkdtemp(prefix='docgen-chromium-')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "intl.accept_languages": "de-DE,de"})
    browser = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    browser.downloads = downloads  # type: ignore[attr-defined]
    SHOTS.mkdir(exist_ok=True)
    try:
        yield browser
    finally:
        browser.quit()


def look(driver: Any, name: str) -> None:
    """Axe-core on the page (no serious or critical finding) and a full-page screenshot."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations));")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result
           if v["impact"] in {"serious", "critical"}]
    assert not bad, f"{name}: {bad}"
    driver.save_screenshot(str(SHOTS / f"{name}.png"))  # what the eye sees now
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1400, min(max(height, 1000), 6000))
    driver.save_screenshot(str(SHOTS / f"{name}-ganze-seite.png"))
    driver.set_window_size(1400, 1000)


def by_id(driver: Any, element_id: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, element_id)


def type_into(driver: Any, element_id: str, text: str) -> None:
    field = by_id(driver, element_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.clear()
    field.send_keys(text)


def saved_version(driver: Any) -> int:
    return int(driver.execute_script("return document.getElementById('version').value"))


def wait_saved(driver: Any, after: int) -> int:
    assert wait_for(lambda: saved_version(driver) > after, 10), "nicht gespeichert"
    # the last keystrokes may still be on their way: wait until the version stays put
    while True:
        version = saved_version(driver)
        time.sleep(0.6)
        if saved_version(driver) == version:
            return version


def preview_text(driver: Any) -> str:
    """The preview's text; empty while the frame is being replaced by a newer one."""
    from selenium.common.exceptions import WebDriverException

    try:
        driver.switch_to.frame(by_id(driver, "vorschau"))
        return str(driver.execute_script("return document.body.innerText"))
    except WebDriverException:
        return ""
    finally:
        driver.switch_to.default_content()


def test_a_municipality_fills_in_previews_downloads_and_submits(server: str, driver: Any,
                                                               tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(server + "/")
    look(driver, "01-start")
    driver.find_element(By.CSS_SELECTOR, "form[action='/neu'] button").click()
    assert wait_for(lambda: "Ihr persönlicher Link" in driver.page_source)
    link = by_id(driver, "link").get_attribute("value")
    assert "/zugang/" in link
    look(driver, "02-persoenlicher-link")
    driver.find_element(By.LINK_TEXT, "Zum Antrag").click()
    assert wait_for(lambda: "Antrag bearbeiten" in driver.title)
    assert "Pflichtfeld fehlt" in by_id(driver, "f-kommune-name-fehler").text
    look(driver, "03-neuer-antrag")

    # most of the application comes from a data file, without the contact person
    data = load_data_file(EXAMPLE)[0]  # with its base files merged in
    del data["kurzkonzept"]["ansprechperson"], data["briefkopf"]["logo"]
    upload = tmp_path / "teil.yaml"
    upload.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    by_id(driver, "import-datei").send_keys(str(upload))
    driver.find_element(By.CSS_SELECTOR, "form[action='/antrag/import'] button").click()
    assert wait_for(lambda: "Datei importiert" in driver.page_source)
    assert "Pflichtfeld fehlt" in by_id(driver, "f-kurzkonzept-ansprechperson-name-fehler").text

    # fill the required fields by hand, one with a mistake
    version = saved_version(driver)
    type_into(driver, "f-kurzkonzept-ansprechperson-name", "Dr. Jörg Weißenböck")
    type_into(driver, "f-kurzkonzept-ansprechperson-institution", "Gesundheitsamt")
    type_into(driver, "f-kurzkonzept-ansprechperson-funktion", "Sozialplaner")
    type_into(driver, "f-kurzkonzept-ansprechperson-telefon", "03366 351-2240")
    type_into(driver, "f-kurzkonzept-ansprechperson-email", "jw(at)kreis.example")
    version = wait_saved(driver, version)
    assert wait_for(lambda: "keine gültige E-Mail-Adresse" in by_id(
        driver, "f-kurzkonzept-ansprechperson-email-fehler").text)
    assert by_id(driver, "f-kurzkonzept-ansprechperson-email").get_attribute("aria-invalid") == "true"
    summary = driver.find_element(
        By.CSS_SELECTOR, "#fehlerliste a[href='#f-kurzkonzept-ansprechperson-email']")
    assert "E-Mail" in summary.text
    look(driver, "04-fehler-am-feld")
    type_into(driver, "f-kurzkonzept-ansprechperson-email", "jw@kreis.example")
    version = wait_saved(driver, version)
    assert wait_for(lambda: not by_id(driver, "f-kurzkonzept-ansprechperson-email-fehler").text)
    assert by_id(driver, "f-kurzkonzept-ansprechperson-email").get_attribute("aria-invalid") is None

    # the preview follows the typing
    assert wait_for(lambda: "Gesundheitsamt" in preview_text(driver), 10)
    type_into(driver, "f-kurzkonzept-ansprechperson-funktion", "Leiter der Planungsstelle")
    version = wait_saved(driver, version)
    assert wait_for(lambda: "Leiter der Planungsstelle" in preview_text(driver), 10)
    look(driver, "05-vorschau")
    assert driver.execute_script("return document.getElementById('vorschau-wahl').value") == \
        "kurzkonzept"
    from selenium.webdriver.support.select import Select

    Select(by_id(driver, "vorschau-wahl")).select_by_value("absichtserklaerung")
    assert wait_for(lambda: "Absichts- und Kooperationserklärung" in preview_text(driver), 10)
    Select(by_id(driver, "vorschau-wahl")).select_by_value("kurzkonzept")
    assert wait_for(lambda: "Leiter der Planungsstelle" in preview_text(driver), 10)

    # keyboard: add a goal with Enter, focus lands in the new entry
    add = driver.find_element(By.CSS_SELECTOR, "button[value='neu:kurzkonzept.begruendung.ziele']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", add)
    add.send_keys(Keys.ENTER)
    assert wait_for(lambda: driver.switch_to.active_element.get_attribute("id")
                    == "f-kurzkonzept-begruendung-ziele-4", 10)
    driver.switch_to.active_element.send_keys("Ein fünftes Ziel, per Tastatur eingegeben.")
    version = wait_saved(driver, version)

    # the logo
    by_id(driver, "logo-datei").send_keys(str(EXAMPLE.parent / "basis" / "wappen-maerkische-heide.svg"))
    driver.find_element(By.CSS_SELECTOR, "form[action='/antrag/logo'] button").click()
    assert wait_for(lambda: "Logo hochgeladen" in driver.page_source)

    # reload: the draft is there
    driver.refresh()
    assert by_id(driver, "f-kurzkonzept-ansprechperson-funktion").get_attribute("value") == \
        "Leiter der Planungsstelle"
    assert by_id(driver, "f-kurzkonzept-begruendung-ziele-4").get_attribute("value").startswith("Ein fünftes")
    look(driver, "06-nach-neu-laden")

    # the PDF, downloaded by the browser and read back
    driver.find_element(By.CSS_SELECTOR, "a[href='/antrag/dokument/kurzkonzept.pdf']").click()
    target = driver.downloads / "kurzkonzept.pdf"
    assert wait_for(target.exists, 90), "PDF nicht heruntergeladen"
    time.sleep(0.5)
    text = "\n".join(pdf_pages(target.read_bytes()))
    import pdfplumber

    with pdfplumber.open(target) as pdf:  # the SVG coat of arms is drawn as curves
        assert pdf.pages[0].curves, "das hochgeladene Logo fehlt im PDF"
    assert contains(text, "Leiter der Planungsstelle")
    assert contains(text, "Ein fünftes Ziel, per Tastatur eingegeben.")

    driver.get(server + "/antrag/versionen")
    look(driver, "07-versionen")
    driver.get(server + "/antrag")
    driver.find_element(By.CSS_SELECTOR, "form[action='/antrag/einreichen'] button").click()
    assert wait_for(lambda: "Antrag eingereicht" in driver.page_source)
    assert "Einreichungsfrist endete am 13.02.2026" in driver.page_source
    look(driver, "08-eingereicht")

    driver.get(server + "/zugang/ungueltig")
    assert "ungültig" in driver.page_source
    look(driver, "09-link-ungueltig")
