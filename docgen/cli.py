"""The command line: parse arguments, call the pipeline, report. Nothing else.

Exit codes: 0 success, 1 a data file or document failed, 2 wrong usage.
Known errors print one German line per problem (``datei:zeile:spalte: feld: meldung``);
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from docgen import __version__
from docgen.authoring import commands as authoring
from docgen.composing import DEFAULT_LIMITS
from docgen.errors import DocgenError, Location, Problem

if TYPE_CHECKING:
    from datetime import date

    from docgen.pipeline import Engine, Options
    from docgen.pruefung import Assessment, Bewerbung, Regeln

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _GermanArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: Aufruf fehlerhaft: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _GermanArgumentParser(
        prog="docgen",
        description="Erzeugt amtliche Unterlagen (Kurzkonzept u. a.) aus YAML- oder JSON-Daten.",
    )
    parser.add_argument("--version", action="version", version=f"docgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL",
                                parser_class=_GermanArgumentParser)

    render = sub.add_parser("render", help="Daten prüfen und alle Dokumente als PDF erzeugen")
    render.add_argument("files", nargs="+", type=Path, metavar="DATEI")
    render.add_argument("-o", "--output", type=Path, required=True, metavar="ORDNER",
                        help="Zielordner; je Kommune entsteht ein Unterordner")
    render.add_argument("--templates", type=Path, action="append", default=[], metavar="ORDNER",
                        help="eigener Vorlagenordner, wird vor den eingebauten Vorlagen "
                             "durchsucht (mehrfach möglich)")
    render.add_argument("--format", default="pdf", metavar="FORMATE",
                        help="kommagetrennt: pdf, docx (bearbeitbares Word), html (Vorschau); "
                             "Standard: pdf")
    render.add_argument("--pdf-route", action="append", default=[], metavar="[TYP=]WEG",
                        help="wer das PDF erzeugt: html (WeasyPrint, Standard) oder docx "
                             "(LibreOffice aus der Word-Datei); ohne TYP für alle Dokumenttypen, "
                             "z. B. --pdf-route docx oder --pdf-route kurzkonzept=docx")

    batch = sub.add_parser("build", help="viele Datendateien parallel erzeugen, mit Berichten")
    batch.add_argument("inputs", nargs="*", type=Path, default=[Path("data")], metavar="PFAD",
                       help="Datendateien oder Ordner (rekursiv); Standard: data")
    batch.add_argument("-o", "--output", type=Path, required=True, metavar="ORDNER")
    batch.add_argument("--templates", type=Path, action="append", default=[], metavar="ORDNER")
    batch.add_argument("--format", default="pdf", metavar="FORMATE")
    batch.add_argument("--pdf-route", action="append", default=[], metavar="[TYP=]WEG")
    batch.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="Prozesse (Standard: Zahl der Prozessorkerne)")
    batch.add_argument("--nur-buendel", action="store_true",
                       help="von Dokumenten, die in ein Bündel gehören, nur das Bündel "
                            "schreiben, keine einzelnen PDF-Dateien (schneller)")
    batch.add_argument("--force", action="store_true",
                       help="alles neu erzeugen, auch was sich nicht geändert hat")
    batch.add_argument("--shard", default=None, metavar="K/N|auto",
                       help="nur den K-ten von N stabilen Teilen der Eingaben bauen; auto: "
                            "K und N aus den Variablen der CI (GitLab parallel:, Kubernetes "
                            "Indexed Job, GitHub Actions mit DOCGEN_JOB_INDEX/_TOTAL)")
    batch.add_argument("--report-json", type=Path, default=None, metavar="DATEI",
                       help="Bericht als JSON (Standard: ORDNER/docgen-bericht.json)")
    batch.add_argument("--report-junit", type=Path, default=None, metavar="DATEI",
                       help="Bericht als JUnit-XML (Standard: ORDNER/docgen-bericht.xml)")

    reports = sub.add_parser("berichte", help="Berichte von Teil-Builds (--shard) verarbeiten")
    reports_sub = reports.add_subparsers(dest="reports_command", required=True, metavar="AKTION",
                                         parser_class=_GermanArgumentParser)
    merge = reports_sub.add_parser(
        "zusammenfuehren", help="JSON- und JUnit-Berichte der Teile zu je einem zusammenführen")
    merge.add_argument("files", nargs="+", type=Path, metavar="BERICHT",
                       help="docgen-bericht.json und docgen-bericht.xml jedes Teils")
    merge.add_argument("--json", type=Path, default=None, metavar="DATEI",
                       help="zusammengeführter JSON-Bericht")
    merge.add_argument("--junit", type=Path, default=None, metavar="DATEI",
                       help="zusammengeführter JUnit-Bericht")

    check = sub.add_parser("validate", help="Daten nur prüfen, nichts schreiben")
    check.add_argument("files", nargs="+", type=Path, metavar="DATEI")
    check.add_argument("--templates", type=Path, action="append", default=[], metavar="ORDNER",
                       help="eigener Vorlagenordner, wie bei render (Textbausteine, Klauseln)")

    review = sub.add_parser("pruefen", help="BLS: Bewerbungen gegen die Bedingungen des Aufrufs "
                                           "prüfen, je Bewerbung ein Prüfbericht (PDF und JSON)")
    review.add_argument("files", nargs="+", type=Path, metavar="DATEI_ODER_ORDNER")
    review.add_argument("-o", "--output", type=Path, required=True, metavar="ORDNER",
                        help="Zielordner; je Datendatei entsteht ein Unterordner")
    overview = sub.add_parser("uebersicht", help="BLS: alle Bewerbungen eines Ordners vergleichen "
                                                 "(XLSX und PDF mit Auswahlhilfe)")
    overview.add_argument("folder", type=Path, metavar="ORDNER")
    overview.add_argument("-o", "--output", type=Path, required=True, metavar="ORDNER",
                          help="Zielordner für uebersicht.xlsx und uebersicht.pdf")
    choice = sub.add_parser("auswahl", help="BLS: alle gültigen Dreiergruppen geeigneter "
                                            "Bewerbungen, nach Unterschiedlichkeit geordnet")
    choice.add_argument("folder", type=Path, metavar="ORDNER")
    choice.add_argument("--json", type=Path, default=None, metavar="DATEI",
                        help="die Auswahlhilfe zusätzlich als JSON schreiben")
    for command in (review, overview, choice):
        command.add_argument("--regeln", default=None, metavar="DATEI_ODER_NAME",
                             help="Prüfregeln des Aufrufs (Standard: kommges-2026)")
        command.add_argument("--bewertung", type=Path, default=None, metavar="DATEI",
                             help="Bewertungsdatei der BLS (Eingangsdaten, Urteile, Aktivität)")
        command.add_argument("--datum", default=None, metavar="JJJJ-MM-TT",
                             help="Prüfdatum (Standard: SOURCE_DATE_EPOCH, sonst heute)")
        command.add_argument("--templates", type=Path, action="append", default=[],
                             metavar="ORDNER")
    for command in (render, batch, check):
        command.add_argument("--max-dateigroesse", type=float, default=None, metavar="MB",
                             help="größte erlaubte Datendatei in MB (Standard: "
                                  f"{DEFAULT_LIMITS.max_bytes // (1024 * 1024)})")
    authoring.add_parsers(sub)

    serve = sub.add_parser("serve", help="das Webformular starten")
    serve.add_argument("--host", default="127.0.0.1", help="Adresse (Standard: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="Port (Standard: 8000)")
    serve.add_argument("--datenbank", default=None, metavar="URL",
                       help="SQLAlchemy-URL; Standard: DOCGEN_DATENBANK oder "
                            "sqlite:///docgen-web.sqlite3")
    serve.add_argument("--beispiel", type=Path, default=None, metavar="DATEI",
                       help="diese Datendatei als Beispielantrag anlegen und ihren Link zeigen")
    serve.add_argument("--vorlage", type=Path, default=None, metavar="DATEI",
                       help="Datendatei, deren gemeinsame Angaben (modellprojekt) jeden neuen "
                            "Antrag vorbelegen")
    serve.add_argument("--prozesse", type=int, default=None, metavar="N",
                       help="Prozesse für PDF- und Word-Erzeugung je App-Prozess (Standard: 2)")
    serve.add_argument("--app-prozesse", type=int, default=1, metavar="N",
                       help="App-Prozesse (die App hält keinen Zustand; Standard: 1)")
    return parser


def _report(problems: Sequence[Problem], stream: TextIO) -> None:
    for problem in problems:
        print(problem, file=stream)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)

    if args.command in authoring.COMMANDS:
        return authoring.run(args, out, err)
    from docgen.pipeline import Engine

    if args.command == "build":
        return _build(args, out, err)
    if args.command == "berichte":
        return _merge_reports(args, out, err)
    if args.command in {"pruefen", "uebersicht", "auswahl"}:
        return _review(args, out, err)
    if args.command == "serve":
        from docgen.web.server import serve

        return serve(args, out)
    try:
        options = _options(args)
        engine = Engine(options)
    except DocgenError as exc:
        _report(exc.problems, err)
        return EXIT_USAGE
    with engine:
        return _run(args, engine, out, err)


def _options(args: argparse.Namespace) -> Options:
    from docgen.pipeline import Options

    limits = DEFAULT_LIMITS
    if args.max_dateigroesse is not None:
        if not 0 < args.max_dateigroesse <= 1024:
            raise DocgenError.single("--max-dateigroesse: erlaubt sind 0 bis 1024 MB")
        limits = replace(limits, max_bytes=int(args.max_dateigroesse * 1024 * 1024))
    if args.command == "validate":
        return Options(templates=tuple(args.templates), limits=limits)
    routes = {}
    for item in getattr(args, "pdf_route", []):
        name, _, route = item.rpartition("=")
        routes[name or "*"] = route
    return Options(templates=tuple(args.templates),
                   formats=tuple(f.strip() for f in args.format.split(",") if f.strip()),
                   pdf_routes=routes, limits=limits,
                   bundle_only=getattr(args, "nur_buendel", False))


def _merge_reports(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from docgen.shards import UsageError, write_merged_reports

    try:
        for line in write_merged_reports(args.files, args.json, args.junit):
            print(line, file=out)
    except DocgenError as exc:
        _report(exc.problems, err)
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILED
    return EXIT_OK


def _build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from docgen.build import (
        build,
        parse_shard,
        write_json_report,
        write_junit_report,
    )
    from docgen.progress import TerminalProgress, log_line

    try:
        options = _options(args)
        options.check()
        shard = parse_shard(args.shard) if args.shard else None
        failed = 0
        with TerminalProgress(out) if out.isatty() else nullcontext() as bar:

            def progress(done: int, total: int, result: object) -> None:
                from docgen.build import FileResult

                nonlocal failed
                assert isinstance(result, FileResult)
                failed += not result.ok
                if bar is not None:  # a terminal: a bar, redrawn
                    bar.update(done, total, failed)
                else:  # a CI log: one line per file
                    print(log_line(done, total, result.ok, result.path, result.seconds),
                          file=out, flush=True)

            report = build(args.inputs, args.output, options, jobs=args.jobs, shard=shard,
                           force=args.force, progress=progress)
    except DocgenError as exc:
        _report(exc.problems, err)
        return EXIT_USAGE
    try:
        write_json_report(report, args.report_json or args.output / "docgen-bericht.json")
        write_junit_report(report, args.report_junit or args.output / "docgen-bericht.xml")
    except DocgenError as exc:
        _report(exc.problems, err)
        return EXIT_FAILED
    print(f"{'Datei':56} {'Dokumente':>9} {'neu':>4} {'Sekunden':>9}  Ergebnis", file=out)
    for result in report.results:
        print(f"{result.path[-56:]:56} {len(result.documents):9} {len(result.rebuilt):4} "
              f"{result.seconds:9.1f}  {'ok' if result.ok else 'FEHLER'}", file=out)
    for result in report.results:
        for warning in result.warnings:
            print(warning, file=err)
    for result in report.failed:
        for problem in result.problems:
            print(problem, file=err)
    print(f"{len(report.results)} Datei(en), {len(report.failed)} fehlerhaft, "
          f"{report.seconds:.1f} s" + (f", Teil {report.shard}" if report.shard else ""), file=out)
    if report.failed:
        print("Für fehlerhafte Dateien wurde nichts geschrieben; ihre letzten guten "
              "Ausgaben bleiben erhalten.", file=err)
        return EXIT_FAILED
    return EXIT_OK


def _run(args: argparse.Namespace, engine: Engine, out: TextIO, err: TextIO) -> int:
    from docgen.build import same_output_folder
    from docgen.output import check_output_folder
    from docgen.pipeline import write_outputs

    failed = 0
    clashing: dict[Path, str] = {}
    if args.command == "render":
        try:
            check_output_folder(args.output)
        except DocgenError as exc:
            _report(exc.problems, err)
            return EXIT_FAILED
        clashing = same_output_folder(args.files)
    for path in args.files:
        if path in clashing:
            failed += 1
            print(clashing[path], file=err)
            continue
        try:
            if args.command == "validate":
                validated = engine.validate_file(path)
                _report(validated.warnings, err)
                print(f"{path}: gültig", file=out)
            else:
                rendered = engine.render_file(path)
                _report(rendered.warnings, err)
                for written in write_outputs(rendered, args.output):
                    print(f"geschrieben: {written}", file=out)
        except DocgenError as exc:
            failed += 1
            _report(exc.problems, err)
    if failed:
        print(f"{failed} von {len(args.files)} Datei(en) fehlerhaft, "
              "für sie wurde nichts geschrieben.", file=err)
        return EXIT_FAILED
    return EXIT_OK


def _review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``pruefen``, ``uebersicht``, ``auswahl``: the BLS's commands (docgen.pruefung)."""
    from docgen import pruefung
    from docgen.pipeline import Engine, Options

    try:
        engine = Engine(Options(templates=tuple(args.templates)))
        regeln, rules_path = pruefung.load_rules(args.regeln, engine.roots)
        assessment = pruefung.load_assessment(args.bewertung)
        day = pruefung.report_date(args.datum)
        skip = (rules_path, *([args.bewertung] if args.bewertung else []))
        if args.command == "pruefen":  # files, or folders of them
            paths = [p for given in args.files
                     for p in (pruefung.discover(given, skip) if given.is_dir() else [given])]
        else:
            if not args.folder.is_dir():
                raise DocgenError.single("Ordner nicht gefunden", Location(str(args.folder)))
            paths = pruefung.discover(args.folder, skip)
    except DocgenError as exc:
        _report(exc.problems, err)
        return EXIT_USAGE
    with engine:
        checked, problems = pruefung.check_all(paths, regeln, assessment, day)
        _report(problems, err)
        try:
            ok = _review_outputs(args, engine, checked, regeln, assessment, day, out, err)
        except DocgenError as exc:
            _report(exc.problems, err)
            return EXIT_FAILED
    if problems:
        print("Fehlerhafte Dateien wurden nicht geprüft.", file=err)
    return EXIT_OK if ok and not problems else EXIT_FAILED


