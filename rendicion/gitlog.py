"""Reading the project's git history: the one way this package runs git.

Shared by the content's dates (`dates.py`), the sitemap (`sitemap.py`) and the
record of changes (`history.py`). git runs with list arguments and no shell,
within a time limit, without pager, prompts or optional locks, and writes
paths as they are (`core.quotepath=off`: «señal.yml», not «se\\303\\261al.yml»).
Outside a checkout, or when git is missing or fails, the answer is None.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

#: Seconds a git command may take before its answer counts as unknown.
GIT_TIMEOUT = 60


def git_output(cwd: Path, *args: str, stdin: bytes | None = None, timeout: float = GIT_TIMEOUT) -> bytes | None:
    """What `git *args` prints when run in `cwd`, or None if it cannot run or fails."""
    command = ["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", *args]
    # No pager, no prompts, no locks taken just to read.
    env = {**os.environ, "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        process = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, timeout=timeout, env=env)
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None
    return process.stdout if process.returncode == 0 else None


def commit_day(text: str) -> datetime.date | None:
    """A commit's day as `--format=%cs` writes it, or None."""
    try:
        return datetime.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def last_commit_day(path: Path) -> datetime.date | None:
    """The day of the last commit that touched `path` (a folder or a file), or None.

    A fact about the content, not the build's clock: rebuilding the same commit
    gives the same dates.
    """
    folder, name = (path, ".") if path.is_dir() else (path.parent, path.name)
    out = git_output(folder, "log", "-1", "--format=%cs", "--", name, timeout=10)
    return commit_day(out.decode("utf-8", "replace")) if out is not None else None
