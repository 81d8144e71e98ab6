from __future__ import annotations

from pathlib import Path

import pytest

from docgen.errors import OutputError
from docgen.output import slugify, write_atomic


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Landkreis Märkisch-Oderland", "landkreis-maerkisch-oderland"),
        ("Stadt Brandenburg an der Havel", "stadt-brandenburg-an-der-havel"),
        ("Große Straße / Süd", "grosse-strasse-sued"),
        ("../../etc/passwd", "etc-passwd"),
        ("/absolut", "absolut"),
        ("...", None),
        ("Ærø Kommune", "aeroe-kommune"),
    ],
)
def test_slugify(name: str, slug: str | None) -> None:
    if slug is None:
        with pytest.raises(OutputError, match="lässt sich kein Ordnername bilden"):
            slugify(name)
    else:
        assert slugify(name) == slug


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "datei.pdf"
    write_atomic(target, b"alt")
    write_atomic(target, b"neu")
    assert target.read_bytes() == b"neu"
    assert [p.name for p in target.parent.iterdir()] == ["datei.pdf"]


def test_write_atomic_failure_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "datei.pdf"
    write_atomic(target, b"alt")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("docgen.output.os.fsync", disk_full)
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"neu")
    assert str(info.value) == f"{target}: Datei konnte nicht geschrieben werden (No space left on device)"
    assert target.read_bytes() == b"alt"
    assert [p.name for p in tmp_path.iterdir()] == ["datei.pdf"]
