"""Groupings declared in site.yml: real sites of other shapes than SEGOB's.

(a) a Bolivian committee with no groupings: nothing about councils, plans or
groupings anywhere; (b) a city with «ejes» (pages, coordinated by areas),
«metas» inside ejes, and ODS with `pages: false`; (c) declaration mistakes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rendicion.groupings import agree, member_count
from rendicion.localeformat import LocaleFormat
from rendicion.load import load_content
from rendicion.errors import ContentError

from .conftest import ROOT, all_pages, broken_links, built_site, mkdocs_build, project_copy, replace_once

FIXTURES = Path(__file__).parent / "fixtures" / "groupings"


@pytest.fixture(scope="module")
def bolivia(tmp_path_factory):
    return built_site(tmp_path_factory, FIXTURES / "bolivia", "bolivia").site_dir


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    return built_site(tmp_path_factory, FIXTURES / "ciudad", "ciudad").site_dir


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


# -- (a) no groupings -------------------------------------------------------------------


def test_a_site_without_groupings_says_nothing_about_them(bolivia):
    pages = all_pages(bolivia)
    assert not (bolivia / "consejos").exists() and not (bolivia / "planes").exists()
    for name, soup in pages.items():
        text = soup.get_text(" ")
        for word in ("Consejo", "consejo", "Planes nacionales", "plan nacional", " 0 "):
            assert word not in text, (name, word)
        assert not re.search(r"relacionados con\s*\.", text), name
    home = pages["index.html"]
    hero = home.select_one(".rc-hero__summary").get_text(" ", strip=True)
    assert hero == "5 resultados publicados por 2 áreas."
    assert [c["id"] for c in home.select("figure[id], .rc-chart[id]")] in ([], ["grafico-areas"]) \
        or len(home.select("svg")) <= 1
    tabs = [a.get_text(strip=True) for a in home.select(".md-tabs__link")]
    assert not any("Consejo" in t or "Plan" in t for t in tabs)
    area = pages["areas/planificacion/index.html"]
    names = {s["name"] for s in area.select("form[data-rc-filter] select")}
    assert names <= {"year", "partners", "status"}
    assert broken_links(bolivia) == []


def test_a_site_without_groupings_exports_no_grouping_columns(bolivia):
    rows = _csv(bolivia / "datos" / "resultados.csv")
    assert not any(k.endswith("_ids") and k not in ("area_id", "partner_ids") for k in rows[0])
    assert "councils" not in rows[0] and "plans" not in rows[0]
    document = json.loads((bolivia / "datos" / "resultados.json").read_text(encoding="utf-8"))
    assert "councils" not in document and "councils" not in document["results"][0]
    package = json.loads((bolivia / "datos" / "datapackage.json").read_text(encoding="utf-8"))
    fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert fields[:8] == ["id", "year", "title", "text", "area_id", "area", "section", "partner_ids"]


# -- (b) a city with its own groupings ----------------------------------------------------


def test_city_pages_nav_and_cross_links_follow_the_declaration(city):
    pages = all_pages(city)
    assert "ejes/movilidad/index.html" in pages and "metas/aceras/index.html" in pages
    assert not (city / "ods").exists()  # pages: false
    home = pages["index.html"]
    text = home.get_text(" ")
    assert "6 resultados publicados por 2 áreas, relacionados con 2 ejes estratégicos, 2 metas municipales y 2 objetivos de desarrollo sostenible" \
        in " ".join(text.split())
    assert home.find(id="ejes").get_text() == "Ejes del plan de gobierno"
    assert home.find(id="grafico-ejes") is not None or "grafico-ejes" in str(home)
    assert "grafico-ods" not in str(home)
    nav = " ".join(a.get_text(" ", strip=True) for a in home.select("nav a"))
    assert "Ejes" in nav and "Metas municipales" in nav and "Objetivos de Desarrollo" not in nav
    # area -> eje it coordinates, eje -> its area, eje <-> meta.
    obras = pages["areas/obras/index.html"]
    assert "Coordina los ejes estratégicos:" in obras.get_text()
    assert obras.select_one('a[href="../../ejes/movilidad/"]') is not None
    eje = pages["ejes/movilidad/index.html"]
    assert "Coordinado por el" in eje.get_text()
    assert eje.select_one('a[href="../../areas/obras/"]') is not None
    assert eje.select_one('a[href="../../metas/aceras/"]') is not None
    meta = pages["metas/aceras/index.html"]
    assert "Meta impulsada por el eje" in " ".join(meta.get_text().split())
    assert meta.select_one('a[href="../../ejes/movilidad/"]') is not None
    # ODS label results (chips without links) and filter them.
    card = obras.find(id="2024-iluminacion").find_parent("article")
    assert card["data-rc-ods"] == "ods11 ods5" and card["data-rc-ejes"] == "convivencia"
    assert "ODS" in [dt.get_text() for dt in card.select("dt")]
    names = [s["name"] for s in obras.select("form[data-rc-filter] select")]
    assert "ods" in names and "ejes" in names
    assert broken_links(city) == []


def test_city_exports_and_feeds_follow_the_declaration(city):
    rows = _csv(city / "datos" / "resultados.csv")
    assert list(rows[0])[7:13] == ["eje_ids", "ejes", "meta_ids", "metas", "ods_ids", "ods"]
    aceras = next(r for r in rows if r["id"] == "2024-aceras")
    assert (aceras["eje_ids"], aceras["ejes"], aceras["metas"], aceras["ods"]) == \
        ("movilidad", "Ciudad que se mueve", "MA1", "ODS 11")
    assert (city / "datos" / "ejes" / "movilidad.csv").is_file()
    assert not (city / "datos" / "ods").exists()
    document = json.loads((city / "datos" / "resultados.json").read_text(encoding="utf-8"))
    assert document["metas"][0]["eje"] == "movilidad" and document["ods"][0]["url"] is None
    atom = (city / "datos" / "resultados.atom").read_text(encoding="utf-8")
    assert 'term="movilidad"' in atom and 'label="ODS 11"' in atom and 'label="MA1"' in atom


def test_wording_helpers():
    join = LocaleFormat.of("es_SV").join
    assert join([]) == "" and join(["a"]) == "a" and join(["a", "b"]) == "a y b" and join(["a", "b", "c"]) == "a, b y c"
    content = load_content(FIXTURES / "ciudad")
    metas = content.grouping("metas")
    fmt = LocaleFormat.of("es_BO")
    assert agree("relacionados", metas) == "relacionadas"
    assert member_count(fmt, metas, 1) == "1 meta municipal" and member_count(fmt, metas, 1555, short=True) == "1.555 metas"


# -- (c) declaration mistakes ---------------------------------------------------------------


def _broken_city(tmp_path: Path, edit) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "ciudad", content)
    edit(content)
    return content


@pytest.mark.parametrize("edit, expected", [
    (lambda c: replace_once(c / "site.yml", "path: ejes", "path: areas"),
     r"site\.yml:\d+:\d+: groupings\[0\]\.path: la carpeta «areas» ya la usa el sitio"),
    (lambda c: replace_once(c / "site.yml", "id: ods\n", "id: ejes\n"),
     r"groupings\[2\]\.id: «ejes» ya lo usa la agrupación n\.º 1"),
    (lambda c: replace_once(c / "site.yml", "id: ods\n", "id: partners\n"),
     r"groupings\[2\]\.id: «partners» ya es un campo de los resultados"),
    (lambda c: replace_once(c / "site.yml", "within: ejes", "within: programas"),
     r"groupings\[1\]\.within: agrupación desconocida «programas»"),
    (lambda c: (c / "programas").mkdir(),
     r"programas:1:1: \(documento\): la carpeta programas/ no es de ninguna agrupación declarada"),
    (lambda c: shutil.rmtree(c / "ods"),
     r"groupings\[2\]\.id: falta la carpeta .*ods/"),
    (lambda c: replace_once(c / "results" / "2024" / "obras.yml", "ejes: [movilidad]\n  metas", "ejes: [movilida]\n  metas"),
     r"ejes\[0\] \[2024-aceras\]: eje desconocido «movilida».*¿Quiso decir «movilidad»\?"),
    (lambda c: replace_once(c / "results" / "2024" / "obras.yml", "metas: [aceras]", "metas: [acera]"),
     r"metas\[0\] \[2024-aceras\]: meta desconocida «acera»"),
    (lambda c: replace_once(c / "metas" / "aceras.yml", "eje: movilidad", "eje: movilida"),
     r"metas/aceras\.yml:\d+:\d+: eje.*eje desconocido «movilida»"),
    (lambda c: replace_once(c / "ejes" / "movilidad.yml", "area: obras\n", ""),
     r"ejes/movilidad\.yml:1:1: area: falta el campo obligatorio «area»"),
])
def test_declaration_mistakes_are_reported_in_spanish(tmp_path, edit, expected):
    content = _broken_city(tmp_path, edit)
    with pytest.raises(ContentError) as error:
        load_content(content)
    assert re.search(expected, str(error.value)), str(error.value)



def test_check_exits_1_with_file_and_line(tmp_path):
    project = project_copy(tmp_path, FIXTURES / "ciudad")
    replace_once(project / "content" / "site.yml", "within: ejes", "within: metas")
    process = subprocess.run([sys.executable, "-m", "rendicion", "-f", str(project / "mkdocs.yml"), "check"],
                             capture_output=True, text=True, cwd=ROOT)
    assert process.returncode == 1
    assert re.search(r"content/site\.yml:\d+:\d+: groupings\[1\]\.within: una agrupación no puede estar dentro "
                     r"de sí misma", process.stdout + process.stderr), process.stdout + process.stderr


def test_members_and_groupings_no_result_names_yet_show_no_empty_parts(tmp_path):
    """A meta declared before any result names it, and a whole grouping («programas») with
    none: a plain sentence on the member's page, no chart of empty bars on the home page."""
    project = project_copy(tmp_path, FIXTURES / "ciudad")
    content = project / "content"
    (content / "metas" / "vivienda.yml").write_text(
        "id: vivienda\norder: 9\nacronym: M-VIV\nname: Vivienda social\neje: convivencia\n", encoding="utf-8")
    site_yml = content / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + (
        "  - {id: programas, name: Programas, singular: programa, plural: programas, gender: masculino}\n"),
        encoding="utf-8")
    (content / "programas").mkdir()
    (content / "programas" / "becas.yml").write_text("id: becas\nname: Becas municipales\n", encoding="utf-8")
    run = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert run.returncode == 0, run.output
    pages = all_pages(run.site_dir)
    vivienda = pages["metas/vivienda/index.html"].select_one("article").get_text(" ", strip=True)
    assert "Todavía no hay resultados publicados relacionados con esta meta." in vivienda
    assert "0 resultados" not in vivienda and "de 0 áreas" not in vivienda
    becas = pages["programas/becas/index.html"].select_one("article").get_text(" ", strip=True)
    assert "Todavía no hay resultados publicados relacionados con este programa." in becas
    home = pages["index.html"]
    assert home.find(id="grafico-programas-titulo") is None and home.find(id="grafico-metas-titulo") is not None
    assert broken_links(run.site_dir) == []


def test_the_home_page_describes_itself_with_site_yml_description(tmp_path):
    project = project_copy(tmp_path, FIXTURES / "bolivia")
    site_yml = project / "content" / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + "description: Lo que el comité hizo en 2023.\n",
                        encoding="utf-8")
    run = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert run.returncode == 0, run.output
    home = all_pages(run.site_dir)["index.html"]
    assert home.find("meta", attrs={"name": "description"})["content"] == "Lo que el comité hizo en 2023."
    assert home.find("meta", property="og:description")["content"] == "Lo que el comité hizo en 2023."
