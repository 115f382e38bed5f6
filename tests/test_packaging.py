"""The installable package: a wheel that carries the theme, templates and skeleton, built
without setuptools warnings, and a theme that any project gets from the plugin (and may override)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rendicion.cli import main
from rendicion.initproject import Institution, init_project
from rendicion.plugin import packagetheme

from .conftest import ROOT

PACKAGE = ROOT / "rendicion"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[zipfile.ZipFile, str]:
    """The wheel `pip wheel` builds from a copy of the sources (setuptools writes build/ beside them)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(PACKAGE, source / "rendicion", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-v",
                          "-w", str(out), str(source)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    [built] = out.glob("*.whl")
    return zipfile.ZipFile(built), run.stdout + run.stderr


def test_the_wheel_builds_without_setuptools_warnings(wheel):
    _, log = wheel
    warnings = [line for line in log.splitlines()
                if ("Warning" in line or "!!" in line) and "byte-compiling is disabled" not in line]
    assert warnings == []


def test_the_wheel_carries_theme_templates_and_skeleton(wheel):
    archive, _ = wheel
    names = set(archive.namelist())
    for folder in ("theme", "templates", "skeleton"):
        expected = {p.relative_to(ROOT).as_posix() for p in (PACKAGE / folder).rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts}
        assert expected and expected <= names, expected - names
    assert "rendicion/plugin/packagetheme.py" in names and "rendicion/initproject.py" in names
    metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata and "Requires-Python: >=3.11" in metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh `rendicion init` project in a temporary folder."""
    init_project(tmp_path / "p", Institution("Alcaldía de Prueba", "AP"))
    return tmp_path / "p"


def build(project: Path) -> Path:
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    return project / "site"


def test_the_theme_comes_after_the_projects_overrides_and_before_materials(project):
    from mkdocs.config import load_config

    (project / "overrides").mkdir()
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text.replace("# custom_dir: overrides", "custom_dir: overrides"),
                                        encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    dirs = [Path(d) for d in config.theme.dirs]
    assert dirs[0] == project / "overrides" and dirs[1] == packagetheme.OVERRIDES
    assert dirs[2].parts[-2:] == ("material", "templates")
    assert [str(s) for s in config.extra_javascript][:3] == list(packagetheme.EXTRA_JAVASCRIPT)
    assert config.extra_css[0] == packagetheme.EXTRA_CSS[0] and not config.extra.get("polyfills")
    assert config.theme["favicon"] == packagetheme.FAVICON
    config.plugins.on_shutdown()


def test_a_project_may_override_templates_and_assets_and_choose_its_name(project):
    (project / "overrides").mkdir()
    (project / "overrides" / "404.html").write_text(
        '{% extends "main.html" %}{% block content %}<h1>Nada por aquí</h1>{% endblock %}', encoding="utf-8")
    (project / "docs" / "assets" / "stylesheets").mkdir(parents=True)
    (project / "docs" / "assets" / "stylesheets" / "rendicion.css").write_text("/* propia */", encoding="utf-8")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("# custom_dir: overrides", "custom_dir: overrides")
    text = text.replace('site_name: ""', 'site_name: Transparencia AP\nsite_description: Lo que hicimos.')
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    site = build(project)
    assert "<h1>Nada por aquí</h1>" in (site / "404.html").read_text(encoding="utf-8")
    assert (site / "assets" / "stylesheets" / "rendicion.css").read_text(encoding="utf-8") == "/* propia */"
    assert (site / "assets" / "javascripts" / "citar.js").is_file()  # the rest still from the package
    page = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert page.title.string == "Transparencia AP"
    assert page.find("meta", attrs={"name": "description"})["content"] == "Lo que hicimos."


def test_a_page_calling_the_generators_macros_needs_mkdocs_macros(project, capsys):
    (project / "docs" / "acerca.md").write_text("---\ntitle: Acerca\n---\n\n# Acerca\n\n{{ page_body(\"home\") }}\n",
                                                 encoding="utf-8")
    site = build(project)
    assert "{{" not in (site / "acerca" / "index.html").read_text(encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  - macros:")
    config.write_text(text[:start] + text[text.index("markdown_extensions:"):], encoding="utf-8")
    assert main(["-f", str(config), "build"]) == 1
    err = capsys.readouterr().err
    assert "docs/acerca.md:7: la página llama a la macro «page_body»" in err
    assert "modules: [rendicion.macros]" in err and "Traceback" not in err


def test_the_wheel_alone_builds_a_styled_site(wheel, tmp_path):
    """The wheel's files, not this repository's, start and build a project: what `pip install`
    of the published package gives (its dependencies are the installed PyPI ones)."""
    archive, _ = wheel
    installed = tmp_path / "site-packages"
    archive.extractall(installed)  # a pure-Python wheel's installed layout is its archive
    script = (
        "import sys, rendicion; from pathlib import Path\n"
        f"assert Path(rendicion.__file__).is_relative_to({str(installed)!r}), rendicion.__file__\n"
        "from rendicion.cli import main\n"
        "assert main(['init', 'nuevo', '--institution', 'Comité Nacional de Prueba', '--locale', 'es_BO']) == 0\n"
        "sys.exit(main(['-f', 'nuevo/mkdocs.yml', 'build']))\n"
    )
    # The wheel's folder first (before the editable install of this repository), and the
    # project outside the repository, as a user's would be.
    env = {**os.environ, "PYTHONPATH": str(installed), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-P", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    site = tmp_path / "nuevo" / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [link["href"] for link in home.find_all("link", rel="stylesheet")][-1] == "assets/stylesheets/rendicion.css"
    assert (site / "assets" / "stylesheets" / "rendicion.css").is_file()
    assert "Comité Nacional de Prueba · Resultados " in home.title.string  # the name from site.yml
