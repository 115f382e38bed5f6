"""README's «Publicar otra institución», followed to the letter: its commands, run in a
folder outside the repository with the installed `rendicion`, build the site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

SECTION = "## Publicar otra institución"
#: Commands the test does not run, and why: the package is installed already, the
#: preview waits for Ctrl+C (tests/test_serve.py covers it), and there is no server to copy to.
SKIPPED = ("python3 -m pip install ", "rendicion serve", "rsync ")


def section_commands() -> list[str]:
    """The lines of the first ```sh block of README's section, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(SECTION)
    end = readme.find("\n## ", start + len(SECTION))
    block = re.search(r"```sh\n(.*?)```", readme[start:end if end > 0 else None], re.S)
    assert block, f"README: no hay un bloque ```sh en «{SECTION[3:]}»"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_the_section_has_the_five_steps_and_their_commands():
    commands = section_commands()
    assert any(c.startswith("rendicion init ") for c in commands)
    for skipped in SKIPPED:
        assert any(c.startswith(skipped) for c in commands), skipped
    assert [c.split()[1] for c in commands if c.startswith("rendicion ")] == ["init", "check", "serve", "build"]


def test_following_the_section_builds_the_site(tmp_path):
    script = "\n".join(["set -euo pipefail", *(c for c in section_commands() if not c.startswith(SKIPPED))])
    bin_dir = str(Path(sys.executable).parent)  # the installed `rendicion`
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    project = next(p.parent for p in tmp_path.glob("*/mkdocs.yml"))
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "AMST · Resultados" in home and "assets/stylesheets/rendicion.css" in home
    assert "Contenido correcto" in run.stdout and "Sitio construido en" in run.stdout
