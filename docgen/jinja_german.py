"""Jinja's English error messages, said in German (the common ones; others are kept, quoted).

Template authors read these messages; they name what is wrong in their words, not in
Python's: ``'docgen.models.antrag.Kurzkonzept object' has no attribute 'ortt'`` becomes
``„kurzkonzept“ hat kein Feld „ortt“ – meinten Sie „ort“? Vorhanden: …``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

from pydantic import BaseModel

_NO_ATTRIBUTE = re.compile(r"^'(?P<owner>[^']+?)(?: object)?' has no attribute '(?P<name>[^']+)'$")
_IS_UNDEFINED = re.compile(r"^'(?P<name>[^']+)' is undefined$")


def suggestion(name: str, valid: Iterable[str]) -> str:
    """`` – meinten Sie „ort“?`` or nothing."""
    close = difflib.get_close_matches(name, sorted(set(valid)), n=1, cutoff=0.6)
    return f" – meinten Sie „{close[0]}“?" if close else ""


def _model_fields(qualified: str) -> list[str] | None:
    """The fields of the model class named ``docgen.models.x.Name``, if it is one."""
    from docgen.registry import Unterlagen  # every model is reachable from the root

    seen: set[type[BaseModel]] = set()
    pending: list[type[BaseModel]] = [Unterlagen]
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        if f"{model.__module__}.{model.__qualname__}" == qualified:
            return [*model.model_fields, *(n for n, v in vars(model).items()
                                           if isinstance(v, property) and not n.startswith("_"))]
        from docgen.validation import unwrap_types

        for info in model.model_fields.values():
            pending += [t for t in unwrap_types(info.annotation)
                        if isinstance(t, type) and issubclass(t, BaseModel)]
    return None


def _no_attribute(match: re.Match[str]) -> str:
    owner, name = match["owner"], match["name"]
    fields = _model_fields(owner)
    if fields is None:
        return f"„{owner}“ hat kein Feld „{name}“"
    short = owner.rsplit(".", 1)[-1]
    return (f"„{short}“ hat kein Feld „{name}“{suggestion(name, fields) or '.'} "
            f"Vorhanden: {', '.join(sorted(fields))}")


_TOKENS = {"end of print statement": "}}", "end of statement block": "%}"}

_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (_NO_ATTRIBUTE, _no_attribute),
    (_IS_UNDEFINED, lambda m: f"„{m['name']}“ ist hier nicht definiert"),
    (re.compile(r"^unexpected char '(?P<char>.)' at \d+$"),
     lambda m: f"unerwartetes Zeichen „{m['char']}“ in einem Tag"
               + (" (typografische Anführungszeichen: in Tags nur \" oder ')"
                  if m["char"] in "„“”‚‘’" else "")),
    (re.compile(r"^Encountered unknown tag '(?P<tag>[^']+)'\..*?(?:'(?P<end>[^']+)'\.)?$", re.S),
     lambda m: f"unbekannter oder hier nicht erwarteter Tag „{m['tag']}“"
               + (f"; zuerst muss der Block „{m['end']}“ geschlossen werden" if m["end"] else "")),
    (re.compile(r"^Unexpected end of template\. Jinja was looking for the following tags: "
                r"(?P<tags>.*?)\..*$", re.S),
     lambda m: "die Vorlage endet, bevor ein Block geschlossen ist (erwartet: "
               + m["tags"].replace("' or '", "“ oder „").replace("'", "").join("„“") + ")"),
    (re.compile(r"^expected token '(?P<want>[^']+)', got '(?P<got>[^']+)'$"),
     lambda m: f"erwartet „{_TOKENS.get(m['want'], m['want'])}“, gefunden „{m['got']}“"),
    (re.compile(r"^unexpected '(?P<got>[^']+)'$"), lambda m: f"unerwartetes „{m['got']}“"),
    (re.compile(r"^no filter named '(?P<name>[^']+)'\.?$", re.I),
     lambda m: f"unbekannter Filter „{m['name']}“{_filter_hint(m['name'])}"),
]


def _filter_hint(name: str) -> str:
    from docgen.formatting import FILTERS

    return f"{suggestion(name, FILTERS) or '.'} Filter von docgen: {', '.join(FILTERS)}"


def german(message: str | None) -> str:
    """The German form of a Jinja message (unknown ones quoted as they are)."""
    text = (message or "").strip()
    for pattern, say in _PATTERNS:
        match = pattern.match(text)
        if match:
            return say(match)
    return f"„{text}“"