def _review_outputs(args: argparse.Namespace, engine: Engine, checked: list[Bewerbung],
                    regeln: Regeln, assessment: Assessment, day: date, out: TextIO,
                    err: TextIO) -> bool:
    """Write what the BLS command asks for; True when everything holds."""
    from docgen import pruefung
    from docgen.output import slugify, write_atomic
    from docgen.pruefung import auswahl, bericht, uebersicht

    if args.command == "pruefen":
        for item in checked:
            folder = args.output / slugify(Path(item.bericht.datei).stem)  # as `render` does
            pdf = bericht.render_pdf(engine, item.bericht, regeln)
            write_atomic(folder / "pruefbericht.json", item.bericht.json_bytes())
            write_atomic(folder / "pruefbericht.pdf", pdf)
            print(f"{item.bericht.zusammenfassung} → {folder}/pruefbericht.pdf", file=out)
        return bericht.exit_ok([b.bericht for b in checked])
    skipped = [b for b in checked if not b.steckbrief.hat_kurzkonzept]
    for item in skipped:
        print(f"{item.bericht.datei}: kein Kurzkonzept, keine Bewerbung – nicht verglichen",
              file=out)
    checked = [b for b in checked if b.steckbrief.hat_kurzkonzept]
    _report(assessment.unmatched([b.steckbrief.kommune for b in checked]), err)
    choice = pruefung.choose(checked, regeln)
    if args.command == "uebersicht":
        workbook = uebersicht.workbook(checked, choice, regeln, day)
        pdf = uebersicht.render_pdf(engine, checked, choice, regeln, day)
        for name, data in (("uebersicht.xlsx", workbook), ("uebersicht.pdf", pdf)):
            write_atomic(args.output / name, data)
            print(f"geschrieben: {args.output / name}", file=out)
        print(choice.hinweis, file=out)
        return True
    print("\n".join(auswahl.as_text(choice)), file=out)
    if args.json is not None:
        write_atomic(args.json, (json.dumps(auswahl.as_json(choice), ensure_ascii=False, indent=2)
                                 + "\n").encode("utf-8"))
    return bool(choice.gruppen)


EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
"""128 + SIGINT / SIGTERM, as shells report a command ended by a signal."""


class _Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that every ``finally`` and ``with`` cleans up."""


def _terminated(signum: int, frame: object) -> None:
    raise _Terminated


def console() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = main()
    except KeyboardInterrupt:
        print("\nAbgebrochen (Strg+C): nichts halb Geschriebenes bleibt zurück; bereits "
              "fertige Ausgaben sind vollständig.", file=sys.stderr)
        code = EXIT_INTERRUPTED
    except _Terminated:
        print("\nBeendet (SIGTERM): nichts halb Geschriebenes bleibt zurück.", file=sys.stderr)
        code = EXIT_TERMINATED
    sys.exit(code)
