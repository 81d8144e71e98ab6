"""Scale-out without a coordinator: shards of a build, and their reports merged.

Every machine of a CI matrix builds the inputs of its own shard (``--shard K/N``, or
``--shard auto`` from the CI's own variables) and writes its own reports;
``docgen berichte zusammenfuehren`` joins them into one JSON and one JUnit report and
refuses when a shard is missing or two shards built the same file.

``--shard auto`` reads, and never guesses:

* GitLab CI, ``parallel: N``: ``CI_NODE_INDEX`` (1-based) and ``CI_NODE_TOTAL``;
* Kubernetes Indexed Jobs: ``JOB_COMPLETION_INDEX`` (0-based) and ``DOCGEN_JOB_TOTAL``,
  which the Job sets to its ``completions`` (Kubernetes has no variable for it);
* GitHub Actions (``GITHUB_ACTIONS=true``): ``DOCGEN_JOB_INDEX`` (0-based) and
  ``DOCGEN_JOB_TOTAL``, which the workflow sets from ``strategy.job-index`` and
  ``strategy.job-total`` (GitHub passes the matrix to no variable of its own).
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError, Location, Problem


def parse_shard(text: str, environ: Mapping[str, str] | None = None) -> tuple[int, int]:
    """``"2/3"`` → ``(2, 3)``; ``"auto"`` → the shard the CI's variables name."""
    if text == "auto":
        import os

        return shard_from_environment(os.environ if environ is None else environ)
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise DocgenError(Problem(f"--shard erwartet K/N, z. B. 1/3, oder auto, nicht „{text}“")
                          ) from None
    if not 1 <= k <= n:
        raise DocgenError(Problem(f"--shard {text}: K muss zwischen 1 und N liegen"))
    return k, n


def in_shard(key: str, shard: tuple[int, int]) -> bool:
    """Whether the input with shard ``key`` belongs to shard K of N: stable everywhere."""
    k, n = shard
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return int(digest, 16) % n == k - 1


_SOURCES = (
    # (name, variable that says it is this CI, index variable, first index, total variable)
    ("GitLab CI (parallel:)", "CI_NODE_TOTAL", "CI_NODE_INDEX", 1, "CI_NODE_TOTAL"),
    ("Kubernetes (Indexed Job)", "JOB_COMPLETION_INDEX", "JOB_COMPLETION_INDEX", 0,
     "DOCGEN_JOB_TOTAL"),
    ("GitHub Actions", "GITHUB_ACTIONS", "DOCGEN_JOB_INDEX", 0, "DOCGEN_JOB_TOTAL"),
)

_HOW = ("GitLab: parallel: N (CI_NODE_INDEX/CI_NODE_TOTAL); Kubernetes: Indexed Job "
        "(JOB_COMPLETION_INDEX) und DOCGEN_JOB_TOTAL; GitHub Actions: DOCGEN_JOB_INDEX: "
        "${{ strategy.job-index }} und DOCGEN_JOB_TOTAL: ${{ strategy.job-total }}")


def shard_from_environment(environ: Mapping[str, str]) -> tuple[int, int]:
    """(K, N), 1-based, from the variables of exactly one CI; a German error otherwise."""
    found = [source for source in _SOURCES if environ.get(source[1], "").strip()]
    if not found:
        raise DocgenError.single("--shard auto: keine Angabe einer CI gefunden, welcher Teil "
                                 f"zu bauen ist; bitte setzen ({_HOW}) oder --shard K/N angeben")
    if len(found) > 1:
        raise DocgenError.single("--shard auto: Angaben mehrerer CI-Systeme gefunden ("
                                 f"{', '.join(s[0] for s in found)}); bitte --shard K/N angeben")
    name, _, index_name, first, total_name = found[0]
    values = []
    for variable in (index_name, total_name):
        text = environ.get(variable, "").strip()
        if not text:
            raise DocgenError.single(f"--shard auto ({name}): {variable} ist nicht gesetzt; "
                                     f"{_HOW}")
        try:
            values.append(int(text))
        except ValueError:
            raise DocgenError.single(f"--shard auto ({name}): {variable} muss eine ganze Zahl "
                                     f"sein, nicht „{text}“") from None
    index, total = values
    if total < 1 or not first <= index < first + total:
        raise DocgenError.single(
            f"--shard auto ({name}): {index_name}={index} passt nicht zu {total_name}={total} "
            f"(erlaubt: {first} bis {first + total - 1})")
    return index - first + 1, total


# --- merging the shards' reports --------------------------------------------------------

