"""Child processes that cannot outlive their parent.

Linux's parent-death signal (``prctl(PR_SET_PDEATHSIG)``) is delivered to a process
when the thread that started it ends, however it ends – also by SIGKILL, where no
clean-up code of the parent can run. docgen sets it in every pool worker and in the
guard that runs LibreOffice; the guard then kills its own process group (unoserver
and LibreOffice with it). A chain of such signals ends the whole tree when the
coordinator dies.

``stop_pool`` is the one place that touches a private attribute of the standard
library (``ProcessPoolExecutor._processes``, stable since Python 3.2);
``tests/test_processes.py`` checks that contract.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int = signal.SIGKILL) -> None:
    """Ask the kernel to send ``signum`` to this process when its parent ends."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the clean-up paths must do
        return


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End a process pool now: pending work cancelled, every worker killed."""
    workers = dict(getattr(pool, "_processes", None) or {})
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers.values():
        with contextlib.suppress(OSError, ValueError):
            process.kill()
            process.join(5)


GUARD = """
import os, shutil, signal, subprocess, sys

parent, profile, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]


def members():
    group, me = os.getpgid(0), os.getpid()
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != me:
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    stat = handle.read()
                if int(stat[stat.rindex(")") + 2:].split()[2]) == group:
                    yield int(entry)
            except (OSError, ValueError):
                pass


def stop(*_):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for _ in range(3):  # LibreOffice's launcher may just be starting its child
        for pid in list(members()):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    shutil.rmtree(profile, ignore_errors=True)
    os._exit(0)


for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(number, stop)
if os.getppid() != parent:
    stop()
child = subprocess.Popen([sys.executable, *command])
child.wait()
stop()
"""
"""Run as ``python -c GUARD <parent pid> <profile> <arguments …>`` in a new session: runs
``python <arguments>`` and, when its parent dies (SIGTERM, by the parent-death signal),
when it is told to stop, or when the command ends, kills every other process of the
group it leads (unoserver, LibreOffice) and removes the private profile folder. Whoever
may kill the guard itself with SIGKILL must kill its group too (``kill_group``)."""
