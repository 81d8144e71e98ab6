"""The command line: parse arguments, call the pipeline, report. Nothing else.

Exit codes: 0 success, 1 a data file or document failed, 2 wrong usage.
Known errors print one German line per problem (``datei:zeile:spalte: feld: meldung``);
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from docgen import __version__
from docgen.errors import DocgenError, Problem

if TYPE_CHECKING:
    from docgen.pipeline import Engine

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

    check = sub.add_parser("validate", help="Daten nur prüfen, nichts schreiben")
    check.add_argument("files", nargs="+", type=Path, metavar="DATEI")
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

    from docgen.pipeline import Engine, Options

    try:
        options = Options()
        if args.command == "render":
            routes = {}
            for item in args.pdf_route:
                name, _, route = item.rpartition("=")
                routes[name or "*"] = route
            options = Options(
                templates=tuple(args.templates),
                formats=tuple(f.strip() for f in args.format.split(",") if f.strip()),
                pdf_routes=routes,
            )
        engine = Engine(options)
    except DocgenError as exc:
        _report(exc.problems, err)
        return EXIT_USAGE
    with engine:
        return _run(args, engine, out, err)


def _run(args: argparse.Namespace, engine: Engine, out: TextIO, err: TextIO) -> int:
    from docgen.pipeline import write_outputs

    failed = 0
    for path in args.files:
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


def console() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    sys.exit(main())
