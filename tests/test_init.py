"""`rendicion init`: a new institution's project that checks and builds at once, outside this repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from rendicion.cli import main
from rendicion.initproject import EXAMPLE_AREA, Institution, InitRefused, init_project, render

RENDICION = Path(sys.executable).parent / "rendicion"
#: Tags whose address the browser fetches while loading a page.
FETCHED = (("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"))

FILES = {"mkdocs.yml", ".gitignore", "content/site.yml", f"content/areas/{EXAMPLE_AREA}.yml", "docs/README.md"}


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_init_writes_a_project_for_the_institution(tmp_path):
    folder = tmp_path / "alcaldia"
    assert main(["init", str(folder), "--institution", "Alcaldía de Santa Tecla", "--acronym", "AMST",
                 "--locale", "es_MX"]) == 0
    year = Institution("x").year
    assert files_in(folder) == FILES | {f"content/results/{year}/{EXAMPLE_AREA}.yml"}
    site = yaml.safe_load((folder / "content" / "site.yml").read_text(encoding="utf-8"))
    assert site["institution"] == {"name": "Alcaldía de Santa Tecla", "acronym": "AMST"}
    assert site["locale"] == "es_MX" and site["report"]["period"] == str(year)
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: ""' in config and "modules: [rendicion.macros]" in config and "strict: true" in config
    assert "SEGOB" not in "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())


def test_site_yml_explains_every_field_in_spanish():
    site = render(Institution("Ministerio", "MIN"))["content/site.yml"]
    for field in ("name:", "acronym:", "title:", "short_title:", "period:", "locale:", "description:", "licence:"):
        line = next(i for i, text in enumerate(site.splitlines()) if text.lstrip("# ").startswith(field))
        assert site.splitlines()[line - 1].lstrip().startswith("#"), field  # a comment just above


def test_values_are_written_as_yaml_text_never_as_template(tmp_path):
    name = 'Dirección "General" {{ 7*7 }} {% raw %} #: ok'
    init_project(tmp_path / "p", Institution(name))
    site = yaml.safe_load((tmp_path / "p" / "content" / "site.yml").read_text(encoding="utf-8"))
    assert site["institution"]["name"] == name and "acronym" not in site["institution"]


@pytest.mark.parametrize("institution, message", [
    (Institution(""), "está vacío"),
    (Institution("Uno\nDos"), "una sola línea"),
    (Institution("Alcaldía", "\x1b"), "caracteres de control"),
    (Institution("Alcaldía\u2028description: Sitio falso"), "caracteres de control"),
    (Institution("Alcaldía", locale="es-SV"), "no válido"),
    (Institution("Alcaldía", locale="zz_SV"), "no es un código"),
    (Institution("Alcaldía", locale="en_US"), "solo en español"),
])
def test_refuses_what_site_yml_cannot_hold(tmp_path, institution, message):
    with pytest.raises(InitRefused, match=message):
        init_project(tmp_path / "p", institution)
    assert not (tmp_path / "p").exists()


def test_refuses_a_folder_that_is_not_empty_and_never_overwrites(tmp_path, capsys):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "notas.txt").write_text("mías", encoding="utf-8")
    assert main(["init", str(folder), "--institution", "Alcaldía"]) == 1
    assert "no está vacía" in capsys.readouterr().err and files_in(folder) == {"notas.txt"}
    # --force adds the project beside what is there...
    assert main(["init", str(folder), "--institution", "Alcaldía", "--force"]) == 0
    assert "notas.txt" in files_in(folder) and (folder / "mkdocs.yml").is_file()
    # ...but never replaces a file, and then writes nothing at all.
    (folder / "mkdocs.yml").write_text("mío", encoding="utf-8")
    (folder / "content" / "site.yml").unlink()
    assert main(["init", str(folder), "--institution", "Otra", "--force"]) == 1
    assert "Ya existen" in capsys.readouterr().err
    assert (folder / "mkdocs.yml").read_text(encoding="utf-8") == "mío" and not (folder / "content" / "site.yml").exists()


def test_refuses_a_file_as_folder(tmp_path, capsys):
    (tmp_path / "f").write_text("", encoding="utf-8")
    assert main(["init", str(tmp_path / "f"), "--institution", "Alcaldía"]) == 1
    assert "es un archivo" in capsys.readouterr().err


def external_requests(site_dir: Path) -> list[str]:
    """Every address outside the site that a page or stylesheet makes the browser fetch."""
    found = []
    for path in site_dir.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in FETCHED:
            found += [f"{path.name}: {t[attr]}" for t in soup.find_all(tag) if re.match(r"(https?:)?//", t.get(attr, ""))]
    for path in site_dir.rglob("*.css"):
        found += [f"{path.name}: {url}" for url in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", path.read_text(encoding="utf-8"))]
    return found


def test_the_new_project_checks_and_builds_a_styled_site_outside_the_repository(tmp_path):
    folder = tmp_path / "ministerio"
    run = subprocess.run([str(RENDICION), "init", str(folder), "--institution", "Ministerio de Cultura <b>",
                          "--acronym", "MICULTURA"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for command in (["check"], ["build"]):
        run = subprocess.run([str(RENDICION), *command], cwd=folder, capture_output=True, text=True,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert run.returncode == 0, run.stderr
    site = folder / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    year = Institution("x").year
    assert home.title.string == f"MICULTURA · Resultados {year}"  # the home page: the site name alone
    assert home.find("meta", attrs={"name": "description"})["content"] == \
        f"Informe de resultados {year}. Ministerio de Cultura <b>."
    assert home.html["lang"] == "es"
    stylesheets = [link["href"] for link in home.find_all("link", rel="stylesheet")]
    assert "assets/stylesheets/rendicion.css" in stylesheets
    for asset in ("stylesheets/rendicion.css", "javascripts/citar.js", "javascripts/vendor/iframe-worker-shim.js",
                  "javascripts/workers/busqueda.js", "favicon.svg"):
        assert (site / "assets" / asset).is_file(), asset
    assert home.find("link", rel="icon")["href"] == "assets/favicon.svg"
    assert external_requests(site) == []
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file())
    assert "SEGOB" not in text and "Gobernabilidad" not in text
    assert "escritas a mano" not in text  # docs/README.md is never published
    # Nothing is published yet, and the site says so instead of showing empty parts.
    hero = home.select_one(".rc-hero__summary").get_text(" ", strip=True)
    assert hero.startswith("Todavía no hay resultados publicados")
    assert home.select_one("article .rc-charts") is None and home.find(id="graficos") is None
    tabs = [a.get_text(strip=True) for a in home.select(".md-tabs__link")]
    assert tabs == ["Inicio", "Áreas", "Años", "Novedades", "Datos abiertos"]  # no empty partners or glossary page
    assert not (site / "socios").exists() and not (site / "glosario").exists()


def test_a_refusal_found_midway_writes_nothing(tmp_path, capsys):
    """A file where the project needs a folder (content/), a broken link, a file in the path:
    refused in Spanish before the first file is written."""
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "content").write_text("", encoding="utf-8")
    assert main(["init", str(folder), "--institution", "Alcaldía", "--force"]) == 1
    assert "«" + str(folder / "content") + "» existe y no es una carpeta" in capsys.readouterr().err
    assert files_in(folder) == {"content"}
    (tmp_path / "roto").symlink_to(tmp_path / "no-existe")
    assert main(["init", str(tmp_path / "roto"), "--institution", "Alcaldía"]) == 1
    assert "enlace simbólico roto" in capsys.readouterr().err and not (tmp_path / "no-existe").exists()
    assert main(["init", str(folder / "content" / "sub"), "--institution", "Alcaldía"]) == 1
    assert "una parte de la ruta no es una carpeta" in capsys.readouterr().err
