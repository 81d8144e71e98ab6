"""Reading files a user names: only regular files, only up to a limit, never blocking.

A FIFO would block the reader forever, a device could be endless, a directory is no
document. The file is opened non-blocking and checked with ``fstat`` on the open
descriptor (so it cannot be swapped between the check and the read), and never more
than the limit plus one byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from docgen.errors import DocgenError, Location


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "ein Ordner"
    if stat.S_ISFIFO(mode):
        return "eine benannte Pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "ein Gerät"
    if stat.S_ISSOCK(mode):
        return "ein Socket"
    return "keine gewöhnliche Datei"


def not_regular(path: Path, label: str = "Datei") -> str | None:
    """Why ``path`` cannot be read as a file (German), or None; it is never opened."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return f"{label} nicht gefunden"
    except OSError as exc:
        return f"{label} nicht lesbar ({exc.strerror})"
    if not stat.S_ISREG(mode):
        return f"{label} ist {_kind(mode)}, keine gewöhnliche Datei"
    return None


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "") + " MB"


def read_limited(path: Path, max_bytes: int, where: Location, error: type[DocgenError],
                 option: str | None = None, *, label: str = "Datei",
                 field: str | None = None) -> bytes:
    """The bytes of the regular file ``path`` if it has at most ``max_bytes``."""

    def fail(message: str) -> DocgenError:
        return error.single(message, where, field)

    problem = not_regular(path, label)
    if problem:
        raise fail(problem)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise fail(f"{label} nicht lesbar ({exc.strerror})") from exc
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise fail(f"{label} ist {_kind(info.st_mode)}, keine gewöhnliche Datei")
        hint = f"; Grenze anheben mit {option}" if option else ""
        if info.st_size > max_bytes:
            raise fail(f"{label} ist zu groß ({megabytes(info.st_size)}, höchstens "
                       f"{megabytes(max_bytes)}{hint})")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise fail(f"{label} nicht lesbar ({exc.strerror})") from exc
    if len(data) > max_bytes:
        raise fail(f"{label} ist zu groß (mehr als {megabytes(max_bytes)}{hint})")
    return data
