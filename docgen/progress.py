"""Progress of a batch build: a live bar on a terminal (rich), one plain line per file in
a CI log."""

from __future__ import annotations

from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)


class TerminalProgress:
    """``erzeugt ━━━━━━━━━━╺━━━━━━━━━ 12/40 · 1 fehlerhaft 0:00:35``, redrawn in place."""

    def __init__(self, out: TextIO, *, force_terminal: bool | None = None) -> None:
        console = Console(file=out, force_terminal=force_terminal, highlight=False)
        self.progress = Progress(
            TextColumn("erzeugt"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[fehler]}"), TimeRemainingColumn(), console=console)
        self.task: TaskID | None = None

    def __enter__(self) -> TerminalProgress:
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.progress.stop()

    def update(self, done: int, total: int, failed: int) -> None:
        fehler = f"· {failed} fehlerhaft" if failed else ""
        if self.task is None:
            self.task = self.progress.add_task("erzeugt", total=total, fehler=fehler)
        self.progress.update(self.task, completed=done, total=total, fehler=fehler)


def log_line(done: int, total: int, ok: bool, path: str, seconds: float) -> str:
    """``[3/40] ok data/kreis.yaml (2.1 s)``: for CI logs, one line per file."""
    return f"[{done}/{total}] {'ok' if ok else 'FEHLER'} {path} ({seconds:.1f} s)"
