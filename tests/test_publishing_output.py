"""Publishing honestly: `rendicion build --publicar`, the sitemap's pages, licences and Spanish articles."""

from __future__ import annotations

import dataclasses
import json

import pytest

from rendicion.cli import main
from rendicion.institution import guess_article, of_institution, with_article
from rendicion.licences import licence_of
from rendicion.model import Institution
from rendicion.publication import Publication, site_url_problem
from rendicion.tables import datapackage

from .conftest import CONTENT, check_edited, mkdocs_build, project_copy, replace_once

SITE_URL = "https://example.gob.sv/rendicion/"


def _files(folder) -> list:
    return sorted(p for p in folder.rglob("*")) if folder.exists() else []


@pytest.mark.parametrize("site_url, why", [("", "no tiene site_url"), ("ftp://example.org/", "no es una dirección web"),
                                           ("https://transparencia.gob.sv/?v=2", "no es una dirección web")])
def test_publicar_refuses_without_a_public_address_and_writes_nothing(tmp_path, capsys, site_url, why):
    project = project_copy(tmp_path)
    replace_once(project / "mkdocs.yml", 'site_url: ""', f'site_url: "{site_url}"')
    site = tmp_path / "site"
    assert main(["-f", str(project / "mkdocs.yml"), "build", "--publicar", "-d", str(site)]) == 1
    err = capsys.readouterr().err
    assert why in err and "site_url: https://" in err and "No se construyó nada" in err
    assert not site.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_build_without_site_url_says_it_is_a_preview_and_publish_builds_with_one(tmp_path, capsys):
    project = project_copy(tmp_path)
    config = ["-f", str(project / "mkdocs.yml"), "build", "-d", str(tmp_path / "preview")]
    assert main(config) == 0
    err = capsys.readouterr().err
    assert "solo para vista previa" in err and "no se genera sitemap.xml" in err and "--publicar" in err
    replace_once(project / "mkdocs.yml", 'site_url: ""', f'site_url: "{SITE_URL}"')
    assert main(["-f", str(project / "mkdocs.yml"), "build", "--publish", "-d", str(tmp_path / "public")]) == 0
    assert "vista previa" not in capsys.readouterr().err
    assert (tmp_path / "public" / "sitemap.xml").is_file()


def test_site_url_problem():
    assert site_url_problem("https://transparencia.gob.sv/segob/2018/") is None
    assert site_url_problem("http://localhost:8000/") is None
    for bad in (None, "", "  ", "transparencia.gob.sv", "https://", "https://x.org/?a=1", "file:///tmp/site/",
                'https://ex.example/x"onmouseover="alert(1)/', "https://ex.example/a b/", "https://ex.example/<x>/",
                "https://ex.example/it's/", "https://ex.ámple/"):
        assert site_url_problem(bad), bad
    assert site_url_problem("https://xn--ex-mla.example/se%C3%B1al/") is None  # punycode, %-escapes


