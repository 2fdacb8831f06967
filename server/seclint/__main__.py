import os
import sys

# `python -m seclint` puts the current directory first on sys.path. Editors start the server
# with the workspace as the current directory, so a workspace file named yaml.py or bandit.py
# would be imported — running the user's code. Drop that entry before importing anything else.
if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from .cli import main  # noqa: E402

raise SystemExit(main())
