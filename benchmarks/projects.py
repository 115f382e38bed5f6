"""The two projects a benchmark size builds: ours (the real mkdocs.yml, docs/ and
overrides/ with synthetic content) and the plain MkDocs + Material baseline made
from our rendered pages (see README.md, «What it builds»)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from .generate import generate_content

ROOT = Path(__file__).resolve().parent.parent
OUR_PLUGINS = {"rendicion", "macros"}


def make_project(folder: Path, size: int, seed: int = 2018, search: str = "auto") -> tuple[Path, dict[str, int]]:
    """A copy of the project's mkdocs.yml, docs/ and overrides/ with `size` synthetic results
    (the theme's own files come from the installed package, as in any project).

    `search` other than `auto` forces the `rendicion` plugin's search backend."""
    project = folder / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    if search != "auto":
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        setting = "  - rendicion:\n      content_dir: content\n"
        if setting not in config:
            raise RuntimeError("mkdocs.yml: cannot find the rendicion plugin's content_dir to add `search`")
        config = config.replace(setting, f"{setting}      search: {search}\n", 1)
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name in ("docs", "overrides", "macros"):
        shutil.copytree(ROOT / name, project / name)
    counts = generate_content(project / "content", size, seed)
    return project, counts


def baseline_config(project_config: Path, nav: list[dict]) -> dict[str, Any]:
    """The project's mkdocs.yml without our plugins, with an explicit nav."""
    from mkdocs.utils.yaml import yaml_load  # resolves MkDocs' own tags (!ENV) like a build does

    config = yaml_load(project_config.read_text(encoding="utf-8"))
    plugins = []
    for plugin in config.get("plugins", []):
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name not in OUR_PLUGINS:
            plugins.append(plugin)
    config["plugins"] = plugins
    config["nav"] = nav
    # What the rendicion plugin adds to every build: the package's assets and a site name.
    from rendicion.plugin import packagetheme

    config["site_name"] = config.get("site_name") or "Sitio"
    config["extra_css"] = [*packagetheme.EXTRA_CSS, *config.get("extra_css", [])]
    config["extra_javascript"] = [*packagetheme.EXTRA_JAVASCRIPT, *config.get("extra_javascript", [])]
    config["theme"]["favicon"] = packagetheme.FAVICON
    return config


def make_baseline(folder: Path, project: Path, parts: dict[str, Any]) -> Path:
    """A plain MkDocs + Material project with our rendered pages as Markdown files."""
    baseline = folder / "baseline"
    if baseline.exists():
        shutil.rmtree(baseline)
    baseline.mkdir(parents=True)
    from rendicion.plugin import packagetheme

    # The package's templates and assets, with the project's own on top (as the plugin layers them).
    shutil.copytree(packagetheme.OVERRIDES, baseline / "overrides")
    shutil.copytree(project / "overrides", baseline / "overrides", dirs_exist_ok=True)
    shutil.copytree(packagetheme.ASSETS, baseline / "docs" / "assets")
    shutil.copytree(project / "docs", baseline / "docs", dirs_exist_ok=True)
    (baseline / "docs" / "README.md").unlink(missing_ok=True)  # the plugin never publishes it
    config = baseline_config(project / "mkdocs.yml", parts["nav"])
    (baseline / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for page, body in zip(parts["plan"].pages, parts["bodies"]):
        # The title and description our plugin gives the page, and its body; and
        # its front matter (result pages: the slim template, out of search), so
        # both builds render the same pages the same way.
        front = {**yaml.safe_load(page.markdown.split("---\n")[1]), "title": page.title,
                 "description": page.description}
        path = baseline / "docs" / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{json.dumps(front, ensure_ascii=False)}\n---\n\n{body}\n", encoding="utf-8")
    for download in parts["downloads"]:
        # Files our plugin generates besides pages (CSV, feeds...): static files here.
        path = baseline / "docs" / download.path
        path.parent.mkdir(parents=True, exist_ok=True)
        data = download.data
        path.write_bytes(data if isinstance(data, bytes) else str(data).encode("utf-8"))
    return baseline
