"""What the one-file binary runs (see build/partyhost.spec and docs/binary.md): ``partyhost``.

On Linux and macOS a one-file binary is two processes: the bootloader unpacks the bundle into
a temporary folder, starts a second copy of itself that runs Python, forwards to it every
signal it receives, and removes the folder once it exits. Two things about that would make
the binary behave unlike ``partyhost`` installed with pip, and both are undone here before
the command runs (the Windows bootloader has neither problem):

- Ctrl-C in a terminal signals the whole foreground process group, so the Python process
  would get SIGINT twice: from the terminal, and again from the bootloader. uvicorn takes a
  second SIGINT as "stop now": phones would not be told that the host is stopping, and the
  shutdown would be cut short. In a process group of its own, the Python process gets one
  SIGINT, the forwarded one, for Ctrl-C just as for ``kill -INT`` or SIGTERM sent to the
  binary.
- On Linux the bootloader puts the unpacked folder first in ``LD_LIBRARY_PATH``, and
  programs started from here would inherit it: the browser that shows the host page would
  load partyhost's copies of libssl, libsqlite3 and the like instead of its own. The
  dynamic loader read the variable when this process started, so putting the user's value
  back changes only what programs started from here see.

Out of the terminal's process group, the Python process would outlive a bootloader killed
with SIGKILL (alone or with its group), holding the port. On Linux it asks the kernel for
SIGTERM when its parent dies, and so stops as it would on Ctrl-C.
"""

import contextlib
import os
import sys


def _onefile_bundle() -> str | None:
    """The unpacked folder if this is the Python process of a one-file binary."""
    bundle = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or bundle is None:
        return None
    # A one-folder bundle keeps its files beside the executable; a one-file one unpacks elsewhere.
    home = os.path.dirname(os.path.realpath(sys.executable))
    if os.path.commonpath([home, os.path.realpath(bundle)]) == home:
        return None
    return str(bundle)


def _stop_with_the_bootloader() -> None:
    """Linux only: SIGTERM for this process when its parent, the bootloader, dies."""
    import ctypes
    import signal

    parent = os.getppid()
    pr_set_pdeathsig = 1
    if ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0) != 0:
        return
    if os.getppid() != parent:  # it died before the request took effect
        raise SystemExit("partyhost: the launcher process is gone")


def _behave_as_installed(bundle: str) -> None:
    with contextlib.suppress(OSError):  # not allowed (a session leader): keep the group it has
        os.setpgid(0, 0)
    if sys.platform.startswith("linux"):
        _stop_with_the_bootloader()
    if bundle in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep):
        original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
        if original is None:
            del os.environ["LD_LIBRARY_PATH"]
        else:
            os.environ["LD_LIBRARY_PATH"] = original


if os.name == "posix":
    _bundle = _onefile_bundle()
    if _bundle is not None:
        _behave_as_installed(_bundle)

from partyhost.cli import main  # noqa: E402  (once the process is set up as above)

main()
