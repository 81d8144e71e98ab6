"""Scale-out: ``--shard auto`` from each CI's own variables, and refusing to guess.

Fast: no rendering. tests/test_build.py builds the shards for real and merges their
reports.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from docgen.errors import DocgenError
from docgen.shards import in_shard, merge_json_reports, parse_shard, shard_from_environment

KEYS = [f"kreis-{i:03}.yaml" for i in range(200)]


def _gitlab(k: int, n: int) -> dict[str, str]:
    return {"GITLAB_CI": "true", "CI_NODE_INDEX": str(k), "CI_NODE_TOTAL": str(n)}


def _kubernetes(k: int, n: int) -> dict[str, str]:
    return {"JOB_COMPLETION_INDEX": str(k - 1), "DOCGEN_JOB_TOTAL": str(n)}


def _github(k: int, n: int) -> dict[str, str]:
    return {"GITHUB_ACTIONS": "true", "DOCGEN_JOB_INDEX": str(k - 1),
            "DOCGEN_JOB_TOTAL": str(n)}


@pytest.mark.parametrize("ci", [_gitlab, _kubernetes, _github])
@pytest.mark.parametrize("n", [1, 2, 5])
def test_every_ci_names_each_shard_once_and_together_they_are_everything(
        ci: Callable[[int, int], dict[str, str]], n: int) -> None:
    shards = [shard_from_environment(ci(k, n)) for k in range(1, n + 1)]
    assert shards == [(k, n) for k in range(1, n + 1)]
    assert shards[-1] == parse_shard("auto", ci(n, n))
    members = [[key for key in KEYS if in_shard(key, shard)] for shard in shards]
    assert sorted(key for part in members for key in part) == sorted(KEYS)  # no overlap


@pytest.mark.parametrize(("environ", "message"), [
    ({}, "keine Angabe einer CI gefunden"),
    ({"GITHUB_ACTIONS": "true"}, "DOCGEN_JOB_INDEX ist nicht gesetzt"),
    ({"GITHUB_ACTIONS": "true", "DOCGEN_JOB_INDEX": "0"}, "DOCGEN_JOB_TOTAL ist nicht gesetzt"),
    ({"JOB_COMPLETION_INDEX": "2"}, "DOCGEN_JOB_TOTAL ist nicht gesetzt"),
    ({"JOB_COMPLETION_INDEX": "3", "DOCGEN_JOB_TOTAL": "3"}, "erlaubt: 0 bis 2"),
    ({"CI_NODE_INDEX": "0", "CI_NODE_TOTAL": "3"}, "erlaubt: 1 bis 3"),
    ({"CI_NODE_INDEX": "zwei", "CI_NODE_TOTAL": "3"}, "ganze Zahl"),
    ({**_gitlab(1, 2), **_kubernetes(1, 2)}, "mehrerer CI-Systeme"),
])
def test_auto_refuses_to_guess(environ: dict[str, str], message: str) -> None:
    with pytest.raises(DocgenError, match=message) as caught:
        parse_shard("auto", environ)
    assert str(caught.value).startswith("--shard auto")


def _report(path: Path, shard: str | None, files: list[str]) -> Path:
    path.write_text(json.dumps({"dateien": len(files), "fehlerhaft": 0, "sekunden": 1.0,
                                "shard": shard, "ergebnisse": [
                                    {"path": f, "ok": True} for f in files]}), encoding="utf-8")
    return path


def test_merging_reports_checks_every_shard_is_there_once(tmp_path: Path) -> None:
    one = _report(tmp_path / "1.json", "1/2", ["b.yaml"])
    two = _report(tmp_path / "2.json", "2/2", ["a.yaml"])
    merged = merge_json_reports([two, one])
    assert [r["path"] for r in merged["ergebnisse"]] == ["a.yaml", "b.yaml"]
    assert (merged["dateien"], merged["teile"]) == (2, ["1/2", "2/2"])
    with pytest.raises(DocgenError, match="Teil 2/2 fehlt"):
        merge_json_reports([one])
    with pytest.raises(DocgenError, match="mehrfach"):
        merge_json_reports([one, one, two])
    twice = _report(tmp_path / "3.json", "2/2", ["b.yaml"])
    with pytest.raises(DocgenError, match=r"„b\.yaml“ steht in zwei Berichten"):
        merge_json_reports([one, twice])
    (tmp_path / "kaputt.json").write_text("{", encoding="utf-8")
    with pytest.raises(DocgenError, match="Bericht nicht lesbar"):
        merge_json_reports([tmp_path / "kaputt.json"])