def merge_json_reports(paths: Sequence[Path]) -> dict[str, Any]:
    """One report from the shards' JSON reports: every shard once, every file once."""
    reports = [_read_json(path) for path in paths]
    problems: list[Problem] = []
    shards = [r.get("shard") for r in reports]
    totals = {s.split("/")[1] for s in shards if isinstance(s, str) and "/" in s}
    if any(s is None for s in shards) and len(reports) > 1:
        problems.append(Problem("ein Bericht stammt nicht aus einem Teil-Build (--shard); "
                                "nur Berichte von Teilen lassen sich zusammenführen"))
    elif len(totals) > 1:
        problems.append(Problem(f"Berichte aus verschieden geteilten Builds ({', '.join(sorted(totals))} "
                                "Teile)"))
    elif totals:
        total = int(totals.pop())
        seen = [s for s in shards if isinstance(s, str)]
        for k in range(1, total + 1):
            count = seen.count(f"{k}/{total}")
            if count == 0:
                problems.append(Problem(f"der Bericht von Teil {k}/{total} fehlt"))
            elif count > 1:
                problems.append(Problem(f"Teil {k}/{total} ist mehrfach angegeben"))
    by_path: dict[str, str] = {}
    results: list[dict[str, Any]] = []
    for path, report in zip(paths, reports, strict=True):
        for result in report.get("ergebnisse", []):
            other = by_path.setdefault(str(result.get("path")), str(path))
            if other != str(path):
                problems.append(Problem(f"„{result.get('path')}“ steht in zwei Berichten "
                                        f"({other} und {path})", Location(str(path))))
            results.append(result)
    if problems:
        raise DocgenError.of(problems)
    results.sort(key=lambda r: str(r.get("path")))
    return {"dateien": len(results), "fehlerhaft": sum(1 for r in results if not r.get("ok")),
            "sekunden": max((float(r.get("sekunden", 0)) for r in reports), default=0.0),
            "shard": None, "teile": sorted(s for s in shards if isinstance(s, str)),
            "ergebnisse": results}


class UsageError(DocgenError):
    """The command was called wrongly (exit code 2)."""


def write_merged_reports(files: Sequence[Path], json_target: Path | None,
                         junit_target: Path | None) -> list[str]:
    """Merge the shards' reports ``files`` (``.json`` and ``.xml``) into the targets, all or
    nothing per target; returns one German summary line per target."""
    from docgen.output import write_atomic

    json_files = [p for p in files if p.suffix.lower() == ".json"]
    junit_files = [p for p in files if p.suffix.lower() == ".xml"]
    problems = [Problem(f"{p}: weder .json noch .xml") for p in files
                if p not in json_files and p not in junit_files]
    if json_target is None and junit_target is None:
        problems.append(Problem("bitte --json DATEI und/oder --junit DATEI angeben"))
    for target, sources, kind in ((json_target, json_files, "JSON"),
                                  (junit_target, junit_files, "JUnit")):
        if target is not None and not sources:
            problems.append(Problem(f"keine {kind}-Berichte angegeben"))
    if problems:
        raise UsageError.of(problems)
    lines = []
    if json_target is not None:
        merged = merge_json_reports(json_files)
        write_atomic(json_target, json.dumps(merged, ensure_ascii=False, indent=2)
                     .encode("utf-8"))
        lines.append(f"{json_target}: {merged['dateien']} Datei(en) aus {len(json_files)} "
                     f"Teil(en), {merged['fehlerhaft']} fehlerhaft")
    if junit_target is not None:
        write_atomic(junit_target, merge_junit_reports(junit_files))
        lines.append(f"{junit_target}: {len(junit_files)} Teil(e)")
    return lines


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DocgenError.single(f"Bericht nicht lesbar ({exc})", Location(str(path))) from exc
    if not isinstance(data, dict) or not isinstance(data.get("ergebnisse"), list):
        raise DocgenError.single("kein Bericht von docgen build (es fehlt „ergebnisse“)",
                                 Location(str(path)))
    return data


def merge_junit_reports(paths: Sequence[Path]) -> bytes:
    """The shards' JUnit reports as one ``<testsuites>`` with each shard's suite in it."""
    root = ET.Element("testsuites", name="docgen build")
    tests = failures = 0
    seconds = 0.0
    for path in paths:
        try:
            suite = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as exc:
            raise DocgenError.single(f"JUnit-Bericht nicht lesbar ({exc})",
                                     Location(str(path))) from exc
        suites = [suite] if suite.tag == "testsuite" else list(suite.iter("testsuite"))
        if not suites:
            raise DocgenError.single("kein JUnit-Bericht (kein <testsuite>)", Location(str(path)))
        for item in suites:
            item.set("name", f"{item.get('name', 'docgen build')} ({path})")
            tests += int(item.get("tests", "0"))
            failures += int(item.get("failures", "0"))
            seconds = max(seconds, float(item.get("time", "0")))
            root.append(item)
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    root.set("time", f"{seconds:.3f}")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data
