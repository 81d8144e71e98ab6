"""Stage 6, write: output names derived safely from data, files replaced atomically."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from docgen.errors import Location, OutputError

_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss",
                                  "Ä": "ae", "Ö": "oe", "Ü": "ue", "ẞ": "ss",
                                  "æ": "ae", "Æ": "ae", "ø": "oe", "Ø": "oe", "œ": "oe",
                                  "Œ": "oe"})


def slugify(text: str) -> str:
    """``Landkreis Märkisch-Oderland`` → ``landkreis-maerkisch-oderland``.

    Only ``a-z``, ``0-9`` and single hyphens remain, so a slug can never name
    a parent folder, an absolute path or a hidden file.
    """
    text = text.translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    slug = slug[:80].rstrip("-")
    if not slug:
        raise OutputError.single(f"aus „{text}“ lässt sich kein Ordnername bilden")
    return slug


def data_file_slug(path: Path, display: str) -> str:
    """The output folder of a data file: its name, slugified; an error naming the file."""
    try:
        return slugify(path.stem)
    except OutputError as exc:
        raise OutputError.single(f"{exc.problems[0].message} (Dateiname der Datendatei)",
                                 Location(display)) from exc


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise OutputError.single(
            f"Datei konnte nicht geschrieben werden ({exc.strerror})", Location(str(path))
        ) from exc
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


# --- one data file's outputs: all together or not at all ------------------------------

OUTPUT_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.(?:pdf|docx|html)$|^\.docgen-cache\.json$")
"""What may be written into ``OUTPUT/<slug>/``: never a folder, a parent or a hidden file."""

_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directory entries atomically (Linux ``renameat2``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                       _RENAME_EXCHANGE)
    if result != 0:
        error = ctypes.get_errno()
        if error in (errno.ENOSYS, errno.EINVAL):
            return False
        raise OSError(error, os.strerror(error), str(first))
    return True


def _fail(message: str, path: Path) -> OutputError:
    return OutputError.single(message, Location(str(path)))


def output_name_clash(bundle: str, stems: Sequence[str]) -> str | None:
    """Why the bundle's file name cannot be used beside the documents' stems, or None."""
    if bundle in stems:
        return (f"„{bundle}“ ist schon der Dateiname eines Dokuments dieser Datei; das Bündel "
                "würde es überschreiben")
    return None


def check_output_folder(out_dir: Path) -> None:
    """The output folder must be a writable folder (or not exist yet)."""
    try:
        info = out_dir.lstat()
    except FileNotFoundError:
        parent = out_dir.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if parent.is_file():
            raise _fail(f"„{parent}“ ist eine Datei, kein Ordner", out_dir) from None
        return
    except OSError as exc:
        raise _fail(f"Ausgabeordner nicht zugänglich ({exc.strerror})", out_dir) from exc
    if stat.S_ISLNK(info.st_mode):
        info = out_dir.stat() if out_dir.exists() else info
    if not stat.S_ISDIR(info.st_mode):
        raise _fail("der Ausgabeordner ist eine Datei, kein Ordner", out_dir)
    if info.st_mode & 0o222 == 0 or not os.access(out_dir, os.W_OK | os.X_OK):
        raise _fail("der Ausgabeordner ist schreibgeschützt", out_dir)


def write_folder(target: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Replace the entries ``files`` of folder ``target``, all at once or not at all.

    The new folder is made beside the target (its other entries linked or copied in,
    ``files`` written and synced) and then swapped in with one atomic exchange. If
    anything fails before the swap, the target is untouched, byte for byte. A target
    that is a symbolic link is refused: docgen never writes through links.
    """
    for name in files:
        if not OUTPUT_NAME.match(name):
            raise _fail(f"unzulässiger Ausgabename „{name}“ (nur a–z, 0–9 und -)", target)
    out_dir = target.parent
    check_output_folder(out_dir)
    if target.is_symlink():
        raise _fail("der Ausgabeordner ist ein symbolischer Link; docgen schreibt nicht "
                    "durch Links", target)
    if target.exists() and not target.is_dir():
        raise _fail("hier liegt eine Datei, wo der Ausgabeordner hingehört", target)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for stale in [*out_dir.glob(f".{target.name}.neu-*"), *out_dir.glob(f".{target.name}.alt-*")]:
            shutil.rmtree(stale, ignore_errors=True)  # left by a run that was killed
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.neu-", dir=out_dir))
    except OSError as exc:
        raise _fail(f"Ausgabeordner nicht beschreibbar ({exc.strerror})", out_dir) from exc
    try:
        if target.is_dir():
            _copy_entries(target, staging, skip=set(files))
        for name, data in files.items():
            with open(staging / name, "xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(staging / name, 0o644)
        os.chmod(staging, 0o755)
        _swap_in(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _fail(f"Ausgaben konnten nicht geschrieben werden ({exc.strerror}); "
                    "die bisherigen Ausgaben sind unverändert", target) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / name for name in files]


def _copy_entries(source: Path, destination: Path, skip: set[str]) -> None:
    """The entries of ``source`` not in ``skip``, as they are (links stay links)."""
    for entry in os.scandir(source):
        if entry.name in skip:
            continue
        there = destination / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), there)
        elif entry.is_dir():
            shutil.copytree(entry.path, there, symlinks=True)
        else:
            try:
                os.link(entry.path, there)  # outputs are replaced, never changed in place
            except OSError:
                shutil.copy2(entry.path, there)


def _swap_in(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
    elif _exchange(staging, target):
        shutil.rmtree(staging)  # now holds the previous outputs
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.alt-", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
        os.rename(staging, target)
        shutil.rmtree(old)
    _sync_dir(target.parent)


def _sync_dir(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
