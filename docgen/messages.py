"""German messages for every error type pydantic can raise, by construction.

Each pydantic error has a machine-readable ``type`` and a context (``ctx``). We map
the *types*, never pydantic's English text: ``MESSAGES`` names every member of
``pydantic_core.core_schema.ErrorType`` (a test holds the table against that list, so
an upgrade that adds a type fails loudly), and anything unforeseen still gets a German
sentence. Our own validators raise ``PydanticCustomError`` with German text, which is
passed through as it is.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic_core import ErrorDetails
from pydantic_core.core_schema import ErrorType

PYDANTIC_ERROR_TYPES = frozenset(typing.get_args(ErrorType))

_TEXT = "Text"
_DATE = "Datum im Format JJJJ-MM-TT"
_TIME = "Uhrzeit im Format HH:MM"
_LIST = "Liste (Einträge mit „- “)"
_SECTION = "Abschnitt mit Feldern (Schlüssel: Wert)"
_NUMBER = "Zahl (mit Dezimalpunkt, z. B. 1234.5)"
_INT = "ganze Zahl"
_BOOL = "true oder false"
_UNSUPPORTED = "an dieser Stelle nicht erlaubter Wert"

MESSAGES: dict[str, str] = {
    # structure
    "missing": "Pflichtfeld fehlt",
    "extra_forbidden": "unbekanntes Feld",  # refined with a did-you-mean hint
    "model_type": f"{_SECTION} erwartet",
    "model_attributes_type": f"{_SECTION} erwartet",
    "dict_type": f"{_SECTION} erwartet",
    "mapping_type": f"{_SECTION} erwartet",
    "frozen_dict_type": f"{_SECTION} erwartet",
    "ordered_dict_type": f"{_SECTION} erwartet",
    "counter_type": f"{_SECTION} erwartet",
    "dataclass_type": f"{_SECTION} erwartet",
    "dataclass_exact_type": f"{_SECTION} erwartet",
    "named_tuple_type": f"{_LIST} erwartet",
    "list_type": f"{_LIST} erwartet",
    "tuple_type": f"{_LIST} erwartet",
    "set_type": f"{_LIST} erwartet",
    "frozen_set_type": f"{_LIST} erwartet",
    "deque_type": f"{_LIST} erwartet",
    "iterable_type": f"{_LIST} erwartet",
    "iteration_error": "die Liste kann nicht gelesen werden",
    "set_item_not_hashable": "ungültiger Eintrag in der Liste",
    "too_short": "mindestens {min_length} Eintrag/Einträge erforderlich",
    "too_long": "höchstens {max_length} Einträge erlaubt",
    "invalid_key": "ungültiger Schlüssel",
    "recursion_loop": "der Abschnitt enthält sich selbst",
    "recursion_depth_exceeded": "zu tief verschachtelt",
    "frozen_field": "dieses Feld kann nicht geändert werden",
    "frozen_instance": "dieser Abschnitt kann nicht geändert werden",
    "no_such_attribute": "unbekanntes Feld",
    "get_attribute_error": "der Wert kann nicht gelesen werden",
    "default_factory_not_called": "kein Standardwert verfügbar",
    "none_required": "hier ist kein Wert erlaubt",
    # text
    "string_type": f"{_TEXT} erwartet",
    "string_unicode": f"{_TEXT} erwartet (ungültige Zeichen)",
    "string_too_short": "darf nicht leer sein",
    "string_too_long": "zu lang: höchstens {max_length} Zeichen erlaubt",
    "string_pattern_mismatch": "hat nicht die erwartete Form",
    "string_not_ascii": "nur Zeichen ohne Umlaute und Sonderzeichen erlaubt",
    "bytes_type": f"{_TEXT} erwartet",
    "bytes_too_short": "zu kurz: mindestens {min_length} Zeichen",
    "bytes_too_long": "zu lang: höchstens {max_length} Zeichen",
    "bytes_invalid_encoding": "ungültige Kodierung",
    "literal_error": "ungültiger Wert „{input}“; erlaubt: {expected}",
    "enum": "ungültiger Wert „{input}“; erlaubt: {expected}",
    "json_invalid": "ungültiges JSON",
    "json_type": f"{_TEXT} mit JSON erwartet",
    # numbers
    "int_type": f"{_INT} erwartet",
    "int_parsing": f"{_INT} erwartet",
    "int_parsing_size": "die Zahl ist zu groß",
    "int_from_float": f"{_INT} erwartet (ohne Nachkommastellen)",
    "float_type": f"{_NUMBER} erwartet",
    "float_parsing": f"{_NUMBER} erwartet",
    "finite_number": "die Zahl muss endlich sein (nicht unendlich oder „nan“)",
    "greater_than": "Wert muss > {gt} sein (angegeben: {input})",
    "greater_than_equal": "Wert muss ≥ {ge} sein (angegeben: {input})",
    "less_than": "Wert muss < {lt} sein (angegeben: {input})",
    "less_than_equal": "Wert muss ≤ {le} sein (angegeben: {input})",
    "multiple_of": "Wert muss ein Vielfaches von {multiple_of} sein (angegeben: {input})",
    "decimal_type": f"{_NUMBER} erwartet",
    "decimal_parsing": f"{_NUMBER} erwartet",
    "decimal_max_digits": "höchstens {max_digits} Ziffern erlaubt",
    "decimal_max_places": "höchstens {decimal_places} Nachkommastellen erlaubt",
    "decimal_whole_digits": "höchstens {whole_digits} Ziffern vor dem Komma erlaubt",
    "fraction_type": f"{_NUMBER} erwartet",
    "fraction_parsing": f"{_NUMBER} erwartet",
    "complex_type": f"{_NUMBER} erwartet",
    "complex_str_parsing": f"{_NUMBER} erwartet",
    "bool_type": f"{_BOOL} erwartet",
    "bool_parsing": f"{_BOOL} erwartet",
    # dates and times
    "date_type": f"{_DATE} erwartet",
    "date_parsing": f"{_DATE} erwartet",
    "date_from_datetime_parsing": f"{_DATE} erwartet",
    "date_from_datetime_inexact": f"{_DATE} erwartet (ohne Uhrzeit)",
    "date_past": "das Datum muss in der Vergangenheit liegen",
    "date_future": "das Datum muss in der Zukunft liegen",
    "time_type": f"{_TIME} erwartet",
    "time_parsing": f"{_TIME} erwartet",
    "datetime_type": "Zeitpunkt im Format JJJJ-MM-TT HH:MM erwartet",
    "datetime_parsing": "Zeitpunkt im Format JJJJ-MM-TT HH:MM erwartet",
    "datetime_object_invalid": "ungültiger Zeitpunkt",
    "datetime_from_date_parsing": "Zeitpunkt im Format JJJJ-MM-TT HH:MM erwartet",
    "datetime_past": "der Zeitpunkt muss in der Vergangenheit liegen",
    "datetime_future": "der Zeitpunkt muss in der Zukunft liegen",
    "timezone_naive": "Zeitpunkt ohne Zeitzone erwartet",
    "timezone_aware": "Zeitpunkt mit Zeitzone erwartet",
    "timezone_offset": "falsche Zeitzone",
    "time_delta_type": "Zeitdauer erwartet",
    "time_delta_parsing": "Zeitdauer erwartet",
    # choices between alternatives
    "union_tag_invalid": "ungültige Art „{tag}“; erlaubt: {expected_tags}",
    "union_tag_not_found": "die Art („{discriminator}“) fehlt",
    # other kinds of values
    "url_type": "Web-Adresse erwartet",
    "url_parsing": "keine gültige Web-Adresse",
    "url_syntax_violation": "keine gültige Web-Adresse",
    "url_too_long": "die Web-Adresse ist zu lang (höchstens {max_length} Zeichen)",
    "url_scheme": "die Web-Adresse muss mit {expected_schemes} beginnen",
    "uuid_type": "Kennung (UUID) erwartet",
    "uuid_parsing": "keine gültige Kennung (UUID)",
    "uuid_version": "Kennung (UUID) der falschen Version",
    "is_instance_of": _UNSUPPORTED,
    "is_subclass_of": _UNSUPPORTED,
    "callable_type": _UNSUPPORTED,
    "needs_python_object": _UNSUPPORTED,
    "missing_sentinel_error": _UNSUPPORTED,
    "ellipsis_error": _UNSUPPORTED,
    # validators: the messages come from our code
    "value_error": "{message}",
    "assertion_error": "{message}",
    # function arguments (not used by data models; mapped for completeness)
    "arguments_type": _UNSUPPORTED,
    "missing_argument": "Pflichtangabe fehlt",
    "unexpected_keyword_argument": "unbekannte Angabe",
    "missing_keyword_only_argument": "Pflichtangabe fehlt",
    "unexpected_positional_argument": "überzählige Angabe",
    "missing_positional_only_argument": "Pflichtangabe fehlt",
    "multiple_argument_values": "Angabe doppelt",
}

FALLBACK = "ungültiger Wert"
"""For an error type the table does not know (a newer pydantic): still German."""

_LISTS = {"expected", "expected_tags", "expected_schemes"}


class _Context(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


def german_message(error: ErrorDetails) -> str:
    """The German message of one pydantic error (without location and field)."""
    kind = error["type"]
    template = MESSAGES.get(kind)
    if template is None:
        message = str(error.get("msg") or "")
        # our own PydanticCustomErrors carry German text already
        return message if kind not in PYDANTIC_ERROR_TYPES and message else FALLBACK
    context = _Context({k: _number(v) for k, v in (error.get("ctx") or {}).items()})
    for key in _LISTS & context.keys():
        context[key] = str(context[key]).replace(" or ", " oder ").replace("'", "")
    context["input"] = _shown(_number(error.get("input")))
    if kind in {"value_error", "assertion_error"}:
        context["message"] = str(error["msg"]).removeprefix("Value error, ").removeprefix(
            "Assertion failed, ")
    return template.format_map(context)


def _number(value: Any) -> Any:
    """Numbers the German way: ``1.0`` → ``1``, ``0.5`` → ``0,5``; anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return str(value).replace(".", ",")


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"
