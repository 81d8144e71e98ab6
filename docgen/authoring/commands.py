"""The template authors' commands: ``docgen schema`` and ``docgen vorlagen pruefen|referenz``.

Registered on the main parser by ``docgen.cli``; each parses nothing itself and only
calls its stage and reports, like the other commands.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from docgen.errors import DocgenError, Severity

COMMANDS = ("schema", "vorlagen")


def add_parsers(sub: Any) -> None:
    schema = sub.add_parser("schema", help="JSON-Schema einer Datendatei ausgeben (für Editoren)")
    schema.add_argument("type_name", nargs="?", default=None, metavar="TYP",
                        help="nur für diesen Dokumenttyp (z. B. kurzkonzept); ohne: alle")
    schema.add_argument("-o", "--output", type=Path, default=None, metavar="DATEI",
                        help="in diese Datei schreiben statt auf die Standardausgabe")

    templates = sub.add_parser("vorlagen", help="Hilfen für Vorlagen-Autorinnen und -Autoren")
    actions = templates.add_subparsers(dest="action", required=True, metavar="AKTION",
                                       parser_class=type(templates))
    check = actions.add_parser("pruefen", help="einen Vorlagenordner prüfen (HTML und Word): "
                                               "alle Probleme auf einmal")
    check.add_argument("folder", nargs="?", type=Path, default=None, metavar="ORDNER",
                       help="eigener Vorlagenordner (Standard: die eingebauten Vorlagen)")
    reference = actions.add_parser("referenz", help="Referenz der Namen und Filter schreiben, "
                                                    "die Vorlagen verwenden dürfen")
    reference.add_argument("-o", "--output", type=Path, default=Path("."), metavar="ORDNER",
                           help="Zielordner für vorlagen-referenz.md und .html (Standard: .)")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Exit code: 0 fine, 1 the folder has problems, 2 wrong usage."""
    try:
        if args.command == "schema":
            from docgen.authoring.schema import schema_text

            text = schema_text(args.type_name)
            if args.output is None:
                out.write(text)
            else:
                from docgen.output import write_atomic

                write_atomic(args.output, text.encode("utf-8"))
                print(f"geschrieben: {args.output}", file=out)
            return 0
        if args.action == "referenz":
            from docgen.authoring.reference import write_reference

            for path in write_reference(args.output):
                print(f"geschrieben: {path}", file=out)
            return 0
        from docgen.authoring.checker import check_folder

        findings = check_folder(args.folder)
    except DocgenError as exc:
        for problem in exc.problems:
            print(problem, file=err)
        return 2
    for finding in findings:
        print(finding, file=err if finding.severity is Severity.ERROR else out)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    where = args.folder or "eingebaute Vorlagen"
    if errors:
        print(f"{where}: {errors} Problem(e) gefunden", file=err)
        return 1
    print(f"{where}: keine Probleme gefunden", file=out)
    return 0
