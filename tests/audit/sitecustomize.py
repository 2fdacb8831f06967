"""Installed via PYTHONPATH by tests/test_no_network_no_exec.py: records what the server process does.

Every network connection, process start and module import is appended to the file named by
SECLINT_AUDIT_LOG, one event per line, so the test can check that a whole LSP session made no
connection, started nothing unexpected and imported nothing from the workspace.
"""

import os
import sys

_LOG = os.environ.get("SECLINT_AUDIT_LOG")
_WATCHED = ("socket.connect", "socket.getaddrinfo", "socket.sendto", "subprocess.Popen", "os.system",
            "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.startfile", "ctypes.dlopen", "import", "exec")

if _LOG:
    _handle = open(_LOG, "a", buffering=1, encoding="utf-8")

    def _hook(event: str, args: tuple) -> None:
        if not event.startswith(_WATCHED):
            return
        if event == "import":
            # args: (module, filename, sys.path, sys.meta_path, sys.path_hooks); filename is often None
            _handle.write(f"import\t{args[0]}\n")
        else:
            _handle.write(f"{event}\t{(args[0] if args else None)!r}\n"[:500])  # os.fork has no arguments

    sys.addaudithook(_hook)