@pytest.mark.parametrize("site_url", ['https://ex.example/x"onmouseover="alert(1)/', "https://ex.example/a b/"])
def test_a_site_url_written_wrong_is_refused_in_any_build(tmp_path, capsys, site_url):
    """It would go raw into every page's links (404.html's above all), the sitemap and robots.txt."""
    project = project_copy(tmp_path)
    replace_once(project / "mkdocs.yml", 'site_url: ""', f"site_url: '{site_url}'")
    assert main(["-f", str(project / "mkdocs.yml"), "build", "-d", str(tmp_path / "site")]) == 1
    assert "no es una dirección web" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_hand_written_pages_are_in_the_sitemap_and_a_robots_txt_of_docs_wins(tmp_path):
    project = project_copy(tmp_path)
    replace_once(project / "mkdocs.yml", 'site_url: ""', f'site_url: "{SITE_URL}"')
    (project / "docs" / "acerca.md").write_text("# Acerca del sitio\n\nTexto.\n", encoding="utf-8")
    (project / "docs" / "robots.txt").write_text("User-agent: *\nDisallow: /borradores/\n", encoding="utf-8")
    run = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert run.returncode == 0, run.output
    sitemap = (run.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}acerca/</loc>" in sitemap and f"<loc>{SITE_URL}</loc>" in sitemap
    assert "README" not in sitemap  # docs/README.md is never a page
    assert (run.site_dir / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /borradores/\n"


@pytest.mark.parametrize("name, article", [
    ("Secretaría de Gobernabilidad", "la"), ("Ministerio de Salud", "el"), ("Alcaldía Municipal de Santa Tecla", "la"),
    ("SEGOB", ""), ("Área de Comunicaciones", "el"), ("Unidad de Comunicación", "la"), ("Corte Suprema de Justicia", "la"),
    ("Sistema Nacional de Protección Civil", "el"), ("Fuerzas Armadas", "las"), ("Tribunales de Sentencia", "los"),
    ("Comisión Ejecutiva Hidroeléctrica", "la"), ("Instituto Nacional de Estadística", "el"),
    ("ES Calidad – Oficina Administradora del Premio", ""), ("La Geo", ""), ("123 Servicios", ""),
])
def test_names_take_the_article_spanish_asks_for(name, article):
    assert guess_article(name) == article


def test_site_yml_may_say_the_institutions_article(content, tmp_path):
    ministry = Institution("Ministerio de Salud")
    assert with_article(ministry) == "el Ministerio de Salud" and of_institution(ministry) == "del Ministerio de Salud"
    assert with_article(Institution("Ayuntamiento de Madrid", article="el")) == "el Ayuntamiento de Madrid"
    assert with_article(Institution("Gobernación X", article="")) == "Gobernación X"
    renamed = dataclasses.replace(content, site=dataclasses.replace(
        content.site, institution=Institution("Fondo de Inversión Social", article="el")))
    assert "publicados por el Fondo de Inversión Social" in datapackage(renamed, Publication())["description"]
    code, output = check_edited(tmp_path, CONTENT, lambda c: replace_once(
        c / "site.yml", "  acronym: SEGOB\n", "  acronym: SEGOB\n  article: la\n"))
    assert code == 0, output
    code, output = check_edited(tmp_path / "again", CONTENT, lambda c: replace_once(
        c / "site.yml", "  acronym: SEGOB\n", "  acronym: SEGOB\n  article: lo\n"))
    assert code == 1 and "article" in output


@pytest.mark.parametrize("text, spdx", [("CC BY 4.0", "CC-BY-4.0"), ("cc-by-sa-4.0", "CC-BY-SA-4.0"),
                                        ("Creative Commons Atribución 4.0", "CC-BY-4.0"), ("CC0", "CC0-1.0"),
                                        ("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
                                        ("ODbL", "ODbL-1.0")])
def test_licences_people_write_are_recognised(text, spdx):
    assert licence_of(text).id == spdx


def test_an_unknown_licence_gets_no_made_up_id(content):
    assert licence_of("Uso libre citando la fuente") is None and licence_of(None) is None
    custom = dataclasses.replace(content, site=dataclasses.replace(content.site, licence="Uso libre citando la fuente"))
    assert "licenses" not in json.loads(json.dumps(datapackage(custom, Publication())))


def test_sitemap_dates_each_page_by_the_last_commit_of_its_own_files(tmp_path):
    import os
    import subprocess

    project = project_copy(tmp_path)
    replace_once(project / "mkdocs.yml", 'site_url: ""', f'site_url: "{SITE_URL}"')

    def commit(day: str) -> None:
        env = {**os.environ, "GIT_COMMITTER_DATE": f"{day}T12:00:00", "GIT_AUTHOR_DATE": f"{day}T12:00:00"}
        for command in (["add", "-A"], ["-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", day]):
            subprocess.run(["git", *command], cwd=project, env=env, check=True, capture_output=True)

    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    commit("2020-01-01")
    with (project / "content" / "results" / "2018" / "comunicaciones.yml").open("a", encoding="utf-8") as file:
        file.write("# revisado\n")
    commit("2021-03-04")
    run = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert run.returncode == 0, run.output
    sitemap = (run.site_dir / "sitemap.xml").read_text(encoding="utf-8")

    def lastmod(path: str) -> str:
        return sitemap.split(f"<loc>{SITE_URL}{path}</loc>")[1].split("<lastmod>")[1][:10]

    assert lastmod("areas/comunicaciones/") == "2021-03-04" and lastmod("") == "2021-03-04"
    assert lastmod("areas/procesos-de-dialogo/") == "2020-01-01"


def test_count_sentences_agree_with_one(content):
    from rendicion.cellvalues import BadCell, figure_values

    with pytest.raises(BadCell, match="la hoja trae 1 cifra y el resultado tiene 0"):
        figure_values("12 personas (capacitadas)", (), "es_SV")
    two = next(r for r in content.results if len(r.figures) == 2)
    with pytest.raises(BadCell, match="la hoja trae 1 cifra y el resultado tiene 2"):
        figure_values("12 personas (capacitadas)", two.figures, "es_SV")
