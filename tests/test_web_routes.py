"""The web app's routes in-process, on SQLite and (slow) on a real PostgreSQL cluster."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import text
from starlette.testclient import TestClient
from testing_utils import EXAMPLE
from web_support import (
    client,
    csrf_of,
    form_fields,
    make_app,
    open_example,
    post_form,
    postgres_cluster,
    start_application,
)

from docgen.cli import main
from docgen.web import auth
from docgen.web.documents import export_yaml, load_data_file


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'web.sqlite3'}"
    else:
        with postgres_cluster() as url:
            yield url


@pytest.fixture(scope="module")
def app(database: str) -> Iterator[Any]:
    application = make_app(database, versuche_limit=5)
    yield application
    application.state.pool.close()
    application.state.store.close()


@pytest.fixture
def browser(app: Any) -> Iterator[TestClient]:
    with client(app) as c:
        yield c


@pytest.fixture
def example(app: Any, browser: TestClient) -> TestClient:
    open_example(app, browser)
    return browser


def test_start_page_is_german_with_strict_headers(browser: TestClient) -> None:
    page = browser.get("/")
    assert page.status_code == 200
    assert '<html lang="de">' in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"


def test_new_application_gives_a_secret_link_stored_only_as_hash(app: Any, browser: TestClient
                                                                  ) -> None:
    token = start_application(browser)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    cookie = next(c for c in browser.cookies.jar if c.name == auth.SESSION_COOKIE)
    assert cookie.secure and cookie.has_nonstandard_attr("HttpOnly")
    with app.state.store.engine.connect() as connection:
        hashes = connection.execute(text("select token_hash from zugaenge")).scalars().all()
        dump = " ".join(str(row) for table in ("zugaenge", "versionen", "antraege")
                        for row in connection.execute(text(f"select * from {table}")))
    assert auth.token_hash(token) in hashes
    assert token not in dump
    form = browser.get("/antrag")
    assert form.status_code == 200
    # a new application shows its missing fields at the fields, not at whole sections
    assert 'id="f-kommune-name-fehler"><span>Pflichtfeld fehlt' in form.text


def test_token_of_one_application_never_opens_another(app: Any) -> None:
    with client(app) as first, client(app) as second:
        open_example(app, first)
        start_application(second)
        assert "Landkreis Märkische Heide" in first.get("/antrag").text
        assert "Landkreis Märkische Heide" not in second.get("/antrag").text
        first_id = auth.current(_request(first), app.state.store)
        second_id = auth.current(_request(second), app.state.store)
        assert first_id and second_id and first_id.antrag_id != second_id.antrag_id
    with client(app) as stranger:
        assert stranger.get("/antrag").status_code == 403
        assert stranger.get("/zugang/" + "A" * 43).status_code == 404
        assert stranger.get("/antrag/export").status_code == 403


def _request(browser: TestClient) -> Any:
    class R:
        cookies = {auth.SESSION_COOKIE: browser.cookies.get(auth.SESSION_COOKIE)}
    return R()


def test_revoked_and_expired_links_fail(app: Any) -> None:
    with client(app) as c:
        old = open_example(app, c)
        page = c.get("/antrag")
        renewed = c.post("/antrag/neuer-link", data={"csrf": csrf_of(page.text)})
        assert renewed.status_code == 200 and "widerrufen" in renewed.text
        new = re.search(r"/zugang/([A-Za-z0-9_-]+)", renewed.text).group(1)  # type: ignore[union-attr]
    with client(app) as c:
        assert c.get(f"/zugang/{old}").status_code == 404
        assert c.get(f"/zugang/{new}", follow_redirects=False).status_code == 303
    store = app.state.store
    expired = auth.new_token()
    store.add_link(1, auth.token_hash(expired), "abgelaufen", timedelta(seconds=-1))
    with client(app) as c:
        assert c.get(f"/zugang/{expired}").status_code == 404


def test_forged_posts_without_csrf_fail(example: TestClient, app: Any) -> None:
    page = example.get("/antrag").text
    fields = dict(form_fields(page))
    fields.pop("csrf")
    assert example.post("/antrag/speichern", data=fields).status_code == 403
    fields["csrf"] = "0" * 64
    answer = example.post("/antrag/speichern", data=fields)
    assert answer.status_code == 403 and "CSRF" in answer.text
    with client(app) as other:  # another session's valid token does not fit this session
        foreign = csrf_of(other.get("/").text)
    fields["csrf"] = foreign
    assert example.post("/antrag/speichern", data=fields).status_code == 403
    assert example.post("/antrag/einreichen", data={"version": "1"}).status_code == 403
    assert example.post("/neu", data={}).status_code == 403


def _forget_failures(app: Any) -> None:
    with app.state.store.engine.begin() as connection:
        connection.execute(text("delete from fehlversuche"))


def test_rate_limit_on_link_attempts(app: Any) -> None:
    _forget_failures(app)
    try:
        with client(app) as c:
            codes = [c.get(f"/zugang/falsch{i}").status_code for i in range(7)]
            assert c.get(f"/zugang/{auth.new_token()}").status_code == 429
    finally:
        _forget_failures(app)
    assert codes[:5] == [404] * 5
    assert codes[5:] == [429, 429]


def test_tokens_never_reach_the_log(app: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="docgen.web")
    with client(app) as c:
        token = open_example(app, c)
        c.get("/antrag")
    assert any("/zugang/…" in r.getMessage() for r in caplog.records)
    assert token not in caplog.text


def test_autosave_shows_the_command_lines_message_at_the_field(example: TestClient,
                                                              tmp_path: Path) -> None:
    page = example.get("/antrag").text
    answer = post_form(example, page, {"kurzkonzept.ansprechperson.email": "jw(at)kreis.example"})
    assert answer.status_code == 200
    assert 'id="speicherstatus"' in answer.text and "Version 2" in answer.text
    message = "keine gültige E-Mail-Adresse: „jw(at)kreis.example“"
    assert ('href="#f-kurzkonzept-ansprechperson-email" '
            'data-ziel="f-kurzkonzept-ansprechperson-email"') in answer.text
    assert message in answer.text
    # the whole page puts it at the field, with aria-invalid and an error summary
    page = example.get("/antrag").text
    assert f'id="f-kurzkonzept-ansprechperson-email-fehler"><span>{message}' in page
    assert re.search(r'id="f-kurzkonzept-ansprechperson-email"[^>]*aria-invalid="true"', page)
    # the exported data file gives the same message on the command line
    exported = tmp_path / "antrag.yaml"
    exported.write_bytes(example.get("/antrag/export").content)
    err = io.StringIO()
    assert main(["validate", str(exported)], stdout=io.StringIO(), stderr=err) == 1
    assert f"kurzkonzept.ansprechperson.email: {message}" in err.getvalue()


def test_two_tabs_get_a_conflict_and_lose_nothing(example: TestClient) -> None:
    page = example.get("/antrag").text
    assert post_form(example, page, {"kurzkonzept.ort": "Erste Fassung"}).status_code == 200
    second = post_form(example, page, {"kurzkonzept.ort": "Zweite Fassung"})
    assert second.status_code == 409
    assert "inzwischen an anderer Stelle geändert" in second.text
    versions = example.get("/antrag/versionen").text
    assert "Konflikt (nicht übernommen)" in versions
    # the losing save is kept and can be restored
    index = int(re.search(r"/antrag/versionen/(\d+)/wiederherstellen", versions).group(1))  # type: ignore[union-attr]
    restored = example.post(f"/antrag/versionen/{index}/wiederherstellen",
                            data={"csrf": csrf_of(versions)})
    assert restored.status_code == 200
    assert 'value="Zweite Fassung"' in restored.text


def test_list_entries_add_move_remove(example: TestClient) -> None:
    page = example.get("/antrag").text
    before = [v for k, v in form_fields(page) if re.fullmatch(r"kurzkonzept\.begruendung\.ziele\.\d+", k)]
    page = post_form(example, page, action="neu:kurzkonzept.begruendung.ziele").text
    assert 'id="f-kurzkonzept-begruendung-ziele-4"' in page
    page = post_form(example, page, {"kurzkonzept.begruendung.ziele.4": "Neues Ziel"},
                     action="hoch:kurzkonzept.begruendung.ziele.4").text
    after = [v for k, v in form_fields(page) if re.fullmatch(r"kurzkonzept\.begruendung\.ziele\.\d+", k)]
    assert after == [*before[:3], "Neues Ziel", before[3]]
    page = post_form(example, page, action="weg:kurzkonzept.begruendung.ziele.3").text
    after = [v for k, v in form_fields(page) if re.fullmatch(r"kurzkonzept\.begruendung\.ziele\.\d+", k)]
    assert after == before


def test_optional_document_can_be_added_and_removed(example: TestClient) -> None:
    page = example.get("/antrag").text
    assert 'value="teil-weg:kooperationsvereinbarung"' in page
    page = post_form(example, page, action="teil-weg:kooperationsvereinbarung").text
    assert 'value="teil-neu:kooperationsvereinbarung"' in page
    assert "kooperationsvereinbarung" not in yaml.safe_load(example.get("/antrag/export").text)


def test_export_validates_and_imports_back(example: TestClient, tmp_path: Path) -> None:
    exported = example.get("/antrag/export")
    assert exported.headers["content-disposition"].endswith('landkreis-maerkische-heide.yaml"')
    original, _ = load_data_file(EXAMPLE)  # the example with its base files merged in
    assert yaml.safe_load(exported.text) == yaml.safe_load(export_yaml(original))
    first = exported.text.splitlines()[0]  # editors complete and check it against the schema
    assert first == "# yaml-language-server: $schema=https://testserver/schema/docgen.schema.json"
    schema = example.get("/schema/docgen.schema.json")
    assert schema.status_code == 200 and schema.json()["properties"]["kurzkonzept"]["title"]
    page = example.get("/antrag").text
    broken = exported.text.replace("plz: '15890'", "plz: '1589'")
    answer = example.post("/antrag/import", data={"csrf": csrf_of(page), "version": "1"},
                          files={"datei": ("antrag.yaml", broken.encode(), "application/yaml")})
    assert answer.status_code == 200
    assert 'id="f-kommune-anschrift-plz-fehler"><span>keine gültige Postleitzahl' in answer.text


def test_uploads_outside_limits_fail_with_german_messages(example: TestClient) -> None:
    page = example.get("/antrag").text
    csrf = csrf_of(page)

    def upload(name: str, content: bytes) -> Any:
        return example.post("/antrag/logo", data={"csrf": csrf, "version": "1"},
                            files={"logo": (name, content, "application/octet-stream")})

    too_big = upload("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2_100_000)
    assert too_big.status_code == 413 and "größer als 2 MB" in too_big.text
    wrong_type = upload("logo.gif", b"GIF89a")
    assert wrong_type.status_code == 400 and "SVG- oder PNG-Datei" in wrong_type.text
    fake = upload("logo.png", b"kein Bild")
    assert fake.status_code == 400 and "keine gültige PNG-Datei" in fake.text
    good = upload("wappen.svg", (EXAMPLE.parent / "basis" / "wappen-maerkische-heide.svg").read_bytes())
    assert good.status_code == 200 and "Logo hochgeladen" in good.text
    # the logo field offers the uploaded files instead of a path to type
    assert re.search(r'<select id="f-briefkopf-logo" name="briefkopf.logo"[^>]*>.*?'
                     r'<option value="logo.svg" selected>', good.text, re.S)


def test_preview_shows_the_document_in_a_sandbox(example: TestClient) -> None:
    preview = example.get("/antrag/vorschau/kurzkonzept")
    assert preview.status_code == 200
    assert "Landkreis Märkische Heide" in preview.text
    assert "sandbox" in preview.headers["content-security-policy"]
    assert "Kurzkonzept" in preview.text


def test_submission_freezes_the_version_and_warns_after_the_deadline(example: TestClient) -> None:
    page = example.get("/antrag").text
    answer = example.post("/antrag/einreichen", data={"csrf": csrf_of(page), "version": "1"})
    assert answer.status_code == 200
    assert "Version 1 wurde am" in answer.text
    assert "Einreichungsfrist endete am 13.02.2026" in answer.text  # the example's deadline
    assert "eingereicht" in example.get("/antrag/versionen").text


def test_submission_refuses_data_with_errors(app: Any) -> None:
    with client(app) as c:
        start_application(c)
        page = c.get("/antrag").text
        answer = c.post("/antrag/einreichen", data={"csrf": csrf_of(page), "version": "1"})
        assert answer.status_code == 422
        assert "erst eingereicht werden, wenn alle Fehler behoben sind" in answer.text


def test_full_render_pool_answers_429(example: TestClient, app: Any) -> None:
    pool = app.state.pool
    pool._in_flight = pool.capacity
    try:
        answer = example.get("/antrag/dokument/kurzkonzept.pdf")
    finally:
        pool._in_flight = 0
    assert answer.status_code == 429
    assert "bitte gleich noch einmal" in answer.text
    assert answer.headers["retry-after"] == "2"


def test_attachments_for_the_bundle_are_checked_and_offered(example: TestClient) -> None:
    import pikepdf

    page = example.get("/antrag").text
    csrf = csrf_of(page)
    buffer = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(buffer)

    def upload(name: str, content: bytes) -> Any:
        return example.post("/antrag/anhang", data={"csrf": csrf},
                            files={"anhang": (name, content, "application/pdf")})

    broken = upload("atlas.pdf", b"%PDF-1.7 kaputt")
    assert broken.status_code == 400 and "keine lesbare PDF-Datei" in broken.text
    assert upload("atlas.docx", b"x").status_code == 400
    good = upload("Sozialatlas 2024.pdf", buffer.getvalue())
    assert good.status_code == 200 and "Sozialatlas-2024.pdf" in good.text
    page = post_form(example, good.text, action="neu:buendel.teile").text
    assert '<option value="Sozialatlas-2024.pdf"' in page  # offered for buendel.teile[0].anhang
    assert '<option value="kurzkonzept"' in page


def test_standard_clauses_are_chosen_from_the_catalogue(example: TestClient) -> None:
    page = example.get("/antrag").text
    select = re.search(r'<select id="f-kooperationsvereinbarung-klauseln-0-schluessel".*?</select>',
                       page, re.S)
    assert select is not None
    assert '<option value="kosten" selected>' in select.group(0)
    assert '<option value="praeambel">Präambel (praeambel)</option>' in select.group(0)
    before = example.get("/antrag/vorschau/kooperationsvereinbarung").text
    assert "§\xa013 Kosten" in before and "§\xa014 Änderungen und Ergänzungen" in before
    # dropping a clause (its entry, "Abschnitt entfällt"): the preview shows the new numbers
    post_form(example, page, {"kooperationsvereinbarung.klauseln.0.entfaellt": "true"})
    after = example.get("/antrag/vorschau/kooperationsvereinbarung").text
    assert "Kosten" not in after.split("§\xa012 Evaluation", 1)[1].split("§\xa014", 1)[0]
    assert "§\xa013 Änderungen und Ergänzungen" in after


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.web.settings import Settings

    monkeypatch.setenv("DOCGEN_DATENBANK", "postgresql+psycopg://docgen@db/docgen")
    monkeypatch.setenv("DOCGEN_SICHERE_COOKIES", "0")
    settings = Settings.from_env()
    assert settings.datenbank == "postgresql+psycopg://docgen@db/docgen"
    assert not settings.sichere_cookies
    monkeypatch.delenv("DOCGEN_DATENBANK")
    monkeypatch.delenv("DOCGEN_SICHERE_COOKIES")
    assert Settings.from_env().datenbank.startswith("sqlite:///")
    assert Settings.from_env().sichere_cookies


def test_the_example_is_kept_across_restarts(app: Any) -> None:
    from docgen.web.server import load_example

    store, settings = app.state.store, app.state.settings
    first = load_example(store, settings, str(EXAMPLE), reuse=True)
    second = load_example(store, settings, str(EXAMPLE), reuse=True)
    assert first != second
    one, two = auth.principal_for(store, first), auth.principal_for(store, second)
    assert one is not None and two is not None and one.antrag_id == two.antrag_id
